//! AMHP supervision: an approved AMHP's own supervision requirement, tracked apart from
//! professional supervision. How often is local practice, not a national rule, so it is
//! `[supervision] amhp_days` (docs/sources.md#amhp-supervision); which session types meet
//! it is data (`session_types` `counts_towards = ["amhp"]`).

use serde::Serialize;
use time::{Date, Duration};

/// The requirement an approved AMHP's AMHP supervision meets, apart from professional
/// supervision (session types counting towards it are data, as for
/// `domain::supervision::PROFESSIONAL`).
pub const AMHP: &str = "amhp";

/// Where an approved AMHP's AMHP supervision stands: due `amhp_days` after the last AMHP
/// supervision held, or after the approval began when none has been held since.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AmhpSupervision {
    #[schema(value_type = Option<String>, format = Date)]
    pub last_held: Option<Date>,
    #[schema(value_type = String, format = Date)]
    pub due: Date,
    pub overdue: bool,
}

/// The AMHP supervision standing of someone approved since `approved_on`. A session held
/// before the approval began does not count: the requirement starts with the approval.
pub fn amhp_supervision(
    last_held: Option<Date>,
    approved_on: Date,
    amhp_days: u32,
    today: Date,
) -> AmhpSupervision {
    let last_held = last_held.filter(|d| *d >= approved_on);
    let due = last_held.unwrap_or(approved_on) + Duration::days(i64::from(amhp_days));
    AmhpSupervision {
        last_held,
        due,
        overdue: today > due,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn due_after_the_last_session_or_the_approval() {
        let approved = date!(2026 - 01 - 10);
        let never = amhp_supervision(None, approved, 31, date!(2026 - 02 - 10));
        assert_eq!(never.due, date!(2026 - 02 - 10));
        assert!(!never.overdue);
        assert!(amhp_supervision(None, approved, 31, date!(2026 - 02 - 11)).overdue);
        let held = amhp_supervision(
            Some(date!(2026 - 03 - 01)),
            approved,
            31,
            date!(2026 - 03 - 20),
        );
        assert_eq!(held.due, date!(2026 - 04 - 01));
        assert!(!held.overdue);
        // A session before this approval began does not count.
        let old = amhp_supervision(
            Some(date!(2025 - 12 - 01)),
            approved,
            31,
            date!(2026 - 01 - 20),
        );
        assert_eq!(old.last_held, None);
        assert_eq!(old.due, date!(2026 - 02 - 10));
    }

    proptest! {
        #[test]
        fn overdue_exactly_after_the_due_day(offset in 0i64..400, days in 1u32..90, gap in 0i64..200) {
            let approved = date!(2025 - 01 - 01);
            let last = approved + Duration::days(gap);
            let today = approved + Duration::days(offset);
            let s = amhp_supervision(Some(last), approved, days, today);
            prop_assert_eq!(s.overdue, today > last + Duration::days(i64::from(days)));
        }
    }
}
