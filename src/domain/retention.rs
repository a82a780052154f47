//! How long mhsw keeps a leaver's records and the audit trail, and what is due when
//! (docs/sources.md#retention). Run by `mhsw retention run` (`service::data_protection::
//! retention`); nothing here reads the database.
//!
//! Two stages for a leaver, after the staff record's retention in the NHS Records
//! Management Code of Practice (MEMORY: the schedule keeps a staff record for 6 years after
//! leaving and a summary until the person's 75th birthday; check it against your own
//! records management policy, and set these to match it):
//! 1. `leaver_detail_years` after the leaving day, the detail goes: supervision, CPD,
//!    conversations, ASYE, AMHP and other post-qualifying records, appraisals, absence,
//!    feedback cards, registration history and skills; ethnic group, sex and disability
//!    are cleared. A summary stays: name, employment dates and posts, date of birth.
//! 2. At the summary's end (the 75th birthday, or `summary_years_without_birth_date`
//!    after leaving when the date of birth is not held, and never before stage 1) the
//!    summary is anonymised: the record keeps its dates, employer, team and post, which
//!    the workforce figures count, and names nobody.
//!
//! Anonymous feedback answers, survey tallies, exit questionnaire answers and pulse
//! scores are never touched: they name no one once the record they point to is anonymous.

use serde::{Deserialize, Serialize};
use time::{Date, Month};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct RetentionRules {
    /// Years after the leaving day the detailed records are kept (MEMORY: 6, the NHS
    /// Records Management Code of Practice's staff record).
    pub leaver_detail_years: u16,
    /// The age at which a leaver's summary is anonymised (MEMORY: 75, the same code).
    pub summary_until_age: u16,
    /// Years after leaving a summary is kept when no date of birth is held (NOT FOUND: our
    /// default of 50 is the longest the age rule could need for anyone who left at 25).
    pub summary_years_without_birth_date: u16,
    /// Years an audit entry is kept (NOT FOUND for system audit trails: 6 keeps the trail
    /// about a leaver's records as long as the records).
    pub audit_years: u16,
}

impl Default for RetentionRules {
    fn default() -> Self {
        RetentionRules {
            leaver_detail_years: 6,
            summary_until_age: 75,
            summary_years_without_birth_date: 50,
            audit_years: 6,
        }
    }
}

/// The same day `years` later; 29 February becomes 28 February in a common year.
pub fn years_after(day: Date, years: u16) -> Date {
    let year = day.year() + i32::from(years);
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(Date::MAX)
}

/// The same day `years` earlier (29 February becomes 28 February).
pub fn years_before(day: Date, years: u16) -> Date {
    let year = day.year() - i32::from(years);
    Date::from_calendar_date(year, day.month(), day.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(Date::MIN)
}

/// What is due for one leaver on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum LeaverStage {
    /// Everything is kept.
    Keep,
    /// The detail goes; the summary stays.
    DeleteDetail,
    /// The detail goes (if any is left) and the summary is anonymised.
    Anonymise,
}

/// The day the detail is due to go.
pub fn detail_due(left_on: Date, rules: &RetentionRules) -> Date {
    years_after(left_on, rules.leaver_detail_years)
}

/// The day the summary is due to be anonymised: never before the detail goes.
pub fn summary_due(left_on: Date, born_on: Option<Date>, rules: &RetentionRules) -> Date {
    let end = match born_on {
        Some(born) => years_after(born, rules.summary_until_age),
        None => years_after(left_on, rules.summary_years_without_birth_date),
    };
    end.max(detail_due(left_on, rules))
}

/// What is due for a leaver on `today`.
pub fn leaver_stage(
    left_on: Date,
    born_on: Option<Date>,
    today: Date,
    rules: &RetentionRules,
) -> LeaverStage {
    if today >= summary_due(left_on, born_on, rules) {
        LeaverStage::Anonymise
    } else if today >= detail_due(left_on, rules) {
        LeaverStage::DeleteDetail
    } else {
        LeaverStage::Keep
    }
}

/// Audit entries made before this day are due to go.
pub fn audit_kept_from(today: Date, rules: &RetentionRules) -> Date {
    years_before(today, rules.audit_years)
}

/// A leaving day no earlier than any whose detail is due on `today`, for a query to narrow
/// by before `leaver_stage` decides (a day after the exact year, for 29 February).
pub fn detail_left_by(today: Date, rules: &RetentionRules) -> Date {
    let day = years_before(today, rules.leaver_detail_years);
    day.next_day().unwrap_or(day)
}

#[cfg(test)]
mod tests;
