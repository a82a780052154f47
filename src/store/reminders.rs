//! What the reminders job reads (a handful of set-based queries over everyone, so one run
//! costs the same few statements for 20 or 2,000 practitioners) and the claim table that
//! makes each reminder go out once. Which reminders are due lives in `domain::reminders`.

use super::sql::{SUPERVISION_CLOCK_START, now};
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Pool, Row, query};
use std::collections::HashMap;
use std::sync::LazyLock;
use time::Date;

/// A current practitioner with what the rules need: agreement parties, their own account,
/// and the inputs of the supervision due date.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub user_id: Option<i64>,
    pub employer_org_id: i64,
    pub line_manager: Option<i64>,
    pub professional_supervisor: Option<i64>,
    pub career_stage: String,
    pub start_date: Date,
    pub agreement_starts_on: Option<Date>,
    pub interval_override: Option<i64>,
    /// The latest held session on or before today.
    pub last_held: Option<Date>,
}

/// Every current practitioner with the facts the reminders need; `$1` is today. The
/// supervision clock's start is `sql::SUPERVISION_CLOCK_START`.
static PEOPLE: LazyLock<String> = LazyLock::new(|| {
    format!(
        "SELECT p.id, p.given_name || ' ' || p.family_name AS name, u.user_id, p.employer_org_id,
            a.line_manager_user_id, a.professional_supervisor_user_id, p.career_stage, {SUPERVISION_CLOCK_START} AS start_date,
            a.starts_on, a.interval_days, h.last_held
         FROM practitioners p
         LEFT JOIN supervision_agreements a ON a.practitioner_id = p.id AND a.ended_on IS NULL
         LEFT JOIN (SELECT practitioner_id, MIN(id) AS user_id FROM users
                    WHERE active AND practitioner_id IS NOT NULL GROUP BY practitioner_id) u
                ON u.practitioner_id = p.id
         LEFT JOIN (SELECT practitioner_id, MAX(held_on) AS last_held FROM supervision_sessions
                    WHERE status = 'held' AND held_on <= $1 GROUP BY practitioner_id) h
                ON h.practitioner_id = p.id
         WHERE p.end_date IS NULL
         ORDER BY p.id"
    )
});

/// Every current practitioner, in one statement.
pub async fn people(pool: &Pool, today: Date) -> Result<Vec<PersonRow>, sqlx::Error> {
    query(PEOPLE.as_str())
        .bind(today)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(PersonRow {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                user_id: r.try_get("user_id")?,
                employer_org_id: r.try_get("employer_org_id")?,
                line_manager: r.try_get("line_manager_user_id")?,
                professional_supervisor: r.try_get("professional_supervisor_user_id")?,
                career_stage: r.try_get("career_stage")?,
                start_date: r.try_get("start_date")?,
                agreement_starts_on: r.try_get("starts_on")?,
                interval_override: r.try_get("interval_days")?,
                last_held: r.try_get("last_held")?,
            })
        })
        .collect()
}

/// A session row: (id, practitioner, supervisor, date). The date is `scheduled_on` for
/// planned sessions and the (UTC) day of `recorded_at` for unconfirmed ones.
pub type SessionRow = (i64, i64, i64, Date);

fn session_rows(
    rows: &[Row],
    on: impl Fn(&Row) -> Result<Date, sqlx::Error>,
) -> Result<Vec<SessionRow>, sqlx::Error> {
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, on(r)?)))
        .collect()
}

