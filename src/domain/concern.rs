//! Raising concerns: what a social worker may raise, how it is answered, and what the
//! board sees of it (docs/sources.md#raising-concerns).
//!
//! Source: the HEE 2020 guidance's consideration 5 asks employers to give social workers a
//! way to report inadequate resources and to raise inappropriate or unsafe practice. The
//! four categories below are those words. The time to a first answer is NOT FOUND in the
//! guidance, so it is configuration (`[concerns] answer_within_days`, default 7).
//!
//! Anonymity: an anonymous concern keeps no user, no exact time and no audit entry naming
//! anyone; its sender follows it with a private reference ([`new_reference`]) of which only
//! a hash is stored, so whoever reads the database cannot follow it as the sender.

pub use super::conversation::{Coded, choices, label_of};
use super::disclosure::{DisclosurePolicy, Shown, TotalShown};
use super::field_errors::FieldErrors;
use super::input::answer_yes;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::{Date, Duration};

/// Longest summary: a line.
pub const MAX_SUMMARY: usize = 150;
/// Longest details or message.
pub const MAX_TEXT: usize = 5000;

/// What a concern is about: the guidance's words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Category {
    Resources,
    Workload,
    UnsafePractice,
    InappropriatePractice,
}

impl Coded for Category {
    const ALL: &'static [Category] = &[
        Category::Resources,
        Category::Workload,
        Category::UnsafePractice,
        Category::InappropriatePractice,
    ];

    fn code(self) -> &'static str {
        match self {
            Category::Resources => "resources",
            Category::Workload => "workload",
            Category::UnsafePractice => "unsafe_practice",
            Category::InappropriatePractice => "inappropriate_practice",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Category::Resources => "Inadequate resources",
            Category::Workload => "Workload",
            Category::UnsafePractice => "Unsafe practice",
            Category::InappropriatePractice => "Inappropriate practice",
        }
    }
}

/// The `[concerns]` configuration section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConcernRules {
    /// Days from raising to the first answer (NOT FOUND in the guidance: local policy).
    pub answer_within_days: u32,
}

impl Default for ConcernRules {
    fn default() -> Self {
        ConcernRules {
            answer_within_days: 7,
        }
    }
}

impl ConcernRules {
    /// The day the first answer is due for a concern raised on `raised_on`.
    pub fn answer_due(self, raised_on: Date) -> Date {
        raised_on + Duration::days(i64::from(self.answer_within_days))
    }
}

/// Where a concern stands, from its dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ConcernStanding)]
pub enum Standing {
    /// Raised, not answered yet, and the answer not yet due.
    AwaitingAnswer,
    /// Not answered by the day it was due.
    AnswerOverdue,
    /// Answered, not closed.
    Answered,
    Closed,
}

impl Standing {
    pub fn of(
        answer_due_on: Date,
        first_answered_on: Option<Date>,
        closed_on: Option<Date>,
        today: Date,
    ) -> Standing {
        match (closed_on, first_answered_on) {
            (Some(_), _) => Standing::Closed,
            (None, Some(_)) => Standing::Answered,
            (None, None) if today > answer_due_on => Standing::AnswerOverdue,
            (None, None) => Standing::AwaitingAnswer,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Standing::AwaitingAnswer => "Awaiting an answer",
            Standing::AnswerOverdue => "Answer overdue",
            Standing::Answered => "Answered",
            Standing::Closed => "Closed",
        }
    }
}

/// A concern as sent by the form or the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConcernInput {
    /// `resources`, `workload`, `unsafe_practice` or `inappropriate_practice`.
    pub category: String,
    /// One line saying what it is about.
    pub summary: String,
    /// What is happening, and what you would like to change.
    pub details: String,
    /// `yes` (or `true`) to raise it anonymously, `no` (or `false`) to give your name.
    /// Asked, never assumed: without an answer nothing is sent.
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub anonymous: String,
}

/// A concern that may be stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewConcern {
    pub category: Category,
    pub summary: String,
    pub details: String,
    pub anonymous: bool,
}

