//! The supervision measures of the governance report (HEE guidance, consideration 2: report
//! supervision into governance as is done for nurses and allied health professionals), over
//! any date range:
//!
//! - each person measured once ([`measure`]): their share of days in date over the range
//!   and where they stand on its last day, by the same rules as the dashboard
//!   (`supervision::status_of`, `supervision::compliance`);
//! - a group's compliance ([`group_row`], [`grouped`]): the mean share over the people with
//!   an expectation in the range, so a group of students without agreed intervals does not
//!   pull it down, and how many are overdue on the last day;
//! - the 12-month trend ([`trend_with`]): the share of people in date on the last day of each
//!   of the 12 months ending with the range, the last point being the range's last day
//!   ([`trend_days`]), so the trend ends where the tables do;
//! - capacity: supervision hours per month over the range ([`hours_per_month`]) and teams
//!   with newly qualified social workers and nobody senior ([`lacks_senior`]).
//!
//! Pure functions of dates and the configured [`SupervisionRules`]; the service reads the
//! people and their sessions and feeds them in.

use crate::domain::supervision::{self as rules, StatusInput, SupervisionRules, status_of};
use crate::domain::supervision_standing::SupervisionStanding;
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// One person measured over the range. `P` is whoever the caller measures (the report's row
/// for the person): it is carried, never read.
#[derive(Debug, Clone)]
pub struct Measured<P> {
    pub person: P,
    career_stage: String,
    /// Held sessions on or before the range's last day, in order.
    held: Vec<Date>,
    expectation_start: Date,
    start_date: Date,
    interval_override: Option<u32>,
    /// Share of days in the range on which they were in date, when an expectation applied.
    pub compliance: Option<f64>,
    /// Where they stand on the range's last day (`overdue`: the `Overdue` standing).
    pub overdue: bool,
    pub standing: SupervisionStanding,
    pub last_held: Option<Date>,
    pub next_due: Option<String>,
}

/// Measures one person over `[from, to]`: `None` when they started after the range (they
/// are not part of it). Sessions after `to` are left out, so the report is what was known
/// on its last day. `input.unconfirmed` is not used.
pub fn measure<P>(
    person: P,
    input: &StatusInput,
    from: Date,
    to: Date,
    r: &SupervisionRules,
) -> Option<Measured<P>> {
    if input.start_date > to {
        return None;
    }
    let mut held: Vec<Date> = input.held.iter().copied().filter(|d| *d <= to).collect();
    held.sort_unstable();
    let status = status_of(
        &StatusInput {
            held: &held,
            unconfirmed: 0,
            ..*input
        },
        to,
        r,
    );
    let expectation_start = input.agreement_starts_on.unwrap_or(input.start_date);
    let compliance = rules::compliance(&held, expectation_start, from, to, |on| {
        rules::effective_interval_days(
            input.career_stage,
            input.start_date,
            on,
            input.interval_override,
            r,
        )
    });
    Some(Measured {
        person,
        career_stage: input.career_stage.to_string(),
        last_held: held.last().copied(),
        held,
        expectation_start,
        start_date: input.start_date,
        interval_override: input.interval_override,
        compliance,
        overdue: status.overdue,
        standing: status.standing,
        next_due: status.next_due,
    })
}

/// Compliance of a group of people over the range.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ComplianceRow {
    pub label: String,
    pub people: usize,
    /// Overdue on the last day of the range.
    pub overdue: usize,
    /// Mean share of days in the range on which supervision was in date (0 to 1), over
    /// people with an expectation in the range.
    pub compliance: Option<f64>,
}

/// One group's row: its people, those overdue on the last day, and the mean compliance
/// over those with an expectation (none when nobody had one).
pub fn group_row<P>(label: String, group: &[&Measured<P>]) -> ComplianceRow {
    let with: Vec<f64> = group.iter().filter_map(|m| m.compliance).collect();
    ComplianceRow {
        label,
        people: group.len(),
        overdue: group.iter().filter(|m| m.overdue).count(),
        compliance: (!with.is_empty()).then(|| with.iter().sum::<f64>() / with.len() as f64),
    }
}

/// One row per value of `key` (a team, an employer, a career stage), in the key's order.
pub fn grouped<P>(
    measured: &[Measured<P>],
    key: impl Fn(&Measured<P>) -> String,
) -> Vec<ComplianceRow> {
    let mut groups: BTreeMap<String, Vec<&Measured<P>>> = BTreeMap::new();
    for m in measured {
        groups.entry(key(m)).or_default().push(m);
    }
    groups
        .into_iter()
        .map(|(label, g)| group_row(label, &g))
        .collect()
}

/// One month of the trend: the share of people in date on its last day (or the range's).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TrendPoint {
    pub on: String,
    pub people: usize,
    pub in_date: usize,
    pub share: Option<f64>,
}

/// The last day of each of the 12 months ending with `to`'s month; the final point is `to`
/// itself, so the trend ends on the report's last day.
pub fn trend_days(to: Date) -> Vec<Date> {
    (0..12u32)
        .rev()
        .map(|back| {
            if back == 0 {
                return to;
            }
            let month = rules::add_months_back(to, back);
            let next = rules::add_months(
                Date::from_calendar_date(month.year(), month.month(), 1).unwrap_or(month),
                1,
            );
            next.previous_day().unwrap_or(month)
        })
        .collect()
}

/// Whether one person was in date on `on`: `None` when no expectation applied (not yet
/// started, or no interval for their stage).
pub fn in_date_on<P>(m: &Measured<P>, on: Date, r: &SupervisionRules) -> Option<bool> {
    if on < m.start_date {
        return None;
    }
    let interval =
        rules::effective_interval_days(&m.career_stage, m.start_date, on, m.interval_override, r)?;
    let last = m.held.iter().rev().find(|d| **d <= on).copied();
    Some(!rules::is_overdue(last, m.expectation_start, interval, on))
}

/// The share of people in date on each of the trend's days.
pub fn trend_with<P>(measured: &[Measured<P>], to: Date, r: &SupervisionRules) -> Vec<TrendPoint> {
    trend_days(to)
        .into_iter()
        .map(|on| {
            let states: Vec<bool> = measured
                .iter()
                .filter_map(|m| in_date_on(m, on, r))
                .collect();
            let in_date = states.iter().filter(|s| **s).count();
            TrendPoint {
                on: on.to_string(),
                people: states.len(),
                in_date,
                share: (!states.is_empty()).then(|| in_date as f64 / states.len() as f64),
            }
        })
        .collect()
}

/// Hours of supervision held per month over `[from, to]`, to one decimal place: the
/// minutes held over the range's length in average months (30.44 days), never fewer than one
/// month, so a short range does not inflate the rate.
pub fn hours_per_month(minutes: i64, from: Date, to: Date) -> f64 {
    let months = ((to - from).whole_days() as f64 / 30.44).max(1.0);
    (minutes as f64 / 60.0 / months * 10.0).round() / 10.0
}

/// A team with newly qualified social workers (ASYE) and nobody senior (a senior social
/// worker, advanced practitioner or consultant) to support them.
pub fn lacks_senior(asye: i64, senior: i64) -> bool {
    asye > 0 && senior == 0
}

#[cfg(test)]
mod tests;
