//! Supervision agreements, their acknowledgements, and sessions. Plain reads and writes:
//! who may do what, and what counts as overdue, live in `service::supervision` and
//! `domain::supervision`.

use super::practitioners::push_scope;
use super::sql::{Sql, now};
use crate::policy::PractitionerScope;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, AnyPool, Row};
use std::collections::HashMap;

/// The parties to an agreement, as stored in acknowledgements.
pub const PARTIES: [&str; 4] = [
    "practitioner",
    "line_manager",
    "professional_supervisor",
    "amhp_supervisor",
];

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Agreement {
    pub id: i64,
    pub practitioner_id: i64,
    pub line_manager_user_id: i64,
    pub line_manager_name: String,
    pub professional_supervisor_user_id: Option<i64>,
    pub professional_supervisor_name: Option<String>,
    pub amhp_supervisor_user_id: Option<i64>,
    pub amhp_supervisor_name: Option<String>,
    /// Function codes (supervision_functions list) each party covers.
    pub line_manager_functions: Vec<String>,
    pub professional_supervisor_functions: Vec<String>,
    /// An override of the career-stage interval, with its reason.
    pub interval_days: Option<i64>,
    pub override_reason: String,
    pub minimum_minutes: i64,
    pub starts_on: String,
    pub review_on: String,
    /// Parties who have acknowledged it (codes from `PARTIES`).
    pub acknowledged_by: Vec<String>,
}

/// Validated fields of a new agreement.
#[derive(Debug, Clone)]
pub struct AgreementFields {
    pub line_manager_user_id: i64,
    pub professional_supervisor_user_id: Option<i64>,
    pub amhp_supervisor_user_id: Option<i64>,
    pub line_manager_functions: Vec<String>,
    pub professional_supervisor_functions: Vec<String>,
    pub interval_days: Option<i64>,
    pub override_reason: String,
    pub minimum_minutes: i64,
    pub starts_on: String,
    pub review_on: String,
}

const AGREEMENT: &str = "SELECT a.id, a.practitioner_id, a.line_manager_user_id, lm.display_name AS line_manager_name,
    a.professional_supervisor_user_id, ps.display_name AS professional_supervisor_name,
    a.amhp_supervisor_user_id, am.display_name AS amhp_supervisor_name,
    a.line_manager_functions, a.professional_supervisor_functions, a.interval_days, a.override_reason,
    a.minimum_minutes, a.starts_on, a.review_on
    FROM supervision_agreements a
    JOIN users lm ON lm.id = a.line_manager_user_id
    LEFT JOIN users ps ON ps.id = a.professional_supervisor_user_id
    LEFT JOIN users am ON am.id = a.amhp_supervisor_user_id";

fn codes(s: String) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn agreement_from_row(r: &AnyRow) -> Result<Agreement, sqlx::Error> {
    Ok(Agreement {
        id: r.try_get("id")?,
        practitioner_id: r.try_get("practitioner_id")?,
        line_manager_user_id: r.try_get("line_manager_user_id")?,
        line_manager_name: r.try_get("line_manager_name")?,
        professional_supervisor_user_id: r.try_get("professional_supervisor_user_id")?,
        professional_supervisor_name: r.try_get("professional_supervisor_name")?,
        amhp_supervisor_user_id: r.try_get("amhp_supervisor_user_id")?,
        amhp_supervisor_name: r.try_get("amhp_supervisor_name")?,
        line_manager_functions: codes(r.try_get("line_manager_functions")?),
        professional_supervisor_functions: codes(r.try_get("professional_supervisor_functions")?),
        interval_days: r.try_get("interval_days")?,
        override_reason: r.try_get("override_reason")?,
        minimum_minutes: r.try_get("minimum_minutes")?,
        starts_on: r.try_get("starts_on")?,
        review_on: r.try_get("review_on")?,
        acknowledged_by: Vec::new(),
    })
}

