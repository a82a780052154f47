//! Post-qualifying roles (issue 4, guidance considerations 2 and 4): AMHP approvals with
//! warrants, suspensions and the end of approval; training hours and Mental Health Act
//! assessments logged per approval year; the other roles (BIA, practice educator, practice
//! supervisor, Approved Clinician training, forensic social supervisor); and the
//! organisation view (expiries by quarter, shortfalls, succession, numbers against the
//! requirement). The rules are `domain::post_qualifying`; settings `[post_qualifying]`.
//!
//! Who does what: the principal social worker and workforce lead record approvals,
//! suspensions and role records (`ManagePostQualifying`); a practitioner logs their own
//! training and assessments (so may those two); anyone who may see the person's record
//! sees this one; the organisation view is for `ViewPostQualifyingOverview`. Ages per
//! person only with `ViewEqualityData`; otherwise a count through `DisclosurePolicy`.

use super::{audit, parse_date, require};
use crate::config::Settings;
use crate::domain::disclosure::DisclosurePolicy;
use crate::domain::post_qualifying::{
    self as rules, ApprovalState, EndReason, PostQualifyingRules, PqRole, YearProgress,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, practitioner_scope};
use crate::store::Db;
use crate::store::post_qualifying::{
    self as store, Activity, ActivityWrite, AmhpLine, Approval, ApprovalWrite, RoleRecord,
    Suspension,
};
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

fn date_of(s: &str) -> Option<Date> {
    parse_date("", s).ok()
}

fn opt_date(s: Option<&str>) -> Option<Date> {
    s.and_then(date_of)
}

