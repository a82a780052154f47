use super::*;
use crate::domain::self_assessment::Frameworks;
use proptest::prelude::*;
use std::sync::Arc;

fn hee() -> Arc<Framework> {
    static HEE: std::sync::LazyLock<Arc<Framework>> = std::sync::LazyLock::new(|| {
        Frameworks::load(None)
            .unwrap()
            .latest_of("hee-considerations")
            .unwrap()
    });
    HEE.clone()
}

/// One organisation's ratings as read: (organisation, type, region, ratings).
type Cycle = (i64, String, String, Vec<(String, i64)>);

fn cycle(org: i64, org_type: &str, region: &str, ratings: &[(&str, i64)]) -> Cycle {
    (
        org,
        org_type.into(),
        region.into(),
        ratings.iter().map(|(c, r)| (c.to_string(), *r)).collect(),
    )
}

fn values_of(f: &Framework, rows: &[Cycle]) -> Vec<OrgValues> {
    org_values(
        f,
        rows.iter()
            .map(|(org_id, org_type, region, ratings)| OrgRatings {
                org_id: *org_id,
                org_type,
                region,
                ratings,
            }),
    )
}

#[test]
fn values_group_by_organisation_and_domains_are_means_of_rated_criteria() {
    let f = hee();
    let d1: Vec<&str> = f.domains[0]
        .criteria
        .iter()
        .map(|c| c.code.as_str())
        .collect();
    let rows = vec![
        // Unknown criterion codes (a withdrawn criterion) and ratings off the scale are ignored.
        cycle(
            1,
            "nhs_trust",
            "Y62",
            &[(d1[0], 1), (d1[1], 4), ("99.99", 4), (d1[2], 9)],
        ),
        cycle(2, "independent", "Y56", &[(d1[0], 3)]),
        cycle(3, "independent", "Y56", &[("99.99", 3)]),
    ];
    let v = values_of(&f, &rows);
    assert_eq!(v.len(), 2, "nothing left to compare: not taking part");
    assert_eq!(v[0].criteria.len(), 2);
    assert_eq!(v[0].domains.get("1"), Some(&2.5));
    assert_eq!(v[0].domains.get("2"), None, "nothing rated in domain 2");
    assert_eq!(v[1].domains.get("1"), Some(&3.0));
}

fn orgs(f: &Framework, specs: &[(i64, &str, &str, i64)]) -> Vec<OrgValues> {
    let code = &f.domains[0].criteria[0].code;
    let rows: Vec<Cycle> = specs
        .iter()
        .map(|(o, t, r, rating)| cycle(*o, t, r, &[(code.as_str(), *rating)]))
        .collect();
    values_of(f, &rows)
}

#[test]
fn an_organisation_is_compared_with_the_others_only_and_small_groups_show_nothing() {
    let f = hee();
    // Org 1 plus five other trusts in the North West and two councils elsewhere.
    let all = orgs(
        &f,
        &[
            (1, "nhs_trust", "Y62", 4),
            (2, "nhs_trust", "Y62", 1),
            (3, "nhs_trust", "Y62", 2),
            (4, "nhs_trust", "Y62", 2),
            (5, "nhs_trust", "Y62", 3),
            (6, "nhs_trust", "Y62", 3),
            (7, "local_authority", "Y56", 1),
            (8, "local_authority", "Y56", 1),
        ],
    );
    let (groups, domains) = compare_org(&f, &all, 1, 5).unwrap();
    assert_eq!(groups[0].organisations, Some(7));
    assert_eq!(groups[1].organisations, Some(5));
    assert_eq!(groups[2].organisations, Some(5));
    let c = &domains[0].criteria[0];
    assert_eq!(c.own, Some(4.0));
    let q = c.comparisons[0].quartiles.unwrap();
    let expected = scoring::quartiles(&[1.0, 2.0, 2.0, 3.0, 3.0, 1.0, 1.0], 5).unwrap();
    assert_eq!(q, expected, "org 1's own rating is not among its peers");
    assert_eq!(
        c.comparisons[0].position,
        Some(Position::AboveUpperQuartile)
    );
    // Five others is enough at 5, not at 6.
    let (groups, domains) = compare_org(&f, &all, 1, 6).unwrap();
    assert_eq!(groups[1].organisations, None);
    assert_eq!(
        groups[1].suppressed.as_deref(),
        Some("Fewer than 6 organisations took part")
    );
    assert!(domains[0].criteria[0].comparisons[1].quartiles.is_none());
    assert!(domains[0].criteria[0].comparisons[1].position.is_none());
    assert!(compare_org(&f, &all, 99, 5).is_none(), "not taking part");
}

