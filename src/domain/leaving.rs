//! The exit questionnaire a social worker answers when leaving, and what the organisation
//! sees of the answers (docs/sources.md#exit-questionnaire).
//!
//! Source: the HEE 2020 guidance's consideration 6 names exit interviews among fair and
//! transparent performance systems. No standard question set is published (NOT FOUND):
//! the reasons, the "would you return" scale and their wording are our design.
//!
//! Anonymous in aggregate: an answer keeps its organisation and month only (no person, no
//! order: its id is random), and the organisation sees counts through the disclosure
//! policy with secondary suppression and comments only in released blocks.

use super::conversation::Coded;
pub use super::conversation::{choices, label_of};
use super::disclosure::{DisclosurePolicy, ProtectedBreakdown, TotalShown};
use super::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};

/// Longest comment.
pub const MAX_TEXT: usize = 2000;

/// Why someone leaves: our list (NOT FOUND as a standard).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reason {
    Workload,
    Pay,
    Progression,
    ManagementCulture,
    SupervisionSupport,
    Flexibility,
    Relocation,
    Retirement,
    Health,
    ContractEnded,
    Other,
}

impl Coded for Reason {
    const ALL: &'static [Reason] = &[
        Reason::Workload,
        Reason::Pay,
        Reason::Progression,
        Reason::ManagementCulture,
        Reason::SupervisionSupport,
        Reason::Flexibility,
        Reason::Relocation,
        Reason::Retirement,
        Reason::Health,
        Reason::ContractEnded,
        Reason::Other,
    ];

    fn code(self) -> &'static str {
        match self {
            Reason::Workload => "workload",
            Reason::Pay => "pay",
            Reason::Progression => "progression",
            Reason::ManagementCulture => "management_culture",
            Reason::SupervisionSupport => "supervision_support",
            Reason::Flexibility => "flexibility",
            Reason::Relocation => "relocation",
            Reason::Retirement => "retirement",
            Reason::Health => "health",
            Reason::ContractEnded => "contract_ended",
            Reason::Other => "other",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Reason::Workload => "Workload or caseload",
            Reason::Pay => "Pay or banding",
            Reason::Progression => "Career progression",
            Reason::ManagementCulture => "Management or culture",
            Reason::SupervisionSupport => "Supervision or support",
            Reason::Flexibility => "Hours or flexible working",
            Reason::Relocation => "Moving away",
            Reason::Retirement => "Retirement",
            Reason::Health => "Health",
            Reason::ContractEnded => "End of a fixed-term contract or secondment",
            Reason::Other => "Something else",
        }
    }
}

/// Whether they would come back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WouldReturn {
    Yes,
    Maybe,
    No,
}

impl Coded for WouldReturn {
    const ALL: &'static [WouldReturn] = &[WouldReturn::Yes, WouldReturn::Maybe, WouldReturn::No];

    fn code(self) -> &'static str {
        match self {
            WouldReturn::Yes => "yes",
            WouldReturn::Maybe => "maybe",
            WouldReturn::No => "no",
        }
    }

    fn label(self) -> &'static str {
        match self {
            WouldReturn::Yes => "Yes",
            WouldReturn::Maybe => "Maybe",
            WouldReturn::No => "No",
        }
    }
}

/// The questionnaire as sent by the form.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default, deny_unknown_fields)]
pub struct ExitInput {
    /// Every reason that applies.
    pub reasons: Vec<String>,
    /// The main one, of those.
    pub main_reason: String,
    pub would_return: String,
    /// What would have kept you (optional).
    pub would_have_kept: String,
}

/// Answers that may be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitAnswers {
    pub reasons: Vec<Reason>,
    pub main_reason: Reason,
    pub would_return: WouldReturn,
    pub would_have_kept: String,
}

