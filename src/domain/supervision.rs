//! Supervision rules: how often a practitioner must be supervised, when they are overdue,
//! how well an organisation kept to its expectations over a period, and the smaller flags
//! (short sessions, cancellations not rebooked, records not confirmed, agreements due a review).
//!
//! Everything here is a pure function of dates and the configured [`SupervisionRules`]. The
//! numbers come from the LGA Standards for employers, standard 5 (docs/sources.md#supervision-frequency)
//! where a national rule exists, and from published employer policies (docs/sources.md#supervision)
//! where it does not. The local and inferred ones are configuration, never literals, because
//! employers differ.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

/// The requirement a held session meets to keep a person in date for professional
/// supervision: the session types that count towards it are data
/// (`data/reference-lists.toml` `session_types`, `counts_towards`).
pub const PROFESSIONAL: &str = "professional";

/// The configurable rule values (the `[supervision]` config section).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct SupervisionRules {
    /// A session shorter than this is flagged. LGA Standards for employers, standard 5:
    /// "at least 1.5 hours uninterrupted" (docs/sources.md#supervision) [VERIFIED].
    pub minimum_minutes: u32,
    /// ASYE: weekly supervision for this many weeks from the start. LGA standard 5
    /// (docs/sources.md#supervision-frequency) [VERIFIED].
    pub asye_weekly_weeks: u32,
    /// ASYE: fortnightly supervision until this many calendar months from the start.
    /// LGA standard 5 (docs/sources.md#supervision-frequency) [VERIFIED].
    pub asye_fortnightly_months: u32,
    /// The longest gap, in days, while supervision is weekly.
    pub weekly_days: u32,
    /// The longest gap, in days, while supervision is fortnightly.
    pub fortnightly_days: u32,
    /// The longest gap, in days, while supervision is "at least monthly" (LGA standard 5,
    /// docs/sources.md#supervision). 31 days so that no calendar month is ever too long
    /// (docs/sources.md#supervision, "about 31 days or 1 calendar month") [INFERENCE].
    pub monthly_days: u32,
    /// The longest gap for AMHP supervision. No national figure was found; local practice
    /// varies, so this is a configurable default [INFERENCE].
    pub amhp_days: u32,
    /// A cancelled session must be rebooked within this many working days. Local policy
    /// (West Berkshire: "rebook within 5 working days", docs/sources.md#supervision) [VERIFIED, local].
    pub rebook_working_days: u32,
    /// The supervisee confirms or comments on a record within this many days of it being
    /// recorded. Derived from the Solihull policy ("within 2 weeks" to distribute, comments
    /// within 5 working days, docs/sources.md#supervision) [INFERENCE].
    pub confirm_days: u32,
    /// Supervision agreements are reviewed this many calendar months after they start
    /// ("annually", docs/sources.md#supervision) [VERIFIED, local].
    pub agreement_review_months: u32,
    /// The quality pulse's results show for a group only at this many responses or more
    /// (issue 3: "default 5"); never fewer than `domain::pulse::SMALLEST_GROUP`.
    pub pulse_min_responses: u32,
    /// The supervisee may answer the pulse up to this many days after the session was
    /// held, while they still remember it [INFERENCE: no published figure].
    pub pulse_answer_days: u32,
    /// The pulse results cover responses from this many calendar months, the current
    /// one included.
    pub pulse_window_months: u32,
}

impl Default for SupervisionRules {
    fn default() -> Self {
        SupervisionRules {
            minimum_minutes: 90,
            asye_weekly_weeks: 6,
            asye_fortnightly_months: 6,
            weekly_days: 7,
            fortnightly_days: 14,
            monthly_days: 31,
            amhp_days: 31,
            rebook_working_days: 5,
            confirm_days: 10,
            agreement_review_months: 12,
            pulse_min_responses: 5,
            pulse_answer_days: 60,
            pulse_window_months: 12,
        }
    }
}

