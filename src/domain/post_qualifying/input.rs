//! The post-qualifying forms: an AMHP approval (its council, dates within the approval
//! length, warrant, and an early end with its reason) and the record of another role (its
//! stage, training dates, and what only a forensic social supervisor has), each read into
//! the record kept.

use super::{EndReason, PostQualifyingRules, PqRole, default_expiry};
use crate::domain::dates;
use crate::domain::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};
use time::Date;

/// The approval form as sent (HTML form or JSON).
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ApprovalInput {
    pub approving_council: String,
    /// ISO date the approval starts.
    pub approved_on: String,
    /// ISO date of its last day; empty: the configured approval length.
    pub expires_on: String,
    pub warrant_number: String,
    pub warrant_issued_on: String,
    /// ISO date the approval ended early, with `end_reason`.
    pub ended_on: String,
    /// `EndReason` code.
    pub end_reason: String,
    /// "yes": a new approval period (re-approval) rather than a change to the current one.
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = Option<bool>)]
    pub reapproval: String,
}

/// A new or changed approval.
#[derive(Debug, Clone)]
pub struct ApprovalWrite {
    pub approving_council: String,
    pub approved_on: Date,
    pub expires_on: Date,
    pub warrant_number: String,
    pub warrant_issued_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub end_reason: String,
    pub user_id: i64,
}

impl ApprovalInput {
    /// Parses every field, naming each problem.
    pub fn parse(
        &self,
        r: &PostQualifyingRules,
        today: Date,
        user_id: i64,
    ) -> Result<ApprovalWrite, FieldErrors> {
        let mut e = FieldErrors::default();
        let council = self.approving_council.trim().to_string();
        if council.is_empty() {
            e.add("approving_council", "Enter the approving council");
        } else if council.len() > 200 {
            e.add(
                "approving_council",
                "Approving council must be 200 characters or fewer",
            );
        }
        let approved = e.take(
            "approved_on",
            dates::parse("Approval date", &self.approved_on),
        );
        let expires = if self.expires_on.trim().is_empty() {
            approved.map(|a| default_expiry(a, r.amhp_approval_years))
        } else {
            e.take("expires_on", dates::parse("Expiry date", &self.expires_on))
        };
        if let (Some(a), Some(x)) = (approved, expires) {
            if x <= a {
                e.add("expires_on", "Expiry date must be after the approval date");
            } else if x > default_expiry(a, r.amhp_approval_years) {
                e.add(
                    "expires_on",
                    format!(
                        "Expiry date must be no more than {} years after the approval date",
                        r.amhp_approval_years
                    ),
                );
            }
        }
        let warrant = self.warrant_number.trim().to_string();
        if warrant.len() > 100 {
            e.add(
                "warrant_number",
                "Warrant number must be 100 characters or fewer",
            );
        }
        let issued = optional_date(
            &mut e,
            "warrant_issued_on",
            "Warrant date",
            &self.warrant_issued_on,
        );
        let ended = optional_date(&mut e, "ended_on", "Date approval ended", &self.ended_on);
        if let (Some(a), Some(x)) = (approved, ended)
            && x < a
        {
            e.add(
                "ended_on",
                "Date approval ended must be on or after the approval date",
            );
        }
        if ended.is_some_and(|x| x > today) {
            e.add(
                "ended_on",
                "Date approval ended must be today or in the past",
            );
        }
        let reason = EndReason::parse(&self.end_reason);
        if ended.is_some() && reason.is_none() {
            e.add("end_reason", "Select why the approval ended");
        }
        if ended.is_none() && !self.end_reason.trim().is_empty() && self.ended_on.trim().is_empty()
        {
            e.add("ended_on", "Enter the date the approval ended");
        }
        if !matches!(self.reapproval.as_str(), "" | "yes" | "no") {
            e.add("reapproval", "Select whether this is a re-approval");
        }
        // Both dates are read whenever there is no error (an approval date that does not
        // parse is one).
        let (Some(approved), Some(expires), true) = (approved, expires, e.is_empty()) else {
            return Err(e);
        };
        Ok(ApprovalWrite {
            approving_council: council,
            approved_on: approved,
            expires_on: expires,
            warrant_number: warrant,
            warrant_issued_on: issued,
            ended_on: ended,
            end_reason: reason.map(|r| r.code().to_string()).unwrap_or_default(),
            user_id,
        })
    }
}

