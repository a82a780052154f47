//! The data protection officer's part: finding the person a request is about, the subject
//! access export (`subject_access`), and the retention schedule (`retention`), which
//! `mhsw retention run` applies and the officer's page previews.

pub mod retention;
pub mod subject_access;

use super::{audit, require};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::data_protection::{self as store, Subject};

/// Most people a search shows: a request names one person, so the search is narrowed
/// rather than paged.
pub const SEARCH_LIMIT: i64 = 50;

/// People of the officer's organisation matching a name, email or registration number.
/// The search is audited with how many it found, not with the words searched for.
pub async fn search(db: &Db, actor: &Actor, term: &str) -> AppResult<Vec<Subject>> {
    require(actor, Capability::ActOnDataRights)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    if term.trim().is_empty() {
        return Ok(Vec::new());
    }
    let found = store::search(&db.pool, org, term, SEARCH_LIMIT).await?;
    audit(
        db,
        actor,
        "search",
        "subject_access",
        "",
        format!("{} found", found.len()),
    )
    .await?;
    Ok(found)
}
