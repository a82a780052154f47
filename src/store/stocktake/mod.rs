//! Returns to the national stocktake: every valid return received is kept, and the one
//! counted for an organisation and collection date is the latest (the others carry the
//! time they were replaced). Cells are stored as the specification states them, WTE in
//! hundredths.

use crate::domain::stocktake::national::{InPostCounts, Totals};
use crate::domain::stocktake::{Cell, Dimension, Employer, Measure, Person};
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Pool, Row, query};
use std::collections::BTreeMap;
use time::Date;

mod many;
pub use many::{ReturnToStore, insert_many};

/// How a return came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Route {
    /// Uploaded on the page.
    Upload,
    /// Sent to the API.
    Api,
    /// `mhsw stocktake import`.
    CommandLine,
    /// Generated from mhsw's own records and submitted after review.
    Generated,
}

impl Route {
    pub fn code(self) -> &'static str {
        match self {
            Route::Upload => "upload",
            Route::Api => "api",
            Route::CommandLine => "command_line",
            Route::Generated => "generated",
        }
    }

    fn from_code(code: &str) -> Route {
        match code {
            "api" => Route::Api,
            "command_line" => Route::CommandLine,
            "generated" => Route::Generated,
            _ => Route::Upload,
        }
    }
}

/// A return as received, without its cells.
#[derive(Debug, Clone)]
pub struct ReturnRow {
    pub id: i64,
    pub org_id: i64,
    pub collection_date: Date,
    pub received_at: Timestamp,
    pub received_by: Option<String>,
    pub route: Route,
    pub file_name: String,
    /// When a later return for the same organisation and date replaced it.
    pub replaced_at: Option<Timestamp>,
    pub cell_count: i64,
}

/// What a new return is, apart from its cells.
pub struct NewReturn<'a> {
    pub org_id: i64,
    pub collection_date: Date,
    pub received_by: Option<i64>,
    pub route: Route,
    pub file_name: &'a str,
}

fn as_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

const RETURN_COLUMNS: &str = "r.id, r.org_id, r.collection_date, r.received_at, u.email, \
     r.route, r.file_name, r.replaced_at, \
     (SELECT COUNT(*) FROM stocktake_cells c WHERE c.return_id = r.id) AS cells";

fn return_row(r: &Row) -> Result<ReturnRow, sqlx::Error> {
    Ok(ReturnRow {
        id: r.try_get(0)?,
        org_id: r.try_get(1)?,
        collection_date: r.try_get(2)?,
        received_at: r.try_get(3)?,
        received_by: r.try_get(4)?,
        route: Route::from_code(&r.try_get::<String, _>(5)?),
        file_name: r.try_get(6)?,
        replaced_at: r.try_get(7)?,
        cell_count: r.try_get(8)?,
    })
}

/// An organisation's returns (or, with `None`, every organisation's), newest collection
/// first and within it newest received first; at most `limit`.
pub async fn returns_of(
    pool: &Pool,
    org_id: Option<i64>,
    limit: i64,
) -> Result<Vec<ReturnRow>, sqlx::Error> {
    query(format!(
        "SELECT {RETURN_COLUMNS} FROM stocktake_returns r
         LEFT JOIN users u ON u.id = r.received_by
         WHERE ($1 IS NULL OR r.org_id = $1)
         ORDER BY r.collection_date DESC, r.id DESC LIMIT $2"
    ))
    .bind(org_id)
    .bind(limit)
    .fetch_all(pool)
    .await?
    .iter()
    .map(return_row)
    .collect()
}

/// One return, if it is `org_id`'s (or anyone's, when `org_id` is `None`).
pub async fn get(
    pool: &Pool,
    id: i64,
    org_id: Option<i64>,
) -> Result<Option<ReturnRow>, sqlx::Error> {
    query(format!(
        "SELECT {RETURN_COLUMNS} FROM stocktake_returns r
         LEFT JOIN users u ON u.id = r.received_by
         WHERE r.id = $1 AND ($2 IS NULL OR r.org_id = $2)"
    ))
    .bind(id)
    .bind(org_id)
    .fetch_optional(pool)
    .await?
    .as_ref()
    .map(return_row)
    .transpose()
}

/// A stored code this build does not know.
fn unknown(what: &str, code: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("stocktake cell with unknown {what} {code:?}").into())
}

/// A count or sum in column `name` (stored counts are never negative; one that were
/// would read as 0).
fn count_in(r: &Row, name: &str) -> Result<u64, sqlx::Error> {
    Ok(u64::try_from(r.try_get::<i64, _>(name)?).unwrap_or(0))
}

