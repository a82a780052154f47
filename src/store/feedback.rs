//! Feedback storage: cards (requests), anonymous responses, adapted questionnaire versions,
//! sharing, and the link from a CPD record. The anonymity rules are in the migration
//! (`20261123000009_feedback.sql`); who may do what is `service::feedback`.

use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, query, query_scalar};
use time::Date;

/// New cards: one row per code hash, all for one practitioner and audience.
pub struct NewCards<'a> {
    pub practitioner_id: i64,
    pub audience: &'a str,
    pub hashes: &'a [String],
    /// Who made them (none for generated demo cards).
    pub created_by: Option<i64>,
    pub created_on: Date,
    pub expires_on: Date,
}

/// Inserts the cards and returns their ids (the card numbers printed on each card, so that
/// the owner can tell their cards apart in their list).
pub async fn insert_cards(conn: &mut Conn, c: &NewCards<'_>) -> Result<Vec<i64>, sqlx::Error> {
    let mut ids = Vec::with_capacity(c.hashes.len());
    for hash in c.hashes {
        let id: i64 = query_scalar(
            "INSERT INTO feedback_requests (practitioner_id, audience, code_hash, status, created_by, created_on, expires_on)
             VALUES ($1, $2, $3, 'open', $4, $5, $6) RETURNING id",
        )
        .bind(c.practitioner_id)
        .bind(c.audience)
        .bind(hash.as_str())
        .bind(c.created_by)
        .bind(c.created_on)
        .bind(c.expires_on)
        .fetch_one(&mut *conn)
        .await?;
        ids.push(id);
    }
    Ok(ids)
}

/// A card as its owner sees it: whether it was used is deliberately not read.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CardRow {
    pub id: i64,
    pub audience: String,
    pub created_on: Date,
    pub expires_on: Date,
    pub withdrawn: bool,
}

pub async fn cards(pool: &Pool, practitioner_id: i64) -> Result<Vec<CardRow>, sqlx::Error> {
    let rows = query(
        "SELECT id, audience, created_on, expires_on, withdrawn FROM feedback_requests
         WHERE practitioner_id = $1 ORDER BY created_on DESC, id DESC",
    )
    .bind(practitioner_id)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(CardRow {
                id: r.try_get(0)?,
                audience: r.try_get(1)?,
                created_on: r.try_get(2)?,
                expires_on: r.try_get(3)?,
                withdrawn: r.try_get(4)?,
            })
        })
        .collect()
}

/// Withdraws one of the practitioner's cards; `false` if it is not theirs.
pub async fn withdraw(
    conn: &mut Conn,
    practitioner_id: i64,
    id: i64,
) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE feedback_requests SET withdrawn = TRUE WHERE id = $1 AND practitioner_id = $2",
    )
    .bind(id)
    .bind(practitioner_id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

/// The card a code opens, whatever its state.
#[derive(Debug, Clone)]
pub struct CardLookup {
    pub id: i64,
    pub practitioner_id: i64,
    pub audience: String,
    pub used: bool,
    pub withdrawn: bool,
    pub expires_on: Date,
}

pub async fn card_by_hash(pool: &Pool, hash: &str) -> Result<Option<CardLookup>, sqlx::Error> {
    let row = query(
        "SELECT id, practitioner_id, audience, status, withdrawn, expires_on
         FROM feedback_requests WHERE code_hash = $1",
    )
    .bind(hash)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(CardLookup {
            id: r.try_get(0)?,
            practitioner_id: r.try_get(1)?,
            audience: r.try_get(2)?,
            used: r.try_get::<String, _>(3)? == "used",
            withdrawn: r.try_get(4)?,
            expires_on: r.try_get(5)?,
        })
    })
    .transpose()
}

/// Uses the card: `false` if it was used (or withdrawn, or expired) meanwhile. No time is kept.
pub async fn use_card(conn: &mut Conn, id: i64, today: Date) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE feedback_requests SET status = 'used'
         WHERE id = $1 AND status = 'open' AND NOT withdrawn AND expires_on >= $2",
    )
    .bind(id)
    .bind(today)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

/// A response to store: its grouping keys and answers. Nothing else exists to store.
pub struct NewResponse<'a> {
    pub org_id: i64,
    pub team_id: Option<i64>,
    pub practitioner_id: i64,
    pub audience: &'a str,
    pub questionnaire: &'a str,
    /// YYYY-MM, never the day.
    pub month: &'a str,
    /// `code=score` pairs, comma separated.
    pub answers: &'a str,
    pub comment: &'a str,
}

