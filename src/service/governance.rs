//! The governance report for the board and quality committee (HEE guidance, consideration 2:
//! report supervision and registration into governance as is done for nurses and allied
//! health professionals): registration and renewal, supervision compliance by team, career
//! stage and session type with a 12-month trend, overdue and unconfirmed lists, the quality
//! pulse and capacity, for any date range. The same `GovernanceReport` feeds the page, the
//! API, the CSV and the XLSX (`web::exports`), so they cannot disagree.
//!
//! Counts here are over people the reader may already see by name (the report lists them),
//! so they are not suppressed; the pulse keeps its own threshold (`service::pulse`).

use super::registration::{self, Count, RegistrationOverview};
use super::{audit, parse_date, require};
use crate::config::Settings;
use crate::domain::reference;
use crate::domain::supervision::{self as rules, StatusInput, SupervisionRules, status_of};
use crate::domain::supervision_standing::SupervisionStanding;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, practitioner_scope};
use crate::service::pulse::PulseSummary;
use crate::store::Db;
use crate::store::governance::{self as store, SupervisorLoad, TeamCover, TypeCount, Unconfirmed};
use crate::store::registration as registration_store;
use crate::store::supervision::{self as supervision_store, HeldHistory, SupervisedPerson};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// The longest range a report covers: ten years, the span the benchmark measures.
const MAX_RANGE_DAYS: i64 = 3660;

/// The date range as sent (query string): ISO dates, both optional.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(default)]
pub struct GovernanceQuery {
    /// First day (default: a year before `to`).
    pub from: String,
    /// Last day (default: today).
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Range {
    pub from: Date,
    pub to: Date,
}

impl GovernanceQuery {
    /// Parses the range: real dates, `from` not after `to`, `to` not in the future, at most
    /// ten years. Each problem names its field.
    pub fn parse(&self, today: Date) -> Result<Range, FieldErrors> {
        let mut e = FieldErrors::default();
        let to = if self.to.trim().is_empty() {
            Some(today)
        } else {
            e.take("to", parse_date("The end date", &self.to))
        };
        let from = if self.from.trim().is_empty() {
            to.map(|t| rules::add_months_back(t, 12) + time::Duration::days(1))
        } else {
            e.take("from", parse_date("The start date", &self.from))
        };
        if let Some(t) = to
            && t > today
        {
            e.add("to", "The end date must be today or in the past");
        }
        if let (Some(f), Some(t)) = (from, to) {
            if f > t {
                e.add("from", "The start date must be on or before the end date");
            } else if (t - f).whole_days() > MAX_RANGE_DAYS {
                e.add("from", "The range must be ten years or shorter");
            }
        }
        match (from, to) {
            (Some(from), Some(to)) if e.is_empty() => Ok(Range { from, to }),
            _ => Err(e),
        }
    }
}

/// Compliance of a group of people over the range.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplianceRow {
    pub label: String,
    pub people: usize,
    /// Overdue on the last day of the range.
    pub overdue: usize,
    /// Mean share of days in the range on which supervision was in date (0 to 1), over
    /// people with an expectation in the range.
    pub compliance: Option<f64>,
}

/// One month of the trend: the share of people in date on its last day (or the range's).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrendPoint {
    pub on: String,
    pub people: usize,
    pub in_date: usize,
    pub share: Option<f64>,
}

