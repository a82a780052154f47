//! The demo's sign-ins: one per role in the trust, and the other organisations' leads.

use crate::domain::Role;

/// (email, name, organisation index, roles, linked practitioner record)
pub(super) type DemoUser = (
    &'static str,
    &'static str,
    Option<usize>,
    Vec<Role>,
    Option<i64>,
);

/// The sign-ins, the first three linked to the first team's seniors (`seniors`).
pub(super) fn demo_users(seniors: &[i64]) -> Vec<DemoUser> {
    vec![
        (
            "practitioner@northshire.example.nhs.uk",
            "Pat Practitioner",
            Some(0),
            vec![Role::Practitioner],
            seniors.first().copied(),
        ),
        (
            "supervisor@northshire.example.nhs.uk",
            "Sam Supervisor",
            Some(0),
            vec![Role::Practitioner, Role::Supervisor],
            seniors.get(1).copied(),
        ),
        (
            "team.manager@northshire.example.nhs.uk",
            "Terry Teammanager",
            Some(0),
            vec![Role::TeamManager],
            seniors.get(2).copied(),
        ),
        (
            "psw@northshire.example.nhs.uk",
            "Priya Principal",
            Some(0),
            vec![Role::PrincipalSocialWorker],
            None,
        ),
        (
            "workforce@northshire.example.nhs.uk",
            "Wendy Workforce",
            Some(0),
            vec![Role::WorkforceLead],
            None,
        ),
        (
            "admin@northshire.example.nhs.uk",
            "Adam Admin",
            Some(0),
            vec![Role::OrgAdmin],
            None,
        ),
        (
            "dpo@northshire.example.nhs.uk",
            "Dina Dataprotection",
            Some(0),
            vec![Role::DataProtectionOfficer],
            None,
        ),
        (
            "psw@northshire-council.example.gov.uk",
            "Chris Councilpsw",
            Some(1),
            vec![Role::PrincipalSocialWorker],
            None,
        ),
        (
            "admin@harbourhouse.example.org.uk",
            "Hana Harbour",
            Some(3),
            vec![Role::OrgAdmin, Role::PrincipalSocialWorker],
            None,
        ),
        (
            "analyst@workforce.example.nhs.uk",
            "Nia National",
            None,
            vec![Role::NationalAnalyst],
            None,
        ),
        // The city council's admin answers agreements the trust proposes.
        (
            "admin@eastbridge.example.gov.uk",
            "Ellis Eastbridge",
            Some(2),
            vec![Role::OrgAdmin],
            None,
        ),
    ]
}
