//! The returns an organisation has sent (a national analyst: every organisation's), and one
//! return's cells, for the page and the API.

use super::require;
use crate::domain::stocktake::Cell;
use crate::domain::timestamp::Timestamp;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::audit;
use crate::store::Db;
use crate::store::orgs;
use crate::store::stocktake::{self as store, ReturnRow};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// The most returns a list shows.
pub const LISTED: i64 = 500;

/// A return as a list shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturnSummary {
    pub id: i64,
    pub org_id: i64,
    pub organisation: String,
    pub ods_code: String,
    pub collection_date: Date,
    pub received_at: Timestamp,
    /// Who sent it; empty for the command line.
    pub received_by: Option<String>,
    /// How it came: `upload`, `api`, `command_line` or `generated`.
    pub route: String,
    pub file_name: String,
    /// Whether it is the one counted for its organisation and date (the latest received).
    pub counted: bool,
    pub replaced_at: Option<Timestamp>,
    pub cells: i64,
}

/// One cell of a return as shown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturnCell {
    pub measure: String,
    /// `nhs`, `other`, or empty for the registered population.
    pub employer: String,
    pub dimension: String,
    pub category: String,
    pub headcount: Option<u64>,
    /// WTE as a number with at most two decimals.
    pub wte: Option<f64>,
}

/// A return with its cells.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturnView {
    #[serde(flatten)]
    pub summary: ReturnSummary,
    pub cell_list: Vec<ReturnCell>,
}

async fn names(db: &Db) -> AppResult<HashMap<i64, (String, String)>> {
    Ok(orgs::all(&db.pool)
        .await?
        .into_iter()
        .map(|o| (o.id, (o.name, o.ods_code)))
        .collect())
}

fn summary(r: ReturnRow, names: &HashMap<i64, (String, String)>) -> ReturnSummary {
    let (organisation, ods_code) = names.get(&r.org_id).cloned().unwrap_or_default();
    ReturnSummary {
        id: r.id,
        org_id: r.org_id,
        organisation,
        ods_code,
        collection_date: r.collection_date,
        received_at: r.received_at,
        received_by: r.received_by,
        route: r.route.code().to_string(),
        file_name: r.file_name,
        counted: r.replaced_at.is_none(),
        replaced_at: r.replaced_at,
        cells: r.cell_count,
    }
}

/// The returns the actor may see: their organisation's, or every organisation's for a
/// national analyst (the newest [`LISTED`]).
pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<ReturnSummary>> {
    require(actor, Capability::SubmitStocktakeReturn)?;
    let rows = store::returns_of(&db.pool, actor.org_id, LISTED).await?;
    let names = names(db).await?;
    Ok(rows.into_iter().map(|r| summary(r, &names)).collect())
}

/// One return with its cells, if the actor may see it (else not found). Returns hold
/// counts, some of them small; reading one is audited.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<ReturnView> {
    require(actor, Capability::SubmitStocktakeReturn)?;
    let row = store::get(&db.pool, id, actor.org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let cells = store::cells_of(&db.pool, id).await?;
    audit(db, actor, "view", "stocktake return", id, "").await?;
    let names = names(db).await?;
    Ok(ReturnView {
        summary: summary(row, &names),
        cell_list: cells.iter().map(cell_view).collect(),
    })
}

pub(super) fn cell_view(c: &Cell) -> ReturnCell {
    ReturnCell {
        measure: c.measure.code().to_string(),
        employer: c.employer.map_or("", |e| e.code()).to_string(),
        dimension: c.dimension.map_or("", |d| d.code()).to_string(),
        category: c.category.clone(),
        headcount: c.headcount,
        wte: c.wte.map(|w| w as f64 / 100.0),
    }
}
