//! Starters, leavers and turnover over the 12 months to a day.
//!
//! Turnover is leavers over the period divided by the headcount, by default the average
//! of the headcounts at the start and the end of the period (NHS workforce statistics
//! publish leaver rates against staff in post; which headcount is configuration,
//! `[workforce] turnover_denominator`, docs/sources.md#workforce-intelligence).

use super::Person;
use serde::{Deserialize, Serialize};
use time::Date;

/// What turnover divides leavers by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Denominator {
    /// The average of the headcounts at the start and the end of the period.
    Average,
    /// The headcount at the start of the period.
    Start,
}

/// Who came and went in the 12 months to `to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Movement {
    /// The day before the period (its headcount is the start's).
    pub from: Date,
    pub to: Date,
    /// Started after `from`, by `to`.
    pub starters: u64,
    /// Left after `from`, by `to` (their first day out of post falls in the period).
    pub leavers: u64,
    pub headcount_start: u64,
    pub headcount_end: u64,
}

/// The same day a year earlier (29 February gives 28 February).
pub fn year_before(day: Date) -> Date {
    let year = day.year() - 1;
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, day.month(), day.day() - 1))
        .expect("the day before 29 February exists")
}

impl Movement {
    pub fn over_year(people: &[Person], to: Date) -> Self {
        let from = year_before(to);
        let within = |d: Date| from < d && d <= to;
        Movement {
            from,
            to,
            starters: people.iter().filter(|p| within(p.start_date)).count() as u64,
            leavers: people
                .iter()
                .filter(|p| p.end_date.is_some_and(within))
                .count() as u64,
            headcount_start: people.iter().filter(|p| p.in_post_on(from)).count() as u64,
            headcount_end: people.iter().filter(|p| p.in_post_on(to)).count() as u64,
        }
    }

    /// Leavers as a percentage of the headcount, to one decimal place; none with nobody
    /// to divide by.
    pub fn turnover_percent(self, by: Denominator) -> Option<f64> {
        let base = match by {
            Denominator::Average => (self.headcount_start + self.headcount_end) as f64 / 2.0,
            Denominator::Start => self.headcount_start as f64,
        };
        (base > 0.0).then(|| (self.leavers as f64 / base * 1000.0).round() / 10.0)
    }
}