#[test]
fn secondary_suppression_stops_working_out_a_hidden_group_by_subtraction() {
    assert_eq!(suppress_breakdown(&[6, 7, 0], 5), vec![false, false, true]);
    // 2 hidden: the smallest shown group goes too.
    assert_eq!(
        suppress_breakdown(&[6, 2, 9, 0], 5),
        vec![true, true, false, true]
    );
    // Two small ones already make the threshold between them.
    assert_eq!(suppress_breakdown(&[3, 2, 9], 5), vec![true, true, false]);
    assert_eq!(suppress_breakdown(&[4], 5), vec![true]);
    assert_eq!(suppress_breakdown(&[], 5), Vec::<bool>::new());
}

/// A group hidden only to protect a smaller one says so: "fewer than N" would be untrue.
#[test]
fn a_group_hidden_to_protect_another_does_not_say_it_had_too_few() {
    let f = hee();
    let code = f.domains[0].criteria[0].code.clone();
    let types = reference::items_of("organisation_types");
    // 6 of the first type, 7 of the second, 2 of the third: the 2 are hidden, so the 6 go too.
    let rows: Vec<Cycle> = [(0, 6), (1, 7), (2, 2)]
        .iter()
        .flat_map(|(ty, n)| (0..*n).map(move |i| (*ty, i)))
        .enumerate()
        .map(|(i, (ty, _))| cycle(i as i64, &types[ty].code, "Y62", &[(code.as_str(), 3)]))
        .collect();
    let c = &national(&f, &values_of(&f, &rows), 5)[0];
    let message = |ty: usize| {
        c.by_type
            .iter()
            .find(|g| g.code == types[ty].code)
            .and_then(|g| g.suppressed.clone())
    };
    assert_eq!(message(2), Some(suppressed_message(5)));
    assert_eq!(message(0).as_deref(), Some(HIDDEN_TO_PROTECT_ANOTHER));
    assert_eq!(message(1), None);
}

/// The limit of the rule, kept visible: the group hidden second is the smallest shown, so
/// with a tie it can be worked back. Hidden: 104 between two groups; one must be the
/// secondary (two small ones hold at most 8), no larger than the 100 still shown and at
/// least 5, so it is 100 and the small one 4.
#[test]
fn knowing_the_rule_narrows_what_secondary_suppression_hides() {
    let sizes = [4, 100, 100];
    let hidden = suppress_breakdown(&sizes, 5);
    assert_eq!(hidden, vec![true, true, false]);
    let total: usize = sizes.iter().sum();
    let hidden_total = total - 100;
    let smallest_shown = 100;
    // The small group's size lies in [hidden total - smallest shown, threshold - 1].
    assert_eq!((hidden_total - smallest_shown, 5 - 1), (4, 4));
}

#[test]
fn the_national_view_counts_levels_and_suppresses_small_cells() {
    let f = hee();
    let mut specs = Vec::new();
    for i in 0..6 {
        specs.push((i, "nhs_trust", "Y62", 1 + (i % 4)));
    }
    specs.push((10, "independent", "Y56", 4));
    let all = orgs(&f, &specs);
    let n = national(&f, &all, 5);
    let c = &n[0];
    assert_eq!(c.all.organisations, Some(7));
    let counts: Vec<usize> = c.all.levels.iter().map(|l| l.organisations).collect();
    assert_eq!(counts, vec![2, 2, 1, 2]);
    let trusts = c.by_type.iter().find(|d| d.code == "nhs_trust").unwrap();
    assert_eq!(
        trusts.organisations, None,
        "suppressed with the independent"
    );
    assert!(trusts.levels.is_empty());
    let independent = c.by_type.iter().find(|d| d.code == "independent").unwrap();
    assert!(independent.levels.is_empty() && independent.quartiles.is_none());
    // A criterion nobody rated is suppressed everywhere.
    assert!(n[1].all.suppressed.is_some());
}