/// A person overdue, or with an agreement and never supervised, on the last day of the
/// range (`standing` says which).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverduePerson {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub standing: SupervisionStanding,
    pub last_held: Option<String>,
    pub next_due: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Capacity {
    pub supervisors: Vec<SupervisorLoad>,
    pub supervisors_trained: usize,
    /// Hours of supervision held per month over the range, across the organisation.
    pub hours_per_month: f64,
    pub teams: Vec<TeamCover>,
    /// Teams with newly qualified social workers and no senior social worker.
    pub teams_lacking_senior: Vec<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GovernanceReport {
    pub from: String,
    pub to: String,
    pub generated_on: String,
    #[schema(value_type = Object)]
    pub registration: RegistrationOverview,
    /// Status changes recorded in the range (for example lapses), by new status.
    pub status_changes: Vec<Count>,
    pub people: usize,
    pub overall: ComplianceRow,
    pub by_team: Vec<ComplianceRow>,
    /// By employing organisation: a host's own staff beside each partner's seconded staff.
    pub by_employer: Vec<ComplianceRow>,
    pub by_stage: Vec<ComplianceRow>,
    pub by_type: Vec<TypeCount>,
    pub trend: Vec<TrendPoint>,
    pub overdue: Vec<OverduePerson>,
    /// People with no supervision agreement on the last day: their own count, never
    /// "overdue", since no due date was agreed.
    pub without_agreement: usize,
    /// Approved AMHPs on the last day, and those overdue for AMHP supervision then
    /// (`service::amhp_supervision`), apart from professional supervision.
    pub amhps: usize,
    pub amhp_supervision_overdue: usize,
    pub unconfirmed: Vec<Unconfirmed>,
    /// The quality pulse as the reader may see it (suppressed below its threshold), or none
    /// for roles that do not see supervision results.
    #[schema(value_type = Option<Object>)]
    pub pulse: Option<PulseSummary>,
    pub capacity: Capacity,
}

/// The report for the people in the actor's scope over `range`, audited as one read.
pub async fn report(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    range: Range,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<GovernanceReport> {
    require(actor, Capability::ViewGovernanceReport)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let r = &settings.supervision;
    // Everything before the trend's first month matters for "last held before".
    let since = range.from.min(rules::add_months_back(range.to, 12));
    let people = supervision_store::supervised_people(&db.pool, &scope, None).await?;
    let history =
        supervision_store::held_history(&db.pool, db.backend, &scope, &since.to_string()).await?;
    let lines = registration_store::lines(&db.pool, &scope).await?;
    let cpd_ready =
        crate::service::cpd::ready_for_renewal(db, &scope, range.to, &settings.cpd).await?;
    let joined = registration_store::joined_on(&db.pool, &scope).await?;
    let amhp = crate::service::amhp_supervision::standings(db, settings, &scope, range.to).await?;
    let registration = registration::summarise(lines, &cpd_ready, &joined, range.to);
    let status_changes = registration_store::changes_between(&db.pool, &scope, &from, &to).await?;
    let by_type =
        store::sessions_by_type(&db.pool, &scope, &from, &to, i64::from(r.minimum_minutes)).await?;
    let unconfirmed = store::unconfirmed(&db.pool, &scope, &from, &to).await?;
    let capacity = capacity(
        store::supervisor_loads(&db.pool, &scope, &from, &to).await?,
        store::team_cover(&db.pool, &scope).await?,
        range,
    );
    let pulse = if actor.can(Capability::ViewSupervisionDashboard) {
        Some(crate::service::pulse::summary(db, settings, actor, today).await?)
    } else {
        None
    };
    let measured = measure_all(&people, &history, range, r);
    audit(
        &db.pool,
        actor,
        "read",
        "governance_report",
        "",
        format!("{from} to {to}, {} people", people.len()),
    )
    .await?;
    Ok(GovernanceReport {
        from,
        to,
        generated_on: today.to_string(),
        registration,
        status_changes: status_counts(status_changes),
        people: people.len(),
        overall: group_row("Everyone".into(), &measured.iter().collect::<Vec<_>>()),
        by_team: grouped(&measured, |m| {
            m.person
                .team_name
                .clone()
                .unwrap_or_else(|| "No team".into())
        }),
        by_employer: grouped(&measured, |m| m.person.employer_name.clone()),
        by_stage: grouped(&measured, |m| {
            reference()
                .career_stages
                .label(&m.person.career_stage)
                .to_string()
        }),
        by_type: by_type
            .into_iter()
            .map(|mut t| {
                t.session_type = reference().session_types.label(&t.session_type).to_string();
                t
            })
            .collect(),
        trend: trend_with(&measured, range.to, r),
        amhps: amhp.len(),
        amhp_supervision_overdue: amhp.values().filter(|a| a.overdue).count(),
        without_agreement: measured
            .iter()
            .filter(|m| m.standing == SupervisionStanding::NoAgreement)
            .count(),
        overdue: measured
            .iter()
            .filter(|m| {
                matches!(
                    m.standing,
                    SupervisionStanding::Overdue | SupervisionStanding::NeverSupervised
                )
            })
            .map(|m| OverduePerson {
                practitioner_id: m.person.id,
                name: m.person.name.clone(),
                team_name: m.person.team_name.clone(),
                standing: m.standing,
                last_held: m.last_held.map(|d| d.to_string()),
                next_due: m.next_due.clone(),
            })
            .collect(),
        unconfirmed,
        pulse,
        capacity,
    })
}

fn status_counts(changes: Vec<String>) -> Vec<Count> {
    let mut by: BTreeMap<String, usize> = BTreeMap::new();
    for c in changes {
        *by.entry(c).or_default() += 1;
    }
    by.into_iter()
        .map(|(code, count)| Count {
            label: crate::domain::registration::RegistrationStatus::parse(&code)
                .map_or(code.clone(), |s| s.label().to_string()),
            code,
            count,
        })
        .collect()
}

/// One person measured over the range.
pub struct Measured<'a> {
    pub person: &'a SupervisedPerson,
    held: Vec<Date>,
    expectation_start: Date,
    start_date: Date,
    pub compliance: Option<f64>,
    pub overdue: bool,
    pub standing: SupervisionStanding,
    pub last_held: Option<Date>,
    pub next_due: Option<String>,
    interval_override: Option<u32>,
}

fn date_of(s: &str) -> Option<Date> {
    parse_date("", s).ok()
}

fn measure_all<'a>(
    people: &'a [SupervisedPerson],
    history: &HashMap<i64, HeldHistory>,
    range: Range,
    r: &SupervisionRules,
) -> Vec<Measured<'a>> {
    people
        .iter()
        .filter_map(|p| {
            let start_date = date_of(&p.start_date)?;
            // People who started after the range are not part of it.
            if start_date > range.to {
                return None;
            }
            let h = history.get(&p.id).cloned().unwrap_or_default();
            let mut held: Vec<Date> = h
                .held_since
                .iter()
                .chain(h.last_before.iter())
                .filter_map(|d| date_of(d))
                .filter(|d| *d <= range.to)
                .collect();
            held.sort_unstable();
            let agreement_starts_on = p.agreement_starts_on.as_deref().and_then(date_of);
            let interval_override = p.interval_override.map(|d| d as u32);
            let status = status_of(
                &StatusInput {
                    career_stage: &p.career_stage,
                    start_date,
                    agreement_starts_on,
                    interval_override,
                    held: &held,
                    unconfirmed: 0,
                },
                range.to,
                r,
            );
            let expectation_start = agreement_starts_on.unwrap_or(start_date);
            let compliance =
                rules::compliance(&held, expectation_start, range.from, range.to, |on| {
                    rules::effective_interval_days(
                        &p.career_stage,
                        start_date,
                        on,
                        interval_override,
                        r,
                    )
                });
            Some(Measured {
                person: p,
                last_held: held.last().copied(),
                held,
                expectation_start,
                start_date,
                compliance,
                overdue: status.overdue,
                standing: status.standing,
                next_due: status.next_due,
                interval_override,
            })
        })
        .collect()
}

