//! The supervision quality pulse: the supervisee answers once, nobody else can, bad input
//! writes nothing, results appear only at the threshold, and the stored row cannot be
//! traced to a person or a session.

use crate::helpers::*;
use serde_json::json;

const TEAM_MANAGER: &str = "team.manager@northshire.example.nhs.uk";

fn answers() -> serde_json::Value {
    json!({"reflective_space": "4", "decisions_supported": "5", "wellbeing_workload": "3", "actions_clear": "4"})
}

async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

/// A session of Pat with Sam, held `days_ago` (or planned when `None`), straight into the
/// database.
async fn session(t: &TestApp, days_ago: Option<i64>) -> i64 {
    let on = crate::helpers::today() - time::Duration::days(days_ago.unwrap_or(0));
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::supervision::insert_session(
        &mut conn,
        &mhsw::store::supervision::NewSession {
            practitioner_id: pat(t).await,
            supervisor_user_id: t.user_id(SUPERVISOR).await,
            session_type: "professional".into(),
            scheduled_on: on,
            held: days_ago.map(|_| (on, 90)),
            notes: Default::default(),
            rebooked_from_id: None,
        },
    )
    .await
    .unwrap()
}

fn month() -> String {
    crate::helpers::today().to_string()[..7].to_string()
}

/// Last month (YYYY-MM): a completed month, whose responses may be released.
fn last_month() -> String {
    let today = crate::helpers::today();
    mhsw::domain::supervision::add_months_back(today, 1).to_string()[..7].to_string()
}

/// Moves every response into last month, as if the month had ended.
/// Written as any write is, in a transaction that commits, so kept results move on.
async fn month_ends(t: &TestApp) {
    let mut w = mhsw::service::write::Write::begin_command_line(&t.db, None)
        .await
        .unwrap();
    mhsw::store::engine::query("UPDATE supervision_pulse_responses SET month = $1")
        .bind(last_month())
        .execute(&mut *w)
        .await
        .unwrap();
    w.commit("update", "test", "", "the month ends")
        .await
        .unwrap();
}

/// Removes the demo's responses, so each test counts from zero.
async fn no_responses(t: &TestApp) {
    mhsw::store::engine::query("DELETE FROM supervision_pulse_responses")
        .execute(&t.db.pool)
        .await
        .unwrap();
}

/// `n` anonymous responses for a team and supervisor, as other supervisees' answers.
async fn responses(t: &TestApp, team: i64, supervisor: i64, n: usize) {
    let org = t.org_id("R9N").await;
    let mut conn = t.db.connection().await.unwrap();
    for _ in 0..n {
        let r = mhsw::store::pulse::NewResponse {
            org_id: org,
            team_id: Some(team),
            supervisor_user_id: supervisor,
            month: last_month(),
            scores: [2, 3, 4, 5],
        };
        mhsw::store::pulse::insert_response(&mut conn, &r)
            .await
            .unwrap();
    }
}

async fn pat_team(t: &TestApp) -> i64 {
    let p = pat(t).await;
    t.scalar_i64(&format!("SELECT team_id FROM practitioners WHERE id = {p}"))
        .await
}

#[tokio::test]
async fn the_supervisee_answers_once_and_nobody_else_can() {
    let t = TestApp::new().await;
    no_responses(&t).await;
    let id = session(&t, Some(3)).await;
    let path = format!("/api/v1/supervision/sessions/{id}/pulse");
    // The supervisor and the PSW cannot answer for Pat.
    t.api(SUPERVISOR)
        .await
        .send_json("POST", &path, &answers())
        .await
        .expect(403);
    t.api(PSW)
        .await
        .send_json("POST", &path, &answers())
        .await
        .expect(403);
    // Pat's session page offers the pulse; Pat answers once.
    let pat_web = t.signed_in(PRACTITIONER).await;
    let page = pat_web
        .get(&format!("/supervision/sessions/{id}"))
        .await
        .expect(200);
    assert!(page.body.contains("Tell us how this supervision went"));
    let pat_api = t.api(PRACTITIONER).await;
    let done = pat_api
        .send_json("POST", &path, &answers())
        .await
        .expect(201);
    assert_eq!(done.json()["answered"], true);
    let again = pat_api
        .send_json("POST", &path, &answers())
        .await
        .expect(422);
    assert!(again.body.contains("already answered"));
    assert_eq!(t.count("supervision_pulse_responses").await, 1);
    let page = pat_web
        .get(&format!("/supervision/sessions/{id}"))
        .await
        .expect(200);
    assert!(!page.body.contains("Tell us how this supervision went"));
    // The audit says who answered for which session, never what.
    let audited = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'supervision_pulse' AND record_id = '{id}' AND action = 'create' AND detail = 'answered'"
        ))
        .await;
    assert_eq!(audited, 1);
}

