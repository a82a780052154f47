//! The national picture from the counted returns at one collection date (docs/stocktake.md,
//! "What is published from returns"): England's figures exact (but no special-category
//! group from 1 to the policy's limit), each region's through the disclosure policy with
//! secondary suppression. Pure: the service reads the returns and
//! the organisations' regions.

use super::{Cell, Dimension, Employer, Hundredths, Measure};
use crate::domain::disclosure::{DisclosurePolicy, Shown, TotalShown};
use serde::Serialize;
use std::collections::BTreeMap;

/// One organisation's counted return as the national picture reads it: its region and its
/// summary. Summaries are kept with each return when it is stored (`ReturnSummary::of` its
/// cells), so a national view reads one row per organisation, not every cell.
#[derive(Debug, Clone)]
pub struct OrgReturn {
    pub org_id: i64,
    pub region: String,
    pub summary: ReturnSummary,
}

/// What the national picture needs of one return: its totals and its in-post counts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReturnSummary {
    pub totals: Totals,
    pub in_post: InPostCounts,
}

impl ReturnSummary {
    pub fn of(cells: &[Cell]) -> ReturnSummary {
        ReturnSummary {
            totals: Totals::of(cells),
            in_post: in_post_counts(cells),
        }
    }
}

/// People in post by dimension and category, both employers together: what an area's
/// distributions are drawn from.
pub type InPostCounts = BTreeMap<(Dimension, String), u64>;

/// The in-post counts of `cells` (one return's, or many returns' together).
pub fn in_post_counts<'a>(cells: impl IntoIterator<Item = &'a Cell>) -> InPostCounts {
    let mut out = InPostCounts::new();
    for c in cells {
        if let (Measure::InPost, Some(d)) = (c.measure, c.dimension) {
            *out.entry((d, c.category.clone())).or_default() += c.headcount.unwrap_or(0);
        }
    }
    out
}

/// Adds `more` into `into`.
fn add_counts(into: &mut InPostCounts, more: &InPostCounts) {
    for (k, n) in more {
        *into.entry(k.clone()).or_default() += n;
    }
}

/// An organisation's headline figures, from its return's totals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    pub headcount: u64,
    pub wte: Hundredths,
    pub nhs_headcount: u64,
    pub nhs_wte: Hundredths,
    pub amhps: u64,
    pub bias: u64,
    pub population: Option<u64>,
}

impl Totals {
    pub fn of(cells: &[Cell]) -> Totals {
        let mut t = Totals::default();
        for c in cells {
            let total = c.dimension == Some(Dimension::Total);
            let (n, w) = (c.headcount.unwrap_or(0), c.wte.unwrap_or(0));
            match c.measure {
                Measure::InPost if total => {
                    t.headcount += n;
                    t.wte += w;
                    if c.employer == Some(Employer::Nhs) {
                        t.nhs_headcount += n;
                        t.nhs_wte += w;
                    }
                }
                Measure::Amhp if total => t.amhps += n,
                Measure::Bia if total => t.bias += n,
                Measure::RegisteredPopulation => t.population = c.headcount,
                _ => {}
            }
        }
        t
    }

    fn add(&mut self, o: &Totals) {
        self.headcount += o.headcount;
        self.wte += o.wte;
        self.nhs_headcount += o.nhs_headcount;
        self.nhs_wte += o.nhs_wte;
        self.amhps += o.amhps;
        self.bias += o.bias;
        self.population = match (self.population, o.population) {
            (Some(a), Some(b)) => Some(a + b),
            (a, b) => a.or(b),
        };
    }

    /// WTE per 100,000 of the registered population.
    pub fn wte_per_100k(&self) -> Option<f64> {
        self.population
            .filter(|p| *p > 0)
            .map(|p| self.wte as f64 / 100.0 / p as f64 * 100_000.0)
    }
}

/// The mean, lowest and highest of a figure across organisations.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Spread {
    pub mean: f64,
    pub min: f64,
    pub max: f64,
    /// How many organisations it is over.
    pub organisations: usize,
}