fn cell_of(r: &Row, row: usize) -> Result<Cell, sqlx::Error> {
    let measure: String = r.try_get("measure")?;
    let employer: String = r.try_get("employer")?;
    let dimension: String = r.try_get("dimension")?;
    let count = |name: &str| -> Result<Option<u64>, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(name)?
            .map(|n| u64::try_from(n).unwrap_or(0)))
    };
    Ok(Cell {
        row,
        measure: Measure::from_code(&measure).ok_or_else(|| unknown("measure", &measure))?,
        employer: match employer.as_str() {
            "" => None,
            e => Some(Employer::from_code(e).ok_or_else(|| unknown("employer", &employer))?),
        },
        dimension: match dimension.as_str() {
            "" => None,
            d => Some(Dimension::from_code(d).ok_or_else(|| unknown("dimension", &dimension))?),
        },
        category: r.try_get("category")?,
        headcount: count("headcount")?,
        wte: count("wte_hundredths")?,
    })
}

const CELL_COLUMNS: &str = "measure, employer, dimension, category, headcount, wte_hundredths";

/// A return's cells, in the order of the key (the row of each is its place in that order,
/// from 2, as if written out under a heading row).
pub async fn cells_of(pool: &Pool, return_id: i64) -> Result<Vec<Cell>, sqlx::Error> {
    query(format!(
        "SELECT {CELL_COLUMNS} FROM stocktake_cells WHERE return_id = $1
         ORDER BY measure, employer, dimension, category"
    ))
    .bind(return_id)
    .fetch_all(pool)
    .await?
    .iter()
    .enumerate()
    .map(|(i, r)| cell_of(r, i + 2))
    .collect()
}

/// The cells of every counted return at `collection_date` (or only `org`'s), by
/// organisation.
pub async fn counted_cells(
    pool: &Pool,
    collection_date: Date,
    org: Option<i64>,
) -> Result<Vec<(i64, Cell)>, sqlx::Error> {
    query(format!(
        "SELECT r.org_id, {CELL_COLUMNS} FROM stocktake_returns r
         JOIN stocktake_cells c ON c.return_id = r.id
         WHERE r.collection_date = $1 AND r.replaced_at IS NULL
           AND ($2 IS NULL OR r.org_id = $2)
         ORDER BY r.org_id"
    ))
    .bind(collection_date)
    .bind(org)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, cell_of(r, 0)?)))
    .collect()
}

/// Each counted return's totals at `collection_date`, by organisation, added up in SQL as
/// `Totals::of` adds a return's cells (a few figures per organisation instead of every
/// cell: crossing from the engine costs microseconds a row). Only the total cells and the
/// population (no dimension) are read: the key's index holds the dimension, so the
/// breakdowns' rows are never looked up. A return has at most one population cell (the
/// key is unique), so its MAX is that cell's figure.
pub async fn counted_totals(
    pool: &Pool,
    collection_date: Date,
) -> Result<Vec<(i64, Totals)>, sqlx::Error> {
    let sum = |measure: &str, column: &str, nhs: bool| {
        let employer = if nhs { " AND c.employer = 'nhs'" } else { "" };
        format!(
            "CAST(COALESCE(SUM(CASE WHEN c.measure = '{measure}' AND c.dimension = 'total'{employer}
               THEN c.{column} END), 0) AS BIGINT)"
        )
    };
    let sql = format!(
        "SELECT r.org_id, {} AS headcount, {} AS wte, {} AS nhs_headcount, {} AS nhs_wte,
           {} AS amhps, {} AS bias,
           CAST(MAX(CASE WHEN c.measure = 'registered_population' THEN c.headcount END)
             AS BIGINT) AS population
         FROM stocktake_returns r JOIN stocktake_cells c ON c.return_id = r.id
         WHERE r.collection_date = $1 AND r.replaced_at IS NULL
           AND c.dimension IN ('total', '')
         GROUP BY r.org_id ORDER BY r.org_id",
        sum("in_post", "headcount", false),
        sum("in_post", "wte_hundredths", false),
        sum("in_post", "headcount", true),
        sum("in_post", "wte_hundredths", true),
        sum("amhp", "headcount", false),
        sum("bia", "headcount", false),
    );
    query(sql)
        .bind(collection_date)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let n = |name: &str| count_in(r, name);
            let population: Option<i64> = r.try_get("population")?;
            Ok((
                r.try_get("org_id")?,
                Totals {
                    headcount: n("headcount")?,
                    wte: n("wte")?,
                    nhs_headcount: n("nhs_headcount")?,
                    nhs_wte: n("nhs_wte")?,
                    amhps: n("amhps")?,
                    bias: n("bias")?,
                    population: population.map(|p| u64::try_from(p).unwrap_or(0)),
                },
            ))
        })
        .collect()
}

