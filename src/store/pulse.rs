//! Supervision quality pulse storage. A response row holds only its grouping keys and the
//! four scores (no practitioner, no session, no time: see the migration); which sessions
//! have been answered is kept apart. Who may answer and who sees what live in
//! `service::pulse` and `domain::pulse`.

use super::sql::Sql;
use crate::policy::PulseScope;
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, query};
use time::Date;

/// Column names of the four scores, in `domain::pulse::STATEMENTS` order.
const SCORES: &str =
    "r.reflective_space, r.decisions_supported, r.wellbeing_workload, r.actions_clear";

/// A response to store: what it is grouped by and its scores.
#[derive(Debug, Clone)]
pub struct NewResponse {
    /// The practitioner's employer.
    pub org_id: i64,
    pub team_id: Option<i64>,
    pub supervisor_user_id: i64,
    /// YYYY-MM, never the day.
    pub month: String,
    pub scores: [i64; 4],
}

/// Whether the session's pulse has been answered.
pub async fn is_answered(pool: &Pool, session_id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        query("SELECT 1 FROM supervision_pulse_answered WHERE session_id = $1")
            .bind(session_id)
            .fetch_optional(pool)
            .await?
            .is_some(),
    )
}

/// Marks the session answered; `false` when it already was (a concurrent answer).
pub async fn mark_answered(conn: &mut Conn, session_id: i64) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "INSERT INTO supervision_pulse_answered (session_id) VALUES ($1) ON CONFLICT (session_id) DO NOTHING",
    )
    .bind(session_id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

/// Stores one response under a random id, so that row ids say nothing about order.
pub async fn insert_response(conn: &mut Conn, r: &NewResponse) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO supervision_pulse_responses (id, org_id, team_id, supervisor_user_id, month,
            reflective_space, decisions_supported, wellbeing_workload, actions_clear)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().simple().to_string())
    .bind(r.org_id)
    .bind(r.team_id)
    .bind(r.supervisor_user_id)
    .bind(r.month.clone())
    .bind(r.scores[0])
    .bind(r.scores[1])
    .bind(r.scores[2])
    .bind(r.scores[3])
    .execute(conn)
    .await?;
    Ok(())
}

/// One response as the summary reads it: grouping keys with names, and scores.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub supervisor_user_id: Option<i64>,
    pub supervisor_name: Option<String>,
    /// YYYY-MM: results are released in blocks of whole months (`domain::pulse::released`).
    pub month: String,
    pub scores: [i64; 4],
}

/// Responses in the scope from `since_month` (YYYY-MM) on (the summary asks for all of them,
/// so that release blocks keep fixed boundaries). They go only to
/// `domain::pulse::by_group`, which suppresses small groups.
pub async fn responses(
    pool: &Pool,
    scope: PulseScope,
    since_month: &str,
) -> Result<Vec<ResponseRow>, sqlx::Error> {
    let mut sql = Sql::new(&format!(
        "SELECT r.team_id, t.name AS team_name, r.supervisor_user_id, u.display_name AS supervisor_name, r.month, {SCORES}
         FROM supervision_pulse_responses r
         LEFT JOIN teams t ON t.id = r.team_id
         LEFT JOIN users u ON u.id = r.supervisor_user_id
         WHERE r.month >= "
    ));
    sql.bind(since_month.to_string());
    match scope {
        PulseScope::Organisation(org) => sql.push(" AND r.org_id = ").bind(org),
        PulseScope::Team(team) => sql.push(" AND r.team_id = ").bind(team),
        PulseScope::Supervisor(user) => sql.push(" AND r.supervisor_user_id = ").bind(user),
        PulseScope::Nothing => sql.push(" AND 1 = 0"),
    };
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ResponseRow {
                team_id: r.try_get("team_id")?,
                team_name: r.try_get("team_name")?,
                supervisor_user_id: r.try_get("supervisor_user_id")?,
                supervisor_name: r.try_get("supervisor_name")?,
                month: r.try_get("month")?,
                scores: [
                    r.try_get("reflective_space")?,
                    r.try_get("decisions_supported")?,
                    r.try_get("wellbeing_workload")?,
                    r.try_get("actions_clear")?,
                ],
            })
        })
        .collect()
}

/// The name of a team or a user, for a group with no responses yet.
pub async fn team_name(pool: &Pool, team_id: i64) -> Result<Option<String>, sqlx::Error> {
    query("SELECT name FROM teams WHERE id = $1")
        .bind(team_id)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// A held session with what a response to it is grouped by (for the demo generator).
#[derive(Debug, Clone)]
pub struct HeldSession {
    pub session_id: i64,
    pub held_on: Date,
    pub supervisor_user_id: i64,
    pub team_id: Option<i64>,
    pub org_id: i64,
}

/// Held sessions on or after `since`, oldest first.
pub async fn held_since(conn: &mut Conn, since: Date) -> Result<Vec<HeldSession>, sqlx::Error> {
    query(
        "SELECT s.id, s.held_on, s.supervisor_user_id, p.team_id, p.employer_org_id
         FROM supervision_sessions s JOIN practitioners p ON p.id = s.practitioner_id
         WHERE s.status = 'held' AND s.held_on >= $1 ORDER BY s.held_on, s.id",
    )
    .bind(since)
    .fetch_all(conn)
    .await?
    .iter()
    .map(|r| {
        Ok(HeldSession {
            session_id: r.try_get("id")?,
            held_on: r.try_get("held_on")?,
            supervisor_user_id: r.try_get("supervisor_user_id")?,
            team_id: r.try_get("team_id")?,
            org_id: r.try_get("employer_org_id")?,
        })
    })
    .collect()
}
