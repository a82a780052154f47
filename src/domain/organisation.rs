//! An organisation as mhsw knows it: its name, ODS code, type and NHS region from the
//! reference lists, and the population used for rates per 100,000, each checked before it
//! is kept so that reports group and compare organisations alike.

use super::field_errors::FieldErrors;
use super::{OdsCode, PersonName, reference};
use serde::Deserialize;

/// An organisation as sent by a form or the API (all text; parsed by `parse`).
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OrganisationInput {
    pub name: String,
    pub ods_code: String,
    /// A code from the organisation types list.
    pub org_type: String,
    /// An NHS England region code (Y56 to Y63).
    pub region: String,
    /// Registered population, for rates per 100,000 (optional).
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub population: String,
    /// "yes" or "no" (forms); `true` or `false` are also accepted from JSON as text.
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub is_nhs_body: String,
}

/// Validated fields for a new or changed organisation.
#[derive(Debug, Clone)]
pub struct OrganisationFields {
    pub name: String,
    pub ods_code: String,
    pub org_type: String,
    pub region: String,
    pub population: Option<i64>,
    pub is_nhs_body: bool,
}

impl OrganisationInput {
    pub fn parse(&self) -> Result<OrganisationFields, FieldErrors> {
        let r = reference();
        let mut e = FieldErrors::default();
        let name = e.take(
            "name",
            PersonName::parse("the organisation name", &self.name),
        );
        let ods = e.take("ods_code", OdsCode::parse(&self.ods_code));
        let org_type = e.take(
            "org_type",
            r.organisation_types
                .parse("the type of organisation", &self.org_type),
        );
        let region = e.take("region", r.regions.parse("the NHS region", &self.region));
        let population = e.take(
            "population",
            match self.population.trim().replace(',', "") {
                s if s.is_empty() => Ok(None),
                s => s
                    .parse::<i64>()
                    .ok()
                    .filter(|p| *p > 0)
                    .map(Some)
                    .ok_or_else(|| {
                        "Population must be a whole number greater than 0, like 350000".to_string()
                    }),
            },
        );
        let nhs = e.take(
            "is_nhs_body",
            match self.is_nhs_body.trim() {
                "yes" | "true" => Ok(true),
                "no" | "false" => Ok(false),
                _ => Err("Select whether the organisation is an NHS body".to_string()),
            },
        );
        match (name, ods, org_type, region, population, nhs) {
            (
                Some(name),
                Some(ods),
                Some(org_type),
                Some(region),
                Some(population),
                Some(is_nhs_body),
            ) if e.is_empty() => Ok(OrganisationFields {
                name: name.as_str().into(),
                ods_code: ods.as_str().into(),
                org_type,
                region,
                population,
                is_nhs_body,
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

    fn valid() -> OrganisationInput {
        OrganisationInput {
            name: "Northshire Mental Health NHS Trust".into(),
            ods_code: "rx4".into(),
            org_type: "nhs_trust".into(),
            region: "Y63".into(),
            population: "350,000".into(),
            is_nhs_body: "yes".into(),
        }
    }

    #[test]
    fn a_valid_organisation_parses_to_its_fields() {
        let f = valid().parse().unwrap();
        assert_eq!(f.name, "Northshire Mental Health NHS Trust");
        assert_eq!(f.ods_code, "RX4");
        assert_eq!(
            (f.org_type.as_str(), f.region.as_str()),
            ("nhs_trust", "Y63")
        );
        assert_eq!(f.population, Some(350_000));
        assert!(f.is_nhs_body);
        let no_population = OrganisationInput {
            population: " ".into(),
            is_nhs_body: "false".into(),
            ..valid()
        };
        let f = no_population.parse().unwrap();
        assert_eq!((f.population, f.is_nhs_body), (None, false));
    }

    #[test]
    fn population_is_a_whole_number_above_zero() {
        for bad in ["0", "-5", "3.5", "many"] {
            let e = OrganisationInput {
                population: bad.into(),
                ..valid()
            }
            .parse()
            .unwrap_err();
            assert_eq!(
                e.message_for("population"),
                Some("Population must be a whole number greater than 0, like 350000"),
                "{bad}"
            );
        }
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            name in typed(&["Trust", ""]),
            ods_code in typed(&["RX4", "R", "RX4!"]),
            org_type in typed(&["nhs_trust", "trust"]),
            region in typed(&["Y56", "Y57"]),
            population in typed(&["350000", "1,000", "0", "-1"]),
            is_nhs_body in typed(&["yes", "no", "true", "maybe"]),
        ) {
            let input = OrganisationInput { name, ods_code, org_type, region, population, is_nhs_body };
            if let Err(e) = input.parse() {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
