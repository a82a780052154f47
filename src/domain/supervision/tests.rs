use super::*;
use proptest::prelude::*;
use time::macros::date;

fn rules() -> SupervisionRules {
    SupervisionRules::default()
}

fn asye_on(start: Date, day: i64) -> Option<u32> {
    allowed_interval_days("asye", start, start + Duration::days(day), &rules())
}

#[test]
fn asye_phases_follow_lga_standard_5() {
    // 2024-01-01 + 6 months = 2024-07-01, which is day 182 (2024 is a leap year).
    let start = date!(2024 - 01 - 01);
    assert_eq!(asye_on(start, 0), Some(7));
    assert_eq!(asye_on(start, 41), Some(7));
    assert_eq!(asye_on(start, 42), Some(14));
    assert_eq!(asye_on(start, 181), Some(14));
    assert_eq!(asye_on(start, 182), Some(31));
    assert_eq!(asye_on(start, 183), Some(31));
    assert_eq!(asye_on(start, 400), Some(31));
}

#[test]
fn other_stages() {
    let (start, on) = (date!(2026 - 01 - 01), date!(2026 - 01 - 02));
    for stage in ["qualified", "senior", "advanced", "manager"] {
        assert_eq!(allowed_interval_days(stage, start, on, &rules()), Some(31));
    }
    assert_eq!(allowed_interval_days("student", start, on, &rules()), None);
    assert_eq!(allowed_interval_days("nonsense", start, on, &rules()), None);
}

#[test]
fn override_wins_then_stage_then_none() {
    let (start, on) = (date!(2026 - 01 - 01), date!(2026 - 01 - 02));
    let eff = |stage, o| effective_interval_days(stage, start, on, o, &rules());
    assert_eq!(eff("asye", Some(21)), Some(21));
    assert_eq!(eff("student", Some(21)), Some(21));
    assert_eq!(eff("asye", None), Some(7));
    assert_eq!(eff("student", None), None);
}

#[test]
fn add_months_clamps_to_month_end() {
    assert_eq!(add_months(date!(2026 - 01 - 31), 1), date!(2026 - 02 - 28));
    assert_eq!(add_months(date!(2024 - 01 - 31), 1), date!(2024 - 02 - 29));
    assert_eq!(add_months(date!(2026 - 08 - 31), 6), date!(2027 - 02 - 28));
    assert_eq!(add_months(date!(2026 - 11 - 15), 2), date!(2027 - 01 - 15));
    assert_eq!(add_months(date!(2026 - 03 - 10), 0), date!(2026 - 03 - 10));
    assert_eq!(add_months(date!(2026 - 03 - 10), u32::MAX), Date::MAX);
}

#[test]
fn overdue_is_strictly_after_due() {
    let start = date!(2026 - 01 - 01);
    assert_eq!(next_due(None, start, 31), date!(2026 - 02 - 01));
    assert!(!is_overdue(None, start, 31, start));
    assert!(!is_overdue(None, start, 31, date!(2026 - 02 - 01)));
    assert!(is_overdue(None, start, 31, date!(2026 - 02 - 02)));
    let held = Some(date!(2026 - 01 - 20));
    assert!(!is_overdue(held, start, 31, date!(2026 - 02 - 20)));
    assert!(is_overdue(held, start, 31, date!(2026 - 02 - 21)));
}

#[test]
fn a_session_before_the_expectation_start_does_not_make_a_new_starter_overdue() {
    let start = date!(2026 - 06 - 01);
    assert!(!is_overdue(Some(date!(2025 - 01 - 01)), start, 31, start));
    assert_eq!(
        next_due(Some(date!(2025 - 01 - 01)), start, 31),
        date!(2026 - 07 - 02)
    );
}

#[test]
fn compliance_counts_in_date_days() {
    let start = date!(2026 - 01 - 01);
    let to = date!(2026 - 01 - 20);
    // Due 2026-01-08; in date on 1st..8th (8 days), overdue 9th..20th (12 days).
    assert_eq!(compliance(&[], start, start, to, |_| Some(7)), Some(0.4));
    // Held on the 8th: due 15th; overdue only 16th..20th (5 of 20 days).
    let held = [date!(2026 - 01 - 08)];
    assert_eq!(compliance(&held, start, start, to, |_| Some(7)), Some(0.75));
    // Days before the expectation start are not counted.
    let early = date!(2025 - 12 - 01);
    assert_eq!(compliance(&held, start, early, to, |_| Some(7)), Some(0.75));
}

