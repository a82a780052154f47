//! Where one practitioner stands today against the supervision rules: the interval that
//! applies, the last session, the next due date, the one-word standing and compliance over
//! the last 3, 6 and 12 months. One pure function ([`status_of`]) over the person's dates,
//! so the dashboard, the record page, the governance report, the self-assessment evidence
//! and the API cannot disagree.

use super::{self as rules, SupervisionRules};
use crate::domain::supervision_standing::{self as standing, SupervisionStanding};
use serde::Serialize;
use time::Date;

fn iso(d: Date) -> String {
    d.to_string()
}

/// Where one practitioner stands today.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionStatus {
    /// The longest allowed gap between held sessions today, if any applies.
    pub interval_days: Option<u32>,
    pub last_held: Option<String>,
    /// The date the next session is due, where an agreement and a rule give one.
    pub next_due: Option<String>,
    /// Where the person stands: each standing has its own count, and `overdue` is true
    /// only for `overdue` (supervised before, and the gap is too long).
    pub standing: SupervisionStanding,
    pub overdue: bool,
    /// Share of days in the last 3, 6 and 12 months on which supervision was in date
    /// (0 to 1), or none when no expectation applied in the window.
    pub compliance_3m: Option<f64>,
    pub compliance_6m: Option<f64>,
    pub compliance_12m: Option<f64>,
    /// Held sessions the supervisee has not yet confirmed.
    pub unconfirmed: i64,
}

/// What the status calculation needs about one person.
pub struct StatusInput<'a> {
    pub career_stage: &'a str,
    /// The ASYE programme's start if there is one, otherwise the employment start: the ASYE
    /// clock and the expectation start without an agreement.
    pub start_date: Date,
    pub agreement_starts_on: Option<Date>,
    pub interval_override: Option<u32>,
    /// Held session dates (any order).
    pub held: &'a [Date],
    pub unconfirmed: i64,
}

