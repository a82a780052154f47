//! A written supervision agreement as a manager sets it up: who line-manages and who
//! supervises professionally (and, for an AMHP, who gives AMHP supervision), which of the
//! functions of supervision each covers (every function by someone), any override of the
//! interval with its reason, and when it starts. Whether the people named may supervise
//! this practitioner needs the records, so the service checks that.

use super::{SupervisionRules, agreement_review_due};
use crate::domain::dates;
use crate::domain::field_errors::FieldErrors;
use crate::domain::input::{optional, parse_id, whole_number};
use crate::domain::reference;
use serde::{Deserialize, Serialize};
use time::Date;

/// An agreement as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AgreementInput {
    /// User id of the line manager.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub line_manager_user_id: String,
    /// User id of the professional supervisor: required when the line manager is not a
    /// registered social worker.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub professional_supervisor_user_id: String,
    /// User id of the AMHP supervisor: required for an AMHP.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub amhp_supervisor_user_id: String,
    /// Function codes the line manager covers.
    pub line_manager_functions: Vec<String>,
    /// Function codes the professional supervisor covers.
    pub professional_supervisor_functions: Vec<String>,
    /// Days allowed between sessions, only to override the career-stage rule.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub interval_days: String,
    /// Why the interval differs from the rule (required with an override).
    pub override_reason: String,
    /// Minimum length of a session in minutes (defaults to the rule).
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub minimum_minutes: String,
    /// YYYY-MM-DD (defaults to today).
    pub starts_on: String,
}

/// Validated fields of a new agreement.
#[derive(Debug, Clone)]
pub struct AgreementFields {
    pub line_manager_user_id: i64,
    pub professional_supervisor_user_id: Option<i64>,
    pub amhp_supervisor_user_id: Option<i64>,
    pub line_manager_functions: Vec<String>,
    pub professional_supervisor_functions: Vec<String>,
    pub interval_days: Option<i64>,
    pub override_reason: String,
    pub minimum_minutes: i64,
    pub starts_on: Date,
    pub review_on: Date,
}

impl AgreementInput {
    /// Parses the fields that need no database. `rules` supplies the defaults.
    pub fn parse(&self, r: &SupervisionRules, today: Date) -> Result<AgreementFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let lm = e
            .take(
                "line_manager_user_id",
                parse_id("the line manager", &self.line_manager_user_id),
            )
            .flatten();
        if lm.is_none() && !e.0.iter().any(|f| f.field == "line_manager_user_id") {
            e.add("line_manager_user_id", "Select the line manager");
        }
        let ps = e
            .take(
                "professional_supervisor_user_id",
                parse_id(
                    "the professional supervisor",
                    &self.professional_supervisor_user_id,
                ),
            )
            .flatten();
        let am = e
            .take(
                "amhp_supervisor_user_id",
                parse_id("the AMHP supervisor", &self.amhp_supervisor_user_id),
            )
            .flatten();
        let lm_fns = functions(
            &mut e,
            "line_manager_functions",
            &self.line_manager_functions,
        );
        let ps_fns = functions(
            &mut e,
            "professional_supervisor_functions",
            &self.professional_supervisor_functions,
        );
        if ps.is_none() && !ps_fns.is_empty() {
            e.add(
                "professional_supervisor_functions",
                "Select a professional supervisor, or untick their functions",
            );
        }
        let covered: Vec<&String> = lm_fns.iter().chain(ps_fns.iter()).collect();
        let missing: Vec<String> = reference()
            .supervision_functions
            .items
            .iter()
            .filter(|f| !covered.contains(&&f.code))
            .map(|f| f.label.to_lowercase())
            .collect();
        if !missing.is_empty() {
            e.add(
                "line_manager_functions",
                format!("Say who covers: {}", missing.join("; ")),
            );
        }
        let interval = e
            .take(
                "interval_days",
                whole_number("The interval", &self.interval_days, 1, 366),
            )
            .flatten();
        let reason = self.override_reason.trim().to_string();
        if interval.is_some() && reason.is_empty() {
            e.add(
                "override_reason",
                "Enter why the interval differs from the rule",
            );
        }
        let minimum = e
            .take(
                "minimum_minutes",
                whole_number("The minimum length", &self.minimum_minutes, 1, 480),
            )
            .flatten()
            .unwrap_or(i64::from(r.minimum_minutes));
        let starts = match optional(&self.starts_on) {
            None => Some(today),
            Some(s) => e.take("starts_on", dates::parse("The start date", &s)),
        };
        match (lm, starts, e.0.is_empty()) {
            (Some(lm), Some(starts), true) => Ok(AgreementFields {
                line_manager_user_id: lm,
                professional_supervisor_user_id: ps,
                amhp_supervisor_user_id: am,
                line_manager_functions: lm_fns,
                professional_supervisor_functions: ps_fns,
                interval_days: interval,
                override_reason: if interval.is_some() {
                    reason
                } else {
                    String::new()
                },
                minimum_minutes: minimum,
                starts_on: starts,
                review_on: agreement_review_due(starts, r),
            }),
            _ => Err(e),
        }
    }
}

fn functions(e: &mut FieldErrors, field: &str, codes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for c in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if let Some(code) = e.take(
            field,
            reference()
                .supervision_functions
                .parse("a function of supervision", c),
        ) && !out.contains(&code)
        {
            out.push(code);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::input::testing::{typed, unknown_fields};
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 20);

    fn all_functions() -> Vec<String> {
        reference()
            .supervision_functions
            .items
            .iter()
            .map(|f| f.code.clone())
            .collect()
    }

    fn valid() -> AgreementInput {
        AgreementInput {
            line_manager_user_id: "4".into(),
            line_manager_functions: all_functions(),
            ..AgreementInput::default()
        }
    }

    #[test]
    fn a_valid_agreement_takes_the_rules_defaults() {
        let r = SupervisionRules::default();
        let f = valid().parse(&r, TODAY).unwrap();
        assert_eq!(f.line_manager_user_id, 4);
        assert_eq!(f.professional_supervisor_user_id, None);
        assert_eq!(f.minimum_minutes, i64::from(r.minimum_minutes));
        assert_eq!(f.starts_on, TODAY);
        assert_eq!(f.review_on, agreement_review_due(TODAY, &r));
        assert_eq!((f.interval_days, f.override_reason.as_str()), (None, ""));
    }

    #[test]
    fn every_function_is_covered_and_an_override_has_its_reason() {
        let r = SupervisionRules::default();
        let e = AgreementInput {
            line_manager_functions: Vec::new(),
            interval_days: "20".into(),
            ..valid()
        }
        .parse(&r, TODAY)
        .unwrap_err();
        assert!(
            e.message_for("line_manager_functions")
                .is_some_and(|m| m.starts_with("Say who covers: "))
        );
        assert_eq!(
            e.message_for("override_reason"),
            Some("Enter why the interval differs from the rule")
        );
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            line_manager_user_id in typed(&["4", "me"]),
            professional_supervisor_user_id in typed(&["5", "x"]),
            ps_function in typed(&["development", "nonsense"]),
            interval_days in typed(&["14", "0", "400"]),
            override_reason in typed(&["Part-time"]),
            minimum_minutes in typed(&["60", "500"]),
            starts_on in typed(&["2026-12-01", "2026-13-01"]),
        ) {
            let input = AgreementInput {
                line_manager_user_id, professional_supervisor_user_id,
                professional_supervisor_functions: vec![ps_function], interval_days,
                override_reason, minimum_minutes, starts_on, ..valid()
            };
            if let Err(e) = input.parse(&SupervisionRules::default(), TODAY) {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
