use super::*;
use proptest::prelude::*;

fn rules(min_group: u32) -> SurveyRules {
    SurveyRules {
        min_group,
        ..SurveyRules::default()
    }
}

/// A full set of answers: every statement at `agree`, every choice at its first option.
fn input(agree: u8) -> SurveyInput {
    let i = current();
    let mut m = BTreeMap::new();
    for s in i.statements() {
        m.insert(s.code.clone(), agree.to_string());
    }
    for c in &i.choices {
        m.insert(c.code.clone(), c.options[0].code.clone());
    }
    SurveyInput(m)
}

fn profile(team: &str) -> Profile {
    Profile {
        team: team.into(),
        role: "practitioner".into(),
        career_stage: "experienced".into(),
        employer: "1".into(),
        ethnic_group: "white".into(),
        disability: "no".into(),
        sex: "female".into(),
    }
}

fn add(t: &mut Tallies, p: &Profile, a: &Answers) {
    for x in tallies(p, a) {
        t.add(x.dimension, &x.group, &x.item, x.value, 1);
    }
}

#[test]
fn the_shipped_instrument_reads_and_its_codes_are_unique() {
    let i = current();
    assert_eq!(i.code, "wellbeing-v1");
    assert_eq!(i.scale.len(), 5);
    assert_eq!(i.standards.len(), 7);
    let codes = i.item_codes();
    let mut unique = codes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), codes.len(), "an item code is used twice");
    assert!(i.choices.iter().all(|c| c.options.len() >= 2));
    assert!(instrument("wellbeing-v1").is_some() && instrument("nope").is_none());
}

#[test]
fn a_complete_form_parses_in_item_order() {
    let a = input(4).parse(current()).unwrap();
    let codes: Vec<&str> = a.values.iter().map(|(c, _)| c.as_str()).collect();
    assert_eq!(codes, current().item_codes());
    assert!(a.values.iter().all(|(_, v)| *v == 4 || *v == 1));
}

#[test]
fn each_missing_or_wrong_answer_is_named_by_its_field() {
    let mut form = input(3);
    form.0.remove("belong");
    form.0.insert("workload_manageable".into(), "6".into());
    form.0.insert("caseload".into(), "lots".into());
    form.0.insert("shoe_size".into(), "9".into());
    let e = form.parse(current()).unwrap_err();
    for f in ["belong", "workload_manageable", "caseload", "shoe_size"] {
        assert!(e.message_for(f).is_some(), "{f} not named: {e:?}");
    }
    assert_eq!(e.0.len(), 4);
    assert!(
        e.message_for("belong")
            .unwrap()
            .contains("I feel I belong in my team")
    );
}

#[test]
fn one_answer_adds_to_each_breakdown_separately() {
    let a = input(5).parse(current()).unwrap();
    let t = tallies(&profile("7"), &a);
    assert_eq!(t.len(), Dimension::ALL.len() * (a.values.len() + 1));
    // No counter carries two characteristics: each names one breakdown's group.
    let team_rows = t.iter().filter(|x| x.dimension == Dimension::Team);
    assert!(team_rows.clone().all(|x| x.group == "7"));
    assert_eq!(team_rows.count(), a.values.len() + 1);
}

#[test]
fn results_need_enough_answers_and_count_agreement() {
    let i = current();
    let mut t = Tallies::default();
    for n in 0..9 {
        add(
            &mut t,
            &profile("1"),
            &input(if n < 6 { 4 } else { 2 }).parse(i).unwrap(),
        );
    }
    assert!(results(i, &t, rules(10)).is_none(), "9 answers are too few");
    add(&mut t, &profile("1"), &input(5).parse(i).unwrap());
    let r = results(i, &t, rules(10)).unwrap();
    assert_eq!(r.respondents, 10);
    // 7 of 10 agree (six 4s and one 5).
    assert!(r.standards.iter().all(|s| s.agree_percent == 70));
    let st = &r.standards[0].statements[0];
    assert_eq!(st.percents, vec![0, 30, 0, 60, 10]);
    assert_eq!(r.choices[0].options[0].percent, 100);
}

#[test]
fn a_breakdown_hides_small_groups_without_naming_them() {
    let i = current();
    let mut t = Tallies::default();
    for (team, n) in [("a", 12), ("b", 15), ("c", 4)] {
        for _ in 0..n {
            add(&mut t, &profile(team), &input(4).parse(i).unwrap());
        }
    }
    let b = breakdown(i, &t, Dimension::Team, rules(10));
    // c alone would be everyone less a and b: a (the smaller shown) is hidden with it.
    let shown: Vec<&str> = b.groups.iter().map(|g| g.code.as_str()).collect();
    assert_eq!(shown, vec!["b"]);
    assert_eq!(b.hidden_groups, 2);
}

