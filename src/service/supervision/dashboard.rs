//! The compliance dashboard: everyone in scope with their standing today, the flags a
//! manager can act on, and the counts above the table.

use super::{StatusInput, SupervisionStatus, date_of, iso, status_of};
use crate::config::Settings;
use crate::domain::amhp_supervision::AmhpSupervision;
use crate::domain::supervision::{self as rules, SupervisionRules};
use crate::domain::supervision_standing::{self as standing, SupervisionStanding};
use crate::error::AppResult;
use crate::policy::{Actor, Capability, practitioner_scope};
use crate::service::{audit, require};
use crate::store::Db;
use crate::store::supervision as store;
use serde::Serialize;
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

/// Things a manager should look at besides overdue supervision, over the last 12 months.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SupervisionFlags {
    /// Held sessions shorter than the agreed minimum.
    pub short_sessions: usize,
    /// Cancelled sessions not rebooked within the set number of working days (a record of
    /// the 12 months, rebooked late or not at all).
    pub cancelled_not_rebooked: usize,
    /// Of those, the ones still to rebook: not rebooked, and no session held since.
    pub cancelled_to_rebook: usize,
    /// Records the supervisee has not confirmed within the set number of days.
    pub confirmation_late: usize,
    /// The agreement's review date, and whether it has passed.
    pub review_on: Option<String>,
    pub review_overdue: bool,
}

impl SupervisionFlags {
    /// Something a person can act on now (rebook, ask for a confirmation, review the
    /// agreement): `domain::supervision_standing::needs_action`. Past short sessions are
    /// shown on the record but are not something to act on.
    pub fn any(&self) -> bool {
        standing::needs_action(
            self.review_overdue,
            self.confirmation_late,
            self.cancelled_to_rebook,
        )
    }
}

/// What the flags need about one person: their history in the window and their agreement.
pub struct FlagInput<'a> {
    pub history: &'a store::HeldHistory,
    pub minimum_minutes: Option<i64>,
    pub review_on: Option<&'a str>,
}

/// Applies the flag rules (each in `domain::supervision`) to one person. Pure.
pub fn flags_of(
    input: &FlagInput,
    today: Date,
    r: &SupervisionRules,
    holidays: &[Date],
) -> SupervisionFlags {
    let agreed = SupervisionRules {
        minimum_minutes: input
            .minimum_minutes
            .map_or(r.minimum_minutes, |m| m.max(0) as u32),
        ..r.clone()
    };
    let h = input.history;
    let review = input.review_on.and_then(date_of);
    let last_held = h
        .held_since
        .iter()
        .chain(h.last_before.iter())
        .filter_map(|d| date_of(d))
        .filter(|d| *d <= today)
        .max();
    let cancellations: Vec<(Date, Option<Date>)> = h
        .cancelled
        .iter()
        .filter_map(|(on, rebooked)| Some((date_of(on)?, rebooked.as_deref().and_then(date_of))))
        .collect();
    SupervisionFlags {
        cancelled_to_rebook: cancellations
            .iter()
            .filter(|(on, rebooked)| {
                standing::still_to_rebook(*on, *rebooked, last_held)
                    && rules::cancellation_unrebooked(*on, *rebooked, today, r, holidays)
            })
            .count(),
        short_sessions: h
            .minutes_since
            .iter()
            .flatten()
            .filter(|m| rules::is_short(**m as u32, &agreed))
            .count(),
        cancelled_not_rebooked: cancellations
            .iter()
            .filter(|(on, rebooked)| {
                rules::cancellation_unrebooked(*on, *rebooked, today, r, holidays)
            })
            .count(),
        confirmation_late: h
            .unconfirmed_recorded_at
            .iter()
            .filter_map(|at| date_of(at.get(..10)?))
            .filter(|d| rules::confirmation_overdue(*d, false, today, r))
            .count(),
        review_on: review.map(iso),
        review_overdue: review.is_some_and(|d| today > d),
    }
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

/// Where someone read by `store::supervision::supervised_people`, with their
/// `held_history`, stands today: shared by the dashboard and the self-assessment's evidence
/// (`service::self_assessment::evidence`).
pub fn status_today(
    p: &store::SupervisedPerson,
    h: &store::HeldHistory,
    today: Date,
    r: &SupervisionRules,
) -> SupervisionStatus {
    let held: Vec<Date> = h
        .held_since
        .iter()
        .chain(h.last_before.iter())
        .filter_map(|d| date_of(d))
        .collect();
    status_of(
        &StatusInput {
            career_stage: &p.career_stage,
            start_date: date_of(&p.start_date).unwrap_or(today),
            agreement_starts_on: p.agreement_starts_on.as_deref().and_then(date_of),
            interval_override: p.interval_override.map(|d| d as u32),
            held: &held,
            unconfirmed: h.unconfirmed,
        },
        today,
        r,
    )
}

/// Everyone in the actor's scope (or, with `mine`, only people whose agreement names
/// the actor) who matches `filter`, with their status today.
pub async fn dashboard(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    mine: bool,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<Dashboard> {
    require(actor, Capability::ViewSupervisionDashboard)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    // The window's sessions, plus each person's last one before it (`last_before`), are all
    // the 12-month compliance needs.
    let since = rules::add_months_back(today, 12);
    let people = store::supervised_people(&db.pool, &scope, mine.then_some(actor.user_id)).await?;
    let history = store::held_history(&db.pool, db.backend, &scope, &iso(since)).await?;
    let amhp = crate::service::amhp_supervision::standings(db, settings, &scope, today).await?;
    let mut rows: Vec<DashboardRow> = people
        .into_iter()
        .map(|p| {
            let h = history.get(&p.id).cloned().unwrap_or_default();
            let status = status_today(&p, &h, today, &settings.supervision);
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
                flags: flags_of(
                    &FlagInput {
                        history: &h,
                        minimum_minutes: p.minimum_minutes,
                        review_on: p.review_on.as_deref(),
                    },
                    today,
                    &settings.supervision,
                    &settings.calendar.holidays,
                ),
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
    audit(
        &db.pool,
        actor,
        "read",
        "supervision_dashboard",
        "",
        format!("{} people", rows.len()),
    )
    .await?;
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