/// Adds calendar months to a date, clamping the day to the last day of the target month
/// (31 January + 1 month is 28 or 29 February). Saturates at `Date::MAX` rather than panic,
/// because the month count comes from configuration.
pub fn add_months(date: Date, months: u32) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1;
    let target = index + i64::from(months);
    let (Ok(year), Ok(month)) = (
        i32::try_from(target.div_euclid(12)),
        Month::try_from((target.rem_euclid(12) + 1) as u8),
    ) else {
        return Date::MAX;
    };
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// The same day `months` calendar months earlier, clamped like `add_months` (the start of
/// a rolling window: "the last 3 months" to 31 May starts on 28 or 29 February).
pub fn add_months_back(date: Date, months: u32) -> Date {
    let index = i64::from(date.year()) * 12 + i64::from(u8::from(date.month())) - 1;
    let target = index - i64::from(months);
    let (Ok(year), Ok(month)) = (
        i32::try_from(target.div_euclid(12)),
        Month::try_from((target.rem_euclid(12) + 1) as u8),
    ) else {
        return Date::MIN;
    };
    let day = date.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MIN)
}

/// Adds (or with a negative count subtracts) days, saturating at the ends of the calendar.
fn add_days(date: Date, days: i64) -> Date {
    let fallback = if days >= 0 { Date::MAX } else { Date::MIN };
    date.checked_add(Duration::days(days)).unwrap_or(fallback)
}

/// Returns the longest allowed gap in days between held sessions for a practitioner at
/// `stage` (a career stage code from data/reference-lists.toml) on date `on`, where
/// `asye_start` is the date their ASYE (or employment as an ASYE) began.
///
/// LGA Standards for employers, standard 5 (docs/sources.md#supervision-frequency): NQSWs "weekly for
/// the first 6 weeks, fortnightly to 6 months, then at least monthly"; "ASYE-level and
/// above ... at least monthly"; students "as agreed with students and programme
/// providers", so `None`: the student's agreement sets its own frequency. An unknown stage
/// code is also `None`; codes are checked against the reference list at the front door.
pub fn allowed_interval_days(
    stage: &str,
    asye_start: Date,
    on: Date,
    rules: &SupervisionRules,
) -> Option<u32> {
    match stage {
        "asye" => Some(asye_interval_days(asye_start, on, rules)),
        "qualified" | "senior" | "advanced" | "manager" => Some(rules.monthly_days),
        _ => None,
    }
}

/// The ASYE phase on `on`: weekly, then fortnightly, then monthly.
fn asye_interval_days(asye_start: Date, on: Date, rules: &SupervisionRules) -> u32 {
    let weekly_until = add_days(asye_start, i64::from(rules.asye_weekly_weeks) * 7);
    if on < weekly_until {
        rules.weekly_days
    } else if on < add_months(asye_start, rules.asye_fortnightly_months) {
        rules.fortnightly_days
    } else {
        rules.monthly_days
    }
}

/// The interval that applies: an agreement's override (its reason is stored with the
/// agreement), else the stage rule, else `None` (no expectation).
pub fn effective_interval_days(
    stage: &str,
    asye_start: Date,
    on: Date,
    override_days: Option<u32>,
    rules: &SupervisionRules,
) -> Option<u32> {
    override_days.or_else(|| allowed_interval_days(stage, asye_start, on, rules))
}

/// The date the next session is due: the last held session, or the expectation start if
/// none was held, plus the interval.
///
/// A session held before `expectation_start` (for example under a previous agreement or
/// employer) does not count against a new expectation: the clock starts at the later of
/// the two, so a new starter is never overdue on day one.
pub fn next_due(last_held: Option<Date>, expectation_start: Date, interval_days: u32) -> Date {
    let from = last_held.map_or(expectation_start, |d| d.max(expectation_start));
    add_days(from, i64::from(interval_days))
}

/// Overdue on `today` when today is strictly after [`next_due`]. A practitioner with no held
/// session is measured from `expectation_start` (agreement start or employment start), so a
/// new starter is not overdue on day one. Flagging a gap longer than the stage's frequency is
/// the monitoring LGA standard 5 asks for (docs/sources.md#supervision-monitoring).
pub fn is_overdue(
    last_held: Option<Date>,
    expectation_start: Date,
    interval_days: u32,
    today: Date,
) -> bool {
    today > next_due(last_held, expectation_start, interval_days)
}

