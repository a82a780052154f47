//! Feedback from people who use services and carers on one social worker's practice and on
//! how far the work was done with them (co-production): the "Experience of social work"
//! questionnaire of "Making the difference together" (DH 2016; docs/sources.md#social-work-for-better-mental-health).
//! The questionnaires are data (`data/feedback.toml` for the first versions, adapted
//! versions in the database); this module holds the rules over them:
//!
//! * which codes open the form (Crockford base32, single use: [`new_code`], [`normalise_code`]);
//! * what a valid answer is ([`parse_answers`]) and a valid adapted version ([`parse_version`]);
//! * what may be shown ([`summarise`]): a group only at its threshold (3 for the practitioner's
//!   own view, 5 for anyone else, never below [`disclosure::SMALLEST_GROUP`]), released in
//!   whole-month blocks ([`disclosure::released_blocks`]), and within a shown group no
//!   question whose answers are fewer than the threshold.

use super::disclosure;
use super::reference::RefList;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod cards;
mod summary;
#[cfg(test)]
mod tests;

pub use cards::CardsInput;
pub use summary::{
    AudienceSummary, CategorySummary, Period, QuestionSummary, Summary, View, summarise, trend,
};

/// The `[feedback]` settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct FeedbackRules {
    /// Responses a practitioner needs before they see their own results (issue 5: 3).
    pub own_view_min_responses: u32,
    /// Responses any other view needs: a supervisor reading shared results, team and
    /// organisation views (issue 5: 5).
    pub manager_view_min_responses: u32,
    /// Days a feedback link or card works for.
    pub link_valid_days: u32,
    /// Most cards made in one go.
    pub max_cards_at_once: u32,
    /// Longest comment, in characters.
    pub max_comment_chars: usize,
    /// Public form requests (opening and sending) per client address per minute. The address
    /// is held in memory only, never stored or logged.
    pub public_requests_per_minute: u32,
    /// Team and organisation views show a period only when its answers are about at least
    /// this many practitioners, so that a manager never sees one person's results through a
    /// team view (their own and what they share are theirs to show).
    pub min_practitioners_in_group_views: u32,
    /// Replaces the form's "if you need help now" text (crisis line, NHS 111, 999).
    pub urgent_help: Option<String>,
    /// Replaces the form's "how to complain" text (PALS, complaints team).
    pub complaints: Option<String>,
    /// Replaces the easy read "if you need help now" sentences.
    pub urgent_help_easy_read: Option<Vec<String>>,
    /// Replaces the easy read sentences on complaining.
    pub complaints_easy_read: Option<Vec<String>>,
}

impl Default for FeedbackRules {
    fn default() -> Self {
        FeedbackRules {
            own_view_min_responses: 3,
            manager_view_min_responses: 5,
            link_valid_days: 42,
            max_cards_at_once: 20,
            max_comment_chars: 1000,
            public_requests_per_minute: 20,
            min_practitioners_in_group_views: 2,
            urgent_help: None,
            complaints: None,
            urgent_help_easy_read: None,
            complaints_easy_read: None,
        }
    }
}

fn easy_read_or(
    own: &Option<Vec<String>>,
    standard: &Option<String>,
    default: &[String],
) -> Vec<String> {
    match (own, standard) {
        (Some(lines), _) if !lines.is_empty() => lines.clone(),
        (_, Some(text)) => vec![text.clone()],
        _ => default.to_vec(),
    }
}

impl FeedbackRules {
    pub fn urgent_help(&self) -> &str {
        self.urgent_help
            .as_deref()
            .unwrap_or(&data().wording.urgent_help)
    }

    pub fn complaints(&self) -> &str {
        self.complaints
            .as_deref()
            .unwrap_or(&data().wording.complaints)
    }

    /// The easy read "if you need help now": the deployment's sentences; else, when it set
    /// its own standard text (its own crisis line), that text rather than our default
    /// sentences, which would name other contacts; else the default sentences.
    pub fn urgent_help_easy_read(&self) -> Vec<String> {
        easy_read_or(
            &self.urgent_help_easy_read,
            &self.urgent_help,
            &data().wording.urgent_help_easy_read,
        )
    }

