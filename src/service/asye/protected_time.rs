//! Protected development time logged against the ASYE target.

use super::*;
use crate::service::write::Write;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TimeInput {
    /// YYYY-MM-DD, within the programme and not in the future.
    pub taken_on: String,
    /// Hours, more than 0 and at most 24, like 3.5.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = f64)]
    pub hours: String,
    /// What the time was used for (optional).
    pub activity: String,
}

/// Parses hours (more than 0, at most 24) into whole minutes.
pub(super) fn minutes_of(hours: &str) -> Result<i64, String> {
    let message = "Hours must be a number more than 0 and at most 24, like 3.5";
    let h: f64 = hours.trim().parse().map_err(|_| message.to_string())?;
    if !(h.is_finite() && h > 0.0 && h <= 24.0) {
        return Err(message.into());
    }
    Ok(((h * 60.0).round() as i64).max(1))
}

pub async fn log_time(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &TimeInput,
    today: Date,
) -> AppResult<i64> {
    visible(db, actor, id).await?;
    if actor.practitioner_id != Some(id) && !actor.can(Capability::ManageAsye) {
        return Err(AppError::Forbidden);
    }
    let prog = programme_of(db, id).await?;
    let mut e = FieldErrors::default();
    let on = within(
        &mut e,
        "taken_on",
        "The date",
        &input.taken_on,
        &prog,
        &settings.asye,
        today,
    );
    let minutes = e.take("hours", minutes_of(&input.hours));
    let activity = text(&mut e, "activity", "The activity", &input.activity, 500);
    let (Some(on), Some(minutes), true) = (on, minutes, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut tx = Write::begin(db, actor).await?;
    let tid = store::log_time(&mut tx, prog.id, on, minutes, &activity, actor.user_id).await?;
    tx.commit(
        "create",
        "asye_protected_time",
        tid,
        format!("practitioner {id}, {minutes} minutes"),
    )
    .await?;
    Ok(tid)
}