/// A date field that may be left empty.
pub fn optional_date(e: &mut FieldErrors, field: &str, what: &str, s: &str) -> Option<Date> {
    if s.trim().is_empty() {
        None
    } else {
        e.take(field, dates::parse(what, s))
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RoleInput {
    /// `PqRole` code: bia, practice_educator, practice_supervisor, approved_clinician,
    /// forensic_social_supervisor.
    pub role: String,
    /// ISO date qualified or trained.
    pub qualified_on: String,
    /// Practice educator: peps_1 or peps_2; Approved Clinician: interested, in_training,
    /// approved.
    pub stage: String,
    /// ISO date of the last refresher or update training.
    pub last_training_on: String,
    /// Forensic social supervisor: restricted patients allocated.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub allocations: String,
    /// Forensic social supervisor: ISO date the next report to the Ministry of Justice is due.
    pub next_report_due: String,
    pub notes: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct RoleRecord {
    pub practitioner_id: i64,
    /// `PqRole` code.
    pub role: String,
    pub qualified_on: Option<Date>,
    pub stage: String,
    pub last_training_on: Option<Date>,
    pub allocations: i64,
    pub next_report_due: Option<Date>,
    pub notes: String,
}

impl RoleInput {
    pub fn parse(&self, practitioner_id: i64, today: Date) -> Result<RoleRecord, FieldErrors> {
        let mut e = FieldErrors::default();
        let role = PqRole::parse(&self.role);
        if role.is_none() {
            e.add("role", "Select the role");
        }
        let qualified = optional_date(&mut e, "qualified_on", "Date qualified", &self.qualified_on);
        if qualified.is_some_and(|d| d > today) {
            e.add(
                "qualified_on",
                "Date qualified must be today or in the past",
            );
        }
        let last = optional_date(
            &mut e,
            "last_training_on",
            "Date of the last training",
            &self.last_training_on,
        );
        if last.is_some_and(|d| d > today) {
            e.add(
                "last_training_on",
                "Date of the last training must be today or in the past",
            );
        }
        let stages = role.map(|r| r.stages()).unwrap_or_default();
        let stage = self.stage.trim().to_string();
        if !stage.is_empty() && !stages.iter().any(|(c, _)| *c == stage) {
            e.add("stage", "Select a stage this role has");
        }
        let forensic = role == Some(PqRole::ForensicSocialSupervisor);
        let allocations = match self.allocations.trim() {
            "" => 0,
            s => match s.parse::<i64>() {
                Ok(n) if (0..=500).contains(&n) => n,
                _ => {
                    e.add(
                        "allocations",
                        "Restricted patients allocated must be a whole number from 0 to 500",
                    );
                    0
                }
            },
        };
        if allocations > 0 && !forensic {
            e.add(
                "allocations",
                "Restricted patients are allocated only to forensic social supervisors",
            );
        }
        let report = optional_date(
            &mut e,
            "next_report_due",
            "Next report due",
            &self.next_report_due,
        );
        if report.is_some() && !forensic {
            e.add(
                "next_report_due",
                "Reports to the Ministry of Justice apply only to forensic social supervisors",
            );
        }
        let notes = self.notes.trim().to_string();
        if notes.len() > 2000 {
            e.add("notes", "Notes must be 2,000 characters or fewer");
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(RoleRecord {
            practitioner_id,
            role: role.map(|r| r.code().to_string()).unwrap_or_default(),
            qualified_on: qualified,
            stage,
            last_training_on: last,
            allocations,
            next_report_due: report,
            notes,
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

    fn approval() -> ApprovalInput {
        ApprovalInput {
            approving_council: " Northshire County Council ".into(),
            approved_on: "2024-03-01".into(),
            ..ApprovalInput::default()
        }
    }

    #[test]
    fn an_approval_without_an_expiry_lasts_the_configured_years() {
        let r = PostQualifyingRules::default();
        let w = approval().parse(&r, TODAY, 9).unwrap();
        assert_eq!(w.approving_council, "Northshire County Council");
        assert_eq!(w.approved_on, date!(2024 - 03 - 01));
        assert_eq!(
            w.expires_on,
            default_expiry(date!(2024 - 03 - 01), r.amhp_approval_years)
        );
        assert_eq!(
            (w.ended_on, w.end_reason.as_str(), w.user_id),
            (None, "", 9)
        );
        let longer = ApprovalInput {
            expires_on: "2031-03-01".into(),
            ..approval()
        };
        assert!(
            longer
                .parse(&r, TODAY, 9)
                .unwrap_err()
                .message_for("expires_on")
                .is_some_and(|m| m.contains("no more than 5 years"))
        );
    }

    #[test]
    fn only_a_forensic_social_supervisor_has_restricted_patients() {
        let role = |role: &str| RoleInput {
            role: role.into(),
            allocations: "3".into(),
            next_report_due: "2027-01-10".into(),
            ..RoleInput::default()
        };
        let rec = role("forensic_social_supervisor").parse(4, TODAY).unwrap();
        assert_eq!(rec.practitioner_id, 4);
        assert_eq!(
            (rec.allocations, rec.next_report_due),
            (3, Some(date!(2027 - 01 - 10)))
        );
        let e = role("bia").parse(4, TODAY).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["allocations", "next_report_due"]);
    }

    proptest! {
        #[test]
        fn every_approval_error_names_a_field_of_the_input(
            approving_council in typed(&["Council"]),
            approved_on in typed(&["2024-03-01", "2024-02-30"]),
            expires_on in typed(&["2029-02-28", "2023-01-01", "2035-01-01"]),
            warrant_issued_on in typed(&["2024-03-02"]),
            ended_on in typed(&["2025-01-01", "2027-01-01", "2020-01-01"]),
            end_reason in typed(&["written_request", "bored"]),
            reapproval in typed(&["yes", "no", "maybe"]),
        ) {
            let input = ApprovalInput {
                approving_council, approved_on, expires_on, warrant_issued_on, ended_on,
                end_reason, reapproval, ..ApprovalInput::default()
            };
            if let Err(e) = input.parse(&PostQualifyingRules::default(), TODAY, 1) {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }

        #[test]
        fn every_role_error_names_a_field_of_the_input(
            role in typed(&["bia", "practice_educator", "approved_clinician", "forensic_social_supervisor", "amhp"]),
            qualified_on in typed(&["2020-01-01", "2027-01-01"]),
            stage in typed(&["peps_1", "approved", "expert"]),
            last_training_on in typed(&["2026-01-01", "2026-11-21"]),
            allocations in typed(&["0", "4", "501", "some"]),
            next_report_due in typed(&["2027-01-10", "soon"]),
        ) {
            let input = RoleInput {
                role, qualified_on, stage, last_training_on, allocations, next_report_due,
                notes: String::new(),
            };
            match input.parse(1, TODAY) {
                Ok(rec) => prop_assert_eq!(rec.stage.as_str(), input.stage.trim()),
                Err(e) => {
                    prop_assert!(!e.is_empty());
                    prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
                }
            }
        }
    }
}
