//! The wellbeing and engagement survey (issue 19; HEE 2020 consideration 5, LGA employer
//! standards; docs/sources.md#wellbeing-survey).
//!
//! The instrument is versioned data (`data/surveys/*.toml`): agreement statements grouped
//! by employer standard, then questions answered by choosing one option (typical weekly
//! hours, caseload, intention to stay). Codes are stored with the answers, so a published
//! instrument never changes; new wording is a new version.
//!
//! Anonymity is built into what is stored, not only into what is shown: an answer is never
//! kept as a row. Submitting one adds 1 to counters (`Tally`), one set per breakdown the
//! results offer (everyone, team, role, career stage, employer, ethnic group, disability,
//! sex), so no stored row joins two of a person's characteristics, or two of their
//! answers, and nothing records when an answer came (`groups`). Results are shown only
//! once a cycle is closed, so nobody can look before and after one person answers
//! (`results`).

mod groups;
mod results;
#[cfg(test)]
mod tests;

pub use groups::{Dimension, NOT_RECORDED, Profile, Tally, tallies};
pub use results::{
    Breakdown, BreakdownGroup, ChoiceResult, CycleResults, OptionResult, StandardResult,
    StatementResult, Tallies, TrendPoint, breakdown, overall_agree, results, trend,
};

use super::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// One agreement statement.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    pub code: String,
    pub text: String,
}

/// An employer standard and its statements.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Standard {
    pub code: String,
    /// A word or two for narrow places (a breakdown's column headings).
    pub short: String,
    pub title: String,
    pub statements: Vec<Statement>,
}

/// One option of a choice question.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ChoiceOption {
    pub code: String,
    pub label: String,
}

/// A question answered by choosing one option.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Choice {
    pub code: String,
    pub question: String,
    #[serde(default)]
    pub hint: String,
    pub options: Vec<ChoiceOption>,
}

/// A survey instrument, as published in `data/surveys/`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Instrument {
    pub code: String,
    pub title: String,
    pub source: String,
    /// The agreement scale, from 1 (strongly disagree) to its length.
    pub scale: Vec<String>,
    pub standards: Vec<Standard>,
    pub choices: Vec<Choice>,
}

/// Agreement at or above this point of the scale counts as agreeing ("agree" and
/// "strongly agree" on the five-point scale).
pub const AGREE_FROM: u8 = 4;

const SHIPPED: &[&str] = &[include_str!("../../data/surveys/wellbeing-v1.toml")];

/// Every instrument shipped, parsed once; the newest is last. A malformed file is caught by
/// the unit tests.
pub fn instruments() -> &'static [Instrument] {
    static ALL: OnceLock<Vec<Instrument>> = OnceLock::new();
    ALL.get_or_init(|| {
        SHIPPED
            .iter()
            .map(|s| toml::from_str(s).expect("data/surveys/*.toml is valid"))
            .collect()
    })
}

/// The instrument with this code.
pub fn instrument(code: &str) -> Option<&'static Instrument> {
    instruments().iter().find(|i| i.code == code)
}

/// The instrument new cycles use.
pub fn current() -> &'static Instrument {
    instruments()
        .last()
        .expect("at least one survey instrument")
}

impl Instrument {
    pub fn statements(&self) -> impl Iterator<Item = &Statement> {
        self.standards.iter().flat_map(|s| s.statements.iter())
    }

    /// Every code answers are stored under (statements, then choices), each once.
    pub fn item_codes(&self) -> Vec<&str> {
        self.statements()
            .map(|s| s.code.as_str())
            .chain(self.choices.iter().map(|c| c.code.as_str()))
            .collect()
    }
}

/// The configured rules (`[wellbeing_survey]`).
#[derive(Debug, Clone, Copy, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SurveyRules {
    /// A group's results are shown only when at least this many people in it answered
    /// (the default 10; never below 3, `min_group`).
    pub min_group: u32,
    /// Reminders go at most once in this many days.
    pub remind_every_days: i64,
    /// How long a new cycle stays open by default, in days.
    pub open_days: i64,
}

impl Default for SurveyRules {
    fn default() -> Self {
        SurveyRules {
            min_group: 10,
            remind_every_days: 7,
            open_days: 28,
        }
    }
}

impl SurveyRules {
    /// The smallest group shown: the configured size, never below 3.
    pub fn min_group(self) -> u64 {
        u64::from(self.min_group.max(3))
    }
}

/// One person's answers: each statement's point on the scale (1 to the scale's length),
/// then each choice's option (1 to its number of options), in `item_codes` order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answers {
    pub values: Vec<(String, u8)>,
}

/// The form as sent: field name (the item's code) to the value chosen.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(transparent)]
pub struct SurveyInput(pub BTreeMap<String, String>);

