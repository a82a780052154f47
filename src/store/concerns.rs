//! Concerns raised by social workers and the messages on them. Who may read which is
//! decided in `service::concerns`; the store never joins a concern to its sender when it
//! is anonymous (there is nobody to join: `raised_by_user_id` is NULL).

use crate::domain::concern::{Category, Coded, ConcernFacts, NewConcern};
use crate::store::engine::{Conn, Pool, query, query_as};
use time::Date;

/// One concern as those who may read it see it.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Concern {
    pub id: i64,
    pub org_id: i64,
    /// `resources`, `workload`, `unsafe_practice` or `inappropriate_practice`.
    pub category: String,
    pub summary: String,
    pub details: String,
    pub anonymous: bool,
    /// The sender, when named.
    pub raised_by_user_id: Option<i64>,
    pub raised_by_name: Option<String>,
    pub raised_on: Date,
    pub answer_due_on: Date,
    pub assigned_user_id: Option<i64>,
    pub assigned_name: Option<String>,
    pub first_answered_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub outcome: String,
    pub what_changed: String,
}

const SELECT: &str = "SELECT c.id, c.org_id, c.category, c.summary, c.details, c.anonymous,
    c.raised_by_user_id, r.display_name AS raised_by_name, c.raised_on, c.answer_due_on,
    c.assigned_user_id, a.display_name AS assigned_name, c.first_answered_on, c.closed_on,
    c.outcome, c.what_changed
    FROM concerns c
    LEFT JOIN users r ON r.id = c.raised_by_user_id
    LEFT JOIN users a ON a.id = c.assigned_user_id";

