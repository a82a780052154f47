//! Post-qualifying roles: AMHP approval periods and the training hours each approval year
//! needs, re-approval lead times, and the dates that matter for the other roles (BIA
//! refresher, practice educator stage, practice supervisor, Approved Clinician training,
//! forensic social supervisor reports).
//!
//! Sources (docs/sources.md#post-qualifying):
//! - An AMHP is approved for 5 years (Mental Health (Approved Mental Health Professionals)
//!   (Approval) (England) Regulations 2008, SI 2008/1206, reg 4) [MEMORY], so the length is
//!   the `amhp_approval_years` setting, and an entered expiry may be shorter ("up to").
//! - At least 18 hours a year of AMHP-relevant training agreed with the approving council,
//!   in each year of approval [VERIFIED, secondary: CQC AMHP briefing via socitm; reg 7 is
//!   MEMORY]: `amhp_minimum_hours_per_year`.
//! - Local re-approval practice, e.g. Devon: 4 MHA assessments and 30 hours of training a
//!   year [VERIFIED, local, not statutory]: `local_assessments_per_year` and
//!   `local_hours_per_year`, off (0) by default.
//! - Approval ends on removal or suspension from the professional register, a breached
//!   condition, loss of competence, a written request, approval by another council
//!   (regs 5-7 [MEMORY]; the Welsh SI 2008/2436 reg 5 [VERIFIED]): [`EndReason`].
//! - BIAs need further training in the 12 months before selection (SI 2008/1858 reg 5)
//!   [MEMORY]: the refresher interval is the `bia_refresher_months` setting.
//! - Forensic social supervisors of conditionally discharged restricted patients send
//!   regular progress reports to the Ministry of Justice (9.3) [VERIFIED]; the due date of
//!   the next report is kept per person (the interval is not sourced, so it is not a rule).
//!
//! Anniversaries of 29 February fall on 28 February in common years, so every approval year
//! is 365 or 366 days long and no day belongs to two years or none.

use serde::{Deserialize, Serialize};
use time::{Date, Duration, Month};

/// The `[post_qualifying]` configuration section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PostQualifyingRules {
    /// Length of an AMHP approval in years (reg 4, [MEMORY]: 5).
    pub amhp_approval_years: u32,
    /// Statutory minimum of AMHP training hours in each approval year (18, [VERIFIED]).
    pub amhp_minimum_hours_per_year: u32,
    /// Local re-approval policy: training hours a year (e.g. Devon 30). 0: not used.
    pub local_hours_per_year: u32,
    /// Local re-approval policy: Mental Health Act assessments a year (e.g. Devon 4). 0: not used.
    pub local_assessments_per_year: u32,
    /// Re-approval reminders go this many months before the approval ends.
    pub reapproval_reminder_months: Vec<u32>,
    /// A BIA's refresher training is due this many months after the last ([MEMORY]: 12).
    pub bia_refresher_months: u32,
    /// How many AMHPs the organisation needs for its rota. 0: not set.
    pub amhps_required: u32,
    /// AMHPs this age or over are counted for succession planning. No national source
    /// gives an age (docs/sources.md#amhp-succession): 55 is a local planning default.
    pub succession_age: u32,
    /// Forensic social supervisors' MoJ reports show as due this many days ahead.
    pub report_warning_days: u32,
}

impl Default for PostQualifyingRules {
    fn default() -> Self {
        PostQualifyingRules {
            amhp_approval_years: 5,
            amhp_minimum_hours_per_year: 18,
            local_hours_per_year: 0,
            local_assessments_per_year: 0,
            reapproval_reminder_months: vec![6, 3, 1],
            bia_refresher_months: 12,
            amhps_required: 0,
            succession_age: 55,
            report_warning_days: 28,
        }
    }
}

impl PostQualifyingRules {
    /// Hours needed in each approval year: the statutory minimum, or the local rule if higher.
    pub fn hours_needed(&self) -> u32 {
        self.amhp_minimum_hours_per_year
            .max(self.local_hours_per_year)
    }
}

/// `d` moved by `n` years; 29 February becomes 28 February in a common year.
pub fn add_years(d: Date, n: i32) -> Date {
    add_months(d, n.saturating_mul(12))
}

/// `d` moved by `n` months (either way), the day clamped to the end of the month.
pub fn add_months(d: Date, n: i32) -> Date {
    let total = d.year() * 12 + (d.month() as i32 - 1) + n;
    let (year, month0) = (total.div_euclid(12), total.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::January);
    let day = d.day().min(month.length(year));
    Date::from_calendar_date(year, month, day).unwrap_or(if n < 0 { Date::MIN } else { Date::MAX })
}

