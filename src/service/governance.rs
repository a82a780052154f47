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
use super::{ListQuery, audit, audit_page, kept, page_of, parse_date, require};
use crate::config::Settings;
use crate::domain::governance::{self as trend, ComplianceRow, TrendPoint, group_row, grouped};
use crate::domain::reference;
use crate::domain::supervision::{self as rules, StatusInput, SupervisionRules};
use crate::domain::supervision_standing::SupervisionStanding;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::pulse::PulseSummary;
use crate::store::Db;
use crate::store::governance::{self as store, SupervisorLoad, TeamCover, TypeCount, Unconfirmed};
use crate::store::registration as registration_store;
use crate::store::sql::Paged;
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

/// The report as one reader reads it: the part kept between writes, shared with every
/// reader in the same scope (never copied, so a page can show its counts without cloning
/// thousands of rows), and the pulse as this reader may see it.
pub struct GovernanceRead {
    pub kept: std::sync::Arc<GovernanceReport>,
    pub pulse: Option<PulseSummary>,
}

impl GovernanceRead {
    /// The whole report with this reader's pulse, for the API and the files.
    pub fn into_report(self) -> GovernanceReport {
        let mut report = GovernanceReport::clone(&self.kept);
        report.pulse = self.pulse;
        report
    }
}

/// The report for the people in the actor's scope over `range`, audited as one read. Kept
/// between writes (`service::kept`); the pulse, which depends on who asks, is read each
/// time.
pub async fn read(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    range: Range,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<GovernanceRead> {
    require(actor, Capability::ViewGovernanceReport)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let kept = kept_report(db, settings, &scope, range, today).await?;
    let pulse = if actor.can(Capability::ViewSupervisionDashboard) {
        Some(crate::service::pulse::summary(db, settings, actor, today).await?)
    } else {
        None
    };
    audit(
        db,
        actor,
        "read",
        "governance_report",
        "",
        format!("{} to {}, {} people", kept.from, kept.to, kept.people),
    )
    .await?;
    Ok(GovernanceRead { kept, pulse })
}

/// The whole report (`read`, with the pulse in it), for the API and the files.
pub async fn report(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    range: Range,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<GovernanceReport> {
    Ok(read(db, settings, actor, range, filter, today)
        .await?
        .into_report())
}

/// The report for the people in `scope` over `range`, without the pulse: kept between
/// writes (`service::kept`), shared by the report and its overdue list's pages.
async fn kept_report(
    db: &Db,
    settings: &Settings,
    scope: &PractitionerScope,
    range: Range,
    today: Date,
) -> AppResult<std::sync::Arc<GovernanceReport>> {
    let key = format!(
        "governance report|{scope:?}|{}|{}|{today}",
        range.from, range.to
    );
    kept(db, key, || {
        measured_report(db, settings, scope, range, today)
    })
    .await
}

/// The report for the people in `scope` over `range`, read and measured afresh, without
/// the pulse.
async fn measured_report(
    db: &Db,
    settings: &Settings,
    scope: &PractitionerScope,
    range: Range,
    today: Date,
) -> AppResult<GovernanceReport> {
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let r = &settings.supervision;
    let (people, history) = supervision_facts(db, scope, range).await?;
    let lines = registration_store::lines(&db.pool, scope).await?;
    let cpd_ready =
        crate::service::cpd::ready_for_renewal(db, scope, range.to, &settings.cpd).await?;
    let joined = registration_store::joined_on(&db.pool, scope).await?;
    let amhp = crate::service::amhp_supervision::standings(db, settings, scope, range.to).await?;
    let registration = registration::summarise(lines, &cpd_ready, &joined, range.to);
    let status_changes =
        registration_store::changes_between(&db.pool, scope, range.from, range.to).await?;
    let by_type = store::sessions_by_type(
        &db.pool,
        scope,
        range.from,
        range.to,
        i64::from(r.minimum_minutes),
    )
    .await?;
    let unconfirmed = store::unconfirmed(&db.pool, scope, range.from, range.to)
        .await?
        .into_iter()
        .map(|(u, _)| u)
        .collect();
    let capacity = capacity(
        store::supervisor_loads(&db.pool, scope, range.from, range.to).await?,
        store::team_cover(&db.pool, scope).await?,
        range,
    );
    let measured = measure_all(&people, &history, range, r);
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
        trend: trend::trend_with(&measured, range.to, r),
        amhps: amhp.len(),
        amhp_supervision_overdue: amhp.values().filter(|a| a.overdue).count(),
        without_agreement: measured
            .iter()
            .filter(|m| m.standing == SupervisionStanding::NoAgreement)
            .count(),
        overdue: overdue_of(&measured),
        unconfirmed,
        pulse: None,
        capacity,
    })
}

