use super::*;
use proptest::prelude::*;
use time::macros::date;

fn pause(from: Date, to: Option<Date>) -> Pause {
    Pause { from, to }
}

#[test]
fn reviews_fall_on_the_month_and_move_with_pauses() {
    let start = date!(2025 - 11 - 30);
    // 30 November + 3 months is 28 February (clamped); + 12 months 30 November.
    assert_eq!(
        review_due(start, ReviewPoint::ThreeMonth, &[]),
        Some(date!(2026 - 02 - 28))
    );
    assert_eq!(
        review_due(start, ReviewPoint::Final, &[]),
        Some(date!(2026 - 11 - 30))
    );
    // A 10-day pause in January moves every later review by 10 days.
    let p = [pause(date!(2026 - 01 - 05), Some(date!(2026 - 01 - 14)))];
    assert_eq!(
        review_due(start, ReviewPoint::ThreeMonth, &p),
        Some(date!(2026 - 03 - 10))
    );
    // A pause after the 3-month review leaves it alone.
    let later = [pause(date!(2026 - 04 - 01), Some(date!(2026 - 04 - 30)))];
    assert_eq!(
        review_due(start, ReviewPoint::ThreeMonth, &later),
        Some(date!(2026 - 02 - 28))
    );
    // An open pause makes later due dates unknown.
    let open = [pause(date!(2026 - 01 - 05), None)];
    assert_eq!(review_due(start, ReviewPoint::SixMonth, &open), None);
    // A pause that starts exactly on the nominal due date moves it.
    let on = [pause(date!(2026 - 02 - 28), Some(date!(2026 - 03 - 01)))];
    assert_eq!(
        review_due(start, ReviewPoint::ThreeMonth, &on),
        Some(date!(2026 - 03 - 02))
    );
}

#[test]
fn a_pause_moved_into_range_by_an_earlier_one_moves_the_date_too() {
    let start = date!(2024 - 01 - 31);
    // Nominal 3-month due: 30 April 2024 (leap year clamp from 31st).
    let p = [
        pause(date!(2024 - 02 - 01), Some(date!(2024 - 02 - 29))), // 29 days
        pause(date!(2024 - 05 - 10), Some(date!(2024 - 05 - 19))), // 10 days
    ];
    // 30 April + 29 = 29 May, which is after 10 May, so + 10 = 8 June.
    assert_eq!(
        review_due(start, ReviewPoint::ThreeMonth, &p),
        Some(date!(2024 - 06 - 08))
    );
}

#[test]
fn protected_time_is_ten_percent_of_contracted_hours() {
    let r = AsyeRules::default();
    let start = date!(2026 - 01 - 05);
    // 4 whole weeks (28 days, the 28th ending on 1 February) at 1.0 WTE: 4 x 3.75 hours.
    let h = protected_time_target_hours(start, date!(2026 - 02 - 01), &[], 1.0, &r);
    assert!((h - 15.0).abs() < 1e-9, "{h}");
    // Part-time is pro rata; a paused week does not count.
    let p = [pause(date!(2026 - 01 - 12), Some(date!(2026 - 01 - 18)))];
    let h = protected_time_target_hours(start, date!(2026 - 02 - 01), &p, 0.6, &r);
    assert!((h - 3.0 * 3.75 * 0.6).abs() < 1e-9, "{h}");
    // Nothing before the start.
    assert_eq!(
        protected_time_target_hours(start, date!(2026 - 01 - 01), &[], 1.0, &r),
        0.0
    );
}

#[test]
fn a_cohort_status_reads_back_from_its_code_and_nothing_else_does() {
    for s in CohortStatus::ALL {
        assert_eq!(CohortStatus::parse(s.code()), Ok(s));
        let json = serde_json::to_value(s).unwrap();
        assert_eq!(json, s.code(), "the API's code is the parameter's");
    }
    for bad in ["", "On track", "ontrack", "all", "passed!"] {
        assert!(CohortStatus::parse(bad).is_err(), "{bad}");
    }
}

