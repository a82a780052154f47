use super::*;
use proptest::prelude::*;

fn sample() -> StatementFacts {
    StatementFacts {
        organisation: "Northshire Mental Health NHS Trust".into(),
        as_of: "2026-11-23".into(),
        window_months: 12,
        current_staff: 45,
        registered: 42,
        registered_wte: 39.64,
        by_stage: vec![
            FigureCount {
                label: "Newly qualified (ASYE)".into(),
                count: 5,
            },
            FigureCount {
                label: "Experienced".into(),
                count: 37,
            },
        ],
        pq_roles: vec![FigureCount {
            label: "AMHP".into(),
            count: 9,
        }],
        amhps_current: 8,
        amhps_required: Some(11),
        amhp_hours_met: Share { n: 6, of: 8 },
        amhp_hours_needed: 18,
        supervision_agreement: Share { n: 40, of: 45 },
        supervision_in_date: Share { n: 33, of: 44 },
        pulse_responses: None,
        pulse_threshold: 5,
        pulse_mean: None,
        pulse_scale_top: 5,
        registration_current: Share { n: 42, of: 45 },
        cpd_ready: Share { n: 20, of: 42 },
        registration_year: (2025, 2026),
        asye_on_track: Share { n: 3, of: 5 },
        feedback_in_use: Share { n: 7, of: 45 },
        conversations_in_use: Share { n: 0, of: 45 },
        assessment: Some(AssessmentFacts {
            framework: "HEE 2020 guidance".into(),
            cycle_title: "Autumn review".into(),
            signed_off_on: "2026-10-01".into(),
            strengths: vec!["Supervision".into()],
            gaps: vec![Gap {
                title: "Workload".into(),
                rag: "Red".into(),
            }],
        }),
        open_actions: 4,
        overdue_actions: 1,
        actions: vec![ActionFact {
            title: "Agree a caseload policy".into(),
            due_on: "2026-09-30".into(),
            overdue: true,
        }],
    }
}

fn unexplained(f: &StatementFacts) -> Vec<String> {
    let allowed = f.numbers();
    draft(f)
        .iter()
        .flat_map(|c| {
            number_tokens(&c.body)
                .into_iter()
                .chain(number_tokens(&c.heading))
        })
        .filter(|t| !allowed.contains(t))
        .collect()
}

#[test]
fn six_chapters_in_order_with_every_number_from_the_facts() {
    let f = sample();
    let chapters = draft(&f);
    let codes: Vec<&str> = chapters.iter().map(|c| c.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "statutory",
            "inclusion",
            "complexity",
            "amhps",
            "prevention",
            "organisation"
        ]
    );
    assert!(chapters.iter().all(|c| !c.body.trim().is_empty()));
    assert_eq!(unexplained(&f), Vec::<String>::new());
    let text: String = chapters.iter().map(|c| c.body.clone()).collect();
    assert!(text.contains("42 registered social workers (39.6 whole-time equivalent)"));
    assert!(text.contains("8 approved AMHPs today, against 11"));
    assert!(text.contains("40 of 45 (89%)"));
    assert!(text.contains("Fewer than 5 staff"));
    assert!(text.contains("signed off on 1 October 2026"));
    assert!(text.contains("Workload (red)"));
    assert!(!text.contains('\u{2014}'), "no em dashes");
}

#[test]
fn says_plainly_when_there_is_no_data() {
    let f = StatementFacts {
        window_months: 12,
        pulse_threshold: 3,
        ..StatementFacts::default()
    };
    let text: String = draft(&f).iter().map(|c| c.body.clone() + "\n").collect();
    assert!(text.contains("mhsw holds no records yet of registered social workers"));
    assert!(text.contains("has not signed off a self-assessment"));
    assert!(text.contains("number it needs has not been set"));
    assert!(text.contains("no open actions"));
    assert_eq!(unexplained(&f), Vec::<String>::new());
}

