//! The supervision quality pulse: the supervisee answers four statements once after a held
//! session, and managers see grouped results only at the threshold. The wording, parsing
//! and suppression are `domain::pulse`; who sees which groups is `policy::pulse_scope`.

use super::{audit, require};
use crate::config::Settings;
use crate::domain::pulse::{self as rules, GroupResult, PulseInput, Scores};
use crate::domain::supervision::{SupervisionRules, add_months_back};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PulseScope, pulse_scope};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::practitioners::Practitioner;
use crate::store::pulse::{self as store, NewResponse, ResponseRow};
use crate::store::supervision::{self as sessions, Session};
use serde::Serialize;
use time::{Date, Duration};

/// The session and its practitioner, when the actor is its supervisee.
async fn own_session(
    db: &Db,
    actor: &Actor,
    session_id: i64,
) -> AppResult<(Session, Practitioner)> {
    require(actor, Capability::ConfirmOwnSupervision)?;
    let s = sessions::get_session(&db.pool, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = crate::service::access::practitioner_in_scope(db, actor, s.practitioner_id).await?;
    if actor.practitioner_id != Some(s.practitioner_id) {
        return Err(AppError::Forbidden);
    }
    Ok((s, p))
}

/// The last day the pulse can be answered: the held date plus `pulse_answer_days`.
fn closes_on(s: &Session, r: &SupervisionRules) -> Option<Date> {
    s.held_on?
        .checked_add(Duration::days(i64::from(r.pulse_answer_days)))
}

/// Why this session's pulse cannot be answered today, if it cannot. Pure.
pub fn closed_reason(
    s: &Session,
    answered: bool,
    today: Date,
    r: &SupervisionRules,
) -> Option<String> {
    if s.status != "held" {
        return Some("You can answer only after the session has been held".into());
    }
    if answered {
        return Some("You have already answered for this session. Thank you.".into());
    }
    match closes_on(s, r) {
        Some(last) if today <= last => None,
        Some(last) => Some(format!("Answers for this session closed on {last}")),
        None => Some("You can answer only after the session has been held".into()),
    }
}

/// What the form page needs: the session, and why it is closed (if it is).
#[derive(Debug, Clone, Serialize)]
pub struct PulseForm {
    pub session: Session,
    pub closed: Option<String>,
    pub explanation: String,
}

pub async fn form(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    session_id: i64,
    today: Date,
) -> AppResult<PulseForm> {
    let (s, _) = own_session(db, actor, session_id).await?;
    let answered = store::is_answered(&db.pool, session_id).await?;
    Ok(PulseForm {
        closed: closed_reason(&s, answered, today, &settings.supervision),
        explanation: rules::explanation(settings.supervision.pulse_min_responses),
        session: s,
    })
}

/// Whether the session page should offer the pulse to this actor (no audit: the session
/// page audits its own read).
pub async fn open_for(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    s: &Session,
    today: Date,
) -> AppResult<bool> {
    if actor.practitioner_id != Some(s.practitioner_id) || s.status != "held" {
        return Ok(false);
    }
    let answered = store::is_answered(&db.pool, s.id).await?;
    Ok(closed_reason(s, answered, today, &settings.supervision).is_none())
}

fn refused(message: String) -> AppError {
    AppError::Invalid(FieldErrors::single(rules::STATEMENTS[0], message))
}

/// The supervisee answers, once, for a held session within the answer window. One
/// transaction: the answered marker, the anonymous response, and an audit entry that says
/// who answered for which session but never what.
pub async fn answer(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    session_id: i64,
    input: &PulseInput,
    today: Date,
) -> AppResult<()> {
    let (s, p) = own_session(db, actor, session_id).await?;
    let answered = store::is_answered(&db.pool, session_id).await?;
    if let Some(reason) = closed_reason(&s, answered, today, &settings.supervision) {
        return Err(refused(reason));
    }
    let scores = input.parse().map_err(AppError::Invalid)?;
    let response = NewResponse {
        org_id: p.employer_org_id,
        team_id: p.team_id,
        supervisor_user_id: s.supervisor_user_id,
        month: month_of(today),
        scores: scores.0.map(i64::from),
    };
    let mut tx = Write::begin(db, actor).await?;
    if !store::mark_answered(&mut tx, session_id).await?.changed() {
        return Err(refused(
            "You have already answered for this session. Thank you.".into(),
        ));
    }
    store::insert_response(&mut tx, &response).await?;
    tx.commit("create", "supervision_pulse", session_id, "answered")
        .await?;
    Ok(())
}

/// The month (YYYY-MM) a response is grouped by; the demo groups its responses the same way.
pub(crate) fn month_of(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

// ---------------------------------------------------------------------------------------
// Results

/// One group's results, or none when it has fewer responses than the threshold (then not
/// even its count is given).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PulseGroup {
    /// `organisation`, `team` or `supervisor`.
    pub kind: String,
    pub id: Option<i64>,
    pub name: String,
    pub results: Option<GroupResult>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PulseSummary {
    /// Groups with fewer responses than this show no results.
    pub threshold: u32,
    /// Results cover responses from this month (YYYY-MM) on.
    pub since_month: String,
    pub explanation: String,
    /// The five scale labels, 1 to 5.
    pub scale: Vec<String>,
    pub organisation: Option<PulseGroup>,
    pub teams: Vec<PulseGroup>,
    pub supervisors: Vec<PulseGroup>,
}

/// Grouped results for the actor's pulse scope. There is deliberately no filter by period
/// or person: comparing two overlapping windows could isolate a single response.
pub async fn summary(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<PulseSummary> {
    require(actor, Capability::ViewSupervisionDashboard)?;
    // Kept between writes for each person asking (their scope names them or their team).
    let key = format!(
        "pulse summary|{:?}|user {}|{today}",
        pulse_scope(actor),
        actor.user_id
    );
    let kept = super::kept(db, key, || measured_summary(db, settings, actor, today)).await?;
    audit(db, actor, "read", "supervision_pulse", "", "summary").await?;
    Ok((*kept).clone())
}

/// The summary as `actor` may see it, read afresh.
async fn measured_summary(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<PulseSummary> {
    let r = &settings.supervision;
    let since = add_months_back(today, r.pulse_window_months.saturating_sub(1));
    let since_month = month_of(since);
    let scope = pulse_scope(actor);
    // Every month, not just the window's: release blocks count from each group's first month.
    let rows = store::responses(&db.pool, scope, "0000-00").await?;
    let min = r.pulse_min_responses;
    let release = Release {
        current_month: month_of(today),
        window_start: since_month.clone(),
        min,
    };
    let mut summary = PulseSummary {
        threshold: rules::threshold(min),
        since_month,
        explanation: rules::explanation(min),
        scale: rules::wording()
            .scale
            .items
            .iter()
            .map(|i| i.label.clone())
            .collect(),
        organisation: None,
        teams: groups(
            &rows,
            "team",
            |r| (r.team_id, r.team_name.clone()),
            &release,
        ),
        supervisors: groups(
            &rows,
            "supervisor",
            |r| (r.supervisor_user_id, r.supervisor_name.clone()),
            &release,
        ),
    };
    match scope {
        PulseScope::Organisation(_) => {
            summary.organisation = Some(PulseGroup {
                kind: "organisation".into(),
                id: actor.org_id,
                name: "Your organisation".into(),
                results: release.results(&rows.iter().collect::<Vec<_>>()),
            });
        }
        PulseScope::Team(team) if summary.teams.is_empty() => {
            let name = store::team_name(&db.pool, team).await?.unwrap_or_default();
            summary.teams.push(empty_group("team", team, name));
        }
        PulseScope::Supervisor(me) => {
            summary.teams.clear();
            if summary.supervisors.is_empty() {
                summary
                    .supervisors
                    .push(empty_group("supervisor", me, actor.display_name.clone()));
            }
        }
        _ => {}
    }
    Ok(summary)
}

/// The organisation's results over the `months` whole months before `today`'s, released
/// in blocks and suppressed below the threshold exactly as the summary's (none when fewer
/// answered). No audit: the caller audits its own read. Responses are grouped by the
/// practitioner's employer.
pub async fn organisation_results(
    db: &Db,
    settings: &Settings,
    org: i64,
    today: Date,
    months: u32,
) -> AppResult<Option<rules::GroupResult>> {
    let min = settings.supervision.pulse_min_responses;
    let rows = store::responses(&db.pool, PulseScope::Organisation(org), "0000-00").await?;
    let release = Release {
        current_month: month_of(today),
        window_start: month_of(add_months_back(today, months)),
        min,
    };
    Ok(release.results(&rows.iter().collect::<Vec<_>>()))
}

fn empty_group(kind: &str, id: i64, name: String) -> PulseGroup {
    PulseGroup {
        kind: kind.into(),
        id: Some(id),
        name,
        results: None,
    }
}

fn to_scores(r: &ResponseRow) -> Scores {
    Scores(r.scores.map(|v| v.clamp(1, 5) as u8))
}

/// Groups rows by a key (id and name), each suppressed below the threshold, by name.
/// When and how much of a group's responses may be shown (`domain::pulse::released`).
struct Release {
    current_month: String,
    window_start: String,
    min: u32,
}

impl Release {
    /// A group's results from its released responses, or none below the threshold.
    fn results(&self, rows: &[&ResponseRow]) -> Option<rules::GroupResult> {
        let dated: Vec<(String, Scores)> = rows
            .iter()
            .map(|r| (r.month.clone(), to_scores(r)))
            .collect();
        let shown: Vec<Scores> =
            rules::released(&dated, self.min, &self.current_month, &self.window_start)
                .into_iter()
                .copied()
                .collect();
        rules::aggregate(&shown, self.min)
    }
}

/// Groups rows by a key (id and name), each released in blocks and suppressed below the
/// threshold, by name.
fn groups(
    rows: &[ResponseRow],
    kind: &str,
    key: impl Fn(&ResponseRow) -> (Option<i64>, Option<String>),
    release: &Release,
) -> Vec<PulseGroup> {
    let fallback = if kind == "team" {
        "Not in a team"
    } else {
        "No longer a user"
    };
    let mut by: std::collections::BTreeMap<(String, Option<i64>), Vec<&ResponseRow>> =
        std::collections::BTreeMap::new();
    for r in rows {
        let (id, name) = key(r);
        by.entry((name.unwrap_or_else(|| fallback.into()), id))
            .or_default()
            .push(r);
    }
    by.into_iter()
        .map(|((name, id), group)| PulseGroup {
            kind: kind.into(),
            id,
            name,
            results: release.results(&group),
        })
        .collect()
}
