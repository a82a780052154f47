//! Sickness absence (docs/sources.md#sickness-absence): episodes the HR lead records or
//! imports per person, and what anyone sees of them, which is only aggregates.
//!
//! The rate is full-time-equivalent days lost over full-time-equivalent days available,
//! both in calendar days, as NHS Digital's sickness absence statistics count them (MEMORY:
//! check the method's page). The reason categories are configuration (`[absence]
//! reasons`), shipped as the ESR reasons most often reported (MEMORY).

use super::dates;
use super::disclosure::{DisclosurePolicy, Shown, TotalShown};
use super::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};
use time::Date;

/// One reason category: its code (the CSV's) and label.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReasonCategory {
    pub code: String,
    pub label: String,
}

/// The `[absence]` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AbsenceRules {
    pub reasons: Vec<ReasonCategory>,
}

impl Default for AbsenceRules {
    fn default() -> Self {
        let r = |code: &str, label: &str| ReasonCategory {
            code: code.into(),
            label: label.into(),
        };
        AbsenceRules {
            reasons: vec![
                r(
                    "S10",
                    "Anxiety, stress, depression or other psychiatric illness",
                ),
                r("S11", "Back problems"),
                r("S12", "Other musculoskeletal problems"),
                r("S13", "Cold, cough, flu or influenza"),
                r("S15", "Chest and respiratory problems"),
                r("S17", "Benign and malignant tumours, cancers"),
                r("S25", "Gastrointestinal problems"),
                r("S27", "Infectious diseases"),
                r("S28", "Injury or fracture"),
                r("S98", "Other known causes"),
                r("S99", "Unknown causes or not specified"),
            ],
        }
    }
}

impl AbsenceRules {
    fn code_of(&self, code: &str) -> Option<String> {
        self.reasons
            .iter()
            .find(|r| r.code.eq_ignore_ascii_case(code.trim()))
            .map(|r| r.code.clone())
    }
}

/// One episode as typed in the form or a CSV row.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = AbsenceEpisodeInput)]
pub struct EpisodeInput {
    /// The person's work email, as on their record.
    pub work_email: String,
    /// YYYY-MM-DD.
    pub first_day: String,
    /// YYYY-MM-DD; empty while they are still absent.
    pub last_day: String,
    /// A reason category's code (`[absence] reasons`).
    pub reason: String,
}

/// An episode that may be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Episode {
    pub work_email: String,
    pub first_day: Date,
    pub last_day: Option<Date>,
    pub reason: String,
}

impl EpisodeInput {
    pub fn parse(&self, rules: &AbsenceRules, today: Date) -> Result<Episode, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = self.work_email.trim().to_lowercase();
        if email.is_empty() || !email.contains('@') {
            e.add(
                "work_email",
                "Enter the person's work email, as on their record",
            );
        }
        let first = match dates::parse("First day of absence", &self.first_day) {
            Ok(d) if d > today => {
                e.add(
                    "first_day",
                    "First day of absence must be today or in the past",
                );
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                e.add("first_day", m);
                None
            }
        };
        let last = if self.last_day.trim().is_empty() {
            None
        } else {
            match dates::parse("Last day of absence", &self.last_day) {
                Ok(d) if first.is_some_and(|f| d < f) => {
                    e.add(
                        "last_day",
                        "Last day of absence must be on or after the first day",
                    );
                    None
                }
                Ok(d) => Some(d),
                Err(m) => {
                    e.add("last_day", m);
                    None
                }
            }
        };
        let reason = rules.code_of(&self.reason);
        if reason.is_none() {
            e.add("reason", "Select the reason category from the list");
        }
        match (first, reason) {
            (Some(first_day), Some(reason)) if e.is_empty() => Ok(Episode {
                work_email: email,
                first_day,
                last_day: last,
                reason,
            }),
            _ => Err(e),
        }
    }
}

/// The CSV's headings, in order.
pub const HEADINGS: [&str; 4] = ["work_email", "first_day", "last_day", "reason"];

