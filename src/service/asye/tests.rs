use super::protected_time::minutes_of;
use super::*;
use time::macros::date;

fn programme(starts_on: &str) -> Programme {
    Programme {
        id: 1,
        practitioner_id: 1,
        assessor_user_id: 1,
        assessor_name: "A".into(),
        starts_on: starts_on.into(),
        agreement_on: None,
        agreement_notes: String::new(),
        nine_month_review: false,
        panel_outcome: None,
        panel_on: None,
        extended_to: None,
    }
}

#[test]
fn standing_counts_overdue_reviews_and_evidence_pace() {
    let p = programme("2026-01-05");
    let r = AsyeRules::default();
    let signed = vec!["direct_observation".to_string()];
    let s = standing(
        &StandingInput {
            programme: &p,
            pauses: &[],
            held: &[],
            recorded: &signed,
            signed_off: &signed,
            minutes: 600,
            wte: 1.0,
        },
        date!(2026 - 08 - 01),
        &r,
    );
    // 3- and 6-month reviews (5 April, 5 July) are overdue; the final is next-but-one.
    assert_eq!(s.overdue_reviews, 2);
    assert_eq!(s.next_review.unwrap().point, "3_month");
    assert_eq!(s.status, CohortStatus::ReviewOverdue);
    assert!(s.evidence_behind);
    assert_eq!(s.reviews.len(), 3);
    assert_eq!(s.final_review_due.as_deref(), Some("2027-01-05"));
    assert!((s.protected_hours_logged - 10.0).abs() < 1e-9);
    // A pass ends it: nothing overdue or behind.
    let passed = Programme {
        panel_outcome: Some("pass".into()),
        ..p
    };
    let s = standing(
        &StandingInput {
            programme: &passed,
            pauses: &[],
            held: &[],
            recorded: &[],
            signed_off: &[],
            minutes: 0,
            wte: 1.0,
        },
        date!(2026 - 08 - 01),
        &r,
    );
    assert_eq!(s.overdue_reviews, 0);
    assert_eq!(s.status, CohortStatus::Passed);
}

#[test]
fn hours_must_be_positive() {
    assert_eq!(minutes_of("3.5"), Ok(210));
    assert!(minutes_of("-1").is_err());
    assert!(minutes_of("0").is_err());
    assert!(minutes_of("25").is_err());
    assert!(minutes_of("NaN").is_err());
}
