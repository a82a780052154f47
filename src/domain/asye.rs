//! The Assessed and Supported Year in Employment (ASYE) for newly qualified social workers:
//! when each review is due (moved by pauses), what evidence the year needs, how much
//! protected development time the NQSW should have had by now, and where a programme
//! stands for the cohort view.
//!
//! Sources (docs/sources.md#asye):
//! - a 12-month, employer-led programme [VERIFIED] gov.uk ASYE framework,
//!   <https://www.gov.uk/guidance/assessed-and-supported-year-in-employment-asye-framework>;
//! - review points: a support and assessment agreement at the start, 3-month, 6-month,
//!   optional 9-month and final 12-month reviews, then an internal moderation panel
//!   [VERIFIED] Skills for Care RSPA template (docsbay.net/evidence-template-number-1-rspa);
//! - evidence: 3 direct observations, 3 pieces of feedback from people who need care and
//!   support, 3 from other professionals, 3 assessed written reports, critical reflections
//!   at 6 and 12 months [VERIFIED] gov.uk ASYE framework;
//! - pauses and extensions for sickness, bereavement, parental leave or lack of support,
//!   not capability; a local limit of 2 years to finish
//!   [VERIFIED, local policy] dorsetcouncil.gov.uk (the limit is the `[asye]` setting
//!   `max_months`);
//! - protected development time of 10% over the year, pro rata for part-time
//!   [VERIFIED] RSPA template text; the percentage and the full-time week are settings.
//!
//! Where one programme stands today, all of the above applied to it, is [`standing()`]
//! (`asye/standing.rs`).
//!
//! Pure functions of dates and [`AsyeRules`]; no I/O.

use super::supervision::add_months;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

mod standing;

pub use standing::{ChecklistLine, ReviewLine, Standing, StandingInput, standing};

/// The length of the programme in calendar months [VERIFIED] (national, so not a setting).
pub const PROGRAMME_MONTHS: u32 = 12;

/// The configurable, local values (the `[asye]` config section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AsyeRules {
    /// Protected development time as a percentage of contracted hours: "10% over the
    /// year" (RSPA template, docs/sources.md#asye) [VERIFIED]; employers may give more.
    pub protected_time_percent: f64,
    /// Contracted hours of a full-time (1.0 WTE) week, to turn WTE into hours. 37.5 is
    /// the NHS Agenda for Change week [MEMORY]; councils often use 37.
    pub full_time_weekly_hours: f64,
    /// The programme, with pauses and extensions, must finish within this many months of
    /// its start (Dorset's local example: 2 years) [VERIFIED, local policy].
    pub max_months: u32,
    /// A review shows as "due soon" this many days before its due date [INFERENCE].
    pub review_due_soon_days: u32,
}

impl Default for AsyeRules {
    fn default() -> Self {
        AsyeRules {
            protected_time_percent: 10.0,
            full_time_weekly_hours: 37.5,
            max_months: 24,
            review_due_soon_days: 14,
        }
    }
}

/// A review point of the programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReviewPoint {
    ThreeMonth,
    SixMonth,
    /// Optional: only when the programme plans it.
    NineMonth,
    /// The final review, before the moderation panel.
    Final,
}

impl ReviewPoint {
    pub const ALL: [ReviewPoint; 4] = [
        ReviewPoint::ThreeMonth,
        ReviewPoint::SixMonth,
        ReviewPoint::NineMonth,
        ReviewPoint::Final,
    ];

    pub fn months(self) -> u32 {
        match self {
            ReviewPoint::ThreeMonth => 3,
            ReviewPoint::SixMonth => 6,
            ReviewPoint::NineMonth => 9,
            ReviewPoint::Final => PROGRAMME_MONTHS,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            ReviewPoint::ThreeMonth => "3_month",
            ReviewPoint::SixMonth => "6_month",
            ReviewPoint::NineMonth => "9_month",
            ReviewPoint::Final => "12_month",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ReviewPoint::ThreeMonth => "3-month review",
            ReviewPoint::SixMonth => "6-month review",
            ReviewPoint::NineMonth => "9-month review (optional)",
            ReviewPoint::Final => "Final 12-month review",
        }
    }

    pub fn parse(s: &str) -> Result<ReviewPoint, String> {
        ReviewPoint::ALL
            .into_iter()
            .find(|p| p.code() == s.trim())
            .ok_or_else(|| "Select which review this is".to_string())
    }

    /// The points a programme has: the 9-month review only when planned.
    pub fn planned(nine_month: bool) -> Vec<ReviewPoint> {
        ReviewPoint::ALL
            .into_iter()
            .filter(|p| nine_month || *p != ReviewPoint::NineMonth)
            .collect()
    }
}

