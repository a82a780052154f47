use super::*;
use proptest::prelude::*;
use time::macros::date;

#[test]
fn five_years_from_29_february() {
    let start = date!(2024 - 02 - 29);
    assert_eq!(default_expiry(start, 5), date!(2029 - 02 - 27));
    let years = approval_years(start, default_expiry(start, 5));
    let spans: Vec<_> = years.iter().map(|y| (y.starts, y.ends)).collect();
    assert_eq!(
        spans,
        [
            (date!(2024 - 02 - 29), date!(2025 - 02 - 27)),
            (date!(2025 - 02 - 28), date!(2026 - 02 - 27)),
            (date!(2026 - 02 - 28), date!(2027 - 02 - 27)),
            (date!(2027 - 02 - 28), date!(2028 - 02 - 28)),
            (date!(2028 - 02 - 29), date!(2029 - 02 - 27)),
        ]
    );
}

#[test]
fn hours_on_the_last_and_first_day_of_a_year_count_in_their_own_year() {
    let (start, end) = (date!(2024 - 02 - 29), date!(2029 - 02 - 27));
    let rules = PostQualifyingRules::default();
    let training = [
        (date!(2025 - 02 - 27), 18 * 60),
        (date!(2025 - 02 - 28), 60),
    ];
    let p = progress(start, end, &training, &[], date!(2025 - 06 - 01), &rules);
    assert_eq!(p.len(), 2);
    assert_eq!((p[0].minutes_logged, p[0].shortfall_minutes), (1080, 0));
    assert!(!p[0].missed() && p[0].ended);
    assert_eq!((p[1].minutes_logged, p[1].shortfall_minutes), (60, 1020));
    assert!(p[1].current && !p[1].missed());
}

#[test]
fn local_rules_raise_the_hours_and_count_assessments() {
    let rules = PostQualifyingRules {
        local_hours_per_year: 30,
        local_assessments_per_year: 4,
        ..PostQualifyingRules::default()
    };
    assert_eq!(rules.hours_needed(), 30);
    let p = progress(
        date!(2025 - 04 - 01),
        date!(2030 - 03 - 31),
        &[(date!(2025 - 05 - 01), 20 * 60)],
        &[(date!(2025 - 06 - 01), 3)],
        date!(2026 - 04 - 02),
        &rules,
    );
    assert_eq!(p[0].shortfall_minutes, 600);
    assert_eq!((p[0].assessments, p[0].assessments_needed), (3, 4));
    assert!(p[0].missed());
}

#[test]
fn hours_are_parsed_with_clear_messages() {
    assert_eq!(parse_hours("1.5"), Ok(90));
    assert_eq!(parse_hours(" 3 "), Ok(180));
    assert_eq!(parse_hours("0.75"), Ok(45));
    assert!(parse_hours("-2").unwrap_err().contains("more than 0"));
    assert!(parse_hours("0").unwrap_err().contains("more than 0"));
    assert!(parse_hours("three").unwrap_err().starts_with("Hours"));
    assert!(parse_hours("NaN").is_err());
    assert!(parse_hours("101").is_err());
    assert!(parse_hours("").is_err());
    assert_eq!(parse_count("2"), Ok(2));
    assert!(parse_count("-1").is_err() && parse_count("0").is_err());
}

#[test]
fn states_and_reasons() {
    let (a, e) = (date!(2025 - 01 - 10), date!(2030 - 01 - 09));
    let s = [(date!(2026 - 01 - 01), Some(date!(2026 - 01 - 31)))];
    assert_eq!(
        state_on(a, e, None, &s, date!(2025 - 01 - 09)),
        ApprovalState::NotStarted
    );
    assert_eq!(state_on(a, e, None, &s, a), ApprovalState::Active);
    assert_eq!(
        state_on(a, e, None, &s, date!(2026 - 01 - 31)),
        ApprovalState::Suspended
    );
    assert_eq!(state_on(a, e, None, &s, e), ApprovalState::Active);
    assert_eq!(
        state_on(a, e, None, &s, date!(2030 - 01 - 10)),
        ApprovalState::Expired
    );
    assert_eq!(
        state_on(
            a,
            e,
            Some(date!(2027 - 01 - 01)),
            &[],
            date!(2027 - 01 - 01)
        ),
        ApprovalState::Ended
    );
    for r in EndReason::ALL {
        assert_eq!(EndReason::parse(r.code()), Some(r));
    }
    for r in PqRole::ALL {
        assert_eq!(PqRole::parse(r.code()), Some(r));
    }
}

#[test]
fn reapproval_reminders_at_six_three_and_one_month() {
    let e = date!(2027 - 08 - 31);
    let leads = [6, 3, 1];
    assert_eq!(reapproval_stage(e, date!(2027 - 02 - 27), &leads), None);
    assert_eq!(reapproval_stage(e, date!(2027 - 02 - 28), &leads), Some(6));
    assert_eq!(reapproval_stage(e, date!(2027 - 05 - 31), &leads), Some(3));
    assert_eq!(reapproval_stage(e, date!(2027 - 07 - 31), &leads), Some(1));
    assert_eq!(reapproval_stage(e, e, &leads), Some(1));
    assert_eq!(reapproval_stage(e, date!(2027 - 09 - 01), &leads), None);
    assert_eq!(reapproval_stage(e, e, &[]), None);
}