/// Planned sessions of current practitioners from `from` to `to` (inclusive).
pub async fn planned(pool: &Pool, from: Date, to: Date) -> Result<Vec<SessionRow>, sqlx::Error> {
    let rows = query(
        "SELECT s.id, s.practitioner_id, s.supervisor_user_id, s.scheduled_on FROM supervision_sessions s
         JOIN practitioners p ON p.id = s.practitioner_id
         WHERE s.status = 'planned' AND s.scheduled_on >= $1 AND s.scheduled_on <= $2
           AND p.end_date IS NULL",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    session_rows(&rows, |r| r.try_get(3))
}

/// Held sessions of current practitioners that the supervisee has not confirmed.
pub async fn unconfirmed(pool: &Pool) -> Result<Vec<SessionRow>, sqlx::Error> {
    let rows = query(
        "SELECT s.id, s.practitioner_id, s.supervisor_user_id, s.recorded_at FROM supervision_sessions s
         JOIN practitioners p ON p.id = s.practitioner_id
         WHERE s.status = 'held' AND s.confirmed_at IS NULL AND s.recorded_at IS NOT NULL
           AND p.end_date IS NULL",
    )
    .fetch_all(pool)
    .await?;
    session_rows(&rows, |r| Ok(r.try_get::<Timestamp, _>(3)?.day()))
}

/// (practitioner, status code, status_since, registered_until) of current practitioners.
pub type RegistrationRow = (i64, String, Date, Option<Date>);

pub async fn registrations(pool: &Pool) -> Result<Vec<RegistrationRow>, sqlx::Error> {
    query(
        "SELECT r.practitioner_id, r.status, r.status_since, r.registered_until FROM registrations r
         JOIN practitioners p ON p.id = r.practitioner_id WHERE p.end_date IS NULL",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
    .collect()
}

/// Active users holding `role`, by organisation.
pub async fn users_with_role(
    pool: &Pool,
    role: &str,
) -> Result<HashMap<i64, Vec<i64>>, sqlx::Error> {
    let rows = query(
        "SELECT u.org_id, u.id FROM users u JOIN user_roles r ON r.user_id = u.id
         WHERE r.role = $1 AND u.active AND u.org_id IS NOT NULL ORDER BY u.id",
    )
    .bind(role.to_string())
    .fetch_all(pool)
    .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in rows {
        out.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    Ok(out)
}

/// Email address and display name of every active user, by id.
pub async fn mailboxes(pool: &Pool) -> Result<HashMap<i64, (String, String)>, sqlx::Error> {
    query("SELECT id, email, display_name FROM users WHERE active")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?))))
        .collect()
}

/// A claim key as stored: (kind code, subject, recipient user, level).
pub type KeyRow = (String, String, i64, i64);

/// Keys that must not be claimed again: sent, in flight, or failed too often.
pub async fn settled_keys(pool: &Pool, max_attempts: i64) -> Result<Vec<KeyRow>, sqlx::Error> {
    query(
        "SELECT kind, subject_key, recipient_user_id, level FROM reminders_sent
         WHERE sent_at IS NOT NULL OR failed_at IS NULL OR attempts >= $1",
    )
    .bind(max_attempts)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
    .collect()
}

/// Claims a reminder before sending it. The UNIQUE key makes the insert the lock: of
/// several instances, exactly one inserts. A row whose sending failed can be claimed again
/// (one conditional UPDATE, equally atomic) until it has `max_attempts` attempts.
pub async fn claim(pool: &Pool, k: &KeyRow, max_attempts: i64) -> Result<bool, sqlx::Error> {
    let inserted = query(
        "INSERT INTO reminders_sent (kind, subject_key, recipient_user_id, level, claimed_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, subject_key, recipient_user_id, level) DO NOTHING",
    )
    .bind(k.0.clone())
    .bind(k.1.clone())
    .bind(k.2)
    .bind(k.3)
    .bind(now())
    .execute(pool)
    .await?;
    if inserted.rows_affected() == 1 {
        return Ok(true);
    }
    let retried = query(
        "UPDATE reminders_sent SET claimed_at = $5, failed_at = NULL, attempts = attempts + 1
         WHERE kind = $1 AND subject_key = $2 AND recipient_user_id = $3 AND level = $4
           AND sent_at IS NULL AND failed_at IS NOT NULL AND attempts < $6",
    )
    .bind(k.0.clone())
    .bind(k.1.clone())
    .bind(k.2)
    .bind(k.3)
    .bind(now())
    .bind(max_attempts)
    .execute(pool)
    .await?;
    Ok(retried.rows_affected() == 1)
}

/// Records the outcome of a claimed reminder: sent, or the failure (kept for a retry).
pub async fn settle(pool: &Pool, k: &KeyRow, failure: Option<&str>) -> Result<(), sqlx::Error> {
    let sql = match failure {
        None => {
            "UPDATE reminders_sent SET sent_at = $5, failure = $6
                 WHERE kind = $1 AND subject_key = $2 AND recipient_user_id = $3 AND level = $4"
        }
        Some(_) => {
            "UPDATE reminders_sent SET failed_at = $5, failure = $6
                 WHERE kind = $1 AND subject_key = $2 AND recipient_user_id = $3 AND level = $4"
        }
    };
    query(sql)
        .bind(k.0.clone())
        .bind(k.1.clone())
        .bind(k.2)
        .bind(k.3)
        .bind(now())
        .bind(failure.unwrap_or("").to_string())
        .execute(pool)
        .await?;
    Ok(())
}