/// Everyone supervised in scope, and their held sessions from the trend's first month (or
/// the range's start, if earlier) with the last one before it.
async fn supervision_facts(
    db: &Db,
    scope: &PractitionerScope,
    range: Range,
) -> AppResult<(Vec<SupervisedPerson>, HashMap<i64, HeldHistory>)> {
    // Everything before the trend's first month matters for "last held before".
    let since = range.from.min(rules::add_months_back(range.to, 12));
    let people = supervision_store::supervised_people(&db.pool, scope, None).await?;
    let history = supervision_store::held_history(&db.pool, db.backend, scope, since).await?;
    Ok((people, history))
}

/// The people overdue or not yet supervised on the range's last day, as the report lists them.
fn overdue_of(measured: &[Measured<'_>]) -> Vec<OverduePerson> {
    measured
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
        .collect()
}

/// One page of the report's `overdue` list (same people, same order) for the page that
/// lists them, audited with the ids shown.
pub async fn overdue_page(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    range: Range,
    filter: &crate::domain::people_filter::PeopleFilter,
    list: &ListQuery,
    today: Date,
) -> AppResult<Paged<OverduePerson>> {
    require(actor, Capability::ViewGovernanceReport)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let report = kept_report(db, settings, &scope, range, today).await?;
    let page = page_of(&report.overdue, list);
    let about = format!("overdue on {}", range.to);
    audit_page(
        db,
        actor,
        "governance_overdue",
        &about,
        page.items.iter().map(|o| o.practitioner_id),
    )
    .await?;
    Ok(page)
}

/// A row of the unconfirmed list's page: the report's row and the supervisor's user id, so
/// that the page flags a supervisor who must not practise beside their name.
#[derive(Debug, Clone, Serialize)]
pub struct UnconfirmedLine {
    #[serde(flatten)]
    pub session: Unconfirmed,
    pub supervisor_user_id: i64,
}

/// One page of the report's `unconfirmed` list (held sessions in the range the supervisee
/// has not confirmed, same order), audited with the ids shown.
pub async fn unconfirmed_page(
    db: &Db,
    actor: &Actor,
    range: Range,
    filter: &crate::domain::people_filter::PeopleFilter,
    list: &ListQuery,
) -> AppResult<Paged<UnconfirmedLine>> {
    require(actor, Capability::ViewGovernanceReport)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let all: Vec<UnconfirmedLine> = store::unconfirmed(&db.pool, &scope, range.from, range.to)
        .await?
        .into_iter()
        .map(|(session, supervisor_user_id)| UnconfirmedLine {
            session,
            supervisor_user_id,
        })
        .collect();
    let page = page_of(&all, list);
    let about = format!("unconfirmed {} to {}", range.from, range.to);
    audit_page(
        db,
        actor,
        "governance_unconfirmed",
        &about,
        page.items.iter().map(|u| u.session.practitioner_id),
    )
    .await?;
    Ok(page)
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

/// One person measured over the range, with their row.
type Measured<'a> = trend::Measured<&'a SupervisedPerson>;

/// Each person read into `domain::governance::measure`: their ASYE or employment start,
/// agreement and held sessions (those since the window's start and the last one before it).
fn measure_all<'a>(
    people: &'a [SupervisedPerson],
    history: &HashMap<i64, HeldHistory>,
    range: Range,
    r: &SupervisionRules,
) -> Vec<Measured<'a>> {
    people
        .iter()
        .filter_map(|p| {
            let held: Vec<Date> = history
                .get(&p.id)
                .map(|h| {
                    h.held_since
                        .iter()
                        .chain(h.last_before.iter())
                        .copied()
                        .collect()
                })
                .unwrap_or_default();
            let input = StatusInput {
                career_stage: &p.career_stage,
                start_date: p.start_date,
                agreement_starts_on: p.agreement_starts_on,
                interval_override: p.interval_override.map(|d| d as u32),
                held: &held,
                unconfirmed: 0,
            };
            trend::measure(p, &input, range.from, range.to, r)
        })
        .collect()
}

fn capacity(supervisors: Vec<SupervisorLoad>, teams: Vec<TeamCover>, range: Range) -> Capacity {
    let minutes: i64 = supervisors.iter().map(|s| s.held_minutes).sum();
    Capacity {
        supervisors_trained: supervisors
            .iter()
            .filter(|s| s.practice_supervisor_trained)
            .count(),
        hours_per_month: trend::hours_per_month(minutes, range.from, range.to),
        teams_lacking_senior: teams
            .iter()
            .filter(|t| trend::lacks_senior(t.asye, t.senior))
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
}
