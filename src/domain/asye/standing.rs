//! Where one ASYE programme stands today: each review point with its due date (moved by
//! pauses, the final one by a panel's extension) and whether it is overdue or due soon, the
//! evidence checklist against the even pace, protected time against its target, and the one
//! cohort status that sums it up. One pure function ([`standing`]) over the programme's
//! typed facts, so the record page, the cohort, the self-assessment evidence and the
//! reminders job read the same standing.

use super::{
    AsyeRules, CohortStatus, EvidenceKind, Pause, ReviewPoint, StatusFacts, cohort_status,
    elapsed_months, latest_finish, paused_on, protected_time_target_hours, review_due,
};
use serde::Serialize;
use time::Date;

/// One review point.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReviewLine {
    /// `3_month`, `6_month`, `9_month` or `12_month`.
    pub point: String,
    pub label: String,
    /// None while a pause that began before it goes on.
    pub due_on: Option<Date>,
    pub held_on: Option<String>,
    pub overdue: bool,
    pub due_soon: bool,
}

/// One line of the evidence checklist.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ChecklistLine {
    pub kind: String,
    pub label: String,
    pub required: u32,
    /// Items signed off by the assessor (counted towards the requirement).
    pub signed_off: u32,
    /// Items recorded, signed off or not.
    pub recorded: u32,
    /// How many should be signed off by now at an even pace.
    pub expected_by_now: u32,
}

/// Where a programme stands today: the same for the record page, the cohort and the API.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Standing {
    pub reviews: Vec<ReviewLine>,
    pub next_review: Option<ReviewLine>,
    pub overdue_reviews: usize,
    pub checklist: Vec<ChecklistLine>,
    pub evidence_signed_off: u32,
    pub evidence_required: u32,
    pub evidence_behind: bool,
    pub protected_hours_logged: f64,
    /// The configured percentage of contracted hours over the unpaused days so far.
    pub protected_hours_target: f64,
    pub paused_today: bool,
    pub final_review_due: Option<Date>,
    /// The programme must finish by this date (`[asye] max_months`).
    pub latest_finish: Date,
    pub status: CohortStatus,
    pub status_label: String,
}

/// What [`standing`] needs about one programme.
#[derive(Debug, Clone, Copy)]
pub struct StandingInput<'a> {
    /// The programme's first day.
    pub starts_on: Date,
    /// Whether the optional 9-month review is planned.
    pub nine_month_review: bool,
    /// The moderation panel's outcome code (`pass`, `fail`, `extended`), once recorded. A
    /// pass or a fail concludes the programme: nothing is overdue, due or behind after it.
    pub panel_outcome: Option<&'a str>,
    /// An extension's new date for the final review.
    pub extended_to: Option<Date>,
    pub pauses: &'a [Pause],
    /// The review points held, each with the day it was held where known (the cohort's
    /// set-based facts say only that it was held: its line shows an empty date).
    pub held: &'a [(ReviewPoint, Option<Date>)],
    /// Evidence: the kind of every item recorded, and of every item signed off.
    pub recorded: &'a [EvidenceKind],
    pub signed_off: &'a [EvidenceKind],
    /// Protected development time logged, in minutes.
    pub minutes: i64,
    /// Whole-time equivalent, for the protected time target.
    pub wte: f64,
}

/// Applies the ASYE rules to one programme on `today`. Pure.
pub fn standing(input: &StandingInput, today: Date, r: &AsyeRules) -> Standing {
    let start = input.starts_on;
    let concluded = matches!(input.panel_outcome, Some("pass" | "fail"));
    let reviews: Vec<ReviewLine> = ReviewPoint::planned(input.nine_month_review)
        .into_iter()
        .map(|point| {
            let due = match (point, input.extended_to) {
                (ReviewPoint::Final, Some(d)) => Some(d),
                _ => review_due(start, point, input.pauses),
            };
            let held_on = input
                .held
                .iter()
                .find(|(p, _)| *p == point)
                .map(|(_, on)| on.map_or_else(String::new, |d| d.to_string()));
            let open = held_on.is_none() && !concluded;
            let soon = |d: Date| {
                d >= today && (d - today).whole_days() <= i64::from(r.review_due_soon_days)
            };
            ReviewLine {
                point: point.code().into(),
                label: point.label().into(),
                due_on: due,
                held_on,
                overdue: open && due.is_some_and(|d| d < today),
                due_soon: open && due.is_some_and(soon),
            }
        })
        .collect();
    let next_review = reviews
        .iter()
        .find(|l| l.held_on.is_none() && !concluded)
        .cloned();
    let elapsed = elapsed_months(start, today, input.pauses);
    let count = |list: &[EvidenceKind], k: EvidenceKind| list.iter().filter(|c| **c == k).count();
    let checklist: Vec<ChecklistLine> = EvidenceKind::ALL
        .into_iter()
        .map(|k| ChecklistLine {
            kind: k.code().into(),
            label: k.label().into(),
            required: k.required(),
            signed_off: count(input.signed_off, k) as u32,
            recorded: count(input.recorded, k) as u32,
            expected_by_now: k.expected_by(elapsed),
        })
        .collect();
    let evidence_behind = !concluded
        && checklist
            .iter()
            .any(|l| l.signed_off.min(l.required) < l.expected_by_now);
    let paused_today = paused_on(today, input.pauses);
    let overdue_reviews = reviews.iter().filter(|l| l.overdue).count();
    let status = cohort_status(&StatusFacts {
        panel_outcome: input.panel_outcome,
        paused_today,
        overdue_reviews,
        evidence_behind,
    });
    Standing {
        final_review_due: reviews.last().and_then(|l| l.due_on),
        next_review,
        overdue_reviews,
        evidence_signed_off: checklist.iter().map(|l| l.signed_off.min(l.required)).sum(),
        evidence_required: checklist.iter().map(|l| l.required).sum(),
        evidence_behind,
        protected_hours_logged: input.minutes as f64 / 60.0,
        protected_hours_target: protected_time_target_hours(
            start,
            today,
            input.pauses,
            input.wte,
            r,
        ),
        paused_today,
        latest_finish: latest_finish(start, r),
        status_label: status.label().into(),
        status,
        checklist,
        reviews,
    }
}