impl SurveyInput {
    /// Every statement and question must be answered, each with one of its own values. An
    /// unknown field is refused (a form from another instrument).
    pub fn parse(&self, instrument: &Instrument) -> Result<Answers, FieldErrors> {
        let mut errors = FieldErrors::default();
        let known = instrument.item_codes();
        for field in self.0.keys() {
            if field != "csrf_token" && !known.contains(&field.as_str()) {
                errors.add(field, "This question is not in the survey.");
            }
        }
        let mut values = Vec::new();
        let scale = instrument.scale.len();
        for s in instrument.statements() {
            match self.pick(&s.code, scale) {
                Some(v) => values.push((s.code.clone(), v)),
                None => errors.add(
                    &s.code,
                    format!(
                        "Choose how far you agree with \"{}\"",
                        s.text.trim_end_matches('.')
                    ),
                ),
            }
        }
        for c in &instrument.choices {
            let chosen = self.0.get(&c.code).map(|v| v.trim()).unwrap_or_default();
            match c.options.iter().position(|o| o.code == chosen) {
                Some(i) => values.push((c.code.clone(), (i + 1) as u8)),
                None => errors.add(&c.code, format!("Answer \"{}\"", c.question)),
            }
        }
        if errors.is_empty() {
            Ok(Answers { values })
        } else {
            Err(errors)
        }
    }

    /// A point from 1 to `scale`, as the form sends it.
    fn pick(&self, code: &str, scale: usize) -> Option<u8> {
        let v: u8 = self.0.get(code)?.trim().parse().ok()?;
        (1..=scale).contains(&usize::from(v)).then_some(v)
    }
}

/// Where a cycle stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CycleState {
    /// Answers are taken.
    Open,
    /// Closed (by its lead, or because its closing day has passed): results may be shown.
    Closed,
}

impl CycleState {
    /// A cycle is open until its lead closes it or its closing day is over.
    pub fn of(closes_on: time::Date, closed_on: Option<time::Date>, today: time::Date) -> Self {
        if closed_on.is_some() || today > closes_on {
            CycleState::Closed
        } else {
            CycleState::Open
        }
    }
}

/// A response count as shown while a cycle is open: rounded down to a multiple of 5, so
/// that one answer arriving cannot be seen (18F's "hide counts while a survey is live").
pub fn live_count(responses: u64) -> u64 {
    responses / 5 * 5
}

/// Opening a cycle, as the form sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = SurveyCycleInput)]
pub struct CycleInput {
    /// What staff will see, for example "Wellbeing survey, spring 2027".
    pub title: String,
    /// The last day answers are taken (YYYY-MM-DD).
    pub closes_on: String,
    /// A partner organisation to run the cycle with (its id), or empty.
    pub partner_org_id: String,
}

/// A cycle about to open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCycleSpec {
    pub title: String,
    pub closes_on: time::Date,
    pub partner_org_id: Option<i64>,
}

/// The longest title, in characters.
pub const MAX_TITLE: usize = 120;
/// The longest a cycle may stay open, in days.
pub const MAX_OPEN_DAYS: i64 = 92;

impl CycleInput {
    pub fn parse(&self, today: time::Date) -> Result<NewCycleSpec, FieldErrors> {
        let mut e = FieldErrors::default();
        let title = self.title.trim().to_string();
        if title.is_empty() {
            e.add("title", "Enter a title for the survey");
        } else if title.chars().count() > MAX_TITLE {
            e.add(
                "title",
                format!("The title must be {MAX_TITLE} characters or fewer"),
            );
        }
        let closes_on = match super::dates::parse("Closing date", &self.closes_on) {
            Ok(d) if d < today => {
                e.add("closes_on", "Closing date must be today or in the future");
                None
            }
            Ok(d) if (d - today).whole_days() > MAX_OPEN_DAYS => {
                e.add(
                    "closes_on",
                    format!("Closing date must be within {MAX_OPEN_DAYS} days of today"),
                );
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                e.add("closes_on", m);
                None
            }
        };
        let partner_org_id = e
            .take(
                "partner_org_id",
                super::input::parse_id("Partner organisation", &self.partner_org_id),
            )
            .flatten();
        match closes_on {
            Some(closes_on) if e.is_empty() => Ok(NewCycleSpec {
                title,
                closes_on,
                partner_org_id,
            }),
            _ => Err(e),
        }
    }
}

/// The ethnic group breakdown's code for an NHS ethnic category: the WRES grouping
/// (`domain::workforce::equality::race_group`), never the category itself, which would
/// make groups too small to show.
pub fn ethnic_group(category: Option<&str>) -> &'static str {
    use super::workforce::equality::{RaceGroup, race_group};
    match race_group(category) {
        RaceGroup::White => "white",
        RaceGroup::Bme => "bme",
        RaceGroup::NotKnown => "not_known",
    }
}
