//! The wellbeing survey's cycles, invitations and counters (`domain::survey`). No answer
//! is stored as a row: answering marks the invitation answered (no date) and adds to the
//! counters in the same transaction.

use crate::domain::survey::{Dimension, Profile, Tallies, Tally};
use crate::store::engine::{Conn, Pool, Row, query};
use crate::store::sql::Sql;
use time::Date;

/// A cycle with how many of the reader's organisation's staff were asked and answered.
#[derive(Debug, Clone)]
pub struct CycleRow {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub partner_org_id: Option<i64>,
    pub partner_name: Option<String>,
    pub instrument: String,
    pub title: String,
    pub opened_on: Date,
    pub closes_on: Date,
    pub closed_on: Option<Date>,
    pub last_reminded_on: Option<Date>,
    /// Of the reader's organisation's staff.
    pub invited: i64,
    pub answered: i64,
}

const CYCLE: &str = "SELECT c.id, c.org_id, o.name, c.partner_org_id, po.name, c.instrument, c.title,
    c.opened_on, c.closes_on, c.closed_on, c.last_reminded_on,
    (SELECT COUNT(*) FROM survey_invitations i WHERE i.cycle_id = c.id AND i.org_id = $1),
    (SELECT COUNT(*) FROM survey_invitations i WHERE i.cycle_id = c.id AND i.org_id = $1 AND i.answered = TRUE)
    FROM survey_cycles c
    JOIN organisations o ON o.id = c.org_id
    LEFT JOIN organisations po ON po.id = c.partner_org_id";

fn cycle_row(r: &Row) -> Result<CycleRow, sqlx::Error> {
    Ok(CycleRow {
        id: r.try_get(0)?,
        org_id: r.try_get(1)?,
        org_name: r.try_get(2)?,
        partner_org_id: r.try_get(3)?,
        partner_name: r.try_get(4)?,
        instrument: r.try_get(5)?,
        title: r.try_get(6)?,
        opened_on: r.try_get(7)?,
        closes_on: r.try_get(8)?,
        closed_on: r.try_get(9)?,
        last_reminded_on: r.try_get(10)?,
        invited: r.try_get(11)?,
        answered: r.try_get(12)?,
    })
}

/// The cycles an organisation ran or took part in, newest first, counted for its staff.
pub async fn cycles_for(pool: &Pool, org: i64) -> Result<Vec<CycleRow>, sqlx::Error> {
    let sql = format!(
        "{CYCLE} WHERE c.org_id = $1 OR c.partner_org_id = $1 ORDER BY c.opened_on DESC, c.id DESC"
    );
    query(sql)
        .bind(org)
        .fetch_all(pool)
        .await?
        .iter()
        .map(cycle_row)
        .collect()
}

/// One cycle, counted for `org`'s staff, if `org` ran it or took part.
pub async fn get(pool: &Pool, id: i64, org: i64) -> Result<Option<CycleRow>, sqlx::Error> {
    let sql = format!("{CYCLE} WHERE c.id = $2 AND (c.org_id = $1 OR c.partner_org_id = $1)");
    query(sql)
        .bind(org)
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(cycle_row)
        .transpose()
}

pub struct NewCycle<'a> {
    pub org_id: i64,
    pub partner_org_id: Option<i64>,
    pub instrument: &'a str,
    pub title: &'a str,
    pub opened_on: Date,
    pub closes_on: Date,
    pub opened_by: Option<i64>,
}