impl ExitInput {
    pub fn parse(&self) -> Result<ExitAnswers, FieldErrors> {
        let mut e = FieldErrors::default();
        let mut reasons = Vec::new();
        for code in &self.reasons {
            match Reason::parse(code) {
                Some(r) if !reasons.contains(&r) => reasons.push(r),
                Some(_) => {}
                None => e.add("reasons", "Select the reasons from the list"),
            }
        }
        if reasons.is_empty() && e.is_empty() {
            e.add("reasons", "Select at least one reason for leaving");
        }
        let main = Reason::parse(&self.main_reason);
        match main {
            None => e.add("main_reason", "Select your main reason for leaving"),
            // The main reason is one of the reasons: added if it was not ticked.
            Some(m) if !reasons.contains(&m) => reasons.push(m),
            Some(_) => {}
        }
        let would_return = WouldReturn::parse(&self.would_return);
        if would_return.is_none() {
            e.add("would_return", "Select whether you would come back");
        }
        let kept = self.would_have_kept.trim().to_string();
        if kept.chars().count() > MAX_TEXT {
            e.add(
                "would_have_kept",
                format!("What would have kept you must be {MAX_TEXT} characters or fewer"),
            );
        }
        match (main, would_return) {
            (Some(main_reason), Some(would_return)) if e.is_empty() => Ok(ExitAnswers {
                reasons,
                main_reason,
                would_return,
                would_have_kept: kept,
            }),
            _ => Err(e),
        }
    }
}

/// What the organisation sees of the answers over a period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExitFigures {
    /// Main reasons, in `Reason::ALL`'s order, with the number answered as their total.
    pub main_reasons: ProtectedBreakdown,
    pub reason_labels: Vec<&'static str>,
    /// Yes, maybe, no.
    pub would_return: ProtectedBreakdown,
}

impl ExitFigures {
    /// `answers`: each answer's main reason and whether they would return.
    pub fn of(answers: &[(Reason, WouldReturn)], policy: DisclosurePolicy) -> ExitFigures {
        let main: Vec<u64> = Reason::ALL
            .iter()
            .map(|r| answers.iter().filter(|(m, _)| m == r).count() as u64)
            .collect();
        let back: Vec<u64> = WouldReturn::ALL
            .iter()
            .map(|w| answers.iter().filter(|(_, x)| x == w).count() as u64)
            .collect();
        ExitFigures {
            main_reasons: policy.protect(&main, TotalShown::ByTheRule),
            reason_labels: Reason::ALL.iter().map(|r| r.label()).collect(),
            would_return: policy.protect(&back, TotalShown::ByTheRule),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::disclosure::Shown;
    use proptest::prelude::*;

    #[test]
    fn the_main_reason_is_one_of_the_reasons_and_each_problem_is_named() {
        let e = ExitInput::default().parse().unwrap_err();
        for f in ["reasons", "main_reason", "would_return"] {
            assert!(e.message_for(f).is_some(), "{f}");
        }
        let a = ExitInput {
            reasons: vec!["pay".into(), "pay".into()],
            main_reason: "workload".into(),
            would_return: "maybe".into(),
            would_have_kept: " A smaller caseload ".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(a.reasons, [Reason::Pay, Reason::Workload]);
        assert_eq!(a.would_have_kept, "A smaller caseload");
        let bad = ExitInput {
            reasons: vec!["boredom".into()],
            ..Default::default()
        };
        assert_eq!(
            bad.parse().unwrap_err().message_for("reasons"),
            Some("Select the reasons from the list")
        );
    }

    proptest! {
        /// Whatever the answers, no count from 1 to the limit is shown, and a hidden cell
        /// never stands alone beside a shown total.
        #[test]
        fn no_small_number_is_shown(raw in prop::collection::vec((0usize..11, 0usize..3), 0..40), limit in 1u64..8) {
            let answers: Vec<(Reason, WouldReturn)> = raw
                .iter()
                .map(|(r, w)| (Reason::ALL[*r], WouldReturn::ALL[*w]))
                .collect();
            let f = ExitFigures::of(&answers, DisclosurePolicy { suppress_up_to: limit, round_to: 1 });
            for b in [&f.main_reasons, &f.would_return] {
                let small = |s: &Shown| matches!(s, Shown::Value(n) if *n >= 1 && *n <= limit);
                prop_assert!(!small(&b.total) && b.cells.iter().all(|c| !small(c)));
                if b.total != Shown::Suppressed {
                    prop_assert_ne!(b.cells.iter().filter(|c| **c == Shown::Suppressed).count(), 1);
                }
            }
        }
    }
}
