//! AMHP approvals and suspensions: recorded by the PSW or workforce lead, the AMHP role kept in step.

use super::*;
use crate::service::write::Write;

/// The form filled in from the stored approval. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl ApprovalInput {
    pub fn from_approval(a: &Approval) -> ApprovalInput {
        ApprovalInput {
            approving_council: a.approving_council.clone(),
            approved_on: a.approved_on.to_string(),
            expires_on: a.expires_on.to_string(),
            warrant_number: a.warrant_number.clone(),
            warrant_issued_on: a
                .warrant_issued_on
                .map(|d| d.to_string())
                .unwrap_or_default(),
            ended_on: a.ended_on.map(|d| d.to_string()).unwrap_or_default(),
            end_reason: a.end_reason.clone(),
            reapproval: String::new(),
        }
    }
}

/// Records an approval: changes the current one, or (re-approval, or none yet) adds a new
/// approval period. One transaction with its audit entry.
pub async fn save_approval(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &ApprovalInput,
    today: Date,
    r: &PostQualifyingRules,
) -> AppResult<()> {
    require(actor, Capability::ManagePostQualifying)?;
    visible(db, actor, id).await?;
    let write = input
        .parse(r, today, actor.user_id)
        .map_err(AppError::Invalid)?;
    let current = store::approvals(&db.pool, id).await?.into_iter().next();
    let new_period = current.is_none() || input.reapproval == "yes";
    if let (true, Some(c)) = (new_period, &current)
        && write.approved_on <= c.approved_on
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "approved_on",
            format!(
                "Approval date of a re-approval must be after the current approval's ({})",
                crate::domain::dates::long(c.approved_on)
            ),
        )));
    }
    let mut tx = Write::begin(db, actor).await?;
    let (action, approval_id) = match current.filter(|_| !new_period) {
        Some(c) => {
            store::update_approval(&mut tx, c.id, &write).await?;
            ("update", c.id)
        }
        None => ("create", store::insert_approval(&mut tx, id, &write).await?),
    };
    crate::store::practitioners::sync_amhp_role(&mut tx, id).await?;
    tx.commit(
        action,
        "amhp_approval",
        id,
        format!("approval {approval_id}"),
    )
    .await?;
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SuspensionInput {
    pub starts_on: String,
    /// Empty while the suspension continues.
    pub ends_on: String,
    pub reason: String,
}

/// The current approval, or a field error on `field` saying one is needed first.
pub(super) async fn current_approval(
    db: &Db,
    id: i64,
    field: &str,
) -> AppResult<(Approval, Vec<Approval>)> {
    let all = store::approvals(&db.pool, id).await?;
    match all.first() {
        Some(a) => Ok((a.clone(), all)),
        None => Err(AppError::Invalid(FieldErrors::single(
            field,
            "There is no AMHP approval recorded for this person: record the approval first",
        ))),
    }
}

/// Records a suspension of the current approval.
pub async fn add_suspension(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &SuspensionInput,
) -> AppResult<()> {
    require(actor, Capability::ManagePostQualifying)?;
    visible(db, actor, id).await?;
    let mut e = FieldErrors::default();
    let starts = e.take(
        "starts_on",
        parse_date("Start of the suspension", &input.starts_on),
    );
    let ends = optional_date(&mut e, "ends_on", "End of the suspension", &input.ends_on);
    if let (Some(s), Some(x)) = (starts, ends)
        && x < s
    {
        e.add(
            "ends_on",
            "End of the suspension must be on or after its start",
        );
    }
    let reason = input.reason.trim().to_string();
    if reason.is_empty() {
        e.add("reason", "Enter the reason for the suspension");
    } else if reason.len() > 2000 {
        e.add("reason", "Reason must be 2,000 characters or fewer");
    }
    e.into_result()?;
    let (a, _) = current_approval(db, id, "starts_on").await?;
    let (from, to) = (a.approved_on, last_day(&a));
    if let Some(s) = starts
        && (s < from || s > to)
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "starts_on",
            format!("Start of the suspension must be within the approval, from {from} to {to}"),
        )));
    }
    // Read whenever there is no error (a missing start is one).
    let Some(starts) = starts else {
        return Err(AppError::Invalid(FieldErrors::default()));
    };
    let mut tx = Write::begin(db, actor).await?;
    store::insert_suspension(&mut tx, a.id, starts, ends, &reason, actor.user_id).await?;
    tx.commit(
        "create",
        "amhp_suspension",
        id,
        format!("approval {}", a.id),
    )
    .await?;
    Ok(())
}
