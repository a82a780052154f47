//! Training hours and Mental Health Act assessments logged against an AMHP approval year.

use super::*;
use crate::service::write::Write;

/// One training entry as sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TrainingInput {
    /// ISO date of the training.
    pub on_date: String,
    /// Hours, like "3" or "1.5".
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = f64)]
    pub hours: String,
    /// What the training was.
    pub description: String,
}

/// Mental Health Act assessments undertaken, as sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct AssessmentsInput {
    /// ISO date (of the assessment, or the last of them).
    pub on_date: String,
    /// How many.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub count: String,
    pub description: String,
}

/// Logs training hours against the approval the date falls in.
pub async fn log_training(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &TrainingInput,
    today: Date,
) -> AppResult<()> {
    let mut e = FieldErrors::default();
    let minutes = e.take("hours", rules::parse_hours(&input.hours));
    let description = required_text(
        &mut e,
        "description",
        "what the training was",
        &input.description,
    );
    let w = |on_date| ActivityWrite {
        kind: "training",
        on_date,
        minutes: i64::from(minutes.unwrap_or(0)),
        assessments: 0,
        description,
        user_id: Some(actor.user_id),
    };
    log(
        db,
        actor,
        id,
        &input.on_date,
        "Date of training",
        e,
        w,
        today,
    )
    .await
}

/// Logs Mental Health Act assessments against the approval the date falls in.
pub async fn log_assessments(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &AssessmentsInput,
    today: Date,
) -> AppResult<()> {
    let mut e = FieldErrors::default();
    let count = e.take("count", rules::parse_count(&input.count));
    let description = input.description.trim().to_string();
    if description.len() > 500 {
        e.add("description", "Notes must be 500 characters or fewer");
    }
    let w = |on_date| ActivityWrite {
        kind: "assessments",
        on_date,
        minutes: 0,
        assessments: i64::from(count.unwrap_or(0)),
        description,
        user_id: Some(actor.user_id),
    };
    log(
        db,
        actor,
        id,
        &input.on_date,
        "Date of the assessments",
        e,
        w,
        today,
    )
    .await
}

fn required_text(e: &mut FieldErrors, field: &str, what: &str, s: &str) -> String {
    let t = s.trim().to_string();
    if t.is_empty() {
        e.add(field, format!("Enter {what}"));
    } else if t.len() > 500 {
        e.add(field, "Description must be 500 characters or fewer");
    }
    t
}

/// The shared steps of logging: access, the date (today or earlier, inside an approval),
/// then one transaction with the audit entry. Nothing is written when anything is wrong.
/// `write` makes the item for its date.
#[allow(clippy::too_many_arguments)]
async fn log(
    db: &Db,
    actor: &Actor,
    id: i64,
    on_date: &str,
    what: &str,
    mut e: FieldErrors,
    write: impl FnOnce(Date) -> ActivityWrite,
    today: Date,
) -> AppResult<()> {
    check_may_log(db, actor, id).await?;
    let on = e.take("on_date", parse_date(what, on_date));
    if on.is_some_and(|d| d > today) {
        e.add("on_date", format!("{what} must be today or in the past"));
    }
    e.into_result()?;
    let (current, all) = current_approval(db, id, "on_date").await?;
    let on = on.unwrap_or(today);
    let Some(approval) = all
        .iter()
        .find(|a| a.approved_on <= on && on <= last_day(a))
    else {
        return Err(AppError::Invalid(FieldErrors::single(
            "on_date",
            format!(
                "{what} must be within the AMHP approval, from {} to {}",
                crate::domain::dates::long(current.approved_on),
                crate::domain::dates::long(last_day(&current))
            ),
        )));
    };
    let w = write(on);
    let mut tx = Write::begin(db, actor).await?;
    store::insert_activity(&mut tx, approval.id, &w).await?;
    tx.commit(
        "create",
        "amhp_activity",
        id,
        format!("{} on {}", w.kind, w.on_date),
    )
    .await?;
    Ok(())
}

/// Which logged item to remove, as sent.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RemoveInput {
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub activity_id: String,
}

/// Removes a training or assessment entry logged by mistake (whoever may log for the
/// person), in one transaction with its audit entry.
pub async fn remove_activity(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &RemoveInput,
) -> AppResult<()> {
    check_may_log(db, actor, id).await?;
    let Ok(activity_id) = input.activity_id.trim().parse::<i64>() else {
        return Err(AppError::Invalid(FieldErrors::single(
            "activity_id",
            "Select the entry to remove",
        )));
    };
    let mut tx = Write::begin(db, actor).await?;
    if !store::delete_activity(&mut tx, id, activity_id)
        .await?
        .changed()
    {
        return Err(AppError::NotFound);
    }
    tx.commit(
        "delete",
        "amhp_activity",
        id,
        format!("entry {activity_id}"),
    )
    .await?;
    Ok(())
}
