//! Continuing professional development (CPD) for Social Work England renewal: which records
//! count for which registration year, when a year's CPD is ready, and what a record must
//! hold before it can be submitted.
//!
//! Sources (docs/sources.md#cpd): at least 2 different pieces of CPD each registration year,
//! at least one with a peer reflection, from the 2021-22 registration year (renewal in
//! 2022); before that 1 piece and no peer reflection [VERIFIED]. CPD is dated within the
//! registration year and only submitted CPD counts, not drafts; for 2019-20 the dates ran
//! from 2 December 2019 (when SWE's register opened) to 30 November 2020 [VERIFIED]. SWE
//! checks that the two records are not identical [VERIFIED]. The minimums are settings
//! (`[cpd]`) because SWE plans to consult on its CPD model in 2026-27.

use super::registration::{RegistrationYear, registration_year};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::macros::date;
use time::{Date, Month};

/// How much CPD a registration year needs (from 2021-22 on; earlier years are fixed by
/// `requirement_for`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct CpdRules {
    /// Different submitted records needed in the year (SWE: 2).
    pub min_records: u32,
    /// Of those, how many need a peer reflection (SWE: 1).
    pub min_peer_reflections: u32,
}

impl Default for CpdRules {
    fn default() -> Self {
        CpdRules {
            min_records: 2,
            min_peer_reflections: 1,
        }
    }
}

/// The first day SWE's register held social workers: CPD cannot be dated earlier.
pub const REGISTER_OPENED: Date = date!(2019 - 12 - 02);

/// Whether a record counts yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CpdStatus {
    Draft,
    Submitted,
}

impl CpdStatus {
    pub fn code(self) -> &'static str {
        match self {
            CpdStatus::Draft => "draft",
            CpdStatus::Submitted => "submitted",
        }
    }

    pub fn parse(code: &str) -> Option<CpdStatus> {
        match code {
            "draft" => Some(CpdStatus::Draft),
            "submitted" => Some(CpdStatus::Submitted),
            _ => None,
        }
    }
}

/// The minimums that apply to one registration year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Requirement {
    pub records: u32,
    pub peer_reflections: u32,
}

/// Registration years ending on or before 30 November 2021 needed one piece and no peer
/// reflection; later years need the configured minimums (docs/sources.md#cpd).
pub fn requirement_for(year: &RegistrationYear, rules: &CpdRules) -> Requirement {
    if year.ends.year() <= 2021 {
        Requirement {
            records: 1,
            peer_reflections: 0,
        }
    } else {
        Requirement {
            records: rules.min_records,
            peer_reflections: rules.min_peer_reflections,
        }
    }
}

/// The registration year whose end falls in `ends_in` (a year ending 30 November).
pub fn year_ending_in(ends_in: i32) -> RegistrationYear {
    registration_year(Date::from_calendar_date(ends_in, Month::November, 30).unwrap_or(Date::MAX))
}

/// The dates a record may carry to count for `year`: the registration year itself, but not
/// before the register opened on 2 December 2019.
pub fn counting_window(year: &RegistrationYear) -> (Date, Date) {
    (year.starts.max(REGISTER_OPENED), year.ends)
}

/// Whether a record dated `on` counts for `year`.
pub fn counts_for(on: Date, year: &RegistrationYear) -> bool {
    let (from, to) = counting_window(year);
    from <= on && on <= to
}

/// What readiness needs to know of one record: never its content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordFacts {
    pub status: CpdStatus,
    pub activity_on: Date,
    pub has_peer_reflection: bool,
    /// `content_key` of the record, so identical records count once.
    pub content_key: String,
}

/// A fingerprint of what a record says (description, learning and impact, ignoring case and
/// spacing): two records with the same key are the same piece of CPD to SWE's check.
pub fn content_key(description: &str, learning: &str, impact: &str) -> String {
    let mut h = Sha256::new();
    for part in [description, learning, impact] {
        let normal = part
            .split_whitespace()
            .map(str::to_lowercase)
            .collect::<Vec<_>>()
            .join(" ");
        h.update(normal.as_bytes());
        h.update([0u8]);
    }
    h.finalize()
        .iter()
        .take(16)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// CPD a practitioner says they hold in their Social Work England account for one
/// registration year, not kept in mhsw (many social workers record CPD there;
/// docs/sources.md#cpd-declared). It counts towards readiness and is always shown as declared, not
/// evidenced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Declaration {
    /// Different pieces of CPD held elsewhere.
    pub records: u32,
    /// Whether one of them has a peer reflection.
    pub peer_reflection: bool,
}

/// Most pieces a declaration may claim (a typo guard, not a rule of the regulator's).
pub const MAX_DECLARED: u32 = 50;

