//! The compliance dashboard: everyone in scope with their standing today, the flags a
//! manager can act on, and the counts above the table.

use crate::config::Settings;
use crate::domain::amhp_supervision::AmhpSupervision;
use crate::domain::supervision::{
    self as rules, FlagInput, StatusInput, SupervisionFlags, SupervisionRules, SupervisionStatus,
};
use crate::domain::supervision_standing::SupervisionStanding;
use crate::error::AppResult;
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::{audit, kept, require};
use crate::store::Db;
use crate::store::supervision as store;
use serde::Serialize;
use std::sync::Arc;
use time::Date;

/// One row of the compliance dashboard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DashboardRow {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub career_stage: String,
    pub supervisor_name: Option<String>,
    pub has_agreement: bool,
    /// Lapsed, suspended (final or interim) or removed on the register.
    pub must_not_practise: bool,
    pub status: SupervisionStatus,
    pub flags: SupervisionFlags,
    /// For an approved AMHP: their AMHP supervision, apart from professional supervision.
    pub amhp_supervision: Option<AmhpSupervision>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    /// What needs doing first, first: by standing (overdue, never supervised, no agreement,
    /// as agreed, in date), flagged people before others within each, then by name.
    pub rows: Vec<DashboardRow>,
    pub people: usize,
    /// Supervised before, and the gap is longer than the rules allow.
    pub overdue: usize,
    /// An agreement, no session held, and the first was due.
    pub never_supervised: usize,
    pub without_agreement: usize,
    pub unconfirmed: i64,
    /// People with any flag (short sessions, cancellations not rebooked, late
    /// confirmations, agreement review overdue).
    pub flagged: usize,
    /// Mean 12-month compliance over people with an expectation, 0 to 1.
    pub mean_compliance_12m: Option<f64>,
    /// Approved AMHPs among the people, and those overdue for AMHP supervision.
    pub amhps: usize,
    pub amhp_supervision_overdue: usize,
}

/// Held session dates from `held_history`: those since the window's start and the last
/// one before it.
fn held_dates(h: &store::HeldHistory) -> Vec<Date> {
    h.held_since
        .iter()
        .chain(h.last_before.iter())
        .copied()
        .collect()
}

/// Where someone read by `store::supervision::supervised_people`, with their
/// `held_history`, stands today: shared by the dashboard and the self-assessment's evidence
/// (`service::self_assessment::evidence`).
pub fn status_today(
    p: &store::SupervisedPerson,
    h: &store::HeldHistory,
    today: Date,
    r: &SupervisionRules,
) -> SupervisionStatus {
    rules::status_of(
        &StatusInput {
            career_stage: &p.career_stage,
            start_date: p.start_date,
            agreement_starts_on: p.agreement_starts_on,
            interval_override: p.interval_override.map(|d| d as u32),
            held: &held_dates(h),
            unconfirmed: h.unconfirmed,
        },
        today,
        r,
    )
}

/// The flags (`domain::supervision::flags_of`) of someone read by
/// `store::supervision::supervised_people`, from their `held_history` and agreement.
fn flags_today(
    p: &store::SupervisedPerson,
    h: &store::HeldHistory,
    today: Date,
    r: &SupervisionRules,
    holidays: &[Date],
) -> SupervisionFlags {
    let minutes: Vec<u32> = h
        .minutes_since
        .iter()
        .flatten()
        .map(|m| *m as u32)
        .collect();
    rules::flags_of(
        &FlagInput {
            held: &held_dates(h),
            minutes: &minutes,
            cancelled: &h.cancelled,
            unconfirmed_recorded_on: &h.unconfirmed_recorded_on,
            minimum_minutes: p.minimum_minutes.map(|m| m.max(0) as u32),
            review_on: p.review_on,
        },
        today,
        r,
        holidays,
    )
}

