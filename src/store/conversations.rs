//! Collaborative conversations: the practitioner's reflective notes. The content is read
//! only through `get`, `for_person` and `shared_candidates`; who may call which is decided
//! in `service::conversations`. The table holds nothing that names the person.

use super::sql::now;
use crate::domain::conversation::{Coded, ConversationNote};
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Pool, Query, query, query_as};
use time::Date;

/// One note, as its owner (or a supervisor it is shared with) reads it.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Conversation {
    pub id: i64,
    pub practitioner_id: i64,
    /// The date of the conversation.
    pub held_on: Date,
    /// `service_user` or `carer`.
    pub with_whom: String,
    pub setting: String,
    pub discussed: String,
    pub helped: String,
    pub did_not_help: String,
    /// `together`, `partly` or `mostly_me`.
    pub co_production: String,
    pub co_production_detail: String,
    pub learnt: String,
    pub do_differently: String,
    /// Always true: a note is kept only with the person's agreement.
    pub consent_given: bool,
    pub shared_with_supervisors: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// A line of a list: no content beyond the date, the kind of person and the setting.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ConversationLine {
    pub id: i64,
    pub practitioner_id: i64,
    pub held_on: Date,
    pub with_whom: String,
    pub setting: String,
    pub shared_with_supervisors: bool,
    /// The CPD record drafted from it, if any.
    pub cpd_record_id: Option<i64>,
}

const COLUMNS: &str = "id, practitioner_id, held_on, with_whom, setting, discussed, helped,
    did_not_help, co_production, co_production_detail, learnt, do_differently, consent_given,
    shared_with_supervisors, created_at, updated_at";

pub async fn get(pool: &Pool, id: i64) -> Result<Option<Conversation>, sqlx::Error> {
    query_as(format!(
        "SELECT {COLUMNS} FROM collaborative_conversations WHERE id = $1"
    ))
    .bind(id)
    .fetch_optional(pool)
    .await
}

const LINE: &str = "SELECT v.id, v.practitioner_id, v.held_on, v.with_whom, v.setting,
        v.shared_with_supervisors, c.id AS cpd_record_id
     FROM collaborative_conversations v
     LEFT JOIN cpd_records c ON c.from_conversation_id = v.id";

/// A person's notes, newest first.
pub async fn for_person(
    pool: &Pool,
    practitioner_id: i64,
) -> Result<Vec<ConversationLine>, sqlx::Error> {
    query_as(format!(
        "{LINE} WHERE v.practitioner_id = $1 ORDER BY v.held_on DESC, v.id DESC"
    ))
    .bind(practitioner_id)
    .fetch_all(pool)
    .await
}

/// Shared notes of people whose not-ended supervision agreement names `user_id`, newest
/// first, with the practitioner's name. Candidates only: the service confirms each person
/// with the same check as a single read (`service::access::is_named_supervisor`). The CPD
/// link is left out: it is the owner's.
pub async fn shared_candidates(
    pool: &Pool,
    user_id: i64,
) -> Result<Vec<(ConversationLine, String)>, sqlx::Error> {
    query(
        "SELECT v.id, v.practitioner_id, v.held_on, v.with_whom, v.setting,
            v.shared_with_supervisors, NULL AS cpd_record_id, p.given_name, p.family_name
         FROM collaborative_conversations v
         JOIN practitioners p ON p.id = v.practitioner_id
         WHERE v.shared_with_supervisors
           AND EXISTS (SELECT 1 FROM supervision_agreements a
                       WHERE a.practitioner_id = v.practitioner_id AND a.ended_on IS NULL
                         AND (a.line_manager_user_id = $1 OR a.professional_supervisor_user_id = $1
                              OR a.amhp_supervisor_user_id = $1))
         ORDER BY v.held_on DESC, v.id DESC",
    )
    .bind(user_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let name = format!(
            "{} {}",
            r.try_get::<String, _>("given_name")?,
            r.try_get::<String, _>("family_name")?
        );
        Ok((r.record()?, name))
    })
    .collect()
}

/// The note's fields bound as `$1` to `$10`, in the order of `NOTE_COLUMNS`.
fn bind_note<'q>(q: Query<'q>, n: &'q ConversationNote) -> Query<'q> {
    q.bind(n.held_on)
        .bind(n.with_whom.code())
        .bind(&n.setting)
        .bind(&n.discussed)
        .bind(&n.helped)
        .bind(&n.did_not_help)
        .bind(n.co_production.code())
        .bind(&n.co_production_detail)
        .bind(&n.learnt)
        .bind(&n.do_differently)
}

const NOTE_COLUMNS: [&str; 10] = [
    "held_on",
    "with_whom",
    "setting",
    "discussed",
    "helped",
    "did_not_help",
    "co_production",
    "co_production_detail",
    "learnt",
    "do_differently",
];

pub async fn insert(
    conn: &mut Conn,
    practitioner_id: i64,
    n: &ConversationNote,
) -> Result<i64, sqlx::Error> {
    let sql = format!(
        "INSERT INTO collaborative_conversations ({}, practitioner_id, consent_given,
            shared_with_supervisors, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, TRUE, FALSE, $12, $12)
         RETURNING id",
        NOTE_COLUMNS.join(", ")
    );
    bind_note(query(&sql), n)
        .bind(practitioner_id)
        .bind(now())
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)
}

/// Replaces a note's fields (sharing is kept).
pub async fn update(conn: &mut Conn, id: i64, n: &ConversationNote) -> Result<(), sqlx::Error> {
    let set: Vec<String> = NOTE_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 1))
        .collect();
    let sql = format!(
        "UPDATE collaborative_conversations SET {}, updated_at = $11 WHERE id = $12",
        set.join(", ")
    );
    bind_note(query(&sql), n)
        .bind(now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn set_shared(conn: &mut Conn, id: i64, shared: bool) -> Result<(), sqlx::Error> {
    query(
        "UPDATE collaborative_conversations SET shared_with_supervisors = $1, updated_at = $2 WHERE id = $3",
    )
    .bind(shared)
    .bind(now())
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Deletes a note. A CPD record drafted from it stays, unlinked (`ON DELETE SET NULL`).
pub async fn delete(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    query("DELETE FROM collaborative_conversations WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many current practitioners in `scope` (employed or hosted) have at least one note of
/// a conversation held since a date: a count of staff, nothing of any note's content.
pub async fn practitioners_with_notes(
    pool: &Pool,
    scope: &crate::policy::PractitionerScope,
    since: Date,
    until: Date,
) -> Result<i64, sqlx::Error> {
    let mut sql = super::sql::Sql::new(
        "SELECT COUNT(DISTINCT p.id) FROM practitioners p
         JOIN collaborative_conversations c ON c.practitioner_id = p.id",
    );
    super::practitioners::push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL AND c.held_on >= ")
        .bind(since)
        .push(" AND c.held_on <= ")
        .bind(until);
    sql.query().fetch_one(pool).await?.try_get(0)
}
