//! What may be shown of a group's responses (one practitioner, a team, an organisation).
//!
//! Three layers of protection, all here so they are tested together:
//! 1. each audience's responses are released only in whole-month blocks of at least the
//!    threshold ([`disclosure::released_blocks`]), so nothing moves by one response;
//! 2. inside what is released, a question or category answered by fewer than the threshold
//!    shows no numbers at all (ten people may answer the form but only one the last question);
//! 3. comments come sorted by their text, never in the order they arrived.

use super::{Answers, Audience, CATEGORIES, Question, category_label};
use crate::domain::disclosure;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// One question's results. Every figure is `None` when fewer than the threshold answered it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct QuestionSummary {
    pub code: String,
    pub text: String,
    pub category: String,
    pub answered: Option<u64>,
    /// Agree or strongly agree (standard), yes (easy read): scores 4 and 5.
    pub percent_positive: Option<u32>,
    pub percent_neutral: Option<u32>,
    pub percent_negative: Option<u32>,
}

/// A category's answers added up across its questions.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct CategorySummary {
    pub category: String,
    pub label: String,
    /// How many answers (a person answers several questions), when shown.
    pub answers: Option<u64>,
    pub percent_positive: Option<u32>,
}

/// One audience's released results.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AudienceSummary {
    #[schema(value_type = String)]
    pub audience: Audience,
    pub label: String,
    pub responses: u64,
    /// The months the results cover (YYYY-MM).
    pub first_month: String,
    pub last_month: String,
    pub categories: Vec<CategorySummary>,
    pub questions: Vec<QuestionSummary>,
    /// Comments, sorted by their text; empty when the view does not include comments.
    pub comments: Vec<String>,
}

/// What a view shows: only the audiences with something released.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Summary {
    /// The threshold this view applied.
    pub threshold: u32,
    pub responses: u64,
    pub audiences: Vec<AudienceSummary>,
}

/// One step of a trend: a released block, both audiences together.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Period {
    pub first_month: String,
    pub last_month: String,
    pub responses: u64,
    pub categories: Vec<CategorySummary>,
}

fn percent(part: u64, whole: u64) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part as f64 * 100.0 / whole as f64).round()) as u32
    }
}

fn shown(n: u64, threshold: u32) -> bool {
    n >= u64::from(threshold)
}

fn question_summary(q: &Question, answers: &[&Answers], threshold: u32) -> QuestionSummary {
    let scores: Vec<u8> = answers
        .iter()
        .filter_map(|a| a.scores.get(&q.code).copied())
        .collect();
    let n = scores.len() as u64;
    let count = |f: fn(u8) -> bool| scores.iter().filter(|s| f(**s)).count() as u64;
    let ok = shown(n, threshold);
    let pct = |c: u64| ok.then(|| percent(c, n));
    QuestionSummary {
        code: q.code.clone(),
        text: q.text.clone(),
        category: q.category.clone(),
        answered: ok.then_some(n),
        percent_positive: pct(count(|s| s >= 4)),
        percent_neutral: pct(count(|s| s == 3)),
        percent_negative: pct(count(|s| s <= 2)),
    }
}

/// Per category: shown when at least the threshold of *people* answered one of its questions.
fn category_summaries(
    questions: &[Question],
    answers: &[&Answers],
    threshold: u32,
) -> Vec<CategorySummary> {
    CATEGORIES
        .iter()
        .filter(|(code, _)| questions.iter().any(|q| q.category == *code))
        .map(|(code, _)| {
            let codes: BTreeSet<&str> = questions
                .iter()
                .filter(|q| q.category == *code)
                .map(|q| q.code.as_str())
                .collect();
            let mut people = 0u64;
            let (mut total, mut positive) = (0u64, 0u64);
            for a in answers {
                let mine: Vec<u8> = a
                    .scores
                    .iter()
                    .filter(|(c, _)| codes.contains(c.as_str()))
                    .map(|(_, s)| *s)
                    .collect();
                people += u64::from(!mine.is_empty());
                total += mine.len() as u64;
                positive += mine.iter().filter(|s| **s >= 4).count() as u64;
            }
            let ok = shown(people, threshold);
            CategorySummary {
                category: (*code).to_string(),
                label: category_label(code).to_string(),
                answers: ok.then_some(total),
                percent_positive: ok.then(|| percent(positive, total)),
            }
        })
        .collect()
}

