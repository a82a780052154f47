//! The self-assessment benchmark's rules (issue 6: benchmarking, not league tables): each
//! organisation's values from its latest signed-off ratings (per criterion its rating, per
//! domain the mean of its rated criteria), an organisation against the median and quartiles
//! of the *other* organisations (all, the same type, the same region) with a position band
//! but never a name or a rank, and the national analyst's distributions (`national.rs`).
//!
//! Small numbers: any group with fewer organisations than the threshold
//! (`[self_assessment] benchmark_min_organisations`, never below 3) shows no figures, so
//! nobody can read one organisation's ratings off a small group; in the analyst's
//! breakdowns [`suppress_breakdown`] also hides the next smallest group when the hidden
//! ones could otherwise be worked out from the total. The statistics themselves (quartiles,
//! position) are `self_assessment::scoring`.
//!
//! Pure functions of the framework and the ratings; the service reads consent and ratings
//! (`store::benchmark::latest_ratings`) and assembles the pages.

use crate::domain::reference;
use crate::domain::self_assessment::Framework;
use crate::domain::self_assessment::scoring::{self, Position, Quartiles};
use serde::Serialize;
use std::collections::BTreeMap;

mod national;

pub use national::{
    BenchmarkDistribution, BenchmarkLevelCount, CriterionDistribution, distribution, national,
    suppress_breakdown,
};

/// What shows in place of figures for a group below the threshold.
pub fn suppressed_message(threshold: usize) -> String {
    format!("Fewer than {threshold} organisations took part")
}

/// What shows in place of figures for a group hidden only so that a smaller hidden group
/// cannot be worked out from the total (`suppress_breakdown`): it had enough organisations,
/// so saying it had too few would be untrue.
pub const HIDDEN_TO_PROTECT_ANOTHER: &str =
    "Hidden so that a smaller group's figures cannot be worked out from the total";

/// One organisation's values: per criterion its rating, per domain the mean of its rated
/// criteria. Criteria are matched by code against `f` (the framework's newest version), so
/// cycles on earlier versions count for the criteria that still exist.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgValues {
    pub org_id: i64,
    pub org_type: String,
    pub region: String,
    pub criteria: BTreeMap<String, f64>,
    pub domains: BTreeMap<String, f64>,
}

/// One consenting organisation's latest signed-off ratings on a framework, as read.
#[derive(Debug, Clone, Copy)]
pub struct OrgRatings<'a> {
    pub org_id: i64,
    pub org_type: &'a str,
    pub region: &'a str,
    /// (criterion code, rating)
    pub ratings: &'a [(String, i64)],
}

/// Each organisation's values from its latest cycle's ratings: ratings off the scale and
/// criteria the framework no longer has are left out, and an organisation with nothing left
/// to compare is not taking part.
pub fn org_values<'a>(
    f: &Framework,
    cycles: impl IntoIterator<Item = OrgRatings<'a>>,
) -> Vec<OrgValues> {
    let max = i64::from(f.scale.max());
    cycles
        .into_iter()
        .map(|c| {
            let criteria: BTreeMap<String, f64> = c
                .ratings
                .iter()
                .filter(|(code, r)| (1..=max).contains(r) && f.criterion(code).is_some())
                .map(|(code, r)| (code.clone(), *r as f64))
                .collect();
            let domains = f
                .domains
                .iter()
                .filter_map(|d| {
                    let rated: Vec<f64> = d
                        .criteria
                        .iter()
                        .filter_map(|c| criteria.get(&c.code).copied())
                        .collect();
                    (!rated.is_empty()).then(|| {
                        (
                            d.code.clone(),
                            rated.iter().sum::<f64>() / rated.len() as f64,
                        )
                    })
                })
                .collect();
            OrgValues {
                org_id: c.org_id,
                org_type: c.org_type.to_string(),
                region: c.region.to_string(),
                criteria,
                domains,
            }
        })
        .filter(|o| !o.criteria.is_empty())
        .collect()
}

/// A peer group as the organisation sees it: how many organisations, or why not.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkPeerGroup {
    /// `all`, `type` or `region`.
    pub key: String,
    pub label: String,
    /// Organisations in the group, when at least the threshold.
    pub organisations: Option<usize>,
    /// "Fewer than N organisations took part", when below it.
    pub suppressed: Option<String>,
}

