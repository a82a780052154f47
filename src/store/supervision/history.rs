//! The people supervision is measured for, and their held sessions by type (the dashboard's and the report's reads).

use super::*;
use crate::domain::timestamp::Timestamp;
use crate::store::sql::{SUPERVISION_CLOCK_START, day_in_text};
use std::sync::LazyLock;

/// One current practitioner in scope with what the supervision rules need about them.
#[derive(Debug, Clone)]
pub struct SupervisedPerson {
    pub id: i64,
    pub name: String,
    pub team_name: Option<String>,
    /// The employing organisation's name (a host sees its own staff and seconded staff).
    pub employer_name: String,
    pub career_stage: String,
    pub start_date: Date,
    pub agreement_starts_on: Option<Date>,
    pub interval_override: Option<i64>,
    pub supervisor_name: Option<String>,
    pub must_not_practise: bool,
    /// The agreement's minimum session length and review date.
    pub minimum_minutes: Option<i64>,
    pub review_on: Option<Date>,
}

/// The read of `supervised_people` before its scope and filter: the supervision clock's
/// start is `sql::SUPERVISION_CLOCK_START`.
static SUPERVISED_PEOPLE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT p.id, p.family_name || ', ' || p.given_name AS name, t.name AS team_name, emp.name AS employer_name, p.career_stage,
            {SUPERVISION_CLOCK_START} AS start_date, a.starts_on, a.interval_days, a.minimum_minutes, a.review_on, COALESCE(ps.display_name, lm.display_name) AS supervisor_name,
            rg.status AS registration_status
         FROM practitioners p
         JOIN organisations emp ON emp.id = p.employer_org_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN registrations rg ON rg.practitioner_id = p.id
         LEFT JOIN supervision_agreements a ON a.practitioner_id = p.id AND a.ended_on IS NULL
         LEFT JOIN users lm ON lm.id = a.line_manager_user_id
         LEFT JOIN users ps ON ps.id = a.professional_supervisor_user_id"
    )
});

/// Current practitioners in scope (optionally only those whose current agreement names
/// `party_user_id`), with their agreement's start, override and professional supervisor.
pub async fn supervised_people(
    pool: &Pool,
    scope: &PractitionerScope,
    party_user_id: Option<i64>,
) -> Result<Vec<SupervisedPerson>, sqlx::Error> {
    let mut sql = Sql::new(&SUPERVISED_PEOPLE);
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL");
    if let Some(u) = party_user_id {
        sql.push(" AND (a.line_manager_user_id = ")
            .bind(u)
            .push(" OR a.professional_supervisor_user_id = ")
            .bind(u)
            .push(" OR a.amhp_supervisor_user_id = ")
            .bind(u)
            .push(")");
    }
    sql.push(" ORDER BY p.family_name, p.given_name, p.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(SupervisedPerson {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                team_name: r.try_get("team_name")?,
                employer_name: r.try_get("employer_name")?,
                career_stage: r.try_get("career_stage")?,
                start_date: r.try_get("start_date")?,
                agreement_starts_on: r.try_get("starts_on")?,
                interval_override: r.try_get("interval_days")?,
                supervisor_name: r.try_get("supervisor_name")?,
                minimum_minutes: r.try_get("minimum_minutes")?,
                review_on: r.try_get("review_on")?,
                must_not_practise: crate::store::practitioners::must_not_practise(
                    r.try_get::<Option<String>, _>("registration_status")?
                        .as_deref(),
                ),
            })
        })
        .collect()
}

/// Per practitioner in scope: held session dates on or after `since`, the latest held
/// date before it, and how many held sessions await the supervisee's confirmation.
#[derive(Debug, Clone, Default)]
pub struct HeldHistory {
    pub held_since: Vec<Date>,
    /// Length of each session in `held_since`, in the same order.
    pub minutes_since: Vec<Option<i64>>,
    pub last_before: Option<Date>,
    pub unconfirmed: i64,
    /// The UTC day each unconfirmed record was made, for the confirmation deadline.
    pub unconfirmed_recorded_on: Vec<Date>,
    /// Sessions cancelled on or after `since`: (cancelled on, the day a replacement was
    /// booked (the UTC day of its creation), if one was).
    pub cancelled: Vec<(Date, Option<Date>)>,
}

