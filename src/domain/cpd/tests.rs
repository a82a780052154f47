use super::*;
use proptest::prelude::*;
use time::Duration;

fn rec(status: CpdStatus, on: Date, peer: bool, key: &str) -> RecordFacts {
    RecordFacts {
        status,
        activity_on: on,
        has_peer_reflection: peer,
        content_key: key.into(),
    }
}

fn submitted(on: Date, peer: bool, key: &str) -> RecordFacts {
    rec(CpdStatus::Submitted, on, peer, key)
}

/// Readiness from records alone (no declaration), as most tests here look at.
fn readiness(records: &[RecordFacts], year: &RegistrationYear, rules: &CpdRules) -> Readiness {
    super::readiness(records, Declaration::default(), year, rules)
}

const RULES: CpdRules = CpdRules {
    min_records: 2,
    min_peer_reflections: 1,
};

#[test]
fn two_different_records_one_with_a_peer_reflection_are_ready() {
    let y = year_ending_in(2027);
    let r = readiness(
        &[
            submitted(date!(2027 - 01 - 10), false, "a"),
            submitted(date!(2027 - 06 - 01), true, "b"),
        ],
        &y,
        &RULES,
    );
    assert!(r.ready, "{r:?}");
    assert!(r.missing.is_empty());
    assert_eq!(
        (r.submitted, r.different, r.with_peer_reflection),
        (2, 2, 1)
    );
}

#[test]
fn what_is_missing_is_said_in_words() {
    let y = year_ending_in(2027);
    let r = readiness(&[submitted(date!(2027 - 01 - 10), false, "a")], &y, &RULES);
    assert!(!r.ready);
    assert_eq!(
        r.missing,
        vec![
            "Submit 1 more different CPD record".to_string(),
            "Add a peer reflection to 1 submitted record".to_string()
        ]
    );
}

#[test]
fn drafts_and_identical_copies_do_not_count() {
    let y = year_ending_in(2027);
    let r = readiness(
        &[
            submitted(date!(2027 - 01 - 10), true, "a"),
            submitted(date!(2027 - 02 - 10), false, "a"),
            rec(CpdStatus::Draft, date!(2027 - 03 - 10), true, "c"),
        ],
        &y,
        &RULES,
    );
    assert!(!r.ready);
    assert_eq!((r.submitted, r.different, r.drafts), (2, 1, 1));
}

#[test]
fn the_year_turns_between_30_november_and_1_december() {
    let ending_2026 = year_ending_in(2026);
    let ending_2027 = year_ending_in(2027);
    assert!(counts_for(date!(2026 - 11 - 30), &ending_2026));
    assert!(!counts_for(date!(2026 - 11 - 30), &ending_2027));
    assert!(counts_for(date!(2026 - 12 - 01), &ending_2027));
    assert!(!counts_for(date!(2026 - 12 - 01), &ending_2026));
}

#[test]
fn the_first_year_began_on_2_december_2019() {
    let first = year_ending_in(2020);
    assert!(!counts_for(date!(2019 - 12 - 01), &first));
    assert!(counts_for(date!(2019 - 12 - 02), &first));
    assert_eq!(
        readiness(&[], &first, &RULES).year_starts,
        "2019-12-02".to_string()
    );
}

#[test]
fn before_2021_22_one_piece_without_a_peer_reflection_was_enough() {
    let y = year_ending_in(2021);
    assert!(readiness(&[submitted(date!(2021 - 03 - 01), false, "a")], &y, &RULES).ready);
    let next = year_ending_in(2022);
    assert!(
        !readiness(
            &[submitted(date!(2022 - 03 - 01), false, "a")],
            &next,
            &RULES
        )
        .ready
    );
}

#[test]
fn leap_day_counts_in_the_year_that_contains_it() {
    let y = year_ending_in(2028);
    assert!(counts_for(date!(2028 - 02 - 29), &y));
    assert_eq!(
        check_date(date!(2028 - 02 - 29), Some(&y), date!(2028 - 03 - 01)),
        Ok(())
    );
}

#[test]
fn dates_outside_the_year_or_in_the_future_are_refused_with_the_year_named() {
    let y = year_ending_in(2027);
    let today = date!(2027 - 03 - 01);
    let e = check_date(date!(2026 - 11 - 30), Some(&y), today).unwrap_err();
    assert_eq!(
        e,
        "The date must be in the 2026 to 2027 registration year (1 December 2026 to 30 November 2027)"
    );
    assert!(check_date(date!(2027 - 03 - 02), Some(&y), today).is_err());
    assert!(check_date(date!(2019 - 01 - 01), None, today).is_err());
}

#[test]
fn the_content_key_ignores_case_and_spacing_but_not_words() {
    assert_eq!(
        content_key("Read  an article", "x", "y"),
        content_key("read an ARTICLE ", "x", "y")
    );
    assert_ne!(content_key("a", "bc", ""), content_key("a", "b", "c"));
}

fn any_date() -> impl Strategy<Value = Date> {
    // 2019-12-02 to about 2040, leap years included.
    (0i64..7700).prop_map(|d| REGISTER_OPENED + Duration::days(d))
}

fn any_record() -> impl Strategy<Value = RecordFacts> {
    (any::<bool>(), any_date(), any::<bool>(), 0u8..6).prop_map(|(sub, on, peer, k)| {
        let status = if sub {
            CpdStatus::Submitted
        } else {
            CpdStatus::Draft
        };
        rec(status, on, peer, &format!("k{k}"))
    })
}