impl Declaration {
    /// Reads a declaration as a form or the API sends it. A peer reflection needs at least
    /// one record to sit on.
    pub fn parse(
        records: &str,
        peer_reflection: &str,
    ) -> Result<Declaration, Vec<(&'static str, String)>> {
        let mut p = Vec::new();
        let n = match records.trim() {
            "" => Some(0),
            t => t.parse::<u32>().ok().filter(|n| *n <= MAX_DECLARED),
        };
        if n.is_none() {
            p.push((
                "records",
                format!("Enter how many records, a whole number from 0 to {MAX_DECLARED}"),
            ));
        }
        let peer = super::input::answer_yes(peer_reflection).unwrap_or_else(|| {
            p.push(("peer_reflection", "Select yes or no".to_string()));
            false
        });
        if peer && n == Some(0) {
            p.push((
                "records",
                "Enter how many records: a peer reflection belongs to one".to_string(),
            ));
        }
        match n {
            Some(records) if p.is_empty() => Ok(Declaration {
                records,
                peer_reflection: peer,
            }),
            _ => Err(p),
        }
    }
}

/// A registration year's CPD against the requirement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Readiness {
    pub year_starts: String,
    pub year_ends: String,
    /// Submitted records dated in the year.
    pub submitted: u32,
    /// Submitted records that differ from each other.
    pub different: u32,
    /// Different submitted records with a peer reflection.
    pub with_peer_reflection: u32,
    /// Drafts dated in the year (they do not count until submitted).
    pub drafts: u32,
    pub required: Requirement,
    pub ready: bool,
    /// What is still needed, in words, empty when ready.
    pub missing: Vec<String>,
    /// CPD declared as held in the regulator's account, counted towards `ready`.
    pub declared: Declaration,
    /// Whether the records kept in mhsw alone meet the requirement.
    pub evidenced: bool,
}

fn plural(n: u32, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Readiness of `year` from the person's records (any years: those outside are ignored)
/// and what they declare as held in their Social Work England account for that year.
pub fn readiness(
    records: &[RecordFacts],
    declared: Declaration,
    year: &RegistrationYear,
    rules: &CpdRules,
) -> Readiness {
    let required = requirement_for(year, rules);
    let in_year: Vec<&RecordFacts> = records
        .iter()
        .filter(|r| counts_for(r.activity_on, year))
        .collect();
    let submitted: Vec<&&RecordFacts> = in_year
        .iter()
        .filter(|r| r.status == CpdStatus::Submitted)
        .collect();
    // One entry per different content; a peer reflection on any copy counts for it.
    let mut different: Vec<(&str, bool)> = Vec::new();
    for r in &submitted {
        match different.iter_mut().find(|(k, _)| *k == r.content_key) {
            Some(entry) => entry.1 |= r.has_peer_reflection,
            None => different.push((&r.content_key, r.has_peer_reflection)),
        }
    }
    let evidenced_different = different.len() as u32;
    let evidenced_peer = different.iter().filter(|(_, p)| *p).count() as u32;
    let evidenced =
        evidenced_different >= required.records && evidenced_peer >= required.peer_reflections;
    let n_different = evidenced_different + declared.records;
    let n_peer = evidenced_peer + u32::from(declared.peer_reflection);
    let mut missing = Vec::new();
    if n_different < required.records {
        let short = required.records - n_different;
        missing.push(format!(
            "Submit {short} more different CPD {}",
            if short == 1 { "record" } else { "records" }
        ));
    }
    if n_peer < required.peer_reflections {
        missing.push(format!(
            "Add a peer reflection to {}",
            plural(
                required.peer_reflections - n_peer,
                "submitted record",
                "submitted records"
            )
        ));
    }
    Readiness {
        year_starts: counting_window(year).0.to_string(),
        year_ends: year.ends.to_string(),
        submitted: submitted.len() as u32,
        different: evidenced_different,
        with_peer_reflection: evidenced_peer,
        drafts: in_year.len() as u32 - submitted.len() as u32,
        required,
        ready: missing.is_empty(),
        missing,
        declared,
        evidenced,
    }
}

/// Longest text a free-text field keeps (SWE's own limits are NOT FOUND; this only stops
/// runaway input).
pub const MAX_TEXT: usize = 5000;

/// Checks a record's date against the registration year it is filed under and today:
/// not in the future, not before the register opened, inside the year when one is given.
pub fn check_date(on: Date, year: Option<&RegistrationYear>, today: Date) -> Result<(), String> {
    if on > today {
        return Err("The date of the activity must be today or in the past".into());
    }
    if on < REGISTER_OPENED {
        return Err(
            "The date must be on or after 2 December 2019, when Social Work England's register opened"
                .into(),
        );
    }
    if let Some(y) = year
        && !counts_for(on, y)
    {
        let (from, to) = counting_window(y);
        return Err(format!(
            "The date must be in the {} to {} registration year ({} to {})",
            y.starts.year(),
            y.ends.year(),
            long_date(from),
            long_date(to)
        ));
    }
    Ok(())
}

/// "1 December 2026".
pub fn long_date(d: Date) -> String {
    format!("{} {} {}", d.day(), d.month(), d.year())
}

mod input;
pub use input::{CpdInput, CpdWrite, parse_year};

#[cfg(test)]
mod tests;
