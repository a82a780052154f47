//! AMHP approvals and suspensions: recorded by the PSW or workforce lead, the AMHP role kept in step.

use super::*;
use crate::service::write::Write;

/// The approval form as sent (HTML form or JSON).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ApprovalInput {
    pub approving_council: String,
    /// ISO date the approval starts.
    pub approved_on: String,
    /// ISO date of its last day; empty: the configured approval length.
    pub expires_on: String,
    pub warrant_number: String,
    pub warrant_issued_on: String,
    /// ISO date the approval ended early, with `end_reason`.
    pub ended_on: String,
    /// `EndReason` code.
    pub end_reason: String,
    /// "yes": a new approval period (re-approval) rather than a change to the current one.
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = Option<bool>)]
    pub reapproval: String,
}

impl ApprovalInput {
    pub fn from_approval(a: &Approval) -> ApprovalInput {
        ApprovalInput {
            approving_council: a.approving_council.clone(),
            approved_on: a.approved_on.clone(),
            expires_on: a.expires_on.clone(),
            warrant_number: a.warrant_number.clone(),
            warrant_issued_on: a.warrant_issued_on.clone().unwrap_or_default(),
            ended_on: a.ended_on.clone().unwrap_or_default(),
            end_reason: a.end_reason.clone(),
            reapproval: String::new(),
        }
    }

    /// Parses every field, naming each problem.
    pub fn parse(
        &self,
        r: &PostQualifyingRules,
        today: Date,
        user_id: i64,
    ) -> Result<ApprovalWrite, FieldErrors> {
        let mut e = FieldErrors::default();
        let council = self.approving_council.trim().to_string();
        if council.is_empty() {
            e.add("approving_council", "Enter the approving council");
        } else if council.len() > 200 {
            e.add(
                "approving_council",
                "Approving council must be 200 characters or fewer",
            );
        }
        let approved = e.take(
            "approved_on",
            parse_date("Approval date", &self.approved_on),
        );
        let expires = if self.expires_on.trim().is_empty() {
            approved.map(|a| rules::default_expiry(a, r.amhp_approval_years))
        } else {
            e.take("expires_on", parse_date("Expiry date", &self.expires_on))
        };
        if let (Some(a), Some(x)) = (approved, expires) {
            if x <= a {
                e.add("expires_on", "Expiry date must be after the approval date");
            } else if x > rules::default_expiry(a, r.amhp_approval_years) {
                e.add(
                    "expires_on",
                    format!(
                        "Expiry date must be no more than {} years after the approval date",
                        r.amhp_approval_years
                    ),
                );
            }
        }
        let warrant = self.warrant_number.trim().to_string();
        if warrant.len() > 100 {
            e.add(
                "warrant_number",
                "Warrant number must be 100 characters or fewer",
            );
        }
        let issued = optional_date(
            &mut e,
            "warrant_issued_on",
            "Warrant date",
            &self.warrant_issued_on,
        );
        let ended = optional_date(&mut e, "ended_on", "Date approval ended", &self.ended_on);
        if let (Some(a), Some(x)) = (approved, ended)
            && x < a
        {
            e.add(
                "ended_on",
                "Date approval ended must be on or after the approval date",
            );
        }
        if ended.is_some_and(|x| x > today) {
            e.add(
                "ended_on",
                "Date approval ended must be today or in the past",
            );
        }
        let reason = EndReason::parse(&self.end_reason);
        if ended.is_some() && reason.is_none() {
            e.add("end_reason", "Select why the approval ended");
        }
        if ended.is_none() && !self.end_reason.trim().is_empty() && self.ended_on.trim().is_empty()
        {
            e.add("ended_on", "Enter the date the approval ended");
        }
        if !matches!(self.reapproval.as_str(), "" | "yes" | "no") {
            e.add("reapproval", "Select whether this is a re-approval");
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(ApprovalWrite {
            approving_council: council,
            approved_on: approved.map(|d| d.to_string()).unwrap_or_default(),
            expires_on: expires.map(|d| d.to_string()).unwrap_or_default(),
            warrant_number: warrant,
            warrant_issued_on: issued.map(|d| d.to_string()),
            ended_on: ended.map(|d| d.to_string()),
            end_reason: reason.map(|r| r.code().to_string()).unwrap_or_default(),
            user_id,
        })
    }
}

pub(super) fn optional_date(e: &mut FieldErrors, field: &str, what: &str, s: &str) -> Option<Date> {
    if s.trim().is_empty() {
        None
    } else {
        e.take(field, parse_date(what, s))
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
                crate::domain::dates::long_text(&c.approved_on)
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
    let (from, to) = (date_of(&a.approved_on), last_day(&a));
    if let (Some(s), Some(from), Some(to)) = (starts, from, to)
        && (s < from || s > to)
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "starts_on",
            format!("Start of the suspension must be within the approval, from {from} to {to}"),
        )));
    }
    let starts = starts.map(|d| d.to_string()).unwrap_or_default();
    let ends = ends.map(|d| d.to_string());
    let mut tx = Write::begin(db, actor).await?;
    store::insert_suspension(
        &mut tx,
        a.id,
        &starts,
        ends.as_deref(),
        &reason,
        actor.user_id,
    )
    .await?;
    tx.commit(
        "create",
        "amhp_suspension",
        id,
        format!("approval {}", a.id),
    )
    .await?;
    Ok(())
}
