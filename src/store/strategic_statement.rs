//! The strategic statement's tables (`migrations/*/20261123000012_strategic_statement.sql`):
//! one statement per organisation, its chapters, and the facts it was generated from. Every
//! read takes the organisation. What the draft says lives in
//! `domain::self_assessment::statement`.

use super::sql::now;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Pool, Row, query, query_as, query_scalar};
use sqlx::FromRow;
use time::Date;

/// Read by hand (not `FromRow`): `figures_as_of` is a day, which `Row::try_get` decodes on
/// both engines.
#[derive(Debug, Clone)]
pub struct StatementRow {
    pub id: i64,
    pub org_id: i64,
    /// `StatementFacts`, as a JSON document.
    pub facts: serde_json::Value,
    /// The day the figures were read.
    pub figures_as_of: Date,
    pub generated_at: Timestamp,
    pub generated_by_name: Option<String>,
    pub updated_at: Timestamp,
    pub updated_by_name: Option<String>,
}

#[derive(Debug, Clone, FromRow)]
pub struct ChapterRow {
    pub code: String,
    pub heading: String,
    pub body: String,
}

fn statement_from(r: &Row) -> Result<StatementRow, sqlx::Error> {
    Ok(StatementRow {
        id: r.try_get("id")?,
        org_id: r.try_get("org_id")?,
        facts: r.try_get("facts")?,
        figures_as_of: r.try_get("figures_as_of")?,
        generated_at: r.try_get("generated_at")?,
        generated_by_name: r.try_get("generated_by_name")?,
        updated_at: r.try_get("updated_at")?,
        updated_by_name: r.try_get("updated_by_name")?,
    })
}

pub async fn statement(pool: &Pool, org: i64) -> Result<Option<StatementRow>, sqlx::Error> {
    query(
        "SELECT s.id, s.org_id, s.facts, s.figures_as_of, s.generated_at,
            g.display_name AS generated_by_name, s.updated_at, u.display_name AS updated_by_name
         FROM strategic_statements s
         LEFT JOIN users g ON g.id = s.generated_by
         LEFT JOIN users u ON u.id = s.updated_by
         WHERE s.org_id = $1",
    )
    .bind(org)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(statement_from)
    .transpose()
}

pub async fn chapters(pool: &Pool, statement_id: i64) -> Result<Vec<ChapterRow>, sqlx::Error> {
    query_as(
        "SELECT code, heading, body FROM strategic_statement_chapters
         WHERE statement_id = $1 ORDER BY position",
    )
    .bind(statement_id)
    .fetch_all(pool)
    .await
}

/// Creates or replaces the organisation's statement with a fresh draft: its facts and
/// every chapter. The caller holds the transaction.
pub async fn replace(
    conn: &mut Conn,
    org: i64,
    facts: &serde_json::Value,
    figures_as_of: Date,
    user_id: i64,
    chapters: &[(String, String, String)],
) -> Result<i64, sqlx::Error> {
    let t = now();
    let id: i64 = query_scalar(
        "INSERT INTO strategic_statements (org_id, facts, figures_as_of, generated_at,
            generated_by, updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $4, $5)
         ON CONFLICT (org_id) DO UPDATE SET facts = excluded.facts,
            figures_as_of = excluded.figures_as_of, generated_at = excluded.generated_at,
            generated_by = excluded.generated_by, updated_at = excluded.updated_at,
            updated_by = excluded.updated_by
         RETURNING id",
    )
    .bind(org)
    .bind(facts)
    .bind(figures_as_of)
    .bind(t)
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    query("DELETE FROM strategic_statement_chapters WHERE statement_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (i, (code, heading, body)) in chapters.iter().enumerate() {
        query(
            "INSERT INTO strategic_statement_chapters (statement_id, position, code, heading, body)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(i as i64)
        .bind(code)
        .bind(heading)
        .bind(body)
        .execute(&mut *conn)
        .await?;
    }
    Ok(id)
}

/// Changes one chapter's text. False when the statement has no such chapter.
pub async fn set_body(
    conn: &mut Conn,
    statement_id: i64,
    code: &str,
    body: &str,
) -> Result<bool, sqlx::Error> {
    let n = query(
        "UPDATE strategic_statement_chapters SET body = $3 WHERE statement_id = $1 AND code = $2",
    )
    .bind(statement_id)
    .bind(code)
    .bind(body)
    .execute(&mut *conn)
    .await?
    .rows_affected();
    Ok(n == 1)
}

pub async fn touch(conn: &mut Conn, statement_id: i64, user_id: i64) -> Result<(), sqlx::Error> {
    query("UPDATE strategic_statements SET updated_at = $2, updated_by = $3 WHERE id = $1")
        .bind(statement_id)
        .bind(now())
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}
