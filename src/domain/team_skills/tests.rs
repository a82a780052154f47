use super::*;
use proptest::prelude::*;
use time::macros::date;

fn skills() -> Vec<(String, String, bool)> {
    vec![
        ("amhp".into(), "AMHP".into(), true),
        ("family_work".into(), "Family work".into(), false),
    ]
}

#[test]
fn a_gap_is_the_need_less_those_who_hold_it() {
    let members = vec![
        Member {
            name: "Ann".into(),
            skills: vec!["amhp".into()],
        },
        Member {
            name: "Bo".into(),
            skills: vec!["amhp".into(), "family_work".into()],
        },
    ];
    let needs = BTreeMap::from([("amhp".to_string(), 3), ("family_work".to_string(), 1)]);
    let l = lines(&skills(), &needs, &members);
    assert_eq!((l[0].held, l[0].gap), (2, 1));
    assert_eq!(
        (l[1].held, l[1].gap, l[1].holders.clone()),
        (1, 0, vec!["Bo".to_string()])
    );
}

#[test]
fn needs_and_reviews_name_each_problem() {
    let f = vec![("needed_amhp".to_string(), "lots".to_string())];
    let e = parse_needs(&f, &skills()).unwrap_err();
    assert_eq!(
        e.message_for("needed_amhp"),
        Some("People needed with amhp must be a whole number from 0 to 99")
    );
    let ok = parse_needs(&[("needed_family_work".into(), " 2 ".into())], &skills()).unwrap();
    assert_eq!((ok["amhp"], ok["family_work"]), (0, 2));
    let today = date!(2026 - 03 - 10);
    let e = ReviewInput {
        held_on: "2026-03-11".into(),
        ..Default::default()
    }
    .parse(today)
    .unwrap_err();
    for f in ["held_on", "found", "actions"] {
        assert!(e.message_for(f).is_some(), "{f}");
    }
}

#[test]
fn a_yearly_task_is_due_a_year_after_the_last() {
    let today = date!(2026 - 03 - 10);
    assert_eq!(Yearly::of(None, 12, today), Yearly::Never);
    assert!(Yearly::of(Some(date!(2025 - 03 - 11)), 12, today).is_done());
    assert_eq!(
        Yearly::of(Some(date!(2025 - 03 - 10)), 12, today),
        Yearly::Due {
            last: date!(2025 - 03 - 10)
        }
    );
}

proptest! {
    /// Held counts each holder once and never exceeds the team; the gap is never negative
    /// and closes exactly when enough hold it.
    #[test]
    fn gaps_add_up(held in prop::collection::vec(prop::collection::vec(0usize..2, 0..3), 0..12), need in 0u32..10) {
        let members: Vec<Member> = held
            .iter()
            .enumerate()
            .map(|(i, s)| Member { name: i.to_string(), skills: s.iter().map(|k| skills()[*k].0.clone()).collect() })
            .collect();
        let needs = BTreeMap::from([("amhp".to_string(), need), ("family_work".to_string(), need)]);
        for l in lines(&skills(), &needs, &members) {
            prop_assert!(l.held as usize <= members.len());
            prop_assert_eq!(l.holders.len() as u32, l.held);
            prop_assert_eq!(l.gap == 0, l.held >= l.needed);
            prop_assert_eq!(l.gap + l.held.min(l.needed), l.needed);
        }
    }
}
