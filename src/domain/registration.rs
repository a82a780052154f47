//! Social Work England registration: statuses, the registration year and the renewal window.
//!
//! The dates are SWE's published rules (docs/sources.md#registration-and-renewal) [VERIFIED]: the registration
//! period runs 1 December to 30 November and renewal is open 1 September to 30 November.
//! They are national rules, not local policy, so they are not configuration.

use serde::Serialize;
use time::{Date, Month};

mod input;
pub use input::{RegistrationInput, RegistrationWrite};

/// A Social Work England registration status, as stored (`code()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Registered,
    RegisteredWithConditions,
    Suspended,
    /// An interim suspension order: off practice while fitness to practise is decided.
    InterimSuspension,
    /// An interim conditions of practice order: practising, under conditions.
    InterimConditions,
    Lapsed,
    Removed,
    Applied,
    Student,
}

impl RegistrationStatus {
    pub const ALL: [Self; 9] = [
        Self::Registered,
        Self::RegisteredWithConditions,
        Self::InterimConditions,
        Self::Suspended,
        Self::InterimSuspension,
        Self::Lapsed,
        Self::Removed,
        Self::Applied,
        Self::Student,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Registered => "registered",
            Self::RegisteredWithConditions => "registered_with_conditions",
            Self::Suspended => "suspended",
            Self::InterimSuspension => "interim_suspension",
            Self::InterimConditions => "interim_conditions",
            Self::Lapsed => "lapsed",
            Self::Removed => "removed",
            Self::Applied => "applied",
            Self::Student => "student",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Registered => "Registered",
            Self::RegisteredWithConditions => "Registered with conditions",
            Self::Suspended => "Suspended",
            Self::InterimSuspension => "Interim suspension order",
            Self::InterimConditions => "Practising with interim conditions",
            Self::Lapsed => "Lapsed",
            Self::Removed => "Removed",
            Self::Applied => "Applied, not yet registered",
            Self::Student => "Student, not registered",
        }
    }

    /// The status for a stored code (surrounding spaces ignored), or `None`.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim();
        Self::ALL.into_iter().find(|s| s.code() == code)
    }

    /// Whether the person may practise as a social worker. "Social worker" is a protected
    /// title and using it while unregistered is an offence (Social Workers Regulations 2018,
    /// reg 28; docs/sources.md#registration-and-renewal), so only a current registration allows it: with or
    /// without conditions, final or interim. Conditions restrict how a person practises,
    /// not whether; only suspension (final or interim), removal, a lapse and not being
    /// registered stop practice.
    pub fn may_practise(self) -> bool {
        matches!(
            self,
            Self::Registered | Self::RegisteredWithConditions | Self::InterimConditions
        )
    }

    /// Whether the person practises under conditions their line manager and principal
    /// social worker need to see.
    pub fn has_conditions(self) -> bool {
        matches!(
            self,
            Self::RegisteredWithConditions | Self::InterimConditions
        )
    }

    /// Whether the employer must be alerted: the person was on the register but now must not
    /// practise as a social worker (suspended, under an interim suspension, lapsed or removed;
    /// a lapsed registration "cannot practise until restored", docs/sources.md#registration-and-renewal).
    /// Applicants and students were never practising, so they raise no alert.
    pub fn needs_alert(self) -> bool {
        matches!(
            self,
            Self::Suspended | Self::InterimSuspension | Self::Lapsed | Self::Removed
        )
    }
}

/// One SWE registration year: 1 December to 30 November, both inclusive
/// (docs/sources.md#registration-and-renewal, "Each registration period runs annually from 1 December to
/// 30 November") [VERIFIED].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RegistrationYear {
    pub starts: Date,
    pub ends: Date,
}

/// A calendar date that the caller knows is valid in every year the `time` crate supports,
/// apart from the very last: saturate there rather than panic.
fn day_of(year: i32, month: Month, day: u8) -> Date {
    Date::from_calendar_date(year, month, day).unwrap_or(Date::MAX)
}

/// The registration year containing `on`: from 1 December up to 30 November of the
/// following calendar year (docs/sources.md#registration-and-renewal).
pub fn registration_year(on: Date) -> RegistrationYear {
    let ends_in = if on.month() == Month::December {
        on.year() + 1
    } else {
        on.year()
    };
    RegistrationYear {
        starts: day_of(ends_in - 1, Month::December, 1),
        ends: day_of(ends_in, Month::November, 30),
    }
}

