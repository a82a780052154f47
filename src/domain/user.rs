//! A user account as an organisation admin sets it up: a work email, a name, the roles
//! held (never the national analyst's, which is set up nationally) and an optional first
//! password long enough to meet the password rule.

use super::field_errors::FieldErrors;
use super::input::{optional, parse_id};
use super::{PersonName, Role, WorkEmail};
use serde::Deserialize;

/// Minimum length for a local password (NCSC favours length over complexity rules).
pub const MIN_PASSWORD_LEN: usize = 12;

/// A local password is long enough.
pub fn check_password_rules(password: &str) -> Result<(), String> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(format!(
            "Password must be at least {MIN_PASSWORD_LEN} characters"
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct UserInput {
    pub email: String,
    pub display_name: String,
    /// Role codes: practitioner, supervisor, team_manager, principal_social_worker,
    /// workforce_lead, org_admin.
    pub roles: Vec<String>,
    /// The practitioner record of this user, if they are one.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub practitioner_id: String,
    /// Whether the user may sign in (forms send "yes" or "no").
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub active: String,
    /// A first password (new users only; at least 12 characters). Leave empty to let the
    /// user be given one later with `mhsw user set-password`.
    pub password: String,
}

/// Validated fields for a new or changed user.
#[derive(Debug, Clone)]
pub struct UserFields {
    pub email: String,
    pub display_name: String,
    pub org_id: Option<i64>,
    pub practitioner_id: Option<i64>,
    pub active: bool,
    pub roles: Vec<Role>,
}

/// Parsed user input with the optional first password.
pub struct ParsedUser {
    pub fields: UserFields,
    pub password: Option<String>,
}

impl UserInput {
    /// Parses for the actor's organisation. National analysts are not created here.
    pub fn parse(&self, org_id: Option<i64>) -> Result<ParsedUser, FieldErrors> {
        let mut e = FieldErrors::default();
        let email = e.take("email", WorkEmail::parse(&self.email));
        let name = e.take(
            "display_name",
            PersonName::parse("the person's name", &self.display_name),
        );
        let mut roles = Vec::new();
        for code in self.roles.iter().filter(|c| !c.trim().is_empty()) {
            match Role::parse(code) {
                Ok(Role::NationalAnalyst) => e.add(
                    "roles",
                    "National analysts are set up nationally, not by an organisation",
                ),
                Ok(r) if !roles.contains(&r) => roles.push(r),
                Ok(_) => {}
                Err(m) => e.add("roles", m),
            }
        }
        if roles.is_empty() && e.message_for("roles").is_none() {
            e.add("roles", "Select at least one role");
        }
        let practitioner_id = e
            .take(
                "practitioner_id",
                parse_id("the practitioner record", &self.practitioner_id),
            )
            .flatten();
        let active = self.active.trim() != "no";
        let password = optional(&self.password);
        if let Some(p) = &password
            && let Err(m) = check_password_rules(p)
        {
            e.add("password", m);
        }
        match (email, name) {
            (Some(email), Some(name)) if e.is_empty() => Ok(ParsedUser {
                fields: UserFields {
                    email: email.as_str().into(),
                    display_name: name.as_str().into(),
                    org_id,
                    practitioner_id,
                    active,
                    roles,
                },
                password,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::input::testing::{typed, unknown_fields};
    use proptest::prelude::*;

    fn valid() -> UserInput {
        UserInput {
            email: " Ada.Lovelace@Trust.NHS.uk ".into(),
            display_name: "Ada Lovelace".into(),
            roles: vec![
                "supervisor".into(),
                "practitioner".into(),
                "supervisor".into(),
            ],
            practitioner_id: "12".into(),
            active: "yes".into(),
            password: String::new(),
        }
    }

    #[test]
    fn a_valid_user_parses_for_the_organisation() {
        let p = valid().parse(Some(3)).unwrap();
        assert_eq!(p.fields.email, "ada.lovelace@trust.nhs.uk");
        assert_eq!(p.fields.display_name, "Ada Lovelace");
        assert_eq!(p.fields.org_id, Some(3));
        assert_eq!(p.fields.practitioner_id, Some(12));
        assert_eq!(p.fields.roles, [Role::Supervisor, Role::Practitioner]);
        assert!(p.fields.active);
        assert_eq!(p.password, None);
    }

    #[test]
    fn national_analysts_and_short_passwords_are_refused() {
        let Err(e) = UserInput {
            roles: vec!["national_analyst".into()],
            password: "short".into(),
            ..valid()
        }
        .parse(Some(3)) else {
            panic!("refused");
        };
        assert_eq!(
            e.message_for("roles"),
            Some("National analysts are set up nationally, not by an organisation")
        );
        assert_eq!(
            e.message_for("password"),
            Some("Password must be at least 12 characters")
        );
        assert!(check_password_rules(&"x".repeat(MIN_PASSWORD_LEN)).is_ok());
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            email in typed(&["a@b.nhs.uk", "a@", "@b"]),
            display_name in typed(&["Ada", " "]),
            roles in proptest::collection::vec(typed(&["supervisor", "national_analyst", "boss"]), 0..3),
            practitioner_id in typed(&["7", "x"]),
            active in typed(&["yes", "no"]),
            password in typed(&["correct horse battery", "short"]),
        ) {
            let input = UserInput { email, display_name, roles, practitioner_id, active, password };
            if let Err(e) = input.parse(None) {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