/// The organisation's value against one peer group.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkComparison {
    /// `all`, `type` or `region`.
    pub group: String,
    pub quartiles: Option<Quartiles>,
    pub position: Option<Position>,
    pub position_label: Option<String>,
    pub suppressed: Option<String>,
}

/// A domain or criterion: the organisation's own value and each group's comparison.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkLine {
    pub code: String,
    /// The domain's title or the criterion's text.
    pub text: String,
    /// Own rating (criterion) or mean rating (domain); none when not applicable.
    pub own: Option<f64>,
    /// The own rating's label on the scale (criteria only).
    pub own_label: String,
    pub comparisons: Vec<BenchmarkComparison>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DomainBenchmark {
    #[serde(flatten)]
    pub domain: BenchmarkLine,
    pub criteria: Vec<BenchmarkLine>,
}

fn compare(group: &str, own: Option<f64>, peers: &[f64], threshold: usize) -> BenchmarkComparison {
    let quartiles = scoring::quartiles(peers, threshold);
    let position = match (own, &quartiles) {
        (Some(v), Some(q)) => Some(scoring::position(v, q)),
        _ => None,
    };
    BenchmarkComparison {
        group: group.to_string(),
        quartiles,
        position,
        position_label: position.map(|p| p.label().to_string()),
        suppressed: quartiles.is_none().then(|| suppressed_message(threshold)),
    }
}

/// Builds the organisation's view from every consenting organisation's values (pure).
pub fn compare_org(
    f: &Framework,
    all: &[OrgValues],
    org: i64,
    threshold: usize,
) -> Option<(Vec<BenchmarkPeerGroup>, Vec<DomainBenchmark>)> {
    let own = all.iter().find(|o| o.org_id == org)?;
    let others: Vec<&OrgValues> = all.iter().filter(|o| o.org_id != org).collect();
    let groups: [(&str, String, Vec<&OrgValues>); 3] = [
        (
            "all",
            "All other organisations taking part".to_string(),
            others.clone(),
        ),
        (
            "type",
            format!(
                "Other organisations of the same type ({})",
                reference::label_of("organisation_types", &own.org_type)
            ),
            others
                .iter()
                .copied()
                .filter(|o| o.org_type == own.org_type)
                .collect(),
        ),
        (
            "region",
            format!(
                "Other organisations in the same region ({})",
                reference::label_of("regions", &own.region)
            ),
            others
                .iter()
                .copied()
                .filter(|o| o.region == own.region)
                .collect(),
        ),
    ];
    let peer_groups = groups
        .iter()
        .map(|(key, label, members)| {
            let enough = members.len() >= threshold;
            BenchmarkPeerGroup {
                key: key.to_string(),
                label: label.clone(),
                organisations: enough.then_some(members.len()),
                suppressed: (!enough).then(|| suppressed_message(threshold)),
            }
        })
        .collect();
    let line = |code: &str, text: &str, own_v: Option<f64>, own_label: String, domain: bool| {
        let comparisons = groups
            .iter()
            .map(|(key, _, members)| {
                if members.len() < threshold {
                    return compare(key, own_v, &[], threshold);
                }
                let values: Vec<f64> = members
                    .iter()
                    .filter_map(|o| {
                        if domain {
                            o.domains.get(code).copied()
                        } else {
                            o.criteria.get(code).copied()
                        }
                    })
                    .collect();
                compare(key, own_v, &values, threshold)
            })
            .collect();
        BenchmarkLine {
            code: code.to_string(),
            text: text.to_string(),
            own: own_v,
            own_label,
            comparisons,
        }
    };
    let domains = f
        .domains
        .iter()
        .map(|d| DomainBenchmark {
            domain: line(
                &d.code,
                &d.title,
                own.domains.get(&d.code).copied(),
                String::new(),
                true,
            ),
            criteria: d
                .criteria
                .iter()
                .map(|c| {
                    let v = own.criteria.get(&c.code).copied();
                    let label = v
                        .map(|r| f.scale.label(r as u8).to_string())
                        .unwrap_or_else(|| "Not applicable".to_string());
                    line(&c.code, &c.text, v, label, false)
                })
                .collect(),
        })
        .collect();
    Some((peer_groups, domains))
}

#[cfg(test)]
mod tests;