fn group_row(label: String, group: &[&Measured]) -> ComplianceRow {
    let with: Vec<f64> = group.iter().filter_map(|m| m.compliance).collect();
    ComplianceRow {
        label,
        people: group.len(),
        overdue: group.iter().filter(|m| m.overdue).count(),
        compliance: (!with.is_empty()).then(|| with.iter().sum::<f64>() / with.len() as f64),
    }
}

fn grouped(measured: &[Measured], key: impl Fn(&Measured) -> String) -> Vec<ComplianceRow> {
    let mut groups: BTreeMap<String, Vec<&Measured>> = BTreeMap::new();
    for m in measured {
        groups.entry(key(m)).or_default().push(m);
    }
    groups
        .into_iter()
        .map(|(label, g)| group_row(label, &g))
        .collect()
}

/// The last day of each of the 12 months ending with `to`'s month; the final point is `to`
/// itself, so the trend ends on the report's last day.
pub fn trend_days(to: Date) -> Vec<Date> {
    (0..12u32)
        .rev()
        .map(|back| {
            if back == 0 {
                return to;
            }
            let month = rules::add_months_back(to, back);
            let next = rules::add_months(
                Date::from_calendar_date(month.year(), month.month(), 1).unwrap_or(month),
                1,
            );
            next.previous_day().unwrap_or(month)
        })
        .collect()
}

