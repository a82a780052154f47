//! Private calendar feeds (only the token's SHA-256 hash is stored) and the planned
//! sessions a feed shows.

use super::sql::now;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Pool, query, query_as};
use time::Date;

/// Revokes the user's current feed(s) and adds one with `token_hash`: one live URL per user.
pub async fn replace_feed(
    conn: &mut Conn,
    user_id: i64,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    revoke_with(&mut *conn, user_id).await?;
    query("INSERT INTO calendar_feeds (user_id, token_hash, created_at) VALUES ($1, $2, $3)")
        .bind(user_id)
        .bind(token_hash.to_string())
        .bind(now())
        .execute(conn)
        .await?;
    Ok(())
}

async fn revoke_with(conn: &mut Conn, user_id: i64) -> Result<u64, sqlx::Error> {
    Ok(
        query(
            "UPDATE calendar_feeds SET revoked_at = $1 WHERE user_id = $2 AND revoked_at IS NULL",
        )
        .bind(now())
        .bind(user_id)
        .execute(conn)
        .await?
        .rows_affected(),
    )
}

/// Revokes the user's live feed; returns how many were revoked.
pub async fn revoke(conn: &mut Conn, user_id: i64) -> Result<u64, sqlx::Error> {
    revoke_with(conn, user_id).await
}

/// When the user's live feed was created, if they have one.
pub async fn live_feed_created(
    pool: &Pool,
    user_id: i64,
) -> Result<Option<Timestamp>, sqlx::Error> {
    let row = query(
        "SELECT created_at FROM calendar_feeds WHERE user_id = $1 AND revoked_at IS NULL
         ORDER BY id DESC LIMIT 1",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// The owner of a live feed: (user id, their practitioner id, org id), for an active user.
pub async fn feed_owner(
    pool: &Pool,
    token_hash: &str,
) -> Result<Option<(i64, Option<i64>, Option<i64>)>, sqlx::Error> {
    let row = query(
        "SELECT u.id, u.practitioner_id, u.org_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id
         WHERE f.token_hash = $1 AND f.revoked_at IS NULL AND u.active",
    )
    .bind(token_hash.to_string())
    .fetch_optional(pool)
    .await?;
    row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .transpose()
}

/// A planned session as a feed shows it: no notes, only who and when.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FeedSession {
    pub id: i64,
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub supervisor_user_id: i64,
    pub supervisor_name: String,
    pub session_type: String,
    pub scheduled_on: Date,
    pub updated_at: Timestamp,
}

/// Planned sessions on or after `since` where the user is the supervisee (their
/// practitioner record) or the supervisor.
pub async fn planned_for(
    pool: &Pool,
    user_id: i64,
    practitioner_id: Option<i64>,
    since: Date,
) -> Result<Vec<FeedSession>, sqlx::Error> {
    query_as(
        "SELECT s.id, s.practitioner_id, p.given_name || ' ' || p.family_name AS practitioner_name,
            s.supervisor_user_id, u.display_name AS supervisor_name, s.session_type, s.scheduled_on, s.updated_at
         FROM supervision_sessions s
         JOIN practitioners p ON p.id = s.practitioner_id
         JOIN users u ON u.id = s.supervisor_user_id
         WHERE s.status = 'planned' AND s.scheduled_on >= $1
           AND (s.supervisor_user_id = $2 OR s.practitioner_id = $3)
         ORDER BY s.scheduled_on, s.id",
    )
    .bind(since)
    .bind(user_id)
    .bind(practitioner_id.unwrap_or(-1))
    .fetch_all(pool)
    .await
}
