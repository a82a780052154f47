//! CPD records. The practitioner's content is read only through `get` and `for_person`;
//! employer views read `year_facts`, which returns dates, status, a peer flag and the
//! content key, never the text. Who may call which is decided in `service::cpd`.

use super::practitioners::push_scope;
use super::sql::{Sql, now};
use crate::domain::cpd::{CpdStatus, CpdWrite, Declaration, RecordFacts};
use crate::domain::timestamp::Timestamp;
use crate::policy::PractitionerScope;
use crate::store::engine::{Conn, Pool, Row, query};
use time::Date;

/// One record, as its owner (or a supervisor it is shared with) reads it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CpdRecord {
    pub id: i64,
    pub practitioner_id: i64,
    /// `draft` or `submitted`.
    pub status: String,
    /// A code from the cpd_types list, empty on an unclassified draft.
    pub cpd_type: String,
    pub activity_on: Date,
    pub description: String,
    pub learning: String,
    pub impact: String,
    pub peer_reflection: String,
    /// A code from the cpd_peer_categories list, empty without a peer reflection.
    pub peer_category: String,
    /// Codes from cpd_standard4_parts.
    pub standard4_parts: Vec<String>,
    /// Codes from professional_standards.
    pub professional_standards: Vec<String>,
    pub from_session_id: Option<i64>,
    /// The collaborative conversation it was drafted from (none of its text is copied).
    pub from_conversation_id: Option<i64>,
    pub shared_with_supervisors: bool,
    pub submitted_at: Option<Timestamp>,
    pub updated_at: Timestamp,
}

const COLUMNS: &str =
    "id, practitioner_id, status, cpd_type, activity_on, description, learning, impact,
    peer_reflection, peer_category, standard4_parts, professional_standards, from_session_id,
    from_conversation_id, shared_with_supervisors, submitted_at, updated_at";

fn codes(s: String) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn from_row(r: &Row) -> Result<CpdRecord, sqlx::Error> {
    Ok(CpdRecord {
        id: r.try_get("id")?,
        practitioner_id: r.try_get("practitioner_id")?,
        status: r.try_get("status")?,
        cpd_type: r.try_get("cpd_type")?,
        activity_on: r.try_get("activity_on")?,
        description: r.try_get("description")?,
        learning: r.try_get("learning")?,
        impact: r.try_get("impact")?,
        peer_reflection: r.try_get("peer_reflection")?,
        peer_category: r.try_get("peer_category")?,
        standard4_parts: codes(r.try_get("standard4_parts")?),
        professional_standards: codes(r.try_get("professional_standards")?),
        from_session_id: r.try_get("from_session_id")?,
        from_conversation_id: r.try_get("from_conversation_id")?,
        shared_with_supervisors: r.try_get("shared_with_supervisors")?,
        submitted_at: r.try_get("submitted_at")?,
        updated_at: r.try_get("updated_at")?,
    })
}

