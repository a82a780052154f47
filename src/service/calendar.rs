//! Private calendar feeds: a signed-in user creates a secret URL (shown once, stored only
//! as a SHA-256 hash like session ids and API tokens) that calendar apps poll without a
//! session; the token is the credential. One live feed per user: creating a new one, or
//! revoking, makes the old URL answer 404.

use super::accounts::{random_secret, sha256_hex};
use crate::domain::ical::{Event, calendar};
use crate::domain::reference::label_of;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::audit::{NewAuditEntry, append};
use crate::store::calendar::{self as store, FeedSession};
use time::{Date, Duration};

/// Sessions from this many days ago stay in the feed, so last month's remain visible.
const DAYS_BACK: i64 = 31;

/// When the actor's live feed was created, if they have one.
pub async fn status(
    db: &Db,
    actor: &Actor,
) -> AppResult<Option<crate::domain::timestamp::Timestamp>> {
    Ok(store::live_feed_created(&db.pool, actor.user_id).await?)
}

/// Creates a new feed (revoking any previous one) and returns its secret token, which is
/// not stored and cannot be shown again.
pub async fn create(db: &Db, actor: &Actor) -> AppResult<String> {
    let token = random_secret();
    let mut tx = Write::begin(db, actor).await?;
    store::replace_feed(&mut tx, actor.user_id, &sha256_hex(&token)).await?;
    tx.commit("create", "calendar_feed", actor.user_id, "")
        .await?;
    Ok(token)
}

/// Revokes the actor's feed. Returns whether there was one.
pub async fn revoke(db: &Db, actor: &Actor) -> AppResult<bool> {
    let mut tx = Write::begin(db, actor).await?;
    if store::revoke(&mut tx, actor.user_id).await? == 0 {
        return Ok(false);
    }
    tx.commit("revoke", "calendar_feed", actor.user_id, "")
        .await?;
    Ok(true)
}

/// The iCalendar text for a token, or `None` for an unknown or revoked token (or an
/// inactive user): the caller answers 404 and cannot tell which.
pub async fn feed(db: &Db, token: &str, today: Date) -> AppResult<Option<String>> {
    let Some((user_id, practitioner_id, org_id)) =
        store::feed_owner(&db.pool, &sha256_hex(token)).await?
    else {
        return Ok(None);
    };
    let since = today - Duration::days(DAYS_BACK);
    let sessions = store::planned_for(&db.pool, user_id, practitioner_id, since).await?;
    // Session dates are practitioner data: each read of the feed is on the trail.
    append(
        &db.pool,
        &NewAuditEntry {
            actor_user_id: Some(user_id),
            actor_email: "calendar feed",
            org_id,
            action: "read",
            record_type: "calendar_feed",
            record_id: user_id.to_string(),
            detail: format!("{} sessions", sessions.len()),
            request_id: "",
        },
    )
    .await?;
    let events: Vec<Event> = sessions.iter().map(|s| event(s, user_id)).collect();
    Ok(Some(calendar("Supervision", &events)))
}

/// One session as an event. The summary names the other person and the session type,
/// never notes or agreed actions.
fn event(s: &FeedSession, user_id: i64) -> Event {
    let kind = label_of("session_types", &s.session_type);
    let other = if s.supervisor_user_id == user_id {
        &s.practitioner_name
    } else {
        &s.supervisor_name
    };
    let stamp = s.updated_at.instant();
    Event {
        uid: format!("supervision-session-{}@mhsw", s.id),
        stamp,
        date: s.scheduled_on,
        summary: format!("{kind} with {other}"),
    }
}