#[test]
fn compliance_is_none_when_no_day_counts() {
    let start = date!(2026 - 01 - 01);
    let to = date!(2026 - 01 - 31);
    assert_eq!(compliance(&[], start, start, to, |_| None), None);
    assert_eq!(compliance(&[], start, to, start, |_| Some(7)), None);
    assert_eq!(
        compliance(&[], date!(2026 - 02 - 01), start, to, |_| Some(7)),
        None
    );
}

#[test]
fn working_days_skip_weekends_and_holidays() {
    let friday = date!(2026 - 01 - 02);
    assert_eq!(add_working_days(friday, 1, &[]), date!(2026 - 01 - 05));
    assert_eq!(add_working_days(friday, 0, &[]), friday);
    assert_eq!(add_working_days(friday, 5, &[]), date!(2026 - 01 - 09));
    let holidays = [date!(2026 - 01 - 05)];
    assert_eq!(
        add_working_days(friday, 1, &holidays),
        date!(2026 - 01 - 06)
    );
    let saturday = date!(2026 - 01 - 03);
    assert_eq!(add_working_days(saturday, 1, &[]), date!(2026 - 01 - 05));
}

#[test]
fn cancellations_must_be_rebooked_within_five_working_days() {
    let r = rules();
    let monday = date!(2026 - 01 - 05);
    let deadline = date!(2026 - 01 - 12);
    let next_day = date!(2026 - 01 - 13);
    assert!(!cancellation_unrebooked(monday, None, deadline, &r, &[]));
    assert!(cancellation_unrebooked(monday, None, next_day, &r, &[]));
    assert!(!cancellation_unrebooked(
        monday,
        Some(deadline),
        next_day,
        &r,
        &[]
    ));
    assert!(cancellation_unrebooked(
        monday,
        Some(next_day),
        next_day,
        &r,
        &[]
    ));
    let holidays = [date!(2026 - 01 - 07)];
    assert!(!cancellation_unrebooked(
        monday, None, next_day, &r, &holidays
    ));
}

#[test]
fn short_sessions_and_confirmation() {
    let r = rules();
    assert!(is_short(89, &r));
    assert!(!is_short(90, &r));
    let recorded = date!(2026 - 01 - 01);
    assert!(!confirmation_overdue(
        recorded,
        false,
        date!(2026 - 01 - 11),
        &r
    ));
    assert!(confirmation_overdue(
        recorded,
        false,
        date!(2026 - 01 - 12),
        &r
    ));
    assert!(!confirmation_overdue(
        recorded,
        true,
        date!(2026 - 03 - 01),
        &r
    ));
}

#[test]
fn agreements_are_reviewed_yearly() {
    let r = rules();
    assert_eq!(
        agreement_review_due(date!(2026 - 03 - 15), &r),
        date!(2027 - 03 - 15)
    );
    assert_eq!(
        agreement_review_due(date!(2024 - 02 - 29), &r),
        date!(2025 - 02 - 28)
    );
}

#[test]
fn rules_deserialize_with_defaults_and_refuse_unknown_fields() {
    let r: SupervisionRules = toml::from_str("minimum_minutes = 60").unwrap();
    assert_eq!(r.minimum_minutes, 60);
    assert_eq!(r.monthly_days, 31);
    assert!(toml::from_str::<SupervisionRules>("minimum_minute = 60").is_err());
}

/// Dates from 2015-01-01 to 2034-12-31.
fn any_date() -> impl Strategy<Value = Date> {
    (2_457_024i32..2_464_328).prop_map(|j| Date::from_julian_day(j).unwrap())
}

fn asye_interval(start: Date) -> impl Fn(Date) -> Option<u32> {
    move |d| allowed_interval_days("asye", start, d, &SupervisionRules::default())
}