#[test]
fn evidence_pace_and_status_order() {
    assert_eq!(EvidenceKind::DirectObservation.expected_by(3), 0);
    assert_eq!(EvidenceKind::DirectObservation.expected_by(4), 1);
    assert_eq!(EvidenceKind::DirectObservation.expected_by(12), 3);
    assert_eq!(EvidenceKind::DirectObservation.expected_by(20), 3);
    assert_eq!(EvidenceKind::Reflection6.expected_by(5), 0);
    assert_eq!(EvidenceKind::Reflection6.expected_by(6), 1);
    let facts = StatusFacts {
        panel_outcome: None,
        paused_today: false,
        overdue_reviews: 1,
        evidence_behind: true,
    };
    assert_eq!(cohort_status(&facts), CohortStatus::ReviewOverdue);
    assert_eq!(
        cohort_status(&StatusFacts {
            panel_outcome: Some("pass"),
            ..facts
        }),
        CohortStatus::Passed
    );
    assert_eq!(
        cohort_status(&StatusFacts {
            overdue_reviews: 0,
            ..facts
        }),
        CohortStatus::EvidenceBehind
    );
    assert_eq!(ReviewPoint::planned(false).len(), 3);
    assert_eq!(ReviewPoint::parse("9_month"), Ok(ReviewPoint::NineMonth));
    assert!(EvidenceKind::parse("capability").is_err());
}

fn any_date() -> impl Strategy<Value = Date> {
    // 2020-01-01 .. about 2032, across leap years and every month end.
    (0i64..4500).prop_map(|d| date!(2020 - 01 - 01) + Duration::days(d))
}

fn any_pauses() -> impl Strategy<Value = Vec<(i64, i64)>> {
    prop::collection::vec((0i64..400, 0i64..120), 0..4)
}

/// Pauses from (offset, length) pairs, laid one after another from `start` without
/// overlapping (as the service requires).
fn lay(start: Date, spec: &[(i64, i64)]) -> Vec<Pause> {
    let mut at = start;
    spec.iter()
        .map(|(gap, len)| {
            let from = at + Duration::days(*gap);
            let to = from + Duration::days(*len);
            at = to + Duration::days(1);
            pause(from, Some(to))
        })
        .collect()
}

proptest! {
    #[test]
    fn due_dates_never_come_earlier_and_stay_in_order(start in any_date(), spec in any_pauses()) {
        let pauses = lay(start, &spec);
        let total_paused: i64 = pauses.iter().map(|p| (p.to.unwrap() - p.from).whole_days() + 1).sum();
        let mut last = start;
        for point in ReviewPoint::ALL {
            let nominal = add_months(start, point.months());
            let due = review_due(start, point, &pauses).unwrap();
            prop_assert!(due >= nominal);
            prop_assert!(due <= nominal + Duration::days(total_paused));
            prop_assert!(due > last);
            // The due date is never inside a pause.
            prop_assert!(!paused_on(due, &pauses), "{due} paused");
            // The unpaused days to the due date equal the nominal length.
            prop_assert_eq!(active_days(start, due, &pauses), (nominal - start).whole_days());
            last = due;
        }
    }

    #[test]
    fn protected_time_target_grows_with_time_and_wte(
        start in any_date(), a in 0i64..500, b in 0i64..500, spec in any_pauses(), wte in 0.1f64..1.0,
    ) {
        let r = AsyeRules::default();
        let pauses = lay(start, &spec);
        let (early, late) = (start + Duration::days(a.min(b)), start + Duration::days(a.max(b)));
        let t1 = protected_time_target_hours(start, early, &pauses, wte, &r);
        let t2 = protected_time_target_hours(start, late, &pauses, wte, &r);
        prop_assert!(t1 <= t2);
        prop_assert!(t2 <= protected_time_target_hours(start, late, &pauses, 1.0, &r) + 1e-9);
        // Never more than the percentage of a full year's hours.
        prop_assert!(t2 <= r.protected_time_percent / 100.0 * r.full_time_weekly_hours * 366.0 / 7.0 + 1e-9);
    }

    #[test]
    fn evidence_expected_never_exceeds_required_and_grows(m1 in 0u32..30, m2 in 0u32..30) {
        for k in EvidenceKind::ALL {
            prop_assert!(k.expected_by(m1) <= k.required());
            if m1 <= m2 { prop_assert!(k.expected_by(m1) <= k.expected_by(m2)); }
        }
    }
}

// ---------------------------------------------------------------------------------------
// Where a programme stands

