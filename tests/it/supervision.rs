//! Supervision through the API: agreements, sessions with two-party sign-off, notes only
//! for the two parties, the dashboard reacting, and bad input rejected with nothing written.

use crate::helpers::*;
use serde_json::json;

const SAM: &str = SUPERVISOR;

/// Pat's practitioner id (the demo practitioner, supervised by Sam).
async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

fn today() -> String {
    crate::helpers::today().to_string()
}

#[tokio::test]
async fn a_held_session_is_confirmed_by_the_supervisee_and_its_notes_stay_between_them() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let sam = t.api(SAM).await;
    let record = sam
        .get(&format!("/api/v1/practitioners/{pat}/supervision"))
        .await
        .expect(200)
        .json();
    assert_eq!(record["agreement"]["line_manager_name"], "Sam Supervisor");
    let created = sam
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
            &json!({"session_type": "professional", "date": today(), "held": "held",
                    "minutes": "95", "notes": "Talked about a hard case", "agreed_actions": "Book AMHP refresher"}),
        )
        .await
        .expect(201)
        .json();
    let id = created["session"]["id"].as_i64().unwrap();
    assert_eq!(created["session"]["status"], "held");
    assert_eq!(created["notes"]["notes"], "Talked about a hard case");
    // The PSW sees the session but not its notes; Pat sees both and confirms.
    let psw_view = t
        .api(PSW)
        .await
        .get(&format!("/api/v1/supervision/sessions/{id}"))
        .await
        .expect(200)
        .json();
    assert!(psw_view["notes"].is_null());
    let pat_client = t.api(PRACTITIONER).await;
    let mine = pat_client
        .get(&format!("/api/v1/supervision/sessions/{id}"))
        .await
        .expect(200)
        .json();
    assert_eq!(mine["notes"]["agreed_actions"], "Book AMHP refresher");
    let confirmed = pat_client
        .send_json(
            "POST",
            &format!("/api/v1/supervision/sessions/{id}/confirm"),
            &json!({"comment": "Agreed"}),
        )
        .await
        .expect(200)
        .json();
    assert!(confirmed["session"]["confirmed_at"].is_string());
    assert_eq!(confirmed["session"]["supervisee_comment"], "Agreed");
    let again = pat_client
        .send_json(
            "POST",
            &format!("/api/v1/supervision/sessions/{id}/confirm"),
            &json!({}),
        )
        .await
        .expect(422)
        .json();
    assert!(
        again["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("already confirmed")
    );
    // Only the supervisee confirms; the supervisor cannot sign for them.
    let other = sam
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
            &json!({"session_type": "professional", "date": today(), "held": "held", "minutes": "90"}),
        )
        .await
        .expect(201)
        .json();
    let other_id = other["session"]["id"].as_i64().unwrap();
    sam.send_json(
        "POST",
        &format!("/api/v1/supervision/sessions/{other_id}/confirm"),
        &json!({}),
    )
    .await
    .expect(403);
    // Every read of the notes is audited.
    let with_notes = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'supervision_session' AND record_id = '{id}' AND action = 'read' AND detail = 'with notes'"
        ))
        .await;
    assert!(
        with_notes >= 3,
        "creation view, Pat's read and the confirmation view"
    );
}

#[tokio::test]
async fn bad_sessions_are_rejected_by_field_and_nothing_is_written() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let sam = t.api(SAM).await;
    let before = t.count("supervision_sessions").await;
    let tomorrow = (crate::helpers::today() + time::Duration::days(1)).to_string();
    let path = format!("/api/v1/practitioners/{pat}/supervision/sessions");
    let future = sam
        .send_json("POST", &path, &json!({"session_type": "professional", "date": tomorrow, "held": "held", "minutes": "90"}))
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&future), ["date"]);
    assert!(
        future["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("future")
    );
    let zero = sam
        .send_json("POST", &path, &json!({"session_type": "professional", "date": today(), "held": "held", "minutes": "0"}))
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&zero), ["minutes"]);
    let no_type = sam
        .send_json("POST", &path, &json!({"date": today()}))
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&no_type), ["session_type"]);
    assert_eq!(t.count("supervision_sessions").await, before);
    // Planning a future session is fine.
    sam.send_json(
        "POST",
        &path,
        &json!({"session_type": "line_management", "date": tomorrow}),
    )
    .await
    .expect(201);
    assert_eq!(t.count("supervision_sessions").await, before + 1);
}