/// Stores the cycle and invites everyone each organisation employs on the day it opens;
/// returns its id and how many were invited.
pub async fn open(conn: &mut Conn, c: &NewCycle<'_>) -> Result<(i64, u64), sqlx::Error> {
    let id: i64 = query(
        "INSERT INTO survey_cycles (org_id, partner_org_id, instrument, title, opened_on, closes_on, opened_by_user_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(c.org_id)
    .bind(c.partner_org_id)
    .bind(c.instrument)
    .bind(c.title)
    .bind(c.opened_on)
    .bind(c.closes_on)
    .bind(c.opened_by)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    let invited = query(
        "INSERT INTO survey_invitations (cycle_id, practitioner_id, org_id)
         SELECT $1, p.id, p.employer_org_id FROM practitioners p
         WHERE (p.employer_org_id = $2 OR p.employer_org_id = $3)
           AND p.start_date <= $4 AND (p.end_date IS NULL OR p.end_date >= $4)",
    )
    .bind(id)
    .bind(c.org_id)
    .bind(c.partner_org_id.unwrap_or(c.org_id))
    .bind(c.opened_on)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok((id, invited))
}

pub async fn close(conn: &mut Conn, id: i64, on: Date) -> Result<(), sqlx::Error> {
    query("UPDATE survey_cycles SET closed_on = $2 WHERE id = $1 AND closed_on IS NULL")
        .bind(id)
        .bind(on)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_reminded(conn: &mut Conn, id: i64, on: Date) -> Result<(), sqlx::Error> {
    query("UPDATE survey_cycles SET last_reminded_on = $2 WHERE id = $1")
        .bind(id)
        .bind(on)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Someone to email: practitioner id, work email, name.
pub type Recipient = (i64, String, String);

/// `org`'s staff invited to a cycle who have not answered, with their work email; with
/// `never_emailed`, only those with no link yet.
pub async fn unanswered(
    conn: &mut Conn,
    cycle: i64,
    org: i64,
    never_emailed: bool,
) -> Result<Vec<Recipient>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.work_email, p.given_name || ' ' || p.family_name
         FROM survey_invitations i JOIN practitioners p ON p.id = i.practitioner_id
         WHERE i.cycle_id = $1 AND i.org_id = $2 AND i.answered = FALSE AND p.work_email <> ''",
    );
    if never_emailed {
        sql.push(" AND i.token_hash IS NULL");
    }
    sql.push(" ORDER BY p.id");
    query(sql.text)
        .bind(cycle)
        .bind(org)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// Gives an invitation a new single-use link (the old one stops working).
pub async fn set_token(
    conn: &mut Conn,
    cycle: i64,
    practitioner: i64,
    hash: &str,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE survey_invitations SET token_hash = $3
         WHERE cycle_id = $1 AND practitioner_id = $2 AND answered = FALSE",
    )
    .bind(cycle)
    .bind(practitioner)
    .bind(hash)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The invitation behind a link: (cycle, practitioner), if the link is live.
pub async fn by_token(pool: &Pool, hash: &str) -> Result<Option<(i64, i64)>, sqlx::Error> {
    query(
        "SELECT cycle_id, practitioner_id FROM survey_invitations
         WHERE token_hash = $1 AND answered = FALSE",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .transpose()
}

/// The cycles a practitioner was asked to answer and has not, as (cycle id, answered).
pub async fn invitations_of(
    pool: &Pool,
    practitioner: i64,
) -> Result<Vec<(i64, bool)>, sqlx::Error> {
    query(
        "SELECT cycle_id, answered FROM survey_invitations WHERE practitioner_id = $1
         ORDER BY cycle_id DESC",
    )
    .bind(practitioner)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// A cycle as its answer form needs it (any organisation): instrument, title, closes on,
/// closed on.
pub async fn cycle_for_answer(
    pool: &Pool,
    id: i64,
) -> Result<Option<(String, String, Date, Option<Date>)>, sqlx::Error> {
    query("SELECT instrument, title, closes_on, closed_on FROM survey_cycles WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .transpose()
}

/// Marks the invitation answered and ends its link; false when it already was.
pub async fn mark_answered(
    conn: &mut Conn,
    cycle: i64,
    practitioner: i64,
) -> Result<bool, sqlx::Error> {
    let done = query(
        "UPDATE survey_invitations SET answered = TRUE, token_hash = NULL
         WHERE cycle_id = $1 AND practitioner_id = $2 AND answered = FALSE",
    )
    .bind(cycle)
    .bind(practitioner)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// What the breakdowns need of the person, read from their record as it is today, and
/// the organisation their answer counts for (their employer when invited).
pub async fn profile(
    conn: &mut Conn,
    cycle: i64,
    practitioner: i64,
) -> Result<(i64, Profile), sqlx::Error> {
    let r = query(
        "SELECT i.org_id, p.team_id, p.role_category, p.career_stage, p.employer_org_id,
            e.ethnic_category, e.disability, e.sex
         FROM survey_invitations i JOIN practitioners p ON p.id = i.practitioner_id
         LEFT JOIN practitioner_equality e ON e.practitioner_id = p.id
         WHERE i.cycle_id = $1 AND i.practitioner_id = $2",
    )
    .bind(cycle)
    .bind(practitioner)
    .fetch_one(&mut *conn)
    .await?;
    let team: Option<i64> = r.try_get(1)?;
    let ethnic: Option<String> = r.try_get(5)?;
    let recorded =
        |v: Option<String>| v.unwrap_or_else(|| crate::domain::survey::NOT_RECORDED.into());
    let employer: i64 = r.try_get(4)?;
    Ok((
        r.try_get(0)?,
        Profile {
            team: team.map_or_else(|| "none".into(), |t| t.to_string()),
            role: r.try_get(2)?,
            career_stage: r.try_get(3)?,
            employer: employer.to_string(),
            ethnic_group: crate::domain::survey::ethnic_group(ethnic.as_deref()).into(),
            disability: recorded(r.try_get(6)?),
            sex: recorded(r.try_get(7)?),
        },
    ))
}

/// Adds 1 to each counter, in one statement.
pub async fn add(
    conn: &mut Conn,
    cycle: i64,
    org: i64,
    tallies: &[Tally],
) -> Result<(), sqlx::Error> {
    let mut sql = Sql::new(
        "INSERT INTO survey_tallies (cycle_id, org_id, dimension, grp, item, value, n) VALUES ",
    );
    for (k, t) in tallies.iter().enumerate() {
        sql.push(if k == 0 { "(" } else { ", (" });
        sql.bind(cycle).push(", ").bind(org).push(", ");
        sql.bind(t.dimension.code())
            .push(", ")
            .bind(t.group.as_str());
        sql.push(", ").bind(t.item.as_str()).push(", ");
        sql.bind(i64::from(t.value)).push(", 1)");
    }
    sql.push(
        " ON CONFLICT (cycle_id, org_id, dimension, grp, item, value)
         DO UPDATE SET n = survey_tallies.n + 1",
    );
    sql.query().execute(&mut *conn).await?;
    Ok(())
}

/// A cycle's counters for one organisation's staff: everyone's, and one breakdown's when
/// asked for (a page shows one at a time).
pub async fn tallies(
    pool: &Pool,
    cycle: i64,
    org: i64,
    by: Option<Dimension>,
) -> Result<Tallies, sqlx::Error> {
    let rows = query(
        "SELECT dimension, grp, item, value, n FROM survey_tallies
         WHERE cycle_id = $1 AND org_id = $2 AND dimension IN ('everyone', $3)",
    )
    .bind(cycle)
    .bind(org)
    .bind(by.unwrap_or(Dimension::Everyone).code())
    .fetch_all(pool)
    .await?;
    let mut t = Tallies::default();
    for r in &rows {
        let d: String = r.try_get(0)?;
        let Some(d) = Dimension::parse(&d) else {
            continue;
        };
        let g: String = r.try_get(1)?;
        let item: String = r.try_get(2)?;
        let v: i64 = r.try_get(3)?;
        let n: i64 = r.try_get(4)?;
        t.add(d, &g, &item, v as u8, n as u64);
    }
    Ok(t)
}

/// The names a breakdown's group codes stand for, by code: teams' and employers' (their
/// ids); none for the breakdowns whose codes are list codes, named from `data/`.
pub async fn group_names(
    pool: &Pool,
    d: Dimension,
) -> Result<std::collections::HashMap<String, String>, sqlx::Error> {
    let sql = match d {
        Dimension::Team => "SELECT id, name FROM teams",
        Dimension::Employer => "SELECT id, name FROM organisations",
        _ => return Ok(Default::default()),
    };
    query(sql)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)?.to_string(), r.try_get(1)?)))
        .collect()
}
