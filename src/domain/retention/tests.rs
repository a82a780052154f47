use super::*;
use proptest::prelude::*;
use time::macros::date;

fn any_day() -> impl Strategy<Value = Date> {
    (1950i32..2100, 1u8..=12, 1u8..=31).prop_filter_map("a real day", |(y, m, d)| {
        Date::from_calendar_date(y, Month::try_from(m).ok()?, d).ok()
    })
}

fn any_rules() -> impl Strategy<Value = RetentionRules> {
    (0u16..20, 16u16..100, 0u16..80, 0u16..20).prop_map(|(d, a, w, u)| RetentionRules {
        leaver_detail_years: d,
        summary_until_age: a,
        summary_years_without_birth_date: w,
        audit_years: u,
    })
}

#[test]
fn the_shipped_schedule_keeps_detail_six_years_and_a_summary_to_seventy_five() {
    let r = RetentionRules::default();
    let left = date!(2018 - 03 - 31);
    let born = Some(date!(1960 - 07 - 01));
    assert_eq!(
        leaver_stage(left, born, date!(2024 - 03 - 30), &r),
        LeaverStage::Keep
    );
    assert_eq!(
        leaver_stage(left, born, date!(2024 - 03 - 31), &r),
        LeaverStage::DeleteDetail
    );
    assert_eq!(
        leaver_stage(left, born, date!(2035 - 06 - 30), &r),
        LeaverStage::DeleteDetail
    );
    assert_eq!(
        leaver_stage(left, born, date!(2035 - 07 - 01), &r),
        LeaverStage::Anonymise
    );
    // Without a date of birth, 50 years after leaving.
    assert_eq!(
        leaver_stage(left, None, date!(2068 - 03 - 30), &r),
        LeaverStage::DeleteDetail
    );
    assert_eq!(
        leaver_stage(left, None, date!(2068 - 03 - 31), &r),
        LeaverStage::Anonymise
    );
    // Someone who left after their 75th birthday: anonymised when the detail goes.
    let old = Some(date!(1940 - 01 - 01));
    assert_eq!(
        leaver_stage(left, old, date!(2024 - 03 - 31), &r),
        LeaverStage::Anonymise
    );
}

#[test]
fn a_leap_day_moves_to_the_last_day_of_february() {
    assert_eq!(years_after(date!(2020 - 02 - 29), 6), date!(2026 - 02 - 28));
    assert_eq!(years_after(date!(2020 - 02 - 29), 4), date!(2024 - 02 - 29));
    assert_eq!(
        years_before(date!(2028 - 02 - 29), 6),
        date!(2022 - 02 - 28)
    );
}

proptest! {
    #[test]
    fn the_summary_never_goes_before_the_detail(left in any_day(), born in proptest::option::of(any_day()), r in any_rules()) {
        prop_assert!(summary_due(left, born, &r) >= detail_due(left, &r));
    }

    #[test]
    fn stages_only_move_forward(left in any_day(), born in proptest::option::of(any_day()), a in any_day(), b in any_day(), r in any_rules()) {
        let (early, late) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(leaver_stage(left, born, early, &r) as u8 <= leaver_stage(left, born, late, &r) as u8);
    }

    #[test]
    fn the_query_narrowing_never_misses_a_leaver_who_is_due(left in any_day(), born in proptest::option::of(any_day()), today in any_day(), r in any_rules()) {
        if leaver_stage(left, born, today, &r) != LeaverStage::Keep {
            prop_assert!(left <= detail_left_by(today, &r));
        }
    }

    #[test]
    fn nothing_is_due_before_the_detail_years_have_passed(left in any_day(), born in proptest::option::of(any_day()), r in any_rules()) {
        let before = detail_due(left, &r).previous_day().unwrap();
        prop_assert_eq!(leaver_stage(left, born, before, &r), LeaverStage::Keep);
    }
}