/// Compliance over a window: the share of days in `[from, to]` (inclusive; days before
/// `expectation_start` do not count) on which the practitioner was "in date", that is, not
/// [`is_overdue`] measured from the last held session on or before that day.
///
/// `held` is the held session dates in any order, duplicates allowed. `interval` gives the
/// allowed interval on a day, so ASYE phases apply day by day; `None` means no expectation
/// that day and the day is not counted. Returns `None` when no day counts.
///
/// Monotone: adding a held session can only move "last held" later, so it never lowers the
/// result. Sorts once and walks the days with a pointer: O(n log n + days).
pub fn compliance(
    held: &[Date],
    expectation_start: Date,
    from: Date,
    to: Date,
    interval: impl Fn(Date) -> Option<u32>,
) -> Option<f64> {
    let mut sorted = held.to_vec();
    sorted.sort_unstable();
    let (mut counted, mut in_date) = (0u32, 0u32);
    let mut next = 0;
    let mut last = None;
    let mut day = Some(from.max(expectation_start));
    while let Some(d) = day.filter(|d| *d <= to) {
        while let Some(&h) = sorted.get(next).filter(|h| **h <= d) {
            last = Some(h);
            next += 1;
        }
        if let Some(days) = interval(d) {
            counted += 1;
            in_date += u32::from(!is_overdue(last, expectation_start, days, d));
        }
        day = d.next_day();
    }
    (counted > 0).then(|| f64::from(in_date) / f64::from(counted))
}

/// [`compliance`] for several windows ending on the same day (`to`), in one walk of the days
/// from the earliest start: the dashboard's 3, 6 and 12 months cost one 12-month walk, not
/// three. Returns one result per entry of `froms`, in order; each equals
/// `compliance(held, expectation_start, froms[i], to, &interval)` (a property test holds it
/// to that).
pub fn compliance_windows(
    held: &[Date],
    expectation_start: Date,
    froms: &[Date],
    to: Date,
    interval: impl Fn(Date) -> Option<u32>,
) -> Vec<Option<f64>> {
    let Some(earliest) = froms.iter().min().copied() else {
        return Vec::new();
    };
    let mut sorted = held.to_vec();
    sorted.sort_unstable();
    // Per window: (days counted, days in date).
    let mut tallies = vec![(0u32, 0u32); froms.len()];
    let mut next = 0;
    let mut last = None;
    let mut day = Some(earliest.max(expectation_start));
    while let Some(d) = day.filter(|d| *d <= to) {
        while let Some(&h) = sorted.get(next).filter(|h| **h <= d) {
            last = Some(h);
            next += 1;
        }
        if let Some(days) = interval(d) {
            let ok = u32::from(!is_overdue(last, expectation_start, days, d));
            for (i, from) in froms.iter().enumerate() {
                if d >= *from {
                    tallies[i].0 += 1;
                    tallies[i].1 += ok;
                }
            }
        }
        day = d.next_day();
    }
    tallies
        .into_iter()
        .map(|(counted, in_date)| (counted > 0).then(|| f64::from(in_date) / f64::from(counted)))
        .collect()
}

/// Whether `date` is a working day: Monday to Friday and not in `holidays`.
fn is_working_day(date: Date, holidays: &[Date]) -> bool {
    !matches!(date.weekday(), Weekday::Saturday | Weekday::Sunday) && !holidays.contains(&date)
}

/// Adds `n` working days (Monday to Friday, skipping any date in `holidays`) to `from`.
/// A Friday plus one working day is the next Monday. `n == 0` returns `from` unchanged.
pub fn add_working_days(from: Date, n: u32, holidays: &[Date]) -> Date {
    let mut date = from;
    for _ in 0..n {
        loop {
            let Some(next) = date.next_day() else {
                return date;
            };
            date = next;
            if is_working_day(date, holidays) {
                break;
            }
        }
    }
    date
}

/// A cancelled session not rebooked within `rules.rebook_working_days` working days of its
/// cancellation (local policy, docs/sources.md#supervision): not yet rebooked and the deadline has
/// passed, or rebooked after the deadline. Measuring from the cancellation rather than from
/// a return from absence is [INFERENCE]: the system does not know about absences.
pub fn cancellation_unrebooked(
    cancelled_on: Date,
    rebooked_on: Option<Date>,
    today: Date,
    rules: &SupervisionRules,
    holidays: &[Date],
) -> bool {
    let deadline = add_working_days(cancelled_on, rules.rebook_working_days, holidays);
    match rebooked_on {
        None => today > deadline,
        Some(d) => d > deadline,
    }
}

/// Whether a recorded session is shorter than the minimum (LGA standard 5: "at least 1.5
/// hours uninterrupted", docs/sources.md#supervision). A flag, not a rejection: a short session is
/// still a session and must still be recorded.
pub fn is_short(minutes: u32, rules: &SupervisionRules) -> bool {
    minutes < rules.minimum_minutes
}

