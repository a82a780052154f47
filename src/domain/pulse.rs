//! The supervision quality pulse: after a held session the supervisee may answer four short
//! statements on a five-point agreement scale (issue 3). This module holds the wording (data
//! in `data/pulse.toml`), parses answers, and aggregates them with one privacy rule: a group
//! (organisation, team or supervisor) is shown only once it has at least the configured
//! number of responses, so that no manager ever sees one person's answers.

pub use super::disclosure::{SMALLEST_GROUP, released, threshold};
use super::field_errors::FieldErrors;
use super::reference::RefList;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The statement codes, in the order scores are held. They are database columns, so the
/// wording may change in `data/pulse.toml` but these may not.
pub const STATEMENTS: [&str; 4] = [
    "reflective_space",
    "decisions_supported",
    "wellbeing_workload",
    "actions_clear",
];

/// The statements and the scale labels, each with its source.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PulseWording {
    pub statements: RefList,
    pub scale: RefList,
}

const PULSE_TOML: &str = include_str!("../../data/pulse.toml");

/// The embedded wording, parsed once. A malformed file is caught by the unit test below.
pub fn wording() -> &'static PulseWording {
    static W: OnceLock<PulseWording> = OnceLock::new();
    W.get_or_init(|| toml::from_str(PULSE_TOML).expect("data/pulse.toml is valid"))
}

/// One person's four answers, 1 to 5, in [`STATEMENTS`] order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Scores(pub [u8; 4]);

/// One answer: required, a whole number from 1 to 5.
pub fn parse_score(statement: &str, value: &str) -> Result<u8, String> {
    match value.trim().parse::<u8>() {
        Ok(n) if (1..=5).contains(&n) => Ok(n),
        _ => Err(format!(
            "Select how much you agree with \"{}\"",
            wording().statements.label(statement)
        )),
    }
}

/// All four answers, or a message per missing or invalid one (field = statement code).
pub fn parse_scores(values: [&str; 4]) -> Result<Scores, Vec<(&'static str, String)>> {
    let mut scores = [0u8; 4];
    let mut errors = Vec::new();
    for (i, code) in STATEMENTS.iter().enumerate() {
        match parse_score(code, values[i]) {
            Ok(n) => scores[i] = n,
            Err(e) => errors.push((*code, e)),
        }
    }
    if errors.is_empty() {
        Ok(Scores(scores))
    } else {
        Err(errors)
    }
}

/// The answers as sent by the form or the API: each "1" to "5".
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PulseInput {
    /// Supervision gave me space to reflect on my practice (1 strongly disagree to 5 strongly agree).
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub reflective_space: String,
    /// I felt supported with the decisions I am making.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub decisions_supported: String,
    /// My wellbeing and workload were discussed.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub wellbeing_workload: String,
    /// I am clear about the actions we agreed.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub actions_clear: String,
}

impl PulseInput {
    /// All four answers, or a message against each missing or invalid one.
    pub fn parse(&self) -> Result<Scores, FieldErrors> {
        parse_scores([
            &self.reflective_space,
            &self.decisions_supported,
            &self.wellbeing_workload,
            &self.actions_clear,
        ])
        .map_err(|errors| {
            let mut e = FieldErrors::default();
            for (field, message) in errors {
                e.add(field, message);
            }
            e
        })
    }
}

/// Results for one statement in a group large enough to show.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct StatementResult {
    pub code: String,
    pub statement: String,
    /// Mean score, 1 (strongly disagree) to 5 (strongly agree).
    pub mean: f64,
    /// How many answered 1, 2, 3, 4 and 5.
    pub counts: Vec<u64>,
}

/// A group's results: present only at or above the threshold.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct GroupResult {
    pub responses: u64,
    pub statements: Vec<StatementResult>,
}

