use super::*;
use proptest::prelude::*;
use time::macros::date;

const TODAY: Date = date!(2026 - 03 - 10);

fn input(email: &str, first: &str, last: &str, reason: &str) -> EpisodeInput {
    EpisodeInput {
        work_email: email.into(),
        first_day: first.into(),
        last_day: last.into(),
        reason: reason.into(),
    }
}

#[test]
fn each_problem_is_named_by_its_field() {
    let r = AbsenceRules::default();
    let e = input("", "2026-13-01", "", "flu")
        .parse(&r, TODAY)
        .unwrap_err();
    for f in ["work_email", "first_day", "reason"] {
        assert!(e.message_for(f).is_some(), "{f}");
    }
    let e = input("a@b.nhs.uk", "2026-03-05", "2026-03-01", "S10")
        .parse(&r, TODAY)
        .unwrap_err();
    assert_eq!(
        e.message_for("last_day"),
        Some("Last day of absence must be on or after the first day")
    );
    let e = input("a@b.nhs.uk", "2026-03-11", "", "S10")
        .parse(&r, TODAY)
        .unwrap_err();
    assert!(e.message_for("first_day").is_some(), "not in the future");
    let ok = input(" A@B.nhs.uk ", "2026-03-05", "", "s10")
        .parse(&r, TODAY)
        .unwrap();
    assert_eq!(ok.work_email, "a@b.nhs.uk");
    assert_eq!((ok.reason.as_str(), ok.last_day), ("S10", None));
}

#[test]
fn a_file_is_refused_whole_with_each_row_and_column_named() {
    let r = AbsenceRules::default();
    let text = "work_email,first_day,last_day,reason\r\n\
        a@b.nhs.uk,2026-01-05,2026-01-09,S13\r\n\
        c@b.nhs.uk,5 January,,S10\r\n\
        d@b.nhs.uk,2026-01-05,,flu\r\n\
        e@b.nhs.uk,2026-01-05\r\n";
    let e = parse_csv(text, &r, TODAY).unwrap_err();
    let messages: Vec<&str> = e.0.iter().map(|f| f.message.as_str()).collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages[0].starts_with("Row 3, column first_day:"),
        "{messages:?}"
    );
    assert!(
        messages[1].starts_with("Row 4, column reason:"),
        "{messages:?}"
    );
    assert!(
        messages[2].starts_with("Row 5: has 2 fields"),
        "{messages:?}"
    );
    let wrong = parse_csv("email,from,to,why\n", &r, TODAY).unwrap_err();
    assert!(
        wrong.0[0]
            .message
            .starts_with("The headings must be work_email")
    );
    let good = parse_csv(
        "\u{feff}work_email,first_day,last_day,reason\na@b.nhs.uk,2026-01-05,2026-01-09,S13\n",
        &r,
        TODAY,
    )
    .unwrap();
    assert_eq!(good[0].0, 2);
}

#[test]
fn episodes_that_share_a_day_overlap_and_an_open_one_runs_on() {
    let d = |s: &str| dates::parse("d", s).unwrap();
    assert!(overlap(
        (d("2026-01-05"), Some(d("2026-01-09"))),
        (d("2026-01-09"), None)
    ));
    assert!(!overlap(
        (d("2026-01-05"), Some(d("2026-01-08"))),
        (d("2026-01-09"), None)
    ));
    assert!(overlap(
        (d("2026-01-05"), None),
        (d("2026-02-09"), Some(d("2026-02-10")))
    ));
}

fn person(team: &str, wte: f64, episodes: Vec<(Date, Option<Date>, String)>) -> Person {
    Person {
        wte,
        start: date!(2020 - 01 - 01),
        end: None,
        team: team.into(),
        episodes,
    }
}

#[test]
fn the_rate_is_fte_days_lost_over_fte_days_available() {
    let policy = DisclosurePolicy {
        suppress_up_to: 0,
        round_to: 1,
    };
    let from = date!(2025 - 01 - 01);
    let to = date!(2025 - 12 - 31);
    let ten = (
        date!(2025 - 03 - 01),
        Some(date!(2025 - 03 - 10)),
        "S13".to_string(),
    );
    // Before the period: counts only its days inside it.
    let across = (
        date!(2024 - 12 - 30),
        Some(date!(2025 - 01 - 02)),
        "S10".to_string(),
    );
    let people = vec![
        person("North", 1.0, vec![ten.clone()]),
        person("North", 0.5, vec![across]),
        person("South", 1.0, vec![]),
    ];
    let f = AbsenceFigures::of(&people, from, to, &AbsenceRules::default(), policy);
    // Lost: 10 x 1.0 + 2 x 0.5 = 11; available: 365 x 2.5.
    assert_eq!(f.fte_days_lost, Some(11.0));
    assert_eq!(
        f.rate_percent,
        Some(((11.0 / 912.5) * 10_000.0_f64).round() / 100.0)
    );
    assert_eq!(f.people_absent, Shown::Value(2));
    assert_eq!(f.episodes, Shown::Value(1), "episodes begun in the period");
    assert_eq!(f.by_team[1].rate_percent, Some(0.0));
}

proptest! {
    /// Whatever the episodes: the rate is between 0 and 100, and no small count of people
    /// or episodes is shown; where it is hidden, so are the rate and days lost, and a
    /// team's hidden count never stands alone beside a shown total.
    #[test]
    fn small_numbers_and_rates_are_never_shown(
        raw in prop::collection::vec((0usize..4, 0i64..400, 0i64..30, 0usize..11, prop::bool::ANY), 0..40),
        limit in 1u64..8,
    ) {
        let rules = AbsenceRules::default();
        let from = date!(2025 - 01 - 01);
        let to = date!(2025 - 12 - 31);
        let mut people: Vec<Person> = (0..4).map(|t| person(["A", "B", "C", "D"][t], 1.0, vec![])).collect();
        for (who, start, len, reason, open) in raw {
            let first = from + time::Duration::days(start - 20);
            let last = (!open).then(|| first + time::Duration::days(len));
            people[who].episodes.push((first, last, rules.reasons[reason].code.clone()));
        }
        let policy = DisclosurePolicy { suppress_up_to: limit, round_to: 1 };
        let f = AbsenceFigures::of(&people, from, to, &rules, policy);
        let small = |s: &Shown| matches!(s, Shown::Value(n) if *n >= 1 && *n <= limit);
        prop_assert!(!small(&f.people_absent) && !small(&f.episodes));
        prop_assert!(f.by_reason.iter().all(|(_, s)| !small(s)));
        prop_assert!(f.by_team.iter().all(|t| !small(&t.people_absent)));
        if f.people_absent == Shown::Suppressed {
            prop_assert!(f.rate_percent.is_none() && f.fte_days_lost.is_none());
        }
        if let Some(r) = f.rate_percent {
            prop_assert!((0.0..=100.0).contains(&r), "{r}");
        }
        for t in &f.by_team {
            prop_assert_eq!(t.rate_percent.is_some(), t.people_absent != Shown::Suppressed);
        }
        if f.people_absent != Shown::Suppressed {
            prop_assert_ne!(f.by_team.iter().filter(|t| t.people_absent == Shown::Suppressed).count(), 1);
        }
    }
}
