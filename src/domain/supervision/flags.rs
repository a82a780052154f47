//! The smaller supervision flags a manager can look at besides overdue supervision, over the
//! last 12 months: sessions shorter than the agreed minimum, cancellations not rebooked in
//! time (and those still to rebook), records not confirmed in time, and an agreement whose
//! review date has passed. Each flag is one rule of [`super`] (`is_short`,
//! `cancellation_unrebooked`, `confirmation_overdue`) or of `supervision_standing`
//! (`still_to_rebook`); [`flags_of`] gathers them for one person, so the dashboard and the
//! API count the same things.

use super::{self as rules, SupervisionRules};
use crate::domain::supervision_standing as standing;
use serde::Serialize;
use time::Date;

/// Things a manager should look at besides overdue supervision, over the last 12 months.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SupervisionFlags {
    /// Held sessions shorter than the agreed minimum.
    pub short_sessions: usize,
    /// Cancelled sessions not rebooked within the set number of working days (a record of
    /// the 12 months, rebooked late or not at all).
    pub cancelled_not_rebooked: usize,
    /// Of those, the ones still to rebook: not rebooked, and no session held since.
    pub cancelled_to_rebook: usize,
    /// Records the supervisee has not confirmed within the set number of days.
    pub confirmation_late: usize,
    /// The agreement's review date, and whether it has passed.
    pub review_on: Option<String>,
    pub review_overdue: bool,
}

impl SupervisionFlags {
    /// Something a person can act on now (rebook, ask for a confirmation, review the
    /// agreement): `domain::supervision_standing::needs_action`. Past short sessions are
    /// shown on the record but are not something to act on.
    pub fn any(&self) -> bool {
        standing::needs_action(
            self.review_overdue,
            self.confirmation_late,
            self.cancelled_to_rebook,
        )
    }
}

/// What the flags need about one person: their sessions in the window (and the last one
/// before it) and their agreement.
#[derive(Debug, Clone, Copy, Default)]
pub struct FlagInput<'a> {
    /// Held session dates: those in the window and the last one before it, in any order.
    /// Only the latest on or before today matters (a later session covers a cancellation).
    pub held: &'a [Date],
    /// The recorded length, in minutes, of each session held in the window.
    pub minutes: &'a [u32],
    /// Sessions cancelled in the window: the day cancelled, and the day a replacement was
    /// booked, if one was.
    pub cancelled: &'a [(Date, Option<Date>)],
    /// The day each record the supervisee has not confirmed was made.
    pub unconfirmed_recorded_on: &'a [Date],
    /// The agreement's minimum session length, in place of the rule's.
    pub minimum_minutes: Option<u32>,
    /// The agreement's review date.
    pub review_on: Option<Date>,
}

