//! Pauses of an ASYE programme, which move its review dates.

use super::*;
use crate::service::changed_or;
use crate::service::write::Write;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PauseInput {
    /// YYYY-MM-DD, the first day of the pause.
    pub starts_on: String,
    /// YYYY-MM-DD, the last day; empty while it goes on.
    pub ends_on: String,
    /// `sickness`, `bereavement`, `parental_leave`, `lack_of_support` or `other_leave`.
    pub reason: String,
}

pub async fn add_pause(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &PauseInput,
) -> AppResult<i64> {
    require(actor, Capability::ManageAsye)?;
    visible(db, actor, id).await?;
    let prog = programme_of(db, id).await?;
    let existing = store::pauses(&db.pool, prog.id).await?;
    let start = prog.starts_on;
    let latest = rules::latest_finish(start, &settings.asye);
    let mut e = FieldErrors::default();
    let from = match optional(&input.starts_on) {
        None => {
            e.add("starts_on", "Enter the first day of the pause");
            None
        }
        Some(s) => e.take("starts_on", parse_date("The first day of the pause", &s)),
    };
    let to = optional(&input.ends_on)
        .and_then(|s| e.take("ends_on", parse_date("The last day of the pause", &s)));
    let reason = if input.reason.trim() == "capability" {
        e.add(
            "reason",
            "Capability is not a reason to pause the ASYE: record it in a review instead",
        );
        None
    } else {
        e.take(
            "reason",
            code_in(
                &PAUSE_REASONS,
                &input.reason,
                "Select why the programme pauses",
            ),
        )
    };
    if let Some(f) = from {
        if f < start || f > latest {
            e.add(
                "starts_on",
                format!("The first day of the pause must be within the programme, from {start} to {latest}"),
            );
        } else if existing.iter().any(|p| p.ends_on.is_none()) {
            e.add("starts_on", "End the current pause before adding another");
        } else if existing.iter().any(|p| p.ends_on.is_some_and(|t| f <= t)) {
            e.add(
                "starts_on",
                "The pause must start after the last day of the previous pause",
            );
        }
        if let Some(t) = to
            && t < f
        {
            e.add(
                "ends_on",
                "The last day of the pause must be on or after its first day",
            );
        }
    }
    if let (Some(f), Some(t), true) = (from, to, e.is_empty()) {
        check_limit(
            &mut e,
            "ends_on",
            &prog,
            &existing,
            Pause {
                from: f,
                to: Some(t),
            },
            latest,
        );
    }
    let (Some(from), Some(reason), true) = (from, reason, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut tx = Write::begin(db, actor).await?;
    let pid = store::add_pause(&mut tx, prog.id, from, to, &reason, actor.user_id).await?;
    tx.commit(
        "create",
        "asye_pause",
        pid,
        format!("practitioner {id}, {reason}"),
    )
    .await?;
    Ok(pid)
}

/// Refuses a pause that would push the final review past the latest finish.
fn check_limit(
    e: &mut FieldErrors,
    field: &str,
    prog: &Programme,
    existing: &[PauseRow],
    new: Pause,
    latest: Date,
) {
    let start = prog.starts_on;
    let mut all: Vec<Pause> = existing
        .iter()
        .filter(|p| p.ends_on.is_some())
        .map(|p| Pause {
            from: p.starts_on,
            to: p.ends_on,
        })
        .collect();
    all.push(new);
    if let Some(due) = rules::review_due(start, ReviewPoint::Final, &all)
        && due > latest
    {
        e.add(
            field,
            format!("With this pause the final review would be due on {due}, after the programme's time limit of {latest}"),
        );
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EndPauseInput {
    /// YYYY-MM-DD, the last day of the current pause.
    pub ends_on: String,
}

pub async fn end_pause(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &EndPauseInput,
) -> AppResult<()> {
    require(actor, Capability::ManageAsye)?;
    visible(db, actor, id).await?;
    let mut e = FieldErrors::default();
    let to = match optional(&input.ends_on) {
        None => {
            e.add("ends_on", "Enter the last day of the pause");
            None
        }
        Some(s) => e.take("ends_on", parse_date("The last day of the pause", &s)),
    };
    let Some(to) = to else {
        return Err(AppError::Invalid(e));
    };
    let prog = programme_of(db, id).await?;
    let existing = store::pauses(&db.pool, prog.id).await?;
    let Some(open) = existing.iter().find(|p| p.ends_on.is_none()) else {
        e.add("ends_on", "The programme is not paused");
        return Err(AppError::Invalid(e));
    };
    let from = open.starts_on;
    if to < from {
        e.add(
            "ends_on",
            format!("The last day of the pause must be on or after its first day, {from}"),
        );
    }
    let start = prog.starts_on;
    let latest = rules::latest_finish(start, &settings.asye);
    check_limit(
        &mut e,
        "ends_on",
        &prog,
        &existing,
        Pause { from, to: Some(to) },
        latest,
    );
    e.clone().into_result()?;
    let mut tx = Write::begin(db, actor).await?;
    let ended = store::end_pause(&mut tx, open.id, to).await?;
    changed_or(ended, "ends_on", "This pause has already been ended")?;
    tx.commit(
        "update",
        "asye_pause",
        open.id,
        format!("practitioner {id}, ended"),
    )
    .await?;
    Ok(())
}