/// The renewal window of a registration year: 1 September to 30 November (inclusive) of
/// the calendar year in which it ends. The deadline is 11.59pm on 30 November, so the whole
/// of that day is inside the window (docs/sources.md#registration-and-renewal) [VERIFIED].
pub fn renewal_window(year: &RegistrationYear) -> (Date, Date) {
    (day_of(year.ends.year(), Month::September, 1), year.ends)
}

/// Whether `on` falls in the renewal window of its registration year.
pub fn in_renewal_window(on: Date) -> bool {
    let (opens, closes) = renewal_window(&registration_year(on));
    opens <= on && on <= closes
}

/// Renewal progress shown during the renewal window. Renewal needs an application, the fee
/// and at least 2 pieces of CPD (docs/sources.md#registration-and-renewal); CPD readiness is supplied by the
/// caller (`cpd_ready`), so the CPD rules can arrive later without changing this.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RenewalProgress {
    NotStarted,
    CpdNotReady,
    /// Joined or restored to the register since 1 September: only the next year's fee is
    /// due, not the full renewal (docs/sources.md#renewal-requirements).
    FeeOnly,
    Renewed,
}

impl RenewalProgress {
    pub const ALL: [Self; 4] = [
        Self::NotStarted,
        Self::CpdNotReady,
        Self::FeeOnly,
        Self::Renewed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::NotStarted => "not_started",
            Self::CpdNotReady => "cpd_not_ready",
            Self::FeeOnly => "fee_only",
            Self::Renewed => "renewed",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::NotStarted => "Renewal not started",
            Self::CpdNotReady => "CPD not ready",
            Self::FeeOnly => "Joined or restored since 1 September: fee only",
            Self::Renewed => "Renewed",
        }
    }
}

/// Whether a change of status is someone joining the register (an applicant or student
/// now registered) or being restored to it (after a lapse or removal). A suspension ending
/// is neither, and a first record made in mhsw (no earlier status) is not evidence of
/// either, so it does not count.
pub fn joins_the_register(from: Option<RegistrationStatus>, to: RegistrationStatus) -> bool {
    use RegistrationStatus as S;
    to.may_practise() && matches!(from, Some(S::Applied | S::Student | S::Lapsed | S::Removed))
}