    /// The easy read "if you want to complain", chosen as `urgent_help_easy_read` is.
    pub fn complaints_easy_read(&self) -> Vec<String> {
        easy_read_or(
            &self.complaints_easy_read,
            &self.complaints,
            &data().wording.complaints_easy_read,
        )
    }

    /// The thresholds as applied (never below the smallest group).
    pub fn own_threshold(&self) -> u32 {
        disclosure::threshold(self.own_view_min_responses)
    }

    pub fn manager_threshold(&self) -> u32 {
        disclosure::threshold(self.manager_view_min_responses)
    }
}

/// Who is answering: the two questionnaires of the framework.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    ServiceUser,
    Carer,
}

impl Audience {
    pub const ALL: [Audience; 2] = [Audience::ServiceUser, Audience::Carer];

    pub fn code(self) -> &'static str {
        match self {
            Audience::ServiceUser => "service_user",
            Audience::Carer => "carer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::ServiceUser => "People who use services",
            Audience::Carer => "Carers and family members",
        }
    }

    pub fn parse(s: &str) -> Result<Audience, super::ParseError> {
        match s.trim() {
            "service_user" => Ok(Audience::ServiceUser),
            "carer" => Ok(Audience::Carer),
            _ => Err("Select who the card is for: a person who uses services, or a carer".into()),
        }
    }
}

/// Standard or easy read wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    Standard,
    EasyRead,
}

impl Format {
    pub fn scale(self) -> &'static RefList {
        match self {
            Format::Standard => &data().scales.standard,
            Format::EasyRead => &data().scales.easy_read,
        }
    }
}

/// What a question is about: results are also added up per category.
pub const CATEGORIES: [(&str, &str); 3] = [
    ("practice", "The social worker's practice"),
    ("co_production", "Working together (co-production)"),
    ("overall", "Overall"),
];

pub fn category_label(code: &str) -> &str {
    CATEGORIES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or(code)
}

/// One question, in both wordings. Its code groups results across versions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    pub code: String,
    pub category: String,
    pub text: String,
    pub easy_read: String,
}

/// A questionnaire version's content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    #[schema(value_type = String)]
    pub audience: Audience,
    pub title: String,
    pub easy_read_title: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scales {
    pub standard: RefList,
    pub easy_read: RefList,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    pub urgent_help: String,
    pub urgent_help_source: String,
    pub complaints: String,
    pub urgent_help_easy_read: Vec<String>,
    pub complaints_easy_read: Vec<String>,
}

/// `data/feedback.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeedbackData {
    pub source: String,
    pub scales: Scales,
    pub questionnaires: Vec<Questionnaire>,
    pub wording: Wording,
}

const FEEDBACK_TOML: &str = include_str!("../../data/feedback.toml");

/// The embedded first versions, parsed and checked once. A malformed file fails a unit test.
pub fn data() -> &'static FeedbackData {
    static D: OnceLock<FeedbackData> = OnceLock::new();
    D.get_or_init(|| {
        let d: FeedbackData = toml::from_str(FEEDBACK_TOML).expect("data/feedback.toml parses");
        for q in &d.questionnaires {
            if let Err(e) = check_questionnaire(q) {
                panic!("data/feedback.toml: {e:?}");
            }
        }
        d
    })
}

/// The first version for an audience (version 1 of every organisation).
pub fn shipped(audience: Audience) -> &'static Questionnaire {
    data()
        .questionnaires
        .iter()
        .find(|q| q.audience == audience)
        .expect("data/feedback.toml has both questionnaires")
}

/// Limits on a questionnaire: short enough to answer on a phone, long enough to mean something.
pub const MIN_QUESTIONS: usize = 3;
pub const MAX_QUESTIONS: usize = 15;
pub const MAX_QUESTION_CHARS: usize = 200;
pub const MAX_EASY_READ_CHARS: usize = 120;

