//! Set-based reads for the governance report and the capacity view: session counts by type,
//! supervisors' loads, teams' ASYE and senior cover, unconfirmed records. Plain queries; the
//! report is put together in `service::governance`.

use super::practitioners::push_scope;
use super::sql::Sql;
use crate::policy::PractitionerScope;
use crate::store::engine::Pool;
use time::Date;

/// Sessions of one type in a date range (by the held date, or the cancellation date).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TypeCount {
    pub session_type: String,
    pub held: i64,
    pub cancelled: i64,
    pub held_minutes: i64,
    /// Held sessions shorter than `minimum_minutes`.
    pub short: i64,
}

pub async fn sessions_by_type(
    pool: &Pool,
    scope: &PractitionerScope,
    from: Date,
    to: Date,
    minimum_minutes: i64,
) -> Result<Vec<TypeCount>, sqlx::Error> {
    // Held and cancelled sessions are found apart, each by its own day through its own
    // index per person, instead of filtering every session of everyone in scope on
    // `COALESCE(held_on, cancelled_on)`, which no index serves.
    let mut sql = Sql::new(
        "SELECT session_type,
            CAST(SUM(held) AS BIGINT) AS held,
            CAST(SUM(1 - held) AS BIGINT) AS cancelled,
            CAST(SUM(held * COALESCE(minutes, 0)) AS BIGINT) AS held_minutes,
            CAST(SUM(CASE WHEN held = 1 AND minutes < ",
    );
    sql.bind(minimum_minutes)
        .push(" THEN 1 ELSE 0 END) AS BIGINT) AS short FROM (");
    for (i, (status, day)) in [("held", "held_on"), ("cancelled", "cancelled_on")]
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push(&format!(
            "SELECT s.session_type, {held} AS held, s.minutes
             FROM practitioners p JOIN supervision_sessions s ON s.practitioner_id = p.id
                AND s.status = '{status}' AND s.{day} >= ",
            held = i64::from(status == "held"),
        ))
        .bind(from)
        .push(&format!(" AND s.{day} <= "))
        .bind(to);
        push_scope(&mut sql, scope);
    }
    sql.push(") x GROUP BY session_type ORDER BY session_type");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(TypeCount {
                session_type: r.try_get("session_type")?,
                held: r.try_get("held")?,
                cancelled: r.try_get("cancelled")?,
                held_minutes: r.try_get("held_minutes")?,
                short: r.try_get("short")?,
            })
        })
        .collect()
}

/// One person who supervises someone in scope.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct SupervisorLoad {
    pub user_id: i64,
    pub name: String,
    /// Current agreements where they are the professional supervisor, or the line manager
    /// when no professional supervisor is named.
    pub supervisees: i64,
    /// Their own practitioner record lists practice supervisor training.
    pub practice_supervisor_trained: bool,
    /// Minutes of held sessions they led in the range.
    pub held_minutes: i64,
}

pub async fn supervisor_loads(
    pool: &Pool,
    scope: &PractitionerScope,
    from: Date,
    to: Date,
) -> Result<Vec<SupervisorLoad>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT u.id, u.display_name, COUNT(*) AS supervisees,
            MAX(CASE WHEN (',' || COALESCE(sp.pq_roles, '') || ',') LIKE '%,practice_supervisor,%' THEN 1 ELSE 0 END) AS trained,
            (SELECT COALESCE(CAST(SUM(s.minutes) AS BIGINT), 0) FROM supervision_sessions s
              WHERE s.supervisor_user_id = u.id AND s.status = 'held' AND s.held_on >= ",
    );
    sql.bind(from).push(" AND s.held_on <= ").bind(to).push(
        ") AS held_minutes
         FROM practitioners p
         JOIN supervision_agreements a ON a.practitioner_id = p.id AND a.ended_on IS NULL
         JOIN users u ON u.id = COALESCE(a.professional_supervisor_user_id, a.line_manager_user_id)
         LEFT JOIN practitioners sp ON sp.id = u.practitioner_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL GROUP BY u.id, u.display_name ORDER BY supervisees DESC, u.display_name");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SupervisorLoad {
                user_id: r.try_get("id")?,
                name: r.try_get("display_name")?,
                supervisees: r.try_get("supervisees")?,
                practice_supervisor_trained: r.try_get::<i64, _>("trained")? != 0,
                held_minutes: r.try_get("held_minutes")?,
            })
        })
        .collect()
}

/// A team's newly qualified social workers against its senior cover.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct TeamCover {
    pub team_name: String,
    pub asye: i64,
    /// Senior social workers, advanced practitioners and consultants.
    pub senior: i64,
}

pub async fn team_cover(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<Vec<TeamCover>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT t.name,
            CAST(SUM(CASE WHEN p.career_stage = 'asye' THEN 1 ELSE 0 END) AS BIGINT) AS asye,
            CAST(SUM(CASE WHEN p.career_stage IN ('senior', 'advanced') THEN 1 ELSE 0 END) AS BIGINT) AS senior
         FROM practitioners p JOIN teams t ON t.id = p.team_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL GROUP BY t.id, t.name ORDER BY t.name");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(TeamCover {
                team_name: r.try_get("name")?,
                asye: r.try_get("asye")?,
                senior: r.try_get("senior")?,
            })
        })
        .collect()
}

/// A held session the supervisee has not confirmed.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Unconfirmed {
    pub practitioner_id: i64,
    pub name: String,
    pub supervisor_name: String,
    pub held_on: Date,
}

/// Held sessions in the range not yet confirmed, oldest first, each with its supervisor's
/// user id (for the page's flag beside their name; the report itself does not carry it).
pub async fn unconfirmed(
    pool: &Pool,
    scope: &PractitionerScope,
    from: Date,
    to: Date,
) -> Result<Vec<(Unconfirmed, i64)>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.family_name || ', ' || p.given_name AS name, u.display_name, s.held_on, u.id
         FROM supervision_sessions s
         JOIN practitioners p ON p.id = s.practitioner_id
         JOIN users u ON u.id = s.supervisor_user_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL AND s.status = 'held' AND s.confirmed_at IS NULL AND s.held_on >= ")
        .bind(from)
        .push(" AND s.held_on <= ")
        .bind(to)
        .push(" ORDER BY s.held_on, name");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                Unconfirmed {
                    practitioner_id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    supervisor_name: r.try_get(2)?,
                    held_on: r.try_get(3)?,
                },
                r.try_get(4)?,
            ))
        })
        .collect()
}
