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
    self as rules, ApprovalInput, ApprovalState, EndReason, PostQualifyingRules, PqRole, RoleInput,
    RoleRecord, YearProgress, optional_date,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, practitioner_scope};
use crate::store::Db;
use crate::store::post_qualifying::{
    self as store, Activity, ActivityWrite, AmhpLine, Approval, Suspension,
};
use crate::store::practitioners::Practitioner;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// Minutes as hours for people: 18, 1.5, 0.75.
pub fn hours(minutes: u32) -> String {
    if minutes.is_multiple_of(60) {
        return (minutes / 60).to_string();
    }
    let s = format!("{:.2}", f64::from(minutes) / 60.0);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The last day an approval covers: its expiry, or the day it ended if earlier.
fn last_day(a: &Approval) -> Date {
    a.ended_on.map_or(a.expires_on, |e| e.min(a.expires_on))
}

async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    crate::service::access::practitioner(db, actor, id, Capability::ViewPractitioners).await
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
    let (from, to, ended) = (a.approved_on, a.expires_on, a.ended_on);
    let periods: Vec<(Date, Option<Date>)> = suspensions
        .iter()
        .map(|s| (s.starts_on, s.ends_on))
        .collect();
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
                Some((x.on_date, u32::try_from(n).ok()?))
            })
            .collect()
    };
    let years = rules::progress(
        from,
        last_day(&a),
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
    let years: Vec<YearView> = years.iter().map(YearView::from).collect();
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
    pub refresher_due: Option<Date>,
    /// BIA refresher or forensic report due within the warning days (or overdue).
    pub due_soon: bool,
}

fn role_view(r: RoleRecord, today: Date, rules_: &PostQualifyingRules) -> RoleView {
    let role = PqRole::parse(&r.role);
    let refresher = (role == Some(PqRole::Bia))
        .then(|| rules::bia_refresher_due(r.qualified_on, r.last_training_on, rules_))
        .flatten();
    let report = r.next_report_due;
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
        refresher_due: refresher,
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
    audit(db, actor, "read", "post_qualifying", id, "").await?;
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

mod activity;
mod approvals;
mod approvals_read;
mod lists;
mod overview;
mod roles;

pub use activity::*;
pub use approvals::*;
pub(crate) use approvals_read::ApprovalsRead;
pub use lists::*;
pub use overview::*;
pub use roles::*;
