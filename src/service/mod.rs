//! The service layer: every capability of mhsw as a function taking the database, the
//! acting user and already-parsed input. HTML handlers, JSON handlers and CLI commands
//! call these same functions; none of them writes SQL or checks roles itself.
//!
//! Every function here that reads or writes a practitioner's personal data appends an
//! audit entry, in the same transaction as any write.

pub mod absence;
pub mod access;
pub mod accounts;
pub mod amhp_supervision;
pub mod amhps_needed;
pub mod appraisal;
pub mod asye;
pub mod audit;
pub mod board_report;
pub mod calendar;
pub mod concerns;
pub mod conversations;
pub mod cpd;
pub mod cpd_declaration;
pub mod data_protection;
pub mod feedback;
pub mod fhir;
pub mod governance;
pub mod home;
pub mod housekeeping;
pub mod leavers;
pub mod orgs;
pub mod partnerships;
pub mod people_filter;
pub mod post_qualifying;
pub mod practitioners;
pub mod pulse;
pub mod registration;
pub mod reminder_mail;
pub mod reminders;
pub mod self_assessment;
pub mod social_work_lead;
pub mod sso;
pub mod staff_import;
pub mod stocktake;
pub mod supervision;
pub mod survey;
pub mod team_skills;
pub mod teams;
pub mod tokens;
pub mod two_step;
pub mod uploads;
pub mod users;
pub mod workforce;
pub mod write;

use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::sql::Page;
use serde::Deserialize;

/// Optional text and ids as forms send them (`domain::input`).
pub use crate::domain::input::{optional, parse_id};

/// Largest page a list returns.
pub const MAX_PAGE_SIZE: i64 = 100;
pub const DEFAULT_PAGE_SIZE: i64 = 25;

/// Search, sort and paging as they arrive from a query string (HTML or API).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct ListQuery {
    /// Free-text search.
    pub q: String,
    /// A sort key the list understands (unknown keys fall back to the default order).
    pub sort: String,
    /// `asc` (default) or `desc`.
    pub dir: String,
    pub page: Option<i64>,
    pub page_size: Option<i64>,
}

impl ListQuery {
    pub fn page(&self) -> Page {
        Page {
            number: self.page.unwrap_or(1).max(1),
            size: self
                .page_size
                .unwrap_or(DEFAULT_PAGE_SIZE)
                .clamp(1, MAX_PAGE_SIZE),
        }
    }

    pub fn desc(&self) -> bool {
        self.dir == "desc"
    }
}

/// One page of a list already held in memory (a dashboard or report computed for everyone
/// in scope), in the same shape as a page read from the database. A page past the end
/// answers the last page.
pub fn page_of<T: Clone>(items: &[T], q: &ListQuery) -> crate::store::sql::Paged<T> {
    page_where(items, |_| true, q)
}

/// `page_of` over the items that `keep` keeps, without copying those it does not show (a
/// kept report's rows are shared between readers).
pub fn page_where<T: Clone>(
    items: &[T],
    keep: impl Fn(&T) -> bool,
    q: &ListQuery,
) -> crate::store::sql::Paged<T> {
    let page = q.page();
    let total = items.iter().filter(|i| keep(i)).count() as i64;
    let pages = ((total + page.size - 1) / page.size).max(1);
    let number = page.number.min(pages);
    let start = ((number - 1) * page.size) as usize;
    crate::store::sql::Paged {
        items: items
            .iter()
            .filter(|i| keep(i))
            .skip(start)
            .take(page.size as usize)
            .cloned()
            .collect(),
        total,
        page: number,
        page_size: page.size,
    }
}

/// Audits the read of one page of a list of people: what the list is (`record_type`), its
/// range or filter in words (`about`, may be empty) and the ids shown.
pub async fn audit_page(
    db: &crate::store::Db,
    actor: &Actor,
    record_type: &str,
    about: &str,
    ids: impl Iterator<Item = i64>,
) -> AppResult<()> {
    let ids: Vec<String> = ids.map(|i| i.to_string()).collect();
    let detail = if about.is_empty() {
        format!("ids {}", ids.join(" "))
    } else {
        format!("{about}, ids {}", ids.join(" "))
    };
    audit(db, actor, "list", record_type, "", detail).await
}

/// Refuses unless the actor holds the capability (routes check too: this is the
/// service's own guard, so CLI and future front doors cannot skip it).
pub fn require(actor: &Actor, cap: Capability) -> AppResult<()> {
    if actor.can(cap) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Appends an audit entry for the actor, outside any write: a read of practitioner data,
/// or a refusal. Returns once it is stored (`store::audit_queue` appends the entries that
/// arrive together in one statement). A write's entries go in its own transaction instead
/// (`write::Write`).
pub async fn audit(
    db: &crate::store::Db,
    actor: &Actor,
    action: &str,
    record_type: &str,
    record_id: impl ToString,
    detail: impl Into<String>,
) -> AppResult<()> {
    db.reads_audited
        .append(crate::store::audit_queue::QueuedEntry {
            at: crate::domain::timestamp::Timestamp::now(),
            actor_user_id: Some(actor.user_id),
            actor_email: actor.email.clone(),
            org_id: actor.org_id,
            action: action.to_string(),
            record_type: record_type.to_string(),
            record_id: record_id.to_string(),
            detail: detail.into(),
            request_id: actor.request_id.clone(),
        })
        .await?;
    Ok(())
}

/// A report's result as of the data's current generation: kept from an earlier read when
/// no write has committed since (`store::memo`), computed by `compute` otherwise. `key` must
/// name the report and everything its result depends on: the actor's scope (with any
/// filter), the range or options, and the day. The caller checks capabilities before and
/// audits the read after, every time, kept or not.
pub async fn kept<T, F, Fut>(
    db: &crate::store::Db,
    key: String,
    compute: F,
) -> AppResult<std::sync::Arc<T>>
where
    T: Send + Sync + 'static,
    F: FnOnce() -> Fut,
    Fut: std::future::Future<Output = AppResult<T>>,
{
    if !db.memo.keeps() {
        return compute().await.map(std::sync::Arc::new);
    }
    let generation = db.generation().await?;
    db.memo.get_or_compute(key, generation, compute).await
}

/// Refuses a guarded write that changed nothing (someone else moved the record first, in
/// another tab or by another person), so that nothing is reported or audited as done. The
/// message is shown against `field`, as a form error.
pub fn changed_or(g: crate::store::Guarded, field: &str, message: &str) -> AppResult<()> {
    if g.changed() {
        Ok(())
    } else {
        Err(AppError::Invalid(crate::error::FieldErrors::single(
            field, message,
        )))
    }
}

/// Parses an ISO date (YYYY-MM-DD).
pub fn parse_date(what: &str, s: &str) -> Result<time::Date, String> {
    crate::domain::dates::parse(what, s)
}
