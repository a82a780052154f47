//! Appraisals with a golden thread (`/appraisals`): a team manager appraises someone in
//! their team, the practitioner chooses what to share and reflects, any change clears the
//! signatures, two signatures complete it; only its two parties read it; overdue
//! appraisals show on the overview, go in reminders and reach the board report.

use crate::helpers::*;
use mhsw::domain::reference::items_of;

const PAT: &str = "practitioner@northshire.example.nhs.uk";
const TERRY: &str = "team.manager@northshire.example.nhs.uk";
const PRIYA: &str = "psw@northshire.example.nhs.uk";

async fn pat_id(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PAT}'"
    ))
    .await
}

/// Every field a complete appraisal needs, with `goal` as its one objective's goal.
fn full_form(goal: &str) -> Vec<(String, String)> {
    let mut f: Vec<(String, String)> = vec![
        ("meeting_on".into(), today().to_string()),
        (
            "objective_1".into(),
            "Lead the team's audit of Mental Health Act assessments".into(),
        ),
        ("goal_1".into(), goal.into()),
        ("measure_1".into(), "Audit reported to the MHA group".into()),
        ("need_1".into(), "Best interests assessor training".into()),
        ("action_1".into(), "University module, funded".into()),
        (
            "summary".into(),
            "A year of steady, thoughtful practice".into(),
        ),
    ];
    for d in items_of("pcf_domains") {
        f.push((format!("rating_{}", d.code), "meeting".into()));
    }
    f
}

/// Drops the demo's appraisal of Pat in progress.
async fn no_open_appraisal(t: &TestApp, pat: i64) {
    mhsw::store::engine::query(
        "DELETE FROM appraisals WHERE practitioner_id = $1 AND completed_on IS NULL",
    )
    .bind(pat)
    .execute(&t.db.pool)
    .await
    .unwrap();
}

/// Starts Pat's appraisal afresh as Terry, their team manager; its id.
async fn started(t: &TestApp) -> i64 {
    let pat = pat_id(t).await;
    no_open_appraisal(t, pat).await;
    let terry = t.signed_in(TERRY).await;
    let r = terry
        .post_form(&format!("/practitioners/{pat}/appraisals"), &[])
        .await
        .expect(303);
    r.location()
        .trim_start_matches("/appraisals/")
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_team_manager_and_a_practitioner_complete_an_appraisal_with_a_golden_thread() {
    let t = TestApp::new().await;
    let pat = pat_id(&t).await;
    let id = started(&t).await;
    let terry = t.signed_in(TERRY).await;
    // Starting again opens the same one.
    let again = terry
        .post_form(&format!("/practitioners/{pat}/appraisals"), &[])
        .await
        .expect(303);
    assert_eq!(again.location(), format!("/appraisals/{id}"));

    // Nothing to sign yet: each missing part is named.
    let r = terry
        .post_form(&format!("/appraisals/{id}/sign"), &[])
        .await
        .expect(422);
    for f in [
        "#meeting_on",
        "#objective_1",
        "#rating_professionalism",
        "#need_1",
    ] {
        assert!(r.body.contains(f), "{f} not named");
    }

    // A goal that is not offered is refused, and nothing is written.
    let bad = full_form("statement:made_up");
    let r = terry
        .post_form(&format!("/appraisals/{id}"), &pairs(&bad))
        .await
        .expect(422);
    assert!(r.body.contains("#goal_1"));
    let objectives = format!("SELECT COUNT(*) FROM appraisal_objectives WHERE appraisal_id = {id}");
    assert_eq!(t.scalar_i64(&objectives).await, 0);

    let form = full_form("statement:statutory");
    terry
        .post_form(&format!("/appraisals/{id}"), &pairs(&form))
        .await
        .expect(303);
    let page = terry.get(&format!("/appraisals/{id}")).await.expect(200);
    assert!(
        page.body.contains("Lead the team&#x27;s audit")
            || page.body.contains("Lead the team's audit")
    );
    assert!(
        page.body
            .contains("No feedback from people who use services is shared")
    );

    // Pat sees what Terry wrote and chooses evidence from their own records.
    let pat_client = t.signed_in(PAT).await;
    let page = pat_client
        .get(&format!("/appraisals/{id}"))
        .await
        .expect(200);
    assert!(
        page.body.contains("Statutory social work"),
        "the goal by name"
    );
    assert!(
        page.body.contains("value=\"feedback:0\""),
        "Pat has feedback to share"
    );
    let cpd = t
        .scalar_i64(&format!(
            "SELECT MAX(id) FROM cpd_records WHERE practitioner_id = {pat} AND status = 'submitted' AND activity_on >= '{}'",
            today() - time::Duration::days(300)
        ))
        .await;
    let cpd_choice = format!("cpd:{cpd}");
    assert!(page.body.contains(&format!("value=\"{cpd_choice}\"")));
    // Someone else's record is refused.
    pat_client
        .post_form(
            &format!("/appraisals/{id}/evidence"),
            &[("evidence", "cpd:999999")],
        )
        .await
        .expect(422);
    pat_client
        .post_form(
            &format!("/appraisals/{id}/evidence"),
            &[
                ("evidence", "feedback:0"),
                ("evidence", cpd_choice.as_str()),
                (
                    "reflection",
                    "Caseload pressure in the spring; the team noticed and helped.",
                ),
            ],
        )
        .await
        .expect(303);
    // Pat may not write the appraiser's part.
    pat_client
        .post_form(&format!("/appraisals/{id}"), &pairs(&form))
        .await
        .expect(403);

    let page = terry.get(&format!("/appraisals/{id}")).await.expect(200);
    assert!(page.body.contains("Caseload pressure in the spring"));
    assert!(
        page.body
            .contains("Feedback from people who use services and carers:")
    );
    assert!(
        !page.body.contains("value=\"feedback:0\""),
        "the appraiser gets no choices"
    );

    // A change after a signature clears it.
    terry
        .post_form(&format!("/appraisals/{id}/sign"), &[])
        .await
        .expect(303);
    let signed = format!(
        "SELECT COUNT(*) FROM appraisals WHERE id = {id} AND appraiser_signed_on IS NOT NULL"
    );
    assert_eq!(t.scalar_i64(&signed).await, 1);
    pat_client
        .post_form(
            &format!("/appraisals/{id}/evidence"),
            &[("evidence", "feedback:0"), ("reflection", "Shorter.")],
        )
        .await
        .expect(303);
    assert_eq!(t.scalar_i64(&signed).await, 0, "signatures cleared");

    // Both sign: complete, and it no longer changes.
    let r = terry
        .post_form(&format!("/appraisals/{id}/sign"), &[])
        .await
        .expect(303);
    assert!(r.location().ends_with("saved=signed"));
    let r = pat_client
        .post_form(&format!("/appraisals/{id}/sign"), &[])
        .await
        .expect(303);
    assert!(r.location().ends_with("saved=complete"));
    let r = terry
        .post_form(&format!("/appraisals/{id}"), &pairs(&form))
        .await
        .expect(422);
    assert!(r.body.contains("can no longer change"));

    let json = t
        .api(TERRY)
        .await
        .get("/api/v1/appraisals")
        .await
        .expect(200)
        .json();
    let line = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["practitioner_id"] == pat)
        .unwrap()
        .clone();
    assert_eq!(line["last_completed"], today().to_string());
    assert_eq!(line["standing"]["standing"], "in_date");

    let mine = pat_client.get("/my-appraisals").await.expect(200);
    assert!(mine.body.contains("In date"));
    let audited = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'appraisal' AND record_id = '{id}' AND action = 'read'"
        ))
        .await;
    assert!(audited >= 3, "every read is audited");
}