/// Stores a response under a random id, so ids say nothing about order.
pub async fn insert_response(conn: &mut Conn, r: &NewResponse<'_>) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO feedback_responses (id, org_id, team_id, practitioner_id, audience, questionnaire, month, answers, comment)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(uuid::Uuid::new_v4().simple().to_string())
    .bind(r.org_id)
    .bind(r.team_id)
    .bind(r.practitioner_id)
    .bind(r.audience)
    .bind(r.questionnaire)
    .bind(r.month)
    .bind(r.answers)
    .bind(r.comment)
    .execute(conn)
    .await?;
    Ok(())
}

/// An answer sent on the public form, waiting to be committed with others
/// (`Db::public_answers`): the card to use and the response to store if it can be used.
#[derive(Debug, Clone)]
pub struct QueuedAnswer {
    pub card_id: i64,
    pub today: Date,
    pub org_id: i64,
    pub team_id: Option<i64>,
    pub practitioner_id: i64,
    pub audience: String,
    pub questionnaire: String,
    pub month: String,
    pub answers: String,
    pub comment: String,
}

/// Uses the card and stores the response, or stores nothing and answers false when the card
/// can no longer be used (sent twice at once: the first one counted). A step of
/// `group_commit`, inside the group's transaction.
pub fn store_answer<'a>(
    conn: &'a mut Conn,
    a: &'a QueuedAnswer,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<bool, sqlx::Error>> + Send + 'a>> {
    Box::pin(async move {
        if !use_card(conn, a.card_id, a.today).await?.changed() {
            return Ok(false);
        }
        let r = NewResponse {
            org_id: a.org_id,
            team_id: a.team_id,
            practitioner_id: a.practitioner_id,
            audience: &a.audience,
            questionnaire: &a.questionnaire,
            month: &a.month,
            answers: &a.answers,
            comment: &a.comment,
        };
        insert_response(conn, &r).await?;
        Ok(true)
    })
}

/// One stored response, as summaries read it.
#[derive(Debug, Clone)]
pub struct ResponseRow {
    pub practitioner_id: i64,
    pub team_id: Option<i64>,
    pub audience: String,
    pub month: String,
    pub answers: String,
    /// Empty unless the caller asked for comments.
    pub comment: String,
}

/// Whose responses a query reads.
#[derive(Debug, Clone, Copy)]
pub enum ResponsesOf {
    Practitioner(i64),
    Team(i64),
    Organisation(i64),
}

/// Responses from `from_month` on (YYYY-MM), in month order; comments only when asked for.
pub async fn responses(
    pool: &Pool,
    of: ResponsesOf,
    from_month: &str,
    with_comments: bool,
) -> Result<Vec<ResponseRow>, sqlx::Error> {
    let (column, id) = match of {
        ResponsesOf::Practitioner(id) => ("practitioner_id", id),
        ResponsesOf::Team(id) => ("team_id", id),
        ResponsesOf::Organisation(id) => ("org_id", id),
    };
    let comment = if with_comments { "comment" } else { "''" };
    let sql = format!(
        "SELECT practitioner_id, team_id, audience, month, answers, {comment} FROM feedback_responses
         WHERE {column} = $1 AND month >= $2 ORDER BY month"
    );
    let rows = query(&sql)
        .bind(id)
        .bind(from_month)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            Ok(ResponseRow {
                practitioner_id: r.try_get(0)?,
                team_id: r.try_get(1)?,
                audience: r.try_get(2)?,
                month: r.try_get(3)?,
                answers: r.try_get(4)?,
                comment: r.try_get(5)?,
            })
        })
        .collect()
}

/// How many practitioners of an organisation have made cards since a date: how widely
/// feedback is used (a count of staff, not of responses).
pub async fn practitioners_with_cards(
    pool: &Pool,
    org_id: i64,
    since: Date,
) -> Result<i64, sqlx::Error> {
    query(
        "SELECT COUNT(DISTINCT r.practitioner_id) FROM feedback_requests r
         JOIN practitioners p ON p.id = r.practitioner_id
         WHERE p.employer_org_id = $1 AND r.created_on >= $2",
    )
    .bind(org_id)
    .bind(since)
    .fetch_one(pool)
    .await?
    .try_get(0)
}