fn input<'a>(starts_on: Date) -> StandingInput<'a> {
    StandingInput {
        starts_on,
        nine_month_review: false,
        panel_outcome: None,
        extended_to: None,
        pauses: &[],
        held: &[],
        recorded: &[],
        signed_off: &[],
        minutes: 0,
        wte: 1.0,
    }
}

#[test]
fn standing_counts_overdue_reviews_and_evidence_pace() {
    let r = AsyeRules::default();
    let today = date!(2026 - 08 - 01);
    let signed = [EvidenceKind::DirectObservation];
    let open = StandingInput {
        recorded: &signed,
        signed_off: &signed,
        minutes: 600,
        ..input(date!(2026 - 01 - 05))
    };
    let s = standing(&open, today, &r);
    // 3- and 6-month reviews (5 April, 5 July) are overdue; the final is next-but-one.
    assert_eq!(s.overdue_reviews, 2);
    assert_eq!(s.next_review.unwrap().point, "3_month");
    assert_eq!(s.status, CohortStatus::ReviewOverdue);
    assert!(s.evidence_behind);
    assert_eq!(s.reviews.len(), 3);
    assert_eq!(s.final_review_due, Some(date!(2027 - 01 - 05)));
    assert!((s.protected_hours_logged - 10.0).abs() < 1e-9);
    // A pass ends it: nothing overdue or behind.
    let passed = StandingInput {
        panel_outcome: Some("pass"),
        recorded: &[],
        signed_off: &[],
        minutes: 0,
        ..open
    };
    let s = standing(&passed, today, &r);
    assert_eq!(s.overdue_reviews, 0);
    assert_eq!(s.status, CohortStatus::Passed);
}

#[test]
fn held_reviews_show_their_date_and_an_extension_moves_the_final_one() {
    let r = AsyeRules::default();
    let held = [
        (ReviewPoint::ThreeMonth, Some(date!(2026 - 04 - 02))),
        // The cohort's facts know only that it was held.
        (ReviewPoint::SixMonth, None),
    ];
    let s = standing(
        &StandingInput {
            held: &held,
            panel_outcome: Some("extended"),
            extended_to: Some(date!(2027 - 03 - 01)),
            ..input(date!(2026 - 01 - 05))
        },
        date!(2026 - 08 - 01),
        &r,
    );
    assert_eq!(s.reviews[0].held_on.as_deref(), Some("2026-04-02"));
    assert_eq!(s.reviews[1].held_on.as_deref(), Some(""));
    assert_eq!(s.overdue_reviews, 0);
    assert_eq!(s.next_review.unwrap().point, "12_month");
    assert_eq!(s.final_review_due, Some(date!(2027 - 03 - 01)));
    assert_eq!(s.latest_finish, date!(2028 - 01 - 05));
    assert_eq!(s.status, CohortStatus::EvidenceBehind);
}

#[derive(Debug, Clone)]
struct Programme {
    start: Date,
    nine: bool,
    outcome: Option<&'static str>,
    extended_by: Option<i64>,
    pauses: Vec<(i64, i64)>,
    held: Vec<(ReviewPoint, Option<i64>)>,
    signed_off: Vec<EvidenceKind>,
    unsigned: Vec<EvidenceKind>,
    minutes: i64,
    wte: f64,
    today: i64,
}

fn any_kind() -> impl Strategy<Value = EvidenceKind> {
    prop::sample::select(EvidenceKind::ALL.to_vec())
}

fn any_programme() -> impl Strategy<Value = Programme> {
    (
        (any_date(), any::<bool>()),
        prop::option::of(prop::sample::select(vec!["pass", "fail", "extended"])),
        prop::option::of(300i64..700),
        any_pauses(),
        prop::collection::vec(
            (
                prop::sample::select(ReviewPoint::ALL.to_vec()),
                prop::option::of(0i64..500),
            ),
            0..4,
        ),
        prop::collection::vec(any_kind(), 0..16),
        prop::collection::vec(any_kind(), 0..4),
        (0i64..20_000, 0.1f64..1.0, -30i64..800),
    )
        .prop_map(
            |((start, nine), outcome, extended_by, pauses, held, signed_off, unsigned, rest)| {
                Programme {
                    start,
                    nine,
                    outcome,
                    extended_by,
                    pauses,
                    held,
                    signed_off,
                    unsigned,
                    minutes: rest.0,
                    wte: rest.1,
                    today: rest.2,
                }
            },
        )
}

