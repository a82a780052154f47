//! What a page says about an uploaded file with problems: at most the first
//! [`SHOWN`] on the page with the total, and every one of them as a CSV file to download
//! (kept for a day for the uploader alone), so a large bad file never makes a huge page.

use super::audit;
use crate::domain::csv_file::CsvFile;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::policy::Actor;
use crate::store::{Db, uploads};
use serde::Serialize;

/// How many problems a page lists.
pub const SHOWN: usize = 100;

/// Problems as a page shows them.
#[derive(Debug, Clone, Serialize)]
pub struct Problems {
    /// The first [`SHOWN`], as field errors.
    pub shown: Vec<FieldError>,
    pub total: usize,
    /// The full list to download, when there are more than are shown.
    pub report_id: Option<i64>,
}

/// The page's view of `errors`; the whole list is kept when longer than a page shows.
pub async fn problems_of(db: &Db, actor: &Actor, errors: &FieldErrors) -> AppResult<Problems> {
    let total = errors.0.len();
    let report_id = if total > SHOWN {
        let mut file = CsvFile::new(&["Problem"]);
        for e in &errors.0 {
            file.row(&[&e.message]);
        }
        let id =
            uploads::insert_problem_report(&db.pool, actor.user_id, total as i64, &file.finish())
                .await?;
        Some(id)
    } else {
        None
    };
    Ok(Problems {
        shown: errors.0.iter().take(SHOWN).cloned().collect(),
        total,
        report_id,
    })
}

/// What an upload page shows for `errors`: a file with more problems than a page lists gets
/// one line in the error summary, the first problems below the form and all of them as a
/// CSV file; otherwise the errors as they are.
pub async fn page_problems(
    db: &Db,
    actor: &Actor,
    errors: &FieldErrors,
) -> AppResult<(Option<Problems>, FieldErrors)> {
    if errors.0.len() <= SHOWN {
        return Ok((None, errors.clone()));
    }
    let p = problems_of(db, actor, errors).await?;
    let summary = format!(
        "The file has {} problems. Correct them and upload it again",
        p.total
    );
    Ok((Some(p), FieldErrors::single("file", summary)))
}

/// A problem report as CSV: the uploader's own, else 404.
pub async fn report_csv(db: &Db, actor: &Actor, id: i64) -> AppResult<String> {
    let csv = uploads::problem_report(&db.pool, actor.user_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    audit(db, actor, "export", "upload problems", id, "").await?;
    Ok(csv)
}