proptest! {
    /// Every date counts for exactly one registration year: its own.
    #[test]
    fn each_date_counts_for_exactly_its_own_year(on in any_date()) {
        let own = registration_year(on);
        prop_assert!(counts_for(on, &own));
        prop_assert!(!counts_for(on, &year_ending_in(own.ends.year() - 1)));
        prop_assert!(!counts_for(on, &year_ending_in(own.ends.year() + 1)));
        prop_assert!(check_date(on, Some(&own), on).is_ok());
    }

    /// Submitting another record never makes a ready year unready.
    #[test]
    fn adding_a_submitted_record_never_loses_readiness(
        records in proptest::collection::vec(any_record(), 0..8),
        extra in any_record(),
        on in any_date(),
    ) {
        let y = registration_year(on);
        let before = readiness(&records, &y, &RULES);
        let mut more = records.clone();
        more.push(RecordFacts { status: CpdStatus::Submitted, ..extra });
        let after = readiness(&more, &y, &RULES);
        prop_assert!(!before.ready || after.ready);
        prop_assert!(after.different >= before.different);
    }

    /// Drafts, and records dated in other years, never change readiness.
    #[test]
    fn drafts_and_other_years_are_ignored(
        records in proptest::collection::vec(any_record(), 0..8),
        on in any_date(),
    ) {
        let y = registration_year(on);
        let counted: Vec<RecordFacts> = records
            .iter()
            .filter(|r| r.status == CpdStatus::Submitted && counts_for(r.activity_on, &y))
            .cloned()
            .collect();
        let all = readiness(&records, &y, &RULES);
        let only = readiness(&counted, &y, &RULES);
        prop_assert_eq!(all.ready, only.ready);
        prop_assert_eq!(all.different, only.different);
    }

    /// Readiness is exactly the rule: enough different records and enough peer reflections.
    #[test]
    fn ready_is_the_rule_and_nothing_else(
        records in proptest::collection::vec(any_record(), 0..8),
        on in any_date(),
    ) {
        let y = registration_year(on);
        let counted = records
            .iter()
            .filter(|r| r.status == CpdStatus::Submitted && counts_for(r.activity_on, &y));
        let keys: std::collections::BTreeSet<&str> = counted.clone().map(|r| r.content_key.as_str()).collect();
        let peer_keys: std::collections::BTreeSet<&str> = counted
            .filter(|r| r.has_peer_reflection)
            .map(|r| r.content_key.as_str())
            .collect();
        let need = requirement_for(&y, &RULES);
        let expected = keys.len() as u32 >= need.records && peer_keys.len() as u32 >= need.peer_reflections;
        let got = readiness(&records, &y, &RULES);
        prop_assert_eq!(got.ready, expected);
        prop_assert_eq!(got.ready, got.missing.is_empty());
    }
}

#[test]
fn cpd_declared_as_held_in_the_regulators_account_counts_and_is_marked_declared() {
    let y = year_ending_in(2027);
    let one = [submitted(date!(2027 - 01 - 10), false, "a")];
    let declared = Declaration {
        records: 1,
        peer_reflection: true,
    };
    let r = super::readiness(&one, declared, &y, &RULES);
    assert!(r.ready && !r.evidenced, "{r:?}");
    assert_eq!(
        (r.different, r.with_peer_reflection),
        (1, 0),
        "mhsw's own counts"
    );
    assert_eq!(r.declared, declared);
    let all_elsewhere = super::readiness(
        &[],
        Declaration {
            records: 2,
            peer_reflection: true,
        },
        &y,
        &RULES,
    );
    assert!(all_elsewhere.ready && !all_elsewhere.evidenced);
    let no_peer = super::readiness(
        &[],
        Declaration {
            records: 3,
            peer_reflection: false,
        },
        &y,
        &RULES,
    );
    assert!(!no_peer.ready);
}

#[test]
fn a_declaration_is_read_naming_each_wrong_field() {
    assert_eq!(
        Declaration::parse("2", "yes"),
        Ok(Declaration {
            records: 2,
            peer_reflection: true
        })
    );
    assert_eq!(Declaration::parse("", ""), Ok(Declaration::default()));
    let fields = |r: Result<Declaration, Vec<(&'static str, String)>>| {
        r.unwrap_err()
            .into_iter()
            .map(|(f, _)| f)
            .collect::<Vec<_>>()
    };
    assert_eq!(fields(Declaration::parse("two", "no")), ["records"]);
    assert_eq!(fields(Declaration::parse("51", "no")), ["records"]);
    assert_eq!(fields(Declaration::parse("0", "yes")), ["records"]);
    assert_eq!(
        fields(Declaration::parse("1", "maybe")),
        ["peer_reflection"]
    );
}

proptest! {
    /// Declaring CPD held elsewhere never loses readiness, and evidence in mhsw alone is
    /// always enough.
    #[test]
    fn a_declaration_only_adds(n in 0u32..4, peers in 0u32..3, declared in 0u32..4, peer: bool) {
        let y = year_ending_in(2027);
        let records: Vec<RecordFacts> = (0..n)
            .map(|i| submitted(date!(2027 - 01 - 10), i < peers, &format!("k{i}")))
            .collect();
        let without = readiness(&records, &y, &RULES);
        let with = super::readiness(&records, Declaration { records: declared, peer_reflection: peer }, &y, &RULES);
        prop_assert!(!without.ready || with.ready);
        prop_assert_eq!(with.evidenced, without.ready);
        prop_assert!(!with.evidenced || with.ready);
    }
}