/// Problems with a questionnaire, as (field, message); `Ok` when it is sound.
pub fn check_questionnaire(q: &Questionnaire) -> Result<(), Vec<(String, String)>> {
    let mut errors = check_shape(q);
    for (i, question) in q.questions.iter().enumerate() {
        check_question(question, i + 1, &mut errors);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// The number of questions, unique codes and the titles.
fn check_shape(q: &Questionnaire) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    let n = q.questions.len();
    if !(MIN_QUESTIONS..=MAX_QUESTIONS).contains(&n) {
        errors.push((
            "questions".to_string(),
            format!("Keep between {MIN_QUESTIONS} and {MAX_QUESTIONS} questions (there are {n})"),
        ));
    }
    let mut seen = std::collections::BTreeSet::new();
    for question in &q.questions {
        if question.code.is_empty() || !seen.insert(question.code.as_str()) {
            errors.push((
                "questions".to_string(),
                format!("The question code \"{}\" is used twice", question.code),
            ));
        }
    }
    for (field, value) in [("title", &q.title), ("easy_read_title", &q.easy_read_title)] {
        if value.trim().is_empty() || value.chars().count() > 120 {
            errors.push((
                field.into(),
                "Enter a title of 120 characters or fewer".into(),
            ));
        }
    }
    errors
}

/// One question's category and wordings; `at` is the row number people see.
fn check_question(question: &Question, at: usize, errors: &mut Vec<(String, String)>) {
    if !CATEGORIES.iter().any(|(c, _)| *c == question.category) {
        errors.push((
            format!("category_{at}"),
            format!("Select what question {at} is about"),
        ));
    }
    for (field, value, max, what) in [
        ("text", &question.text, MAX_QUESTION_CHARS, "wording"),
        (
            "easy_read",
            &question.easy_read,
            MAX_EASY_READ_CHARS,
            "easy read wording",
        ),
    ] {
        let len = value.trim().chars().count();
        if len == 0 {
            errors.push((
                format!("{field}_{at}"),
                format!("Enter the {what} of question {at}"),
            ));
        } else if len > max {
            errors.push((
                format!("{field}_{at}"),
                format!("The {what} of question {at} must be {max} characters or fewer"),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------
// Codes

/// Crockford's base32 alphabet (https://www.crockford.com/base32.html): no I, L, O or U, so
/// a code read off a card cannot be mistyped into another letter.
pub const CODE_ALPHABET: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// 10 characters: 50 bits, so guessing one of even 100,000 live codes takes about 10^10
/// tries, against a rate limit of a few per minute.
pub const CODE_LEN: usize = 10;

/// A new random code.
pub fn new_code(rng: &mut impl rand::Rng) -> String {
    random_base32(rng, CODE_LEN)
}

/// `len` random characters of `CODE_ALPHABET` (a concern's private reference too).
pub fn random_base32(rng: &mut impl rand::Rng, len: usize) -> String {
    (0..len)
        .map(|_| CODE_ALPHABET[rng.gen_range(0..32)] as char)
        .collect()
}

/// A typed or scanned code in its stored form: case, spaces and hyphens ignored, and the
/// letters people confuse read as Crockford says (O as 0, I and L as 1). `None` if it
/// cannot be a code.
pub fn normalise_code(input: &str) -> Option<String> {
    normalise_base32(input, CODE_LEN)
}

/// Typed text as `len` characters of `CODE_ALPHABET`, read as `normalise_code` reads it.
pub fn normalise_base32(input: &str, len: usize) -> Option<String> {
    let mut out = String::with_capacity(len);
    for c in input.chars() {
        let c = match c.to_ascii_uppercase() {
            ' ' | '-' => continue,
            'O' => '0',
            'I' | 'L' => '1',
            c => c,
        };
        if !c.is_ascii() || !CODE_ALPHABET.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == len).then_some(out)
}

/// How a code is printed: two groups of five.
pub fn display_code(code: &str) -> String {
    let (a, b) = code.split_at(code.len().min(5));
    format!("{a}-{b}")
}

/// What is stored: never the code itself.
pub fn code_hash(code: &str) -> String {
    let digest = Sha256::digest(code.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

// ---------------------------------------------------------------------------------------
// Answers

/// One person's answers: question code to score 1 to 5 ("does not apply" is not kept), an
/// optional comment, and whose practice they are about (a practitioner id; 0 while parsing).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Answers {
    pub scores: BTreeMap<String, u8>,
    pub comment: String,
    pub about: i64,
}

/// The form's field for a question.
pub fn field_for(code: &str) -> String {
    format!("q_{code}")
}

/// Answers from the form's fields (`q_<code>`). Every question may be left out, but a form
/// with no answer and no comment is refused. Errors are (field, message).
pub fn parse_answers(
    q: &Questionnaire,
    format: Format,
    fields: &BTreeMap<String, String>,
    comment: &str,
    max_comment_chars: usize,
) -> Result<Answers, Vec<(String, String)>> {
    let scale = format.scale();
    let mut errors = Vec::new();
    let mut scores = BTreeMap::new();
    for (i, question) in q.questions.iter().enumerate() {
        let field = field_for(&question.code);
        let value = fields.get(&field).map(|v| v.trim()).unwrap_or("");
        if value.is_empty() || value == "0" {
            continue;
        }
        match value.parse::<u8>() {
            Ok(n) if (1..=5).contains(&n) && scale.contains(value) => {
                scores.insert(question.code.clone(), n);
            }
            _ => errors.push((
                field,
                format!("Choose one of the answers to question {}", i + 1),
            )),
        }
    }
    let comment: String = comment
        .chars()
        .filter(|c| !c.is_control() || *c == '\n')
        .collect();
    let comment = comment.trim().to_string();
    if comment.chars().count() > max_comment_chars {
        errors.push((
            "comment".into(),
            format!("Your comment must be {max_comment_chars} characters or fewer"),
        ));
    }
    if errors.is_empty() && scores.is_empty() && comment.is_empty() {
        errors.push((
            field_for(&q.questions[0].code),
            "Answer at least one question, or write a comment".into(),
        ));
    }
    if errors.is_empty() {
        Ok(Answers {
            scores,
            comment,
            about: 0,
        })
    } else {
        Err(errors)
    }
}

// ---------------------------------------------------------------------------------------
// Adapting a questionnaire

/// One row of the "adapt" form: an existing question (with its code) or a new one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct QuestionRow {
    /// Empty for a new question.
    pub code: String,
    pub category: String,
    pub text: String,
    pub easy_read: String,
    /// Set to leave the question out of the new version.
    pub remove: bool,
}

/// A new version from the rows: removed and blank rows are dropped, new questions get
/// codes `v<version>_<n>`, and the result is checked as a whole. Errors name the form's row
/// (`text_<row>`, counting from 1).
pub fn parse_version(
    audience: Audience,
    version: i64,
    title: &str,
    easy_read_title: &str,
    rows: &[QuestionRow],
) -> Result<Questionnaire, Vec<(String, String)>> {
    let mut questions = Vec::new();
    let mut errors = Vec::new();
    let mut new_n = 0;
    for (i, row) in rows.iter().enumerate() {
        let blank = row.text.trim().is_empty() && row.easy_read.trim().is_empty();
        if row.remove || (blank && row.code.is_empty()) {
            continue;
        }
        let code = if row.code.is_empty() {
            new_n += 1;
            format!("v{version}_{new_n}")
        } else {
            row.code.clone()
        };
        let question = Question {
            code,
            category: row.category.trim().to_string(),
            text: row.text.trim().to_string(),
            easy_read: row.easy_read.trim().to_string(),
        };
        check_question(&question, i + 1, &mut errors);
        questions.push(question);
    }
    let q = Questionnaire {
        audience,
        title: title.trim().to_string(),
        easy_read_title: easy_read_title.trim().to_string(),
        questions,
    };
    errors.extend(check_shape(&q));
    if errors.is_empty() {
        Ok(q)
    } else {
        Err(errors)
    }
}