/// People in post at `collection_date` by the organisations' region, dimension and
/// category (both employers together), over every counted return: the regions' and
/// England's distributions, in a few hundred rows.
pub async fn in_post_by_region(
    pool: &Pool,
    collection_date: Date,
) -> Result<BTreeMap<String, InPostCounts>, sqlx::Error> {
    let rows = query(
        "SELECT o.region, c.dimension, c.category,
           CAST(COALESCE(SUM(c.headcount), 0) AS BIGINT) AS headcount
         FROM stocktake_returns r
         JOIN stocktake_cells c ON c.return_id = r.id
         JOIN organisations o ON o.id = r.org_id
         WHERE r.collection_date = $1 AND r.replaced_at IS NULL
           AND c.measure = 'in_post' AND c.dimension <> ''
         GROUP BY o.region, c.dimension, c.category",
    )
    .bind(collection_date)
    .fetch_all(pool)
    .await?;
    let mut out: BTreeMap<String, InPostCounts> = BTreeMap::new();
    for r in &rows {
        let dimension: String = r.try_get("dimension")?;
        let d = Dimension::from_code(&dimension).ok_or_else(|| unknown("dimension", &dimension))?;
        out.entry(r.try_get("region")?)
            .or_default()
            .insert((d, r.try_get("category")?), count_in(r, "headcount")?);
    }
    Ok(out)
}

/// England's totals at `collection_date` (as `domain::stocktake::national::Totals` adds
/// them: the in-post total cells of both employers), and how many returns are counted: the
/// change since the collection before needs no more, so it reads no cell row by row.
pub async fn england_totals(
    pool: &Pool,
    collection_date: Date,
) -> Result<(u64, u64, usize), sqlx::Error> {
    let r = query(
        "SELECT
           (SELECT COUNT(*) FROM stocktake_returns
             WHERE collection_date = $1 AND replaced_at IS NULL) AS returns,
           CAST(COALESCE(SUM(c.headcount), 0) AS BIGINT) AS headcount,
           CAST(COALESCE(SUM(c.wte_hundredths), 0) AS BIGINT) AS wte
         FROM stocktake_returns r JOIN stocktake_cells c ON c.return_id = r.id
         WHERE r.collection_date = $1 AND r.replaced_at IS NULL
           AND c.measure = 'in_post' AND c.dimension = 'total'",
    )
    .bind(collection_date)
    .fetch_one(pool)
    .await?;
    let n = |name: &str| count_in(&r, name);
    Ok((n("headcount")?, n("wte")?, n("returns")? as usize))
}

/// The collection dates with at least one counted return, newest first.
pub async fn collection_dates(pool: &Pool) -> Result<Vec<Date>, sqlx::Error> {
    query(
        "SELECT DISTINCT collection_date FROM stocktake_returns
         WHERE replaced_at IS NULL ORDER BY collection_date DESC",
    )
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// Everyone who works in `org_id`'s services (hosted there, whoever employs them) and was in
/// post at some time in the year up to `day`: the people a generated return counts (in
/// post on the day, or starting or leaving in the year before it). No names.
pub async fn people_for_return(
    pool: &Pool,
    org_id: i64,
    day: Date,
    year_before: Date,
) -> Result<Vec<Person>, sqlx::Error> {
    query(
        "SELECT e.is_nhs_body, p.band, p.wte, p.start_date, p.end_date,
                q.date_of_birth, q.age_band, q.ethnic_category, q.sex, q.disability,
                t.service_model, p.pq_roles,
                EXISTS (SELECT 1 FROM amhp_approvals a WHERE a.practitioner_id = p.id
                          AND a.approved_on <= $2 AND a.expires_on >= $2
                          AND (a.ended_on IS NULL OR a.ended_on > $2)) AS amhp
         FROM practitioners p
         JOIN organisations e ON e.id = p.employer_org_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN practitioner_equality q ON q.practitioner_id = p.id
         WHERE p.host_org_id = $1 AND p.start_date <= $2
           AND (p.end_date IS NULL OR p.end_date > $3)
         ORDER BY p.id",
    )
    .bind(org_id)
    .bind(day)
    .bind(year_before)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let wte: f64 = r.try_get("wte")?;
        let pq: String = r.try_get("pq_roles")?;
        Ok(Person {
            nhs_employed: r.try_get("is_nhs_body")?,
            band: r.try_get("band")?,
            wte: (wte * 100.0).round().max(0.0) as u64,
            start_date: r.try_get("start_date")?,
            end_date: r.try_get("end_date")?,
            date_of_birth: r.try_get("date_of_birth")?,
            age_band: r.try_get("age_band")?,
            ethnic_category: r.try_get("ethnic_category")?,
            sex: r.try_get("sex")?,
            disability: r.try_get("disability")?,
            service_model: r.try_get("service_model")?,
            amhp: r.try_get("amhp")?,
            bia: super::practitioners::role_codes(&pq)
                .iter()
                .any(|role| role == "bia"),
        })
    })
    .collect()
}
