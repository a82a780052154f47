//! A whole row as a JSON object, whatever its columns, for the subject access export
//! (`store::subject_access`), which reads every table holding a person's data with
//! `SELECT *` so that a column added later is exported without anyone remembering to.
//!
//! Both engines give the same JSON for the same data: a day is `"YYYY-MM-DD"`, an instant
//! RFC 3339 in UTC (`"2026-12-05T09:30:00Z"`), a flag `true`/`false` (SQLite's 0/1 in a
//! BOOLEAN column included), a number a number, bytes a note of their length.

use super::{Row, Value, row::DAY};
use crate::domain::timestamp::Timestamp;
use serde_json::{Map, Value as Json};
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::{Column, Row as _, TypeInfo, ValueRef};
use time::Date;

impl Row {
    /// Every column, by name, as JSON.
    pub fn to_json(&self) -> Result<Map<String, Json>, sqlx::Error> {
        let mut out = Map::new();
        match self {
            Row::Sqlite(r) => {
                for (i, c) in r.columns().iter().enumerate() {
                    out.insert(c.name().to_string(), sqlite_value(r, i)?);
                }
            }
            Row::Postgres(r) => {
                for (i, c) in r.columns().iter().enumerate() {
                    out.insert(c.name().to_string(), postgres_value(r, i)?);
                }
            }
        }
        Ok(out)
    }
}

fn bytes_note(n: usize) -> Json {
    Json::String(format!("({n} bytes of binary data)"))
}

/// SQLite types values, not columns: the value's own storage class decides, except that a
/// column declared BOOLEAN holds 0/1 for a flag.
fn sqlite_value(r: &SqliteRow, i: usize) -> Result<Json, sqlx::Error> {
    let raw = r.try_get_raw(i)?;
    if raw.is_null() {
        return Ok(Json::Null);
    }
    let declared = r.columns()[i].type_info().name().to_ascii_uppercase();
    let stored = raw.type_info().name().to_ascii_uppercase();
    if declared.starts_with("BOOL") {
        return Ok(Json::Bool(r.try_get::<bool, _>(i)?));
    }
    Ok(match stored.as_str() {
        "INTEGER" => Json::from(r.try_get::<i64, _>(i)?),
        "REAL" => Json::from(r.try_get::<f64, _>(i)?),
        "BLOB" => bytes_note(r.try_get::<Vec<u8>, _>(i)?.len()),
        _ => {
            let text: String = r.try_get(i)?;
            match declared.as_str() {
                "JSON" | "JSONB" => serde_json::from_str(&text).unwrap_or(Json::String(text)),
                _ => Json::String(text),
            }
        }
    })
}

fn postgres_value(r: &PgRow, i: usize) -> Result<Json, sqlx::Error> {
    if r.try_get_raw(i)?.is_null() {
        return Ok(Json::Null);
    }
    Ok(match r.columns()[i].type_info().name() {
        "BOOL" => Json::Bool(r.try_get::<bool, _>(i)?),
        "INT2" | "INT4" | "INT8" => Json::from(<i64 as Value>::from_postgres(r, i)?),
        "FLOAT4" | "FLOAT8" => Json::from(<f64 as Value>::from_postgres(r, i)?),
        "DATE" => Json::String(
            <Date as Value>::from_postgres(r, i)?
                .format(DAY)
                .map_err(|e| sqlx::Error::Decode(e.into()))?,
        ),
        "TIMESTAMPTZ" => Json::String(r.try_get::<Timestamp, _>(i)?.rfc3339()),
        "JSON" | "JSONB" => r.try_get::<Json, _>(i)?,
        "BYTEA" => bytes_note(r.try_get::<Vec<u8>, _>(i)?.len()),
        _ => Json::String(r.try_get::<String, _>(i)?),
    })
}