fn spread(values: &[f64]) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    let min = values.iter().copied().fold(f64::INFINITY, f64::min);
    let max = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(Spread {
        mean: values.iter().sum::<f64>() / values.len() as f64,
        min,
        max,
        organisations: values.len(),
    })
}

/// One group of a distribution.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Group {
    pub code: String,
    /// Headcount: exact for England, through the policy for a region.
    pub headcount: Shown,
    /// Percentage of the distribution's total (one decimal), from the figures as shown;
    /// none where the group is hidden.
    pub share: Option<f64>,
}

/// A distribution of people in post by one dimension.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Distribution {
    pub dimension: String,
    pub total: Shown,
    pub groups: Vec<Group>,
}

/// Figures for England or one region.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct AreaFigures {
    /// A region's code, or "england".
    pub area: String,
    /// Organisations with a counted return.
    pub organisations: usize,
    /// Of those, organisations with nobody in post (counts of organisations, not people,
    /// so never suppressed).
    pub employing_none: usize,
    pub headcount: Shown,
    /// WTE: exact (two decimals) for England, to the nearest whole number for a region and
    /// hidden with its headcount.
    pub wte: Option<f64>,
    /// Percentage of WTE employed by NHS bodies (the rest by others), one decimal.
    pub nhs_share: Option<f64>,
    pub nhs_wte: Option<f64>,
    pub other_wte: Option<f64>,
    pub amhps: Shown,
    pub bias: Shown,
    /// WTE per 100,000 registered population, over the area's organisations together.
    pub wte_per_100k: Option<f64>,
    /// WTE per 100,000 per organisation: mean, lowest and highest (organisations with a
    /// population).
    pub per_organisation: Option<Spread>,
    pub distributions: Vec<Distribution>,
    /// Percentage disabled of those whose disability status is recorded.
    pub disabled_of_recorded: Option<f64>,
    /// How many have a recorded disability status.
    pub disability_recorded: Shown,
}

/// The categories each distribution lists, in order, zeros included.
pub type Categories = Vec<(Dimension, Vec<String>)>;

/// The distributions published, with their categories from the reference lists.
pub fn categories() -> Categories {
    [
        Dimension::Band,
        Dimension::AgeGroup,
        Dimension::EthnicCategory,
        Dimension::Sex,
        Dimension::Disability,
        Dimension::ServiceModel,
    ]
    .into_iter()
    .map(|d| (d, d.categories()))
    .collect()
}

/// One dimension's counts by category.
fn counts(of: &InPostCounts, d: Dimension) -> BTreeMap<String, u64> {
    of.iter()
        .filter(|((dim, _), _)| *dim == d)
        .map(|((_, category), n)| (category.clone(), *n))
        .collect()
}