/// The questions to report for a set of answers: `current` first, then any question an
/// earlier version asked (from `earlier`) that appears in the answers.
fn questions_for<'a>(
    current: &'a [Question],
    earlier: &'a [Question],
    answers: &[&Answers],
) -> Vec<Question> {
    let mut out: Vec<Question> = current.to_vec();
    let mut have: BTreeSet<String> = current.iter().map(|q| q.code.clone()).collect();
    for q in earlier {
        if !have.contains(&q.code) && answers.iter().any(|a| a.scores.contains_key(&q.code)) {
            have.insert(q.code.clone());
            out.push(q.clone());
        }
    }
    out
}

/// How a view shows a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct View {
    /// Fewest answers behind any figure (raised to `disclosure::SMALLEST_GROUP`).
    pub threshold: u32,
    /// Fewest practitioners a released block's answers must be about (1 for a
    /// practitioner's own results, 2 or more for team and organisation views).
    pub min_practitioners: usize,
    /// Comments: the practitioner's own view and what they share, never team views.
    pub with_comments: bool,
}

/// The blocks `view` may show: released in whole months, each about enough practitioners.
fn shown_blocks<'a>(
    rows: &'a [(String, Answers)],
    view: &View,
    current_month: &str,
    window_start: &str,
) -> Vec<disclosure::Block<'a, Answers>> {
    let mut blocks = disclosure::released_blocks(rows, view.threshold, current_month, window_start);
    blocks.retain(|b| {
        let about: BTreeSet<i64> = b.items.iter().map(|a| a.about).collect();
        about.len() >= view.min_practitioners
    });
    blocks
}

/// The summary of a group: `rows` per audience as (YYYY-MM, answers), and `current` and
/// `earlier` question wordings per audience, shown as `view` allows.
pub fn summarise(
    rows: &BTreeMap<Audience, Vec<(String, Answers)>>,
    wording: &BTreeMap<Audience, (Vec<Question>, Vec<Question>)>,
    view: &View,
    current_month: &str,
    window_start: &str,
) -> Summary {
    let threshold = disclosure::threshold(view.threshold);
    let with_comments = view.with_comments;
    let mut audiences = Vec::new();
    for (audience, list) in rows {
        let blocks = shown_blocks(list, view, current_month, window_start);
        let (Some(first), Some(last)) = (blocks.first(), blocks.last()) else {
            continue;
        };
        let (first_month, last_month) = (first.first_month.clone(), last.last_month.clone());
        let answers: Vec<&Answers> = blocks.into_iter().flat_map(|b| b.items).collect();
        let empty = (Vec::new(), Vec::new());
        let (current, earlier) = wording.get(audience).unwrap_or(&empty);
        let questions = questions_for(current, earlier, &answers);
        let mut comments: Vec<String> = if with_comments {
            answers
                .iter()
                .filter(|a| !a.comment.is_empty())
                .map(|a| a.comment.clone())
                .collect()
        } else {
            Vec::new()
        };
        comments.sort();
        audiences.push(AudienceSummary {
            audience: *audience,
            label: audience.label().to_string(),
            responses: answers.len() as u64,
            first_month,
            last_month,
            categories: category_summaries(&questions, &answers, threshold),
            questions: questions
                .iter()
                .map(|q| question_summary(q, &answers, threshold))
                .collect(),
            comments,
        });
    }
    Summary {
        threshold,
        responses: audiences.iter().map(|a| a.responses).sum(),
        audiences,
    }
}

/// Category results block by block, both audiences together (their categories are the same).
pub fn trend(
    rows: &[(String, Answers)],
    questions: &[Question],
    view: &View,
    current_month: &str,
    window_start: &str,
) -> Vec<Period> {
    let threshold = disclosure::threshold(view.threshold);
    shown_blocks(rows, view, current_month, window_start)
        .into_iter()
        .map(|b| Period {
            responses: b.items.len() as u64,
            categories: category_summaries(questions, &b.items, threshold),
            first_month: b.first_month,
            last_month: b.last_month,
        })
        .collect()
}