#[test]
fn a_made_up_number_is_caught() {
    let f = sample();
    let allowed = f.numbers();
    assert!(!allowed.contains("43"));
    assert!(allowed.contains("39.6"));
    assert!(allowed.contains("89"));
    assert_eq!(
        number_tokens("a 39.6 b 12. c 2026-11"),
        ["39.6", "12", "2026", "11"]
    );
}

#[test]
fn percentages_round_half_up_and_never_divide_by_zero() {
    assert_eq!(percent(1, 8), Some(13));
    assert_eq!(percent(1, 3), Some(33));
    assert_eq!(percent(2, 3), Some(67));
    assert_eq!(percent(0, 0), None);
    assert_eq!(percent(i64::MAX, 1), Some(i64::MAX));
    assert_eq!(long_date("2026-02-03"), "3 February 2026");
    assert_eq!(long_date("not a date"), "not a date");
}

fn share() -> impl Strategy<Value = Share> {
    (any::<i64>(), any::<i64>()).prop_map(|(n, of)| Share { n, of })
}

prop_compose! {
    fn facts()(
        organisation in "[A-Za-z0-9 .,'()-]{0,30}",
        as_of in "[0-9-]{0,12}",
        window_months in any::<i64>(),
        nums in proptest::collection::vec(any::<i64>(), 6),
        wte in any::<f64>(),
        stages in proptest::collection::vec(("[A-Za-z0-9 ]{0,12}", any::<i64>()), 0..4),
        required in proptest::option::of(any::<i64>()),
        shares in proptest::collection::vec(share(), 8),
        pulse in proptest::option::of(any::<i64>()),
        mean in proptest::option::of("[0-9]\\.[0-9]"),
        years in (any::<i32>(), any::<i32>()),
        titles in proptest::collection::vec("[A-Za-z0-9 .,]{0,20}", 0..4),
        signed in "[0-9-]{0,10}",
        with_assessment in any::<bool>(),
    ) -> StatementFacts {
        let counts: Vec<FigureCount> = stages.into_iter().map(|(label, count)| FigureCount { label, count }).collect();
        StatementFacts {
            organisation,
            as_of: as_of.clone(),
            window_months,
            current_staff: nums[0],
            registered: nums[1],
            registered_wte: wte,
            by_stage: counts.clone(),
            pq_roles: counts,
            amhps_current: nums[2],
            amhps_required: required,
            amhp_hours_met: shares[0],
            amhp_hours_needed: nums[3],
            supervision_agreement: shares[1],
            supervision_in_date: shares[2],
            pulse_responses: pulse,
            pulse_threshold: nums[4],
            pulse_mean: mean,
            pulse_scale_top: nums[3],
            registration_current: shares[3],
            cpd_ready: shares[4],
            registration_year: years,
            asye_on_track: shares[5],
            feedback_in_use: shares[6],
            conversations_in_use: shares[7],
            assessment: with_assessment.then(|| AssessmentFacts {
                framework: titles.first().cloned().unwrap_or_default(),
                cycle_title: titles.last().cloned().unwrap_or_default(),
                signed_off_on: signed.clone(),
                strengths: titles.clone(),
                gaps: titles.iter().map(|t| Gap { title: t.clone(), rag: "Amber".into() }).collect(),
            }),
            open_actions: nums[5],
            overdue_actions: nums[0],
            actions: titles.iter().map(|t| ActionFact { title: t.clone(), due_on: as_of.clone(), overdue: true }).collect(),
        }
    }
}

proptest! {
    #[test]
    fn the_draft_never_panics_and_invents_no_number(f in facts()) {
        let chapters = draft(&f);
        prop_assert_eq!(chapters.len(), 6);
        prop_assert!(chapters.iter().all(|c| !c.body.trim().is_empty()));
        let bad = unexplained(&f);
        prop_assert!(bad.is_empty(), "numbers not in the facts: {:?}", bad);
    }
}
