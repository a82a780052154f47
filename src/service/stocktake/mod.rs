//! Returns to the national stocktake (docs/stocktake.md): received from a file (the page,
//! the API, `mhsw stocktake import`), checked whole, and stored in one transaction that
//! also marks the return it replaces. The page, the API and the command line all call
//! [`receive`]; only who sends differs.

use super::require;
use crate::domain::stocktake::{self as spec, Hundredths, Measure, ReturnError, StocktakeReturn};
use crate::domain::upload_checks::{self, FileLimits};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::{AuditedRecord, Write};
use crate::store::Db;
use crate::store::orgs;
use crate::store::stocktake::{self as store, NewReturn, ReturnToStore, Route};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

pub mod generated;
pub mod national;
pub mod returns;

/// Who is sending a return.
#[derive(Clone, Copy)]
pub enum Sender<'a> {
    /// A signed-in user: their own organisation's return, or any organisation's for a
    /// national analyst.
    User(&'a Actor, Route),
    /// `mhsw stocktake import`, run by whoever runs the server: any organisation's.
    CommandLine,
}

/// A return just stored.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReturnReceived {
    pub id: i64,
    pub org_id: i64,
    pub organisation: String,
    pub ods_code: String,
    pub collection_date: Date,
    /// The cells stated (rows below the headings).
    pub cells: usize,
    /// Social workers in post on the collection date, NHS-employed and others together.
    pub headcount: u64,
    /// Their whole-time equivalent (a number with at most two decimals).
    pub wte: f64,
    /// The return this one replaced (the previous one for the same organisation and date).
    pub replaced: Option<i64>,
}

/// The organisations a return may be for, by ODS code (upper case): read once for many
/// returns (`mhsw stocktake import`).
pub struct KnownOrganisations(HashMap<String, (i64, String)>);

impl KnownOrganisations {
    pub async fn load(db: &Db) -> AppResult<KnownOrganisations> {
        Ok(KnownOrganisations(
            orgs::all(&db.pool)
                .await?
                .into_iter()
                .map(|o| (o.ods_code.to_ascii_uppercase(), (o.id, o.name)))
                .collect(),
        ))
    }
}

/// Reads, checks and stores one return from a file's bytes. Nothing is stored unless the
/// whole return is valid; each problem names its row and column (`file_name` is added by
/// callers that read many files).
pub async fn receive(
    db: &Db,
    sender: Sender<'_>,
    file_name: &str,
    bytes: &[u8],
    today: Date,
) -> AppResult<ReturnReceived> {
    let known = KnownOrganisations::load(db).await?;
    receive_among(db, sender, &known, file_name, bytes, today).await
}

/// A return read from its file and checked, with the organisation it is for: ready to
/// store.
pub struct CheckedReturn {
    org_id: i64,
    organisation: String,
    file_name: String,
    ret: StocktakeReturn,
}

impl CheckedReturn {
    /// The organisation and collection date it is for: a return stored later for both
    /// replaces it.
    pub fn key(&self) -> (i64, Date) {
        (self.org_id, self.ret.collection_date)
    }
}

/// Reads and checks one return from a file's bytes, without writing anything: every
/// problem names its row and column, and a user may send only their own organisation's.
pub fn check(
    sender: Sender<'_>,
    known: &KnownOrganisations,
    file_name: &str,
    bytes: &[u8],
    today: Date,
) -> AppResult<CheckedReturn> {
    if let Sender::User(actor, _) = sender {
        require(actor, Capability::SubmitStocktakeReturn)?;
    }
    let by_ods = &known.0;
    let ret = read_file(bytes, today, STOCKTAKE_FILE, |code| {
        by_ods.contains_key(code)
    })
    .map_err(problems)?;
    let (org_id, organisation) = by_ods
        .get(&ret.ods_code)
        .cloned()
        .ok_or(AppError::NotFound)?;
    if let Sender::User(actor, _) = sender
        && actor.org_id.is_some_and(|own| own != org_id)
    {
        return Err(problems(vec![ReturnError {
            row: Some(2),
            column: Some("ods_code"),
            message: format!(
                "{} is {organisation}'s ODS code: you can send only your own organisation's return",
                ret.ods_code
            ),
        }]));
    }
    Ok(CheckedReturn {
        org_id,
        organisation,
        file_name: file_name.to_string(),
        ret,
    })
}

/// [`receive`], with the organisations already read: one return, one transaction.
pub async fn receive_among(
    db: &Db,
    sender: Sender<'_>,
    known: &KnownOrganisations,
    file_name: &str,
    bytes: &[u8],
    today: Date,
) -> AppResult<ReturnReceived> {
    let checked = check(sender, known, file_name, bytes, today)?;
    let (route, received_by, mut tx) = match sender {
        Sender::User(actor, route) => (route, Some(actor.user_id), Write::begin(db, actor).await?),
        Sender::CommandLine => (
            Route::CommandLine,
            None,
            Write::begin_command_line(db, Some(checked.org_id)).await?,
        ),
    };
    let mut received =
        store_checked(&mut tx, std::slice::from_ref(&checked), route, received_by).await?;
    tx.commit_audited().await?;
    received
        .pop()
        .ok_or_else(|| anyhow::anyhow!("a stored return was not reported").into())
}

