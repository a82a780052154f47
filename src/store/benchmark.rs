//! The national self-assessment benchmark's one read (issue 6): for a framework, each
//! consenting organisation's latest signed-off cycle on it (any version: criteria are
//! compared by code), with the organisation's type and region and the cycle's ratings.
//! Consent is read here, at query time, so withdrawing takes an organisation out at once;
//! benchmarks are computed when read and never copied. No organisation names are read.

use sqlx::{AnyPool, FromRow};

/// One rating of one consenting organisation's latest signed-off cycle. "Not applicable"
/// and unrated answers are not returned.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct BenchmarkRow {
    pub org_id: i64,
    pub org_type: String,
    pub region: String,
    pub cycle_id: i64,
    pub signed_off_on: Option<String>,
    pub criterion_code: String,
    pub rating: i64,
}

/// Latest per organisation: the newest `signed_off_on`, then the highest id. The window
/// function and the rest are in the common subset of both engines.
const LATEST_RATINGS: &str = "SELECT l.org_id, o.org_type, o.region, l.cycle_id, l.signed_off_on,
        a.criterion_code, a.rating
     FROM (
        SELECT c.org_id, c.id AS cycle_id, c.signed_off_on,
            ROW_NUMBER() OVER (PARTITION BY c.org_id ORDER BY c.signed_off_on DESC, c.id DESC) AS rn
        FROM sa_cycles c
        JOIN sa_benchmark_consent k ON k.org_id = c.org_id AND k.consented = 1
        WHERE c.framework_code = $1 AND c.status = 'signed_off'
     ) l
     JOIN organisations o ON o.id = l.org_id
     JOIN sa_answers a ON a.cycle_id = l.cycle_id
     WHERE l.rn = 1 AND a.not_applicable = 0 AND a.rating IS NOT NULL
     ORDER BY l.org_id, a.criterion_code";

/// Every consenting organisation's latest signed-off cycle on `framework_code`, one row per
/// rated criterion, in one set-based query.
pub async fn latest_ratings(
    pool: &AnyPool,
    framework_code: &str,
) -> Result<Vec<BenchmarkRow>, sqlx::Error> {
    sqlx::query_as(LATEST_RATINGS)
        .bind(framework_code)
        .fetch_all(pool)
        .await
}

/// The organisation's latest signed-off cycle on the framework, whatever its consent (to say
/// plainly why peers are not shown).
pub async fn latest_signed_off_on(
    pool: &AnyPool,
    org: i64,
    framework_code: &str,
) -> Result<Option<String>, sqlx::Error> {
    let v: Option<Option<String>> = sqlx::query_scalar(
        "SELECT signed_off_on FROM sa_cycles
         WHERE org_id = $1 AND framework_code = $2 AND status = 'signed_off'
         ORDER BY signed_off_on DESC, id DESC LIMIT 1",
    )
    .bind(org)
    .bind(framework_code)
    .fetch_optional(pool)
    .await?;
    Ok(v.map(|d| d.unwrap_or_default()))
}

/// The organisation's type and region.
pub async fn org_group(pool: &AnyPool, org: i64) -> Result<Option<(String, String)>, sqlx::Error> {
    sqlx::query_as("SELECT org_type, region FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_optional(pool)
        .await
}