// ---------------------------------------------------------------------------------------
// What suppression guarantees

fn hidden_total(sizes: &[usize], hidden: &[bool]) -> usize {
    sizes
        .iter()
        .zip(hidden)
        .filter(|(_, h)| **h)
        .map(|(n, _)| n)
        .sum()
}

fn any_breakdown() -> impl Strategy<Value = (Vec<usize>, usize)> {
    // Group sizes around the threshold (small and empty groups are the interesting ones).
    (prop::collection::vec(0usize..15, 0..10), 1usize..8)
}

proptest! {
    /// One answer per group; every group below the threshold is hidden, empty ones
    /// included.
    #[test]
    fn every_small_group_is_hidden((sizes, t) in any_breakdown()) {
        let hidden = suppress_breakdown(&sizes, t);
        prop_assert_eq!(hidden.len(), sizes.len());
        for (n, h) in sizes.iter().zip(&hidden) {
            if *n < t {
                prop_assert!(*h, "{n} shown at threshold {t}");
            }
        }
    }

    /// The total minus the groups shown gives the hidden groups' total: that is nothing, or
    /// at least the threshold, or every group is hidden and the whole breakdown holds fewer
    /// than the threshold (so its total is hidden too). So no hidden group with any
    /// organisations is alone: another hidden group holds some too, and the subtraction
    /// gives only their sum.
    #[test]
    fn the_hidden_groups_cannot_be_worked_out_one_by_one((sizes, t) in any_breakdown()) {
        let hidden = suppress_breakdown(&sizes, t);
        let total = hidden_total(&sizes, &hidden);
        let all_hidden = hidden.iter().all(|h| *h);
        prop_assert!(
            total == 0 || total >= t || (all_hidden && sizes.iter().sum::<usize>() < t),
            "{sizes:?} at {t}: {hidden:?}"
        );
        let nonzero_hidden = sizes.iter().zip(&hidden).filter(|(n, h)| **h && **n > 0).count();
        prop_assert!(nonzero_hidden != 1 || all_hidden, "{sizes:?} at {t}: {hidden:?}");
    }

    /// No more is hidden than that needs: at most one group at or above the threshold,
    /// exactly when the small ones hold between 1 and threshold - 1 organisations between
    /// them (and there is such a group), and never a larger one than a group left shown.
    #[test]
    fn only_the_smallest_group_needed_is_hidden_besides((sizes, t) in any_breakdown()) {
        let hidden = suppress_breakdown(&sizes, t);
        let extra: Vec<usize> = sizes
            .iter()
            .zip(&hidden)
            .filter(|(n, h)| **h && **n >= t)
            .map(|(n, _)| *n)
            .collect();
        prop_assert!(extra.len() <= 1);
        let small: usize = sizes.iter().filter(|n| **n < t).sum();
        let any_large = sizes.iter().any(|n| *n >= t);
        prop_assert_eq!(extra.len() == 1, (1..t).contains(&small) && any_large);
        if let Some(e) = extra.first() {
            for (n, h) in sizes.iter().zip(&hidden) {
                if !*h {
                    prop_assert!(e <= n);
                }
            }
        }
    }

    /// A higher threshold never shows a group a lower one hid.
    #[test]
    fn a_higher_threshold_hides_at_least_as_much((sizes, t) in any_breakdown(), more in 0usize..5) {
        let low = suppress_breakdown(&sizes, t);
        let high = suppress_breakdown(&sizes, t + more);
        for (l, h) in low.iter().zip(&high) {
            prop_assert!(!*l || *h);
        }
    }

    /// The order of the groups does not change how many are hidden or their sizes (only
    /// which of two equal groups goes).
    #[test]
    fn the_order_of_the_groups_does_not_matter(
        (sizes, t) in any_breakdown(),
        seed in any::<u64>(),
    ) {
        let mut order: Vec<usize> = (0..sizes.len()).collect();
        // A cheap deterministic shuffle from the seed.
        order.sort_by_key(|i| (*i as u64 + 1).wrapping_mul(seed | 1).rotate_left(17));
        let shuffled: Vec<usize> = order.iter().map(|i| sizes[*i]).collect();
        let hidden_sizes = |s: &[usize]| {
            let mut v: Vec<usize> = s
                .iter()
                .zip(suppress_breakdown(s, t))
                .filter(|(_, h)| *h)
                .map(|(n, _)| *n)
                .collect();
            v.sort_unstable();
            v
        };
        prop_assert_eq!(hidden_sizes(&sizes), hidden_sizes(&shuffled));
    }

    /// End to end, as the analyst sees a criterion: in each breakdown the organisations
    /// shown in total, minus those in the groups shown, is 0 or at least the threshold; the
    /// counts per level of the groups shown never exceed the total's; and when the total is
    /// hidden, so is every group.
    #[test]
    fn the_analyst_cannot_subtract_a_small_group_back(
        specs in prop::collection::vec((0usize..4, 0usize..10, 0i64..5), 0..40),
        t in 3usize..7,
    ) {
        let f = hee();
        let types = reference::items_of("organisation_types");
        let regions = reference::items_of("regions");
        let code = f.domains[0].criteria[0].code.clone();
        let rows: Vec<Cycle> = specs
            .iter()
            .enumerate()
            .map(|(i, (ty, re, rating))| {
                // Rating 0: not rated (not applicable), so the organisation is not counted.
                let ratings: Vec<(&str, i64)> = if *rating == 0 {
                    vec![(f.domains[0].criteria[1].code.as_str(), 2)]
                } else {
                    vec![(code.as_str(), *rating)]
                };
                cycle(
                    i as i64,
                    &types[ty % types.len()].code,
                    &regions[re % regions.len()].code,
                    &ratings,
                )
            })
            .collect();
        let all = values_of(&f, &rows);
        let c = &national(&f, &all, t)[0];
        for groups in [&c.by_type, &c.by_region] {
            let shown: usize = groups.iter().filter_map(|g| g.organisations).sum();
            match c.all.organisations {
                Some(n) => {
                    let hidden = n - shown;
                    prop_assert!(hidden == 0 || hidden >= t, "{hidden} hidden at {t}");
                    for (i, level) in c.all.levels.iter().enumerate() {
                        let in_shown: usize = groups
                            .iter()
                            .filter_map(|g| g.levels.get(i))
                            .map(|l| l.organisations)
                            .sum();
                        prop_assert!(in_shown <= level.organisations);
                    }
                }
                None => prop_assert_eq!(shown, 0),
            }
            for g in groups.iter() {
                prop_assert_eq!(g.organisations.is_some(), g.suppressed.is_none());
                prop_assert!(g.organisations.is_none_or(|n| n >= t));
            }
        }
    }

    /// An organisation is compared only with the others: every group it sees leaves it
    /// out, and shows a figure only at the threshold or more.
    #[test]
    fn an_organisation_is_never_its_own_peer(
        ratings in prop::collection::vec(1i64..5, 1..20),
        t in 3usize..7,
    ) {
        let f = hee();
        let specs: Vec<(i64, &str, &str, i64)> = ratings
            .iter()
            .enumerate()
            .map(|(i, r)| (i as i64, "nhs_trust", "Y62", *r))
            .collect();
        let all = orgs(&f, &specs);
        let (groups, domains) = compare_org(&f, &all, 0, t).unwrap();
        let others = ratings.len() - 1;
        for g in &groups {
            prop_assert_eq!(g.organisations, (others >= t).then_some(others));
        }
        let line = &domains[0].criteria[0];
        prop_assert_eq!(line.own, Some(ratings[0] as f64));
        let peers: Vec<f64> = ratings[1..].iter().map(|r| *r as f64).collect();
        prop_assert_eq!(line.comparisons[0].quartiles, scoring::quartiles(&peers, t));
    }
}
