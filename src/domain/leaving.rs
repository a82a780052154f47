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

pub use super::conversation::{Coded, choices, label_of};
use super::disclosure::{DisclosurePolicy, ProtectedBreakdown, Shown, TotalShown};
use super::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};

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

/// The `[leavers]` configuration section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct LeaverRules {
    /// Days after the leaving day that the questionnaire stays open (our design, NOT
    /// FOUND in the guidance: most leavers answer in their notice period, some just after).
    pub open_days_after_leaving: u32,
}

impl Default for LeaverRules {
    fn default() -> Self {
        LeaverRules {
            open_days_after_leaving: 30,
        }
    }
}

/// Whether someone may answer the questionnaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "standing", rename_all = "snake_case")]
#[schema(as = ExitStanding)]
pub enum ExitStanding {
    /// No leaving day is recorded for them.
    NotLeaving,
    /// Leaving (or just left) on this day, not answered yet.
    Open { leaving_on: Date },
    /// They have answered (once is all).
    Answered,
    /// Their leaving day is more than the set number of days ago.
    Closed,
}

impl LeaverRules {
    /// Open from the day a leaving day is recorded until the set days after it, until
    /// they answer.
    pub fn standing(self, leaving_on: Option<Date>, answered: bool, today: Date) -> ExitStanding {
        match leaving_on {
            _ if answered => ExitStanding::Answered,
            None => ExitStanding::NotLeaving,
            Some(d) if today > d + Duration::days(i64::from(self.open_days_after_leaving)) => {
                ExitStanding::Closed
            }
            Some(leaving_on) => ExitStanding::Open { leaving_on },
        }
    }
}

/// A random id for a stored answer: not a sequence, so it says nothing about order.
pub fn answer_id(rng: &mut impl rand::Rng) -> String {
    super::feedback::random_base32(rng, 26)
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

/// What the organisation sees of the answers it may show (`service::leavers` passes only
/// released ones): each count through the disclosure policy with secondary suppression.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = ExitFigures)]
pub struct ExitFigures {
    /// How many answered, as shown.
    pub answered: Shown,
    /// Main reasons, in `Reason::ALL`'s order: (label, count as shown).
    pub main_reasons: Vec<(String, Shown)>,
    /// Yes, maybe, no: (label, count as shown).
    pub would_return: Vec<(String, Shown)>,
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
        let main = policy.protect(&main, TotalShown::ByTheRule);
        let back = policy.protect(&back, TotalShown::ByTheRule);
        ExitFigures {
            answered: main.total,
            main_reasons: labelled(Reason::ALL, &main),
            would_return: labelled(WouldReturn::ALL, &back),
        }
    }
}

fn labelled<T: Coded>(all: &[T], b: &ProtectedBreakdown) -> Vec<(String, Shown)> {
    all.iter()
        .zip(&b.cells)
        .map(|(k, s)| (k.label().to_string(), *s))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
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

    #[test]
    fn it_is_open_from_the_leaving_day_being_recorded_until_the_days_after_it() {
        use time::macros::date;
        let r = LeaverRules::default();
        let today = date!(2026 - 03 - 10);
        assert_eq!(r.standing(None, false, today), ExitStanding::NotLeaving);
        let later = date!(2026 - 06 - 30);
        assert_eq!(
            r.standing(Some(later), false, today),
            ExitStanding::Open { leaving_on: later }
        );
        assert_eq!(r.standing(Some(later), true, today), ExitStanding::Answered);
        let gone = date!(2026 - 02 - 08);
        assert_eq!(
            r.standing(Some(gone), false, today),
            ExitStanding::Open { leaving_on: gone },
            "30 days after is the last"
        );
        assert_eq!(
            r.standing(Some(date!(2026 - 02 - 07)), false, today),
            ExitStanding::Closed
        );
        let a = answer_id(&mut rand::thread_rng());
        assert_eq!(a.len(), 26);
        assert_ne!(a, answer_id(&mut rand::thread_rng()));
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
            let small = |s: &Shown| matches!(s, Shown::Value(n) if *n >= 1 && *n <= limit);
            prop_assert!(!small(&f.answered));
            for cells in [&f.main_reasons, &f.would_return] {
                prop_assert!(cells.iter().all(|(_, c)| !small(c)));
                // A hidden cell never stands alone beside a shown total.
                if f.answered != Shown::Suppressed {
                    prop_assert_ne!(cells.iter().filter(|(_, c)| *c == Shown::Suppressed).count(), 1);
                }
            }
        }
    }
}
