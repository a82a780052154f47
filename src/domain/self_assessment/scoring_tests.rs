use super::*;
use crate::domain::self_assessment::Framework;
use proptest::prelude::*;

fn scale(allow_na: bool) -> Scale {
    let text = super::super::framework::tests::MINIMAL.replace(
        "allow_not_applicable = false",
        &format!("allow_not_applicable = {allow_na}"),
    );
    Framework::parse(&text).unwrap().scale
}

#[test]
fn ratings_outside_the_scale_are_refused_naming_the_scale() {
    let s = scale(false);
    assert_eq!(parse_rating(&s, "3").unwrap().rating, Some(3));
    assert_eq!(parse_rating(&s, "").unwrap(), Answer::default());
    for bad in ["0", "5", "-1", "2.5", "three"] {
        let e = parse_rating(&s, bad).unwrap_err();
        assert_eq!(
            e,
            "Choose a rating from 1 (Not in place) to 4 (Fully in place)"
        );
    }
    assert!(
        parse_rating(&s, "na")
            .unwrap_err()
            .contains("not applicable")
    );
    assert!(parse_rating(&scale(true), "NA").unwrap().not_applicable);
}

#[test]
fn rag_follows_the_thresholds_in_the_file() {
    let s = scale(false);
    assert_eq!(rag(&s, None), Rag::NotRated);
    assert_eq!(rag(&s, Some(1.99)), Rag::Red);
    assert_eq!(rag(&s, Some(2.0)), Rag::Amber);
    assert_eq!(rag(&s, Some(3.0)), Rag::Green);
}

#[test]
fn quartiles_match_a_worked_example_and_hide_small_groups() {
    let q = quartiles(&[1.0, 2.0, 3.0, 4.0, 5.0], 5).unwrap();
    assert_eq!((q.lower, q.median, q.upper), (2.0, 3.0, 4.0));
    let q = quartiles(&[1.0, 2.0, 3.0, 4.0], 3).unwrap();
    assert_eq!((q.lower, q.median, q.upper), (1.75, 2.5, 3.25));
    assert!(quartiles(&[1.0, 2.0, 3.0, 4.0], 5).is_none());
    assert!(quartiles(&[], 0).is_none());
}

proptest! {
    #[test]
    fn a_rating_is_accepted_exactly_when_it_is_on_the_scale(n in -3i32..12) {
        let s = scale(false);
        let ok = parse_rating(&s, &n.to_string()).is_ok();
        prop_assert_eq!(ok, (1..=4).contains(&n));
    }

    #[test]
    fn rag_never_falls_as_the_mean_rises(a in 1.0f64..4.0, b in 1.0f64..4.0) {
        let s = scale(false);
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        prop_assert!(rag(&s, Some(lo)) <= rag(&s, Some(hi)));
    }

    #[test]
    fn a_mean_lies_within_its_ratings(rs in proptest::collection::vec(proptest::option::of(1u8..=4), 0..20)) {
        let answers: Vec<Answer> = rs.iter().map(|r| Answer { rating: *r, not_applicable: r.is_none() }).collect();
        match mean(&answers) {
            None => prop_assert!(rs.iter().all(|r| r.is_none())),
            Some(m) => {
                let vals: Vec<u8> = rs.iter().flatten().copied().collect();
                prop_assert!(m >= f64::from(*vals.iter().min().unwrap()) - 1e-9);
                prop_assert!(m <= f64::from(*vals.iter().max().unwrap()) + 1e-9);
            }
        }
    }

    #[test]
    fn change_is_symmetric(a in proptest::option::of(1u8..=4), b in proptest::option::of(1u8..=4)) {
        let there = change(a, b);
        let back = change(b, a);
        let expected = match there {
            Change::Better => Change::Worse,
            Change::Worse => Change::Better,
            other => other,
        };
        prop_assert_eq!(back, expected);
    }

    #[test]
    fn quartiles_are_ordered_within_the_range_and_ignore_order(
        mut v in proptest::collection::vec(1.0f64..4.0, 1..60),
        min_n in 1usize..8,
    ) {
        let q = quartiles(&v, min_n);
        prop_assert_eq!(q.is_some(), v.len() >= min_n);
        if let Some(q) = q {
            let lo = v.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = v.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            prop_assert!(lo <= q.lower && q.lower <= q.median && q.median <= q.upper && q.upper <= hi);
            v.reverse();
            prop_assert_eq!(quartiles(&v, min_n), Some(q));
            // Where a value sits agrees with the quartiles.
            let p = position(q.median, &q);
            prop_assert!(matches!(p, Position::BetweenMedianAndUpperQuartile | Position::BetweenLowerQuartileAndMedian));
            prop_assert_eq!(position(hi + 1.0, &q), Position::AboveUpperQuartile);
        }
    }
}
