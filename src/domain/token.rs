//! An API token as its owner asks for it: a name saying what it is for, and a lifetime
//! within a year, so that no token works for ever and each can be told apart when revoked.

use super::field_errors::FieldErrors;
use super::input;
use serde::{Deserialize, Serialize};

/// The longest a token may last.
pub const MAX_DAYS: i64 = 366;
const MAX_NAME: usize = 60;

/// A new token: what it is for, and for how long.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TokenInput {
    /// What the token is for, such as "ESR nightly export" (at most 60 characters).
    pub name: String,
    /// Days until it stops working, 1 to 366; empty or absent for the default (90).
    #[serde(deserialize_with = "input::text")]
    #[schema(value_type = Option<i64>)]
    pub expires_in_days: String,
}

/// Checked token input.
pub struct TokenSpec {
    pub name: String,
    pub days: i64,
}

impl TokenInput {
    /// `default_days` (`[security] api_token_days`) is used when no expiry is given.
    pub fn parse(&self, default_days: i64) -> Result<TokenSpec, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = self.name.trim();
        if name.is_empty() {
            e.add("name", "Enter a name for the token, saying what it is for");
        } else if name.chars().count() > MAX_NAME {
            e.add(
                "name",
                format!("Name must be {MAX_NAME} characters or fewer"),
            );
        } else if name.chars().any(char::is_control) {
            e.add("name", "Name must not contain special characters");
        }
        let days = match self.expires_in_days.trim() {
            "" => Some(default_days.clamp(1, MAX_DAYS)),
            d => match d.parse::<i64>() {
                Ok(n) if (1..=MAX_DAYS).contains(&n) => Some(n),
                _ => {
                    e.add(
                        "expires_in_days",
                        format!(
                            "Days until it expires must be a whole number from 1 to {MAX_DAYS}"
                        ),
                    );
                    None
                }
            },
        };
        match (e.is_empty(), days) {
            (true, Some(days)) => Ok(TokenSpec {
                name: name.to_string(),
                days,
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

    #[test]
    fn the_default_lifetime_applies_when_none_is_given_and_stays_in_range() {
        let input = TokenInput {
            name: " ESR nightly export ".into(),
            expires_in_days: String::new(),
        };
        let spec = input.parse(90).unwrap();
        assert_eq!((spec.name.as_str(), spec.days), ("ESR nightly export", 90));
        assert_eq!(input.parse(1000).unwrap().days, MAX_DAYS);
        assert_eq!(input.parse(0).unwrap().days, 1);
    }

    proptest! {
        #[test]
        fn a_token_parses_with_a_lifetime_within_a_year_or_names_its_fields(
            name in typed(&["ESR export", "\u{1b}[0m"]),
            expires_in_days in typed(&["1", "366", "367", "0", "30"]),
            default_days in -10i64..1000,
        ) {
            let input = TokenInput { name, expires_in_days };
            match input.parse(default_days) {
                Ok(spec) => {
                    prop_assert!((1..=MAX_DAYS).contains(&spec.days));
                    prop_assert_eq!(spec.name.as_str(), input.name.trim());
                }
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
                }
            }
        }
    }
}
