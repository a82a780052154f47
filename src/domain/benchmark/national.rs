//! The national analyst's view of the benchmark: per criterion, the organisations that
//! rated it, how many gave each level and the quartiles, overall and by organisation type
//! and region, without names; every group below the threshold suppressed, and within a
//! breakdown the next smallest groups too, so that the hidden groups cannot be worked out
//! from the total (`suppress_breakdown`).

use super::{HIDDEN_TO_PROTECT_ANOTHER, OrgValues, suppressed_message};
use crate::domain::reference;
use crate::domain::self_assessment::Framework;
use crate::domain::self_assessment::scoring::{self, Quartiles};
use serde::Serialize;

/// How many organisations gave one rating level.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkLevelCount {
    pub value: u8,
    pub label: String,
    pub organisations: usize,
}

/// One group's distribution for one criterion, or the suppression message.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkDistribution {
    /// The group: `all`, an organisation type code or a region code.
    pub code: String,
    pub label: String,
    /// Organisations that rated the criterion, when at least the threshold.
    pub organisations: Option<usize>,
    /// Organisations per rating level (empty when suppressed).
    pub levels: Vec<BenchmarkLevelCount>,
    pub quartiles: Option<Quartiles>,
    pub suppressed: Option<String>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CriterionDistribution {
    pub domain_code: String,
    pub domain_title: String,
    pub code: String,
    pub text: String,
    pub all: BenchmarkDistribution,
    pub by_type: Vec<BenchmarkDistribution>,
    pub by_region: Vec<BenchmarkDistribution>,
}

/// The distribution of `ratings` (one per organisation), or the message when fewer than the
/// threshold.
pub fn distribution(
    f: &Framework,
    code: &str,
    label: &str,
    ratings: &[f64],
    threshold: usize,
) -> BenchmarkDistribution {
    let quartiles = scoring::quartiles(ratings, threshold);
    let shown = quartiles.is_some();
    BenchmarkDistribution {
        code: code.to_string(),
        label: label.to_string(),
        organisations: shown.then_some(ratings.len()),
        levels: if shown {
            f.scale
                .levels
                .iter()
                .map(|l| BenchmarkLevelCount {
                    value: l.value,
                    label: l.label.clone(),
                    organisations: ratings.iter().filter(|r| **r == f64::from(l.value)).count(),
                })
                .collect()
        } else {
            Vec::new()
        },
        quartiles,
        suppressed: (!shown).then(|| suppressed_message(threshold)),
    }
}

/// Secondary suppression within one breakdown: when the groups already suppressed hold
/// between 1 and `threshold - 1` organisations between them, the total minus the groups
/// shown would give their figures away, so the smallest shown groups are suppressed too
/// until the suppressed groups hold at least the threshold (or every group is suppressed).
/// `sizes[i]` is group i's number of organisations; returns which groups to suppress.
///
/// What it guarantees (each held by a property test in `tests.rs`): every group below the
/// threshold is hidden, empty ones included; the hidden groups hold between them nothing,
/// at least the threshold, or the whole breakdown (and then fewer than the threshold, so
/// the total is hidden too), so the total minus the groups shown gives a sum, never one
/// group with any organisations in it; at most one group at or above the threshold is
/// hidden, and it is no larger than any group shown; a higher threshold hides at least as
/// much; the order of the groups changes only which of two equal groups goes. One shown
/// group always suffices (it holds at least the threshold), so the loop turns at most once.
///
/// What it does not guarantee: a group hidden for the second reason is by rule the smallest
/// shown, so someone who knows this rule can narrow the small groups' sum to between the
/// hidden total minus the smallest group still shown and `threshold - 1`. At sizes
/// `[4, 100, 100]` and threshold 5 the hidden pair must be 4 and 100 (though not which is
/// which).
pub fn suppress_breakdown(sizes: &[usize], threshold: usize) -> Vec<bool> {
    let mut hidden: Vec<bool> = sizes.iter().map(|n| *n < threshold).collect();
    loop {
        let hidden_total: usize = sizes
            .iter()
            .zip(&hidden)
            .filter(|(_, h)| **h)
            .map(|(n, _)| n)
            .sum();
        if hidden_total == 0 || hidden_total >= threshold {
            return hidden;
        }
        let next = sizes
            .iter()
            .enumerate()
            .filter(|(i, _)| !hidden[*i])
            .min_by_key(|(i, n)| (**n, *i))
            .map(|(i, _)| i);
        match next {
            Some(i) => hidden[i] = true,
            None => return hidden,
        }
    }
}

fn breakdown(
    f: &Framework,
    list: &str,
    criterion: &str,
    orgs: &[OrgValues],
    key: impl Fn(&OrgValues) -> &str,
    threshold: usize,
) -> Vec<BenchmarkDistribution> {
    let items = reference::items_of(list);
    let ratings: Vec<Vec<f64>> = items
        .iter()
        .map(|item| {
            orgs.iter()
                .filter(|o| key(o) == item.code)
                .filter_map(|o| o.criteria.get(criterion).copied())
                .collect()
        })
        .collect();
    let sizes: Vec<usize> = ratings.iter().map(Vec::len).collect();
    let hidden = suppress_breakdown(&sizes, threshold);
    items
        .iter()
        .zip(ratings)
        .zip(hidden)
        .map(|((item, r), hide)| {
            let protects_another = hide && r.len() >= threshold;
            let r: &[f64] = if hide { &[] } else { &r };
            let mut d = distribution(f, &item.code, &item.label, r, threshold);
            if protects_another {
                d.suppressed = Some(HIDDEN_TO_PROTECT_ANOTHER.to_string());
            }
            d
        })
        .collect()
}

/// Builds the national view from every consenting organisation's values (pure).
pub fn national(f: &Framework, orgs: &[OrgValues], threshold: usize) -> Vec<CriterionDistribution> {
    f.criteria()
        .map(|(d, c)| {
            let all: Vec<f64> = orgs
                .iter()
                .filter_map(|o| o.criteria.get(&c.code).copied())
                .collect();
            CriterionDistribution {
                domain_code: d.code.clone(),
                domain_title: d.title.clone(),
                code: c.code.clone(),
                text: c.text.clone(),
                all: distribution(f, "all", "All organisations taking part", &all, threshold),
                by_type: breakdown(
                    f,
                    "organisation_types",
                    &c.code,
                    orgs,
                    |o| &o.org_type,
                    threshold,
                ),
                by_region: breakdown(f, "regions", &c.code, orgs, |o| &o.region, threshold),
            }
        })
        .collect()
}
