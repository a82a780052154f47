//! Where one person stands against the supervision rules today, in one word a manager can
//! act on, and what counts as "something to act on". Each standing has its own count on the
//! dashboard and in the governance report, so "overdue" means one thing only: supervised
//! before, and the gap since is longer than the rules allow.

use crate::domain::supervision as rules;
use serde::Serialize;
use time::Date;

/// One person's standing today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SupervisionStanding {
    /// No supervision agreement is recorded. The action is to agree one; no due date is
    /// shown, because nobody agreed one (measuring from the employment start gave dates
    /// years in the past).
    NoAgreement,
    /// An agreement, but no session held since it began, and the first was due: book the
    /// first session.
    NeverSupervised,
    /// Supervised before, and the gap since the last session is longer than the rules
    /// allow for the person's career stage.
    Overdue,
    /// The interval is set in the agreement and no rule applies.
    AsAgreed,
    /// In date (including a first session not yet due).
    InDate,
}

impl SupervisionStanding {
    pub fn label(self) -> &'static str {
        match self {
            SupervisionStanding::NoAgreement => "No agreement",
            SupervisionStanding::NeverSupervised => "Not yet supervised",
            SupervisionStanding::Overdue => "Overdue",
            SupervisionStanding::AsAgreed => "As agreed",
            SupervisionStanding::InDate => "In date",
        }
    }

    /// The order a manager reads a list in: what needs doing first.
    pub fn urgency(self) -> u8 {
        match self {
            SupervisionStanding::Overdue => 0,
            SupervisionStanding::NeverSupervised => 1,
            SupervisionStanding::NoAgreement => 2,
            SupervisionStanding::AsAgreed => 3,
            SupervisionStanding::InDate => 4,
        }
    }
}

/// The standing from the facts. `agreement_starts_on` is `None` without an agreement;
/// `interval_days` is the rules' longest gap today (`None`: no rule applies).
pub fn standing(
    agreement_starts_on: Option<Date>,
    last_held: Option<Date>,
    interval_days: Option<u32>,
    today: Date,
) -> SupervisionStanding {
    let Some(start) = agreement_starts_on else {
        return SupervisionStanding::NoAgreement;
    };
    let Some(interval) = interval_days else {
        return SupervisionStanding::AsAgreed;
    };
    match last_held {
        _ if !rules::is_overdue(last_held, start, interval, today) => SupervisionStanding::InDate,
        Some(_) => SupervisionStanding::Overdue,
        None => SupervisionStanding::NeverSupervised,
    }
}

/// The date the next session is due, where one was agreed: none without an agreement or
/// where no rule applies.
pub fn next_due(
    agreement_starts_on: Option<Date>,
    last_held: Option<Date>,
    interval_days: Option<u32>,
) -> Option<Date> {
    Some(rules::next_due(
        last_held,
        agreement_starts_on?,
        interval_days?,
    ))
}

/// What makes a row "something to act on": each has a named action. A short session in
/// the past cannot be acted on, so it is shown on the record, not counted here.
pub fn needs_action(
    review_overdue: bool,
    confirmations_late: usize,
    cancelled_not_rebooked: usize,
) -> bool {
    review_overdue || confirmations_late > 0 || cancelled_not_rebooked > 0
}

/// A cancelled session is still to rebook while no replacement is booked and no session
/// has been held since it was cancelled (a later session covered the gap).
pub fn still_to_rebook(
    cancelled_on: Date,
    rebooked_on: Option<Date>,
    last_held: Option<Date>,
) -> bool {
    rebooked_on.is_none() && last_held.is_none_or(|h| h < cancelled_on)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 04);

    #[test]
    fn without_an_agreement_there_is_no_due_date() {
        let old = Some(date!(2009 - 01 - 05));
        assert_eq!(
            standing(None, None, Some(31), TODAY),
            SupervisionStanding::NoAgreement
        );
        assert_eq!(
            standing(None, old, Some(31), TODAY),
            SupervisionStanding::NoAgreement
        );
        assert_eq!(next_due(None, old, Some(31)), None);
    }

    #[test]
    fn an_agreement_with_no_session_is_not_yet_supervised_once_the_first_is_due() {
        let start = Some(TODAY - Duration::days(10));
        assert_eq!(
            standing(start, None, Some(31), TODAY),
            SupervisionStanding::InDate
        );
        let start = Some(TODAY - Duration::days(40));
        assert_eq!(
            standing(start, None, Some(31), TODAY),
            SupervisionStanding::NeverSupervised
        );
        assert_eq!(
            next_due(start, None, Some(31)),
            Some(TODAY - Duration::days(9))
        );
    }

    #[test]
    fn overdue_means_supervised_before_and_the_gap_is_too_long() {
        let start = Some(date!(2025 - 01 - 01));
        let last = Some(TODAY - Duration::days(32));
        assert_eq!(
            standing(start, last, Some(31), TODAY),
            SupervisionStanding::Overdue
        );
        let last = Some(TODAY - Duration::days(31));
        assert_eq!(
            standing(start, last, Some(31), TODAY),
            SupervisionStanding::InDate
        );
        assert_eq!(
            standing(start, last, None, TODAY),
            SupervisionStanding::AsAgreed
        );
    }

    #[test]
    fn only_things_with_an_action_count() {
        assert!(!needs_action(false, 0, 0));
        assert!(needs_action(true, 0, 0));
        assert!(needs_action(false, 1, 0));
        assert!(needs_action(false, 0, 1));
    }

    #[test]
    fn a_cancellation_is_to_rebook_until_a_replacement_or_a_later_session() {
        let on = date!(2026 - 11 - 02);
        assert!(still_to_rebook(on, None, None));
        assert!(still_to_rebook(on, None, Some(date!(2026 - 10 - 01))));
        assert!(!still_to_rebook(on, None, Some(date!(2026 - 11 - 20))));
        assert!(!still_to_rebook(on, Some(date!(2026 - 11 - 05)), None));
    }

    proptest! {
        /// Overdue and not yet supervised are what the rules call overdue, split by whether
        /// anyone was ever supervised; nobody without an agreement is either.
        #[test]
        fn the_standings_split_what_the_rules_call_overdue(
            start in proptest::option::of(-800i64..0),
            last in proptest::option::of(-800i64..0),
            interval in proptest::option::of(1u32..60),
        ) {
            let day = |n: i64| TODAY + Duration::days(n);
            let (start, last) = (start.map(day), last.map(day));
            let s = standing(start, last, interval, TODAY);
            let rule_overdue = match (start, interval) {
                (Some(st), Some(i)) => rules::is_overdue(last, st, i, TODAY),
                _ => false,
            };
            prop_assert_eq!(
                rule_overdue,
                matches!(s, SupervisionStanding::Overdue | SupervisionStanding::NeverSupervised)
            );
            prop_assert_eq!(s == SupervisionStanding::Overdue, rule_overdue && last.is_some());
            prop_assert_eq!(start.is_none(), s == SupervisionStanding::NoAgreement);
            prop_assert_eq!(next_due(start, last, interval).is_some(), start.is_some() && interval.is_some());
        }
    }
}