fn day_before(d: Date) -> Date {
    d.previous_day().unwrap_or(d)
}

/// The last day of an approval starting on `approved_on` and lasting `years` years.
pub fn default_expiry(approved_on: Date, years: u32) -> Date {
    day_before(add_years(approved_on, years as i32))
}

/// One year of an approval, both days inclusive; `index` counts from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApprovalYear {
    pub index: u32,
    pub starts: Date,
    pub ends: Date,
}

/// The years of an approval from `approved_on` to `expires_on` (its last day): whole years
/// from each anniversary, the last cut short by an early expiry.
pub fn approval_years(approved_on: Date, expires_on: Date) -> Vec<ApprovalYear> {
    let mut out = Vec::new();
    let mut k = 0;
    loop {
        let starts = add_years(approved_on, k);
        if starts > expires_on || k > 100 {
            return out;
        }
        let ends = day_before(add_years(approved_on, k + 1)).min(expires_on);
        out.push(ApprovalYear {
            index: k as u32 + 1,
            starts,
            ends,
        });
        k += 1;
    }
}

/// The approval year containing `on`, if `on` is inside the approval.
pub fn year_of(approved_on: Date, expires_on: Date, on: Date) -> Option<ApprovalYear> {
    approval_years(approved_on, expires_on)
        .into_iter()
        .find(|y| y.starts <= on && on <= y.ends)
}

/// Training hours as entered ("3", "1.5", "0.75") in whole minutes. The message names the
/// field, so it is the one shown beside it.
pub fn parse_hours(s: &str) -> Result<u32, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("Enter the hours of training".into());
    }
    let value: f64 = t
        .parse()
        .ok()
        .filter(|v: &f64| v.is_finite())
        .ok_or("Hours must be a number, like 3 or 1.5")?;
    if value <= 0.0 {
        return Err("Hours must be more than 0".into());
    }
    if value > 100.0 {
        return Err("Hours must be 100 or fewer for one entry".into());
    }
    let minutes = (value * 60.0).round() as u32;
    if minutes == 0 {
        return Err("Hours must be at least one minute (0.02)".into());
    }
    Ok(minutes)
}

/// A count of Mental Health Act assessments (1 to 100 in one entry).
pub fn parse_count(s: &str) -> Result<u32, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if (1..=100).contains(&n) => Ok(n as u32),
        Ok(n) if n < 1 => Err("Number of assessments must be at least 1".into()),
        Ok(_) => Err("Number of assessments must be 100 or fewer for one entry".into()),
        Err(_) => Err("Number of assessments must be a whole number, like 2".into()),
    }
}

/// Where one approval year stands against the hours (and local assessments) needed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearProgress {
    pub year: ApprovalYear,
    pub minutes_logged: u32,
    pub minutes_needed: u32,
    /// Minutes still needed (0 when met).
    pub shortfall_minutes: u32,
    pub assessments: u32,
    /// 0 when the local assessment rule is off.
    pub assessments_needed: u32,
    /// The year has ended (its last day is before today).
    pub ended: bool,
    /// The year is the one today falls in.
    pub current: bool,
}

impl YearProgress {
    /// An ended year that did not reach the hours: the condition of approval was not met.
    pub fn missed(&self) -> bool {
        self.ended && self.shortfall_minutes > 0
    }
}

/// Progress in every approval year that has started by `today`. `training` holds (date,
/// minutes) and `assessments` (date, count); entries outside the approval are ignored (the
/// service refuses them on entry).
pub fn progress(
    approved_on: Date,
    expires_on: Date,
    training: &[(Date, u32)],
    assessments: &[(Date, u32)],
    today: Date,
    rules: &PostQualifyingRules,
) -> Vec<YearProgress> {
    let needed = rules.hours_needed() * 60;
    approval_years(approved_on, expires_on)
        .into_iter()
        .filter(|y| y.starts <= today)
        .map(|y| {
            let within = |d: &Date| y.starts <= *d && *d <= y.ends;
            let logged: u32 = training
                .iter()
                .filter(|(d, _)| within(d))
                .map(|(_, m)| *m)
                .sum();
            let count: u32 = assessments
                .iter()
                .filter(|(d, _)| within(d))
                .map(|(_, n)| *n)
                .sum();
            YearProgress {
                year: y,
                minutes_logged: logged,
                minutes_needed: needed,
                shortfall_minutes: needed.saturating_sub(logged),
                assessments: count,
                assessments_needed: rules.local_assessments_per_year,
                ended: y.ends < today,
                current: y.starts <= today && today <= y.ends,
            }
        })
        .collect()
}

