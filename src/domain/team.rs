//! A team or service of an organisation: a name people recognise and a service model from
//! the reference list, so that teams can be grouped the same way in every organisation.

use super::field_errors::FieldErrors;
use super::{PersonName, reference};
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct TeamInput {
    pub name: String,
    /// A code from the service models list.
    pub service_model: String,
}

/// Validated fields for a new or changed team.
#[derive(Debug, Clone)]
pub struct TeamFields {
    pub name: String,
    pub service_model: String,
}

impl TeamInput {
    pub fn parse(&self) -> Result<TeamFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let name = e.take("name", PersonName::parse("the team name", &self.name));
        let model = e.take(
            "service_model",
            reference()
                .service_models
                .parse("the service model", &self.service_model),
        );
        match (name, model) {
            (Some(n), Some(service_model)) => Ok(TeamFields {
                name: n.as_str().into(),
                service_model,
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
    fn a_valid_team_parses_trimmed() {
        let f = TeamInput {
            name: "  Crisis team north ".into(),
            service_model: "crisis".into(),
        }
        .parse()
        .unwrap();
        assert_eq!(
            (f.name.as_str(), f.service_model.as_str()),
            ("Crisis team north", "crisis")
        );
    }

    #[test]
    fn an_empty_team_names_both_fields() {
        let e = TeamInput::default().parse().unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["name", "service_model"]);
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            name in typed(&["Home treatment", " ", "\u{7}"]),
            service_model in typed(&["crisis", "Crisis", "nope"]),
        ) {
            let input = TeamInput { name, service_model };
            if let Err(e) = input.parse() {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
