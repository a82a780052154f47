use super::*;
use crate::domain::self_assessment::Frameworks;

fn hee() -> Arc<Framework> {
    Frameworks::load(None)
        .unwrap()
        .latest_of("hee-considerations")
        .unwrap()
}

fn cycle(org: i64, org_type: &str, region: &str, ratings: &[(&str, i64)]) -> BenchmarkCycle {
    BenchmarkCycle {
        org_id: org,
        org_type: org_type.into(),
        region: region.into(),
        cycle_id: org * 10,
        signed_off_on: Some("2026-01-01".into()),
        ratings: ratings.iter().map(|(c, r)| (c.to_string(), *r)).collect(),
    }
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
    let v = org_values(&f, &rows);
    assert_eq!(v.len(), 2, "nothing left to compare: not taking part");
    assert_eq!(v[0].criteria.len(), 2);
    assert_eq!(v[0].domains.get("1"), Some(&2.5));
    assert_eq!(v[0].domains.get("2"), None, "nothing rated in domain 2");
    assert_eq!(v[1].domains.get("1"), Some(&3.0));
}

fn orgs(f: &Framework, specs: &[(i64, &str, &str, i64)]) -> Vec<OrgValues> {
    let code = &f.domains[0].criteria[0].code;
    let rows: Vec<BenchmarkCycle> = specs
        .iter()
        .map(|(o, t, r, rating)| cycle(*o, t, r, &[(code.as_str(), *rating)]))
        .collect();
    org_values(f, &rows)
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