fn percent(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

fn value(s: Shown) -> Option<u64> {
    match s {
        Shown::Value(v) => Some(v),
        Shown::Suppressed => None,
    }
}

/// How an area's counts are published.
#[derive(Debug, Clone, Copy)]
pub enum Publish {
    /// England (or an organisation's own figures): exactly, except the breakdowns of
    /// special-category data (ethnic category, sex, disability), whose counts from 1 to
    /// the policy's limit are hidden (with secondary suppression beside the exact total)
    /// but not rounded: a small group is never shown, whoever looks.
    Exact(DisclosurePolicy),
    /// A region: through the policy, with secondary suppression.
    Controlled(DisclosurePolicy),
}

/// Breakdowns of special-category data.
fn special_category(d: Dimension) -> bool {
    matches!(
        d,
        Dimension::EthnicCategory | Dimension::Sex | Dimension::Disability
    )
}

impl Publish {
    fn count(self, n: u64) -> Shown {
        match self {
            Publish::Exact(_) => Shown::Value(n),
            Publish::Controlled(p) => p.show(n),
        }
    }

    fn distribution(
        self,
        d: Dimension,
        cats: &[String],
        counted: &BTreeMap<String, u64>,
    ) -> Distribution {
        let mut codes: Vec<String> = cats.to_vec();
        codes.extend(counted.keys().filter(|k| !cats.contains(k)).cloned());
        let raw: Vec<u64> = codes
            .iter()
            .map(|c| counted.get(c).copied().unwrap_or(0))
            .collect();
        let (cells, total) = match self {
            Publish::Exact(p) if special_category(d) => {
                let unrounded = DisclosurePolicy { round_to: 1, ..p };
                let b = unrounded.protect(&raw, TotalShown::Exact);
                (b.cells, b.total)
            }
            Publish::Exact(_) => (
                raw.iter().map(|n| Shown::Value(*n)).collect::<Vec<_>>(),
                Shown::Value(raw.iter().sum()),
            ),
            Publish::Controlled(p) => {
                let b = p.protect(&raw, TotalShown::ByTheRule);
                (b.cells, b.total)
            }
        };
        // Shares from the figures as shown, over the shown cells' sum (so that a reader's
        // own arithmetic agrees with the page).
        let shown_sum: u64 = cells.iter().filter_map(|c| value(*c)).sum();
        let groups = codes
            .into_iter()
            .zip(cells)
            .map(|(code, headcount)| Group {
                code,
                share: value(headcount).and_then(|v| percent(v, shown_sum)),
                headcount,
            })
            .collect();
        Distribution {
            dimension: d.code().to_string(),
            total,
            groups,
        }
    }
}

/// An area's figures from its organisations' totals and its in-post counts.
pub fn area_figures(
    area: &str,
    per_org: &[Totals],
    in_post: &InPostCounts,
    publish: Publish,
    cats: &Categories,
) -> AreaFigures {
    let mut t = Totals::default();
    for o in per_org {
        t.add(o);
    }
    let headcount = publish.count(t.headcount);
    let shown = value(headcount).is_some();
    let wte = |w: Hundredths| match publish {
        Publish::Exact(_) => Some(w as f64 / 100.0),
        Publish::Controlled(_) => shown.then(|| (w as f64 / 100.0).round()),
    };
    let ratios: Vec<f64> = per_org.iter().filter_map(Totals::wte_per_100k).collect();
    let distributions: Vec<Distribution> = cats
        .iter()
        .map(|(d, list)| publish.distribution(*d, list, &counts(in_post, *d)))
        .collect();
    let disability = distributions
        .iter()
        .find(|d| d.dimension == Dimension::Disability.code());
    let shown_of = |code: &str| {
        disability
            .and_then(|d| d.groups.iter().find(|g| g.code == code))
            .and_then(|g| value(g.headcount))
    };
    let (yes, no) = (shown_of("yes"), shown_of("no"));
    let recorded = match (yes, no) {
        (Some(y), Some(n)) => Shown::Value(y + n),
        _ => Shown::Suppressed,
    };
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    AreaFigures {
        area: area.to_string(),
        organisations: per_org.len(),
        employing_none: per_org.iter().filter(|o| o.headcount == 0).count(),
        headcount,
        wte: wte(t.wte),
        nhs_share: shown.then(|| percent(t.nhs_wte, t.wte)).flatten(),
        nhs_wte: wte(t.nhs_wte),
        other_wte: wte(t.wte - t.nhs_wte),
        amhps: publish.count(t.amhps),
        bias: publish.count(t.bias),
        wte_per_100k: shown.then(|| t.wte_per_100k().map(round2)).flatten(),
        per_organisation: spread(&ratios).map(|s| Spread {
            mean: round2(s.mean),
            min: round2(s.min),
            max: round2(s.max),
            ..s
        }),
        disabled_of_recorded: match (yes, value(recorded)) {
            (Some(y), Some(r)) => percent(y, r),
            _ => None,
        },
        disability_recorded: recorded,
        distributions,
    }
}

/// The in-post counts of `returns` added up by their region.
pub fn in_post_by_region(returns: &[OrgReturn]) -> BTreeMap<String, InPostCounts> {
    let mut out: BTreeMap<String, InPostCounts> = BTreeMap::new();
    for r in returns {
        add_counts(out.entry(r.region.clone()).or_default(), &r.summary.in_post);
    }
    out
}

/// England's figures and each region's (every region in `regions`, in order, those with no
/// return included).
pub fn national(
    returns: &[OrgReturn],
    regions: &[String],
    policy: DisclosurePolicy,
) -> (AreaFigures, Vec<AreaFigures>) {
    let cats = categories();
    let totals_in = |region: Option<&String>| -> Vec<Totals> {
        returns
            .iter()
            .filter(|r| region.is_none_or(|code| &r.region == code))
            .map(|r| r.summary.totals)
            .collect()
    };
    let in_post_by_region = in_post_by_region(returns);
    let mut everywhere = InPostCounts::new();
    for counts in in_post_by_region.values() {
        add_counts(&mut everywhere, counts);
    }
    let england = area_figures(
        "england",
        &totals_in(None),
        &everywhere,
        Publish::Exact(policy),
        &cats,
    );
    let none = InPostCounts::new();
    let by_region = regions
        .iter()
        .map(|code| {
            let counts = in_post_by_region.get(code).unwrap_or(&none);
            area_figures(
                code,
                &totals_in(Some(code)),
                counts,
                Publish::Controlled(policy),
                &cats,
            )
        })
        .collect();
    (england, by_region)
}

/// The groups of Agenda for Change bands the 2019 stocktake reported (bands 6, 7, and 8a
/// to 8d), with the rest, as shares of England's band distribution.
pub fn band_group(code: &str) -> &'static str {
    match code {
        "1" | "2" | "3" | "4" | "5" => "5_and_below",
        "6" => "6",
        "7" => "7",
        "8a" | "8b" | "8c" | "8d" => "8a_to_8d",
        "9" | "vsm" => "9_and_vsm",
        "council" => "council",
        _ => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(d: Dimension, category: &str, n: u64) -> Cell {
        Cell {
            row: 0,
            measure: Measure::InPost,
            employer: Some(Employer::Nhs),
            dimension: Some(d),
            category: category.into(),
            headcount: Some(n),
            wte: Some(n * 100),
        }
    }

    #[test]
    fn england_is_exact_but_never_shows_a_small_special_category_group() {
        let cells = vec![
            cell(Dimension::Total, "all", 43),
            cell(Dimension::Band, "6", 40),
            cell(Dimension::Band, "7", 3),
            cell(Dimension::EthnicCategory, "A", 40),
            cell(Dimension::EthnicCategory, "N", 3),
        ];
        let r = OrgReturn {
            org_id: 1,
            region: "Y56".into(),
            summary: ReturnSummary::of(&cells),
        };
        let (england, regions) = national(&[r], &["Y56".into()], DisclosurePolicy::default());
        let group = |a: &AreaFigures, d: &str, c: &str| {
            let dist = a.distributions.iter().find(|x| x.dimension == d).unwrap();
            dist.groups.iter().find(|g| g.code == c).unwrap().headcount
        };
        assert_eq!(england.headcount, Shown::Value(43));
        assert_eq!(
            group(&england, "band", "7"),
            Shown::Value(3),
            "bands are exact"
        );
        assert_eq!(group(&england, "ethnic_category", "N"), Shown::Suppressed);
        assert_eq!(
            group(&england, "ethnic_category", "A"),
            Shown::Suppressed,
            "hidden too, or 43 - 40 gives the 3 back"
        );
        assert_eq!(
            regions[0].headcount,
            Shown::Value(45),
            "a region's is rounded"
        );
        assert_eq!(group(&regions[0], "band", "7"), Shown::Suppressed);
    }

    #[test]
    fn in_post_counts_are_added_up_within_each_region_only() {
        let of = |region: &str, cells: &[Cell]| OrgReturn {
            org_id: 0,
            region: region.into(),
            summary: ReturnSummary::of(cells),
        };
        let returns = [
            of(
                "Y56",
                &[cell(Dimension::Band, "6", 4), cell(Dimension::Band, "7", 1)],
            ),
            of("Y56", &[cell(Dimension::Band, "6", 2)]),
            of("Y58", &[cell(Dimension::Band, "6", 9)]),
        ];
        let by_region = in_post_by_region(&returns);
        let band = |region: &str, c: &str| by_region[region][&(Dimension::Band, c.to_string())];
        assert_eq!(band("Y56", "6"), 6);
        assert_eq!(band("Y56", "7"), 1);
        assert_eq!(band("Y58", "6"), 9);
        assert_eq!(by_region.len(), 2);
    }
}