/// The results of a group of responses, or `None` below the threshold (see [`threshold`]).
pub fn aggregate(scores: &[Scores], configured_threshold: u32) -> Option<GroupResult> {
    let n = scores.len() as u64;
    if n < u64::from(threshold(configured_threshold)) {
        return None;
    }
    let statements = STATEMENTS
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let mut counts = vec![0u64; 5];
            for s in scores {
                counts[usize::from(s.0[i].clamp(1, 5) - 1)] += 1;
            }
            let total: u64 = counts.iter().zip(1u64..).map(|(c, v)| c * v).sum();
            StatementResult {
                code: (*code).to_string(),
                statement: wording().statements.label(code).to_string(),
                mean: total as f64 / n as f64,
                counts,
            }
        })
        .collect();
    Some(GroupResult {
        responses: n,
        statements,
    })
}

/// Every group present in `rows`, each with its results or `None` when suppressed.
pub fn by_group<K: Ord + Clone>(
    rows: &[(K, Scores)],
    configured_threshold: u32,
) -> BTreeMap<K, Option<GroupResult>> {
    let mut groups: BTreeMap<K, Vec<Scores>> = BTreeMap::new();
    for (k, s) in rows {
        groups.entry(k.clone()).or_default().push(*s);
    }
    groups
        .into_iter()
        .map(|(k, v)| (k, aggregate(&v, configured_threshold)))
        .collect()
}

