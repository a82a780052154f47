//! The registration form: what the register shows for one person (status, registered-until
//! date, conditions, annotations) and when and how it was checked, read into the record of a
//! check. A status that allows practice needs its end date; conditions need their text.

use super::RegistrationStatus;
use crate::domain::dates;
use crate::domain::field_errors::FieldErrors;
use crate::domain::reference;
use serde::{Deserialize, Serialize};
use time::Date;

/// The registration form as sent (HTML form or JSON): strings, parsed by `parse`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RegistrationInput {
    pub status: String,
    /// ISO date; required while registered.
    pub registered_until: String,
    pub conditions: String,
    /// Annotations the register shows: `amhp`, `bia`.
    pub annotations: Vec<String>,
    pub last_checked_on: String,
    pub checked_how: String,
}

/// A new state of a registration, with where it came from.
#[derive(Debug, Clone)]
pub struct RegistrationWrite {
    pub status: String,
    pub registered_until: Option<Date>,
    pub conditions: String,
    pub amhp_annotation: bool,
    pub bia_annotation: bool,
    pub checked_on: Date,
    pub checked_how: String,
    pub user_id: Option<i64>,
}

impl RegistrationInput {
    /// Parses every field, naming each problem; `today` bounds the check date.
    pub fn parse(&self, today: Date, user_id: i64) -> Result<RegistrationWrite, FieldErrors> {
        let mut e = FieldErrors::default();
        let status = RegistrationStatus::parse(&self.status);
        if status.is_none() {
            e.add("status", "Select the status the register shows");
        }
        let until = if self.registered_until.trim().is_empty() {
            if status.is_some_and(|s| s.may_practise()) {
                e.add(
                    "registered_until",
                    "Enter the registered-until date the register shows",
                );
            }
            None
        } else {
            e.take(
                "registered_until",
                dates::parse("Registered until", &self.registered_until),
            )
        };
        let conditions = self.conditions.trim().to_string();
        if status == Some(RegistrationStatus::RegisteredWithConditions) && conditions.is_empty() {
            e.add("conditions", "Enter the conditions the register shows");
        }
        if conditions.len() > 2000 {
            e.add("conditions", "Conditions must be 2,000 characters or fewer");
        }
        let checked = e.take(
            "last_checked_on",
            dates::parse("The date you checked", &self.last_checked_on),
        );
        if checked.is_some_and(|d| d > today) {
            e.add(
                "last_checked_on",
                "The date you checked must be today or in the past",
            );
        }
        if !reference()
            .registration_check_methods
            .contains(&self.checked_how)
        {
            e.add("checked_how", "Select how you checked");
        }
        if self.annotations.iter().any(|a| a != "amhp" && a != "bia") {
            e.add("annotations", "Select AMHP, BIA or neither");
        }
        let Some(checked) = checked.filter(|_| e.is_empty()) else {
            return Err(e);
        };
        Ok(RegistrationWrite {
            status: status.map(|s| s.code().to_string()).unwrap_or_default(),
            registered_until: until,
            conditions,
            amhp_annotation: self.annotations.iter().any(|a| a == "amhp"),
            bia_annotation: self.annotations.iter().any(|a| a == "bia"),
            checked_on: checked,
            checked_how: self.checked_how.clone(),
            user_id: Some(user_id),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::input::testing::{typed, unknown_fields};
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 20);

    fn valid() -> RegistrationInput {
        RegistrationInput {
            status: "registered_with_conditions".into(),
            registered_until: "2027-11-30".into(),
            conditions: " Supervised practice only ".into(),
            annotations: vec!["amhp".into()],
            last_checked_on: "2026-11-20".into(),
            checked_how: "register_search".into(),
        }
    }

    #[test]
    fn a_valid_check_parses_to_the_write() {
        let w = valid().parse(TODAY, 7).unwrap();
        assert_eq!(w.status, "registered_with_conditions");
        assert_eq!(w.registered_until, Some(date!(2027 - 11 - 30)));
        assert_eq!(w.conditions, "Supervised practice only");
        assert!(w.amhp_annotation && !w.bia_annotation);
        assert_eq!(
            (w.checked_on, w.checked_how.as_str()),
            (date!(2026 - 11 - 20), "register_search")
        );
        assert_eq!(w.user_id, Some(7));
    }

    #[test]
    fn a_check_is_today_or_earlier_and_a_lapse_needs_no_end_date() {
        let tomorrow = RegistrationInput {
            last_checked_on: "2026-11-21".into(),
            ..valid()
        };
        assert_eq!(
            tomorrow
                .parse(TODAY, 7)
                .unwrap_err()
                .message_for("last_checked_on"),
            Some("The date you checked must be today or in the past")
        );
        let lapsed = RegistrationInput {
            status: "lapsed".into(),
            registered_until: String::new(),
            ..valid()
        };
        assert_eq!(lapsed.parse(TODAY, 7).unwrap().registered_until, None);
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            status in typed(&["registered", "registered_with_conditions", "lapsed", "gone"]),
            registered_until in typed(&["2027-11-30", "2027-02-30"]),
            conditions in typed(&["Supervised practice"]),
            annotation in typed(&["amhp", "bia", "aMHP"]),
            last_checked_on in typed(&["2026-11-20", "2026-11-21", "20-11-2026"]),
            checked_how in typed(&["register_search", "asked"]),
        ) {
            let input = RegistrationInput {
                status, registered_until, conditions, annotations: vec![annotation],
                last_checked_on, checked_how,
            };
            if let Err(e) = input.parse(TODAY, 1) {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
