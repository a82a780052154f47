use super::movement::{Denominator, Movement, year_before};
use super::*;
use proptest::prelude::*;
use time::macros::date;

fn person(
    team: Option<i64>,
    stage: &str,
    wte: Hundredths,
    start: Date,
    end: Option<Date>,
) -> Person {
    Person {
        team_id: team,
        service_model: team.map(|_| "community".to_string()),
        arrangement: Arrangement::OwnStaff,
        role_category: "sw_required".into(),
        career_stage: stage.into(),
        band: "6".into(),
        wte,
        start_date: start,
        end_date: end,
        age_group: "40_49",
        ethnic_category: None,
        sex: None,
        disability: None,
    }
}

const DAY: Date = date!(2026 - 12 - 04);

#[test]
fn the_arrangement_is_seen_from_the_organisation_counting() {
    assert_eq!(Arrangement::of(1, 1, 1, "nhs_trust"), Arrangement::OwnStaff);
    assert_eq!(
        Arrangement::of(1, 2, 1, "local_authority"),
        Arrangement::SecondedFromCouncil
    );
    assert_eq!(
        Arrangement::of(1, 2, 1, "independent"),
        Arrangement::EmployedByOther
    );
    assert_eq!(
        Arrangement::of(1, 1, 2, "nhs_trust"),
        Arrangement::PlacedElsewhere
    );
    for a in Arrangement::ALL {
        assert_eq!(Arrangement::parse(a.code()), Some(a));
    }
}

#[test]
fn tabulate_lists_every_group_asked_for_then_the_rest() {
    let people = vec![
        person(Some(1), "asye", 100, date!(2025 - 01 - 01), None),
        person(Some(1), "senior", 50, date!(2020 - 01 - 01), None),
        person(None, "qualified", 100, date!(2020 - 01 - 01), None),
        person(
            Some(2),
            "qualified",
            100,
            date!(2020 - 01 - 01),
            Some(date!(2026 - 06 - 01)),
        ),
    ];
    let order = vec!["2".to_string(), "1".to_string()];
    let rows = tabulate(&people, Dimension::Team, DAY, &order);
    let pairs: Vec<(&str, u64, u64)> = rows
        .iter()
        .map(|t| (t.code.as_str(), t.headcount, t.wte))
        .collect();
    assert_eq!(pairs, vec![("2", 0, 0), ("1", 2, 150), (NO_TEAM, 1, 100)]);
}

#[test]
fn vacancies_are_establishment_less_wte_in_post() {
    let people = vec![
        person(Some(1), "asye", 100, date!(2025 - 01 - 01), None),
        person(Some(1), "senior", 60, date!(2020 - 01 - 01), None),
        person(Some(2), "qualified", 100, date!(2020 - 01 - 01), None),
    ];
    let v = vacancies(&people, &[(1, Some(300)), (2, Some(50)), (3, None)], DAY);
    assert_eq!(v[0].vacancy, Some(140));
    assert_eq!(v[1].vacancy, Some(-50), "over establishment");
    assert_eq!((v[2].in_post, v[2].vacancy), (0, None));
}

#[test]
fn skill_mix_flags_too_many_newly_qualified_per_senior() {
    let mut people = vec![person(None, "senior", 100, date!(2020 - 01 - 01), None)];
    for _ in 0..3 {
        people.push(person(None, "asye", 100, date!(2026 - 09 - 01), None));
    }
    let mix = SkillMix::of(&people, DAY);
    assert_eq!((mix.newly_qualified, mix.senior), (3, 1));
    assert_eq!(mix.per_senior(), Some(3.0));
    assert!(mix.at_risk(2.0));
    assert!(!mix.at_risk(3.0));
    let alone = SkillMix {
        newly_qualified: 1,
        senior: 0,
    };
    assert!(alone.at_risk(2.0), "newly qualified with no senior at all");
    assert!(
        !SkillMix {
            newly_qualified: 0,
            senior: 0
        }
        .at_risk(2.0)
    );
}