#[test]
fn a_trend_shows_a_cycle_only_where_its_results_may_be_shown() {
    let i = current();
    let mut big = Tallies::default();
    let mut small = Tallies::default();
    for _ in 0..12 {
        add(&mut big, &profile("a"), &input(5).parse(i).unwrap());
    }
    for _ in 0..3 {
        add(&mut small, &profile("a"), &input(1).parse(i).unwrap());
    }
    let tr = trend(
        i,
        &[(1, "2025".into(), i, &big), (2, "2026".into(), i, &small)],
        rules(10),
    );
    assert_eq!(tr[0].respondents, Some(12));
    assert_eq!(tr[0].agree_percents[0], Some(100));
    assert_eq!(tr[1].respondents, None);
    assert!(tr[1].agree_percents.iter().all(Option::is_none));
}

#[test]
fn counts_are_hidden_while_a_cycle_is_open() {
    assert_eq!(live_count(0), 0);
    assert_eq!(live_count(4), 0);
    assert_eq!(live_count(5), 5);
    assert_eq!(live_count(23), 20);
    let d = |s: &str| {
        time::Date::parse(s, &time::format_description::well_known::Iso8601::DATE).unwrap()
    };
    assert_eq!(
        CycleState::of(d("2026-03-31"), None, d("2026-03-31")),
        CycleState::Open
    );
    assert_eq!(
        CycleState::of(d("2026-03-31"), None, d("2026-04-01")),
        CycleState::Closed
    );
    assert_eq!(
        CycleState::of(d("2026-03-31"), Some(d("2026-03-02")), d("2026-03-03")),
        CycleState::Closed
    );
}

/// People: each a team (0..teams) and an answer (agree point for every statement).
fn people() -> impl Strategy<Value = Vec<(u8, u8)>> {
    (1u8..8).prop_flat_map(|teams| prop::collection::vec((0..teams, 1u8..=5), 0..120))
}

fn tallies_of(people: &[(u8, u8)]) -> Tallies {
    let i = current();
    let mut t = Tallies::default();
    for (team, agree) in people {
        add(
            &mut t,
            &profile(&team.to_string()),
            &input(*agree).parse(i).unwrap(),
        );
    }
    t
}

proptest! {
    /// Every group shown has at least the threshold; hidden groups are never one alone and
    /// hold at least the threshold between them; below the threshold overall, nothing shows.
    #[test]
    fn breakdowns_show_only_groups_at_the_threshold_and_never_one_hidden_alone(
        ps in people(), min in 3u32..15,
    ) {
        let t = tallies_of(&ps);
        let b = breakdown(current(), &t, Dimension::Team, rules(min));
        let min = u64::from(min);
        prop_assert!(b.groups.iter().all(|g| g.respondents >= min));
        let shown: u64 = b.groups.iter().map(|g| g.respondents).sum();
        let hidden_people = ps.len() as u64 - shown;
        if (ps.len() as u64) < min {
            prop_assert!(b.groups.is_empty());
        } else if b.hidden_groups > 0 {
            prop_assert!(b.hidden_groups >= 2, "{:?}", b);
            prop_assert!(hidden_people >= min, "{:?}", b);
        }
    }

    /// What is shown cannot pin a hidden group's answers: swapping the answers of two
    /// people in different hidden groups changes those groups' results but nothing shown
    /// (everyone's results, every group shown, how many are hidden).
    #[test]
    fn a_hidden_groups_answers_cannot_be_worked_out_from_what_is_shown(
        ps in people(), min in 3u32..12,
    ) {
        let r = rules(min);
        let t = tallies_of(&ps);
        let b = breakdown(current(), &t, Dimension::Team, r);
        let shown: Vec<String> = b.groups.iter().map(|g| g.code.clone()).collect();
        let hidden = |p: &(u8, u8)| !shown.contains(&p.0.to_string());
        let first = ps.iter().position(hidden);
        let other = first.and_then(|f| {
            ps.iter().position(|p| hidden(p) && p.0 != ps[f].0 && p.1 != ps[f].1)
        });
        if let (Some(f), Some(o)) = (first, other) {
            let mut swapped = ps.clone();
            let (a, c) = (swapped[f].1, swapped[o].1);
            swapped[f].1 = c;
            swapped[o].1 = a;
            let t2 = tallies_of(&swapped);
            prop_assert_eq!(breakdown(current(), &t2, Dimension::Team, r), b);
            prop_assert_eq!(results(current(), &t2, r), results(current(), &t, r));
        }
    }
}
