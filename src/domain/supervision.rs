//! Supervision rules: how often a practitioner must be supervised, when they are overdue,
//! how well an organisation kept to its expectations over a period, and the smaller flags
//! (short sessions, cancellations not rebooked, records not confirmed, agreements due a review).
//!
//! One person's standing today is [`status_of`] (`status.rs`); the smaller flags are
//! [`flags_of`] (`flags.rs`).
//!
//! Everything here is a pure function of dates and the configured [`SupervisionRules`]. The
//! numbers come from the LGA Standards for employers, standard 5 (docs/sources.md#supervision-frequency)
//! where a national rule exists, and from published employer policies (docs/sources.md#supervision)
//! where it does not. The local and inferred ones are configuration, never literals, because
//! employers differ.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month, Weekday};

mod agreement;
mod flags;
mod status;

pub use agreement::{AgreementFields, AgreementInput};
pub use flags::{FlagInput, SupervisionFlags, flags_of};
pub use status::{StatusInput, SupervisionStatus, status_of};

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
mod tests;
