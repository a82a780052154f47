//! The append-only audit trail. Rows are only ever inserted; triggers in both backends
//! refuse UPDATE and DELETE.

use super::sql::{Page, Paged, Sql, now};
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Exec, Pool, query};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: i64,
    /// UTC, RFC 3339.
    pub at: Timestamp,
    pub actor_email: String,
    pub org_id: Option<i64>,
    pub action: String,
    pub record_type: String,
    pub record_id: String,
    pub detail: String,
    pub request_id: String,
}

/// What happened, to be appended.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub actor_user_id: Option<i64>,
    pub actor_email: &'a str,
    pub org_id: Option<i64>,
    pub action: &'a str,
    pub record_type: &'a str,
    pub record_id: String,
    pub detail: String,
    pub request_id: &'a str,
}

pub async fn append<'c>(
    exec: impl Into<Exec<'c>>,
    e: &NewAuditEntry<'_>,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO audit_log (at, actor_user_id, actor_email, org_id, action, record_type, record_id, detail, request_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(now())
    .bind(e.actor_user_id)
    .bind(e.actor_email.to_string())
    .bind(e.org_id)
    .bind(e.action.to_string())
    .bind(e.record_type.to_string())
    .bind(e.record_id.clone())
    .bind(e.detail.clone())
    .bind(e.request_id.to_string())
    .execute(exec)
    .await?;
    Ok(())
}

/// Appends many entries in one statement, all at the same instant (a write storing
/// hundreds of records, each with its own entry: `Write::audit_each`).
pub async fn append_many(
    conn: &mut Conn,
    entries: &[NewAuditEntry<'_>],
) -> Result<(), sqlx::Error> {
    if entries.is_empty() {
        return Ok(());
    }
    use crate::store::dialect::{JsonColumn::*, json_rows};
    let rows: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!([
                e.actor_user_id,
                e.actor_email,
                e.org_id,
                e.action,
                e.record_type,
                e.record_id,
                e.detail,
                e.request_id
            ])
        })
        .collect();
    let select = json_rows(
        conn.backend(),
        "$2",
        &[BigInt, Text, BigInt, Text, Text, Text, Text, Text],
    );
    query(format!(
        "INSERT INTO audit_log (at, actor_user_id, actor_email, org_id, action, record_type, record_id, detail, request_id)
         SELECT $1, r.* FROM ({select}) r"
    ))
    .bind(now())
    .bind(serde_json::Value::Array(rows).to_string())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Filters for reading the trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    pub actor: String,
    pub record_type: String,
    pub record_id: String,
}

fn push_filter(sql: &mut Sql, org: i64, f: &AuditFilter) {
    sql.push(" WHERE org_id = ").bind(org);
    if !f.actor.trim().is_empty() {
        sql.push(" AND LOWER(actor_email) = ")
            .bind(f.actor.trim().to_lowercase());
    }
    if !f.record_type.is_empty() {
        sql.push(" AND record_type = ").bind(f.record_type.as_str());
    }
    if !f.record_id.trim().is_empty() {
        sql.push(" AND record_id = ").bind(f.record_id.trim());
    }
}

const COLUMNS: &str =
    "id, at, actor_email, org_id, action, record_type, record_id, detail, request_id";

/// Newest first. `page = None` returns everything (CSV export).
pub async fn list(
    pool: &Pool,
    org: i64,
    f: &AuditFilter,
    page: Option<&Page>,
) -> Result<Paged<AuditEntry>, sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) FROM audit_log");
    push_filter(&mut count, org, f);
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;
    let mut select = Sql::new(&format!("SELECT {COLUMNS} FROM audit_log"));
    push_filter(&mut select, org, f);
    select.push(" ORDER BY id DESC");
    if let Some(p) = page {
        select
            .push(" LIMIT ")
            .bind(p.size)
            .push(" OFFSET ")
            .bind(p.offset());
    }
    let items = select.query_as().fetch_all(pool).await?;
    let (number, size) = page
        .map(|p| (p.number, p.size))
        .unwrap_or((1, total.max(1)));
    Ok(Paged {
        items,
        total,
        page: number,
        page_size: size,
    })
}
