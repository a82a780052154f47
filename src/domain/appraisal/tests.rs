use super::*;
use proptest::prelude::*;
use time::macros::date;

fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn goals() -> Vec<String> {
    vec!["statement:statutory".into(), "partnership:4".into()]
}

const TODAY: Date = date!(2026 - 12 - 04);

#[test]
fn goals_read_back_from_their_codes() {
    for g in [Goal::Statement("amhps".into()), Goal::Partnership(12)] {
        assert_eq!(Goal::parse(&g.code()), Some(g));
    }
    assert_eq!(Goal::parse("statement:"), None);
    assert_eq!(Goal::parse("partnership:x"), None);
    assert_eq!(Goal::parse("corporate:1"), None);
}

#[test]
fn a_full_form_reads_and_blank_rows_are_skipped() {
    let d = parse_form(
        &f(&[
            ("meeting_on", "2026-11-30"),
            ("summary", "A good year"),
            ("objective_1", "Lead the team's MHA assessments audit"),
            ("goal_1", "statement:statutory"),
            ("measure_1", "Audit reported by June"),
            ("objective_2", ""),
            ("goal_2", ""),
            ("rating_knowledge", "meeting"),
            ("need_1", "Best interests assessor training"),
            ("action_1", "University course"),
            ("by_1", "2027-06-30"),
        ]),
        &goals(),
        TODAY,
    )
    .unwrap();
    assert_eq!(d.meeting_on, Some(date!(2026 - 11 - 30)));
    assert_eq!(d.objectives.len(), 1);
    assert_eq!(d.capabilities.len(), 9, "every PCF domain has a line");
    assert_eq!(
        d.capabilities
            .iter()
            .filter(|c| !c.rating.is_empty())
            .count(),
        1
    );
    assert_eq!(d.plan[0].by_on, Some(date!(2027 - 06 - 30)));
    assert!(ready_to_sign(&d).is_err(), "eight capabilities not rated");
}

#[test]
fn each_problem_is_named_by_its_field() {
    let e = parse_form(
        &f(&[
            ("meeting_on", "2026-12-05"),
            ("objective_1", "Something"),
            ("goal_2", "statement:statutory"),
            ("objective_3", "Other"),
            ("goal_3", "statement:made_up"),
            ("rating_knowledge", "brilliant"),
            ("need_1", "A need"),
            ("by_1", "2027-13-01"),
        ]),
        &goals(),
        TODAY,
    )
    .unwrap_err();
    for name in [
        "meeting_on",
        "goal_1",
        "objective_2",
        "goal_3",
        "rating_knowledge",
        "action_1",
        "by_1",
    ] {
        assert!(
            e.message_for(name).is_some(),
            "{name} not named in {:?}",
            e.0
        );
    }
}

#[test]
fn signing_needs_a_meeting_an_objective_every_rating_and_a_plan() {
    let e = ready_to_sign(&Draft::default()).unwrap_err();
    for name in ["meeting_on", "objective_1", "need_1"] {
        assert!(e.message_for(name).is_some(), "{name}");
    }
    let mut fields = vec![
        ("meeting_on".to_string(), "2026-11-30".to_string()),
        ("objective_1".into(), "O".into()),
        ("goal_1".into(), "partnership:4".into()),
        ("need_1".into(), "N".into()),
        ("action_1".into(), "A".into()),
    ];
    for d in items_of("pcf_domains") {
        fields.push((format!("rating_{}", d.code), "meeting".into()));
    }
    let d = parse_form(&fields, &goals(), TODAY).unwrap();
    assert!(ready_to_sign(&d).is_ok());
}

#[test]
fn complete_on_the_second_signature() {
    let s = Signatures::default().signed(Party::Appraiser, date!(2026 - 11 - 30));
    assert_eq!(s.completed_on(), None);
    let s = s.signed(Party::Practitioner, date!(2026 - 12 - 02));
    assert_eq!(s.completed_on(), Some(date!(2026 - 12 - 02)));
}

#[test]
fn standing_follows_the_last_completion_or_the_start() {
    let r = AppraisalRules::default();
    let started = date!(2025 - 12 - 01);
    assert_eq!(
        standing(started, None, &r, TODAY),
        Standing::Overdue {
            due: date!(2026 - 12 - 01)
        }
    );
    assert_eq!(
        standing(date!(2026 - 06 - 01), None, &r, TODAY),
        Standing::NotYetDue {
            due: date!(2027 - 06 - 01)
        }
    );
    assert_eq!(
        standing(started, Some(date!(2026 - 01 - 01)), &r, TODAY),
        Standing::DueSoon {
            due: date!(2027 - 01 - 01)
        }
    );
    assert_eq!(
        standing(started, Some(date!(2026 - 03 - 01)), &r, TODAY),
        Standing::InDate {
            due: date!(2027 - 03 - 01)
        }
    );
}

