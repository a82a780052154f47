//! `mhsw export fhir --org ODS`: the FHIR export of an organisation's practitioners
//! (`service::fhir`), the workforce data other systems read.

use crate::store::Db;

pub(super) async fn fhir(
    db: &Db,
    settings: &crate::domain::fhir::FhirSettings,
    ods: &str,
    out: Option<&std::path::Path>,
) -> anyhow::Result<()> {
    let code = ods.trim().to_ascii_uppercase();
    let org = crate::store::orgs::all(&db.pool)
        .await?
        .into_iter()
        .find(|o| o.ods_code.eq_ignore_ascii_case(&code))
        .ok_or_else(|| anyhow::anyhow!("No organisation has the ODS code {code}"))?;
    let today = crate::clock::Clock::System.today();
    let bundle = crate::service::fhir::organisation_from_cli(db, org.id, settings, today)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    let text = serde_json::to_string_pretty(&bundle)?;
    match out {
        Some(path) => {
            std::fs::write(path, text + "\n")
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            eprintln!(
                "Wrote {} resources for {} to {}",
                bundle["total"],
                org.name,
                path.display()
            );
        }
        None => println!("{text}"),
    }
    Ok(())
}