/// Everyone in the actor's scope (or, with `mine`, only people whose agreement names
/// the actor) who matches `filter`, with their status today. Kept between writes
/// (`service::kept`); audited as one read every time.
pub async fn dashboard(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    mine: bool,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<Arc<Dashboard>> {
    require(actor, Capability::ViewSupervisionDashboard)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let named = mine.then_some(actor.user_id);
    let key = format!("supervision dashboard|{scope:?}|{named:?}|{today}");
    let d = kept(db, key, || compute(db, settings, &scope, named, today)).await?;
    audit(
        db,
        actor,
        "read",
        "supervision_dashboard",
        "",
        format!("{} people", d.people),
    )
    .await?;
    Ok(d)
}

/// The dashboard of everyone in `scope` (only those whose agreement names `named`, when
/// given), read and measured afresh.
async fn compute(
    db: &Db,
    settings: &Settings,
    scope: &PractitionerScope,
    named: Option<i64>,
    today: Date,
) -> AppResult<Dashboard> {
    // The window's sessions, plus each person's last one before it (`last_before`), are all
    // the 12-month compliance needs.
    let since = rules::add_months_back(today, 12);
    let people = store::supervised_people(&db.pool, scope, named).await?;
    let history = store::held_history(&db.pool, db.backend, scope, since).await?;
    let amhp = crate::service::amhp_supervision::standings(db, settings, scope, today).await?;
    let mut rows: Vec<DashboardRow> = people
        .into_iter()
        .map(|p| {
            let h = history.get(&p.id).cloned().unwrap_or_default();
            let status = status_today(&p, &h, today, &settings.supervision);
            let flags = flags_today(
                &p,
                &h,
                today,
                &settings.supervision,
                &settings.calendar.holidays,
            );
            DashboardRow {
                practitioner_id: p.id,
                name: p.name,
                team_name: p.team_name,
                career_stage: p.career_stage,
                supervisor_name: p.supervisor_name,
                has_agreement: p.agreement_starts_on.is_some(),
                must_not_practise: p.must_not_practise,
                amhp_supervision: amhp.get(&p.id).copied(),
                status,
                flags,
            }
        })
        .collect();
    // What needs doing first, first: overdue people, then those never supervised, then
    // those without an agreement, and within each, those with flags; by name otherwise (the
    // sort is stable over the store's order). The page and the API list the same way.
    rows.sort_by_key(|r| (r.status.standing.urgency(), !r.flags.any()));
    let with_expectation: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.status.compliance_12m)
        .collect();
    Ok(Dashboard {
        people: rows.len(),
        overdue: rows.iter().filter(|r| r.status.overdue).count(),
        never_supervised: rows
            .iter()
            .filter(|r| r.status.standing == SupervisionStanding::NeverSupervised)
            .count(),
        without_agreement: rows.iter().filter(|r| !r.has_agreement).count(),
        flagged: rows.iter().filter(|r| r.flags.any()).count(),
        unconfirmed: rows.iter().map(|r| r.status.unconfirmed).sum(),
        amhps: rows.iter().filter(|r| r.amhp_supervision.is_some()).count(),
        amhp_supervision_overdue: rows
            .iter()
            .filter(|r| r.amhp_supervision.is_some_and(|a| a.overdue))
            .count(),
        mean_compliance_12m: (!with_expectation.is_empty())
            .then(|| with_expectation.iter().sum::<f64>() / with_expectation.len() as f64),
        rows,
    })
}

impl Dashboard {
    /// The figures above the table, without the rows (for a page that shows one page of
    /// rows beside them).
    pub fn counts_only(&self) -> Dashboard {
        Dashboard {
            rows: Vec::new(),
            people: self.people,
            overdue: self.overdue,
            never_supervised: self.never_supervised,
            without_agreement: self.without_agreement,
            unconfirmed: self.unconfirmed,
            flagged: self.flagged,
            mean_compliance_12m: self.mean_compliance_12m,
            amhps: self.amhps,
            amhp_supervision_overdue: self.amhp_supervision_overdue,
        }
    }
}