#[tokio::test]
async fn an_agreement_names_supervisors_from_the_employer_or_host_only() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let psw = t.api(PSW).await;
    let harbour_admin = t.user_id(HARBOUR_ADMIN).await;
    let sam = t.user_id(SAM).await;
    let path = format!("/api/v1/practitioners/{pat}/supervision/agreement");
    let agreements = t.count("supervision_agreements").await;
    let outsider = psw
        .send_json(
            "PUT",
            &path,
            &json!({"amhp_supervisor_user_id": sam.to_string(), "line_manager_user_id": harbour_admin.to_string(),
                    "line_manager_functions": ["decisions", "accountability", "workload", "development"]}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&outsider), ["line_manager_user_id"]);
    let uncovered = psw
        .send_json(
            "PUT",
            &path,
            &json!({"amhp_supervisor_user_id": sam.to_string(), "line_manager_user_id": sam.to_string(), "line_manager_functions": ["decisions"]}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&uncovered), ["line_manager_functions"]);
    let no_reason = psw
        .send_json(
            "PUT",
            &path,
            &json!({"amhp_supervisor_user_id": sam.to_string(), "line_manager_user_id": sam.to_string(), "interval_days": "21",
                    "line_manager_functions": ["decisions", "accountability", "workload", "development"]}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&no_reason), ["override_reason"]);
    assert_eq!(t.count("supervision_agreements").await, agreements);
    // A good one replaces the current agreement; the maker's own party is acknowledged,
    // and Sam, the new line manager, acknowledges it himself.
    let saved = psw
        .send_json(
            "PUT",
            &path,
            &json!({"amhp_supervisor_user_id": sam.to_string(), "line_manager_user_id": sam.to_string(), "interval_days": "21",
                    "override_reason": "Returning from long-term sick leave",
                    "line_manager_functions": ["decisions", "accountability", "workload", "development"]}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(saved["agreement"]["interval_days"], 21);
    assert_eq!(saved["status"]["interval_days"], 21);
    assert_eq!(saved["agreement"]["acknowledged_by"], json!([]));
    let acked = t
        .api(SAM)
        .await
        .send_json("POST", &format!("{path}/acknowledge"), &json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(
        acked["agreement"]["acknowledged_by"],
        json!(["amhp_supervisor", "line_manager"]),
        "Sam is both, so acknowledges both"
    );
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM supervision_agreements WHERE practitioner_id = {pat} AND ended_on IS NULL"
        ))
        .await,
        1,
        "one current agreement"
    );
}