/// Minutes as hours for people: 18, 1.5, 0.75.
pub fn hours(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        return (minutes / 60).to_string();
    }
    let s = format!("{:.2}", f64::from(minutes) / 60.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The last day an approval covers: its expiry, or the day it ended if earlier.
fn last_day(a: &Approval) -> Option<Date> {
    let expires = date_of(&a.expires_on)?;
    Some(
        opt_date(a.ended_on.as_deref())
            .map(|e| e.min(expires))
            .unwrap_or(expires),
    )
}

async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    require(actor, Capability::ViewPractitioners)?;
    practitioners_store::get_in_scope(&db.pool, &practitioner_scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A practitioner logs their own hours; the PSW and workforce lead may log for anyone.
pub fn may_log(actor: &Actor, practitioner_id: i64) -> bool {
    actor.practitioner_id == Some(practitioner_id) || actor.can(Capability::ManagePostQualifying)
}

/// Refuses (404 out of scope, 403 otherwise) unless the actor may log for the person.
pub async fn check_may_log(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    visible(db, actor, id).await?;
    if may_log(actor, id) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

// ---------------------------------------------------------------------------------------
// One person

/// One approval year as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearView {
    pub index: u32,
    pub starts: String,
    pub ends: String,
    pub hours_logged: String,
    pub hours_needed: String,
    /// Hours still needed in the year ("0" when met).
    pub hours_short: String,
    pub assessments: u32,
    /// 0 when the local assessment rule is off.
    pub assessments_needed: u32,
    pub ended: bool,
    pub current: bool,
    /// Ended short of the hours.
    pub missed: bool,
}

impl From<&YearProgress> for YearView {
    fn from(p: &YearProgress) -> YearView {
        YearView {
            index: p.year.index,
            starts: p.year.starts.to_string(),
            ends: p.year.ends.to_string(),
            hours_logged: hours(p.minutes_logged),
            hours_needed: hours(p.minutes_needed),
            hours_short: hours(p.shortfall_minutes),
            assessments: p.assessments,
            assessments_needed: p.assessments_needed,
            ended: p.ended,
            current: p.current,
            missed: p.missed(),
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ApprovalView {
    #[serde(flatten)]
    pub approval: Approval,
    /// not_started, active, suspended, expired or ended.
    #[schema(value_type = String)]
    pub state: ApprovalState,
    pub state_label: String,
    pub end_reason_label: String,
    pub years: Vec<YearView>,
    pub suspensions: Vec<Suspension>,
    pub activity: Vec<Activity>,
    /// Months before expiry when a re-approval reminder applies today (6, 3 or 1 by default).
    pub reapproval_due_months: Option<u32>,
}

pub(crate) fn approval_view(
    a: Approval,
    suspensions: &[Suspension],
    activity: &[Activity],
    today: Date,
    r: &PostQualifyingRules,
) -> ApprovalView {
    let suspensions: Vec<Suspension> = suspensions
        .iter()
        .filter(|s| s.approval_id == a.id)
        .cloned()
        .collect();
    let activity: Vec<Activity> = activity
        .iter()
        .filter(|x| x.approval_id == a.id)
        .cloned()
        .collect();
    let (approved, expires) = (date_of(&a.approved_on), date_of(&a.expires_on));
    let ended = opt_date(a.ended_on.as_deref());
    let periods: Vec<(Date, Option<Date>)> = suspensions
        .iter()
        .filter_map(|s| Some((date_of(&s.starts_on)?, opt_date(s.ends_on.as_deref()))))
        .collect();
    let (state, years, due) = match (approved, expires) {
        (Some(from), Some(to)) => {
            let dated = |kind: &str| -> Vec<(Date, u32)> {
                activity
                    .iter()
                    .filter(|x| x.kind == kind)
                    .filter_map(|x| {
                        let n = if kind == "training" {
                            x.minutes
                        } else {
                            x.assessments
                        };
                        Some((date_of(&x.on_date)?, u32::try_from(n).ok()?))
                    })
                    .collect()
            };
            let last = ended.map(|e| e.min(to)).unwrap_or(to);
            let years = rules::progress(
                from,
                last,
                &dated("training"),
                &dated("assessments"),
                today,
                r,
            );
            let state = rules::state_on(from, to, ended, &periods, today);
            let due = if ended.is_none() {
                rules::reapproval_stage(to, today, &r.reapproval_reminder_months)
            } else {
                None
            };
            (state, years.iter().map(YearView::from).collect(), due)
        }
        _ => (ApprovalState::Expired, Vec::new(), None),
    };
    ApprovalView {
        state_label: state.label().to_string(),
        end_reason_label: EndReason::parse(&a.end_reason)
            .map(|e| e.label().to_string())
            .unwrap_or_default(),
        approval: a,
        state,
        years,
        suspensions,
        activity,
        reapproval_due_months: due,
    }
}

/// One of the other roles as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoleView {
    #[serde(flatten)]
    pub record: RoleRecord,
    pub label: String,
    pub stage_label: String,
    /// BIA: when refresher training is next due.
    pub refresher_due: Option<String>,
    /// BIA refresher or forensic report due within the warning days (or overdue).
    pub due_soon: bool,
}

fn role_view(r: RoleRecord, today: Date, rules_: &PostQualifyingRules) -> RoleView {
    let role = PqRole::parse(&r.role);
    let refresher = (role == Some(PqRole::Bia))
        .then(|| {
            rules::bia_refresher_due(
                opt_date(r.qualified_on.as_deref()),
                opt_date(r.last_training_on.as_deref()),
                rules_,
            )
        })
        .flatten();
    let report = opt_date(r.next_report_due.as_deref());
    let due_soon = refresher
        .into_iter()
        .chain(report)
        .any(|d| rules::due_within(d, today, rules_.report_warning_days));
    RoleView {
        label: role.map(|x| x.label()).unwrap_or("").to_string(),
        stage_label: role
            .and_then(|x| x.stages().iter().find(|(c, _)| *c == r.stage))
            .map(|(_, l)| l.to_string())
            .unwrap_or_default(),
        refresher_due: refresher.map(|d| d.to_string()),
        due_soon,
        record: r,
    }
}

/// A practitioner's post-qualifying record.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PqRecord {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    /// The current (latest) AMHP approval.
    pub approval: Option<ApprovalView>,
    pub earlier_approvals: Vec<Approval>,
    pub roles: Vec<RoleView>,
    pub hours_needed: u32,
    pub assessments_needed: u32,
}

pub async fn record(
    db: &Db,
    actor: &Actor,
    id: i64,
    today: Date,
    r: &PostQualifyingRules,
) -> AppResult<PqRecord> {
    let p = visible(db, actor, id).await?;
    let mut approvals = store::approvals(&db.pool, id).await?;
    let ids: Vec<i64> = approvals.iter().take(1).map(|a| a.id).collect();
    let suspensions = store::suspensions(&db.pool, &ids).await?;
    let activity = store::activity(&db.pool, &ids).await?;
    let roles = store::roles(&db.pool, id).await?;
    audit(&db.pool, actor, "read", "post_qualifying", id, "").await?;
    let current = (!approvals.is_empty()).then(|| approvals.remove(0));
    Ok(PqRecord {
        practitioner_id: id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        approval: current.map(|a| approval_view(a, &suspensions, &activity, today, r)),
        earlier_approvals: approvals,
        roles: roles.into_iter().map(|x| role_view(x, today, r)).collect(),
        hours_needed: r.hours_needed(),
        assessments_needed: r.local_assessments_per_year,
    })
}

// ---------------------------------------------------------------------------------------
// Approvals and suspensions

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

fn optional_date(e: &mut FieldErrors, field: &str, what: &str, s: &str) -> Option<Date> {
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
    let mut tx = db.begin().await?;
    let (action, approval_id) = match current.filter(|_| !new_period) {
        Some(c) => {
            store::update_approval(&mut tx, c.id, &write).await?;
            ("update", c.id)
        }
        None => ("create", store::insert_approval(&mut tx, id, &write).await?),
    };
    crate::store::practitioners::sync_amhp_role(&mut tx, id).await?;
    audit(
        &mut *tx,
        actor,
        action,
        "amhp_approval",
        id,
        format!("approval {approval_id}"),
    )
    .await?;
    tx.commit().await?;
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
async fn current_approval(db: &Db, id: i64, field: &str) -> AppResult<(Approval, Vec<Approval>)> {
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
    let mut tx = db.begin().await?;
    store::insert_suspension(
        &mut tx,
        a.id,
        &starts,
        ends.as_deref(),
        &reason,
        actor.user_id,
    )
    .await?;
    audit(
        &mut *tx,
        actor,
        "create",
        "amhp_suspension",
        id,
        format!("approval {}", a.id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Training hours and Mental Health Act assessments

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
    let w = ActivityWrite {
        kind: "training",
        on_date: String::new(),
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
    let w = ActivityWrite {
        kind: "assessments",
        on_date: String::new(),
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
#[allow(clippy::too_many_arguments)]
async fn log(
    db: &Db,
    actor: &Actor,
    id: i64,
    on_date: &str,
    what: &str,
    mut e: FieldErrors,
    mut w: ActivityWrite,
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
    let Some(approval) = all.iter().find(|a| {
        date_of(&a.approved_on).is_some_and(|f| f <= on) && last_day(a).is_some_and(|l| on <= l)
    }) else {
        let to = last_day(&current)
            .map(|d| d.to_string())
            .unwrap_or_default();
        return Err(AppError::Invalid(FieldErrors::single(
            "on_date",
            format!(
                "{what} must be within the AMHP approval, from {} to {}",
                crate::domain::dates::long_text(&current.approved_on),
                crate::domain::dates::long_text(&to)
            ),
        )));
    };
    w.on_date = on.to_string();
    let mut tx = db.begin().await?;
    store::insert_activity(&mut tx, approval.id, &w).await?;
    audit(
        &mut *tx,
        actor,
        "create",
        "amhp_activity",
        id,
        format!("{} on {}", w.kind, w.on_date),
    )
    .await?;
    tx.commit().await?;
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
    let mut tx = db.begin().await?;
    if !store::delete_activity(&mut tx, id, activity_id).await? {
        return Err(AppError::NotFound);
    }
    audit(
        &mut *tx,
        actor,
        "delete",
        "amhp_activity",
        id,
        format!("entry {activity_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The other roles

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RoleInput {
    /// `PqRole` code: bia, practice_educator, practice_supervisor, approved_clinician,
    /// forensic_social_supervisor.
    pub role: String,
    /// ISO date qualified or trained.
    pub qualified_on: String,
    /// Practice educator: peps_1 or peps_2; Approved Clinician: interested, in_training,
    /// approved.
    pub stage: String,
    /// ISO date of the last refresher or update training.
    pub last_training_on: String,
    /// Forensic social supervisor: restricted patients allocated.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub allocations: String,
    /// Forensic social supervisor: ISO date the next report to the Ministry of Justice is due.
    pub next_report_due: String,
    pub notes: String,
}

impl RoleInput {
    pub fn parse(&self, practitioner_id: i64, today: Date) -> Result<RoleRecord, FieldErrors> {
        let mut e = FieldErrors::default();
        let role = PqRole::parse(&self.role);
        if role.is_none() {
            e.add("role", "Select the role");
        }
        let qualified = optional_date(&mut e, "qualified_on", "Date qualified", &self.qualified_on);
        if qualified.is_some_and(|d| d > today) {
            e.add(
                "qualified_on",
                "Date qualified must be today or in the past",
            );
        }
        let last = optional_date(
            &mut e,
            "last_training_on",
            "Date of the last training",
            &self.last_training_on,
        );
        if last.is_some_and(|d| d > today) {
            e.add(
                "last_training_on",
                "Date of the last training must be today or in the past",
            );
        }
        let stages = role.map(|r| r.stages()).unwrap_or_default();
        let stage = self.stage.trim().to_string();
        if !stage.is_empty() && !stages.iter().any(|(c, _)| *c == stage) {
            e.add("stage", "Select a stage this role has");
        }
        let forensic = role == Some(PqRole::ForensicSocialSupervisor);
        let allocations = match self.allocations.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) if (0..=500).contains(&n) => n,
                _ => {
                    e.add(
                        "allocations",
                        "Restricted patients allocated must be a whole number from 0 to 500",
                    );
                    0
                }
            },
        };
        if allocations > 0 && !forensic {
            e.add(
                "allocations",
                "Restricted patients are allocated only to forensic social supervisors",
            );
        }
        let report = optional_date(
            &mut e,
            "next_report_due",
            "Next report due",
            &self.next_report_due,
        );
        if report.is_some() && !forensic {
            e.add(
                "next_report_due",
                "Reports to the Ministry of Justice apply only to forensic social supervisors",
            );
        }
        let notes = self.notes.trim().to_string();
        if notes.len() > 2000 {
            e.add("notes", "Notes must be 2,000 characters or fewer");
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(RoleRecord {
            practitioner_id,
            role: role.map(|r| r.code().to_string()).unwrap_or_default(),
            qualified_on: qualified.map(|d| d.to_string()),
            stage,
            last_training_on: last.map(|d| d.to_string()),
            allocations,
            next_report_due: report.map(|d| d.to_string()),
            notes,
        })
    }
}

/// Records (or replaces) a person's record of one role.
pub async fn save_role(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &RoleInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManagePostQualifying)?;
    visible(db, actor, id).await?;
    let rec = input.parse(id, today).map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    store::save_role(&mut tx, &rec, actor.user_id).await?;
    audit(&mut *tx, actor, "update", "pq_role", id, rec.role.clone()).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The organisation's view

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PqPerson {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    /// The date that puts them on the list (expiry, year end, due date).
    pub date: String,
    /// What it is about, in words.
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuarterGroup {
    pub label: String,
    pub people: Vec<PqPerson>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Shortfall {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub year: YearView,
    /// Earlier approval years that ended short of the hours.
    pub missed_years: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Succession {
    pub age: u32,
    /// The count as it may be shown ("*" when suppressed).
    pub count: String,
    pub explanation: String,
    /// Only for the workforce lead (`ViewEqualityData`): who, with their age.
    pub people: Option<Vec<PqPerson>>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RoleCount {
    pub code: String,
    pub label: String,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PqOverview {
    pub today: String,
    pub hours_needed: u32,
    pub assessments_needed: u32,
    /// AMHPs approved (and not suspended) today.
    pub current_amhps: usize,
    pub suspended_amhps: usize,
    /// The number the organisation needs (`service::amhps_needed`); none when not set.
    pub amhps_required: Option<u32>,
    /// Whether the reader may set that number.
    pub may_set_amhps_required: bool,
    /// Current AMHPs by the quarter their approval ends.
    pub by_expiry_quarter: Vec<QuarterGroup>,
    pub reapproval_due: Vec<PqPerson>,
    pub shortfalls: Vec<Shortfall>,
    pub succession: Succession,
    pub roles: Vec<RoleCount>,
    /// BIA refreshers and MoJ reports due within the warning days, or overdue.
    pub due: Vec<PqPerson>,
}

fn person(l: &AmhpLine, date: String, detail: String) -> PqPerson {
    PqPerson {
        practitioner_id: l.practitioner_id,
        name: l.name.clone(),
        team_name: l.team_name.clone(),
        date,
        detail,
    }
}

pub async fn overview(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    filter: &crate::domain::people_filter::PeopleFilter,
) -> AppResult<PqOverview> {
    require(actor, Capability::ViewPostQualifyingOverview)?;
    let r = &settings.post_qualifying;
    let scope = practitioner_scope(actor).narrowed(filter);
    let lines = store::amhp_lines(&db.pool, &scope).await?;
    let ids: Vec<i64> = lines.iter().map(|l| l.approval.id).collect();
    let suspensions = store::suspensions(&db.pool, &ids).await?;
    let activity = store::activity(&db.pool, &ids).await?;
    let views: Vec<(&AmhpLine, ApprovalView)> = lines
        .iter()
        .map(|l| {
            (
                l,
                approval_view(l.approval.clone(), &suspensions, &activity, today, r),
            )
        })
        .collect();
    let live = |v: &ApprovalView| {
        matches!(
            v.state,
            ApprovalState::Active | ApprovalState::Suspended | ApprovalState::NotStarted
        )
    };
    let mut quarters: BTreeMap<(i32, u8), Vec<PqPerson>> = BTreeMap::new();
    let mut reapproval_due = Vec::new();
    let mut shortfalls = Vec::new();
    for (l, v) in views.iter().filter(|(_, v)| live(v)) {
        if let Some(x) = date_of(&l.approval.expires_on) {
            quarters
                .entry(rules::quarter_of(x))
                .or_default()
                .push(person(l, x.to_string(), v.state_label.clone()));
        }
        if let Some(m) = v.reapproval_due_months {
            reapproval_due.push(person(
                l,
                l.approval.expires_on.clone(),
                format!("Within {m} months of the end of approval"),
            ));
        }
        let missed_years = v.years.iter().filter(|y| y.missed).count();
        let current = v.years.iter().find(|y| y.current);
        if let Some(y) = current.filter(|y| y.hours_short != "0" || missed_years > 0) {
            shortfalls.push(Shortfall {
                practitioner_id: l.practitioner_id,
                name: l.name.clone(),
                team_name: l.team_name.clone(),
                year: y.clone(),
                missed_years,
            });
        }
    }
    shortfalls.sort_by(|a, b| (&a.year.ends, &a.name).cmp(&(&b.year.ends, &b.name)));
    reapproval_due.sort_by(|a, b| a.date.cmp(&b.date));
    let current_amhps = views
        .iter()
        .filter(|(_, v)| v.state == ApprovalState::Active)
        .count();
    let suspended_amhps = views
        .iter()
        .filter(|(_, v)| v.state == ApprovalState::Suspended)
        .count();
    // Succession: ages are special-category data, so a suppressed count unless the actor
    // may see equality data per person.
    let live_people: Vec<&AmhpLine> = views
        .iter()
        .filter(|(_, v)| live(v))
        .map(|(l, _)| *l)
        .collect();
    let pids: Vec<i64> = live_people.iter().map(|l| l.practitioner_id).collect();
    let births = store::birth_data(&db.pool, &pids).await?;
    let older: Vec<(&AmhpLine, Option<i32>)> = live_people
        .iter()
        .filter_map(|l| {
            let (_, dob, band) = births.iter().find(|b| b.0 == l.practitioner_id)?;
            let born = opt_date(dob.as_deref());
            rules::at_or_over(born, band.as_deref(), r.succession_age, today)
                .then(|| (*l, born.map(|b| rules::age_on(b, today))))
        })
        .collect();
    let policy: DisclosurePolicy = settings.privacy.disclosure;
    let per_person = actor.can(Capability::ViewEqualityData);
    let succession = Succession {
        age: r.succession_age,
        count: if per_person {
            older.len().to_string()
        } else {
            policy.show(older.len() as u64).to_string()
        },
        explanation: if per_person {
            String::new()
        } else {
            policy.explanation()
        },
        people: per_person.then(|| {
            older
                .iter()
                .map(|(l, age)| {
                    person(
                        l,
                        l.approval.expires_on.clone(),
                        age.map(|a| format!("Aged {a}"))
                            .unwrap_or_else(|| "Age band".into()),
                    )
                })
                .collect()
        }),
    };
    let role_lines = store::role_lines(&db.pool, &scope).await?;
    let roles = PqRole::ALL
        .iter()
        .map(|role| RoleCount {
            code: role.code().into(),
            label: role.label().into(),
            count: role_lines
                .iter()
                .filter(|(_, x)| x.role == role.code())
                .count(),
        })
        .collect();
    let mut due = Vec::new();
    for (name, rec) in role_lines {
        let view = role_view(rec, today, r);
        if !view.due_soon {
            continue;
        }
        let (date, what) = match (&view.refresher_due, &view.record.next_report_due) {
            (Some(d), _) => (d.clone(), "BIA refresher training"),
            (None, Some(d)) => (d.clone(), "Progress report to the Ministry of Justice"),
            _ => continue,
        };
        due.push(PqPerson {
            practitioner_id: view.record.practitioner_id,
            name,
            team_name: None,
            detail: if date < today.to_string() {
                format!("{what} overdue")
            } else {
                format!("{what} due")
            },
            date,
        });
    }
    due.sort_by(|a, b| a.date.cmp(&b.date));
    audit(
        &db.pool,
        actor,
        "read",
        "post_qualifying_overview",
        "",
        format!(
            "{} AMHPs{}",
            lines.len(),
            if per_person { ", ages per person" } else { "" }
        ),
    )
    .await?;
    Ok(PqOverview {
        today: today.to_string(),
        hours_needed: r.hours_needed(),
        assessments_needed: r.local_assessments_per_year,
        current_amhps,
        suspended_amhps,
        amhps_required: match actor.org_id {
            Some(org) => super::amhps_needed::for_org(db, settings, org).await?,
            None => None,
        },
        may_set_amhps_required: actor.can(Capability::ManagePostQualifying),
        by_expiry_quarter: quarters
            .into_iter()
            .map(|(q, people)| QuarterGroup {
                label: rules::quarter_label(q),
                people,
            })
            .collect(),
        reapproval_due,
        shortfalls,
        succession,
        roles,
        due,
    })
}
