//! Sessions, API tokens and sign-in throttling. Secrets are stored only as SHA-256 hashes.

use super::sql::now;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Pool, query, query_as};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SessionRow {
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: Timestamp,
    pub last_seen_at: Timestamp,
}

pub async fn create_session(
    conn: &mut Conn,
    id_hash: &str,
    user_id: i64,
    csrf: &str,
    sso_provider: Option<&str>,
) -> Result<(), sqlx::Error> {
    let t = now();
    query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, sso_provider) VALUES ($1, $2, $3, $4, $4, $5)")
        .bind(id_hash.to_string())
        .bind(user_id)
        .bind(csrf.to_string())
        .bind(t)
        .bind(sso_provider.map(str::to_string))
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn touch_session(pool: &Pool, id_hash: &str) -> Result<(), sqlx::Error> {
    query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now())
        .bind(id_hash.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// Ends a session; the identity provider it was signed in through, if any.
pub async fn delete_session(pool: &Pool, id_hash: &str) -> Result<Option<String>, sqlx::Error> {
    let gone = query("DELETE FROM sessions WHERE id_hash = $1 RETURNING sso_provider")
        .bind(id_hash.to_string())
        .fetch_optional(pool)
        .await?;
    Ok(match gone {
        Some(row) => row.try_get(0)?,
        None => None,
    })
}

/// Removes sessions idle since before `idle_cutoff` or created before `absolute_cutoff`.
pub async fn delete_expired_sessions(
    pool: &Pool,
    idle_cutoff: Timestamp,
    absolute_cutoff: Timestamp,
) -> Result<u64, sqlx::Error> {
    Ok(
        query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_cutoff)
            .bind(absolute_cutoff)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

pub async fn create_token(
    conn: &mut Conn,
    user_id: i64,
    token_hash: &str,
    name: &str,
    expires_at: Timestamp,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO api_tokens (user_id, token_hash, label, created_at, expires_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(user_id)
    .bind(token_hash.to_string())
    .bind(name.to_string())
    .bind(now())
    .bind(expires_at)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// A token as its owner sees it (never its value).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TokenRow {
    pub id: i64,
    pub user_id: i64,
    #[sqlx(rename = "label")]
    pub name: String,
    pub created_at: Timestamp,
    pub last_used_at: Option<Timestamp>,
    pub expires_at: Timestamp,
}

pub async fn touch_token(pool: &Pool, id: i64) -> Result<(), sqlx::Error> {
    query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(pool)
        .await?;
    Ok(())
}

/// A user's tokens, newest first, expired ones included (until revoked).
pub async fn tokens_of(pool: &Pool, user_id: i64) -> Result<Vec<TokenRow>, sqlx::Error> {
    query_as(
        "SELECT id, user_id, label, created_at, last_used_at, expires_at FROM api_tokens
         WHERE user_id = $1 ORDER BY created_at DESC, id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await
}

/// Revokes one of a user's tokens. Returns whether it was theirs.
pub async fn delete_token(conn: &mut Conn, user_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        query("DELETE FROM api_tokens WHERE id = $1 AND user_id = $2")
            .bind(id)
            .bind(user_id)
            .execute(conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// Ends everything a user is signed in with: sessions and API tokens (a new password,
/// deactivation).
pub async fn end_all_access(conn: &mut Conn, user_id: i64) -> Result<(), sqlx::Error> {
    for sql in [
        "DELETE FROM sessions WHERE user_id = $1",
        "DELETE FROM api_tokens WHERE user_id = $1",
    ] {
        query(sql).bind(user_id).execute(&mut *conn).await?;
    }
    Ok(())
}

/// One throttle counter as stored.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ThrottleRow {
    pub attempts: i64,
    pub window_started_at: Timestamp,
    pub retry_at: Option<Timestamp>,
}

/// Claims one attempt on a counter, atomically: the counter is created if missing, a
/// window that started before `window_cutoff` starts again at `now`, and the attempt is
/// counted only if fewer than `max_attempts` are counted and any wait has ended. One
/// UPDATE decides, so parallel attempts can never pass the limit. Returns the attempts
/// counted with this one, or `None` when refused.
pub async fn claim_attempt(
    pool: &Pool,
    key: &str,
    now: Timestamp,
    window_cutoff: Timestamp,
    max_attempts: i64,
) -> Result<Option<i64>, sqlx::Error> {
    query(
        "INSERT INTO sign_in_throttle (throttle_key, attempts, window_started_at, retry_at)
         VALUES ($1, 0, $2, NULL) ON CONFLICT (throttle_key) DO NOTHING",
    )
    .bind(key.to_string())
    .bind(now)
    .execute(pool)
    .await?;
    let row = query(
        "UPDATE sign_in_throttle SET
            attempts = CASE WHEN window_started_at < $2 THEN 1 ELSE attempts + 1 END,
            retry_at = CASE WHEN window_started_at < $2 THEN NULL ELSE retry_at END,
            window_started_at = CASE WHEN window_started_at < $2 THEN $3 ELSE window_started_at END
         WHERE throttle_key = $1
           AND (window_started_at < $2
                OR (attempts < $4 AND (retry_at IS NULL OR retry_at <= $3)))
         RETURNING attempts",
    )
    .bind(key.to_string())
    .bind(window_cutoff)
    .bind(now)
    .bind(max_attempts)
    .fetch_optional(pool)
    .await?;
    row.map(|r| r.try_get::<i64, _>(0)).transpose()
}

pub async fn throttle_row(pool: &Pool, key: &str) -> Result<Option<ThrottleRow>, sqlx::Error> {
    query_as(
        "SELECT attempts, window_started_at, retry_at FROM sign_in_throttle WHERE throttle_key = $1",
    )
    .bind(key.to_string())
    .fetch_optional(pool)
    .await
}

/// After a failure: the next attempt on this counter waits until `retry_at` (a later wait
/// already set by a parallel failure is kept).
pub async fn delay_next_attempt(
    pool: &Pool,
    key: &str,
    retry_at: Timestamp,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE sign_in_throttle SET retry_at = $2
         WHERE throttle_key = $1 AND (retry_at IS NULL OR retry_at < $2)",
    )
    .bind(key.to_string())
    .bind(retry_at)
    .execute(pool)
    .await?;
    Ok(())
}

/// An attempt that succeeded no longer counts against a shared counter.
pub async fn release_attempt(pool: &Pool, key: &str) -> Result<(), sqlx::Error> {
    query(
        "UPDATE sign_in_throttle SET attempts = attempts - 1 WHERE throttle_key = $1 AND attempts > 0",
    )
    .bind(key.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

pub async fn clear_counter(pool: &Pool, key: &str) -> Result<(), sqlx::Error> {
    query("DELETE FROM sign_in_throttle WHERE throttle_key = $1")
        .bind(key.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// Counters whose window started before `cutoff` and whose wait has ended: they would
/// start again anyway.
pub async fn delete_stale_counters(pool: &Pool, cutoff: Timestamp) -> Result<u64, sqlx::Error> {
    Ok(query(
        "DELETE FROM sign_in_throttle WHERE window_started_at < $1 AND (retry_at IS NULL OR retry_at < $1)",
    )
    .bind(cutoff)
    .execute(pool)
    .await?
    .rows_affected())
}

/// The user a known-device cookie (by hash) belongs to.
pub async fn known_device_user(pool: &Pool, token_hash: &str) -> Result<Option<i64>, sqlx::Error> {
    let row = query("SELECT user_id FROM known_devices WHERE token_hash = $1")
        .bind(token_hash.to_string())
        .fetch_optional(pool)
        .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// Records (or refreshes) a browser that has signed in to the account.
pub async fn remember_device(
    pool: &Pool,
    token_hash: &str,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    let t = now();
    query(
        "INSERT INTO known_devices (token_hash, user_id, created_at, last_used_at) VALUES ($1, $2, $3, $3)
         ON CONFLICT (token_hash) DO UPDATE SET last_used_at = $3",
    )
    .bind(token_hash.to_string())
    .bind(user_id)
    .bind(t)
    .execute(pool)
    .await?;
    Ok(())
}

/// Forgets devices not used since `cutoff`.
pub async fn delete_old_devices(pool: &Pool, cutoff: Timestamp) -> Result<u64, sqlx::Error> {
    Ok(query("DELETE FROM known_devices WHERE last_used_at < $1")
        .bind(cutoff)
        .execute(pool)
        .await?
        .rows_affected())
}