#[test]
fn completion_counts_only_those_whose_appraisal_has_been_due() {
    let r = AppraisalRules::default();
    let s = |start, last| (last, standing(start, last, &r, TODAY));
    let people = [
        s(date!(2020 - 01 - 01), Some(date!(2026 - 03 - 01))),
        s(date!(2020 - 01 - 01), Some(date!(2025 - 03 - 01))),
        s(date!(2020 - 01 - 01), None),
        s(date!(2026 - 09 - 01), None),
    ];
    let c = completion(&people);
    assert_eq!((c.done, c.expected, c.percent), (1, 3, Some(33)));
    assert_eq!(completion(&[]).percent, None);
}

#[test]
fn evidence_is_chosen_only_from_what_is_offered() {
    let offered = [(EvidenceKind::Cpd, 3), (EvidenceKind::Feedback, 0)];
    let c = parse_choices(
        &f(&[
            ("evidence", "feedback:0"),
            ("evidence", "cpd:3"),
            ("evidence", "cpd:3"),
        ]),
        &offered,
    )
    .unwrap();
    assert_eq!(c, vec![(EvidenceKind::Cpd, 3), (EvidenceKind::Feedback, 0)]);
    assert!(parse_choices(&f(&[("evidence", "cpd:4")]), &offered).is_err());
    assert!(parse_choices(&f(&[("evidence", "notes:3")]), &offered).is_err());
}

#[test]
fn feedback_shows_its_agreement_only_at_the_threshold() {
    let a = vec!["q1=5,q2=4".to_string(), "q1=2".to_string()];
    assert_eq!(feedback_summary(&a, 3).agree_percent, None);
    let mut b = a.clone();
    b.push("q1=1,q2=5".into());
    assert_eq!(
        feedback_summary(&b, 3),
        FeedbackSummary {
            responses: 3,
            agree_percent: Some(60)
        }
    );
}

#[test]
fn the_thread_counts_objectives_per_goal_and_those_left_over() {
    let g = |c: &str| GoalOption {
        code: c.into(),
        label: c.into(),
        source: "Organisation".into(),
    };
    let (lines, other) = thread(
        &[g("statement:a"), g("statement:b")],
        &[
            "statement:a".into(),
            "statement:a".into(),
            "partnership:9".into(),
        ],
    );
    assert_eq!(lines[0].objectives, 2);
    assert_eq!(lines[1].objectives, 0);
    assert_eq!(other, 1);
}

fn day() -> impl Strategy<Value = Date> {
    (0i64..3000).prop_map(|n| date!(2020 - 01 - 01) + time::Duration::days(n))
}

proptest! {
    /// An appraisal completed today is never overdue, and once overdue a standing stays
    /// overdue as the days pass.
    #[test]
    fn standing_is_never_overdue_on_completion_and_stays_overdue(
        start in day(), last in proptest::option::of(day()), today in day(), later in 0i64..800,
    ) {
        let r = AppraisalRules::default();
        prop_assert!(!standing(start, Some(today), &r, today).is_overdue());
        if standing(start, last, &r, today).is_overdue() {
            let after = today + time::Duration::days(later);
            prop_assert!(standing(start, last, &r, after).is_overdue());
        }
    }

    /// The rate never counts more done than expected, and its percent is in 0..=100.
    #[test]
    fn completion_is_a_true_share(
        people in proptest::collection::vec((day(), proptest::option::of(day())), 0..40),
        today in day(),
    ) {
        let r = AppraisalRules::default();
        let ps: Vec<_> = people
            .iter()
            .map(|(s, l)| (*l, standing(*s, *l, &r, today)))
            .collect();
        let c = completion(&ps);
        prop_assert!(c.done <= c.expected);
        prop_assert!(c.percent.is_none_or(|p| p <= 100));
        prop_assert_eq!(c.percent.is_some(), c.expected > 0);
    }

    /// Whatever rows are filled in with an objective and an offered goal, each becomes one
    /// objective, in order.
    #[test]
    fn every_filled_row_is_one_objective(rows in proptest::collection::vec(proptest::option::of("[a-z]{1,12}"), MOST_OBJECTIVES)) {
        let mut fields = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            if let Some(t) = r {
                fields.push((format!("objective_{}", i + 1), t.clone()));
                fields.push((format!("goal_{}", i + 1), "statement:statutory".to_string()));
            }
        }
        let d = parse_form(&fields, &goals(), TODAY).unwrap();
        let texts: Vec<&String> = rows.iter().flatten().collect();
        prop_assert_eq!(d.objectives.iter().map(|o| &o.objective).collect::<Vec<_>>(), texts);
    }
}