/// A review's outcome: whether the NQSW is progressing towards the standard.
pub const REVIEW_OUTCOMES: [(&str, &str); 3] = [
    ("on_track", "Progressing as expected"),
    ("some_concerns", "Some concerns: support plan agreed"),
    ("not_on_track", "Not progressing: at risk of not passing"),
];

/// The moderation panel's outcome.
pub const PANEL_OUTCOMES: [(&str, &str); 3] =
    [("pass", "Pass"), ("fail", "Fail"), ("extended", "Extended")];

/// Why a programme may pause. Capability is not a reason (docs/sources.md#asye).
pub const PAUSE_REASONS: [(&str, &str); 5] = [
    ("sickness", "Long-term sickness"),
    ("bereavement", "Bereavement"),
    ("parental_leave", "Parental leave"),
    ("lack_of_support", "Lack of support from the employer"),
    ("other_leave", "Other agreed leave"),
];

/// Kinds of evidence and how many the year needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EvidenceKind {
    DirectObservation,
    FeedbackPersonSupported,
    FeedbackProfessional,
    WrittenReport,
    Reflection6,
    Reflection12,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 6] = [
        EvidenceKind::DirectObservation,
        EvidenceKind::FeedbackPersonSupported,
        EvidenceKind::FeedbackProfessional,
        EvidenceKind::WrittenReport,
        EvidenceKind::Reflection6,
        EvidenceKind::Reflection12,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::DirectObservation => "direct_observation",
            EvidenceKind::FeedbackPersonSupported => "feedback_person_supported",
            EvidenceKind::FeedbackProfessional => "feedback_professional",
            EvidenceKind::WrittenReport => "written_report",
            EvidenceKind::Reflection6 => "reflection_6_month",
            EvidenceKind::Reflection12 => "reflection_12_month",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::DirectObservation => "Direct observation of practice",
            EvidenceKind::FeedbackPersonSupported => {
                "Feedback from a person who needs care and support"
            }
            EvidenceKind::FeedbackProfessional => "Feedback from another professional",
            EvidenceKind::WrittenReport => "Assessed written report",
            EvidenceKind::Reflection6 => "Critical reflection at 6 months",
            EvidenceKind::Reflection12 => "Critical reflection at 12 months",
        }
    }

    /// How many the year needs [VERIFIED] gov.uk ASYE framework.
    pub fn required(self) -> u32 {
        match self {
            EvidenceKind::Reflection6 | EvidenceKind::Reflection12 => 1,
            _ => 3,
        }
    }

    pub fn parse(s: &str) -> Result<EvidenceKind, String> {
        EvidenceKind::ALL
            .into_iter()
            .find(|k| k.code() == s.trim())
            .ok_or_else(|| "Select the kind of evidence".to_string())
    }

    /// How many should be signed off by `elapsed` months of (unpaused) programme: the three
    /// of a kind spread evenly over the year (one by 4 months, two by 8, three by 12); each
    /// reflection by its review [INFERENCE: the framework sets totals, not a pace].
    pub fn expected_by(self, elapsed_months: u32) -> u32 {
        match self {
            EvidenceKind::Reflection6 => u32::from(elapsed_months >= 6),
            EvidenceKind::Reflection12 => u32::from(elapsed_months >= PROGRAMME_MONTHS),
            _ => (elapsed_months.min(PROGRAMME_MONTHS) * self.required()) / PROGRAMME_MONTHS,
        }
    }
}

/// A pause in the programme: from its first day to its last (`None` while it goes on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pause {
    pub from: Date,
    pub to: Option<Date>,
}

/// Moves a date on the unpaused clock by the pauses that began on or before it, in order.
/// `None` when an open pause began on or before it (the date is not known until it ends).
pub fn shifted(nominal: Date, pauses: &[Pause]) -> Option<Date> {
    let mut sorted = pauses.to_vec();
    sorted.sort_by_key(|p| p.from);
    let mut d = nominal;
    for p in sorted {
        if p.from > d {
            break;
        }
        let to = p.to?;
        let days = (to - p.from).whole_days() + 1;
        d = d.checked_add(Duration::days(days.max(0)))?;
    }
    Some(d)
}

/// When a review is due: its month on the programme clock, moved on by pauses.
pub fn review_due(start: Date, point: ReviewPoint, pauses: &[Pause]) -> Option<Date> {
    shifted(add_months(start, point.months()), pauses)
}

/// The last date the programme may run to (its start plus `max_months`; pauses count).
pub fn latest_finish(start: Date, rules: &AsyeRules) -> Date {
    add_months(start, rules.max_months)
}

