use super::*;
use proptest::prelude::*;
use time::Duration;
use time::macros::date;

const TO: Date = date!(2026 - 11 - 23);

fn rules() -> SupervisionRules {
    SupervisionRules::default()
}

#[test]
fn the_trend_ends_on_the_last_day_and_steps_back_by_month_ends() {
    let days = trend_days(TO);
    assert_eq!(days.len(), 12);
    assert_eq!(days[11], TO);
    assert_eq!(days[10], date!(2026 - 10 - 31));
    assert_eq!(days[8], date!(2026 - 08 - 31));
    assert_eq!(days[0], date!(2025 - 12 - 31));
    assert!(days.windows(2).all(|w| w[0] < w[1]));
}

fn person<'a>(
    stage: &'a str,
    start: Date,
    agreement: Option<Date>,
    held: &'a [Date],
) -> StatusInput<'a> {
    StatusInput {
        career_stage: stage,
        start_date: start,
        agreement_starts_on: agreement,
        interval_override: None,
        held,
        unconfirmed: 0,
    }
}

#[test]
fn groups_average_over_people_with_an_expectation() {
    let from = date!(2026 - 09 - 01);
    let r = rules();
    let start = date!(2024 - 01 - 01);
    let monthly: Vec<Date> = (0..4).map(|m| from + Duration::days(30 * m)).collect();
    let measured: Vec<Measured<&str>> = [
        ("in date", person("qualified", start, Some(start), &monthly)),
        ("never", person("qualified", start, Some(start), &[])),
        // A student has no interval without an agreement's: not counted in the mean.
        ("student", person("student", start, Some(start), &[])),
        // Started after the range: not part of it.
        (
            "later",
            person("qualified", TO + Duration::days(1), None, &[]),
        ),
    ]
    .into_iter()
    .filter_map(|(who, input)| measure(who, &input, from, TO, &r))
    .collect();
    assert_eq!(measured.len(), 3);
    let all = group_row("Everyone".into(), &measured.iter().collect::<Vec<_>>());
    assert_eq!((all.people, all.overdue), (3, 0));
    assert_eq!(all.compliance, Some(0.5));
    assert_eq!(
        measured[1].standing,
        SupervisionStanding::NeverSupervised,
        "never supervised is not counted as overdue"
    );
    let rows = grouped(&measured, |m| m.person.len().to_string());
    assert_eq!(rows.len(), 2, "'in date' and 'student' share a key");
    let last = trend_with(&measured, TO, &r).pop().unwrap();
    assert_eq!((last.people, last.in_date, last.share), (2, 1, Some(0.5)));
    assert_eq!(last.on, "2026-11-23");
}

#[test]
fn capacity_is_hours_per_average_month_and_teams_lacking_a_senior() {
    let from = date!(2025 - 11 - 24);
    // 120 hours over a year is 10 a month.
    assert_eq!(hours_per_month(120 * 60, from, TO), 10.0);
    // A range shorter than a month counts as one.
    assert_eq!(hours_per_month(90, TO, TO), 1.5);
    assert!(lacks_senior(2, 0));
    assert!(!lacks_senior(2, 1));
    assert!(!lacks_senior(0, 0));
}

/// Dates from 2015 to about 2035.
fn any_date() -> impl Strategy<Value = Date> {
    (2_457_024i32..2_464_328).prop_map(|j| Date::from_julian_day(j).unwrap())
}

#[derive(Debug, Clone)]
struct Person {
    stage: &'static str,
    start: i64,
    /// Days from the start to the agreement (none: no agreement).
    agreement_after: Option<i64>,
    interval_override: Option<u32>,
    held: Vec<i64>,
}

fn any_person() -> impl Strategy<Value = Person> {
    (
        prop::sample::select(vec!["asye", "qualified", "senior", "student"]),
        -900i64..30,
        prop::option::of(0i64..400),
        prop::option::of(1u32..60),
        prop::collection::vec(-900i64..60, 0..15),
    )
        .prop_map(
            |(stage, start, agreement_after, interval_override, held)| Person {
                stage,
                start,
                agreement_after,
                interval_override,
                held,
            },
        )
}

fn measured(people: &[Person], from: Date, to: Date) -> Vec<Measured<usize>> {
    let day = |n: i64| to + Duration::days(n);
    people
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            let start = day(p.start);
            let held: Vec<Date> = p.held.iter().map(|n| day(*n)).collect();
            let input = StatusInput {
                career_stage: p.stage,
                start_date: start,
                agreement_starts_on: p.agreement_after.map(|n| start + Duration::days(n)),
                interval_override: p.interval_override,
                held: &held,
                unconfirmed: 0,
            };
            measure(i, &input, from, to, &rules())
        })
        .collect()
}