#[tokio::test]
async fn only_the_two_parties_read_an_appraisal() {
    let t = TestApp::new().await;
    let id = started(&t).await;
    let terry = t.signed_in(TERRY).await;
    terry
        .post_form(
            &format!("/appraisals/{id}"),
            &pairs(&full_form("statement:amhps")),
        )
        .await
        .expect(303);
    // The PSW sees dates on the overview, never what the appraisal says.
    let priya = t.signed_in(PRIYA).await;
    priya.get(&format!("/appraisals/{id}")).await.expect(404);
    t.api(PRIYA)
        .await
        .get(&format!("/api/v1/appraisals/{id}"))
        .await
        .expect(404);
    let overview = priya.get("/appraisals").await.expect(200);
    assert!(!overview.body.contains("Mental Health Act assessments"));
    assert!(
        overview.body.contains("The vital role of AMHPs"),
        "the thread names goals"
    );
    // A supervisor in the same team gets not found; an admin may not ask.
    t.signed_in("supervisor@northshire.example.nhs.uk")
        .await
        .get(&format!("/appraisals/{id}"))
        .await
        .expect(404);
    t.signed_in("admin@northshire.example.nhs.uk")
        .await
        .get(&format!("/appraisals/{id}"))
        .await
        .expect(403);
}

#[tokio::test]
async fn a_team_manager_appraises_only_their_own_team() {
    let t = TestApp::new().await;
    let terry_team = t
        .scalar_i64(&format!(
            "SELECT p.team_id FROM users u JOIN practitioners p ON p.id = u.practitioner_id WHERE u.email = '{TERRY}'"
        ))
        .await;
    let trust = t.org_id("R9N").await;
    let elsewhere = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE host_org_id = {trust} AND team_id <> {terry_team} AND end_date IS NULL"
        ))
        .await;
    let terry = t.signed_in(TERRY).await;
    terry
        .post_form(&format!("/practitioners/{elsewhere}/appraisals"), &[])
        .await
        .expect(404);
    // Nor themselves.
    let own = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE email = '{TERRY}'"
        ))
        .await;
    let r = terry
        .post_form(&format!("/practitioners/{own}/appraisals"), &[])
        .await
        .expect(422);
    assert!(r.body.contains("You cannot appraise yourself"));
    // The PSW may appraise anyone in the organisation; then the team manager cannot start
    // a second one for the same person.
    let pat = pat_id(&t).await;
    no_open_appraisal(&t, pat).await;
    t.signed_in(PRIYA)
        .await
        .post_form(&format!("/practitioners/{pat}/appraisals"), &[])
        .await
        .expect(303);
    let r = terry
        .post_form(&format!("/practitioners/{pat}/appraisals"), &[])
        .await
        .expect(422);
    assert!(
        r.body
            .contains("already has an appraisal in progress with Priya Principal")
    );
    let open = format!(
        "SELECT COUNT(*) FROM appraisals WHERE practitioner_id = {pat} AND completed_on IS NULL"
    );
    assert_eq!(t.scalar_i64(&open).await, 1);
}

