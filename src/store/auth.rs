//! Sessions, API tokens and sign-in throttling. Secrets are stored only as SHA-256 hashes.

use super::sql::{now, timestamp};
use sqlx::{AnyConnection, AnyPool, Row};

#[derive(Debug, Clone)]
pub struct SessionRow {
    pub user_id: i64,
    pub csrf_token: String,
    pub created_at: String,
    pub last_seen_at: String,
}

pub async fn create_session(
    conn: &mut AnyConnection,
    id_hash: &str,
    user_id: i64,
    csrf: &str,
) -> Result<(), sqlx::Error> {
    let t = now();
    sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at) VALUES ($1, $2, $3, $4, $4)")
        .bind(id_hash.to_string())
        .bind(user_id)
        .bind(csrf.to_string())
        .bind(t)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn session(pool: &AnyPool, id_hash: &str) -> Result<Option<SessionRow>, sqlx::Error> {
    let row = sqlx::query(
        "SELECT user_id, csrf_token, created_at, last_seen_at FROM sessions WHERE id_hash = $1",
    )
    .bind(id_hash.to_string())
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(SessionRow {
            user_id: r.try_get("user_id")?,
            csrf_token: r.try_get("csrf_token")?,
            created_at: r.try_get("created_at")?,
            last_seen_at: r.try_get("last_seen_at")?,
        })
    })
    .transpose()
}

pub async fn touch_session(pool: &AnyPool, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE id_hash = $2")
        .bind(now())
        .bind(id_hash.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_session(pool: &AnyPool, id_hash: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

/// Removes sessions idle since before `idle_cutoff` or created before `absolute_cutoff`.
pub async fn delete_expired_sessions(
    pool: &AnyPool,
    idle_cutoff: &str,
    absolute_cutoff: &str,
) -> Result<u64, sqlx::Error> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE last_seen_at < $1 OR created_at < $2")
            .bind(idle_cutoff.to_string())
            .bind(absolute_cutoff.to_string())
            .execute(pool)
            .await?
            .rows_affected(),
    )
}

pub async fn create_token(
    conn: &mut AnyConnection,
    user_id: i64,
    token_hash: &str,
    label: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query("INSERT INTO api_tokens (user_id, token_hash, label, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user_id)
        .bind(token_hash.to_string())
        .bind(label.to_string())
        .bind(now())
        .fetch_one(conn)
        .await?
        .try_get(0)
}

/// The user a token belongs to.
pub async fn token_user(pool: &AnyPool, token_hash: &str) -> Result<Option<i64>, sqlx::Error> {
    let row = sqlx::query("SELECT user_id FROM api_tokens WHERE token_hash = $1")
        .bind(token_hash.to_string())
        .fetch_optional(pool)
        .await?;
    row.map(|r| r.try_get("user_id")).transpose()
}

pub async fn failures_since(
    pool: &AnyPool,
    key: &str,
    since: time::OffsetDateTime,
) -> Result<i64, sqlx::Error> {
    sqlx::query("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND failed_at >= $2")
        .bind(key.to_string())
        .bind(timestamp(since))
        .fetch_one(pool)
        .await?
        .try_get(0)
}

pub async fn record_failure(pool: &AnyPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("INSERT INTO login_failures (throttle_key, failed_at) VALUES ($1, $2)")
        .bind(key.to_string())
        .bind(now())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn clear_failures(pool: &AnyPool, key: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
        .bind(key.to_string())
        .execute(pool)
        .await?;
    Ok(())
}
