//! Two-step sign-in for local accounts (`domain::totp`): setting it up from the account
//! page (a new secret shown as a QR code, confirmed with its first code), turning it off
//! (with a code), an operator's reset for a lost phone (`mhsw user reset-two-step`), and the
//! second step of signing in: once the password is right, a challenge (a cookie, 5 minutes,
//! 5 tries) waits for a code before the session starts.

use super::accounts::{NewSession, log_attempt, random_secret, sha256_hex, start_session};
use super::write::Write;
use crate::domain::timestamp::Timestamp;
use crate::domain::totp;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::store::{Db, two_step as store, users};
use serde::Serialize;
use time::{Duration, OffsetDateTime};

/// How long a waiting sign-in lasts, and how many codes it may try.
pub const CHALLENGE_MINUTES: i64 = 5;
pub const CHALLENGE_TRIES: i64 = 5;
/// The issuer an authenticator app lists the account under.
pub const ISSUER: &str = "mhsw";

/// What the account page shows.
#[derive(Debug, Clone, Serialize)]
pub struct TwoStep {
    pub enabled: bool,
    /// While setting up: the secret in base32, in groups of four for reading aloud.
    pub pending: Option<String>,
    /// While setting up: the `otpauth://` link the QR code holds.
    pub uri: Option<String>,
}

fn now_unix() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

fn grouped(base32: &str) -> String {
    base32
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

pub async fn view(db: &Db, actor: &Actor) -> AppResult<TwoStep> {
    let s = store::secrets(&db.pool, actor.user_id).await?;
    let pending = s
        .pending
        .as_deref()
        .and_then(totp::from_base32)
        .map(|bytes| {
            (
                totp::base32(&bytes),
                totp::otpauth_uri(ISSUER, &actor.email, &bytes),
            )
        });
    Ok(TwoStep {
        enabled: s.secret.is_some(),
        pending: pending.as_ref().map(|(b, _)| grouped(b)),
        uri: pending.map(|(_, u)| u),
    })
}

/// Makes a new secret to set up (replacing one not yet confirmed).
pub async fn start(db: &Db, actor: &Actor) -> AppResult<()> {
    let secret: [u8; totp::SECRET_BYTES] = rand::random();
    let mut tx = Write::begin(db, actor).await?;
    store::set_pending(&mut tx, actor.user_id, &totp::base32(&secret)).await?;
    tx.commit("start two-step set-up", "account", actor.user_id, "")
        .await
}

fn code_error(message: impl Into<String>) -> AppError {
    AppError::Invalid(FieldErrors::single("code", message))
}

const WRONG_CODE: &str = "The code is not right: enter the code your app shows now";

/// Confirms the secret being set up with its first code.
pub async fn confirm(db: &Db, actor: &Actor, typed: &str) -> AppResult<()> {
    let code = totp::parse_code(typed).map_err(code_error)?;
    let s = store::secrets(&db.pool, actor.user_id).await?;
    let pending = s
        .pending
        .ok_or_else(|| code_error("Start setting up two-step sign-in again"))?;
    let bytes = totp::from_base32(&pending)
        .ok_or_else(|| anyhow::anyhow!("a stored secret is not base32"))?;
    let step =
        totp::verify(&bytes, code, now_unix(), None).ok_or_else(|| code_error(WRONG_CODE))?;
    let mut tx = Write::begin(db, actor).await?;
    if !store::confirm(&mut tx, actor.user_id, &pending, step)
        .await?
        .changed()
    {
        return Err(code_error("Start setting up two-step sign-in again"));
    }
    tx.commit("turn on two-step sign-in", "account", actor.user_id, "")
        .await
}

/// Turns two-step sign-in off, with a code from the app (a stolen session alone cannot).
pub async fn remove(db: &Db, actor: &Actor, typed: &str) -> AppResult<()> {
    let code = totp::parse_code(typed).map_err(code_error)?;
    let s = store::secrets(&db.pool, actor.user_id).await?;
    let secret = s
        .secret
        .ok_or_else(|| code_error("Two-step sign-in is not on"))?;
    let bytes = totp::from_base32(&secret)
        .ok_or_else(|| anyhow::anyhow!("a stored secret is not base32"))?;
    let step = totp::verify(&bytes, code, now_unix(), s.last_step)
        .ok_or_else(|| code_error(WRONG_CODE))?;
    if !store::use_step(&db.pool, actor.user_id, step)
        .await?
        .changed()
    {
        return Err(code_error(WRONG_CODE));
    }
    let mut tx = Write::begin(db, actor).await?;
    let _ = store::remove(&mut tx, actor.user_id).await?;
    tx.commit("turn off two-step sign-in", "account", actor.user_id, "")
        .await
}

/// For someone who has lost their phone: turns it off from the command line (audited as
/// such); false when the account had none.
pub async fn reset(db: &Db, email: &str) -> AppResult<bool> {
    let user = users::get_by_email(&db.pool, db.backend, &email.trim().to_ascii_lowercase())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = Write::begin_command_line(db, user.org_id).await?;
    let changed = store::remove(&mut tx, user.id).await?.changed();
    tx.commit("reset two-step sign-in", "account", user.id, "")
        .await?;
    Ok(changed)
}

/// Whether the account signs in with a code as well as its password.
pub async fn required(db: &Db, user_id: i64) -> AppResult<bool> {
    Ok(store::secrets(&db.pool, user_id).await?.secret.is_some())
}

/// A sign-in whose password was right, waiting for its code: the challenge cookie's value.
pub async fn challenge(db: &Db, user_id: i64) -> AppResult<String> {
    let token = random_secret();
    store::create_challenge(&db.pool, &sha256_hex(&token), user_id).await?;
    Ok(token)
}

/// The second step: the code for a waiting sign-in. Each try is claimed before the code
/// is checked; after the last, or after `CHALLENGE_MINUTES`, the password is asked again.
pub async fn complete(
    db: &Db,
    token: &str,
    typed: &str,
    request_id: &str,
) -> AppResult<NewSession> {
    let code = totp::parse_code(typed).map_err(code_error)?;
    let hash = sha256_hex(token);
    let since = Timestamp::now() - Duration::minutes(CHALLENGE_MINUTES);
    let Some(c) = store::claim_try(&db.pool, &hash, since, CHALLENGE_TRIES).await? else {
        return Err(AppError::Invalid(FieldErrors::single(
            "code",
            "This sign-in has timed out or had too many wrong codes: sign in again",
        )));
    };
    let s = store::secrets(&db.pool, c.user_id).await?;
    let step = s
        .secret
        .as_deref()
        .and_then(totp::from_base32)
        .and_then(|bytes| totp::verify(&bytes, code, now_unix(), s.last_step));
    let used = match step {
        Some(step) => store::use_step(&db.pool, c.user_id, step).await?.changed(),
        None => false,
    };
    let email = users::get(&db.pool, db.backend, c.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_default();
    if !used {
        log_attempt(
            db,
            Some(c.user_id),
            &email,
            "sign-in code wrong",
            request_id,
        )
        .await?;
        let left = CHALLENGE_TRIES - c.attempts;
        return Err(code_error(if left > 0 {
            format!("{WRONG_CODE} ({left} tries left)")
        } else {
            "Too many wrong codes: sign in again".to_string()
        }));
    }
    store::delete_challenge(&db.pool, &hash).await?;
    log_attempt(db, Some(c.user_id), &email, "sign-in", request_id).await?;
    start_session(db, c.user_id).await
}
