//! The national self-assessment benchmark's one read (issue 6): for a framework, each
//! consenting organisation's latest signed-off cycle on it (any version: criteria are
//! compared by code), with the organisation's type and region and the cycle's ratings.
//! Consent is read here, at query time, so withdrawing takes an organisation out at once;
//! benchmarks are computed when read and never copied. No organisation names are read.

use super::dialect::comma_agg;
use super::{Backend, Db};
use crate::store::engine::{Pool, query, query_as, query_scalar};
use time::Date;

/// One consenting organisation's latest signed-off cycle with its ratings. "Not applicable"
/// and unrated answers are not returned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchmarkCycle {
    pub org_id: i64,
    pub org_type: String,
    pub region: String,
    pub cycle_id: i64,
    pub signed_off_on: Option<Date>,
    /// (criterion code, rating)
    pub ratings: Vec<(String, i64)>,
}

/// Latest per organisation: the newest `signed_off_on`, then the highest id (the window
/// function is in the common subset of both engines). One row per organisation, its
/// ratings joined as `code=rating,...` by `dialect::comma_agg` in a subquery per cycle
/// (reading the answers' primary key in order): decoding one row per answer cost several
/// times the query itself on the `Any` driver, and still did on the typed drivers (one row
/// per answer, 45,349 rows, took 6 to 8 times as long as 522 packed rows in a debug build
/// of examples/bench_self_assessment, 500 organisations x 5 cycles); grouping the joined rows
/// took twice as long as the subquery on SQLite (scripts/bench-self-assessment). An index
/// on the cycles' framework and status made no measurable difference, so there is none.
fn latest_ratings_sql(backend: Backend) -> String {
    format!(
        "SELECT l.org_id, o.org_type, o.region, l.cycle_id, l.signed_off_on,
            (SELECT {} FROM sa_answers a
             WHERE a.cycle_id = l.cycle_id AND NOT a.not_applicable AND a.rating IS NOT NULL
            ) AS ratings
         FROM (
            SELECT c.org_id, c.id AS cycle_id, c.signed_off_on,
                ROW_NUMBER() OVER (PARTITION BY c.org_id ORDER BY c.signed_off_on DESC, c.id DESC) AS rn
            FROM sa_cycles c
            JOIN sa_benchmark_consent k ON k.org_id = c.org_id AND k.consented
            WHERE c.framework_code = $1 AND c.status = 'signed_off'
         ) l
         JOIN organisations o ON o.id = l.org_id
         WHERE l.rn = 1
         ORDER BY l.org_id",
        comma_agg(backend, "a.criterion_code || '=' || CAST(a.rating AS TEXT)")
    )
}

/// Reads `code=rating,...` (criterion codes hold letters, digits, `.` and `-` only).
fn parse_ratings(joined: &str) -> Vec<(String, i64)> {
    joined
        .split(',')
        .filter_map(|pair| {
            let (code, rating) = pair.split_once('=')?;
            Some((code.to_string(), rating.parse().ok()?))
        })
        .collect()
}

/// Every consenting organisation's latest signed-off cycle on `framework_code` with its
/// ratings, in one set-based query, ordered by organisation.
pub async fn latest_ratings(
    db: &Db,
    framework_code: &str,
) -> Result<Vec<BenchmarkCycle>, sqlx::Error> {
    // Read by hand (not `FromRow`): `Row::try_get` decodes the day on both engines.
    query(latest_ratings_sql(db.backend))
        .bind(framework_code)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(BenchmarkCycle {
                org_id: r.try_get("org_id")?,
                org_type: r.try_get("org_type")?,
                region: r.try_get("region")?,
                cycle_id: r.try_get("cycle_id")?,
                signed_off_on: r.try_get("signed_off_on")?,
                ratings: parse_ratings(
                    r.try_get::<Option<String>, _>("ratings")?
                        .as_deref()
                        .unwrap_or(""),
                ),
            })
        })
        .collect()
}

/// The organisation's latest signed-off cycle on the framework, whatever its consent (to say
/// plainly why peers are not shown): `None` when there is none, else the day it was signed
/// off (`None` inside if that day was not recorded).
pub async fn latest_signed_off_on(
    pool: &Pool,
    org: i64,
    framework_code: &str,
) -> Result<Option<Option<Date>>, sqlx::Error> {
    query_scalar(
        "SELECT signed_off_on FROM sa_cycles
         WHERE org_id = $1 AND framework_code = $2 AND status = 'signed_off'
         ORDER BY signed_off_on DESC, id DESC LIMIT 1",
    )
    .bind(org)
    .bind(framework_code)
    .fetch_optional(pool)
    .await
}

/// The organisation's type and region.
pub async fn org_group(pool: &Pool, org: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    query_as("SELECT org_type, region FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_optional(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::parse_ratings;

    #[test]
    fn joined_ratings_are_read_back() {
        assert_eq!(
            parse_ratings("1.1=4,S3.2=1,A-1=2"),
            vec![("1.1".into(), 4), ("S3.2".into(), 1), ("A-1".into(), 2)]
        );
        assert!(parse_ratings("").is_empty());
        assert_eq!(parse_ratings("1.1=x,1.2=3"), vec![("1.2".into(), 3)]);
    }
}