fn ratio(
    held: &[Date],
    start: Date,
    from: Date,
    days: i64,
    asye: bool,
    constant: u32,
) -> Option<f64> {
    let to = from + Duration::days(days);
    if asye {
        compliance(held, start, from, to, asye_interval(start))
    } else {
        compliance(held, start, from, to, |_| Some(constant))
    }
}

proptest! {
    #[test]
    fn a_recent_session_is_never_overdue(
        today in any_date(),
        start in any_date(),
        interval in 0u32..400,
        back in 0u32..400,
    ) {
        let back = back.min(interval);
        let held = today - Duration::days(i64::from(back));
        prop_assert!(!is_overdue(Some(held), start, interval, today));
    }

    #[test]
    fn adding_a_session_never_lowers_compliance(
        from in any_date(),
        offsets in proptest::collection::vec(-60i64..400, 0..20),
        extra in -60i64..400,
        start_offset in -60i64..200,
        days in 0i64..366,
        asye in any::<bool>(),
        constant in 1u32..60,
    ) {
        // Sessions and the expectation start near the window, so they interact with it.
        let near = |o: i64| from + Duration::days(o);
        let held: Vec<Date> = offsets.iter().copied().map(near).collect();
        let start = near(start_offset);
        let before = ratio(&held, start, from, days, asye, constant);
        let mut more = held.clone();
        more.push(near(extra));
        let after = ratio(&more, start, from, days, asye, constant);
        prop_assert_eq!(before.is_some(), after.is_some());
        if let (Some(b), Some(a)) = (before, after) {
            prop_assert!(a >= b, "before {b}, after {a}");
            prop_assert!((0.0..=1.0).contains(&b) && (0.0..=1.0).contains(&a));
        }
    }

    #[test]
    fn one_walk_gives_the_same_as_each_window_alone(
        to in any_date(),
        offsets in proptest::collection::vec(-500i64..10, 0..20),
        start_offset in -500i64..10,
        backs in proptest::collection::vec(0i64..400, 1..4),
        asye in any::<bool>(),
        constant in 1u32..60,
    ) {
        let near = |o: i64| to + Duration::days(o);
        let held: Vec<Date> = offsets.iter().copied().map(near).collect();
        let start = near(start_offset);
        let froms: Vec<Date> = backs.iter().map(|b| to - Duration::days(*b)).collect();
        let together = if asye {
            compliance_windows(&held, start, &froms, to, asye_interval(start))
        } else {
            compliance_windows(&held, start, &froms, to, |_| Some(constant))
        };
        for (from, got) in froms.iter().zip(together) {
            let alone = if asye {
                compliance(&held, start, *from, to, asye_interval(start))
            } else {
                compliance(&held, start, *from, to, |_| Some(constant))
            };
            prop_assert_eq!(got, alone);
        }
    }

    #[test]
    fn daily_sessions_give_full_compliance(
        from in any_date(),
        days in 0i64..366,
        asye in any::<bool>(),
        constant in 0u32..60,
    ) {
        let held: Vec<Date> = (0..=days).map(|i| from + Duration::days(i)).collect();
        let got = ratio(&held, from, from, days, asye, constant);
        prop_assert_eq!(got, Some(1.0));
    }

    #[test]
    fn working_days_land_on_working_days(
        from in any_date(),
        n in 0u32..60,
        holidays in proptest::collection::vec(any_date(), 0..30),
    ) {
        let got = add_working_days(from, n, &holidays);
        if n > 0 {
            prop_assert!(got > from);
            prop_assert!(is_working_day(got, &holidays));
        } else {
            prop_assert_eq!(got, from);
        }
    }

    #[test]
    fn asye_interval_never_shortens(start in any_date(), a in 0i64..800, b in 0i64..800) {
        let (early, late) = (a.min(b), a.max(b));
        prop_assert!(asye_on(start, early) <= asye_on(start, late));
    }

    #[test]
    fn add_months_keeps_the_day_or_clamps(d in any_date(), m in 0u32..240) {
        let got = add_months(d, m);
        let months = |x: Date| x.year() * 12 + i32::from(u8::from(x.month()));
        prop_assert_eq!(months(got) - months(d), m as i32);
        prop_assert!(got.day() == d.day() || got.day() == got.month().length(got.year()));
    }
}
