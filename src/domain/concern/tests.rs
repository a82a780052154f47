use super::*;
use proptest::prelude::*;
use rand::SeedableRng;
use time::macros::date;

#[test]
fn every_problem_is_named_by_its_field() {
    let e = ConcernInput::default().parse().unwrap_err();
    for field in ["category", "summary", "details", "anonymous"] {
        assert!(e.message_for(field).is_some(), "{field}");
    }
    let long = ConcernInput {
        category: "workload".into(),
        summary: "x".repeat(MAX_SUMMARY + 1),
        details: "Caseloads of 40".into(),
        anonymous: "yes".into(),
    };
    let e = long.parse().unwrap_err();
    assert_eq!(
        e.message_for("summary"),
        Some("A summary must be 150 characters or fewer")
    );
    let ok = ConcernInput {
        summary: " Caseloads ".into(),
        ..long
    }
    .parse()
    .unwrap();
    assert_eq!(ok.category, Category::Workload);
    assert_eq!(ok.summary, "Caseloads");
    assert!(ok.anonymous);
}

#[test]
fn standing_follows_the_dates() {
    let due = date!(2026 - 03 - 08);
    assert_eq!(Standing::of(due, None, None, due), Standing::AwaitingAnswer);
    assert_eq!(
        Standing::of(due, None, None, date!(2026 - 03 - 09)),
        Standing::AnswerOverdue
    );
    assert_eq!(
        Standing::of(due, Some(due), None, date!(2027 - 01 - 01)),
        Standing::Answered
    );
    assert_eq!(
        Standing::of(due, None, Some(due), date!(2027 - 01 - 01)),
        Standing::Closed
    );
    assert_eq!(
        ConcernRules::default().answer_due(date!(2026 - 03 - 01)),
        due
    );
}

proptest! {
    /// A reference survives being shown and typed back, in any case and with the letters
    /// people confuse; what is stored is never the reference.
    #[test]
    fn a_reference_reads_back_as_shown(seed in any::<u64>(), lower in any::<bool>()) {
        let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(seed);
        let r = new_reference(&mut rng);
        let shown = display_reference(&r);
        let typed = if lower { shown.to_lowercase() } else { shown.clone() };
        prop_assert_eq!(normalise_reference(&typed), Some(r.clone()));
        prop_assert_eq!(normalise_reference(&typed.replace('0', "O")), Some(r.clone()));
        prop_assert!(!reference_hash(&r).contains(&r));
        prop_assert_eq!(reference_hash(&r).len(), 64);
        prop_assert_eq!(normalise_reference(&shown[..shown.len() - 1]), None);
    }

    /// Whatever the concerns, no count from 1 to the limit is shown, a hidden category
    /// never stands alone beside the total, and response times are given only when the
    /// number raised is shown.
    #[test]
    fn the_board_never_sees_a_small_number(
        raw in prop::collection::vec((0usize..4, 0i64..60, prop::option::of(0i64..20)), 0..40),
        limit in 1u64..8,
    ) {
        let start = date!(2026 - 01 - 01);
        let concerns: Vec<ConcernFacts> = raw
            .iter()
            .map(|(k, day, answered)| {
                let raised_on = start + Duration::days(*day);
                ConcernFacts {
                    category: Category::ALL[*k],
                    raised_on,
                    answer_due_on: raised_on + Duration::days(7),
                    first_answered_on: answered.map(|a| raised_on + Duration::days(a)),
                }
            })
            .collect();
        let policy = DisclosurePolicy { suppress_up_to: limit, round_to: 1 };
        let t = Themes::of(&concerns, start, start + Duration::days(59), policy);
        let small = |s: &Shown| matches!(s, Shown::Value(n) if *n >= 1 && *n <= limit);
        prop_assert!(!small(&t.raised));
        let hidden = t.by_category.iter().filter(|(_, s)| *s == Shown::Suppressed).count();
        prop_assert!(t.by_category.iter().all(|(_, s)| !small(s)));
        if t.raised != Shown::Suppressed {
            prop_assert_ne!(hidden, 1);
        }
        if !matches!(t.raised, Shown::Value(n) if n > 0) {
            prop_assert!(t.answered_in_time_percent.is_none() && t.median_days_to_answer.is_none());
        }
    }
}

#[test]
fn response_times_count_only_concerns_due_or_answered() {
    let start = date!(2026 - 01 - 01);
    let c = |day: i64, answered: Option<i64>| ConcernFacts {
        category: Category::Workload,
        raised_on: start + Duration::days(day),
        answer_due_on: start + Duration::days(day + 7),
        first_answered_on: answered.map(|a| start + Duration::days(day + a)),
    };
    // Three answered (in 2, 7 and 10 days), one overdue, one not yet due.
    let concerns = [
        c(0, Some(2)),
        c(1, Some(7)),
        c(2, Some(10)),
        c(3, None),
        c(28, None),
    ];
    let t = Themes::of(
        &concerns,
        start,
        start + Duration::days(30),
        DisclosurePolicy {
            suppress_up_to: 3,
            round_to: 1,
        },
    );
    assert_eq!(t.raised, Shown::Value(5));
    assert_eq!(t.answered_in_time_percent, Some(50.0));
    assert_eq!(t.median_days_to_answer, Some(7.0));
}
