//! Signing in and out, sessions, API tokens and sign-in throttling.
//!
//! Passwords: argon2id with the crate's defaults (m=19456 KiB, t=2, p=1, the OWASP
//! minimum; docs/sources.md#security). Sessions live in the database so several processes can share
//! them; they end after `session_idle_minutes` without use and `session_absolute_hours`
//! in any case. Sign-in goes through `sign_in` only, so an OpenID Connect front door can
//! later call `start_session` for a user it has authenticated without reshaping this.

use crate::config::SecuritySettings;
use crate::domain::throttle;
use crate::domain::timestamp::Timestamp;
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::store::{Db, auth, users};
use argon2::password_hash::{PasswordHasher, PasswordVerifier, SaltString, rand_core::OsRng};
use argon2::{Argon2, PasswordHash};
use base64::Engine;
use sha2::{Digest, Sha256};
use time::{Duration, OffsetDateTime};

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash password: {e}"))
}

fn verify(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A random URL-safe secret of 32 bytes.
pub fn random_secret() -> String {
    let bytes: [u8; 32] = rand::random();
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// How secrets are stored.
pub fn sha256_hex(s: &str) -> String {
    Sha256::digest(s.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A new session: the cookie value to hand out and its CSRF token, and a known-device
/// cookie to set when this browser was not yet known to the account.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub token: String,
    pub csrf: String,
    pub new_device: Option<String>,
}

/// A hash computed once, so that an unknown email takes as long as a wrong password.
fn dummy_hash() -> &'static str {
    static DUMMY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DUMMY.get_or_init(|| hash_password("not a real password at all").unwrap_or_default())
}

/// One sign-in attempt: who, from where, and the known-device cookie the browser sent.
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub client: &'a str,
    pub device_cookie: Option<&'a str>,
    pub request_id: &'a str,
}

/// Checks the password under the throttle (`domain::throttle`): the attempt is claimed
/// against each counter *before* the password is checked, so parallel guesses never pass
/// a limit. Every outcome is audited (without the password).
/// What a right password leads to: a session, or (with two-step sign-in on) a wait for
/// the code (`service::two_step::complete`), with the challenge cookie's value.
#[derive(Debug)]
pub enum SignedIn {
    Session(NewSession),
    NeedsCode {
        challenge: String,
        new_device: Option<String>,
    },
}

pub async fn sign_in(db: &Db, sec: &SecuritySettings, a: &Attempt<'_>) -> AppResult<SignedIn> {
    let email = a.email.trim().to_ascii_lowercase();
    let found = users::password_hash(&db.pool, &email).await?;
    let device = match (a.device_cookie, &found) {
        (Some(cookie), Some((user_id, _))) => {
            let hash = sha256_hex(cookie);
            (auth::known_device_user(&db.pool, &hash).await? == Some(*user_id)).then_some(hash)
        }
        _ => None,
    };
    let counters = throttle::counters(&sec.throttle_limits(), &email, a.client, device.as_deref());
    if let Err(retry_after_seconds) = claim_all(db, &counters).await? {
        log_attempt(db, None, &email, "sign-in throttled", a.request_id).await?;
        return Err(AppError::TooManyAttempts {
            retry_after_seconds,
        });
    }
    let ok = match &found {
        Some((_, Some(hash))) => verify(a.password, hash),
        _ => {
            verify(a.password, dummy_hash());
            false
        }
    };
    match (ok, found) {
        (true, Some((user_id, _))) => {
            for c in &counters {
                if c.cleared_on_success {
                    auth::clear_counter(&db.pool, &c.key).await?;
                } else {
                    auth::release_attempt(&db.pool, &c.key).await?;
                }
            }
            let (device_token, new_device) = match (device, a.device_cookie) {
                (Some(_), Some(cookie)) => (cookie.to_string(), None),
                _ => {
                    let t = random_secret();
                    (t.clone(), Some(t))
                }
            };
            auth::remember_device(&db.pool, &sha256_hex(&device_token), user_id).await?;
            if super::two_step::required(db, user_id).await? {
                log_attempt(db, Some(user_id), &email, "sign-in password", a.request_id).await?;
                let challenge = super::two_step::challenge(db, user_id).await?;
                return Ok(SignedIn::NeedsCode {
                    challenge,
                    new_device,
                });
            }
            log_attempt(db, Some(user_id), &email, "sign-in", a.request_id).await?;
            let mut session = start_session(db, user_id).await?;
            session.new_device = new_device;
            Ok(SignedIn::Session(session))
        }
        _ => {
            for (c, attempts) in counters.iter().zip(claimed_counts(db, &counters).await?) {
                let wait = throttle::delay_after(attempts, &c.limit);
                if wait > Duration::ZERO {
                    let at = Timestamp::now() + wait;
                    auth::delay_next_attempt(&db.pool, &c.key, at).await?;
                }
            }
            log_attempt(db, None, &email, "sign-in failed", a.request_id).await?;
            Err(AppError::Invalid(crate::error::FieldErrors::single(
                "email",
                "Enter a correct email address and password",
            )))
        }
    }
}

/// Claims the attempt on every counter, or on none: a refusal releases the counters
/// already claimed and says how many seconds to wait.
async fn claim_all(db: &Db, counters: &[throttle::Counter]) -> AppResult<Result<(), i64>> {
    let now = OffsetDateTime::now_utc();
    for (i, c) in counters.iter().enumerate() {
        let cutoff = Timestamp::from(now - c.limit.window);
        let claimed = auth::claim_attempt(
            &db.pool,
            &c.key,
            Timestamp::from(now),
            cutoff,
            c.limit.max_attempts,
        )
        .await?;
        if claimed.is_none() {
            for earlier in &counters[..i] {
                auth::release_attempt(&db.pool, &earlier.key).await?;
            }
            return Ok(Err(wait_for(db, c, now).await?));
        }
    }
    Ok(Ok(()))
}

/// Seconds until a refused counter takes attempts again.
async fn wait_for(db: &Db, c: &throttle::Counter, now: OffsetDateTime) -> AppResult<i64> {
    let Some(row) = auth::throttle_row(&db.pool, &c.key).await? else {
        return Ok(1);
    };
    // Rounded up: a client told to wait 1 second when 1.4 remain would be refused again.
    let seconds_to =
        |t: Timestamp| ((t.instant() - now).whole_milliseconds() + 999).div_euclid(1000) as i64;
    let to_window_end = seconds_to(row.window_started_at) + c.limit.window.whole_seconds();
    Ok(throttle::retry_after_seconds(
        row.retry_at.map(seconds_to),
        to_window_end,
        row.attempts >= c.limit.max_attempts,
    ))
}

/// The attempts each counter holds now, for the delay after a failure.
async fn claimed_counts(db: &Db, counters: &[throttle::Counter]) -> AppResult<Vec<i64>> {
    let mut v = Vec::with_capacity(counters.len());
    for c in counters {
        v.push(
            auth::throttle_row(&db.pool, &c.key)
                .await?
                .map_or(0, |r| r.attempts),
        );
    }
    Ok(v)
}

pub(crate) async fn log_attempt(
    db: &Db,
    user_id: Option<i64>,
    email: &str,
    action: &str,
    request_id: &str,
) -> AppResult<()> {
    let org = match user_id {
        Some(id) => users::get(&db.pool, db.backend, id)
            .await?
            .and_then(|u| u.org_id),
        None => None,
    };
    crate::store::audit::append(
        &db.pool,
        &crate::store::audit::NewAuditEntry {
            actor_user_id: user_id,
            actor_email: email,
            org_id: org,
            action,
            record_type: "account",
            record_id: user_id.map(|u| u.to_string()).unwrap_or_default(),
            detail: String::new(),
            request_id,
        },
    )
    .await?;
    Ok(())
}

/// Starts a session for a user already authenticated (password now, OIDC later).
pub async fn start_session(db: &Db, user_id: i64) -> AppResult<NewSession> {
    start_session_through(db, user_id, None).await
}

/// A session for someone an identity provider (`[[sso.providers]]` by name) signed in.
pub async fn start_session_through(
    db: &Db,
    user_id: i64,
    sso_provider: Option<&str>,
) -> AppResult<NewSession> {
    let token = random_secret();
    let csrf = random_secret();
    let mut conn = db.connection().await?;
    auth::create_session(&mut conn, &sha256_hex(&token), user_id, &csrf, sso_provider).await?;
    Ok(NewSession {
        token,
        csrf,
        new_device: None,
    })
}

/// The actor and CSRF token behind a session cookie, if the session is still live.
/// Expired sessions are deleted on sight; `last_seen_at` is refreshed at most once a
/// minute to keep reads cheap. The data's generation, read in the same statement, is
/// remembered for the request's kept reports (`service::kept`).
pub async fn session_actor(
    db: &Db,
    sec: &SecuritySettings,
    token: &str,
    request_id: &str,
) -> AppResult<Option<(Actor, String)>> {
    let id_hash = sha256_hex(token);
    let Some(found) = users::session_actor(&db.pool, db.backend, &id_hash).await? else {
        return Ok(None);
    };
    let s = &found.session;
    let now = OffsetDateTime::now_utc();
    let (created, seen) = (s.created_at.instant(), s.last_seen_at.instant());
    if now - seen > Duration::minutes(sec.session_idle_minutes)
        || now - created > Duration::hours(sec.session_absolute_hours)
    {
        auth::delete_session(&db.pool, &id_hash).await?;
        return Ok(None);
    }
    if now - seen > Duration::minutes(1) {
        auth::touch_session(&db.pool, &id_hash).await?;
    }
    db.remember_generation(found.generation);
    let u = found.user;
    if !u.active {
        return Ok(None);
    }
    let actor = u.into_actor(found.team_id, request_id);
    Ok(Some((actor, found.session.csrf_token)))
}

/// Ends the session; the identity provider it was signed in through, if any.
pub async fn sign_out(db: &Db, actor: &Actor, token: &str) -> AppResult<Option<String>> {
    let through = auth::delete_session(&db.pool, &sha256_hex(token)).await?;
    super::audit(db, actor, "sign-out", "account", actor.user_id, "").await?;
    Ok(through)
}