/// Stores returns already checked ([`check`]) from the command line in one transaction,
/// each with its own audit entry, and says what each became: many small returns share a
/// few statements and one commit instead of paying for their own. Either every return here
/// is stored or, if the transaction fails, none is.
pub async fn receive_checked(db: &Db, checked: &[CheckedReturn]) -> AppResult<Vec<ReturnReceived>> {
    if checked.is_empty() {
        return Ok(Vec::new());
    }
    let mut tx = Write::begin_command_line(db, None).await?;
    let received = store_checked(&mut tx, checked, Route::CommandLine, None).await?;
    tx.commit_audited().await?;
    Ok(received)
}

/// The audit trail's action and record type for a return received.
const RECEIVED: &str = "receive stocktake return";
const RETURN: &str = "stocktake return";

/// Stores checked returns in the write (`store::stocktake::insert_many`), marking the ones
/// they replace, with an audit entry for each saying what came; what each became, in order.
async fn store_checked(
    tx: &mut Write,
    checked: &[CheckedReturn],
    route: Route,
    received_by: Option<i64>,
) -> AppResult<Vec<ReturnReceived>> {
    let news: Vec<NewReturn> = checked
        .iter()
        .map(|c| new_return(c, route, received_by))
        .collect();
    let to_store: Vec<ReturnToStore> = news
        .iter()
        .zip(checked)
        .map(|(new, c)| ReturnToStore {
            new,
            cells: &c.ret.cells,
        })
        .collect();
    let stored = store::insert_many(tx, &to_store).await?;
    let (received, records): (Vec<ReturnReceived>, Vec<AuditedRecord>) = checked
        .iter()
        .zip(stored)
        .map(|(c, (id, replaced))| received(c, id, replaced))
        .unzip();
    tx.audit_each(RECEIVED, RETURN, records).await?;
    Ok(received)
}

fn new_return(checked: &CheckedReturn, route: Route, received_by: Option<i64>) -> NewReturn<'_> {
    NewReturn {
        org_id: checked.org_id,
        collection_date: checked.ret.collection_date,
        received_by,
        route,
        file_name: &checked.file_name,
    }
}

/// What a stored return became, and its audit entry: whose, when, how much, and what it
/// replaced.
fn received(
    checked: &CheckedReturn,
    id: i64,
    replaced: Option<i64>,
) -> (ReturnReceived, AuditedRecord) {
    let ret = &checked.ret;
    let (headcount, wte) = in_post(ret);
    let detail = format!(
        "{} at {}: {} cells, {headcount} in post ({} WTE){}",
        ret.ods_code,
        ret.collection_date,
        ret.cells.len(),
        spec::show_wte(wte),
        replaced.map_or(String::new(), |r| format!(", replacing return {r}"))
    );
    let record = AuditedRecord {
        org_id: checked.org_id,
        record_id: id.to_string(),
        detail,
    };
    let received = ReturnReceived {
        id,
        org_id: checked.org_id,
        organisation: checked.organisation.clone(),
        ods_code: ret.ods_code.clone(),
        collection_date: ret.collection_date,
        cells: ret.cells.len(),
        headcount,
        wte: wte as f64 / 100.0,
        replaced,
    };
    (received, record)
}

/// The specification's file limits (10 MB, an XLSX expanding at most 100-fold and to at
/// most 50 MB).
pub const STOCKTAKE_FILE: FileLimits = upload_checks::STOCKTAKE_FILE;

/// The file checks, then the return's: size and zip bomb first (before anything is read),
/// then formulas in a workbook, then every row and column.
pub fn read_file(
    bytes: &[u8],
    today: Date,
    limits: FileLimits,
    known_ods: impl Fn(&str) -> bool,
) -> Result<StocktakeReturn, Vec<ReturnError>> {
    let whole = |message: String| {
        vec![ReturnError {
            row: None,
            column: None,
            message,
        }]
    };
    upload_checks::check_file(bytes, limits).map_err(whole)?;
    if upload_checks::is_zip(bytes) {
        let found = upload_checks::formulas(bytes).map_err(|m| whole(m.to_string()))?;
        if !found.is_empty() {
            return Err(found
                .iter()
                .map(|f| spec::formula_at(f.row + 1, f.column, &format!("={}", f.text)))
                .collect());
        }
    }
    let table = crate::domain::staff_import::read_table(bytes)
        .map_err(|e| e.into_iter().flat_map(whole).collect::<Vec<_>>())?;
    spec::read_return(&table, today, known_ods)
}

/// Headcount and WTE in post (both employers' totals).
fn in_post(ret: &StocktakeReturn) -> (u64, Hundredths) {
    ret.cells
        .iter()
        .filter(|c| c.measure == Measure::InPost && c.dimension == Some(spec::Dimension::Total))
        .fold((0, 0), |(h, w), c| {
            (h + c.headcount.unwrap_or(0), w + c.wte.unwrap_or(0))
        })
}

/// A return's problems as the app's field errors, under the field `file`.
pub fn problems(errors: Vec<ReturnError>) -> AppError {
    let mut e = FieldErrors::default();
    for problem in errors {
        e.add("file", problem.to_string());
    }
    AppError::Invalid(e)
}