/// Why an approval ended (regs 5-7 [MEMORY]; Welsh reg 5 [VERIFIED]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EndReason {
    RemovedFromRegister,
    SuspendedFromRegister,
    NoLongerProfessionalRequirement,
    ConditionNotMet,
    CompetenceConcern,
    WrittenRequest,
    ApprovedByAnotherCouncil,
    CeasedToActForCouncil,
}

impl EndReason {
    pub const ALL: [Self; 8] = [
        Self::RemovedFromRegister,
        Self::SuspendedFromRegister,
        Self::NoLongerProfessionalRequirement,
        Self::ConditionNotMet,
        Self::CompetenceConcern,
        Self::WrittenRequest,
        Self::ApprovedByAnotherCouncil,
        Self::CeasedToActForCouncil,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::RemovedFromRegister => "removed_from_register",
            Self::SuspendedFromRegister => "suspended_from_register",
            Self::NoLongerProfessionalRequirement => "no_longer_professional_requirement",
            Self::ConditionNotMet => "condition_not_met",
            Self::CompetenceConcern => "competence_concern",
            Self::WrittenRequest => "written_request",
            Self::ApprovedByAnotherCouncil => "approved_by_another_council",
            Self::CeasedToActForCouncil => "ceased_to_act_for_council",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::RemovedFromRegister => "Removed from the professional register",
            Self::SuspendedFromRegister => "Suspended from the professional register",
            Self::NoLongerProfessionalRequirement => "No longer meets a professional requirement",
            Self::ConditionNotMet => "A condition of approval was not met",
            Self::CompetenceConcern => "The council is no longer satisfied of competence",
            Self::WrittenRequest => "Asked in writing to end it",
            Self::ApprovedByAnotherCouncil => "Approved by another council",
            Self::CeasedToActForCouncil => "No longer acts for the approving council",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }
}

/// An approval's state on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    NotStarted,
    Active,
    Suspended,
    Expired,
    Ended,
}

impl ApprovalState {
    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Not started yet",
            Self::Active => "Approved",
            Self::Suspended => "Suspended",
            Self::Expired => "Expired",
            Self::Ended => "Ended",
        }
    }
}

/// The state on `on`: ended (from `ended_on`), expired (after `expires_on`), suspended (in a
/// suspension, `None` end meaning open), else active once started.
pub fn state_on(
    approved_on: Date,
    expires_on: Date,
    ended_on: Option<Date>,
    suspensions: &[(Date, Option<Date>)],
    on: Date,
) -> ApprovalState {
    if ended_on.is_some_and(|e| e <= on) {
        ApprovalState::Ended
    } else if on > expires_on {
        ApprovalState::Expired
    } else if on < approved_on {
        ApprovalState::NotStarted
    } else if suspensions
        .iter()
        .any(|(s, e)| *s <= on && e.is_none_or(|e| on <= e))
    {
        ApprovalState::Suspended
    } else {
        ApprovalState::Active
    }
}

/// Which re-approval reminder applies on `today`: the smallest lead (in months) whose
/// moment (`expires_on` minus the lead) has come, while the approval has not yet ended.
pub fn reapproval_stage(expires_on: Date, today: Date, lead_months: &[u32]) -> Option<u32> {
    if today > expires_on {
        return None;
    }
    lead_months
        .iter()
        .copied()
        .filter(|m| add_months(expires_on, -(*m as i32)) <= today)
        .min()
}

/// A calendar quarter, for grouping expiries: (year, 1..=4).
pub fn quarter_of(d: Date) -> (i32, u8) {
    (d.year(), (d.month() as u8 - 1) / 3 + 1)
}

/// "January to March 2027".
pub fn quarter_label((year, q): (i32, u8)) -> String {
    let names = [
        "January to March",
        "April to June",
        "July to September",
        "October to December",
    ];
    format!("{} {year}", names[usize::from(q.clamp(1, 4) - 1)])
}

/// A quarter as a page's parameter names it: `2027-q1`.
pub fn quarter_code((year, q): (i32, u8)) -> String {
    format!("{year}-q{}", q.clamp(1, 4))
}

