//! Asking for feedback cards: which questionnaire they open (service users' or carers') and
//! how many, up to the deployment's limit, so that a practitioner cannot flood the
//! feedback with codes.

use super::Audience;
use crate::domain::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};

/// What the "make cards" form or API sends.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CardsInput {
    /// `service_user` or `carer`: which questionnaire the cards open.
    pub audience: String,
    /// How many cards, 1 to `[feedback] max_cards_at_once`.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub count: String,
}

impl CardsInput {
    /// The questionnaire the cards open and how many to make, 1 to `max`
    /// (`[feedback] max_cards_at_once`).
    pub fn parse(&self, max: u32) -> Result<(Audience, u32), FieldErrors> {
        let mut e = FieldErrors::default();
        let audience = Audience::parse(&self.audience)
            .map_err(|m| e.add("audience", m))
            .ok();
        let count = match self.count.trim().parse::<u32>() {
            Ok(n) if (1..=max).contains(&n) => Some(n),
            _ => {
                e.add(
                    "count",
                    format!("Enter how many cards to make, from 1 to {max}"),
                );
                None
            }
        };
        match (audience, count) {
            (Some(a), Some(n)) if e.is_empty() => Ok((a, n)),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::input::testing::{typed, unknown_fields};
    use proptest::prelude::*;

    proptest! {
        /// Cards are made only for a known questionnaire and 1 to `max` of them; otherwise
        /// every message names a field of the input.
        #[test]
        fn cards_are_asked_for_within_the_limit_or_refused_by_field(
            audience in typed(&["service_user", "carer", "public"]),
            count in typed(&["1", "10", "0", "11", "-1", "2.5"]),
            max in 1u32..20,
        ) {
            let input = CardsInput { audience, count };
            match input.parse(max) {
                Ok((a, n)) => {
                    prop_assert!((1..=max).contains(&n));
                    prop_assert_eq!(Ok(a), Audience::parse(&input.audience));
                }
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
                }
            }
        }
    }
}