proptest! {
    /// The trend's days: twelve, ascending, the last being `to` and each other the last
    /// day of its month, one month apart.
    #[test]
    fn the_trend_days_are_month_ends_up_to_the_last_day(to in any_date()) {
        let days = trend_days(to);
        prop_assert_eq!(days.len(), 12);
        prop_assert_eq!(days[11], to);
        prop_assert!(days.windows(2).all(|w| w[0] < w[1]));
        let month = |d: Date| d.year() * 12 + i32::from(u8::from(d.month()));
        for (i, d) in days.iter().enumerate().take(11) {
            prop_assert_eq!(d.next_day().unwrap().day(), 1, "{} is not a month end", d);
            prop_assert_eq!(month(to) - month(*d), 11 - i as i32);
        }
    }

    /// Each point counts the people with an expectation that day, those in date among
    /// them, and the share between 0 and 1 (none when nobody counts).
    #[test]
    fn each_trend_point_is_a_share(
        people in prop::collection::vec(any_person(), 0..12),
        to in any_date(),
        back in 0i64..400,
    ) {
        let from = to - Duration::days(back);
        let m = measured(&people, from, to);
        let points = trend_with(&m, to, &rules());
        let days = trend_days(to);
        prop_assert_eq!(points.len(), 12);
        for (p, d) in points.iter().zip(&days) {
            prop_assert_eq!(&p.on, &d.to_string());
            prop_assert!(p.in_date <= p.people && p.people <= m.len());
            match p.share {
                Some(s) => {
                    prop_assert!((0.0..=1.0).contains(&s));
                    prop_assert_eq!(s, p.in_date as f64 / p.people as f64);
                }
                None => prop_assert_eq!(p.people, 0),
            }
        }
        for row in grouped(&m, |x| people[x.person].stage.to_string()) {
            prop_assert!(row.overdue <= row.people);
            prop_assert!(row.compliance.is_none_or(|c| (0.0..=1.0).contains(&c)));
        }
    }

    /// Someone with an agreement is out of date on the trend's last point exactly when the
    /// report lists them as overdue or not yet supervised: the trend ends where the tables do.
    #[test]
    fn the_last_point_agrees_with_the_overdue_list(
        people in prop::collection::vec(any_person(), 0..12),
        to in any_date(),
    ) {
        let r = rules();
        for m in measured(&people, to, to) {
            if people[m.person].agreement_after.is_none() {
                continue;
            }
            let listed = matches!(
                m.standing,
                SupervisionStanding::Overdue | SupervisionStanding::NeverSupervised
            );
            if let Some(in_date) = in_date_on(&m, to, &r) {
                prop_assert_eq!(in_date, !listed);
            }
        }
    }

    /// A person's compliance over the range is the share of its days (from their
    /// expectation's start) on which the trend's rule finds them in date.
    #[test]
    fn compliance_is_the_trend_rule_day_by_day(
        p in any_person(),
        to in any_date(),
        back in 0i64..200,
    ) {
        let r = rules();
        let from = to - Duration::days(back);
        for m in measured(std::slice::from_ref(&p), from, to) {
            let mut day = from.max(m.expectation_start);
            let (mut counted, mut in_date) = (0u32, 0u32);
            while day <= to {
                if let Some(ok) = in_date_on(&m, day, &r) {
                    counted += 1;
                    in_date += u32::from(ok);
                }
                day = day.next_day().unwrap();
            }
            let expected = (counted > 0).then(|| f64::from(in_date) / f64::from(counted));
            prop_assert_eq!(m.compliance, expected);
        }
    }

    /// Someone who started after the range is not in it; anyone else is.
    #[test]
    fn only_people_started_by_the_last_day_are_measured(p in any_person(), to in any_date()) {
        let m = measured(std::slice::from_ref(&p), to, to);
        prop_assert_eq!(m.len(), usize::from(p.start <= 0));
    }

    /// The hours per month are never negative and are rounded to a tenth.
    #[test]
    fn hours_per_month_is_a_rounded_rate(minutes in 0i64..1_000_000, from in any_date(), days in 0i64..3660) {
        let h = hours_per_month(minutes, from, from + Duration::days(days));
        prop_assert!(h >= 0.0);
        prop_assert!(((h * 10.0).round() - h * 10.0).abs() < 1e-6);
        // Rounding to a tenth adds at most 0.05 (and a hair of floating point).
        prop_assert!(h <= minutes as f64 / 60.0 + 0.05 + 1e-9);
    }
}
