//! The moderation panel outcome; a pass makes the NQSW qualified in the same transaction.

use super::*;
use crate::service::write::Write;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PanelInput {
    /// `pass`, `fail` or `extended`.
    pub outcome: String,
    /// YYYY-MM-DD the panel met, within the programme and not in the future.
    pub panel_on: String,
    /// YYYY-MM-DD, the final review's new date (only when extended).
    pub extended_to: String,
}

/// Records the panel's outcome. A pass makes the practitioner `qualified`, in the same
/// transaction and audited.
pub async fn record_panel(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &PanelInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManageAsye)?;
    let p = visible(db, actor, id).await?;
    let mut e = FieldErrors::default();
    let outcome = e.take(
        "outcome",
        code_in(
            &PANEL_OUTCOMES,
            &input.outcome,
            "Select the panel's outcome",
        ),
    );
    if !e.is_empty() {
        return Err(AppError::Invalid(e));
    }
    let prog = programme_of(db, id).await?;
    let on = within(
        &mut e,
        "panel_on",
        "The date of the panel",
        &input.panel_on,
        &prog,
        &settings.asye,
        today,
    );
    if matches!(prog.panel_outcome.as_deref(), Some("pass" | "fail")) {
        e.add("outcome", "The panel's outcome is already recorded");
    }
    let start = prog.starts_on;
    let latest = rules::latest_finish(start, &settings.asye);
    let final_held = store::reviews(&db.pool, prog.id)
        .await?
        .iter()
        .any(|r| r.point == ReviewPoint::Final.code());
    let extended_to = match outcome.as_deref() {
        Some("extended") => match optional(&input.extended_to) {
            None => {
                e.add("extended_to", "Enter the new date of the final review");
                None
            }
            Some(s) => {
                let d = e.take("extended_to", parse_date("The new date", &s));
                if let Some(d) = d
                    && (d <= today || d > latest)
                {
                    e.add(
                        "extended_to",
                        format!("The new date must be after today and no later than {latest}"),
                    );
                }
                d
            }
        },
        Some(_) if !final_held => {
            e.add(
                "outcome",
                "Record the final 12-month review before the panel's pass or fail",
            );
            None
        }
        _ => None,
    };
    let (Some(outcome), Some(on), true) = (outcome, on, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut tx = Write::begin(db, actor).await?;
    store::set_panel(&mut tx, prog.id, &outcome, on, extended_to).await?;
    tx.audit(
        "record",
        "asye_panel",
        prog.id,
        format!("practitioner {id}, {outcome}"),
    )
    .await?;
    if outcome == "pass" && p.career_stage == "asye" {
        store::set_career_stage(&mut tx, id, "qualified").await?;
        crate::store::workforce::record_post(&mut tx, id, on).await?;
        tx.audit(
            "update",
            "practitioner",
            id,
            "career stage asye to qualified: ASYE passed",
        )
        .await?;
    }
    tx.commit_audited().await?;
    Ok(())
}
