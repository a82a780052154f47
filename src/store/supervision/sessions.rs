//! Supervision sessions: planned, held, cancelled and confirmed, with their notes kept apart.

use super::*;
use crate::domain::timestamp::Timestamp;
use crate::store::Guarded;
use crate::store::engine::query_as;

/// A session without its notes (which only the two parties read).
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Session {
    pub id: i64,
    pub practitioner_id: i64,
    pub supervisor_user_id: i64,
    pub supervisor_name: String,
    /// A code from the session_types list.
    pub session_type: String,
    /// `planned`, `held` or `cancelled`.
    pub status: String,
    pub scheduled_on: Date,
    pub held_on: Option<Date>,
    pub minutes: Option<i64>,
    pub cancelled_on: Option<Date>,
    pub cancelled_by: Option<String>,
    pub cancel_reason: String,
    /// The cancelled session this one rebooks.
    pub rebooked_from_id: Option<i64>,
    /// Whether a later session rebooks this (cancelled) one.
    pub rebooked: bool,
    pub recorded_at: Option<Timestamp>,
    pub confirmed_at: Option<Timestamp>,
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
    EXISTS (SELECT 1 FROM supervision_sessions r WHERE r.rebooked_from_id = s.id) AS rebooked,
    s.recorded_at, s.confirmed_at, s.supervisee_comment
    FROM supervision_sessions s JOIN users u ON u.id = s.supervisor_user_id";

/// A practitioner's sessions, newest first.
pub async fn sessions_for(
    pool: &Pool,
    practitioner_id: i64,
    limit: i64,
) -> Result<Vec<Session>, sqlx::Error> {
    query_as(format!(
        "{SESSION} WHERE s.practitioner_id = $1 ORDER BY COALESCE(s.held_on, s.scheduled_on) DESC, s.id DESC LIMIT $2"
    ))
    .bind(practitioner_id)
    .bind(limit)
    .fetch_all(pool)
    .await
}

pub async fn get_session(pool: &Pool, id: i64) -> Result<Option<Session>, sqlx::Error> {
    query_as(format!("{SESSION} WHERE s.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn session_notes(pool: &Pool, id: i64) -> Result<SessionNotes, sqlx::Error> {
    let r = query("SELECT notes, agreed_actions FROM supervision_sessions WHERE id = $1")
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
    pub scheduled_on: Date,
    /// `Some` for a session recorded as held: (date, minutes).
    pub held: Option<(Date, i64)>,
    pub notes: SessionNotes,
    pub rebooked_from_id: Option<i64>,
}

pub async fn insert_session(conn: &mut Conn, s: &NewSession) -> Result<i64, sqlx::Error> {
    let t = now();
    let (status, held_on, minutes, recorded_at) = match &s.held {
        Some((on, minutes)) => ("held", Some(*on), Some(*minutes), Some(t)),
        None => ("planned", None, None, None),
    };
    query(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status, scheduled_on,
            held_on, minutes, rebooked_from_id, recorded_at, notes, agreed_actions, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(s.practitioner_id)
    .bind(s.supervisor_user_id)
    .bind(s.session_type.clone())
    .bind(status)
    .bind(s.scheduled_on)
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
    conn: &mut Conn,
    id: i64,
    held_on: Date,
    minutes: i64,
    notes: &SessionNotes,
) -> Result<Guarded, sqlx::Error> {
    let t = now();
    let done = query(
        "UPDATE supervision_sessions SET status = 'held', held_on = $1, minutes = $2, notes = $3,
            agreed_actions = $4, recorded_at = $5, updated_at = $5 WHERE id = $6 AND status = 'planned'",
    )
    .bind(held_on)
    .bind(minutes)
    .bind(notes.notes.clone())
    .bind(notes.agreed_actions.clone())
    .bind(t)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

pub async fn cancel(
    conn: &mut Conn,
    id: i64,
    on: Date,
    by: &str,
    reason: &str,
) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE supervision_sessions SET status = 'cancelled', cancelled_on = $1, cancelled_by = $2,
            cancel_reason = $3, updated_at = $4 WHERE id = $5 AND status = 'planned'",
    )
    .bind(on)
    .bind(by.to_string())
    .bind(reason.to_string())
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

/// The supervisee's sign-off, with an optional comment.
pub async fn confirm(conn: &mut Conn, id: i64, comment: &str) -> Result<Guarded, sqlx::Error> {
    let t = now();
    let done = query(
        "UPDATE supervision_sessions SET confirmed_at = $1, supervisee_comment = $2, updated_at = $1
         WHERE id = $3 AND status = 'held' AND confirmed_at IS NULL",
    )
    .bind(t)
    .bind(comment.to_string())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}