/// Subjects of the delivered messages to `to`.
fn subjects_to(mail: &[crate::mailserver::Delivered], to: &str) -> Vec<String> {
    mail.iter()
        .filter(|m| m.to.iter().any(|r| r == to))
        .map(|m| m.header("Subject"))
        .collect()
}

#[tokio::test]
async fn an_overdue_appraisal_shows_on_the_overview_and_is_reminded_once() {
    let mail = crate::mailserver::MailServer::start();
    let t = TestApp::with_settings(mail.settings()).await;
    let pat = pat_id(&t).await;
    let started = today() - time::Duration::days(800);
    mhsw::store::engine::query("UPDATE practitioners SET start_date = $1 WHERE id = $2")
        .bind(started)
        .bind(pat)
        .execute(&t.db.pool)
        .await
        .unwrap();
    mhsw::store::engine::query("DELETE FROM appraisals WHERE practitioner_id = $1")
        .bind(pat)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let json = t
        .api(TERRY)
        .await
        .get("/api/v1/appraisals")
        .await
        .expect(200)
        .json();
    let line = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["practitioner_id"] == pat)
        .unwrap()
        .clone();
    assert_eq!(line["standing"]["standing"], "overdue");
    let overdue = json["people"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["standing"]["standing"] == "overdue")
        .count();
    assert_eq!(json["overdue"], overdue, "the count is the people listed");
    let team_overdue: u64 = json["by_team"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["overdue"].as_u64().unwrap())
        .sum();
    assert_eq!(team_overdue as usize, overdue, "teams add up");

    mhsw::service::reminders::run_once(&t.db, &t.settings, today())
        .await
        .unwrap();
    let got = mail.take();
    assert!(subjects_to(&got, PAT).contains(&"Your appraisal is overdue".to_string()));
    // Sent once, however often the job runs.
    mhsw::service::reminders::run_once(&t.db, &t.settings, today())
        .await
        .unwrap();
    assert!(
        !subjects_to(&mail.take(), PAT)
            .iter()
            .any(|s| s.contains("appraisal")),
        "not sent twice"
    );
}

#[tokio::test]
async fn the_overview_pages_its_people_overdue_first() {
    let t = TestApp::new().await;
    let json = t
        .api(PRIYA)
        .await
        .get("/api/v1/appraisals")
        .await
        .expect(200)
        .json();
    let people = json["people"].as_array().unwrap();
    assert!(people.len() > 25, "the demo trust has more than a page");
    let standings: Vec<&str> = people
        .iter()
        .map(|p| p["standing"]["standing"].as_str().unwrap())
        .collect();
    let first_not_overdue = standings.iter().position(|s| *s != "overdue").unwrap();
    assert!(first_not_overdue > 0, "someone in the demo is overdue");
    assert!(
        standings[first_not_overdue..]
            .iter()
            .all(|s| *s != "overdue"),
        "overdue first: {standings:?}"
    );
    let priya = t.signed_in(PRIYA).await;
    let page = priya.get("/appraisals").await.expect(200);
    assert!(page.body.contains(&format!("1 to 25 of {}", people.len())));
    assert!(page.body.contains("?page=2"));
    let second = priya.get("/appraisals?page=2").await.expect(200);
    assert!(people.len() <= 50, "two pages in the demo trust");
    let last = people.last().unwrap()["name"]
        .as_str()
        .unwrap()
        .replace('\'', "&#x27;");
    assert!(second.body.contains(&last), "{last} is on the last page");
}

#[tokio::test]
async fn a_team_of_newcomers_has_no_rate_yet() {
    let t = TestApp::new().await;
    let team = t
        .scalar_i64(&format!(
            "SELECT p.team_id FROM users u JOIN practitioners p ON p.id = u.practitioner_id WHERE u.email = '{TERRY}'"
        ))
        .await;
    mhsw::store::engine::query(
        "DELETE FROM appraisals WHERE practitioner_id IN (SELECT id FROM practitioners WHERE team_id = $1)",
    )
    .bind(team)
    .execute(&t.db.pool)
    .await
    .unwrap();
    mhsw::store::engine::query("UPDATE practitioners SET start_date = $1 WHERE team_id = $2")
        .bind(today() - time::Duration::days(10))
        .bind(team)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let page = t
        .signed_in(TERRY)
        .await
        .get("/appraisals")
        .await
        .expect(200);
    assert!(page.body.contains("None due yet"));
    assert!(page.body.contains("First due"));
}
