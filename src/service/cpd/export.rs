//! The portfolio exported in Social Work England's form order: plain text and fields.

use super::*;

/// The year's submitted and draft records as plain text, in the order of SWE's online
/// form (type, description and why relevant, date, what you learnt, impact, peer
/// reflection), ready to copy into the regulator's account field by field.
pub fn plain_text(p: &Portfolio) -> String {
    let lists = reference();
    let mut out = format!(
        "CPD for the registration year {} to {} ({})\n",
        p.readiness.year_starts, p.readiness.year_ends, p.practitioner_name
    );
    out.push_str(if p.readiness.ready {
        "Ready for renewal.\n"
    } else {
        "Not ready for renewal yet.\n"
    });
    for (i, r) in p.records.iter().enumerate() {
        out.push_str(&format!(
            "\n--- Record {} ({}) ---\n",
            i + 1,
            if r.status == "submitted" {
                "submitted"
            } else {
                "draft: not counted"
            }
        ));
        for (label, value) in export_fields(r, lists) {
            out.push_str(&format!("{label}:\n{value}\n\n"));
        }
    }
    out
}

/// One record's fields in SWE's form order, with labels: the plain text and the XLSX use it.
pub fn export_fields(
    r: &CpdRecord,
    lists: &crate::domain::reference::ReferenceLists,
) -> Vec<(&'static str, String)> {
    let labels = |codes: &[String], list: &crate::domain::reference::RefList| {
        codes
            .iter()
            .map(|c| list.label(c).to_string())
            .collect::<Vec<_>>()
            .join("; ")
    };
    vec![
        (
            "Type of CPD",
            lists.cpd_types.label(&r.cpd_type).to_string(),
        ),
        ("Description and why it is relevant", r.description.clone()),
        ("Date", crate::domain::dates::short(r.activity_on)),
        ("What I learnt", r.learning.clone()),
        (
            "Impact on my practice and the people I work with",
            r.impact.clone(),
        ),
        (
            "Peer reflection (P): what I learnt from discussing it with a peer",
            r.peer_reflection.clone(),
        ),
        (
            "Peer",
            lists
                .cpd_peer_categories
                .label(&r.peer_category)
                .to_string(),
        ),
        (
            "Professional standard 4 parts",
            labels(&r.standard4_parts, &lists.cpd_standard4_parts),
        ),
        (
            "Professional standards",
            labels(&r.professional_standards, &lists.professional_standards),
        ),
    ]
}

/// The portfolio for export, audited as an export.
pub async fn export(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    year: Option<i32>,
    today: Date,
) -> AppResult<Portfolio> {
    let p = portfolio(db, settings, actor, year, today).await?;
    audit(
        db,
        actor,
        "export",
        "cpd_portfolio",
        p.practitioner_id,
        format!("year {}", p.year),
    )
    .await?;
    Ok(p)
}