/// Days in `[from, to)` not inside a pause (an open pause runs to `to`).
pub fn active_days(from: Date, to: Date, pauses: &[Pause]) -> i64 {
    if to <= from {
        return 0;
    }
    let total = (to - from).whole_days();
    let paused: i64 = pauses
        .iter()
        .map(|p| {
            let start = p.from.max(from);
            let end = p.to.map_or(to, |t| t.next_day().unwrap_or(t)).min(to);
            (end - start).whole_days().max(0)
        })
        .sum();
    (total - paused).max(0)
}

/// Whether a pause covers `on`.
pub fn paused_on(on: Date, pauses: &[Pause]) -> bool {
    pauses
        .iter()
        .any(|p| p.from <= on && p.to.is_none_or(|t| on <= t))
}

/// Whole months of unpaused programme by `today` (a month is 1/12 of the programme year's
/// days), for the evidence pace.
pub fn elapsed_months(start: Date, today: Date, pauses: &[Pause]) -> u32 {
    let year_days = (add_months(start, PROGRAMME_MONTHS) - start)
        .whole_days()
        .max(1);
    let days = active_days(start, today.next_day().unwrap_or(today), pauses).min(year_days);
    ((days * i64::from(PROGRAMME_MONTHS)) / year_days) as u32
}

/// Hours of protected development time the NQSW should have had by the end of `today`:
/// the configured percentage of their contracted hours (`wte` x the full-time week) over the
/// unpaused days so far, capped at the programme year.
pub fn protected_time_target_hours(
    start: Date,
    today: Date,
    pauses: &[Pause],
    wte: f64,
    rules: &AsyeRules,
) -> f64 {
    let year_days = (add_months(start, PROGRAMME_MONTHS) - start).whole_days();
    let days = active_days(start, today.next_day().unwrap_or(today), pauses).min(year_days);
    let weekly = rules.full_time_weekly_hours * wte.max(0.0);
    rules.protected_time_percent / 100.0 * weekly * days as f64 / 7.0
}

/// Where a programme stands, for the cohort view (first match wins, in this order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CohortStatus {
    Passed,
    Failed,
    Paused,
    ReviewOverdue,
    EvidenceBehind,
    Extended,
    OnTrack,
}

impl CohortStatus {
    /// In the order the cohort page counts them.
    pub const ALL: [CohortStatus; 7] = [
        CohortStatus::OnTrack,
        CohortStatus::ReviewOverdue,
        CohortStatus::EvidenceBehind,
        CohortStatus::Paused,
        CohortStatus::Extended,
        CohortStatus::Passed,
        CohortStatus::Failed,
    ];

    /// The code the API and the page's `status` parameter use (`review_overdue`).
    pub fn code(self) -> &'static str {
        match self {
            CohortStatus::Passed => "passed",
            CohortStatus::Failed => "failed",
            CohortStatus::Paused => "paused",
            CohortStatus::ReviewOverdue => "review_overdue",
            CohortStatus::EvidenceBehind => "evidence_behind",
            CohortStatus::Extended => "extended",
            CohortStatus::OnTrack => "on_track",
        }
    }

    /// A status from its code; anything else is refused in words.
    pub fn parse(code: &str) -> Result<CohortStatus, String> {
        CohortStatus::ALL
            .into_iter()
            .find(|s| s.code() == code.trim())
            .ok_or_else(|| {
                let codes: Vec<&str> = CohortStatus::ALL.iter().map(|s| s.code()).collect();
                format!("The status must be one of: {}", codes.join(", "))
            })
    }

    pub fn label(self) -> &'static str {
        match self {
            CohortStatus::Passed => "Passed",
            CohortStatus::Failed => "Not passed",
            CohortStatus::Paused => "Paused",
            CohortStatus::ReviewOverdue => "Review overdue",
            CohortStatus::EvidenceBehind => "Evidence behind",
            CohortStatus::Extended => "Extended",
            CohortStatus::OnTrack => "On track",
        }
    }
}

/// What the cohort status is decided from.
pub struct StatusFacts<'a> {
    pub panel_outcome: Option<&'a str>,
    pub paused_today: bool,
    pub overdue_reviews: usize,
    pub evidence_behind: bool,
}

pub fn cohort_status(f: &StatusFacts) -> CohortStatus {
    match f.panel_outcome {
        Some("pass") => CohortStatus::Passed,
        Some("fail") => CohortStatus::Failed,
        _ if f.paused_today => CohortStatus::Paused,
        _ if f.overdue_reviews > 0 => CohortStatus::ReviewOverdue,
        _ if f.evidence_behind => CohortStatus::EvidenceBehind,
        Some("extended") => CohortStatus::Extended,
        _ => CohortStatus::OnTrack,
    }
}

#[cfg(test)]
mod tests;
