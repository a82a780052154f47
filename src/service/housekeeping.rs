//! Removing what has run its course, every few minutes from `serve`: expired sessions,
//! throttle counters whose window and wait are over, known devices unused for
//! `known_device_days`, upload problem reports, idempotency keys and unfinished two-step sign-ins after a day. Nothing depends on it for
//! correctness (each is also checked when read); it keeps the tables small.

use crate::config::Settings;
use crate::domain::timestamp::Timestamp;
use crate::error::AppResult;
use crate::store::{Db, auth, idempotency, uploads};
use time::Duration;

pub async fn run(db: &Db, settings: &Settings) -> AppResult<()> {
    let sec = &settings.security;
    let now = Timestamp::now();
    auth::delete_expired_sessions(
        &db.pool,
        now - Duration::minutes(sec.session_idle_minutes),
        now - Duration::hours(sec.session_absolute_hours),
    )
    .await?;
    let longest_window = Duration::hours(sec.account_window_hours.max(1))
        .max(Duration::minutes(sec.throttle_window_minutes.max(1)));
    auth::delete_stale_counters(&db.pool, now - longest_window).await?;
    auth::delete_old_devices(&db.pool, now - Duration::days(sec.known_device_days)).await?;
    let a_day_ago = now - Duration::days(1);
    uploads::delete_problem_reports_before(&db.pool, a_day_ago).await?;
    idempotency::delete_before(&db.pool, a_day_ago).await?;
    crate::store::two_step::delete_challenges_before(&db.pool, a_day_ago).await?;
    crate::store::sso::delete_logins_before(&db.pool, a_day_ago).await?;
    Ok(())
}