pub async fn get(pool: &Pool, id: i64) -> Result<Option<Concern>, sqlx::Error> {
    query_as(format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The concern whose private reference hashes to `hash`.
pub async fn by_reference(pool: &Pool, hash: &str) -> Result<Option<Concern>, sqlx::Error> {
    query_as(format!("{SELECT} WHERE c.reference_hash = $1"))
        .bind(hash)
        .fetch_optional(pool)
        .await
}

/// Which concerns a list holds.
pub enum Listed {
    /// Every concern raised in the organisation (its principal social worker).
    Organisation(i64),
    /// Those the user was asked to answer.
    AssignedTo(i64),
    /// Those the user raised with their name.
    RaisedBy(i64),
}

/// The concerns of a list, open ones first, then newest first.
pub async fn list(pool: &Pool, which: &Listed) -> Result<Vec<Concern>, sqlx::Error> {
    let (filter, id) = match which {
        Listed::Organisation(org) => ("c.org_id", *org),
        Listed::AssignedTo(user) => ("c.assigned_user_id", *user),
        Listed::RaisedBy(user) => ("c.raised_by_user_id", *user),
    };
    query_as(format!(
        "{SELECT} WHERE {filter} = $1
         ORDER BY CASE WHEN c.closed_on IS NULL THEN 0 ELSE 1 END, c.raised_on DESC, c.id DESC"
    ))
    .bind(id)
    .fetch_all(pool)
    .await
}

pub struct NewRow<'a> {
    pub org_id: i64,
    pub concern: &'a NewConcern,
    /// None when anonymous.
    pub raised_by_user_id: Option<i64>,
    pub reference_hash: &'a str,
    pub raised_on: Date,
    pub answer_due_on: Date,
}

pub async fn insert(conn: &mut Conn, r: &NewRow<'_>) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO concerns (org_id, category, summary, details, raised_by_user_id, anonymous,
            reference_hash, raised_on, answer_due_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(r.org_id)
    .bind(r.concern.category.code())
    .bind(r.concern.summary.as_str())
    .bind(r.concern.details.as_str())
    .bind(r.raised_by_user_id)
    .bind(r.concern.anonymous)
    .bind(r.reference_hash)
    .bind(r.raised_on)
    .bind(r.answer_due_on)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// One message on a concern.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = ConcernMessage)]
pub struct Message {
    pub id: i64,
    /// From the sender (else an answer).
    pub from_sender: bool,
    /// Who wrote it: none for the sender of an anonymous concern.
    pub author_name: Option<String>,
    pub body: String,
    pub sent_on: Date,
}

pub async fn messages(pool: &Pool, concern_id: i64) -> Result<Vec<Message>, sqlx::Error> {
    query_as(
        "SELECT m.id, m.from_sender, u.display_name AS author_name, m.body, m.sent_on
         FROM concern_messages m LEFT JOIN users u ON u.id = m.author_user_id
         WHERE m.concern_id = $1 ORDER BY m.id",
    )
    .bind(concern_id)
    .fetch_all(pool)
    .await
}

/// Adds a message; an answer (not from the sender) on a concern not yet answered makes
/// this its first answer's day.
pub async fn add_message(
    conn: &mut Conn,
    concern_id: i64,
    from_sender: bool,
    author_user_id: Option<i64>,
    body: &str,
    sent_on: Date,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO concern_messages (concern_id, from_sender, author_user_id, body, sent_on)
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(concern_id)
    .bind(from_sender)
    .bind(author_user_id)
    .bind(body)
    .bind(sent_on)
    .execute(&mut *conn)
    .await?;
    if !from_sender {
        query(
            "UPDATE concerns SET first_answered_on = $1
             WHERE id = $2 AND first_answered_on IS NULL",
        )
        .bind(sent_on)
        .bind(concern_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

pub async fn assign(conn: &mut Conn, id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    query("UPDATE concerns SET assigned_user_id = $1 WHERE id = $2")
        .bind(user_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Closes an open concern; false when it was already closed.
pub async fn close(
    conn: &mut Conn,
    id: i64,
    outcome: &str,
    what_changed: &str,
    closed_on: Date,
) -> Result<bool, sqlx::Error> {
    let done = query(
        "UPDATE concerns SET outcome = $1, what_changed = $2, closed_on = $3
         WHERE id = $4 AND closed_on IS NULL",
    )
    .bind(outcome)
    .bind(what_changed)
    .bind(closed_on)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The people of `org` a concern may be given to: active users with a role that may
/// raise or manage concerns, by name.
pub async fn assignable(pool: &Pool, org: i64) -> Result<Vec<(i64, String)>, sqlx::Error> {
    let rows = query(
        "SELECT DISTINCT u.id, u.display_name FROM users u
         JOIN user_roles r ON r.user_id = u.id
         WHERE u.org_id = $1 AND u.active = $2
           AND r.role IN ('practitioner', 'supervisor', 'team_manager', 'principal_social_worker', 'workforce_lead')
         ORDER BY u.display_name, u.id",
    )
    .bind(org)
    .bind(true)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// What the figures count of each concern raised in `org` from `from` to `to`: no text and
/// no sender.
pub async fn facts(
    pool: &Pool,
    org: i64,
    from: Date,
    to: Date,
) -> Result<Vec<ConcernFacts>, sqlx::Error> {
    let rows = query(
        "SELECT category, raised_on, answer_due_on, first_answered_on FROM concerns
         WHERE org_id = $1 AND raised_on >= $2 AND raised_on <= $3",
    )
    .bind(org)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .filter_map(|r| {
            let code: String = match r.try_get(0) {
                Ok(c) => c,
                Err(e) => return Some(Err(e)),
            };
            let category = Category::parse(&code)?;
            Some((|| {
                Ok(ConcernFacts {
                    category,
                    raised_on: r.try_get(1)?,
                    answer_due_on: r.try_get(2)?,
                    first_answered_on: r.try_get(3)?,
                })
            })())
        })
        .collect()
}

/// Concerns not closed and never answered: (id, organisation, person answering, due day),
/// for the reminders.
pub async fn unanswered(pool: &Pool) -> Result<Vec<(i64, i64, Option<i64>, Date)>, sqlx::Error> {
    let rows = query(
        "SELECT id, org_id, assigned_user_id, answer_due_on FROM concerns
         WHERE first_answered_on IS NULL AND closed_on IS NULL ORDER BY id",
    )
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}
