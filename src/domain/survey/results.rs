//! A closed cycle's results from its counters, and what of them may be shown.
//!
//! - Nothing is shown unless at least `min_group` people answered.
//! - Agreement is the share who agree or strongly agree, of those who answered the
//!   statement; a standard's is pooled over its statements' answers.
//! - A breakdown shows a group only when at least `min_group` of its people answered. The
//!   groups below that are not named; and when hiding them would leave one group's answers
//!   to be worked out as everyone's less the groups shown, more are hidden until the hidden
//!   groups hold at least `min_group` people between them and are at least two
//!   (`DisclosurePolicy::protect`, the same secondary suppression as the workforce
//!   figures). The property tests in `tests.rs` check both.
//! - Results exist only for closed cycles (the service's rule), so one answer arriving can
//!   never be seen by comparing two views; a trend shows each cycle only where that cycle's
//!   results may be shown.

use super::{AGREE_FROM, Dimension, Instrument, SurveyRules};
use crate::domain::disclosure::{DisclosurePolicy, Shown, TotalShown};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// A cycle's counters for one organisation (or several added together), per breakdown
/// group: how many answered, and per item how many gave each value (index 0 is value 1).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tallies(pub BTreeMap<(Dimension, String), GroupTallies>);

/// One group's counters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupTallies {
    pub respondents: u64,
    pub items: HashMap<String, Vec<u64>>,
}

impl Tallies {
    /// Adds `n` to a counter (item "" and value 0: the group's count of people).
    pub fn add(&mut self, d: Dimension, group: &str, item: &str, value: u8, n: u64) {
        let g = self.0.entry((d, group.to_string())).or_default();
        if item.is_empty() {
            g.respondents += n;
        } else if value > 0 {
            let counts = g.items.entry(item.to_string()).or_default();
            let at = usize::from(value - 1);
            if counts.len() <= at {
                counts.resize(at + 1, 0);
            }
            counts[at] += n;
        }
    }

    fn group(&self, d: Dimension, group: &str) -> Option<&GroupTallies> {
        self.0.get(&(d, group.to_string()))
    }

    /// How many answered in a group.
    pub fn respondents(&self, d: Dimension, group: &str) -> u64 {
        self.group(d, group).map_or(0, |g| g.respondents)
    }

    /// The groups of a breakdown that anyone answered in, in code order.
    pub fn groups(&self, d: Dimension) -> Vec<String> {
        self.0
            .iter()
            .filter(|((dim, _), g)| *dim == d && g.respondents > 0)
            .map(|((_, name), _)| name.clone())
            .collect()
    }

    /// Per value from 1 to `max`, how many in a group gave it to an item.
    fn values(&self, d: Dimension, group: &str, item: &str, max: u8) -> Vec<u64> {
        values_in(self.group(d, group), item, max)
    }
}

fn values_in(g: Option<&GroupTallies>, item: &str, max: u8) -> Vec<u64> {
    let counts = g.and_then(|g| g.items.get(item));
    (0..usize::from(max))
        .map(|k| counts.and_then(|c| c.get(k)).copied().unwrap_or(0))
        .collect()
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyStatementResult)]
pub struct StatementResult {
    pub code: String,
    pub text: String,
    /// Per cent agreeing (agree or strongly agree).
    pub agree_percent: u32,
    /// Per cent at each point of the scale, strongly disagree first.
    pub percents: Vec<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyStandardResult)]
pub struct StandardResult {
    pub code: String,
    pub title: String,
    /// Per cent of the standard's answers that agree.
    pub agree_percent: u32,
    pub statements: Vec<StatementResult>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyOptionResult)]
pub struct OptionResult {
    pub code: String,
    pub label: String,
    pub percent: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyChoiceResult)]
pub struct ChoiceResult {
    pub code: String,
    pub question: String,
    pub options: Vec<OptionResult>,
}

/// Everyone's results.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyResults)]
pub struct CycleResults {
    pub respondents: u64,
    pub standards: Vec<StandardResult>,
    pub choices: Vec<ChoiceResult>,
}

/// `part` of `whole` as a whole per cent, halves up; 0 of nothing.
fn percent(part: u64, whole: u64) -> u32 {
    if whole == 0 {
        0
    } else {
        ((part * 200 + whole) / (2 * whole)) as u32
    }
}

fn agreeing(values: &[u64]) -> u64 {
    values.iter().skip(usize::from(AGREE_FROM - 1)).sum()
}

fn scale_len(i: &Instrument) -> u8 {
    i.scale.len() as u8
}

/// Each standard's pooled agreement in one group: (agreeing, answered) per standard.
fn standard_counts(i: &Instrument, t: &Tallies, d: Dimension, group: &str) -> Vec<(u64, u64)> {
    let g = t.group(d, group);
    i.standards
        .iter()
        .map(|s| {
            s.statements.iter().fold((0, 0), |(a, n), st| {
                let v = values_in(g, &st.code, scale_len(i));
                (a + agreeing(&v), n + v.iter().sum::<u64>())
            })
        })
        .collect()
}

