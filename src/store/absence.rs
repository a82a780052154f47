//! Sickness absence episodes (`domain::absence`): written by the HR lead, read only to
//! check new episodes and to work out aggregates. The organisation's people are those it
//! employs.

use crate::domain::absence::{Episode, Person};
use crate::store::engine::{Conn, Pool, query};
use std::collections::HashMap;
use time::Date;

/// The organisation's people by work email (lower case), for matching episodes.
pub async fn people_by_email(pool: &Pool, org: i64) -> Result<HashMap<String, i64>, sqlx::Error> {
    let rows = query("SELECT LOWER(work_email), id FROM practitioners WHERE employer_org_id = $1")
        .bind(org)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Every episode of the organisation: (person, first day, last day, reason).
pub async fn episodes(
    pool: &Pool,
    org: i64,
) -> Result<Vec<(i64, Date, Option<Date>, String)>, sqlx::Error> {
    let rows = query(
        "SELECT practitioner_id, first_day, last_day, reason FROM absence_episodes
         WHERE org_id = $1 ORDER BY practitioner_id, first_day",
    )
    .bind(org)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}

pub async fn insert(
    conn: &mut Conn,
    org: i64,
    practitioner_id: i64,
    e: &Episode,
    recorded_by: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO absence_episodes (org_id, practitioner_id, first_day, last_day, reason, recorded_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(org)
    .bind(practitioner_id)
    .bind(e.first_day)
    .bind(e.last_day)
    .bind(e.reason.as_str())
    .bind(recorded_by)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// The organisation's people in post at any time from `from` to `to`, with their
/// episodes, as the figures count them (no names).
pub async fn people(
    pool: &Pool,
    org: i64,
    from: Date,
    to: Date,
) -> Result<Vec<Person>, sqlx::Error> {
    let rows = query(
        "SELECT p.id, p.wte, p.start_date, p.end_date, COALESCE(t.name, '') FROM practitioners p
         LEFT JOIN teams t ON t.id = p.team_id
         WHERE p.employer_org_id = $1 AND p.start_date <= $2
           AND (p.end_date IS NULL OR p.end_date >= $3)
         ORDER BY p.id",
    )
    .bind(org)
    .bind(to)
    .bind(from)
    .fetch_all(pool)
    .await?;
    let mut by_person: HashMap<i64, Vec<(Date, Option<Date>, String)>> = HashMap::new();
    for (p, first, last, reason) in episodes(pool, org).await? {
        by_person.entry(p).or_default().push((first, last, reason));
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            let team: String = r.try_get(4)?;
            Ok(Person {
                wte: r.try_get(1)?,
                start: r.try_get(2)?,
                end: r.try_get(3)?,
                team: if team.is_empty() {
                    "Not in a team".into()
                } else {
                    team
                },
                episodes: by_person.remove(&id).unwrap_or_default(),
            })
        })
        .collect()
}
