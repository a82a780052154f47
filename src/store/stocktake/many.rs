//! Storing many returns at once (`mhsw stocktake import` of a whole collection, or ten
//! years of them): a few statements for each run of returns, the returns carried as one
//! JSON value (`dialect::json_rows`) and the cells by `dialect::bulk_insert` (`COPY` on
//! PostgreSQL), instead of several statements a return and a bound value a cell. A single
//! return goes the same way.

use super::cell_codes::{dimension_number, employer_number, measure_number};
use super::{NewReturn, SUMMARY_COLUMNS, as_i64, in_post_json};
use crate::domain::stocktake::Cell;
use crate::domain::stocktake::national::ReturnSummary;
use crate::domain::timestamp::Timestamp;
use crate::store::dialect::{Field, JsonColumn, JsonColumn::*, bulk_insert, json_rows};
use crate::store::engine::{Conn, query};
use serde_json::{Value, json};
use std::collections::{HashMap, HashSet};
use time::Date;

/// A return to store, with its cells.
pub struct ReturnToStore<'a> {
    pub new: &'a NewReturn<'a>,
    pub cells: &'a [Cell],
}

/// Stores returns and their cells in the caller's transaction (so all or none), marking
/// each one an earlier return counted for the same organisation and date; in the order
/// given, each one's id and the id of the one it replaced. A later return in `returns` for
/// the same organisation and date replaces an earlier one there, as if sent after it.
pub async fn insert_many(
    conn: &mut Conn,
    returns: &[ReturnToStore<'_>],
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    let mut stored = Vec::with_capacity(returns.len());
    let mut start = 0;
    while start < returns.len() {
        let end = end_of_distinct_run(returns, start);
        stored.extend(insert_run(conn, &returns[start..end]).await?);
        start = end;
    }
    Ok(stored)
}

/// Where the run of returns from `start` with no organisation and date twice ends: the
/// counted return for each key is unique, so a second return for a key must wait until the
/// first is stored.
fn end_of_distinct_run(returns: &[ReturnToStore<'_>], start: usize) -> usize {
    let mut seen = HashSet::new();
    returns[start..]
        .iter()
        .position(|r| !seen.insert(key(r.new)))
        .map_or(returns.len(), |i| start + i)
}

fn key(new: &NewReturn<'_>) -> (i64, Date) {
    (new.org_id, new.collection_date)
}

/// Stores returns with distinct organisation and date: marks the ones they replace, adds
/// them with their summaries (`ReturnSummary::of` their cells, which are never changed
/// after), then adds every cell, in three statements.
async fn insert_run(
    conn: &mut Conn,
    run: &[ReturnToStore<'_>],
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    let backend = conn.backend();
    let now = Timestamp::now();
    let keys: Vec<Value> = run
        .iter()
        .map(|r| {
            let n = r.new;
            let ReturnSummary { totals: t, in_post } = ReturnSummary::of(r.cells);
            json!([
                n.org_id,
                n.collection_date.to_string(),
                n.file_name,
                n.received_by,
                n.route.code(),
                as_i64(t.headcount),
                as_i64(t.wte),
                as_i64(t.nhs_headcount),
                as_i64(t.nhs_wte),
                as_i64(t.amhps),
                as_i64(t.bias),
                t.population.map(as_i64),
                in_post_json(&in_post)
            ])
        })
        .collect();
    let keys = Value::Array(keys).to_string();
    let replaced = query(format!(
        "UPDATE stocktake_returns SET replaced_at = $1
         WHERE replaced_at IS NULL AND (org_id, collection_date) IN (
           SELECT r.c0, r.c1 FROM ({}) r)
         RETURNING id, org_id, collection_date",
        json_rows(backend, "$2", RETURN_COLUMNS)
    ))
    .bind(now)
    .bind(keys.clone())
    .fetch_all(&mut *conn)
    .await?;
    let replaced = ids_by_key(&replaced)?;
    let added = query(format!(
        "INSERT INTO stocktake_returns
           (org_id, collection_date, file_name, received_by, route, {SUMMARY_COLUMNS},
            received_at)
         SELECT r.*, $1 FROM ({}) r
         RETURNING id, org_id, collection_date",
        json_rows(backend, "$2", RETURN_COLUMNS)
    ))
    .bind(now)
    .bind(keys)
    .fetch_all(&mut *conn)
    .await?;
    let added = ids_by_key(&added)?;
    let mut stored = Vec::with_capacity(run.len());
    let width = CELL_COLUMNS.len();
    let mut cells = Vec::with_capacity(run.iter().map(|r| r.cells.len() * width).sum());
    for r in run {
        let id = *added
            .get(&key(r.new))
            .ok_or_else(|| sqlx::Error::Protocol("a stored return had no id".into()))?;
        stored.push((id, replaced.get(&key(r.new)).copied()));
        for c in r.cells {
            cells.extend(cell_fields(id, c));
        }
    }
    bulk_insert(conn, "stocktake_cells", CELL_COLUMNS, &cells).await?;
    Ok(stored)
}

/// A cell's columns, as [`cell_fields`] gives them.
const CELL_COLUMNS: &[(&str, JsonColumn)] = &[
    ("return_id", BigInt),
    ("measure", BigInt),
    ("employer", BigInt),
    ("dimension", BigInt),
    ("category", Text),
    ("headcount", BigInt),
    ("wte_hundredths", BigInt),
];

/// A return as a JSON row: organisation, collection date, file name, sender, route, then
/// its summary ([`SUMMARY_COLUMNS`]).
const RETURN_COLUMNS: &[JsonColumn] = &[
    BigInt, Date, Text, BigInt, Text, BigInt, BigInt, BigInt, BigInt, BigInt, BigInt, BigInt, Text,
];

fn cell_fields(return_id: i64, c: &Cell) -> [Field<'_>; 7] {
    [
        Field::Int(return_id),
        Field::Int(measure_number(c.measure)),
        Field::Int(employer_number(c.employer)),
        Field::Int(dimension_number(c.dimension)),
        Field::Text(&c.category),
        c.headcount.map(as_i64).into(),
        c.wte.map(as_i64).into(),
    ]
}

fn ids_by_key(
    rows: &[crate::store::engine::Row],
) -> Result<HashMap<(i64, Date), i64>, sqlx::Error> {
    rows.iter()
        .map(|r| {
            Ok((
                (r.try_get("org_id")?, r.try_get("collection_date")?),
                r.try_get("id")?,
            ))
        })
        .collect()
}
