//! The roles a user can hold. What each role may do lives in `crate::policy`, not here.

use serde::{Deserialize, Serialize};

/// A role held in one organisation (the national analyst holds no organisation).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Practitioner,
    Supervisor,
    TeamManager,
    PrincipalSocialWorker,
    WorkforceLead,
    OrgAdmin,
    /// Answers subject access requests and oversees the retention schedule.
    DataProtectionOfficer,
    NationalAnalyst,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Practitioner,
        Role::Supervisor,
        Role::TeamManager,
        Role::PrincipalSocialWorker,
        Role::WorkforceLead,
        Role::OrgAdmin,
        Role::DataProtectionOfficer,
        Role::NationalAnalyst,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Practitioner => "practitioner",
            Role::Supervisor => "supervisor",
            Role::TeamManager => "team_manager",
            Role::PrincipalSocialWorker => "principal_social_worker",
            Role::WorkforceLead => "workforce_lead",
            Role::OrgAdmin => "org_admin",
            Role::DataProtectionOfficer => "data_protection_officer",
            Role::NationalAnalyst => "national_analyst",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Practitioner => "Practitioner",
            Role::Supervisor => "Supervisor",
            Role::TeamManager => "Team manager",
            Role::PrincipalSocialWorker => "Principal social worker",
            Role::WorkforceLead => "HR or workforce lead",
            Role::OrgAdmin => "Organisation admin",
            Role::DataProtectionOfficer => "Data protection officer",
            Role::NationalAnalyst => "National workforce analyst",
        }
    }

    pub fn parse(code: &str) -> Result<Role, super::ParseError> {
        Role::ALL
            .into_iter()
            .find(|r| r.code() == code.trim())
            .ok_or_else(|| format!("'{code}' is not a role"))
    }
}
