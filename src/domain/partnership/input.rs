//! A proposed partnership agreement as a form or the API sends it: the terms, and the two
//! parties, one of which must be the proposer's own organisation (an admin proposes only
//! for their own) and the other a different organisation that exists. Whether it exists
//! needs the records: the service looks up [`PartnershipInput::other_party`] and passes
//! the answer to [`PartnershipInput::parse`].

use super::{AgreementTerms, TermsText, parse as parse_terms};
use crate::domain::field_errors::FieldErrors;
use crate::domain::input::parse_id;
use serde::{Deserialize, Serialize};

/// What a form or the API sends. One of the two organisations must be the sender's.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PartnershipInput {
    /// The organisation whose staff (or AMHPs) the agreement covers.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub employer_org_id: String,
    /// The organisation they work in, or that provides AMHP supervision.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub host_org_id: String,
    /// `section_75`, `secondment`, `tupe_transfer`, `amhp_service` or `placement`.
    pub agreement_type: String,
    /// YYYY-MM-DD
    pub starts_on: String,
    /// YYYY-MM-DD (optional)
    pub ends_on: String,
    /// YYYY-MM-DD (optional)
    pub review_on: String,
    pub description: String,
    pub delegated_functions: String,
    pub oversight_lead: String,
    pub disciplinary_lead: String,
    pub fitness_to_practise_lead: String,
    pub complaints_lead: String,
    pub enquiries_lead: String,
    pub mou_reference: String,
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub host_may_change: String,
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub host_sees_equality: String,
}

impl PartnershipInput {
    /// The terms as text, for [`parse`](super::parse).
    pub fn terms_text(&self) -> TermsText<'_> {
        TermsText {
            agreement_type: &self.agreement_type,
            starts_on: &self.starts_on,
            ends_on: &self.ends_on,
            review_on: &self.review_on,
            description: &self.description,
            delegated_functions: &self.delegated_functions,
            oversight_lead: &self.oversight_lead,
            disciplinary_lead: &self.disciplinary_lead,
            fitness_to_practise_lead: &self.fitness_to_practise_lead,
            complaints_lead: &self.complaints_lead,
            enquiries_lead: &self.enquiries_lead,
            mou_reference: &self.mou_reference,
            host_may_change: &self.host_may_change,
            host_sees_equality: &self.host_sees_equality,
        }
    }
}

/// A proposal whose terms and parties are known to be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub employer: i64,
    pub host: i64,
    pub terms: AgreementTerms,
}

/// The parties' ids, or why they are not two parties one of which is `org`: each problem
/// with its field. Whether the other party exists is not known here.
type Parties = Result<(i64, i64), Vec<(&'static str, &'static str)>>;

impl PartnershipInput {
    fn parties(&self, org: i64) -> Parties {
        let employer = parse_id("the employer", &self.employer_org_id)
            .ok()
            .flatten();
        let host = parse_id("the host", &self.host_org_id).ok().flatten();
        let mut missing = Vec::new();
        if employer.is_none() {
            missing.push((
                "employer_org_id",
                "Select the organisation whose staff it covers",
            ));
        }
        if host.is_none() {
            missing.push(("host_org_id", "Select the partner organisation"));
        }
        let (Some(employer), Some(host)) = (employer, host) else {
            return Err(missing);
        };
        if employer != org && host != org {
            Err(vec![(
                "employer_org_id",
                "Your organisation must be one of the two parties",
            )])
        } else if employer == host {
            Err(vec![(
                "host_org_id",
                "Select a different organisation from the employer",
            )])
        } else {
            Ok((employer, host))
        }
    }

    /// The other party of a proposal by `org`, with the field that names it, when the two
    /// parties are otherwise right: the organisation the service must find in the records.
    pub fn other_party(&self, org: i64) -> Option<(i64, &'static str)> {
        let (employer, host) = self.parties(org).ok()?;
        Some(if employer == org {
            (host, "host_org_id")
        } else {
            (employer, "employer_org_id")
        })
    }

