//! Ratings and what is made of them: parsing a rating against the framework's scale, a
//! domain's mean and RAG, whether a cycle may be signed off, cycle-against-cycle change per
//! criterion, and the order statistics (median and quartiles) of the benchmark.

use super::framework::{Framework, Scale};
use serde::Serialize;
use std::collections::BTreeMap;

/// One criterion's answer in a cycle: a rating on the scale, "not applicable" (where the
/// framework allows it), or neither yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Answer {
    pub rating: Option<u8>,
    pub not_applicable: bool,
}

impl Answer {
    pub fn is_answered(self) -> bool {
        self.rating.is_some() || self.not_applicable
    }
}

/// Reads a rating as sent by a form or the API: "1" to the scale's top value, "na" when the
/// framework allows "not applicable", or "" for not rated yet. The message names the scale.
pub fn parse_rating(scale: &Scale, input: &str) -> Result<Answer, String> {
    let v = input.trim();
    if v.is_empty() {
        return Ok(Answer::default());
    }
    if v.eq_ignore_ascii_case("na") {
        return if scale.allow_not_applicable {
            Ok(Answer {
                rating: None,
                not_applicable: true,
            })
        } else {
            Err("This framework has no \"not applicable\": choose a rating".into())
        };
    }
    match v.parse::<u8>() {
        Ok(n) if (1..=scale.max()).contains(&n) => Ok(Answer {
            rating: Some(n),
            not_applicable: false,
        }),
        _ => Err(format!(
            "Choose a rating from 1 ({}) to {} ({})",
            scale.label(1),
            scale.max(),
            scale.label(scale.max())
        )),
    }
}

/// Red, amber or green for a domain, or grey when nothing in it is rated yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Rag {
    Red,
    Amber,
    Green,
    NotRated,
}

impl Rag {
    pub fn label(self) -> &'static str {
        match self {
            Rag::Red => "Red",
            Rag::Amber => "Amber",
            Rag::Green => "Green",
            Rag::NotRated => "Not rated",
        }
    }
}

/// The scale's RAG for a mean rating (`amber_from` and `green_from` in the framework file).
pub fn rag(scale: &Scale, mean: Option<f64>) -> Rag {
    match mean {
        None => Rag::NotRated,
        Some(m) if m >= scale.green_from => Rag::Green,
        Some(m) if m >= scale.amber_from => Rag::Amber,
        Some(_) => Rag::Red,
    }
}

/// The mean of the rated answers (not applicable and unrated are left out), or `None`.
pub fn mean<'a>(answers: impl IntoIterator<Item = &'a Answer>) -> Option<f64> {
    let (sum, n) = answers
        .into_iter()
        .filter_map(|a| a.rating)
        .fold((0u32, 0u32), |(s, n), r| (s + u32::from(r), n + 1));
    (n > 0).then(|| f64::from(sum) / f64::from(n))
}

/// One domain's summary in a cycle.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct DomainScore {
    pub code: String,
    pub title: String,
    pub criteria: usize,
    pub rated: usize,
    pub not_applicable: usize,
    /// Mean rating of the rated criteria.
    pub mean: Option<f64>,
    pub rag: Rag,
}

/// Every domain's score, in the framework's order.
pub fn domain_scores(f: &Framework, answers: &BTreeMap<String, Answer>) -> Vec<DomainScore> {
    f.domains
        .iter()
        .map(|d| {
            let own: Vec<Answer> = d
                .criteria
                .iter()
                .map(|c| answers.get(&c.code).copied().unwrap_or_default())
                .collect();
            let m = mean(&own);
            DomainScore {
                code: d.code.clone(),
                title: d.title.clone(),
                criteria: own.len(),
                rated: own.iter().filter(|a| a.rating.is_some()).count(),
                not_applicable: own.iter().filter(|a| a.not_applicable).count(),
                mean: m,
                rag: rag(&f.scale, m),
            }
        })
        .collect()
}

/// The criteria still unanswered (neither rated nor not applicable), in the framework's
/// order. A cycle may be signed off only when this is empty.
pub fn unanswered<'f>(f: &'f Framework, answers: &BTreeMap<String, Answer>) -> Vec<&'f str> {
    f.criteria()
        .filter(|(_, c)| !answers.get(&c.code).is_some_and(|a| a.is_answered()))
        .map(|(_, c)| c.code.as_str())
        .collect()
}

/// How a criterion moved between two cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Better,
    Worse,
    Unchanged,
    /// Rated in only one of the two (new criterion, or not applicable in one).
    NotComparable,
}

impl Change {
    pub fn label(self) -> &'static str {
        match self {
            Change::Better => "Better",
            Change::Worse => "Worse",
            Change::Unchanged => "Unchanged",
            Change::NotComparable => "Not comparable",
        }
    }
}

pub fn change(before: Option<u8>, now: Option<u8>) -> Change {
    match (before, now) {
        (Some(b), Some(n)) if n > b => Change::Better,
        (Some(b), Some(n)) if n < b => Change::Worse,
        (Some(_), Some(_)) => Change::Unchanged,
        _ => Change::NotComparable,
    }
}

/// The median and quartiles of a set of values, by linear interpolation between order
/// statistics (Hyndman and Fan type 7, the default of R and NumPy).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Quartiles {
    pub n: usize,
    pub lower: f64,
    pub median: f64,
    pub upper: f64,
}

fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The quartiles of `values`, or `None` when fewer than `min_n` values (the benchmark's
/// threshold of organisations) are given, so that no organisation's rating can be read
/// off a small group.
pub fn quartiles(values: &[f64], min_n: usize) -> Option<Quartiles> {
    if values.is_empty() || values.len() < min_n {
        return None;
    }
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    if v.len() < min_n.max(1) {
        return None;
    }
    v.sort_by(f64::total_cmp);
    Some(Quartiles {
        n: v.len(),
        lower: quantile(&v, 0.25),
        median: quantile(&v, 0.5),
        upper: quantile(&v, 0.75),
    })
}

/// Where an organisation's value sits among its peers: a band, never a rank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Position {
    BelowLowerQuartile,
    BetweenLowerQuartileAndMedian,
    BetweenMedianAndUpperQuartile,
    AboveUpperQuartile,
}

impl Position {
    pub fn label(self) -> &'static str {
        match self {
            Position::BelowLowerQuartile => "Below the lower quartile",
            Position::BetweenLowerQuartileAndMedian => "Between the lower quartile and the median",
            Position::BetweenMedianAndUpperQuartile => "Between the median and the upper quartile",
            Position::AboveUpperQuartile => "Above the upper quartile",
        }
    }
}

pub fn position(value: f64, q: &Quartiles) -> Position {
    if value < q.lower {
        Position::BelowLowerQuartile
    } else if value < q.median {
        Position::BetweenLowerQuartileAndMedian
    } else if value <= q.upper {
        Position::BetweenMedianAndUpperQuartile
    } else {
        Position::AboveUpperQuartile
    }
}

#[cfg(test)]
#[path = "scoring_tests.rs"]
mod tests;
