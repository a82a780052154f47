//! Two-step sign-in's secrets and waiting sign-ins (`service::two_step`, `domain::totp`).

use super::Guarded;
use super::sql::now;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Pool, query};

/// A user's confirmed secret (base32), the one being set up, and the last step used.
#[derive(Debug, Clone, Default)]
pub struct Secrets {
    pub secret: Option<String>,
    pub pending: Option<String>,
    pub last_step: Option<i64>,
}

pub async fn secrets(pool: &Pool, user_id: i64) -> Result<Secrets, sqlx::Error> {
    let row =
        query("SELECT totp_secret, totp_pending_secret, totp_last_step FROM users WHERE id = $1")
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
    row.map(|r| {
        Ok(Secrets {
            secret: r.try_get(0)?,
            pending: r.try_get(1)?,
            last_step: r.try_get(2)?,
        })
    })
    .unwrap_or(Ok(Secrets::default()))
}

/// Starts (or restarts) setting up: a new secret waits for its first code.
pub async fn set_pending(conn: &mut Conn, user_id: i64, secret: &str) -> Result<(), sqlx::Error> {
    query("UPDATE users SET totp_pending_secret = $2, updated_at = $3 WHERE id = $1")
        .bind(user_id)
        .bind(secret)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The waiting secret becomes the account's, with the step its first code used; changes
/// nothing if the waiting secret is no longer `pending` (set up again elsewhere).
pub async fn confirm(
    conn: &mut Conn,
    user_id: i64,
    pending: &str,
    step: i64,
) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE users SET totp_secret = totp_pending_secret, totp_pending_secret = NULL,
            totp_last_step = $3, updated_at = $4
         WHERE id = $1 AND totp_pending_secret = $2",
    )
    .bind(user_id)
    .bind(pending)
    .bind(step)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(Guarded::of(done))
}

/// Turns two-step sign-in off for the account.
pub async fn remove(conn: &mut Conn, user_id: i64) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE users SET totp_secret = NULL, totp_pending_secret = NULL, totp_last_step = NULL,
            updated_at = $2
         WHERE id = $1 AND (totp_secret IS NOT NULL OR totp_pending_secret IS NOT NULL)",
    )
    .bind(user_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(Guarded::of(done))
}

/// Records that a code for `step` was used; unchanged when that step, or a later one,
/// was used already (the same code sent twice at once is accepted once).
pub async fn use_step(pool: &Pool, user_id: i64, step: i64) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE users SET totp_last_step = $2
         WHERE id = $1 AND totp_secret IS NOT NULL
           AND (totp_last_step IS NULL OR totp_last_step < $2)",
    )
    .bind(user_id)
    .bind(step)
    .execute(pool)
    .await?;
    Ok(Guarded::of(done))
}

/// A sign-in waiting for its code.
#[derive(Debug, Clone)]
pub struct Challenge {
    pub user_id: i64,
    pub attempts: i64,
}

pub async fn create_challenge(
    pool: &Pool,
    token_hash: &str,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO sign_in_challenges (token_hash, user_id, created_at, attempts)
         VALUES ($1, $2, $3, 0)",
    )
    .bind(token_hash)
    .bind(user_id)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}

/// Claims one try of a challenge made after `since` with fewer than `max` tries; `None`
/// when there is no such challenge (expired, used up, or never made).
pub async fn claim_try(
    pool: &Pool,
    token_hash: &str,
    since: Timestamp,
    max: i64,
) -> Result<Option<Challenge>, sqlx::Error> {
    let row = query(
        "UPDATE sign_in_challenges SET attempts = attempts + 1
         WHERE token_hash = $1 AND created_at > $2 AND attempts < $3
         RETURNING user_id, attempts",
    )
    .bind(token_hash)
    .bind(since)
    .bind(max)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(Challenge {
            user_id: r.try_get(0)?,
            attempts: r.try_get(1)?,
        })
    })
    .transpose()
}

pub async fn delete_challenge(pool: &Pool, token_hash: &str) -> Result<(), sqlx::Error> {
    query("DELETE FROM sign_in_challenges WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

/// Housekeeping: challenges made before `before`.
pub async fn delete_challenges_before(pool: &Pool, before: Timestamp) -> Result<(), sqlx::Error> {
    query("DELETE FROM sign_in_challenges WHERE created_at < $1")
        .bind(before)
        .execute(pool)
        .await?;
    Ok(())
}
