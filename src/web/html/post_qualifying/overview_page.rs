//! What the organisation view's page shows of the kept view: its figures, and counts where
//! the view has lists (each list has pages of its own, `lists.rs`). Borrowed from the kept
//! view, so a request copies none of its people into the template.

use crate::service::post_qualifying::{PqOverview, RoleCount, Succession};
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct OverviewPage<'a> {
    today: &'a str,
    hours_needed: u32,
    assessments_needed: u32,
    current_amhps: usize,
    suspended_amhps: usize,
    amhps_required: Option<u32>,
    may_set_amhps_required: bool,
    shortfalls_count: usize,
    reapproval_due_count: usize,
    due_count: usize,
    succession: SuccessionCount<'a>,
    roles: &'a [RoleCount],
}

#[derive(Serialize)]
struct SuccessionCount<'a> {
    age: u32,
    count: &'a str,
    explanation: &'a str,
    /// How many people the list names, only for those who may open it.
    people: Option<usize>,
}

impl<'a> OverviewPage<'a> {
    pub(super) fn of(o: &'a PqOverview) -> Self {
        let s: &Succession = &o.succession;
        OverviewPage {
            today: &o.today,
            hours_needed: o.hours_needed,
            assessments_needed: o.assessments_needed,
            current_amhps: o.current_amhps,
            suspended_amhps: o.suspended_amhps,
            amhps_required: o.amhps_required,
            may_set_amhps_required: o.may_set_amhps_required,
            shortfalls_count: o.shortfalls.len(),
            reapproval_due_count: o.reapproval_due.len(),
            due_count: o.due.len(),
            succession: SuccessionCount {
                age: s.age,
                count: &s.count,
                explanation: &s.explanation,
                people: s.people.as_ref().map(Vec::len),
            },
            roles: &o.roles,
        }
    }
}
