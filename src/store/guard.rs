//! What a database holds before anything replaces it: `Db::reset` (the only statement
//! that drops data) asks here first, so a command never wipes data it did not make.

use super::{Backend, Db};
use crate::store::engine::query;

/// The marker the demo generator leaves (`database_facts`).
pub const MADE_BY_DEMO: &str = "mhsw demo";

/// Tables in the database, whoever made them.
async fn tables(db: &Db) -> anyhow::Result<Vec<String>> {
    let sql = match db.backend {
        Backend::Sqlite => super::dialect::SQLITE_TABLES,
        Backend::Postgres => super::dialect::POSTGRES_TABLES,
    };
    Ok(query(sql)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?)
}

async fn count(db: &Db, table: &str) -> anyhow::Result<i64> {
    Ok(query(format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?)
}

/// What the database holds that the demo did not make, in words (`None`: nothing, so it
/// may be replaced): an empty database, one with mhsw's tables and no data, and one the
/// demo made are all safe to replace.
pub async fn data_not_made_by_demo(db: &Db) -> anyhow::Result<Option<String>> {
    let tables = tables(db).await?;
    if tables.is_empty() {
        return Ok(None);
    }
    if !tables.iter().any(|t| t == "_sqlx_migrations") {
        return Ok(Some(format!(
            "tables that mhsw did not make ({})",
            tables.join(", ")
        )));
    }
    if tables.iter().any(|t| t == "database_facts") {
        let made_by: Option<String> =
            query("SELECT value FROM database_facts WHERE fact = 'made_by'")
                .fetch_optional(&db.pool)
                .await?
                .map(|r| r.try_get(0))
                .transpose()?;
        if made_by.as_deref() == Some(MADE_BY_DEMO) {
            return Ok(None);
        }
    }
    let mut held = Vec::new();
    for (table, one, many) in [
        ("organisations", "organisation", "organisations"),
        ("users", "user", "users"),
        ("practitioners", "practitioner", "practitioners"),
        ("audit_log", "audit entry", "audit entries"),
    ] {
        if !tables.iter().any(|t| t == table) {
            continue;
        }
        match count(db, table).await? {
            0 => {}
            1 => held.push(format!("1 {one}")),
            n => held.push(format!("{n} {many}")),
        }
    }
    if held.is_empty() {
        return Ok(None);
    }
    if tables.iter().any(|t| t == "organisations") {
        let names: Vec<String> = query("SELECT name FROM organisations ORDER BY id LIMIT 3")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get::<String, _>(0))
            .collect::<Result<_, _>>()?;
        if !names.is_empty() {
            held.push(format!("among them {}", names.join(", ")));
        }
    }
    Ok(Some(held.join(", ")))
}

/// Marks the database as the demo's, in the demo's own transaction.
pub async fn mark_made_by_demo(conn: &mut crate::store::Conn) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO database_facts (fact, value) VALUES ('made_by', $1)
         ON CONFLICT (fact) DO UPDATE SET value = $1",
    )
    .bind(MADE_BY_DEMO)
    .execute(conn)
    .await?;
    Ok(())
}