/// Applies the flag rules (each in `domain::supervision`) to one person. Pure.
pub fn flags_of(
    input: &FlagInput,
    today: Date,
    r: &SupervisionRules,
    holidays: &[Date],
) -> SupervisionFlags {
    let agreed = SupervisionRules {
        minimum_minutes: input.minimum_minutes.unwrap_or(r.minimum_minutes),
        ..r.clone()
    };
    let last_held = input.held.iter().filter(|d| **d <= today).max().copied();
    let unrebooked = |(on, rebooked): &&(Date, Option<Date>)| {
        rules::cancellation_unrebooked(*on, *rebooked, today, r, holidays)
    };
    SupervisionFlags {
        cancelled_to_rebook: input
            .cancelled
            .iter()
            .filter(|c| standing::still_to_rebook(c.0, c.1, last_held) && unrebooked(c))
            .count(),
        short_sessions: input
            .minutes
            .iter()
            .filter(|m| rules::is_short(**m, &agreed))
            .count(),
        cancelled_not_rebooked: input.cancelled.iter().filter(unrebooked).count(),
        confirmation_late: input
            .unconfirmed_recorded_on
            .iter()
            .filter(|d| rules::confirmation_overdue(**d, false, today, r))
            .count(),
        review_on: input.review_on.map(|d| d.to_string()),
        review_overdue: input.review_on.is_some_and(|d| today > d),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    #[test]
    fn flags_follow_the_agreed_minimum_and_the_rebooking_deadline() {
        let rules = SupervisionRules::default();
        let cancelled = [
            (date!(2026 - 11 - 02), None),
            (date!(2026 - 11 - 09), Some(date!(2026 - 11 - 10))),
            (date!(2026 - 11 - 20), None),
        ];
        let input = FlagInput {
            minutes: &[90, 60, 120],
            cancelled: &cancelled,
            review_on: Some(date!(2026 - 11 - 01)),
            ..FlagInput::default()
        };
        let f = flags_of(&input, TODAY, &rules, &[]);
        assert_eq!(f.short_sessions, 1);
        // 2 Nov: five working days passed without a rebooking; 20 Nov: still time.
        assert_eq!(f.cancelled_not_rebooked, 1);
        assert_eq!(f.cancelled_to_rebook, 1);
        assert_eq!(f.review_on.as_deref(), Some("2026-11-01"));
        assert!(f.review_overdue);
        assert!(f.any());
        // An agreement asking for two hours makes both shorter sessions short.
        let f = flags_of(
            &FlagInput {
                minimum_minutes: Some(120),
                review_on: None,
                ..input
            },
            TODAY,
            &rules,
            &[],
        );
        assert_eq!(f.short_sessions, 2);
        assert!(!f.review_overdue);
        // A session held since the cancellation means nothing is left to rebook, though
        // the late rebooking stays on the record.
        let held = [date!(2026 - 11 - 16)];
        let f = flags_of(
            &FlagInput {
                held: &held,
                ..input
            },
            TODAY,
            &rules,
            &[],
        );
        assert_eq!((f.cancelled_not_rebooked, f.cancelled_to_rebook), (1, 0));
    }

    #[test]
    fn a_record_is_late_after_the_days_to_confirm() {
        let rules = SupervisionRules::default();
        let recorded = [TODAY - Duration::days(10), TODAY - Duration::days(11)];
        let input = FlagInput {
            unconfirmed_recorded_on: &recorded,
            ..FlagInput::default()
        };
        let f = flags_of(&input, TODAY, &rules, &[]);
        assert_eq!(f.confirmation_late, 1);
        assert!(f.any());
        assert!(!flags_of(&FlagInput::default(), TODAY, &rules, &[]).any());
    }

    /// A day within 200 days either side of `TODAY`.
    fn near() -> impl Strategy<Value = Date> {
        (-200i64..200).prop_map(|n| TODAY + Duration::days(n))
    }

    #[derive(Debug, Clone)]
    struct Facts {
        held: Vec<Date>,
        minutes: Vec<u32>,
        cancelled: Vec<(Date, Option<Date>)>,
        recorded: Vec<Date>,
        minimum: Option<u32>,
        review_on: Option<Date>,
    }

    fn any_facts() -> impl Strategy<Value = Facts> {
        (
            proptest::collection::vec(near(), 0..6),
            proptest::collection::vec(0u32..200, 0..8),
            proptest::collection::vec((near(), proptest::option::of(near())), 0..6),
            proptest::collection::vec(near(), 0..6),
            proptest::option::of(0u32..200),
            proptest::option::of(near()),
        )
            .prop_map(
                |(held, minutes, cancelled, recorded, minimum, review_on)| Facts {
                    held,
                    minutes,
                    cancelled,
                    recorded,
                    minimum,
                    review_on,
                },
            )
    }

    fn flags(f: &Facts, today: Date) -> SupervisionFlags {
        flags_of(
            &FlagInput {
                held: &f.held,
                minutes: &f.minutes,
                cancelled: &f.cancelled,
                unconfirmed_recorded_on: &f.recorded,
                minimum_minutes: f.minimum,
                review_on: f.review_on,
            },
            today,
            &SupervisionRules::default(),
            &[],
        )
    }

    proptest! {
        /// The counts nest (still to rebook is part of not rebooked in time, which is part
        /// of the cancellations), short sessions are exactly those under the agreed minimum
        /// (or the rule's), the review is overdue exactly after its date, and "something to
        /// act on" is `needs_action` of the flags.
        #[test]
        fn the_flags_are_the_rules_they_gather(f in any_facts(), today in near()) {
            let got = flags(&f, today);
            prop_assert!(got.cancelled_to_rebook <= got.cancelled_not_rebooked);
            prop_assert!(got.cancelled_not_rebooked <= f.cancelled.len());
            prop_assert!(got.confirmation_late <= f.recorded.len());
            let minimum = f.minimum.unwrap_or(SupervisionRules::default().minimum_minutes);
            prop_assert_eq!(got.short_sessions, f.minutes.iter().filter(|m| **m < minimum).count());
            prop_assert_eq!(got.review_on.clone(), f.review_on.map(|d| d.to_string()));
            prop_assert_eq!(got.review_overdue, f.review_on.is_some_and(|d| today > d));
            prop_assert_eq!(
                got.any(),
                got.review_overdue || got.confirmation_late > 0 || got.cancelled_to_rebook > 0
            );
        }

        /// Time only adds to what was missed: a later day never has fewer cancellations not
        /// rebooked in time or fewer late confirmations, and never un-passes a review.
        #[test]
        fn later_days_never_miss_less(f in any_facts(), today in near(), later in 0i64..60) {
            let now = flags(&f, today);
            let then = flags(&f, today + Duration::days(later));
            prop_assert!(then.cancelled_not_rebooked >= now.cancelled_not_rebooked);
            prop_assert!(then.confirmation_late >= now.confirmation_late);
            prop_assert!(then.review_overdue || !now.review_overdue);
        }

        /// A session held today, after every cancellation, leaves nothing to rebook.
        #[test]
        fn a_session_held_since_leaves_nothing_to_rebook(mut f in any_facts(), today in near()) {
            f.cancelled.retain(|(on, _)| *on <= today);
            f.held.push(today);
            prop_assert_eq!(flags(&f, today).cancelled_to_rebook, 0);
        }

        /// A higher agreed minimum never makes fewer sessions short.
        #[test]
        fn a_higher_minimum_never_makes_fewer_short_sessions(
            mut f in any_facts(),
            low in 0u32..200,
            more in 0u32..100,
        ) {
            f.minimum = Some(low);
            let before = flags(&f, TODAY).short_sessions;
            f.minimum = Some(low + more);
            prop_assert!(flags(&f, TODAY).short_sessions >= before);
        }
    }
}
