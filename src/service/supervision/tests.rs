use super::*;
use time::macros::date;

fn history(minutes: &[i64], cancelled: &[(&str, Option<&str>)]) -> store::HeldHistory {
    store::HeldHistory {
        minutes_since: minutes.iter().map(|m| Some(*m)).collect(),
        cancelled: cancelled
            .iter()
            .map(|(on, r)| (on.to_string(), r.map(str::to_string)))
            .collect(),
        ..Default::default()
    }
}

#[test]
fn flags_follow_the_agreed_minimum_and_the_rebooking_deadline() {
    let rules = SupervisionRules::default();
    let today = date!(2026 - 11 - 23);
    let h = history(
        &[90, 60, 120],
        &[
            ("2026-11-02", None),
            ("2026-11-09", Some("2026-11-10")),
            ("2026-11-20", None),
        ],
    );
    let f = flags_of(
        &FlagInput {
            history: &h,
            minimum_minutes: None,
            review_on: Some("2026-11-01"),
        },
        today,
        &rules,
        &[],
    );
    assert_eq!(f.short_sessions, 1);
    // 2 Nov: five working days passed without a rebooking; 20 Nov: still time.
    assert_eq!(f.cancelled_not_rebooked, 1);
    assert!(f.review_overdue);
    assert!(f.any());
    // An agreement asking for two hours makes both shorter sessions short.
    let f = flags_of(
        &FlagInput {
            history: &h,
            minimum_minutes: Some(120),
            review_on: None,
        },
        today,
        &rules,
        &[],
    );
    assert_eq!(f.short_sessions, 2);
    assert!(!f.review_overdue);
}
