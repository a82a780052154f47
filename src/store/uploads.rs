//! Problem reports of uploaded files (`service::uploads`): CSV text, one per upload with
//! too many problems to list on a page, readable only by its uploader.

use super::sql::now;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Pool, query};

pub async fn insert_problem_report(
    pool: &Pool,
    user_id: i64,
    problems: i64,
    csv: &str,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO upload_problem_reports (user_id, created_at, problems, csv)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(user_id)
    .bind(now())
    .bind(problems)
    .bind(csv.to_string())
    .fetch_one(pool)
    .await?
    .try_get(0)
}

/// The report's CSV, if it is this user's.
pub async fn problem_report(
    pool: &Pool,
    user_id: i64,
    id: i64,
) -> Result<Option<String>, sqlx::Error> {
    query("SELECT csv FROM upload_problem_reports WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

pub async fn delete_problem_reports_before(
    pool: &Pool,
    cutoff: Timestamp,
) -> Result<u64, sqlx::Error> {
    Ok(
        query("DELETE FROM upload_problem_reports WHERE created_at < $1")
            .bind(cutoff)
            .execute(pool)
            .await?
            .rows_affected(),
    )
}
