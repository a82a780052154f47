use super::*;

fn actor(roles: &[Role]) -> Actor {
    Actor {
        user_id: 1,
        email: "a@b.uk".into(),
        display_name: "A".into(),
        org_id: Some(1),
        roles: roles.to_vec(),
        practitioner_id: Some(9),
        team_id: Some(3),
        request_id: String::new(),
    }
}

#[test]
fn only_the_workforce_lead_sees_equality_data_per_person() {
    for role in Role::ALL {
        assert_eq!(
            actor(&[role]).can(Capability::ViewEqualityData),
            role == Role::WorkforceLead
        );
    }
}

#[test]
fn scopes_widen_with_roles() {
    assert_eq!(
        practitioner_scope(&actor(&[Role::Practitioner])),
        PractitionerScope::Own(9)
    );
    assert_eq!(
        practitioner_scope(&actor(&[Role::Practitioner, Role::Supervisor])),
        PractitionerScope::Team {
            team_id: Some(3),
            own: Some(9),
            user_id: 1
        }
    );
    // A supervisor with no practitioner record of their own still sees the people whose
    // agreements name them.
    let mut outside = actor(&[Role::Supervisor]);
    outside.practitioner_id = None;
    outside.team_id = None;
    assert_eq!(
        practitioner_scope(&outside),
        PractitionerScope::Team {
            team_id: None,
            own: None,
            user_id: 1
        }
    );
    assert_eq!(
        practitioner_scope(&actor(&[Role::Supervisor, Role::OrgAdmin])),
        PractitionerScope::Organisation(1)
    );
    let mut analyst = actor(&[Role::NationalAnalyst]);
    analyst.org_id = None;
    assert_eq!(practitioner_scope(&analyst), PractitionerScope::Nothing);
}