/// The supervisee confirms or comments on a record by `recorded_on + confirm_days`
/// (docs/sources.md#supervision, [INFERENCE] on the number). Overdue when today is after that and
/// the record is unconfirmed.
pub fn confirmation_overdue(
    recorded_on: Date,
    confirmed: bool,
    today: Date,
    rules: &SupervisionRules,
) -> bool {
    !confirmed && today > add_days(recorded_on, i64::from(rules.confirm_days))
}

/// The next review date of a supervision agreement: its start plus
/// `agreement_review_months` calendar months, clamped to the month's end. Agreements are
/// reviewed "annually" (docs/sources.md#supervision) and "regularly" (PQS statement 6.2,
/// docs/sources.md#supervision-agreement-review).
pub fn agreement_review_due(start: Date, rules: &SupervisionRules) -> Date {
    add_months(start, rules.agreement_review_months)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn rules() -> SupervisionRules {
        SupervisionRules::default()
    }

    fn asye_on(start: Date, day: i64) -> Option<u32> {
        allowed_interval_days("asye", start, start + Duration::days(day), &rules())
    }

    #[test]
    fn asye_phases_follow_lga_standard_5() {
        // 2024-01-01 + 6 months = 2024-07-01, which is day 182 (2024 is a leap year).
        let start = date!(2024 - 01 - 01);
        assert_eq!(asye_on(start, 0), Some(7));
        assert_eq!(asye_on(start, 41), Some(7));
        assert_eq!(asye_on(start, 42), Some(14));
        assert_eq!(asye_on(start, 181), Some(14));
        assert_eq!(asye_on(start, 182), Some(31));
        assert_eq!(asye_on(start, 183), Some(31));
        assert_eq!(asye_on(start, 400), Some(31));
    }

    #[test]
    fn other_stages() {
        let (start, on) = (date!(2026 - 01 - 01), date!(2026 - 01 - 02));
        for stage in ["qualified", "senior", "advanced", "manager"] {
            assert_eq!(allowed_interval_days(stage, start, on, &rules()), Some(31));
        }
        assert_eq!(allowed_interval_days("student", start, on, &rules()), None);
        assert_eq!(allowed_interval_days("nonsense", start, on, &rules()), None);
    }

    #[test]
    fn override_wins_then_stage_then_none() {
        let (start, on) = (date!(2026 - 01 - 01), date!(2026 - 01 - 02));
        let eff = |stage, o| effective_interval_days(stage, start, on, o, &rules());
        assert_eq!(eff("asye", Some(21)), Some(21));
        assert_eq!(eff("student", Some(21)), Some(21));
        assert_eq!(eff("asye", None), Some(7));
        assert_eq!(eff("student", None), None);
    }

    #[test]
    fn add_months_clamps_to_month_end() {
        assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
        assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
        assert_eq!(add_months(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
        assert_eq!(add_months(date!(2026 - 11 - 15), 2), date!(2027 - 01 - 15));
        assert_eq!(add_months(date!(2026 - 03 - 10), 0), date!(2026 - 03 - 10));
        assert_eq!(add_months(date!(2026 - 03 - 10), u32::MAX), Date::MAX);
    }

    #[test]
    fn overdue_is_strictly_after_due() {
        let start = date!(2026 - 01 - 01);
        assert_eq!(next_due(None, start, 31), date!(2026 - 02 - 01));
        assert!(!is_overdue(None, start, 31, start));
        assert!(!is_overdue(None, start, 31, date!(2026 - 02 - 01)));
        assert!(is_overdue(None, start, 31, date!(2026 - 02 - 02)));
        let held = Some(date!(2026 - 01 - 20));
        assert!(!is_overdue(held, start, 31, date!(2026 - 02 - 20)));
        assert!(is_overdue(held, start, 31, date!(2026 - 02 - 21)));
    }

    #[test]
    fn a_session_before_the_expectation_start_does_not_make_a_new_starter_overdue() {
        let start = date!(2026 - 06 - 01);
        assert!(!is_overdue(Some(date!(2025 - 01 - 01)), start, 31, start));
        assert_eq!(
            next_due(Some(date!(2025 - 01 - 01)), start, 31),
            date!(2026 - 07 - 02)
        );
    }

    #[test]
    fn compliance_counts_in_date_days() {
        let start = date!(2026 - 01 - 01);
        let to = date!(2026 - 01 - 20);
        // Due 2026-01-08; in date on 1st..8th (8 days), overdue 9th..20th (12 days).
        assert_eq!(compliance(&[], start, start, to, |_| Some(7)), Some(0.4));
        // Held on the 8th: due 15th; overdue only 16th..20th (5 of 20 days).
        let held = [date!(2026 - 01 - 08)];
        assert_eq!(compliance(&held, start, start, to, |_| Some(7)), Some(0.75));
        // Days before the expectation start are not counted.
        let early = date!(2025 - 12 - 01);
        assert_eq!(compliance(&held, start, early, to, |_| Some(7)), Some(0.75));
    }

    #[test]
    fn compliance_is_none_when_no_day_counts() {
        let start = date!(2026 - 01 - 01);
        let to = date!(2026 - 01 - 31);
        assert_eq!(compliance(&[], start, start, to, |_| None), None);
        assert_eq!(compliance(&[], start, to, start, |_| Some(7)), None);
        assert_eq!(
            compliance(&[], date!(2026 - 02 - 01), start, to, |_| Some(7)),
            None
        );
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let friday = date!(2026 - 01 - 02);
        assert_eq!(add_working_days(friday, 1, &[]), date!(2026 - 01 - 05));
        assert_eq!(add_working_days(friday, 0, &[]), friday);
        assert_eq!(add_working_days(friday, 5, &[]), date!(2026 - 01 - 09));
        let holidays = [date!(2026 - 01 - 05)];
        assert_eq!(
            add_working_days(friday, 1, &holidays),
            date!(2026 - 01 - 06)
        );
        let saturday = date!(2026 - 01 - 03);
        assert_eq!(add_working_days(saturday, 1, &[]), date!(2026 - 01 - 05));
    }

    #[test]
    fn cancellations_must_be_rebooked_within_five_working_days() {
        let r = rules();
        let monday = date!(2026 - 01 - 05);
        let deadline = date!(2026 - 01 - 12);
        let next_day = date!(2026 - 01 - 13);
        assert!(!cancellation_unrebooked(monday, None, deadline, &r, &[]));
        assert!(cancellation_unrebooked(monday, None, next_day, &r, &[]));
        assert!(!cancellation_unrebooked(
            monday,
            Some(deadline),
            next_day,
            &r,
            &[]
        ));
        assert!(cancellation_unrebooked(
            monday,
            Some(next_day),
            next_day,
            &r,
            &[]
        ));
        let holidays = [date!(2026 - 01 - 07)];
        assert!(!cancellation_unrebooked(
            monday, None, next_day, &r, &holidays
        ));
    }

    #[test]
    fn short_sessions_and_confirmation() {
        let r = rules();
        assert!(is_short(89, &r));
        assert!(!is_short(90, &r));
        let recorded = date!(2026 - 01 - 01);
        assert!(!confirmation_overdue(
            recorded,
            false,
            date!(2026 - 01 - 11),
            &r
        ));
        assert!(confirmation_overdue(
            recorded,
            false,
            date!(2026 - 01 - 12),
            &r
        ));
        assert!(!confirmation_overdue(
            recorded,
            true,
            date!(2026 - 03 - 01),
            &r
        ));
    }

    #[test]
    fn agreements_are_reviewed_yearly() {
        let r = rules();
        assert_eq!(
            agreement_review_due(date!(2026 - 03 - 15), &r),
            date!(2027 - 03 - 15)
        );
        assert_eq!(
            agreement_review_due(date!(2024 - 02 - 29), &r),
            date!(2025 - 02 - 28)
        );
    }

    #[test]
    fn rules_deserialize_with_defaults_and_refuse_unknown_fields() {
        let r: SupervisionRules = toml::from_str("minimum_minutes = 60").unwrap();
        assert_eq!(r.minimum_minutes, 60);
        assert_eq!(r.monthly_days, 31);
        assert!(toml::from_str::<SupervisionRules>("minimum_minute = 60").is_err());
    }

    /// Dates from 2015-01-01 to 2034-12-31.
    fn any_date() -> impl Strategy<Value = Date> {
        (2_457_024i32..2_464_328).prop_map(|j| Date::from_julian_day(j).unwrap())
    }

    fn asye_interval(start: Date) -> impl Fn(Date) -> Option<u32> {
        move |d| allowed_interval_days("asye", start, d, &SupervisionRules::default())
    }

    fn ratio(
        held: &[Date],
        start: Date,
        from: Date,
        days: i64,
        asye: bool,
        constant: u32,
    ) -> Option<f64> {
        let to = from + Duration::days(days);
        if asye {
            compliance(held, start, from, to, asye_interval(start))
        } else {
            compliance(held, start, from, to, |_| Some(constant))
        }
    }

    proptest! {
        #[test]
        fn a_recent_session_is_never_overdue(
            today in any_date(),
            start in any_date(),
            interval in 0u32..400,
            back in 0u32..400,
        ) {
            let back = back.min(interval);
            let held = today - Duration::days(i64::from(back));
            prop_assert!(!is_overdue(Some(held), start, interval, today));
        }

        #[test]
        fn adding_a_session_never_lowers_compliance(
            from in any_date(),
            offsets in proptest::collection::vec(-60i64..400, 0..20),
            extra in -60i64..400,
            start_offset in -60i64..200,
            days in 0i64..366,
            asye in any::<bool>(),
            constant in 1u32..60,
        ) {
            // Sessions and the expectation start near the window, so they interact with it.
            let near = |o: i64| from + Duration::days(o);
            let held: Vec<Date> = offsets.iter().copied().map(near).collect();
            let start = near(start_offset);
            let before = ratio(&held, start, from, days, asye, constant);
            let mut more = held.clone();
            more.push(near(extra));
            let after = ratio(&more, start, from, days, asye, constant);
            prop_assert_eq!(before.is_some(), after.is_some());
            if let (Some(b), Some(a)) = (before, after) {
                prop_assert!(a >= b, "before {b}, after {a}");
                prop_assert!((0.0..=1.0).contains(&b) && (0.0..=1.0).contains(&a));
            }
        }

        #[test]
        fn one_walk_gives_the_same_as_each_window_alone(
            to in any_date(),
            offsets in proptest::collection::vec(-500i64..10, 0..20),
            start_offset in -500i64..10,
            backs in proptest::collection::vec(0i64..400, 1..4),
            asye in any::<bool>(),
            constant in 1u32..60,
        ) {
            let near = |o: i64| to + Duration::days(o);
            let held: Vec<Date> = offsets.iter().copied().map(near).collect();
            let start = near(start_offset);
            let froms: Vec<Date> = backs.iter().map(|b| to - Duration::days(*b)).collect();
            let together = if asye {
                compliance_windows(&held, start, &froms, to, asye_interval(start))
            } else {
                compliance_windows(&held, start, &froms, to, |_| Some(constant))
            };
            for (from, got) in froms.iter().zip(together) {
                let alone = if asye {
                    compliance(&held, start, *from, to, asye_interval(start))
                } else {
                    compliance(&held, start, *from, to, |_| Some(constant))
                };
                prop_assert_eq!(got, alone);
            }
        }

        #[test]
        fn daily_sessions_give_full_compliance(
            from in any_date(),
            days in 0i64..366,
            asye in any::<bool>(),
            constant in 0u32..60,
        ) {
            let held: Vec<Date> = (0..=days).map(|i| from + Duration::days(i)).collect();
            let got = ratio(&held, from, from, days, asye, constant);
            prop_assert_eq!(got, Some(1.0));
        }

        #[test]
        fn working_days_land_on_working_days(
            from in any_date(),
            n in 0u32..60,
            holidays in proptest::collection::vec(any_date(), 0..30),
        ) {
            let got = add_working_days(from, n, &holidays);
            if n > 0 {
                prop_assert!(got > from);
                prop_assert!(is_working_day(got, &holidays));
            } else {
                prop_assert_eq!(got, from);
            }
        }

        #[test]
        fn asye_interval_never_shortens(start in any_date(), a in 0i64..800, b in 0i64..800) {
            let (early, late) = (a.min(b), a.max(b));
            prop_assert!(asye_on(start, early) <= asye_on(start, late));
        }

        #[test]
        fn add_months_keeps_the_day_or_clamps(d in any_date(), m in 0u32..240) {
            let got = add_months(d, m);
            let months = |x: Date| x.year() * 12 + i32::from(u8::from(x.month()));
            prop_assert_eq!(months(got) - months(d), m as i32);
            prop_assert!(got.day() == d.day() || got.day() == got.month().length(got.year()));
        }
    }
}
