//! Idempotency keys of API POSTs (`web::idempotency`): claimed before the request runs,
//! holding the first answer once it has.

use super::sql::now;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Pool, query};

/// The first answer to a key.
#[derive(Debug, Clone)]
pub struct Stored {
    pub fingerprint: String,
    /// `None` while the first request is still running (or was interrupted).
    pub status: Option<i64>,
    pub content_type: Option<String>,
    pub location: Option<String>,
    pub body: Option<String>,
}

/// Claims a key for a request. `true` if this request is the first with it.
pub async fn claim(
    pool: &Pool,
    user_id: i64,
    key: &str,
    fingerprint: &str,
) -> Result<bool, sqlx::Error> {
    Ok(query(
        "INSERT INTO idempotency_keys (user_id, idempotency_key, fingerprint, created_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id, idempotency_key) DO NOTHING",
    )
    .bind(user_id)
    .bind(key.to_string())
    .bind(fingerprint.to_string())
    .bind(now())
    .execute(pool)
    .await?
    .rows_affected()
        == 1)
}

pub async fn stored(pool: &Pool, user_id: i64, key: &str) -> Result<Option<Stored>, sqlx::Error> {
    query(
        "SELECT fingerprint, status, content_type, location, body FROM idempotency_keys
         WHERE user_id = $1 AND idempotency_key = $2",
    )
    .bind(user_id)
    .bind(key.to_string())
    .fetch_optional(pool)
    .await?
    .map(|r| {
        Ok(Stored {
            fingerprint: r.try_get("fingerprint")?,
            status: r.try_get("status")?,
            content_type: r.try_get("content_type")?,
            location: r.try_get("location")?,
            body: r.try_get("body")?,
        })
    })
    .transpose()
}

/// Keeps the first answer.
pub async fn complete(
    pool: &Pool,
    user_id: i64,
    key: &str,
    status: u16,
    content_type: Option<&str>,
    location: Option<&str>,
    body: &str,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE idempotency_keys SET status = $3, content_type = $4, location = $5, body = $6
         WHERE user_id = $1 AND idempotency_key = $2",
    )
    .bind(user_id)
    .bind(key.to_string())
    .bind(i64::from(status))
    .bind(content_type.map(String::from))
    .bind(location.map(String::from))
    .bind(body.to_string())
    .execute(pool)
    .await?;
    Ok(())
}

/// Frees a key whose request failed on the server (nothing was written: every write is
/// one transaction), so the client may retry with it.
pub async fn release(pool: &Pool, user_id: i64, key: &str) -> Result<(), sqlx::Error> {
    query("DELETE FROM idempotency_keys WHERE user_id = $1 AND idempotency_key = $2")
        .bind(user_id)
        .bind(key.to_string())
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn delete_before(pool: &Pool, cutoff: Timestamp) -> Result<u64, sqlx::Error> {
    Ok(query("DELETE FROM idempotency_keys WHERE created_at < $1")
        .bind(cutoff)
        .execute(pool)
        .await?
        .rows_affected())
}
