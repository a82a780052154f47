//! A team's skills audit and role-clarity reviews (`/teams/{id}/skills`): the team's own
//! manager runs the audit and records the review, gaps follow the records, another
//! team's manager may read but not change it, and the board report counts teams in date.

use crate::helpers::*;
use mhsw::domain::Role;

#[tokio::test]
async fn a_team_manager_audits_skills_and_records_a_role_clarity_review() {
    let t = TestApp::new().await;
    let manager = t.user_with_roles(&[Role::TeamManager]).await;
    let team = t
        .scalar_i64(&format!(
            "SELECT p.team_id FROM users u JOIN practitioners p ON p.id = u.practitioner_id WHERE u.email = '{manager}'"
        ))
        .await;
    let people = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM practitioners WHERE team_id = {team} AND end_date IS NULL"
        ))
        .await;
    let amhps = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM practitioners WHERE team_id = {team} AND end_date IS NULL AND pq_roles LIKE '%amhp%'"
        ))
        .await;
    let first = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE team_id = {team} AND end_date IS NULL"
        ))
        .await;
    let tm = t.signed_in(&manager).await;
    let page = tm.get(&format!("/teams/{team}/skills")).await.expect(200);
    assert!(page.body.contains("Not done yet"));

    // A need that is not a number is named; nothing is saved.
    let r = tm
        .post_form(
            &format!("/teams/{team}/skills"),
            &[("needed_amhp", "several")],
        )
        .await
        .expect(422);
    assert!(r.body.contains("#needed_amhp"));
    assert_eq!(t.count("team_skill_audits").await, 0);
    // A skill marked for someone outside the team is refused.
    tm.post_form(
        &format!("/teams/{team}/skills"),
        &[("held", "999999:family_work")],
    )
    .await
    .expect(422);

    let need = (amhps + 2).to_string();
    let held = format!("{first}:family_work");
    tm.post_form(
        &format!("/teams/{team}/skills"),
        &[
            ("needed_amhp", need.as_str()),
            ("needed_family_work", "1"),
            ("held", held.as_str()),
        ],
    )
    .await
    .expect(303);
    let json = t
        .api(&manager)
        .await
        .get(&format!("/api/v1/teams/{team}/skills"))
        .await
        .expect(200)
        .json();
    let line = |code: &str| {
        json["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["code"] == code)
            .unwrap()
            .clone()
    };
    assert_eq!(line("amhp")["held"], amhps, "AMHPs from the records");
    assert_eq!(line("amhp")["gap"], 2);
    assert_eq!(
        (
            line("family_work")["held"].as_i64(),
            line("family_work")["gap"].as_i64()
        ),
        (Some(1), Some(0))
    );
    assert_eq!(json["members"].as_array().unwrap().len() as i64, people);
    assert_eq!(json["audit"]["standing"], "done");

    // The review: each problem named, then recorded with its actions.
    let r = tm
        .post_form(&format!("/teams/{team}/role-clarity"), &[("held_on", "")])
        .await
        .expect(422);
    for f in ["#held_on", "#found", "#actions"] {
        assert!(r.body.contains(f), "{f}");
    }
    let day = today().to_string();
    tm.post_form(
        &format!("/teams/{team}/role-clarity"),
        &[
            ("held_on", day.as_str()),
            ("found", "Duty and AMHP rota roles overlap on Mondays"),
            (
                "actions",
                "One named duty worker each day; AMHPs off duty that day",
            ),
        ],
    )
    .await
    .expect(303);
    let page = tm.get(&format!("/teams/{team}/skills")).await.expect(200);
    assert!(page.body.contains("One named duty worker each day"));

    // Another team's manager reads it but may not change it.
    let other_team = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM teams WHERE org_id = (SELECT org_id FROM teams WHERE id = {team}) AND id <> {team}"
        ))
        .await;
    let other = tm
        .get(&format!("/teams/{other_team}/skills"))
        .await
        .expect(200);
    assert!(!other.body.contains("Save the audit"));
    tm.post_form(
        &format!("/teams/{other_team}/skills"),
        &[("needed_amhp", "1")],
    )
    .await
    .expect(403);
    // A practitioner may not read it.
    t.signed_in(PRACTITIONER)
        .await
        .get(&format!("/teams/{team}/skills"))
        .await
        .expect(403);

    // The board report counts this team as audited and reviewed.
    let report = t
        .api(PSW)
        .await
        .get("/api/v1/board-report?months=3")
        .await
        .expect(200)
        .json();
    let teams = t
        .scalar_i64("SELECT COUNT(*) FROM teams WHERE org_id = (SELECT org_id FROM users WHERE email = 'psw@northshire.example.nhs.uk')")
        .await;
    let want = format!("1 of {teams} (");
    let found = report["sections"][0]["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["label"] == "Teams with a skills audit in date")
        .unwrap()["now"]["text"]
        .clone();
    assert!(found.as_str().unwrap().starts_with(&want), "{found}");
    // And the self-assessment's evidence for criteria 1.21, 3.2 and 3.3 says the same.
    let org = t.org_id("R9N").await;
    let evidence =
        mhsw::service::self_assessment::evidence::figures(&t.db, &t.settings, org, today())
            .await
            .unwrap();
    for key in ["team_skills_audited", "role_clarity_reviewed"] {
        let f = &evidence[key];
        assert_eq!(
            (f.numerator, f.denominator),
            (Some(1), Some(teams)),
            "{key}"
        );
    }
}