/// Reads a CSV of episodes: every problem named by row and column, nothing returned
/// unless every row is good.
pub fn parse_csv(
    text: &str,
    rules: &AbsenceRules,
    today: Date,
) -> Result<Vec<(usize, Episode)>, FieldErrors> {
    let (rows, errors) = read_csv(text, rules, today)?;
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// The good rows and the problems of the others (so that a caller checking the good rows
/// further can name every problem at once); `Err` when the file as a whole is wrong.
pub fn read_csv(
    text: &str,
    rules: &AbsenceRules,
    today: Date,
) -> Result<(Vec<(usize, Episode)>, FieldErrors), FieldErrors> {
    let bad = |m: String| FieldErrors::single("file", m);
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| bad(format!("The file could not be read as CSV: {e}")))?
        .iter()
        .map(|h| h.to_lowercase())
        .collect();
    if headers != HEADINGS {
        return Err(bad(format!(
            "The headings must be {}, in that order; the file has {}",
            HEADINGS.join(", "),
            headers.join(", ")
        )));
    }
    let mut errors = FieldErrors::default();
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let Ok(record) = record else {
            errors.add("file", format!("Row {row}: could not be read as CSV"));
            continue;
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        if record.len() != HEADINGS.len() {
            errors.add(
                "file",
                format!(
                    "Row {row}: has {} fields but the headings have 4",
                    record.len()
                ),
            );
            continue;
        }
        let input = EpisodeInput {
            work_email: record[0].to_string(),
            first_day: record[1].to_string(),
            last_day: record[2].to_string(),
            reason: record[3].to_string(),
        };
        match input.parse(rules, today) {
            Ok(ep) => rows.push((row, ep)),
            Err(e) => {
                for f in e.0 {
                    errors.add(
                        "file",
                        format!("Row {row}, column {}: {}", f.field, f.message),
                    );
                }
            }
        }
    }
    if rows.is_empty() && errors.is_empty() {
        return Err(bad("The file has no rows under its headings".into()));
    }
    Ok((rows, errors))
}

/// Whether two episodes share a day (an open one runs on for ever).
pub fn overlap(a: (Date, Option<Date>), b: (Date, Option<Date>)) -> bool {
    let ends_before =
        |x: (Date, Option<Date>), y: (Date, Option<Date>)| x.1.is_some_and(|e| e < y.0);
    !ends_before(a, b) && !ends_before(b, a)
}

/// A person as the figures count them: in post from `start` to `end`, at `wte`, with
/// their episodes (first day, last day or none while absent, reason code).
#[derive(Debug, Clone)]
pub struct Person {
    pub wte: f64,
    pub start: Date,
    pub end: Option<Date>,
    pub team: String,
    pub episodes: Vec<(Date, Option<Date>, String)>,
}

/// Days of `[a, b]` inside `[from, to]`.
fn days_within(a: Date, b: Date, from: Date, to: Date) -> i64 {
    let (s, e) = (a.max(from), b.min(to));
    if e < s { 0 } else { (e - s).whole_days() + 1 }
}

impl Person {
    /// (FTE days available, FTE days lost) from `from` to `to`. A day in
    /// two episodes is lost once (the service refuses overlaps; the figures do not rely
    /// on it).
    fn days(&self, from: Date, to: Date) -> (f64, f64) {
        let end = self.end.unwrap_or(to);
        let available = days_within(self.start, end, from, to) as f64 * self.wte;
        let (lo, hi) = (from.max(self.start), end.min(to));
        let mut spans: Vec<(Date, Date)> = self
            .episodes
            .iter()
            .map(|(first, last, _)| ((*first).max(lo), last.unwrap_or(to).min(hi)))
            .filter(|(s, e)| s <= e)
            .collect();
        spans.sort_unstable();
        let mut lost_days = 0;
        let mut covered_to: Option<Date> = None;
        for (s, e) in spans {
            let s = match covered_to {
                Some(c) if c >= s => match c.next_day() {
                    Some(n) => n,
                    None => continue,
                },
                _ => s,
            };
            if s <= e {
                lost_days += (e - s).whole_days() + 1;
            }
            covered_to = Some(covered_to.map_or(e, |c| c.max(e)));
        }
        (available, lost_days as f64 * self.wte)
    }
}