pub async fn get(pool: &Pool, id: i64) -> Result<Option<CpdRecord>, sqlx::Error> {
    query(format!("SELECT {COLUMNS} FROM cpd_records WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// A person's records dated from `from` to `to` (inclusive), oldest first (SWE's order).
pub async fn for_person(
    pool: &Pool,
    practitioner_id: i64,
    from: Date,
    to: Date,
    shared_only: bool,
) -> Result<Vec<CpdRecord>, sqlx::Error> {
    let shared = if shared_only {
        " AND shared_with_supervisors"
    } else {
        ""
    };
    query(format!(
        "SELECT {COLUMNS} FROM cpd_records
         WHERE practitioner_id = $1 AND activity_on >= $2 AND activity_on <= $3{shared}
         ORDER BY activity_on, id"
    ))
    .bind(practitioner_id)
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

/// The record already drafted from a supervision session, if any.
pub async fn from_session(pool: &Pool, session_id: i64) -> Result<Option<i64>, sqlx::Error> {
    drafted_from(pool, "from_session_id", session_id).await
}

/// The record already drafted from a collaborative conversation, if any.
pub async fn from_conversation(
    pool: &Pool,
    conversation_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    drafted_from(pool, "from_conversation_id", conversation_id).await
}

/// `column` is one of the two fixed source columns above, never input.
async fn drafted_from(
    pool: &Pool,
    column: &'static str,
    source_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    query(format!("SELECT id FROM cpd_records WHERE {column} = $1"))
        .bind(source_id)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

fn status_times(w: &CpdWrite, t: Timestamp) -> Option<Timestamp> {
    (w.status == CpdStatus::Submitted).then_some(t)
}

pub async fn insert(
    conn: &mut Conn,
    practitioner_id: i64,
    w: &CpdWrite,
    from_session_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    insert_from(conn, practitioner_id, w, from_session_id, None).await
}

/// Inserts a record drafted from a collaborative conversation, linked by
/// `from_conversation_id`.
pub async fn insert_from_conversation(
    conn: &mut Conn,
    practitioner_id: i64,
    w: &CpdWrite,
    conversation_id: i64,
) -> Result<i64, sqlx::Error> {
    insert_from(conn, practitioner_id, w, None, Some(conversation_id)).await
}

/// A record written by hand, or drafted from a held supervision session or a collaborative
/// conversation (each source gives at most one record: unique indexes).
async fn insert_from(
    conn: &mut Conn,
    practitioner_id: i64,
    w: &CpdWrite,
    from_session_id: Option<i64>,
    from_conversation_id: Option<i64>,
) -> Result<i64, sqlx::Error> {
    let t = now();
    query(
        "INSERT INTO cpd_records (practitioner_id, status, cpd_type, activity_on, description, learning,
            impact, peer_reflection, peer_category, standard4_parts, professional_standards, content_key,
            from_session_id, from_conversation_id, shared_with_supervisors, submitted_at, created_at,
            updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, FALSE, $15, $16, $16)
         RETURNING id",
    )
    .bind(practitioner_id)
    .bind(w.status.code())
    .bind(&w.cpd_type)
    .bind(w.activity_on)
    .bind(&w.description)
    .bind(&w.learning)
    .bind(&w.impact)
    .bind(&w.peer_reflection)
    .bind(&w.peer_category)
    .bind(w.standard4_parts.join(","))
    .bind(w.professional_standards.join(","))
    .bind(&w.content_key)
    .bind(from_session_id)
    .bind(from_conversation_id)
    .bind(status_times(w, t))
    .bind(t)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// Replaces a record's fields. `submitted_at` keeps the first submission time.
pub async fn update(conn: &mut Conn, id: i64, w: &CpdWrite) -> Result<(), sqlx::Error> {
    let t = now();
    query(
        "UPDATE cpd_records SET status = $1, cpd_type = $2, activity_on = $3, description = $4,
            learning = $5, impact = $6, peer_reflection = $7, peer_category = $8, standard4_parts = $9,
            professional_standards = $10, content_key = $11,
            submitted_at = CASE WHEN $1 = 'submitted' THEN COALESCE(submitted_at, $12) ELSE NULL END,
            updated_at = $12
         WHERE id = $13",
    )
    .bind(w.status.code())
    .bind(&w.cpd_type)
    .bind(w.activity_on)
    .bind(&w.description)
    .bind(&w.learning)
    .bind(&w.impact)
    .bind(&w.peer_reflection)
    .bind(&w.peer_category)
    .bind(w.standard4_parts.join(","))
    .bind(w.professional_standards.join(","))
    .bind(&w.content_key)
    .bind(t)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn set_shared(conn: &mut Conn, id: i64, shared: bool) -> Result<(), sqlx::Error> {
    query("UPDATE cpd_records SET shared_with_supervisors = $1, updated_at = $2 WHERE id = $3")
        .bind(shared)
        .bind(now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn delete(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    query("DELETE FROM cpd_records WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// What readiness needs, per person in scope, for records dated `from` to `to`: no text.
/// People with no records in the range are absent.
pub async fn year_facts(
    pool: &Pool,
    scope: &PractitionerScope,
    from: Date,
    to: Date,
) -> Result<Vec<(i64, RecordFacts)>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT c.practitioner_id, c.status, c.activity_on, c.content_key,
            CASE WHEN c.peer_reflection <> '' THEN 1 ELSE 0 END AS has_peer
         FROM cpd_records c JOIN practitioners p ON p.id = c.practitioner_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND c.activity_on >= ")
        .bind(from)
        .push(" AND c.activity_on <= ")
        .bind(to);
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .filter_map(|r| facts_from_row(r).transpose())
        .collect()
}

fn facts_from_row(r: &Row) -> Result<Option<(i64, RecordFacts)>, sqlx::Error> {
    let status: String = r.try_get("status")?;
    let Some(status) = CpdStatus::parse(&status) else {
        return Ok(None);
    };
    Ok(Some((
        r.try_get("practitioner_id")?,
        RecordFacts {
            status,
            activity_on: r.try_get("activity_on")?,
            has_peer_reflection: r.try_get::<i64, _>("has_peer")? != 0,
            content_key: r.try_get("content_key")?,
        },
    )))
}

/// CPD declared as held in the regulator's account for the year ending `year_ends`, per
/// person in scope who has declared any.
pub async fn declarations(
    pool: &Pool,
    scope: &PractitionerScope,
    year_ends: Date,
) -> Result<std::collections::HashMap<i64, Declaration>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT d.practitioner_id, d.records, d.peer_reflection
         FROM cpd_declarations d JOIN practitioners p ON p.id = d.practitioner_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND d.year_ends = ").bind(year_ends);
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                r.try_get("practitioner_id")?,
                Declaration {
                    records: u32::try_from(r.try_get::<i64, _>("records")?).unwrap_or(0),
                    peer_reflection: r.try_get("peer_reflection")?,
                },
            ))
        })
        .collect()
}

/// Records (or, when `d` declares nothing, clears) a person's declaration for a year.
pub async fn set_declaration(
    conn: &mut Conn,
    practitioner_id: i64,
    year_ends: Date,
    d: Declaration,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    query("DELETE FROM cpd_declarations WHERE practitioner_id = $1 AND year_ends = $2")
        .bind(practitioner_id)
        .bind(year_ends)
        .execute(&mut *conn)
        .await?;
    if d != Declaration::default() {
        query(
            "INSERT INTO cpd_declarations (practitioner_id, year_ends, records, peer_reflection,
               declared_by_user_id, declared_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(practitioner_id)
        .bind(year_ends)
        .bind(i64::from(d.records))
        .bind(d.peer_reflection)
        .bind(user_id)
        .bind(super::sql::now())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