/// The session types that count towards `requirement` (`data/reference-lists.toml`
/// `session_types` `counts_towards`), as a SQL list of literals. They are embedded reference
/// codes, never user input, and are checked to be plain identifiers before use.
pub(crate) fn counted_types_sql(requirement: &str) -> String {
    let codes = crate::domain::reference()
        .session_types
        .counting_towards(requirement);
    assert!(
        codes
            .iter()
            .all(|c| !c.is_empty() && c.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')),
        "session type codes are plain identifiers"
    );
    if codes.is_empty() {
        return "NULL".into();
    }
    codes
        .iter()
        .map(|c| format!("'{c}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn held_history(
    pool: &Pool,
    backend: crate::store::Backend,
    scope: &PractitionerScope,
    since: Date,
) -> Result<HashMap<i64, HeldHistory>, sqlx::Error> {
    let mut out: HashMap<i64, HeldHistory> = HashMap::new();
    let counted = counted_types_sql(crate::domain::supervision::PROFESSIONAL);
    // One row per person: "held_on:minutes" pairs of the sessions that count as professional
    // supervision, and every unconfirmed record's time (any type waits for confirmation).
    // Packed in SQL on purpose: one typed row per session instead made the dashboard about
    // 10% slower (A/B 1.10 in wall time, release builds, 2,000 practitioners with 10 years
    // of supervision), since there are some twenty sessions in the window per person.
    let mut recent = Sql::new(&format!(
        "SELECT s.practitioner_id, {held}, {unconfirmed} AS unconfirmed_at,
            CAST(SUM(CASE WHEN s.confirmed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unconfirmed
         FROM supervision_sessions s JOIN practitioners p ON p.id = s.practitioner_id",
        held = crate::store::dialect::comma_agg(
            backend,
            &format!(
                "CASE WHEN s.session_type IN ({counted}) THEN CAST(s.held_on AS TEXT) || ':' || COALESCE(CAST(s.minutes AS TEXT), '') END"
            )
        ) + " AS held",
        unconfirmed = crate::store::dialect::comma_agg(
            backend,
            &format!(
                "CASE WHEN s.confirmed_at IS NULL THEN {} END",
                crate::store::dialect::utc_day_text(backend, "s.recorded_at")
            )
        ),
    ));
    push_scope(&mut recent, scope);
    recent
        .push(" AND p.end_date IS NULL AND s.status = 'held' AND s.held_on >= ")
        .bind(since)
        .push(" GROUP BY s.practitioner_id");
    for r in recent.query().fetch_all(pool).await? {
        let h = out.entry(r.try_get("practitioner_id")?).or_default();
        let held: Option<String> = r.try_get("held")?;
        for pair in held
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|p| !p.is_empty())
        {
            let (on, minutes) = pair.split_once(':').unwrap_or((pair, ""));
            h.held_since.push(day_in_text(on, "held")?);
            h.minutes_since.push(minutes.parse().ok());
        }
        h.unconfirmed = r.try_get("unconfirmed")?;
        let at: Option<String> = r.try_get("unconfirmed_at")?;
        h.unconfirmed_recorded_on = at
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|t| !t.is_empty())
            .map(|t| day_in_text(t, "unconfirmed_at"))
            .collect::<Result<_, _>>()?;
    }
    let mut cancelled = Sql::new(
        "SELECT s.practitioner_id, s.cancelled_on, MIN(r.created_at) AS rebooked_at
         FROM supervision_sessions s
         JOIN practitioners p ON p.id = s.practitioner_id
         LEFT JOIN supervision_sessions r ON r.rebooked_from_id = s.id",
    );
    push_scope(&mut cancelled, scope);
    cancelled
        .push(" AND p.end_date IS NULL AND s.status = 'cancelled' AND s.cancelled_on >= ")
        .bind(since)
        .push(" GROUP BY s.id, s.practitioner_id, s.cancelled_on");
    for r in cancelled.query().fetch_all(pool).await? {
        let at: Option<Timestamp> = r.try_get("rebooked_at")?;
        out.entry(r.try_get("practitioner_id")?)
            .or_default()
            .cancelled
            .push((r.try_get("cancelled_on")?, at.map(Timestamp::day)));
    }
    // The latest held session before the window, per person: a correlated MAX that both
    // engines answer from the (practitioner, status, held_on) index with one seek each.
    let mut before = Sql::new(
        &format!("SELECT p.id AS practitioner_id, (SELECT MAX(s.held_on) FROM supervision_sessions s
            WHERE s.practitioner_id = p.id AND s.status = 'held' AND s.session_type IN ({counted}) AND s.held_on < "),
    );
    before
        .bind(since)
        .push(") AS last_held FROM practitioners p");
    push_scope(&mut before, scope);
    before.push(" AND p.end_date IS NULL");
    for r in before.query().fetch_all(pool).await? {
        let last: Option<Date> = r.try_get("last_held")?;
        if last.is_some() {
            out.entry(r.try_get("practitioner_id")?)
                .or_default()
                .last_before = last;
        }
    }
    Ok(out)
}

/// Someone who may be named in an agreement or record a session: an active user of one of
/// `orgs` with a supervising role, and whether they are a registered social worker
/// (their own practitioner record has a registration number).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Supervisor {
    pub user_id: i64,
    pub name: String,
    pub org_id: i64,
    pub registered_social_worker: bool,
}

pub async fn supervisors_in(pool: &Pool, orgs: &[i64]) -> Result<Vec<Supervisor>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT u.id, u.display_name, u.org_id, CASE WHEN p.swe_number IS NULL THEN 0 ELSE 1 END AS registered
         FROM users u LEFT JOIN practitioners p ON p.id = u.practitioner_id
         WHERE u.active AND u.id IN (SELECT user_id FROM user_roles
            WHERE role IN ('supervisor', 'team_manager', 'principal_social_worker'))
         AND u.org_id IN (",
    );
    for (i, o) in orgs.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*o);
    }
    if orgs.is_empty() {
        sql.push("NULL");
    }
    sql.push(") ORDER BY u.display_name, u.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Supervisor {
                user_id: r.try_get("id")?,
                name: r.try_get("display_name")?,
                org_id: r.try_get("org_id")?,
                registered_social_worker: r.try_get::<i64, _>("registered")? == 1,
            })
        })
        .collect()
}