/// A quarter from its code (`2027-q1`, any case); anything else is refused in words.
pub fn parse_quarter(code: &str) -> Result<(i32, u8), String> {
    let bad = || "The quarter must be a year and quarter like 2027-q1".to_string();
    let lower = code.trim().to_ascii_lowercase();
    let (year, q) = lower.split_once("-q").ok_or_else(bad)?;
    let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
    if !digits(year, 4) || !digits(q, 1) {
        return Err(bad());
    }
    match (year.parse::<i32>(), q.parse::<u8>()) {
        (Ok(year), Ok(q)) if (1..=4).contains(&q) => Ok((year, q)),
        _ => Err(bad()),
    }
}

/// Age in whole years on `on`.
pub fn age_on(born: Date, on: Date) -> i32 {
    let mut age = on.year() - born.year();
    if (on.month() as u8, on.day()) < (born.month() as u8, born.day()) {
        age -= 1;
    }
    age
}

/// Whether someone is at or over `age`: from the date of birth when known, else from an
/// age band (`domain::age_band`, retired ten-year bands too) only when the whole band is.
pub fn at_or_over(born: Option<Date>, age_band: Option<&str>, age: u32, on: Date) -> bool {
    match (born, age_band) {
        (Some(b), _) => age_on(b, on) >= age as i32,
        (None, Some(band)) => super::age_band::bounds(band).is_some_and(|(lower, _)| lower >= age),
        (None, None) => false,
    }
}

/// The post-qualifying roles besides AMHP that are recorded here.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PqRole {
    /// Interested in or training for AMHP approval: the succession pipeline
    /// (consideration 7: "succession planning shows trainee AMHPs coming through").
    AmhpTraining,
    /// Interested in or training as a best interests assessor.
    BiaTraining,
    Bia,
    PracticeEducator,
    PracticeSupervisor,
    ApprovedClinician,
    ForensicSocialSupervisor,
}

impl PqRole {
    pub const ALL: [Self; 7] = [
        Self::AmhpTraining,
        Self::BiaTraining,
        Self::Bia,
        Self::PracticeEducator,
        Self::PracticeSupervisor,
        Self::ApprovedClinician,
        Self::ForensicSocialSupervisor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::AmhpTraining => "amhp_training",
            Self::BiaTraining => "bia_training",
            Self::Bia => "bia",
            Self::PracticeEducator => "practice_educator",
            Self::PracticeSupervisor => "practice_supervisor",
            Self::ApprovedClinician => "approved_clinician",
            Self::ForensicSocialSupervisor => "forensic_social_supervisor",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::AmhpTraining => "AMHP training (the pipeline of future AMHPs)",
            Self::BiaTraining => "BIA training (the pipeline of future BIAs)",
            Self::Bia => "Best interests assessor (BIA)",
            Self::PracticeEducator => "Practice educator",
            Self::PracticeSupervisor => "Practice supervisor",
            Self::ApprovedClinician => "Approved Clinician or Responsible Clinician training",
            Self::ForensicSocialSupervisor => "Forensic social supervisor (restricted patients)",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.code() == code.trim())
    }

    /// The stages a role records (code, label); empty when it has none. Practice educators
    /// by PEPS stage; Approved Clinician by where the person is on the route.
    pub fn stages(self) -> &'static [(&'static str, &'static str)] {
        match self {
            Self::PracticeEducator => &[("peps_1", "PEPS stage 1"), ("peps_2", "PEPS stage 2")],
            Self::AmhpTraining | Self::BiaTraining => {
                &[("interested", "Interested"), ("in_training", "In training")]
            }
            Self::ApprovedClinician => &[
                ("interested", "Interested"),
                ("in_training", "In training"),
                ("approved", "Approved"),
            ],
            _ => &[],
        }
    }
}

/// When a BIA's refresher training is next due: `bia_refresher_months` after the last
/// training, or after qualifying when none is recorded.
pub fn bia_refresher_due(
    qualified_on: Option<Date>,
    last_training_on: Option<Date>,
    rules: &PostQualifyingRules,
) -> Option<Date> {
    last_training_on
        .or(qualified_on)
        .map(|d| add_months(d, rules.bia_refresher_months as i32))
}

/// Whether a dated item is due: on or before `today` plus `ahead_days`.
pub fn due_within(due: Date, today: Date, ahead_days: u32) -> bool {
    due <= today + Duration::days(i64::from(ahead_days))
}

mod input;
pub use input::{ApprovalInput, ApprovalWrite, RoleInput, RoleRecord, optional_date};

#[cfg(test)]
mod tests;