/// The practitioner's current (not ended) agreement, with who has acknowledged it.
pub async fn current_agreement(
    pool: &AnyPool,
    practitioner_id: i64,
) -> Result<Option<Agreement>, sqlx::Error> {
    let row = sqlx::query(&format!(
        "{AGREEMENT} WHERE a.practitioner_id = $1 AND a.ended_on IS NULL ORDER BY a.id DESC LIMIT 1"
    ))
    .bind(practitioner_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut a = agreement_from_row(&row)?;
    a.acknowledged_by = sqlx::query(
        "SELECT party FROM supervision_agreement_acknowledgements WHERE agreement_id = $1 ORDER BY party",
    )
    .bind(a.id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>(0))
    .collect::<Result<_, _>>()?;
    Ok(Some(a))
}

/// Ends any current agreement on `starts_on` and inserts the new one.
pub async fn replace_agreement(
    conn: &mut AnyConnection,
    practitioner_id: i64,
    f: &AgreementFields,
    created_by: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query(
        "UPDATE supervision_agreements SET ended_on = $1 WHERE practitioner_id = $2 AND ended_on IS NULL",
    )
    .bind(f.starts_on.clone())
    .bind(practitioner_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query(
        "INSERT INTO supervision_agreements (practitioner_id, line_manager_user_id, professional_supervisor_user_id,
            amhp_supervisor_user_id, line_manager_functions, professional_supervisor_functions, interval_days,
            override_reason, minimum_minutes, starts_on, review_on, created_by_user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(practitioner_id)
    .bind(f.line_manager_user_id)
    .bind(f.professional_supervisor_user_id)
    .bind(f.amhp_supervisor_user_id)
    .bind(f.line_manager_functions.join(","))
    .bind(f.professional_supervisor_functions.join(","))
    .bind(f.interval_days)
    .bind(f.override_reason.clone())
    .bind(f.minimum_minutes)
    .bind(f.starts_on.clone())
    .bind(f.review_on.clone())
    .bind(created_by)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// Records a party's acknowledgement; acknowledging twice keeps the first.
pub async fn acknowledge(
    conn: &mut AnyConnection,
    agreement_id: i64,
    party: &str,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO supervision_agreement_acknowledgements (agreement_id, party, user_id, acknowledged_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (agreement_id, party) DO NOTHING",
    )
    .bind(agreement_id)
    .bind(party)
    .bind(user_id)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// A session without its notes (which only the two parties read).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    pub practitioner_id: i64,
    pub supervisor_user_id: i64,
    pub supervisor_name: String,
    /// A code from the session_types list.
    pub session_type: String,
    /// `planned`, `held` or `cancelled`.
    pub status: String,
    pub scheduled_on: String,
    pub held_on: Option<String>,
    pub minutes: Option<i64>,
    pub cancelled_on: Option<String>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: String,
    /// The cancelled session this one rebooks.
    pub rebooked_from_id: Option<i64>,
    /// Whether a later session rebooks this (cancelled) one.
    pub rebooked: bool,
    pub recorded_at: Option<String>,
    pub confirmed_at: Option<String>,
    pub supervisee_comment: String,
}

/// What only the supervisor and supervisee of a session see.
#[derive(Debug, Clone, Default, serde::Serialize, utoipa::ToSchema)]
pub struct SessionNotes {
    pub notes: String,
    pub agreed_actions: String,
}

const SESSION: &str =
    "SELECT s.id, s.practitioner_id, s.supervisor_user_id, u.display_name AS supervisor_name,
    s.session_type, s.status, s.scheduled_on, s.held_on, s.minutes, s.cancelled_on, s.cancelled_by,
    s.cancel_reason, s.rebooked_from_id,
    (SELECT COUNT(*) FROM supervision_sessions r WHERE r.rebooked_from_id = s.id) AS rebook_count,
    s.recorded_at, s.confirmed_at, s.supervisee_comment
    FROM supervision_sessions s JOIN users u ON u.id = s.supervisor_user_id";

fn session_from_row(r: &AnyRow) -> Result<Session, sqlx::Error> {
    Ok(Session {
        id: r.try_get("id")?,
        practitioner_id: r.try_get("practitioner_id")?,
        supervisor_user_id: r.try_get("supervisor_user_id")?,
        supervisor_name: r.try_get("supervisor_name")?,
        session_type: r.try_get("session_type")?,
        status: r.try_get("status")?,
        scheduled_on: r.try_get("scheduled_on")?,
        held_on: r.try_get("held_on")?,
        minutes: r.try_get("minutes")?,
        cancelled_on: r.try_get("cancelled_on")?,
        cancelled_by: r.try_get("cancelled_by")?,
        cancel_reason: r.try_get("cancel_reason")?,
        rebooked_from_id: r.try_get("rebooked_from_id")?,
        rebooked: r.try_get::<i64, _>("rebook_count")? > 0,
        recorded_at: r.try_get("recorded_at")?,
        confirmed_at: r.try_get("confirmed_at")?,
        supervisee_comment: r.try_get("supervisee_comment")?,
    })
}

/// A practitioner's sessions, newest first.
pub async fn sessions_for(
    pool: &AnyPool,
    practitioner_id: i64,
    limit: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    sqlx::query(&format!(
        "{SESSION} WHERE s.practitioner_id = $1 ORDER BY COALESCE(s.held_on, s.scheduled_on) DESC, s.id DESC LIMIT $2"
    ))
    .bind(practitioner_id)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(session_from_row)
    .collect()
}

pub async fn get_session(pool: &AnyPool, id: i64) -> Result<Option<Session>, sqlx::Error> {
    sqlx::query(&format!("{SESSION} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(session_from_row)
        .transpose()
}

pub async fn session_notes(pool: &AnyPool, id: i64) -> Result<SessionNotes, sqlx::Error> {
    let r = sqlx::query("SELECT notes, agreed_actions FROM supervision_sessions WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    Ok(SessionNotes {
        notes: r.try_get("notes")?,
        agreed_actions: r.try_get("agreed_actions")?,
    })
}

/// Validated fields of a new session, planned or already held.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub practitioner_id: i64,
    pub supervisor_user_id: i64,
    pub session_type: String,
    pub scheduled_on: String,
    /// `Some` for a session recorded as held: (date, minutes).
    pub held: Option<(String, i64)>,
    pub notes: SessionNotes,
    pub rebooked_from_id: Option<i64>,
}

pub async fn insert_session(conn: &mut AnyConnection, s: &NewSession) -> Result<i64, sqlx::Error> {
    let t = now();
    let (status, held_on, minutes, recorded_at) = match &s.held {
        Some((on, minutes)) => ("held", Some(on.clone()), Some(*minutes), Some(t.clone())),
        None => ("planned", None, None, None),
    };
    sqlx::query(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status, scheduled_on,
            held_on, minutes, rebooked_from_id, recorded_at, notes, agreed_actions, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(s.practitioner_id)
    .bind(s.supervisor_user_id)
    .bind(s.session_type.clone())
    .bind(status)
    .bind(s.scheduled_on.clone())
    .bind(held_on)
    .bind(minutes)
    .bind(s.rebooked_from_id)
    .bind(recorded_at)
    .bind(s.notes.notes.clone())
    .bind(s.notes.agreed_actions.clone())
    .bind(t)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// Records a planned session as held.
pub async fn mark_held(
    conn: &mut AnyConnection,
    id: i64,
    held_on: &str,
    minutes: i64,
    notes: &SessionNotes,
) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query(
        "UPDATE supervision_sessions SET status = 'held', held_on = $1, minutes = $2, notes = $3,
            agreed_actions = $4, recorded_at = $5, updated_at = $5 WHERE id = $6 AND status = 'planned'",
    )
    .bind(held_on.to_string())
    .bind(minutes)
    .bind(notes.notes.clone())
    .bind(notes.agreed_actions.clone())
    .bind(t)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn cancel(
    conn: &mut AnyConnection,
    id: i64,
    on: &str,
    by: &str,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE supervision_sessions SET status = 'cancelled', cancelled_on = $1, cancelled_by = $2,
            cancel_reason = $3, updated_at = $4 WHERE id = $5 AND status = 'planned'",
    )
    .bind(on.to_string())
    .bind(by.to_string())
    .bind(reason.to_string())
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The supervisee's sign-off, with an optional comment.
pub async fn confirm(conn: &mut AnyConnection, id: i64, comment: &str) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query(
        "UPDATE supervision_sessions SET confirmed_at = $1, supervisee_comment = $2, updated_at = $1
         WHERE id = $3 AND status = 'held' AND confirmed_at IS NULL",
    )
    .bind(t)
    .bind(comment.to_string())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// One current practitioner in scope with what the supervision rules need about them.
#[derive(Debug, Clone)]
pub struct SupervisedPerson {
    pub id: i64,
    pub name: String,
    pub team_name: Option<String>,
    /// The employing organisation's name (a host sees its own staff and seconded staff).
    pub employer_name: String,
    pub career_stage: String,
    pub start_date: String,
    pub agreement_starts_on: Option<String>,
    pub interval_override: Option<i64>,
    pub supervisor_name: Option<String>,
    pub must_not_practise: bool,
    /// The agreement's minimum session length and review date.
    pub minimum_minutes: Option<i64>,
    pub review_on: Option<String>,
}

/// Current practitioners in scope (optionally only those whose current agreement names
/// `party_user_id`), with their agreement's start, override and professional supervisor.
pub async fn supervised_people(
    pool: &AnyPool,
    scope: &PractitionerScope,
    party_user_id: Option<i64>,
) -> Result<Vec<SupervisedPerson>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.family_name || ', ' || p.given_name AS name, t.name AS team_name, emp.name AS employer_name, p.career_stage,
            COALESCE((SELECT ap.starts_on FROM asye_programmes ap WHERE ap.practitioner_id = p.id), p.start_date) AS start_date, a.starts_on, a.interval_days, a.minimum_minutes, a.review_on, COALESCE(ps.display_name, lm.display_name) AS supervisor_name,
            rg.status AS registration_status
         FROM practitioners p
         JOIN organisations emp ON emp.id = p.employer_org_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN registrations rg ON rg.practitioner_id = p.id
         LEFT JOIN supervision_agreements a ON a.practitioner_id = p.id AND a.ended_on IS NULL
         LEFT JOIN users lm ON lm.id = a.line_manager_user_id
         LEFT JOIN users ps ON ps.id = a.professional_supervisor_user_id",
    );
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
    pub held_since: Vec<String>,
    /// Length of each session in `held_since`, in the same order.
    pub minutes_since: Vec<Option<i64>>,
    pub last_before: Option<String>,
    pub unconfirmed: i64,
    /// When each unconfirmed record was made (RFC 3339), for the confirmation deadline.
    pub unconfirmed_recorded_at: Vec<String>,
    /// Sessions cancelled on or after `since`: (cancelled on, the day a replacement was
    /// booked, if one was).
    pub cancelled: Vec<(String, Option<String>)>,
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
    pool: &AnyPool,
    backend: super::Backend,
    scope: &PractitionerScope,
    since: &str,
) -> Result<HashMap<i64, HeldHistory>, sqlx::Error> {
    let mut out: HashMap<i64, HeldHistory> = HashMap::new();
    let counted = counted_types_sql(crate::domain::supervision::PROFESSIONAL);
    // One row per person: "held_on:minutes" pairs of the sessions that count as professional
    // supervision, and every unconfirmed record's time (any type waits for confirmation).
    let mut recent = Sql::new(&format!(
        "SELECT s.practitioner_id, {held}, {unconfirmed} AS unconfirmed_at,
            CAST(SUM(CASE WHEN s.confirmed_at IS NULL THEN 1 ELSE 0 END) AS BIGINT) AS unconfirmed
         FROM supervision_sessions s JOIN practitioners p ON p.id = s.practitioner_id",
        held = super::dialect::comma_agg(
            backend,
            &format!(
                "CASE WHEN s.session_type IN ({counted}) THEN s.held_on || ':' || COALESCE(CAST(s.minutes AS TEXT), '') END"
            )
        ) + " AS held",
        unconfirmed = super::dialect::comma_agg(
            backend,
            "CASE WHEN s.confirmed_at IS NULL THEN s.recorded_at END"
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
            h.held_since.push(on.to_string());
            h.minutes_since.push(minutes.parse().ok());
        }
        h.unconfirmed = r.try_get("unconfirmed")?;
        let at: Option<String> = r.try_get("unconfirmed_at")?;
        h.unconfirmed_recorded_at = at
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect();
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
        let at: Option<String> = r.try_get("rebooked_at")?;
        out.entry(r.try_get("practitioner_id")?)
            .or_default()
            .cancelled
            .push((
                r.try_get("cancelled_on")?,
                at.map(|t| t.chars().take(10).collect()),
            ));
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
        let last: Option<String> = r.try_get("last_held")?;
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

pub async fn supervisors_in(pool: &AnyPool, orgs: &[i64]) -> Result<Vec<Supervisor>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT u.id, u.display_name, u.org_id, CASE WHEN p.swe_number IS NULL THEN 0 ELSE 1 END AS registered
         FROM users u LEFT JOIN practitioners p ON p.id = u.practitioner_id
         WHERE u.active = 1 AND u.id IN (SELECT user_id FROM user_roles
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