#[test]
fn wte_per_100k_population() {
    assert_eq!(per_100k(400, 100_000), Some(4.0));
    assert_eq!(per_100k(289_400, 72_000_000), Some(4.0));
    assert_eq!(per_100k(100, 0), None);
}

#[test]
fn turnover_counts_the_twelve_months_to_the_day() {
    let people = vec![
        person(None, "qualified", 100, date!(2020 - 01 - 01), None),
        person(
            None,
            "qualified",
            100,
            date!(2020 - 01 - 01),
            Some(date!(2026 - 03 - 01)),
        ),
        person(
            None,
            "qualified",
            100,
            date!(2020 - 01 - 01),
            Some(date!(2025 - 12 - 04)),
        ),
        person(None, "asye", 100, date!(2026 - 09 - 01), None),
        person(None, "asye", 100, date!(2025 - 12 - 04), None),
    ];
    let m = Movement::over_year(&people, DAY);
    assert_eq!(m.from, date!(2025 - 12 - 04));
    assert_eq!(
        (m.starters, m.leavers),
        (1, 1),
        "the year starts the day after `from`"
    );
    assert_eq!((m.headcount_start, m.headcount_end), (3, 3));
    assert_eq!(m.turnover_percent(Denominator::Average), Some(33.3));
    assert_eq!(m.turnover_percent(Denominator::Start), Some(33.3));
    assert_eq!(
        Movement::over_year(&[], DAY).turnover_percent(Denominator::Average),
        None
    );
    assert_eq!(year_before(date!(2028 - 02 - 29)), date!(2027 - 02 - 28));
}

#[test]
fn filters_narrow_by_team_model_and_arrangement() {
    let p = person(Some(4), "qualified", 100, date!(2020 - 01 - 01), None);
    assert!(Filter::default().admits(&p) && Filter::default().is_whole());
    let team = Filter {
        team_id: Some(4),
        ..Filter::default()
    };
    assert!(team.admits(&p) && !team.is_whole());
    assert!(
        !Filter {
            team_id: Some(5),
            ..Filter::default()
        }
        .admits(&p)
    );
    assert!(
        !Filter {
            service_model: Some("crisis".into()),
            ..Filter::default()
        }
        .admits(&p)
    );
    assert!(
        !Filter {
            arrangement: Some(Arrangement::PlacedElsewhere),
            ..Filter::default()
        }
        .admits(&p)
    );
}

proptest! {
    /// Every breakdown of the same people adds up to the same headcount and WTE: each
    /// person in post is counted once in each.
    #[test]
    fn every_breakdown_adds_up_to_the_people_in_post(
        rows in prop::collection::vec((0i64..4, 0usize..3, 1u64..=100, 0i32..4, prop::option::of(0i32..4)), 0..40),
    ) {
        let stages = ["asye", "qualified", "senior"];
        let people: Vec<Person> = rows.iter().map(|&(team, stage, wte, start, end)| {
            let start_d = date!(2024 - 01 - 01).replace_year(2024 + start).unwrap();
            let end_d = end.map(|e| date!(2024 - 06 - 01).replace_year(2024 + e).unwrap());
            person((team > 0).then_some(team), stages[stage], wte, start_d, end_d)
        }).collect();
        let in_post: Vec<&Person> = people.iter().filter(|p| p.in_post_on(DAY)).collect();
        let heads = in_post.len() as u64;
        let wte: u64 = in_post.iter().map(|p| p.wte).sum();
        for dim in Dimension::ALL {
            let rows = tabulate(&people, dim, DAY, &[]);
            prop_assert_eq!(rows.iter().map(|t| t.headcount).sum::<u64>(), heads);
            prop_assert_eq!(rows.iter().map(|t| t.wte).sum::<u64>(), wte);
        }
    }
}
