//! The filters every list of people takes: registration status, career stage, team and
//! employer, so that questions like "who has not renewed?" or "which newly qualified people
//! in this team are overdue?" are one click on any list.
//!
//! Parsed once from the query string (`PeopleQuery::parse`); the store applies the result
//! inside the practitioner scope (`PractitionerScope::narrowed`), so every count and every
//! row on a page describes the same people.

use super::ParseError;
use super::reference;
use super::registration::RegistrationStatus;
use serde::{Deserialize, Serialize};

/// Which registration to keep: a status the register shows, or none recorded here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegistrationFilter {
    Status(RegistrationStatus),
    NotRecorded,
}

/// The code a query string carries for people with no registration recorded.
pub const NOT_RECORDED: &str = "not_recorded";

impl RegistrationFilter {
    pub fn parse(code: &str) -> Result<Self, ParseError> {
        if code == NOT_RECORDED {
            return Ok(Self::NotRecorded);
        }
        RegistrationStatus::parse(code)
            .map(Self::Status)
            .ok_or_else(|| "Choose a registration status from the list".to_string())
    }
}

/// A parsed filter; every part is optional and an empty filter keeps everyone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeopleFilter {
    pub team_id: Option<i64>,
    pub employer_org_id: Option<i64>,
    /// A career stage code from the reference list.
    pub career_stage: Option<String>,
    pub registration: Option<RegistrationFilter>,
}

impl PeopleFilter {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// The filter as it arrives from a query string (or a form using GET). Empty values mean
/// "all", as a select's first option sends them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::IntoParams)]
#[serde(default)]
pub struct PeopleQuery {
    /// A team's id.
    pub team_id: String,
    /// An employing organisation's id.
    pub employer_id: String,
    /// A career stage code (`asye`, `qualified`, ...).
    pub career_stage: String,
    /// A registration status code (`registered`, `lapsed`, ...) or `not_recorded`.
    pub registration: String,
}

impl PeopleQuery {
    /// The filter, or each field's problem (field name, message).
    pub fn parse(&self) -> Result<PeopleFilter, Vec<(&'static str, ParseError)>> {
        let mut problems = Vec::new();
        let mut id = |field: &'static str, raw: &str, what: &str| -> Option<i64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<i64>() {
                Ok(v) if v > 0 => Some(v),
                _ => {
                    problems.push((field, format!("Choose a {what} from the list")));
                    None
                }
            }
        };
        let team_id = id("team_id", &self.team_id, "team");
        let employer_org_id = id("employer_id", &self.employer_id, "employer");
        let stage = self.career_stage.trim();
        let career_stage = if stage.is_empty() {
            None
        } else if reference().career_stages.contains(stage) {
            Some(stage.to_string())
        } else {
            problems.push((
                "career_stage",
                "Choose a career stage from the list".to_string(),
            ));
            None
        };
        let reg = self.registration.trim();
        let registration = if reg.is_empty() {
            None
        } else {
            match RegistrationFilter::parse(reg) {
                Ok(r) => Some(r),
                Err(e) => {
                    problems.push(("registration", e));
                    None
                }
            }
        };
        if problems.is_empty() {
            Ok(PeopleFilter {
                team_id,
                employer_org_id,
                career_stage,
                registration,
            })
        } else {
            Err(problems)
        }
    }

    /// The query string that reproduces this filter (for paging and sort links), without
    /// a leading `&`; empty when nothing is chosen.
    pub fn pairs(&self) -> Vec<(&'static str, &str)> {
        [
            ("team_id", self.team_id.as_str()),
            ("employer_id", self.employer_id.as_str()),
            ("career_stage", self.career_stage.as_str()),
            ("registration", self.registration.as_str()),
        ]
        .into_iter()
        .filter(|(_, v)| !v.trim().is_empty())
        .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn q(team: &str, employer: &str, stage: &str, reg: &str) -> PeopleQuery {
        PeopleQuery {
            team_id: team.into(),
            employer_id: employer.into(),
            career_stage: stage.into(),
            registration: reg.into(),
        }
    }

    #[test]
    fn empty_values_keep_everyone() {
        let f = q("", " ", "", "").parse().unwrap();
        assert!(f.is_empty());
    }

    #[test]
    fn each_part_is_read() {
        let f = q("3", "7", "asye", "lapsed").parse().unwrap();
        assert_eq!(f.team_id, Some(3));
        assert_eq!(f.employer_org_id, Some(7));
        assert_eq!(f.career_stage.as_deref(), Some("asye"));
        assert_eq!(
            f.registration,
            Some(RegistrationFilter::Status(RegistrationStatus::Lapsed))
        );
        let none = q("", "", "", NOT_RECORDED).parse().unwrap();
        assert_eq!(none.registration, Some(RegistrationFilter::NotRecorded));
    }

    #[test]
    fn every_bad_part_is_named() {
        let e = q("x", "-1", "wizard", "gone").parse().unwrap_err();
        let fields: Vec<&str> = e.iter().map(|(f, _)| *f).collect();
        assert_eq!(
            fields,
            ["team_id", "employer_id", "career_stage", "registration"]
        );
    }

    proptest! {
        /// Whatever arrives, parsing either names a field or gives a filter whose parts
        /// came from the input; it never panics.
        #[test]
        fn parsing_is_total(t in ".{0,6}", e in ".{0,6}", s in ".{0,12}", r in ".{0,20}") {
            match q(&t, &e, &s, &r).parse() {
                Ok(f) => {
                    prop_assert_eq!(f.team_id.is_some(), !t.trim().is_empty());
                    prop_assert_eq!(f.registration.is_some(), !r.trim().is_empty());
                }
                Err(problems) => prop_assert!(!problems.is_empty()),
            }
        }
    }
}