fn standing_of(p: &Programme) -> Standing {
    let day = |n: i64| p.start + Duration::days(n);
    let pauses = lay(p.start, &p.pauses);
    let held: Vec<(ReviewPoint, Option<Date>)> = p
        .held
        .iter()
        .map(|(point, on)| (*point, on.map(day)))
        .collect();
    let recorded: Vec<EvidenceKind> = p.signed_off.iter().chain(&p.unsigned).copied().collect();
    standing(
        &StandingInput {
            starts_on: p.start,
            nine_month_review: p.nine,
            panel_outcome: p.outcome,
            extended_to: p.extended_by.map(day),
            pauses: &pauses,
            held: &held,
            recorded: &recorded,
            signed_off: &p.signed_off,
            minutes: p.minutes,
            wte: p.wte,
        },
        day(p.today),
        &AsyeRules::default(),
    )
}

proptest! {
    /// The lines and the totals agree: a held review is never overdue or due soon, nothing
    /// is both, the count of overdue reviews is the overdue lines, the next review is the
    /// first not held, the evidence counted never exceeds what is required, and the status
    /// says "review overdue" exactly when a review is overdue and nothing outranks it.
    #[test]
    fn a_standing_agrees_with_itself(p in any_programme()) {
        let s = standing_of(&p);
        prop_assert_eq!(s.reviews.len(), if p.nine { 4 } else { 3 });
        for l in &s.reviews {
            prop_assert!(!(l.overdue && l.due_soon));
            if l.held_on.is_some() {
                prop_assert!(!l.overdue && !l.due_soon);
            }
        }
        prop_assert_eq!(s.overdue_reviews, s.reviews.iter().filter(|l| l.overdue).count());
        let concluded = matches!(p.outcome, Some("pass" | "fail"));
        let first_open = s.reviews.iter().find(|l| l.held_on.is_none()).map(|l| l.point.clone());
        prop_assert_eq!(
            s.next_review.as_ref().map(|l| l.point.clone()),
            if concluded { None } else { first_open }
        );
        prop_assert!(s.evidence_signed_off <= s.evidence_required);
        prop_assert_eq!(s.evidence_required, 14);
        prop_assert_eq!(
            s.status == CohortStatus::ReviewOverdue,
            !concluded && !s.paused_today && s.overdue_reviews > 0
        );
        prop_assert_eq!(s.status_label, s.status.label());
        if p.extended_by.is_some() {
            prop_assert_eq!(&s.final_review_due, &s.reviews.last().unwrap().due_on);
            prop_assert!(s.final_review_due.is_some());
        }
    }

    /// A pass or a fail concludes the programme: nothing overdue, due soon, next or behind.
    #[test]
    fn a_concluded_programme_asks_for_nothing(mut p in any_programme(), pass in any::<bool>()) {
        p.outcome = Some(if pass { "pass" } else { "fail" });
        let s = standing_of(&p);
        prop_assert_eq!(s.overdue_reviews, 0);
        prop_assert!(s.reviews.iter().all(|l| !l.overdue && !l.due_soon));
        prop_assert!(s.next_review.is_none());
        prop_assert!(!s.evidence_behind);
        prop_assert_eq!(s.status, if pass { CohortStatus::Passed } else { CohortStatus::Failed });
    }

    /// Doing more never makes a programme look worse: holding one more review never adds
    /// an overdue one, and signing off one more item never puts the evidence behind.
    #[test]
    fn more_done_is_never_worse(
        p in any_programme(),
        point in prop::sample::select(ReviewPoint::ALL.to_vec()),
        kind in any_kind(),
    ) {
        let before = standing_of(&p);
        let mut reviewed = p.clone();
        reviewed.held.push((point, None));
        prop_assert!(standing_of(&reviewed).overdue_reviews <= before.overdue_reviews);
        let mut signed = p.clone();
        signed.signed_off.push(kind);
        let after = standing_of(&signed);
        prop_assert!(!after.evidence_behind || before.evidence_behind);
        prop_assert!(after.evidence_signed_off >= before.evidence_signed_off);
    }
}
