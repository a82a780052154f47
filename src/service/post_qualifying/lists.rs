//! The organisation view's lists, a page at a time: training-hours shortfalls, re-approvals
//! due, approvals ending (all, or in one quarter), refreshers and reports due, and
//! succession. Each is the same list `overview` answers in full (the API), read through the
//! same `gather`, and each page is audited with the ids it shows. Succession names people
//! only for `ViewEqualityData`, as the overview does; anyone else sees the suppressed count.

use super::*;
use crate::service::{ListQuery, audit_page, page_of};
use crate::store::sql::Paged;

/// Which list of people (`PqPerson`) a page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PqList {
    ReapprovalDue,
    /// Current approvals by their end date; in one quarter (year, 1..=4) when given.
    ApprovalsEnding(Option<(i32, u8)>),
    /// BIA refreshers and Ministry of Justice reports due soon or overdue.
    Due,
}

impl PqList {
    fn record_type(self) -> &'static str {
        match self {
            PqList::ReapprovalDue => "post_qualifying_reapproval_due",
            PqList::ApprovalsEnding(_) => "post_qualifying_approvals_ending",
            PqList::Due => "post_qualifying_due",
        }
    }
}

/// A quarter of the approvals-ending list, for links: its code (`2027-q1`), label and count.
#[derive(Debug, Clone, Serialize)]
pub struct QuarterCount {
    pub code: String,
    pub label: String,
    pub count: usize,
}

/// The quarters of `by_expiry_quarter` with their codes (each group's people all end in
/// that quarter, so the first one's date names it).
pub fn quarter_counts(o: &PqOverview) -> Vec<QuarterCount> {
    o.by_expiry_quarter
        .iter()
        .filter_map(|g| {
            let q = rules::quarter_of(g.people.first()?.date);
            Some(QuarterCount {
                code: rules::quarter_code(q),
                label: g.label.clone(),
                count: g.people.len(),
            })
        })
        .collect()
}

/// The `quarter` a list asks for: empty for every quarter, else a code like `2027-q1`,
/// refused otherwise naming the parameter.
pub fn parse_quarter(raw: &str) -> AppResult<Option<(i32, u8)>> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    rules::parse_quarter(raw)
        .map(Some)
        .map_err(|m| AppError::Invalid(FieldErrors::single("quarter", m)))
}

/// One page of a list of people from the organisation view.
pub async fn people_page(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    filter: &crate::domain::people_filter::PeopleFilter,
    which: PqList,
    list: &ListQuery,
) -> AppResult<Paged<PqPerson>> {
    let o = gather(db, actor, today, settings, filter).await?;
    let page = match which {
        PqList::ReapprovalDue => page_of(&o.reapproval_due, list),
        PqList::Due => page_of(&o.due, list),
        PqList::ApprovalsEnding(quarter) => {
            let ending: Vec<PqPerson> = o
                .by_expiry_quarter
                .iter()
                .flat_map(|g| g.people.iter())
                .filter(|p| quarter.is_none_or(|q| rules::quarter_of(p.date) == q))
                .cloned()
                .collect();
            page_of(&ending, list)
        }
    };
    let about = match which {
        PqList::ApprovalsEnding(Some(q)) => rules::quarter_code(q),
        _ => String::new(),
    };
    audit_page(
        db,
        actor,
        which.record_type(),
        &about,
        page.items.iter().map(|p| p.practitioner_id),
    )
    .await?;
    Ok(page)
}

/// One page of the training-hours shortfalls, by the end of each AMHP's year.
pub async fn shortfalls_page(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    filter: &crate::domain::people_filter::PeopleFilter,
    list: &ListQuery,
) -> AppResult<(Paged<Shortfall>, u32)> {
    let o = gather(db, actor, today, settings, filter).await?;
    let page = page_of(&o.shortfalls, list);
    audit_page(
        db,
        actor,
        "post_qualifying_shortfalls",
        "",
        page.items.iter().map(|s| s.practitioner_id),
    )
    .await?;
    Ok((page, o.hours_needed))
}

/// Succession: the count as it may be shown, and, only for `ViewEqualityData`, a page of
/// who (`None` otherwise: no names, no ages).
#[derive(Debug, Clone, Serialize)]
pub struct SuccessionPage {
    pub succession: Succession,
    pub people: Option<Paged<PqPerson>>,
}

pub async fn succession_page(
    db: &Db,
    actor: &Actor,
    today: Date,
    settings: &Settings,
    filter: &crate::domain::people_filter::PeopleFilter,
    list: &ListQuery,
) -> AppResult<SuccessionPage> {
    let o = gather(db, actor, today, settings, filter).await?;
    let amhps = o.approvals_read();
    let mut succession = o.succession.clone();
    let people = succession.people.take().map(|all| page_of(&all, list));
    match &people {
        Some(page) => {
            audit_page(
                db,
                actor,
                "post_qualifying_succession",
                "ages per person",
                page.items.iter().map(|p| p.practitioner_id),
            )
            .await?
        }
        None => {
            audit(
                db,
                actor,
                "read",
                "post_qualifying_succession",
                "",
                format!("{amhps} AMHPs, a count only"),
            )
            .await?
        }
    }
    Ok(SuccessionPage { succession, people })
}