#[tokio::test]
async fn the_stored_row_holds_no_person_or_session() {
    let t = TestApp::new().await;
    no_responses(&t).await;
    let id = session(&t, Some(1)).await;
    t.api(PRACTITIONER)
        .await
        .send_json(
            "POST",
            &format!("/api/v1/supervision/sessions/{id}/pulse"),
            &answers(),
        )
        .await
        .expect(201);
    let row = mhsw::store::engine::query("SELECT * FROM supervision_pulse_responses")
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
    let mut columns = row.column_names();
    columns.sort_unstable();
    assert_eq!(
        columns,
        [
            "actions_clear",
            "decisions_supported",
            "id",
            "month",
            "org_id",
            "reflective_space",
            "supervisor_user_id",
            "team_id",
            "wellbeing_workload"
        ]
    );
    assert_eq!(row.try_get::<String, _>("month").unwrap(), month());
    assert_eq!(row.try_get::<i64, _>("decisions_supported").unwrap(), 5);
    // The id is random, not the session's or a sequence.
    assert_ne!(row.try_get::<String, _>("id").unwrap(), id.to_string());
    assert_eq!(row.try_get::<String, _>("id").unwrap().len(), 32);
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let t = TestApp::new().await;
    no_responses(&t).await;
    let answered_before = t.count("supervision_pulse_answered").await;
    let id = session(&t, Some(2)).await;
    let api = t.api(PRACTITIONER).await;
    let bad = api
        .send_json(
            "POST",
            &format!("/api/v1/supervision/sessions/{id}/pulse"),
            &json!({"reflective_space": "4", "decisions_supported": "7", "wellbeing_workload": "", "actions_clear": "1"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(
        field_errors(&bad),
        ["decisions_supported", "wellbeing_workload"]
    );
    // The form: one statement left out, the error summary links to it.
    let web = t.signed_in(PRACTITIONER).await;
    let page = web
        .post_form(
            &format!("/supervision/sessions/{id}/pulse"),
            &[
                ("reflective_space", "4"),
                ("decisions_supported", "4"),
                ("wellbeing_workload", "4"),
            ],
        )
        .await
        .expect(422);
    assert!(page.body.contains("href=\"#actions_clear\""));
    assert!(page.body.contains("nhsuk-radios__input"));
    assert_eq!(t.count("supervision_pulse_responses").await, 0);
    assert_eq!(t.count("supervision_pulse_answered").await, answered_before);
    // A planned session, or one held too long ago, cannot be answered.
    let planned = session(&t, None).await;
    let late = session(&t, Some(61)).await;
    for (s, text) in [
        (planned, "after the session has been held"),
        (late, "closed on"),
    ] {
        let r = api
            .send_json(
                "POST",
                &format!("/api/v1/supervision/sessions/{s}/pulse"),
                &answers(),
            )
            .await
            .expect(422);
        assert!(r.body.contains(text), "{}", r.body);
    }
    assert_eq!(t.count("supervision_pulse_responses").await, 0);
    // The complete form is accepted and thanks them.
    let mut full = vec![("actions_clear", "2")];
    full.extend([
        ("reflective_space", "4"),
        ("decisions_supported", "4"),
        ("wellbeing_workload", "4"),
    ]);
    let done = web
        .post_form(&format!("/supervision/sessions/{id}/pulse"), &full)
        .await
        .expect(303);
    let thanks = web.get(done.location()).await.expect(200);
    assert!(thanks.body.contains("Thank you"));
}

#[tokio::test]
async fn results_are_hidden_below_the_threshold_and_shown_at_it() {
    let t = TestApp::new().await;
    no_responses(&t).await;
    let sam = t.user_id(SUPERVISOR).await;
    let team = pat_team(&t).await;
    responses(&t, team, sam, 4).await;
    let sam_api = t.api(SUPERVISOR).await;
    let four = sam_api
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert_eq!(four["threshold"], 5);
    assert_eq!(four["supervisors"].as_array().unwrap().len(), 1);
    assert!(four["supervisors"][0]["results"].is_null());
    assert!(four["organisation"].is_null());
    assert_eq!(four["teams"].as_array().unwrap().len(), 0);
    // Pat's answer is the fifth: now Sam sees his supervisees' results as a group.
    let id = session(&t, Some(5)).await;
    t.api(PRACTITIONER)
        .await
        .send_json(
            "POST",
            &format!("/api/v1/supervision/sessions/{id}/pulse"),
            &answers(),
        )
        .await
        .expect(201);
    // This month's answers wait for the month to end, so nobody can tell Pat's apart.
    let waiting = sam_api
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert!(waiting["supervisors"][0]["results"].is_null());
    month_ends(&t).await;
    let five = sam_api
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    let results = &five["supervisors"][0]["results"];
    assert_eq!(results["responses"], 5);
    assert_eq!(results["statements"][1]["code"], "decisions_supported");
    // Four answered 3 and Pat 5: mean 3.4, counts by point.
    assert!((results["statements"][1]["mean"].as_f64().unwrap() - 3.4).abs() < 1e-9);
    assert_eq!(results["statements"][1]["counts"], json!([0, 0, 4, 0, 1]));
    let psw = t
        .api(PSW)
        .await
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert_eq!(psw["organisation"]["results"]["responses"], 5);
}

#[tokio::test]
async fn a_manager_never_sees_a_single_response() {
    let t = TestApp::new().await;
    no_responses(&t).await;
    let sam = t.user_id(SUPERVISOR).await;
    let team = pat_team(&t).await;
    let trust = t.org_id("R9N").await;
    let other_team = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM teams WHERE org_id = {trust} AND id <> {team}"
        ))
        .await;
    responses(&t, team, sam, 6).await;
    responses(&t, other_team, sam, 1).await;
    // The PSW sees the organisation and Pat's team, but nothing for the team of one.
    let psw = t
        .api(PSW)
        .await
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert_eq!(psw["organisation"]["results"]["responses"], 7);
    let teams = psw["teams"].as_array().unwrap();
    let one = teams
        .iter()
        .find(|g| g["id"] == other_team)
        .expect("the team is listed");
    assert!(one["results"].is_null());
    let six = teams.iter().find(|g| g["id"] == team).unwrap();
    assert_eq!(six["results"]["responses"], 6);
    let page = t
        .signed_in(PSW)
        .await
        .get("/supervision/pulse")
        .await
        .expect(200);
    assert!(
        page.body
            .contains("Not enough responses yet (fewer than 5)")
    );
    // The team manager sees only their own team, never the organisation.
    let tm = t
        .api(TEAM_MANAGER)
        .await
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert!(tm["organisation"].is_null());
    let tm_teams = tm["teams"].as_array().unwrap();
    assert_eq!(tm_teams.len(), 1);
    assert_eq!(tm_teams[0]["id"], team);
    assert_eq!(tm_teams[0]["results"]["responses"], 6);
    // Whatever the configuration says, a group of two is never shown.
    let mut settings = t.settings.clone();
    settings.supervision.pulse_min_responses = 1;
    let small = TestApp::with_settings(settings).await;
    no_responses(&small).await;
    let small_sam = small.user_id(SUPERVISOR).await;
    let small_team = pat_team(&small).await;
    responses(&small, small_team, small_sam, 2).await;
    let s = small
        .api(SUPERVISOR)
        .await
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert_eq!(s["threshold"], 3);
    assert!(s["supervisors"][0]["results"].is_null());
}

#[tokio::test]
async fn the_demo_shows_results_and_a_team_below_the_threshold() {
    let t = TestApp::new().await;
    let psw = t
        .api(PSW)
        .await
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert!(
        psw["organisation"]["results"]["responses"]
            .as_u64()
            .unwrap()
            >= 5
    );
    let teams = psw["teams"].as_array().unwrap();
    assert!(teams.iter().any(|g| g["results"].is_object()), "{teams:?}");
    assert!(teams.iter().any(|g| g["results"].is_null()), "{teams:?}");
    let sam = t
        .api(SUPERVISOR)
        .await
        .get("/api/v1/supervision/pulse")
        .await
        .expect(200)
        .json();
    assert!(sam["supervisors"][0]["results"].is_object(), "{sam}");
}
