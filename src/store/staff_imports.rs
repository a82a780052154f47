//! Staff lists uploaded for import: kept as read (CSV text of the rows) with the
//! fingerprint of the changes the preview showed, and the lookups an import needs.

use super::practitioners::Practitioner;
use super::sql::{Sql, now};
use crate::domain::timestamp::Timestamp;
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, query, query_scalar};

/// A staff list waiting to be applied (or applied).
#[derive(Debug, Clone)]
pub struct StaffImport {
    pub id: i64,
    pub org_id: i64,
    pub file_name: String,
    pub rows_csv: String,
    pub fingerprint: String,
    pub applied_at: Option<Timestamp>,
}

pub async fn insert(
    pool: &Pool,
    org_id: i64,
    user_id: i64,
    file_name: &str,
    rows_csv: &str,
    fingerprint: &str,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO staff_imports (org_id, user_id, created_at, file_name, rows_csv, fingerprint)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(now())
    .bind(file_name)
    .bind(rows_csv)
    .bind(fingerprint)
    .fetch_one(pool)
    .await
}

/// The organisation's import with this id, if any.
pub async fn get(pool: &Pool, id: i64, org_id: i64) -> Result<Option<StaffImport>, sqlx::Error> {
    query(
        "SELECT id, org_id, file_name, rows_csv, fingerprint, applied_at
         FROM staff_imports WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(pool)
    .await?
    .map(|r| {
        Ok(StaffImport {
            id: r.try_get(0)?,
            org_id: r.try_get(1)?,
            file_name: r.try_get(2)?,
            rows_csv: r.try_get(3)?,
            fingerprint: r.try_get(4)?,
            applied_at: r.try_get(5)?,
        })
    })
    .transpose()
}

/// Marks the import applied; false if it already was (a second click, another tab).
pub async fn mark_applied(conn: &mut Conn, id: i64) -> Result<Guarded, sqlx::Error> {
    let done =
        query("UPDATE staff_imports SET applied_at = $1 WHERE id = $2 AND applied_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(conn)
            .await?;
    Ok(Guarded::of(done))
}

/// Practitioners, in any organisation, with one of these work emails (compared without
/// case) or registration numbers: an import matches its rows to them, and refuses rows
/// that would take another organisation's record.
pub async fn practitioners_matching(
    pool: &Pool,
    emails: &[String],
    numbers: &[String],
) -> Result<Vec<Practitioner>, sqlx::Error> {
    let mut found: Vec<Practitioner> = Vec::new();
    for (column, values) in [("LOWER(p.work_email)", emails), ("p.swe_number", numbers)] {
        for chunk in values.chunks(500) {
            let mut sql = Sql::new(super::practitioners::SELECT);
            sql.push(&format!(" WHERE {column} IN ("));
            for (i, v) in chunk.iter().enumerate() {
                if i > 0 {
                    sql.push(", ");
                }
                // Emails compare without case; registration numbers as held (SW12345).
                let value = if column.starts_with("LOWER") {
                    v.to_lowercase()
                } else {
                    v.clone()
                };
                sql.bind(value);
            }
            sql.push(")");
            for r in sql.query().fetch_all(pool).await? {
                let p = super::practitioners::from_row(&r)?;
                if !found.iter().any(|f| f.id == p.id) {
                    found.push(p);
                }
            }
        }
    }
    Ok(found)
}

/// Every team of these organisations, as (id, organisation id, name).
pub async fn teams_of(pool: &Pool, orgs: &[i64]) -> Result<Vec<(i64, i64, String)>, sqlx::Error> {
    let mut out = Vec::new();
    for org in orgs {
        let rows = query("SELECT id, org_id, name FROM teams WHERE org_id = $1")
            .bind(*org)
            .fetch_all(pool)
            .await?;
        for r in rows {
            out.push((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?));
        }
    }
    Ok(out)
}
