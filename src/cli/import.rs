//! `mhsw import FILE --as EMAIL [--dry-run]`: the staff import from the command line, through
//! the same service as the page and the API, acting as a named user (and audited as them).

use crate::error::AppError;
use crate::service::staff_import as svc;
use crate::store::{Db, users};

pub(super) async fn run(db: &Db, file: &str, as_user: &str, dry_run: bool) -> anyhow::Result<()> {
    let bytes = std::fs::read(file).map_err(|e| anyhow::anyhow!("{file}: {e}"))?;
    // A command is run on the day it is run: the system's date.
    let today = crate::clock::Clock::System.today();
    let user = users::get_by_email(&db.pool, db.backend, as_user)
        .await?
        .ok_or_else(|| anyhow::anyhow!("No user has the email {as_user}"))?;
    let actor = users::actor(&db.pool, db.backend, user.id, "cli")
        .await?
        .ok_or_else(|| anyhow::anyhow!("{as_user} is deactivated"))?;
    let name = std::path::Path::new(file)
        .file_name()
        .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
    let preview = svc::preview(db, &actor, &name, &bytes, today)
        .await
        .map_err(explain)?;
    println!(
        "{}: {} people; {} new, {} to bring up to date, {} already up to date; {} new teams; {} sign-in accounts to make.",
        preview.file_name,
        preview.people,
        preview.to_add.len(),
        preview.to_change.len(),
        preview.unchanged,
        preview.teams_to_add.len(),
        preview.accounts_to_add
    );
    for p in &preview.to_change {
        println!("  row {}: {}: {}", p.row, p.name, p.changes.join(", "));
    }
    if dry_run {
        println!("Nothing saved (--dry-run).");
        return Ok(());
    }
    let done = svc::apply(db, &actor, preview.import_id, today)
        .await
        .map_err(explain)?;
    println!(
        "Saved: {} new practitioners, {} records brought up to date, {} new teams, {} accounts made.",
        done.added, done.changed, done.teams_added, done.accounts_added
    );
    Ok(())
}

/// Every problem in the file on its own line, as the page lists them.
fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(fields) => {
            let lines: Vec<String> = fields.0.into_iter().map(|f| f.message).collect();
            anyhow::anyhow!(
                "The file was not imported; nothing was saved. {} problems:\n{}",
                lines.len(),
                lines.join("\n")
            )
        }
        AppError::Forbidden => anyhow::anyhow!("That user may not import staff"),
        other => anyhow::anyhow!("{other}"),
    }
}