/// How many current practitioners in `scope` (employed or hosted) have made cards since a
/// date: the self-assessment's evidence that feedback is in use. A count of staff only.
pub async fn practitioners_with_cards_in(
    pool: &Pool,
    scope: &crate::policy::PractitionerScope,
    since: Date,
    until: Date,
) -> Result<i64, sqlx::Error> {
    let mut sql = super::sql::Sql::new(
        "SELECT COUNT(DISTINCT p.id) FROM practitioners p
         JOIN feedback_requests r ON r.practitioner_id = p.id",
    );
    super::practitioners::push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL AND r.created_on >= ")
        .bind(since)
        .push(" AND r.created_on <= ")
        .bind(until);
    sql.query().fetch_one(pool).await?.try_get(0)
}

// ---------------------------------------------------------------------------------------
// Questionnaire versions

/// An adapted version as stored.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct VersionRow {
    pub id: i64,
    pub version: i64,
    /// `domain::feedback::Questionnaire`, as a JSON document.
    #[serde(skip)]
    pub content: serde_json::Value,
    pub co_produced_with: String,
    pub change_note: String,
    pub created_by_name: Option<String>,
    pub created_on: Date,
}

/// An organisation's adapted versions for an audience, newest first.
pub async fn versions(
    pool: &Pool,
    org_id: i64,
    audience: &str,
) -> Result<Vec<VersionRow>, sqlx::Error> {
    let rows = query(
        "SELECT q.id, q.version, q.content, q.co_produced_with, q.change_note, u.display_name, q.created_on
         FROM feedback_questionnaires q LEFT JOIN users u ON u.id = q.created_by
         WHERE q.org_id = $1 AND q.audience = $2 ORDER BY q.version DESC",
    )
    .bind(org_id)
    .bind(audience)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(VersionRow {
                id: r.try_get(0)?,
                version: r.try_get(1)?,
                content: r.try_get(2)?,
                co_produced_with: r.try_get(3)?,
                change_note: r.try_get(4)?,
                created_by_name: r.try_get(5)?,
                created_on: r.try_get(6)?,
            })
        })
        .collect()
}

pub struct NewVersion<'a> {
    pub org_id: i64,
    pub audience: &'a str,
    pub version: i64,
    pub content: &'a serde_json::Value,
    pub co_produced_with: &'a str,
    pub change_note: &'a str,
    pub created_by: i64,
    pub created_on: Date,
}

/// Stores a version; the unique key refuses a second writer of the same number.
pub async fn insert_version(conn: &mut Conn, v: &NewVersion<'_>) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO feedback_questionnaires (org_id, audience, version, content, co_produced_with, change_note, created_by, created_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(v.org_id)
    .bind(v.audience)
    .bind(v.version)
    .bind(v.content)
    .bind(v.co_produced_with)
    .bind(v.change_note)
    .bind(v.created_by)
    .bind(v.created_on)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

// ---------------------------------------------------------------------------------------
// Sharing and the CPD link

/// The date the practitioner shared their results, if they do.
pub async fn shared_on(pool: &Pool, practitioner_id: i64) -> Result<Option<Date>, sqlx::Error> {
    query("SELECT shared_on FROM feedback_shares WHERE practitioner_id = $1")
        .bind(practitioner_id)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

pub async fn set_shared(
    conn: &mut Conn,
    practitioner_id: i64,
    on: Option<Date>,
) -> Result<(), sqlx::Error> {
    query("DELETE FROM feedback_shares WHERE practitioner_id = $1")
        .bind(practitioner_id)
        .execute(&mut *conn)
        .await?;
    if let Some(on) = on {
        query("INSERT INTO feedback_shares (practitioner_id, shared_on) VALUES ($1, $2)")
            .bind(practitioner_id)
            .bind(on)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The CPD record already drafted from results up to `through` (YYYY-MM), if any.
pub async fn cpd_from_feedback(
    pool: &Pool,
    practitioner_id: i64,
    through: &str,
) -> Result<Option<i64>, sqlx::Error> {
    query("SELECT id FROM cpd_records WHERE practitioner_id = $1 AND from_feedback_through = $2")
        .bind(practitioner_id)
        .bind(through)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Marks a CPD record as drafted from the results up to `through`.
pub async fn link_cpd(conn: &mut Conn, cpd_id: i64, through: &str) -> Result<(), sqlx::Error> {
    query("UPDATE cpd_records SET from_feedback_through = $1 WHERE id = $2")
        .bind(through)
        .bind(cpd_id)
        .execute(conn)
        .await?;
    Ok(())
}