/// The rule in words, for the pages that show or ask for answers.
pub fn explanation(configured_threshold: u32) -> String {
    format!(
        "Answers are only ever shown grouped, for a supervisor, a team or the organisation, and only once at least {} people have answered. Results change once a month at most, and only by at least that many answers, so nobody can work out one person's answers.",
        threshold(configured_threshold)
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn month(i: u32) -> String {
        format!("{:04}-{:02}", 2020 + i / 12, i % 12 + 1)
    }

    proptest! {
        /// Looking one month later, the responses a group shows change only by whole blocks:
        /// whatever was added holds at least the threshold of responses, and so does whatever
        /// was dropped, so no single answer can be isolated by subtraction.
        #[test]
        fn released_results_move_in_blocks_of_at_least_the_threshold(
            months in proptest::collection::vec(0u32..30, 0..60),
            t in 3u32..8,
            now in 1u32..32,
            window in 0u32..24,
        ) {
            let rows: Vec<(String, Scores)> = months.iter().map(|m| (month(*m), Scores([3, 3, 3, 3]))).collect();
            let at = |now: u32| -> std::collections::BTreeSet<usize> {
                let start = month(now.saturating_sub(window));
                released(&rows, t, &month(now), &start)
                    .into_iter()
                    .map(|s| rows.iter().position(|(_, r)| std::ptr::eq(r, s)).unwrap())
                    .collect()
            };
            let (before, after) = (at(now), at(now + 1));
            let added = after.difference(&before).count() as u32;
            let dropped = before.difference(&after).count() as u32;
            prop_assert!(added == 0 || added >= t, "added {added} with threshold {t}");
            prop_assert!(dropped == 0 || dropped >= t, "dropped {dropped} with threshold {t}");
            prop_assert!(before.is_empty() || before.len() as u32 >= t);
        }
    }

    #[test]
    fn nothing_from_the_current_month_and_blocks_wait_for_the_threshold() {
        let s = Scores([4, 4, 4, 4]);
        let rows: Vec<(String, Scores)> = [
            "2026-01", "2026-01", "2026-02", "2026-03", "2026-03", "2026-04",
        ]
        .iter()
        .map(|m| (m.to_string(), s))
        .collect();
        // Blocks: Jan+Feb+Mar (5 responses) then Apr (1, still open). March is incomplete
        // until April begins.
        assert_eq!(released(&rows, 5, "2026-03", "2025-01").len(), 0);
        assert_eq!(released(&rows, 5, "2026-04", "2025-01").len(), 5);
        assert_eq!(released(&rows, 5, "2026-05", "2025-01").len(), 5);
        // A window starting inside the first block shows none of it.
        assert_eq!(released(&rows, 5, "2026-05", "2026-02").len(), 0);
    }

    #[test]
    fn wording_has_the_four_statements_and_five_points() {
        let w = wording();
        let codes: Vec<&str> = w.statements.items.iter().map(|i| i.code.as_str()).collect();
        assert_eq!(codes, STATEMENTS);
        assert_eq!(w.scale.items.len(), 5);
        assert_eq!(w.scale.label("1"), "Strongly disagree");
        assert_eq!(w.scale.label("5"), "Strongly agree");
    }

    #[test]
    fn each_answer_is_required_and_named() {
        assert_eq!(
            parse_scores(["1", "5", " 3 ", "4"]),
            Ok(Scores([1, 5, 3, 4]))
        );
        let e = parse_scores(["", "6", "0", "x"]).unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(fields, STATEMENTS);
        assert!(e[0].1.contains("space to reflect"));
    }

    #[test]
    fn the_threshold_never_falls_below_three() {
        assert_eq!(threshold(0), 3);
        assert_eq!(threshold(1), 3);
        assert_eq!(threshold(5), 5);
        assert!(aggregate(&[Scores([5; 4]); 2], 1).is_none());
    }

    #[test]
    fn means_and_counts() {
        let r = aggregate(
            &[
                Scores([1, 2, 3, 4]),
                Scores([5, 2, 3, 4]),
                Scores([3, 2, 3, 5]),
            ],
            3,
        )
        .unwrap();
        assert_eq!(r.responses, 3);
        assert_eq!(r.statements[0].mean, 3.0);
        assert_eq!(r.statements[0].counts, vec![1, 0, 1, 0, 1]);
        assert_eq!(r.statements[3].counts, vec![0, 0, 0, 2, 1]);
    }

    fn scores() -> impl Strategy<Value = Scores> {
        prop::array::uniform4(1u8..=5).prop_map(Scores)
    }

    proptest! {
        #[test]
        fn below_the_threshold_nothing_is_returned(v in prop::collection::vec(scores(), 0..30), t in 0u32..20) {
            let r = aggregate(&v, t);
            prop_assert_eq!(r.is_some(), v.len() as u32 >= threshold(t));
        }

        #[test]
        fn means_lie_between_one_and_five(v in prop::collection::vec(scores(), 0..40), t in 0u32..10) {
            if let Some(r) = aggregate(&v, t) {
                for s in r.statements {
                    prop_assert!((1.0..=5.0).contains(&s.mean));
                    prop_assert_eq!(s.counts.iter().sum::<u64>(), r.responses);
                }
            }
        }

        #[test]
        fn adding_a_response_never_reveals_fewer_groups(
            rows in prop::collection::vec((0u8..4, scores()), 0..40),
            extra in (0u8..4, scores()),
            t in 0u32..8,
        ) {
            let shown = |rows: &[(u8, Scores)]| by_group(rows, t).values().filter(|g| g.is_some()).count();
            let before = shown(&rows);
            let mut more = rows.clone();
            more.push(extra);
            prop_assert!(shown(&more) >= before);
        }
    }

    proptest! {
        /// Answers 1 to 5 parse to the scores in statement order; anything else is named
        /// against its own statement's field.
        #[test]
        fn pulse_answers_parse_in_order_or_name_their_field(
            answers in proptest::collection::vec(
                crate::domain::input::testing::typed(&["1", "3", "5", "0", "6", " 4 "]),
                4,
            ),
        ) {
            let input = PulseInput {
                reflective_space: answers[0].clone(),
                decisions_supported: answers[1].clone(),
                wellbeing_workload: answers[2].clone(),
                actions_clear: answers[3].clone(),
            };
            match input.parse() {
                Ok(Scores(s)) => {
                    for (score, answer) in s.iter().zip(&answers) {
                        prop_assert_eq!(Some(*score), answer.trim().parse::<u8>().ok());
                    }
                }
                Err(e) => {
                    let unknown = crate::domain::input::testing::unknown_fields(&input, &e);
                    prop_assert!(unknown.is_empty(), "{:?}", e);
                    let wrong = answers.iter().filter(|a| parse_score("", a).is_err()).count();
                    prop_assert_eq!(e.0.len(), wrong);
                }
            }
        }
    }
}