/// One team's line: people with any absence in the period, and the rate where that
/// count may be shown.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct TeamAbsence {
    pub team: String,
    pub people_absent: Shown,
    pub rate_percent: Option<f64>,
}

/// What is shown of sickness absence over a period.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AbsenceFigures {
    pub from: Date,
    pub to: Date,
    /// People with at least one day of absence in the period.
    pub people_absent: Shown,
    /// Episodes begun in the period.
    pub episodes: Shown,
    /// FTE days lost over FTE days available, as a percentage to 2 places; only where the
    /// people absent may be shown.
    pub rate_percent: Option<f64>,
    pub fte_days_lost: Option<f64>,
    /// Episodes begun, by reason category: (label, count as shown).
    pub by_reason: Vec<(String, Shown)>,
    pub by_team: Vec<TeamAbsence>,
}

fn rate(available: f64, lost: f64) -> Option<f64> {
    (available > 0.0).then(|| (lost / available * 10_000.0).round() / 100.0)
}

impl AbsenceFigures {
    pub fn of(
        people: &[Person],
        from: Date,
        to: Date,
        rules: &AbsenceRules,
        policy: DisclosurePolicy,
    ) -> AbsenceFigures {
        let per: Vec<(f64, f64)> = people.iter().map(|p| p.days(from, to)).collect();
        let absent = per.iter().filter(|d| d.1 > 0.0).count() as u64;
        let (available, lost) = per.iter().fold((0.0, 0.0), |a, d| (a.0 + d.0, a.1 + d.1));
        let people_absent = policy.show(absent);
        let shown = |s: Shown| s != Shown::Suppressed;
        let by_reason_counts: Vec<u64> = rules
            .reasons
            .iter()
            .map(|r| {
                people
                    .iter()
                    .flat_map(|p| &p.episodes)
                    .filter(|(f, _, code)| *code == r.code && *f >= from && *f <= to)
                    .count() as u64
            })
            .collect();
        let by_reason = policy.protect(&by_reason_counts, TotalShown::ByTheRule);
        let mut teams: Vec<&str> = people.iter().map(|p| p.team.as_str()).collect();
        teams.sort_unstable();
        teams.dedup();
        let team_days: Vec<(u64, f64, f64)> = teams
            .iter()
            .map(|t| {
                people
                    .iter()
                    .zip(&per)
                    .filter(|(p, _)| p.team == *t)
                    .fold((0, 0.0, 0.0), |a, (_, d)| {
                        (a.0 + u64::from(d.1 > 0.0), a.1 + d.0, a.2 + d.1)
                    })
            })
            .collect();
        let counts: Vec<u64> = team_days.iter().map(|d| d.0).collect();
        let team_cells = policy.protect(&counts, TotalShown::ByTheRule);
        AbsenceFigures {
            from,
            to,
            people_absent,
            episodes: by_reason.total,
            rate_percent: if shown(people_absent) {
                rate(available, lost)
            } else {
                None
            },
            fte_days_lost: shown(people_absent).then(|| (lost * 10.0).round() / 10.0),
            by_reason: rules
                .reasons
                .iter()
                .zip(&by_reason.cells)
                .map(|(r, s)| (r.label.clone(), *s))
                .collect(),
            by_team: teams
                .iter()
                .zip(team_cells.cells.iter().zip(&team_days))
                .map(|(t, (cell, d))| TeamAbsence {
                    team: t.to_string(),
                    people_absent: *cell,
                    rate_percent: if shown(*cell) { rate(d.1, d.2) } else { None },
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests;