#[tokio::test]
async fn the_dashboard_shows_overdue_people_and_changes_when_a_session_is_held() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    // Pat's sessions all happened long ago.
    mhsw::store::engine::query(format!(
        "DELETE FROM supervision_sessions WHERE practitioner_id = {pat}"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    mhsw::store::engine::query(format!(
        "UPDATE supervision_agreements SET starts_on = '2020-01-01' WHERE practitioner_id = {pat}"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    let sam = t.api(SAM).await;
    let row = |d: &serde_json::Value| {
        d["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["practitioner_id"] == pat)
            .cloned()
            .expect("Pat is on Sam's dashboard")
    };
    let before = sam
        .get("/api/v1/supervision/dashboard?mine=true")
        .await
        .expect(200)
        .json();
    // An agreement and no session at all: "not yet supervised", its own count, not overdue.
    assert_eq!(row(&before)["status"]["standing"], "never_supervised");
    assert_eq!(row(&before)["status"]["overdue"], false);
    assert_eq!(row(&before)["status"]["compliance_3m"], 0.0);
    assert!(before["never_supervised"].as_u64().unwrap() >= 1);
    let dashboard = || async {
        sam.get("/api/v1/supervision/dashboard?mine=true")
            .await
            .expect(200)
            .json()
    };
    // Supervised once, 60 days ago: now overdue.
    let long_ago = (crate::helpers::today() - time::Duration::days(60)).to_string();
    sam.send_json(
        "POST",
        &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
        &json!({"session_type": "professional", "date": long_ago, "held": "held", "minutes": "90"}),
    )
    .await
    .expect(201);
    let overdue = dashboard().await;
    assert_eq!(row(&overdue)["status"]["standing"], "overdue");
    assert_eq!(row(&overdue)["status"]["overdue"], true);
    assert_eq!(
        overdue["overdue"].as_u64().unwrap(),
        before["overdue"].as_u64().unwrap() + 1
    );
    assert_eq!(
        overdue["never_supervised"].as_u64().unwrap(),
        before["never_supervised"].as_u64().unwrap() - 1
    );
    sam.send_json(
        "POST",
        &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
        &json!({"session_type": "professional", "date": today(), "held": "held", "minutes": "90"}),
    )
    .await
    .expect(201);
    let after = dashboard().await;
    assert_eq!(row(&after)["status"]["standing"], "in_date");
    assert_eq!(row(&after)["status"]["overdue"], false);
    assert_eq!(row(&after)["status"]["unconfirmed"], 2);
    assert!(row(&after)["status"]["compliance_3m"].as_f64().unwrap() > 0.0);
    assert_eq!(
        after["overdue"].as_u64().unwrap(),
        before["overdue"].as_u64().unwrap()
    );
    // Everyone on Sam's own list has an agreement naming him.
    assert!(
        after["rows"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["has_agreement"] == true)
    );
}

/// Pat's flags on Sam's dashboard.
async fn pat_flags(t: &TestApp, pat: i64) -> serde_json::Value {
    let d = t
        .api(SAM)
        .await
        .get("/api/v1/supervision/dashboard?mine=true")
        .await
        .expect(200)
        .json();
    d["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["practitioner_id"] == pat)
        .expect("Pat is on Sam's dashboard")["flags"]
        .clone()
}

/// A session row straight into the database, `days_ago` days back.
async fn old_session(
    t: &TestApp,
    pat: i64,
    status: &str,
    days_ago: i64,
    rebooks: Option<i64>,
) -> i64 {
    let on = crate::helpers::today() - time::Duration::days(days_ago);
    let sam = t.user_id(SAM).await;
    mhsw::store::engine::query_scalar(
        "INSERT INTO supervision_sessions (practitioner_id, supervisor_user_id, session_type, status,
            scheduled_on, held_on, minutes, cancelled_on, cancelled_by, rebooked_from_id, created_at, updated_at)
         VALUES ($1, $2, 'professional', $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(pat)
    .bind(sam)
    .bind(status)
    .bind(on)
    .bind((status == "held").then_some(on))
    .bind((status == "held").then_some(45i64))
    .bind((status == "cancelled").then_some(on))
    .bind((status == "cancelled").then_some("supervisor"))
    .bind(rebooks)
    .bind(mhsw::domain::timestamp::Timestamp::parse(&format!("{on}T09:00:00Z")).unwrap())
    .fetch_one(&t.db.pool)
    .await
    .unwrap()
}

#[tokio::test]
async fn the_dashboard_flags_short_sessions_and_cancellations_not_rebooked_in_time() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    // Only the sessions below.
    mhsw::store::engine::query(format!(
        "DELETE FROM supervision_sessions WHERE practitioner_id = {pat}"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    let before = pat_flags(&t, pat).await;
    let count = |v: &serde_json::Value, k: &str| v[k].as_u64().unwrap();
    // A 45-minute session, under the 90-minute minimum.
    old_session(&t, pat, "held", 40, None).await;
    // A cancellation 30 days ago with no replacement: late, and still to rebook.
    old_session(&t, pat, "cancelled", 30, None).await;
    // A cancellation 20 days ago rebooked the next day: fine.
    let on_time = old_session(&t, pat, "cancelled", 20, None).await;
    old_session(&t, pat, "planned", 19, Some(on_time)).await;
    let after = pat_flags(&t, pat).await;
    assert_eq!(
        count(&after, "short_sessions"),
        count(&before, "short_sessions") + 1
    );
    assert_eq!(
        count(&after, "cancelled_not_rebooked"),
        count(&before, "cancelled_not_rebooked") + 1
    );
    assert_eq!(count(&after, "cancelled_to_rebook"), 1);
    let web = t.signed_in(SAM).await;
    let page = web.get("/supervision?mine=true").await.expect(200);
    assert!(page.body.contains("1 cancelled session to rebook"));
    // A session held since covers the gap: nothing left to act on for that cancellation,
    // though the 12 months still record it as not rebooked in time.
    old_session(&t, pat, "held", 2, None).await;
    let later = pat_flags(&t, pat).await;
    assert_eq!(count(&later, "cancelled_to_rebook"), 0);
    assert_eq!(
        count(&later, "cancelled_not_rebooked"),
        count(&after, "cancelled_not_rebooked")
    );
}

#[tokio::test]
async fn a_supervisor_named_in_an_agreement_sees_that_person_outside_their_team() {
    let t = TestApp::new().await;
    let sam = t.user_id(SAM).await;
    let sam_team = t
        .scalar_i64(&format!(
            "SELECT p.team_id FROM practitioners p JOIN users u ON u.practitioner_id = p.id WHERE u.id = {sam}"
        ))
        .await;
    let trust = t.org_id("R9N").await;
    let elsewhere = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE host_org_id = {trust} AND team_id <> {sam_team} AND end_date IS NULL"
        ))
        .await;
    let sam_api = t.api(SAM).await;
    let path = format!("/api/v1/practitioners/{elsewhere}");
    sam_api.get(&path).await.expect(404);
    t.api(PSW)
        .await
        .send_json(
            "PUT",
            &format!("{path}/supervision/agreement"),
            &json!({"line_manager_user_id": sam.to_string(),
                    "line_manager_functions": ["decisions", "accountability", "workload", "development"]}),
        )
        .await
        .expect(200);
    sam_api.get(&path).await.expect(200);
    let mine = sam_api
        .get("/api/v1/supervision/dashboard?mine=true")
        .await
        .expect(200)
        .json();
    assert!(
        mine["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["practitioner_id"] == elsewhere)
    );
}

/// A held session with a wrong date says so once, not once per reading of the date.
#[tokio::test]
async fn a_wrong_date_on_the_session_form_is_named_once() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let sam = t.signed_in(SUPERVISOR).await;
    let path = format!("/practitioners/{pat}/supervision/sessions/new");
    for (date, message) in [("31/02/2026", "The date"), ("2099-01-01", "in the future")] {
        let r = sam
            .post_form(
                &path,
                &[
                    ("session_type", "professional"),
                    ("date", date),
                    ("held", "held"),
                    ("minutes", "90"),
                ],
            )
            .await
            .expect(422);
        let summary = r
            .body
            .split("nhsuk-error-summary__list")
            .nth(1)
            .unwrap_or("");
        let summary = summary.split("</ul>").next().unwrap_or("");
        assert_eq!(
            summary.matches("href=\"#date\"").count(),
            1,
            "{date}: {summary}"
        );
        assert!(summary.contains(message), "{date}: {summary}");
    }
}

/// Each person's home page leads with what needs them today, counted as the page it links
/// to counts it: a supervisee's records to confirm, a PSW's overdue people.
#[tokio::test]
async fn the_home_page_says_what_needs_each_person_today() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let sam = t.api(SAM).await;
    sam.send_json(
        "POST",
        &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
        &json!({"session_type": "professional", "date": today(), "held": "held", "minutes": "90"}),
    )
    .await
    .expect(201);
    let record = t
        .api(PRACTITIONER)
        .await
        .get(&format!("/api/v1/practitioners/{pat}/supervision"))
        .await
        .expect(200)
        .json();
    let waiting = record["status"]["unconfirmed"].as_i64().unwrap();
    assert!(waiting >= 1);
    let home = t.signed_in(PRACTITIONER).await.get("/").await.expect(200);
    let words = if waiting == 1 {
        "supervision record is waiting for you to confirm it"
    } else {
        "supervision records are waiting for you to confirm them"
    };
    assert!(
        home.body.contains(&format!(
            "<a href=\"/practitioners/{pat}/supervision\"><strong>{waiting}</strong> {words}</a>"
        )),
        "{}",
        home.body
    );

    let dash = t
        .api(PSW)
        .await
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let overdue = dash["overdue"].as_i64().unwrap();
    let psw_home = t.signed_in(PSW).await.get("/").await.expect(200);
    assert!(psw_home.body.contains("What needs you today"));
    if overdue > 0 {
        assert!(
            psw_home.body.contains(&format!(
                "<a href=\"/supervision\"><strong><data data-figure=\"overdue-supervision\" value=\"{overdue}\">{overdue}</data></strong> "
            )),
            "the home page counts as the dashboard does"
        );
    }
    // Approvals ending and missing registrations, counted as their own pages count them.
    let pq = t
        .api(PSW)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    let ending = pq["reapproval_due"].as_array().unwrap().len();
    let reg = t
        .api(PSW)
        .await
        .get("/api/v1/registration")
        .await
        .expect(200)
        .json();
    let not_recorded = reg["not_recorded"].as_u64().unwrap();
    assert!(
        ending + not_recorded as usize > 0,
        "the demo shows at least one"
    );
    if ending > 0 {
        assert!(psw_home.body.contains(&format!(
            "<a href=\"/post-qualifying#reapproval-heading\"><strong>{ending}</strong> AMHP"
        )));
    }
    if not_recorded > 0 {
        assert!(psw_home.body.contains(&format!(
            "<a href=\"/registration?registration=not_recorded\"><strong>{not_recorded}</strong> "
        )));
    }
}

/// Only the session types that count towards professional supervision (data:
/// `session_types` `counts_towards`) keep a person in date: a line management or group
/// session is recorded, and the person stays overdue until professional supervision is held.
#[tokio::test]
async fn line_management_and_group_sessions_do_not_count_as_professional_supervision() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let dash = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let overdue = dash["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["status"]["standing"] == "overdue")
        .expect("the demo has someone overdue")["practitioner_id"]
        .as_i64()
        .unwrap();
    let path = format!("/api/v1/practitioners/{overdue}/supervision/sessions");
    let standing = || async {
        psw.get(&format!("/api/v1/practitioners/{overdue}/supervision"))
            .await
            .expect(200)
            .json()["status"]["standing"]
            .as_str()
            .unwrap()
            .to_string()
    };
    for kind in ["line_management", "group", "reflective"] {
        psw.send_json(
            "POST",
            &path,
            &json!({"session_type": kind, "date": today(), "held": "held", "minutes": "60"}),
        )
        .await
        .expect(201);
        assert_eq!(standing().await, "overdue", "{kind} does not count");
    }
    let row = |d: serde_json::Value| {
        d["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["practitioner_id"] == overdue)
            .cloned()
            .unwrap()
    };
    let after = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    assert_eq!(row(after)["status"]["standing"], "overdue");
    psw.send_json(
        "POST",
        &path,
        &json!({"session_type": "professional", "date": today(), "held": "held", "minutes": "60"}),
    )
    .await
    .expect(201);
    assert_ne!(standing().await, "overdue");
    let after = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    assert_ne!(row(after)["status"]["standing"], "overdue");
}

/// Approved AMHPs have their own AMHP supervision requirement (`[supervision] amhp_days`),
/// met only by AMHP supervision sessions and reported apart from professional supervision.
#[tokio::test]
async fn approved_amhps_are_tracked_for_amhp_supervision_apart() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let dash = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let amhps: Vec<&serde_json::Value> = dash["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["amhp_supervision"].is_null())
        .collect();
    assert!(!amhps.is_empty(), "the demo has approved AMHPs");
    assert_eq!(dash["amhps"], amhps.len());
    let not_amhp = dash["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["amhp_supervision"].is_null())
        .count();
    assert!(not_amhp > 0, "only approved AMHPs carry the requirement");
    let id = amhps[0]["practitioner_id"].as_i64().unwrap();
    let path = format!("/api/v1/practitioners/{id}/supervision/sessions");
    // Professional supervision does not meet it; AMHP supervision does, today.
    psw.send_json(
        "POST",
        &path,
        &json!({"session_type": "professional", "date": today(), "held": "held", "minutes": "60"}),
    )
    .await
    .expect(201);
    psw.send_json(
        "POST",
        &path,
        &json!({"session_type": "amhp", "date": today(), "held": "held", "minutes": "60"}),
    )
    .await
    .expect(201);
    let after = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let row = after["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["practitioner_id"] == id)
        .unwrap()
        .clone();
    assert_eq!(row["amhp_supervision"]["last_held"], today().to_string());
    assert_eq!(row["amhp_supervision"]["overdue"], false);
    let page = t
        .signed_in(PSW)
        .await
        .get("/supervision")
        .await
        .expect(200)
        .body;
    assert!(page.contains("Approved AMHPs overdue for AMHP supervision"));
    let report = psw.get("/api/v1/governance").await.expect(200).json();
    assert_eq!(report["amhps"], after["amhps"]);
    assert_eq!(
        report["amhp_supervision_overdue"],
        after["amhp_supervision_overdue"]
    );
}

#[tokio::test]
async fn the_dashboard_lists_what_needs_doing_first_in_the_api_as_on_the_page() {
    let t = TestApp::new().await;
    let urgency = |s: &str| {
        [
            "overdue",
            "never_supervised",
            "no_agreement",
            "as_agreed",
            "in_date",
        ]
        .iter()
        .position(|u| *u == s)
        .unwrap_or_else(|| panic!("unknown standing {s}"))
    };
    let d = t
        .api(PSW)
        .await
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let rows = d["rows"].as_array().unwrap();
    let order: Vec<usize> = rows
        .iter()
        .map(|r| urgency(r["status"]["standing"].as_str().unwrap()))
        .collect();
    assert!(order.windows(2).all(|w| w[0] <= w[1]), "{order:?}");
    assert!(
        order.first() < order.last(),
        "the demo has more than one standing"
    );
    // The page's first page lists the same people in the same order.
    let ids: Vec<String> = rows
        .iter()
        .take(25)
        .map(|r| r["practitioner_id"].to_string())
        .collect();
    let page = t.signed_in(PSW).await.get("/supervision").await.expect(200);
    let mut on_page: Vec<String> = Vec::new();
    for piece in page.body.split("/practitioners/").skip(1) {
        if let Some((id, rest)) = piece.split_once('/')
            && rest.starts_with("supervision\"")
            && !on_page.contains(&id.to_string())
        {
            on_page.push(id.to_string());
        }
    }
    assert_eq!(on_page, ids);
}