/// Renewal progress on `on`: `None` outside the renewal window. `Renewed` when
/// `registered_until` is after the current registration year's end (the register already
/// shows the next year). `FeeOnly` when the person joined or was restored to the register
/// (`joined_on`) on or after the window opened: they pay the fee and need no CPD for it.
/// Otherwise `CpdNotReady` when `cpd_ready` is `Some(false)`, else `NotStarted` (`None`
/// means CPD readiness is not known yet).
pub fn renewal_progress(
    on: Date,
    registered_until: Option<Date>,
    cpd_ready: Option<bool>,
    joined_on: Option<Date>,
) -> Option<RenewalProgress> {
    if !in_renewal_window(on) {
        return None;
    }
    let year = registration_year(on);
    let (opens, _) = renewal_window(&year);
    Some(match (registered_until, cpd_ready) {
        (Some(until), _) if until > year.ends => RenewalProgress::Renewed,
        _ if joined_on.is_some_and(|j| j >= opens) => RenewalProgress::FeeOnly,
        (_, Some(false)) => RenewalProgress::CpdNotReady,
        _ => RenewalProgress::NotStarted,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn status_codes_round_trip_and_serialize_as_codes() {
        for s in RegistrationStatus::ALL {
            assert_eq!(RegistrationStatus::parse(s.code()), Some(s));
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.code()));
            assert!(!s.label().is_empty());
        }
        assert_eq!(
            RegistrationStatus::parse(" lapsed "),
            Some(RegistrationStatus::Lapsed)
        );
        assert_eq!(RegistrationStatus::parse("Registered"), None);
    }

    #[test]
    fn who_may_practise_and_who_needs_an_alert() {
        use RegistrationStatus as S;
        let practise: Vec<_> = S::ALL.into_iter().filter(|s| s.may_practise()).collect();
        assert_eq!(
            practise,
            [
                S::Registered,
                S::RegisteredWithConditions,
                S::InterimConditions
            ]
        );
        let alert: Vec<_> = S::ALL.into_iter().filter(|s| s.needs_alert()).collect();
        assert_eq!(
            alert,
            [S::Suspended, S::InterimSuspension, S::Lapsed, S::Removed]
        );
        // Nobody both practises and raises an alert; conditions are shown, not alerted.
        for s in S::ALL {
            assert!(!(s.may_practise() && s.needs_alert()), "{s:?}");
            assert!(!s.has_conditions() || s.may_practise(), "{s:?}");
        }
    }

    #[test]
    fn progress_codes_serialize_as_codes() {
        for p in RenewalProgress::ALL {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.code()));
            assert!(!p.label().is_empty());
        }
    }

    #[test]
    fn registration_year_turns_on_1_december() {
        let y = registration_year(date!(2026 - 11 - 30));
        assert_eq!(
            (y.starts, y.ends),
            (date!(2025 - 12 - 01), date!(2026 - 11 - 30))
        );
        let y = registration_year(date!(2026 - 12 - 01));
        assert_eq!(
            (y.starts, y.ends),
            (date!(2026 - 12 - 01), date!(2027 - 11 - 30))
        );
        let y = registration_year(date!(2027 - 01 - 01));
        assert_eq!(
            (y.starts, y.ends),
            (date!(2026 - 12 - 01), date!(2027 - 11 - 30))
        );
    }

    #[test]
    fn renewal_window_edges() {
        let y = registration_year(date!(2026 - 05 - 01));
        assert_eq!(
            renewal_window(&y),
            (date!(2026 - 09 - 01), date!(2026 - 11 - 30))
        );
        assert!(!in_renewal_window(date!(2026 - 08 - 31)));
        assert!(in_renewal_window(date!(2026 - 09 - 01)));
        assert!(in_renewal_window(date!(2026 - 11 - 30)));
        assert!(!in_renewal_window(date!(2026 - 12 - 01)));
    }

    #[test]
    fn people_who_joined_or_were_restored_since_1_september_pay_the_fee_only() {
        use RegistrationStatus as S;
        let on = date!(2026 - 10 - 01);
        let this_year = Some(date!(2026 - 11 - 30));
        let joined = |d| renewal_progress(on, this_year, Some(false), Some(d));
        assert_eq!(
            joined(date!(2026 - 09 - 01)),
            Some(RenewalProgress::FeeOnly)
        );
        assert_eq!(
            joined(date!(2026 - 08 - 31)),
            Some(RenewalProgress::CpdNotReady)
        );
        // Renewed still wins: the register shows the next year.
        assert_eq!(
            renewal_progress(
                on,
                Some(date!(2027 - 11 - 30)),
                None,
                Some(date!(2026 - 09 - 10))
            ),
            Some(RenewalProgress::Renewed)
        );
        assert!(joins_the_register(Some(S::Applied), S::Registered));
        assert!(joins_the_register(
            Some(S::Lapsed),
            S::RegisteredWithConditions
        ));
        assert!(!joins_the_register(Some(S::Suspended), S::Registered));
        assert!(!joins_the_register(None, S::Registered));
        assert!(!joins_the_register(Some(S::Applied), S::Lapsed));
    }

    #[test]
    fn renewal_progress_in_and_out_of_the_window() {
        let on = date!(2026 - 10 - 01);
        let this_year = Some(date!(2026 - 11 - 30));
        let next_year = Some(date!(2027 - 11 - 30));
        assert_eq!(
            renewal_progress(date!(2026 - 08 - 31), this_year, None, None),
            None
        );
        assert_eq!(
            renewal_progress(date!(2026 - 12 - 01), this_year, None, None),
            None
        );
        let got = |until, cpd| renewal_progress(on, until, cpd, None);
        assert_eq!(got(this_year, None), Some(RenewalProgress::NotStarted));
        assert_eq!(got(None, None), Some(RenewalProgress::NotStarted));
        assert_eq!(
            got(this_year, Some(true)),
            Some(RenewalProgress::NotStarted)
        );
        assert_eq!(
            got(this_year, Some(false)),
            Some(RenewalProgress::CpdNotReady)
        );
        assert_eq!(got(next_year, Some(false)), Some(RenewalProgress::Renewed));
    }

    /// Dates from 2015-01-01 to 2034-12-31.
    fn any_date() -> impl Strategy<Value = Date> {
        (2_457_024i32..2_464_328).prop_map(|j| Date::from_julian_day(j).unwrap())
    }

    proptest! {
        #[test]
        fn registration_year_contains_the_date(on in any_date()) {
            let y = registration_year(on);
            prop_assert!(y.starts <= on && on <= y.ends);
            prop_assert_eq!((y.starts.month(), y.starts.day()), (Month::December, 1));
            prop_assert_eq!((y.ends.month(), y.ends.day()), (Month::November, 30));
            prop_assert_eq!(y.ends.year(), y.starts.year() + 1);
        }

        #[test]
        fn the_window_is_the_last_three_months_of_the_year(on in any_date()) {
            let in_window = matches!(on.month(), Month::September | Month::October | Month::November);
            prop_assert_eq!(in_renewal_window(on), in_window);
            prop_assert_eq!(renewal_progress(on, None, None, None).is_some(), in_window);
        }
    }
}