fn text(e: &mut FieldErrors, field: &str, what: &str, value: &str, max: usize) -> String {
    let v = value.trim();
    if v.is_empty() {
        e.add(field, format!("Enter {what}"));
    } else if v.chars().count() > max {
        e.add(
            field,
            format!("{} must be {max} characters or fewer", capitalised(what)),
        );
    }
    v.to_string()
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

impl ConcernInput {
    /// The concern, or every problem named by its field.
    pub fn parse(&self) -> Result<NewConcern, FieldErrors> {
        let mut e = FieldErrors::default();
        let category = Category::parse(&self.category);
        if category.is_none() {
            e.add("category", "Select what the concern is about");
        }
        let summary = text(&mut e, "summary", "a summary", &self.summary, MAX_SUMMARY);
        let details = text(&mut e, "details", "the details", &self.details, MAX_TEXT);
        // Not `answer_yes`, which reads an empty answer as no: a sender who did not choose
        // must not be named by default.
        let anonymous = match self.anonymous.trim() {
            "" => None,
            a => answer_yes(a),
        };
        if anonymous.is_none() {
            e.add(
                "anonymous",
                "Select whether to raise it anonymously or with your name",
            );
        }
        match (category, anonymous) {
            (Some(category), Some(anonymous)) if e.is_empty() => Ok(NewConcern {
                category,
                summary,
                details,
                anonymous,
            }),
            _ => Err(e),
        }
    }
}

/// A message on a concern, or an answer.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = ConcernMessageInput)]
pub struct MessageInput {
    pub body: String,
}

impl MessageInput {
    pub fn parse(&self) -> Result<String, FieldErrors> {
        let mut e = FieldErrors::default();
        let body = text(&mut e, "body", "a message", &self.body, MAX_TEXT);
        if e.is_empty() { Ok(body) } else { Err(e) }
    }
}

/// Closing a concern: what was found and what changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = ConcernCloseInput)]
pub struct CloseInput {
    pub outcome: String,
    /// What changed as a result ("Nothing" is an answer).
    pub what_changed: String,
}

impl CloseInput {
    pub fn parse(&self) -> Result<(String, String), FieldErrors> {
        let mut e = FieldErrors::default();
        let outcome = text(&mut e, "outcome", "the outcome", &self.outcome, MAX_TEXT);
        let changed = text(
            &mut e,
            "what_changed",
            "what changed",
            &self.what_changed,
            MAX_TEXT,
        );
        if e.is_empty() {
            Ok((outcome, changed))
        } else {
            Err(e)
        }
    }
}

// ---------------------------------------------------------------------------------------
// The private reference

/// 16 characters of Crockford's base32: 80 bits, so a reference cannot be guessed.
pub const REFERENCE_LEN: usize = 16;

/// A new private reference.
pub fn new_reference(rng: &mut impl rand::Rng) -> String {
    super::feedback::random_base32(rng, REFERENCE_LEN)
}

/// A typed reference in its stored form (case, spaces and hyphens ignored, O read as 0,
/// I and L as 1), or `None` if it cannot be one.
pub fn normalise_reference(input: &str) -> Option<String> {
    super::feedback::normalise_base32(input, REFERENCE_LEN)
}

/// How a reference is shown: four groups of four.
pub fn display_reference(reference: &str) -> String {
    reference
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join("-")
}

/// What is stored: never the reference itself.
pub fn reference_hash(reference: &str) -> String {
    Sha256::digest(format!("concern:{reference}").as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// What the board sees

/// One concern as the figures count it: no text, no sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConcernFacts {
    pub category: Category,
    pub raised_on: Date,
    pub answer_due_on: Date,
    pub first_answered_on: Option<Date>,
}

/// Concerns raised over a period, as the board report shows them: themes and volumes
/// through the disclosure policy with secondary suppression, and response times only
/// when the number raised may be shown.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = ConcernThemes)]
pub struct Themes {
    pub raised: Shown,
    /// Per category, in `Category::ALL`'s order: (label, count as shown).
    pub by_category: Vec<(String, Shown)>,
    /// Of those raised, the share answered by the day due (answered, or due by `to`).
    pub answered_in_time_percent: Option<f64>,
    /// Median days from raising to the first answer, of those answered.
    pub median_days_to_answer: Option<f64>,
}

impl Themes {
    /// The figures for concerns raised from `from` to `to`.
    pub fn of(concerns: &[ConcernFacts], from: Date, to: Date, policy: DisclosurePolicy) -> Themes {
        let raised: Vec<&ConcernFacts> = concerns
            .iter()
            .filter(|c| c.raised_on >= from && c.raised_on <= to)
            .collect();
        let counts: Vec<u64> = Category::ALL
            .iter()
            .map(|k| raised.iter().filter(|c| c.category == *k).count() as u64)
            .collect();
        let protected = policy.protect(&counts, TotalShown::ByTheRule);
        let by_category = Category::ALL
            .iter()
            .zip(protected.cells)
            .map(|(k, shown)| (k.label().to_string(), shown))
            .collect();
        let showable = matches!(protected.total, Shown::Value(n) if n > 0);
        // Whether each concern due by the period's end was answered by its due day.
        let due: Vec<bool> = raised
            .iter()
            .filter(|c| c.answer_due_on <= to || c.first_answered_on.is_some())
            .map(|c| c.first_answered_on.is_some_and(|a| a <= c.answer_due_on))
            .collect();
        let mut days: Vec<i64> = raised
            .iter()
            .filter_map(|c| Some((c.first_answered_on? - c.raised_on).whole_days()))
            .collect();
        days.sort_unstable();
        Themes {
            raised: protected.total,
            by_category,
            answered_in_time_percent: (showable && !due.is_empty()).then(|| {
                let n = due.iter().filter(|d| **d).count() as f64;
                (n / due.len() as f64 * 1000.0).round() / 10.0
            }),
            median_days_to_answer: (showable && !days.is_empty()).then(|| median(&days)),
        }
    }
}

fn median(sorted: &[i64]) -> f64 {
    let n = sorted.len();
    if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] + sorted[n / 2]) as f64 / 2.0
    }
}

#[cfg(test)]
mod tests;
