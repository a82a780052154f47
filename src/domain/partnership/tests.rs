use super::*;
use proptest::prelude::*;
use time::macros::date;

fn text<'a>(starts: &'a str, review: &'a str, ends: &'a str) -> TermsText<'a> {
    TermsText {
        agreement_type: "section_75",
        starts_on: starts,
        review_on: review,
        ends_on: ends,
        ..TermsText::default()
    }
}

fn fields(r: Result<AgreementTerms, Problems>) -> Vec<&'static str> {
    r.err()
        .unwrap_or_default()
        .into_iter()
        .map(|(f, _)| f)
        .collect()
}

#[test]
fn complete_terms_are_read_as_typed_values() {
    let t = parse(&TermsText {
        agreement_type: "amhp_service",
        starts_on: "2026-04-01",
        review_on: "2027-03-01",
        ends_on: "2029-03-31",
        delegated_functions: " Mental Health Act 1983 AMHP functions ",
        oversight_lead: "Director of Adult Social Services",
        host_may_change: "no",
        host_sees_equality: "yes",
        ..TermsText::default()
    })
    .unwrap();
    assert_eq!(t.agreement_type, AgreementType::AmhpService);
    assert_eq!(t.starts_on, date!(2026 - 04 - 01));
    assert_eq!(t.ends_on, Some(date!(2029 - 03 - 31)));
    assert_eq!(
        t.delegated_functions,
        "Mental Health Act 1983 AMHP functions"
    );
    assert!(!t.host_may_change && t.host_sees_equality);
}

#[test]
fn each_wrong_field_is_named() {
    assert_eq!(
        fields(parse(&TermsText::default())),
        vec!["agreement_type", "starts_on"]
    );
    assert_eq!(
        fields(parse(&text("2026-04-01", "2026-04-01", "2026-03-01"))),
        vec!["ends_on", "review_on", "review_on"]
    );
    let mut t = text("2026-04-01", "", "");
    t.delegated_functions = "Care Act 2014 assessments";
    assert_eq!(fields(parse(&t)), vec!["oversight_lead"]);
    t.oversight_lead = "Statutory PSW";
    t.host_may_change = "perhaps";
    assert_eq!(fields(parse(&t)), vec!["host_may_change"]);
}

#[test]
fn only_the_other_party_responds_and_either_ends_an_agreement_in_force() {
    let (trust, council) = (1, 2);
    let m = moves(AgreementStatus::Proposed, Some(trust), council);
    assert!(m.respond && !m.end);
    let m = moves(AgreementStatus::Proposed, Some(trust), trust);
    assert!(!m.respond && m.end);
    for org in [trust, council] {
        assert_eq!(
            moves(AgreementStatus::InForce, Some(trust), org),
            AgreementMoves {
                respond: false,
                end: true
            }
        );
        for s in [AgreementStatus::Declined, AgreementStatus::Ended] {
            assert_eq!(
                moves(s, Some(trust), org),
                AgreementMoves {
                    respond: false,
                    end: false
                }
            );
        }
    }
}

#[test]
fn only_an_amhp_service_agreement_gives_amhp_supervision_and_it_places_no_staff() {
    for t in AgreementType::ALL {
        assert_eq!(AgreementType::parse(t.code()), Some(t));
        assert_ne!(t.places_staff(), t.provides_amhp_supervision());
    }
}

#[test]
fn attention_starts_at_the_lead_time_and_past_the_end_is_flagged() {
    let review = Some(date!(2027 - 03 - 01));
    let ends = Some(date!(2027 - 06 - 30));
    let on = |d| attention(AgreementStatus::InForce, review, ends, d, 30);
    assert!(on(date!(2027 - 01 - 29)).is_empty());
    assert_eq!(
        on(date!(2027 - 01 - 30)),
        vec![AgreementAttention::ReviewDue]
    );
    assert_eq!(
        on(date!(2027 - 06 - 30)),
        vec![AgreementAttention::ReviewDue, AgreementAttention::Ending]
    );
    assert_eq!(
        on(date!(2027 - 07 - 01)),
        vec![AgreementAttention::ReviewDue, AgreementAttention::PastEnd]
    );
    assert!(
        attention(
            AgreementStatus::Ended,
            review,
            ends,
            date!(2027 - 07 - 01),
            30
        )
        .is_empty()
    );
}

proptest! {
    /// Whatever the dates, accepted terms run in order: start, review, end.
    #[test]
    fn accepted_dates_run_in_order(s in 0i64..2000, r in 0i64..2000, e in 0i64..2000, blank_r: bool, blank_e: bool) {
        let day = |n: i64| (date!(2025 - 01 - 01) + time::Duration::days(n)).to_string();
        let (ss, rs, es) = (day(s), day(r), day(e));
        let t = text(&ss, if blank_r { "" } else { &rs }, if blank_e { "" } else { &es });
        if let Ok(terms) = parse(&t) {
            prop_assert!(terms.review_on.is_none_or(|r| r > terms.starts_on));
            prop_assert!(terms.ends_on.is_none_or(|e| e >= terms.starts_on));
            if let (Some(r), Some(e)) = (terms.review_on, terms.ends_on) {
                prop_assert!(r <= e);
            }
        } else {
            prop_assert!(!(blank_r && blank_e), "start alone is always valid");
        }
    }

    /// Exactly one party may respond to a proposal, and it is never the proposer.
    #[test]
    fn one_party_responds(proposer in 1i64..4, other in 1i64..4) {
        prop_assume!(proposer != other);
        let a = moves(AgreementStatus::Proposed, Some(proposer), proposer);
        let b = moves(AgreementStatus::Proposed, Some(proposer), other);
        prop_assert!(!a.respond && b.respond);
    }
}

#[test]
fn every_type_has_a_label_in_the_data_and_the_data_no_other_type() {
    let list = &crate::domain::reference().agreement_types;
    assert_eq!(list.items.len(), AgreementType::ALL.len());
    for t in AgreementType::ALL {
        assert!(list.contains(t.code()), "{} has no label", t.code());
    }
}