    /// The terms and the parties of a proposal by `org`, naming each wrong field: the terms'
    /// problems first, then the parties'. `other_exists` says whether the records hold the
    /// organisation [`other_party`](Self::other_party) names.
    pub fn parse(&self, org: i64, other_exists: bool) -> Result<Proposal, FieldErrors> {
        let mut e = FieldErrors::default();
        let terms = parse_terms(&self.terms_text()).map_err(|p| {
            for (field, message) in p {
                e.add(field, message);
            }
        });
        let parties = match (self.parties(org), self.other_party(org)) {
            (Err(problems), _) => {
                for (field, message) in problems {
                    e.add(field, message);
                }
                None
            }
            (Ok(_), Some((_, field))) if !other_exists => {
                e.add(field, "Select an organisation from the list");
                None
            }
            (Ok(parties), _) => Some(parties),
        };
        match (terms, parties) {
            (Ok(terms), Some((employer, host))) => Ok(Proposal {
                employer,
                host,
                terms,
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

    const ORG: i64 = 1;

    fn valid() -> PartnershipInput {
        PartnershipInput {
            employer_org_id: "2".into(),
            host_org_id: "1".into(),
            agreement_type: "secondment".into(),
            starts_on: "2026-04-01".into(),
            host_may_change: "yes".into(),
            ..PartnershipInput::default()
        }
    }

    fn fields(e: &FieldErrors) -> Vec<&str> {
        e.0.iter().map(|f| f.field.as_str()).collect()
    }

    #[test]
    fn a_proposal_by_either_party_names_the_other() {
        let input = valid();
        assert_eq!(input.other_party(ORG), Some((2, "employer_org_id")));
        let p = input.parse(ORG, true).unwrap();
        assert_eq!((p.employer, p.host), (2, 1));
        assert!(p.terms.host_may_change);
        assert_eq!(input.other_party(2), Some((1, "host_org_id")));
    }

    #[test]
    fn the_parties_problems_follow_the_terms_problems() {
        let unknown_partner = PartnershipInput {
            agreement_type: String::new(),
            ..valid()
        };
        let e = unknown_partner.parse(ORG, false).unwrap_err();
        assert_eq!(fields(&e), ["agreement_type", "employer_org_id"]);
        assert_eq!(
            e.message_for("employer_org_id"),
            Some("Select an organisation from the list")
        );
        let neither = PartnershipInput {
            employer_org_id: "3".into(),
            ..valid()
        }
        .parse(2, true)
        .unwrap_err();
        assert_eq!(
            neither.message_for("employer_org_id"),
            Some("Your organisation must be one of the two parties")
        );
        let itself = PartnershipInput {
            employer_org_id: "1".into(),
            ..valid()
        };
        assert_eq!(itself.other_party(ORG), None);
        assert_eq!(
            fields(&itself.parse(ORG, true).unwrap_err()),
            ["host_org_id"]
        );
    }

    proptest! {
        #[test]
        fn a_proposal_has_two_parties_one_of_them_the_proposer(
            employer_org_id in typed(&["1", "2", "x"]),
            host_org_id in typed(&["1", "2", "3"]),
            agreement_type in typed(&["section_75", "placement", "merger"]),
            starts_on in typed(&["2026-04-01", "2026-04-31"]),
            ends_on in typed(&["2027-03-31", "2026-01-01"]),
            delegated_functions in typed(&["AMHP functions"]),
            oversight_lead in typed(&["Director of adult social services"]),
            host_sees_equality in typed(&["yes", "no", "perhaps"]),
            other_exists in any::<bool>(),
        ) {
            let input = PartnershipInput {
                employer_org_id, host_org_id, agreement_type, starts_on, ends_on,
                delegated_functions, oversight_lead, host_sees_equality,
                ..PartnershipInput::default()
            };
            match input.parse(ORG, other_exists) {
                Ok(p) => {
                    prop_assert!(p.employer == ORG || p.host == ORG);
                    prop_assert!(p.employer != p.host);
                    prop_assert!(other_exists);
                }
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
                }
            }
        }
    }
}