/// Everyone's results, or none when fewer than `min_group` answered.
pub fn results(i: &Instrument, t: &Tallies, rules: SurveyRules) -> Option<CycleResults> {
    let d = Dimension::Everyone;
    let respondents = t.respondents(d, "all");
    if respondents < rules.min_group() {
        return None;
    }
    let pooled = standard_counts(i, t, d, "all");
    let standards = i
        .standards
        .iter()
        .zip(pooled)
        .map(|(s, (agree, n))| StandardResult {
            code: s.code.clone(),
            title: s.title.clone(),
            agree_percent: percent(agree, n),
            statements: s
                .statements
                .iter()
                .map(|st| {
                    let v = t.values(d, "all", &st.code, scale_len(i));
                    let n: u64 = v.iter().sum();
                    StatementResult {
                        code: st.code.clone(),
                        text: st.text.clone(),
                        agree_percent: percent(agreeing(&v), n),
                        percents: v.iter().map(|&c| percent(c, n)).collect(),
                    }
                })
                .collect(),
        })
        .collect();
    let choices = i
        .choices
        .iter()
        .map(|c| {
            let v = t.values(d, "all", &c.code, c.options.len() as u8);
            let n: u64 = v.iter().sum();
            ChoiceResult {
                code: c.code.clone(),
                question: c.question.clone(),
                options: c
                    .options
                    .iter()
                    .zip(v)
                    .map(|(o, count)| OptionResult {
                        code: o.code.clone(),
                        label: o.label.clone(),
                        percent: percent(count, n),
                    })
                    .collect(),
            }
        })
        .collect();
    Some(CycleResults {
        respondents,
        standards,
        choices,
    })
}

/// The share agreeing across every statement's answers, where everyone's results may be
/// shown (the self-assessment's and board report's one figure for a cycle).
pub fn overall_agree(i: &Instrument, t: &Tallies, rules: SurveyRules) -> Option<u32> {
    if t.respondents(Dimension::Everyone, "all") < rules.min_group() {
        return None;
    }
    let (agree, n) = standard_counts(i, t, Dimension::Everyone, "all")
        .into_iter()
        .fold((0, 0), |(a, n), (x, y)| (a + x, n + y));
    Some(percent(agree, n))
}

/// One group shown in a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyBreakdownGroup)]
pub struct BreakdownGroup {
    /// The group's code (a team or organisation id, or a list code); the service names it.
    pub code: String,
    pub respondents: u64,
    /// Per cent agreeing, per standard in the instrument's order.
    pub agree_percents: Vec<u32>,
}

/// A breakdown as it may be shown.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyBreakdown)]
pub struct Breakdown {
    #[schema(value_type = String)]
    pub dimension: Dimension,
    pub groups: Vec<BreakdownGroup>,
    /// Groups not shown (too few answered, or hidden so that none of those can be worked
    /// out); they are not named. Their answers still count in everyone's results.
    pub hidden_groups: usize,
}

/// The groups of a breakdown that may be shown; none at all when everyone's results may
/// not be.
pub fn breakdown(i: &Instrument, t: &Tallies, d: Dimension, rules: SurveyRules) -> Breakdown {
    let groups = t.groups(d);
    let counts: Vec<u64> = groups.iter().map(|g| t.respondents(d, g)).collect();
    let total: u64 = counts.iter().sum();
    let policy = DisclosurePolicy {
        suppress_up_to: rules.min_group() - 1,
        round_to: 1,
    };
    let shown = if total < rules.min_group() {
        vec![Shown::Suppressed; counts.len()]
    } else {
        policy.protect(&counts, TotalShown::Exact).cells
    };
    let mut out = Vec::new();
    let mut hidden = 0;
    for ((g, n), s) in groups.iter().zip(&counts).zip(&shown) {
        if *s == Shown::Suppressed || *n == 0 {
            hidden += usize::from(*n > 0);
            continue;
        }
        out.push(BreakdownGroup {
            code: g.clone(),
            respondents: *n,
            agree_percents: standard_counts(i, t, d, g)
                .into_iter()
                .map(|(a, n)| percent(a, n))
                .collect(),
        });
    }
    Breakdown {
        dimension: d,
        groups: out,
        hidden_groups: hidden,
    }
}

/// One cycle in a trend: its standards' agreement where its results may be shown.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyTrendPoint)]
pub struct TrendPoint {
    pub cycle_id: i64,
    pub title: String,
    pub respondents: Option<u64>,
    /// Per cent agreeing per standard of the instrument the trend is read against (matched
    /// by standard code); none where the cycle's results may not be shown or its instrument
    /// has no such standard.
    pub agree_percents: Vec<Option<u32>>,
}

/// Each earlier cycle against `i`'s standards, oldest first.
pub fn trend(
    i: &Instrument,
    cycles: &[(i64, String, &Instrument, &Tallies)],
    rules: SurveyRules,
) -> Vec<TrendPoint> {
    cycles
        .iter()
        .map(|(id, title, their, t)| {
            let r = results(their, t, rules);
            TrendPoint {
                cycle_id: *id,
                title: title.clone(),
                respondents: r.as_ref().map(|r| r.respondents),
                agree_percents: i
                    .standards
                    .iter()
                    .map(|s| {
                        r.as_ref().and_then(|r| {
                            r.standards
                                .iter()
                                .find(|x| x.code == s.code)
                                .map(|x| x.agree_percent)
                        })
                    })
                    .collect(),
            }
        })
        .collect()
}