/// Applies the rules to one person's history. Pure, so the dashboard, the record page and
/// the API cannot disagree.
pub fn status_of(input: &StatusInput, today: Date, r: &SupervisionRules) -> SupervisionStatus {
    let expectation_start = input.agreement_starts_on.unwrap_or(input.start_date);
    let interval = |on: Date| {
        rules::effective_interval_days(
            input.career_stage,
            input.start_date,
            on,
            input.interval_override,
            r,
        )
    };
    let last_held = input.held.iter().filter(|d| **d <= today).max().copied();
    let now_interval = interval(today);
    let now_standing =
        standing::standing(input.agreement_starts_on, last_held, now_interval, today);
    // 3, 6 and 12 months in one walk of the days.
    let froms = [3, 6, 12].map(|months| rules::add_months_back(today, months));
    let windows = rules::compliance_windows(input.held, expectation_start, &froms, today, interval);
    let window = |i: usize| windows.get(i).copied().flatten();
    SupervisionStatus {
        interval_days: now_interval,
        last_held: last_held.map(iso),
        next_due: standing::next_due(input.agreement_starts_on, last_held, now_interval).map(iso),
        standing: now_standing,
        overdue: now_standing == SupervisionStanding::Overdue,
        compliance_3m: window(0),
        compliance_6m: window(1),
        compliance_12m: window(2),
        unconfirmed: input.unconfirmed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::Duration;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 23);

    fn qualified<'a>(agreement: Option<Date>, held: &'a [Date]) -> StatusInput<'a> {
        StatusInput {
            career_stage: "qualified",
            start_date: date!(2020 - 03 - 02),
            agreement_starts_on: agreement,
            interval_override: None,
            held,
            unconfirmed: 2,
        }
    }

    #[test]
    fn a_gap_longer_than_a_month_is_overdue_from_the_last_session() {
        let held = [date!(2026 - 09 - 15), date!(2026 - 10 - 01)];
        let s = status_of(
            &qualified(Some(date!(2026 - 01 - 01)), &held),
            TODAY,
            &SupervisionRules::default(),
        );
        assert_eq!(s.interval_days, Some(31));
        assert_eq!(s.last_held.as_deref(), Some("2026-10-01"));
        assert_eq!(s.next_due.as_deref(), Some("2026-11-01"));
        assert_eq!(s.standing, SupervisionStanding::Overdue);
        assert!(s.overdue);
        assert_eq!(s.unconfirmed, 2);
        // Of the 93 days from 23 August, in date from 15 September to 1 November: 48.
        assert_eq!(s.compliance_3m, Some(48.0 / 93.0));
    }

    #[test]
    fn without_an_agreement_there_is_no_due_date_and_nobody_is_overdue() {
        let held = [date!(2025 - 01 - 10)];
        let s = status_of(&qualified(None, &held), TODAY, &SupervisionRules::default());
        assert_eq!(s.standing, SupervisionStanding::NoAgreement);
        assert_eq!(s.next_due, None);
        assert!(!s.overdue);
        // Compliance is still measured, from the employment start.
        assert_eq!(s.compliance_12m, Some(0.0));
    }

    #[test]
    fn an_asye_start_sets_the_weekly_phase() {
        let input = StatusInput {
            career_stage: "asye",
            start_date: TODAY - Duration::days(10),
            ..qualified(Some(TODAY - Duration::days(10)), &[])
        };
        let s = status_of(&input, TODAY, &SupervisionRules::default());
        assert_eq!(s.interval_days, Some(7));
        assert_eq!(s.standing, SupervisionStanding::NeverSupervised);
        assert_eq!(s.next_due, Some((TODAY - Duration::days(3)).to_string()));
    }

    /// A day within two years either side of `TODAY`.
    fn near() -> impl Strategy<Value = Date> {
        (-730i64..730).prop_map(|n| TODAY + Duration::days(n))
    }

    fn any_input() -> impl Strategy<Value = (String, Date, Option<Date>, Option<u32>, Vec<Date>)> {
        (
            prop_oneof![
                Just("asye".to_string()),
                Just("qualified".to_string()),
                Just("senior".to_string()),
                Just("student".to_string()),
            ],
            near(),
            proptest::option::of(near()),
            proptest::option::of(1u32..60),
            proptest::collection::vec(near(), 0..12),
        )
    }

    fn run(
        (stage, start, agreement, override_days, held): &(
            String,
            Date,
            Option<Date>,
            Option<u32>,
            Vec<Date>,
        ),
        today: Date,
    ) -> SupervisionStatus {
        status_of(
            &StatusInput {
                career_stage: stage,
                start_date: *start,
                agreement_starts_on: *agreement,
                interval_override: *override_days,
                held,
                unconfirmed: 0,
            },
            today,
            &SupervisionRules::default(),
        )
    }

    fn rule_overdue(s: &SupervisionStatus) -> bool {
        matches!(
            s.standing,
            SupervisionStanding::Overdue | SupervisionStanding::NeverSupervised
        )
    }

    proptest! {
        /// Whoever was supervised today is in date today, whatever else is true.
        #[test]
        fn never_overdue_after_a_session_today(mut input in any_input()) {
            input.4.push(TODAY);
            let s = run(&input, TODAY);
            prop_assert!(!s.overdue);
            prop_assert!(!rule_overdue(&s));
            prop_assert_eq!(s.last_held, Some(TODAY.to_string()));
        }

        /// The next session is never due before the last one was held, is given exactly
        /// when an agreement and an interval apply, and `overdue` means the `overdue` standing.
        #[test]
        fn the_due_date_and_standing_agree(input in any_input()) {
            let s = run(&input, TODAY);
            if let (Some(due), Some(last)) = (&s.next_due, &s.last_held) {
                prop_assert!(due >= last, "due {due} before last held {last}");
            }
            prop_assert_eq!(s.next_due.is_some(), input.2.is_some() && s.interval_days.is_some());
            prop_assert_eq!(s.overdue, s.standing == SupervisionStanding::Overdue);
            if let Some(due) = &s.next_due {
                prop_assert_eq!(rule_overdue(&s), TODAY.to_string() > *due);
            }
        }

        /// Compliance is a share of days: between 0 and 1.
        #[test]
        fn compliance_is_a_share(input in any_input()) {
            let s = run(&input, TODAY);
            for c in [s.compliance_3m, s.compliance_6m, s.compliance_12m].into_iter().flatten() {
                prop_assert!((0.0..=1.0).contains(&c), "{c}");
            }
        }

        /// A session dated after today changes nothing today.
        #[test]
        fn a_session_after_today_changes_nothing(mut input in any_input(), ahead in 1i64..400) {
            let before = run(&input, TODAY);
            input.4.push(TODAY + Duration::days(ahead));
            let after = run(&input, TODAY);
            prop_assert_eq!(format!("{before:?}"), format!("{after:?}"));
        }

        /// One more session never makes anyone overdue (or not yet supervised) who was not,
        /// and never lowers compliance.
        #[test]
        fn one_more_session_never_makes_things_worse(mut input in any_input(), extra in near()) {
            let before = run(&input, TODAY);
            input.4.push(extra);
            let after = run(&input, TODAY);
            prop_assert!(!rule_overdue(&after) || rule_overdue(&before));
            let pairs = [
                (before.compliance_3m, after.compliance_3m),
                (before.compliance_6m, after.compliance_6m),
                (before.compliance_12m, after.compliance_12m),
            ];
            for (b, a) in pairs {
                prop_assert_eq!(b.is_some(), a.is_some());
                if let (Some(b), Some(a)) = (b, a) {
                    prop_assert!(a >= b, "before {b}, after {a}");
                }
            }
        }
    }
}
