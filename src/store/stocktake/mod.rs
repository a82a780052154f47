//! Returns to the national stocktake: every valid return received is kept, and the one
//! counted for an organisation and collection date is the latest (the others carry the
//! time they were replaced). Cells are stored as the specification states them, WTE in
//! hundredths.

use crate::domain::stocktake::national::{InPostCounts, ReturnSummary, Totals};
use crate::domain::stocktake::{Cell, Dimension, Person};
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Pool, Row, query};
use time::Date;

mod cell_codes;
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
    let measure: i64 = r.try_get("measure")?;
    let employer: i64 = r.try_get("employer")?;
    let dimension: i64 = r.try_get("dimension")?;
    let count = |name: &str| -> Result<Option<u64>, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(name)?
            .map(|n| u64::try_from(n).unwrap_or(0)))
    };
    Ok(Cell {
        row,
        measure: cell_codes::measure_of(measure)
            .ok_or_else(|| unknown("measure", &measure.to_string()))?,
        employer: cell_codes::employer_of(employer)
            .ok_or_else(|| unknown("employer", &employer.to_string()))?,
        dimension: cell_codes::dimension_of(dimension)
            .ok_or_else(|| unknown("dimension", &dimension.to_string()))?,
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

/// A return's kept summary, in `stocktake_returns` (`ReturnSummary`, written with the
/// return by `insert_many`; migration `20261207000043` wrote those of returns stored
/// before). Named as `Totals`' fields are, in its order, then the in-post counts.
const SUMMARY_COLUMNS: &str = "in_post_headcount, in_post_wte_hundredths, nhs_headcount, \
     nhs_wte_hundredths, amhp_headcount, bia_headcount, registered_population, in_post_counts";

/// In-post counts as kept: `[[dimension, category, headcount], ...]` in key order.
fn in_post_json(counts: &InPostCounts) -> String {
    let rows: Vec<(&str, &str, u64)> = counts
        .iter()
        .map(|((d, category), n)| (d.code(), category.as_str(), *n))
        .collect();
    serde_json::to_string(&rows).unwrap_or_else(|_| "[]".into())
}

fn in_post_of(text: &str) -> Result<InPostCounts, sqlx::Error> {
    let rows: Vec<(String, String, u64)> =
        serde_json::from_str(text).map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
    rows.into_iter()
        .map(|(dimension, category, n)| {
            let d =
                Dimension::from_code(&dimension).ok_or_else(|| unknown("dimension", &dimension))?;
            Ok(((d, category), n))
        })
        .collect()
}

fn summary_of(r: &Row) -> Result<ReturnSummary, sqlx::Error> {
    let n = |name: &str| count_in(r, name);
    let population: Option<i64> = r.try_get("registered_population")?;
    Ok(ReturnSummary {
        totals: Totals {
            headcount: n("in_post_headcount")?,
            wte: n("in_post_wte_hundredths")?,
            nhs_headcount: n("nhs_headcount")?,
            nhs_wte: n("nhs_wte_hundredths")?,
            amhps: n("amhp_headcount")?,
            bias: n("bia_headcount")?,
            population: population.map(|p| u64::try_from(p).unwrap_or(0)),
        },
        in_post: in_post_of(&r.try_get::<String, _>("in_post_counts")?)?,
    })
}

/// Each counted return's summary at `collection_date`, by organisation: one row a return
/// from `stocktake_returns`, no cell read.
pub async fn counted_summaries(
    pool: &Pool,
    collection_date: Date,
) -> Result<Vec<(i64, ReturnSummary)>, sqlx::Error> {
    query(format!(
        "SELECT org_id, {SUMMARY_COLUMNS} FROM stocktake_returns
         WHERE collection_date = $1 AND replaced_at IS NULL ORDER BY org_id"
    ))
    .bind(collection_date)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get("org_id")?, summary_of(r)?)))
    .collect()
}

/// England's totals at `collection_date` (as `domain::stocktake::national::Totals` adds
/// them: the in-post total cells of both employers), and how many returns are counted: the
/// change since the collection before needs no more, so it reads the returns' summaries.
pub async fn england_totals(
    pool: &Pool,
    collection_date: Date,
) -> Result<(u64, u64, usize), sqlx::Error> {
    let r = query(
        "SELECT COUNT(*) AS returns,
           CAST(COALESCE(SUM(in_post_headcount), 0) AS BIGINT) AS headcount,
           CAST(COALESCE(SUM(in_post_wte_hundredths), 0) AS BIGINT) AS wte
         FROM stocktake_returns WHERE collection_date = $1 AND replaced_at IS NULL",
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_post_counts_read_back_as_kept() {
        let counts = InPostCounts::from([
            ((Dimension::Total, "all".to_string()), 12),
            ((Dimension::EthnicCategory, "A".to_string()), 7),
            ((Dimension::Band, "8a".to_string()), 0),
        ]);
        let kept = in_post_json(&counts);
        assert_eq!(
            kept,
            r#"[["total","all",12],["band","8a",0],["ethnic_category","A",7]]"#
        );
        assert_eq!(in_post_of(&kept).unwrap(), counts);
        assert!(in_post_of(r#"[["nonsense","x",1]]"#).is_err());
    }
}