/// Whether one person was in date on `on`: `None` when no expectation applied (not yet
/// started, or no interval for their stage).
pub fn in_date_on(m: &Measured, on: Date, r: &SupervisionRules) -> Option<bool> {
    if on < m.start_date {
        return None;
    }
    let interval = rules::effective_interval_days(
        &m.person.career_stage,
        m.start_date,
        on,
        m.interval_override,
        r,
    )?;
    let last = m.held.iter().rev().find(|d| **d <= on).copied();
    Some(!rules::is_overdue(last, m.expectation_start, interval, on))
}

/// The share of people in date on each of the trend's days.
pub fn trend_with(measured: &[Measured], to: Date, r: &SupervisionRules) -> Vec<TrendPoint> {
    trend_days(to)
        .into_iter()
        .map(|on| {
            let states: Vec<bool> = measured
                .iter()
                .filter_map(|m| in_date_on(m, on, r))
                .collect();
            let in_date = states.iter().filter(|s| **s).count();
            TrendPoint {
                on: on.to_string(),
                people: states.len(),
                in_date,
                share: (!states.is_empty()).then(|| in_date as f64 / states.len() as f64),
            }
        })
        .collect()
}

fn capacity(supervisors: Vec<SupervisorLoad>, teams: Vec<TeamCover>, range: Range) -> Capacity {
    let months = ((range.to - range.from).whole_days() as f64 / 30.44).max(1.0);
    let minutes: i64 = supervisors.iter().map(|s| s.held_minutes).sum();
    Capacity {
        supervisors_trained: supervisors
            .iter()
            .filter(|s| s.practice_supervisor_trained)
            .count(),
        hours_per_month: (minutes as f64 / 60.0 / months * 10.0).round() / 10.0,
        teams_lacking_senior: teams
            .iter()
            .filter(|t| t.asye > 0 && t.senior == 0)
            .map(|t| t.team_name.clone())
            .collect(),
        supervisors,
        teams,
    }
}

/// Refuses a bad range as a field error the page and API both show.
pub fn parse_range(q: &GovernanceQuery, today: Date) -> AppResult<Range> {
    q.parse(today).map_err(AppError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_range_defaults_to_the_last_year_and_names_bad_fields() {
        let today = date!(2026 - 11 - 23);
        let r = GovernanceQuery::default().parse(today).unwrap();
        assert_eq!((r.from, r.to), (date!(2025 - 11 - 24), today));
        let bad = GovernanceQuery {
            from: "2026-12-01".into(),
            to: "2026-11-01".into(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(bad.0[0].field, "from");
        let future = GovernanceQuery {
            from: String::new(),
            to: "2027-01-01".into(),
        }
        .parse(today)
        .unwrap_err();
        assert_eq!(future.0[0].field, "to");
        let long = GovernanceQuery {
            from: "2000-01-01".into(),
            to: String::new(),
        }
        .parse(today)
        .unwrap_err();
        assert!(long.0[0].message.contains("ten years"));
    }

    #[test]
    fn the_trend_ends_on_the_last_day_and_steps_back_by_month_ends() {
        let days = trend_days(date!(2026 - 11 - 23));
        assert_eq!(days.len(), 12);
        assert_eq!(days[11], date!(2026 - 11 - 23));
        assert_eq!(days[10], date!(2026 - 10 - 31));
        assert_eq!(days[8], date!(2026 - 08 - 31));
        assert_eq!(days[0], date!(2025 - 12 - 31));
        assert!(days.windows(2).all(|w| w[0] < w[1]));
    }
}
