//! Headline figures that more than one page shows, each defined once here so that no two
//! pages can count the same thing differently.
//!
//! | Figure (`data-figure`) | Definition | Shown on |
//! |---|---|---|
//! | `people-in-post` | practitioners in the viewer's scope with no end date | supervision, registration, CPD readiness, governance, practitioners, workforce |
//! | `registered` | of them, registered with or without conditions ([`is_registered`]) | CPD readiness, registration |
//! | `cpd-ready` | of the registered, those whose CPD meets the renewal rule ([`cpd_ready`]) | CPD readiness, self-assessment evidence, strategic statement |
//! | `newly-qualified` | people in post whose career stage is newly qualified (ASYE) | workforce, governance, ASYE cohort |
//! | `overdue-supervision` | people whose standing is `Overdue` (`domain::supervision_standing`) | home, supervision, governance |
//!
//! Pages mark each with the template macro `m.figure(name, value)`;
//! `tests/it/figures.rs` reads every marked figure on every page and fails if two pages
//! show the same figure with different values. Counts of people the viewer can see one by
//! one are exact everywhere (see `domain::disclosure` for which counts are controlled).

use super::registration::RegistrationStatus;
use super::self_assessment::statement::Share;

pub const PEOPLE_IN_POST: &str = "people-in-post";
pub const REGISTERED: &str = "registered";
pub const CPD_READY: &str = "cpd-ready";
pub const NEWLY_QUALIFIED: &str = "newly-qualified";
pub const OVERDUE_SUPERVISION: &str = "overdue-supervision";

/// The career stage code for newly qualified social workers in their ASYE.
pub const NEWLY_QUALIFIED_STAGE: &str = "asye";

/// A registered social worker: the register shows them registered, with or without
/// conditions. Only they practise, and only they have a renewal to prepare for; students,
/// applicants and people suspended or off the register are counted apart.
pub fn is_registered(status: Option<&str>) -> bool {
    status
        .and_then(RegistrationStatus::parse)
        .is_some_and(RegistrationStatus::may_practise)
}

/// CPD readiness: of the registered social workers, those whose CPD for the registration
/// year is ready. `people` gives each person's registration status and readiness.
pub fn cpd_ready<'a>(people: impl IntoIterator<Item = (Option<&'a str>, bool)>) -> Share {
    let mut share = Share::default();
    for (status, ready) in people {
        if is_registered(status) {
            share.of += 1;
            share.n += i64::from(ready);
        }
    }
    share
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_registered_people_count_towards_readiness() {
        let people = [
            (Some("registered"), true),
            (Some("registered_with_conditions"), false),
            (Some("student"), true),
            (None, true),
            (Some("suspended"), true),
        ];
        assert_eq!(cpd_ready(people), Share { n: 1, of: 2 });
    }

    proptest! {
        #[test]
        fn ready_never_exceeds_registered(
            people in proptest::collection::vec(
                (proptest::option::of(proptest::sample::select(
                    RegistrationStatus::ALL.map(|s| s.code()).to_vec())), any::<bool>()),
                0..40)
        ) {
            let share = cpd_ready(people.iter().map(|(s, r)| (*s, *r)));
            prop_assert!(share.n <= share.of);
            prop_assert_eq!(share.of as usize, people.iter().filter(|(s, _)| is_registered(*s)).count());
        }
    }
}