#[test]
fn ages_quarters_and_refreshers() {
    assert_eq!(age_on(date!(1971 - 03 - 01), date!(2026 - 02 - 28)), 54);
    assert_eq!(age_on(date!(1971 - 03 - 01), date!(2026 - 03 - 01)), 55);
    assert_eq!(age_on(date!(1972 - 02 - 29), date!(2027 - 02 - 28)), 54);
    assert!(at_or_over(None, Some("55_64"), 55, date!(2026 - 01 - 01)));
    assert!(!at_or_over(None, Some("45_54"), 55, date!(2026 - 01 - 01)));
    assert!(!at_or_over(None, None, 55, date!(2026 - 01 - 01)));
    assert!(at_or_over(None, Some("55_59"), 55, date!(2026 - 01 - 01)));
    assert!(!at_or_over(None, Some("50_54"), 55, date!(2026 - 01 - 01)));
    assert!(at_or_over(None, Some("65_plus"), 55, date!(2026 - 01 - 01)));
    assert_eq!(quarter_of(date!(2027 - 03 - 31)), (2027, 1));
    assert_eq!(quarter_of(date!(2027 - 10 - 01)), (2027, 4));
    assert_eq!(quarter_label((2027, 2)), "April to June 2027");
    let rules = PostQualifyingRules::default();
    assert_eq!(
        bia_refresher_due(Some(date!(2024 - 02 - 29)), None, &rules),
        Some(date!(2025 - 02 - 28))
    );
    assert_eq!(bia_refresher_due(None, None, &rules), None);
}

#[test]
fn a_quarter_reads_back_from_its_code_and_a_bad_one_is_refused() {
    assert_eq!(quarter_code((2027, 1)), "2027-q1");
    assert_eq!(parse_quarter("2027-Q4"), Ok((2027, 4)));
    for bad in [
        "", "2027", "2027-q0", "2027-q5", "27-q1", "2027-q1x", "q1-2027", "+2027-q1",
    ] {
        assert!(parse_quarter(bad).is_err(), "{bad}");
    }
}

proptest! {
    #[test]
    fn every_day_s_quarter_reads_back_from_its_code(d in any_date()) {
        let q = quarter_of(d);
        prop_assert_eq!(parse_quarter(&quarter_code(q)), Ok(q));
    }
}

/// Dates from 2000-01-01 to 2040-12-31, with plenty of 29 Februaries among them.
fn any_date() -> impl Strategy<Value = Date> {
    prop_oneof![
        (2_451_545i32..2_466_520).prop_map(|j| Date::from_julian_day(j).unwrap()),
        (0i32..10)
            .prop_map(|k| Date::from_calendar_date(2000 + 4 * k, Month::February, 29).unwrap()),
    ]
}

proptest! {
    #[test]
    fn approval_years_tile_the_approval(start in any_date(), years in 1u32..8, cut in 0i64..400) {
        let full = default_expiry(start, years);
        let expires = (full - Duration::days(cut)).max(start);
        let ys = approval_years(start, expires);
        prop_assert!(!ys.is_empty());
        prop_assert_eq!(ys[0].starts, start);
        prop_assert_eq!(ys.last().unwrap().ends, expires);
        for w in ys.windows(2) {
            prop_assert_eq!(w[0].ends.next_day().unwrap(), w[1].starts);
        }
        for y in &ys {
            let len = (y.ends - y.starts).whole_days() + 1;
            prop_assert!((1..=366).contains(&len));
            if y.ends != expires {
                prop_assert!(len == 365 || len == 366, "year {} is {} days", y.index, len);
            }
        }
        if cut == 0 {
            prop_assert_eq!(ys.len() as u32, years);
        }
    }

    #[test]
    fn every_day_of_the_approval_is_in_exactly_one_year(start in any_date(), offset in 0i64..1826) {
        let expires = default_expiry(start, 5);
        let on = start + Duration::days(offset);
        let hits = approval_years(start, expires).into_iter()
            .filter(|y| y.starts <= on && on <= y.ends).count();
        prop_assert_eq!(hits, usize::from(on <= expires));
        prop_assert_eq!(year_of(start, expires, on).is_some(), on <= expires);
    }

    #[test]
    fn hours_land_in_the_year_of_their_date(start in any_date(), offset in 0i64..1826, minutes in 1u32..3000) {
        let expires = default_expiry(start, 5);
        let on = start + Duration::days(offset);
        prop_assume!(on <= expires);
        let rules = PostQualifyingRules::default();
        let p = progress(start, expires, &[(on, minutes)], &[], expires, &rules);
        let year = year_of(start, expires, on).unwrap();
        for y in &p {
            let expected = if y.year == year { minutes } else { 0 };
            prop_assert_eq!(y.minutes_logged, expected);
            prop_assert_eq!(y.shortfall_minutes, (18 * 60u32).saturating_sub(expected));
        }
    }

    #[test]
    fn more_hours_never_make_a_shortfall_bigger(start in any_date(), a in 1u32..2000, b in 1u32..2000) {
        let expires = default_expiry(start, 5);
        let rules = PostQualifyingRules::default();
        let one = progress(start, expires, &[(start, a)], &[], start, &rules);
        let two = progress(start, expires, &[(start, a), (start, b)], &[], start, &rules);
        prop_assert!(two[0].shortfall_minutes <= one[0].shortfall_minutes);
        prop_assert_eq!(one[0].shortfall_minutes == 0, a >= 1080);
    }

    #[test]
    fn any_negative_or_zero_hours_are_refused(v in -1000.0f64..=0.0) {
        prop_assert!(parse_hours(&v.to_string()).is_err());
    }

    #[test]
    fn reapproval_stage_never_rises_as_expiry_nears(e in any_date(), d in 0i64..400) {
        let leads = [6, 3, 1];
        let early = reapproval_stage(e, e - Duration::days(d + 1), &leads);
        let late = reapproval_stage(e, e - Duration::days(d), &leads);
        if let (Some(a), Some(b)) = (early, late) { prop_assert!(b <= a); }
        if early.is_some() { prop_assert!(late.is_some()); }
    }
}
