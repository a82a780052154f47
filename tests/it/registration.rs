//! Registration: the register check (export in batches, import with preview and
//! confirmation in one transaction), bad files refused with nothing written, the
//! must-not-practise flag on the pages that show a person, and manual records.

use crate::helpers::*;
use serde_json::json;

/// (practitioner id, SWE number) of current trust practitioners with numbers, by id.
async fn numbered(t: &TestApp) -> Vec<(i64, String)> {
    let trust = t.org_id("R9N").await;
    mhsw::store::engine::query(format!(
        "SELECT id, swe_number FROM practitioners
         WHERE employer_org_id = {trust} AND swe_number IS NOT NULL AND end_date IS NULL ORDER BY id"
    ))
    .fetch_all(&t.db.pool)
    .await
    .unwrap()
    .iter()
    .map(|r| (r.get(0), r.get(1)))
    .collect()
}

async fn status_of(t: &TestApp, id: i64) -> Option<String> {
    mhsw::store::engine::query("SELECT status FROM registrations WHERE practitioner_id = $1")
        .bind(id)
        .fetch_optional(&t.db.pool)
        .await
        .unwrap()
        .map(|r| r.get(0))
}

/// People whose registration is plain "registered", with no annotations or conditions (the
/// demo data varies), so a file row repeating that changes nothing.
async fn registered(t: &TestApp) -> Vec<(i64, String)> {
    let mut found = Vec::new();
    for (id, n) in numbered(t).await {
        let plain: i64 = mhsw::store::engine::query_scalar(
            "SELECT COUNT(*) FROM registrations WHERE practitioner_id = $1 AND status = 'registered'
             AND NOT amhp_annotation AND NOT bia_annotation AND conditions = ''",
        )
        .bind(id)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        if plain == 1 {
            found.push((id, n));
        }
    }
    assert!(found.len() >= 3, "the demo has too few plain registrations");
    found
}

/// Sends a register file to the API for a preview.
async fn send_file(c: &Client, file: &str) -> TestResponse {
    c.send_text(
        "POST",
        "/api/v1/registration/check/imports",
        "text/csv",
        file,
    )
    .await
}

/// Confirms a previewed register check through the API.
async fn apply(c: &Client, import: i64) -> TestResponse {
    c.send_json(
        "POST",
        &format!("/api/v1/registration/check/imports/{import}/apply"),
        &json!({}),
    )
    .await
}

/// Records a status by hand through the API.
async fn record_status(c: &Client, id: i64, status: &str) -> TestResponse {
    c.send_json(
        "PUT",
        &format!("/api/v1/practitioners/{id}/registration"),
        &json!({"status": status, "last_checked_on": crate::helpers::today().to_string(),
                "checked_how": "register_search"}),
    )
    .await
}

fn messages(body: &serde_json::Value) -> Vec<String> {
    body["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["message"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn batches_hold_every_number_in_scope_at_most_one_hundred_at_a_time() {
    let t = TestApp::new().await;
    let batches = t
        .api(PSW)
        .await
        .get("/api/v1/registration/check/batches")
        .await
        .expect(200)
        .json();
    let batches = batches.as_array().unwrap();
    assert!(batches.iter().all(|b| b.as_array().unwrap().len() <= 100));
    let all: Vec<&str> = batches
        .iter()
        .flat_map(|b| b.as_array().unwrap().iter().map(|n| n.as_str().unwrap()))
        .collect();
    for (_, n) in numbered(&t).await {
        assert!(all.contains(&n.as_str()), "{n} missing from the batches");
    }
    let csv = t
        .signed_in(PSW)
        .await
        .get("/registration/check/batches/1")
        .await
        .expect(200);
    assert!(csv.body.starts_with("Registration number\r\n"));
    assert_eq!(
        csv.body.lines().count(),
        batches[0].as_array().unwrap().len() + 1
    );
}

#[tokio::test]
async fn a_register_file_is_previewed_then_applied_once_in_one_transaction() {
    let t = TestApp::new().await;
    let people = registered(&t).await;
    let (lapsing, lapsing_no) = people[0].clone();
    let (steady, steady_no) = people[1].clone();
    let steady_until: time::Date = mhsw::store::engine::query_scalar(
        "SELECT registered_until FROM registrations WHERE practitioner_id = $1",
    )
    .bind(steady)
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let (missing, missing_no) = people[2].clone();
    let until = steady_until;
    let file = format!(
        "Surname,Registration number,Status,Registered until,Conditions,Annotations\n\
         A,{lapsing_no},Lapsed,,,\n\
         B,{steady_no},Registered,{until},,\n\
         C,{missing_no},Not found,,,\n\
         D,SW9999999,Registered,30/11/2027,,\n"
    );
    let psw = t.api(PSW).await;
    let events_before = t.count("registration_events").await;
    let preview = send_file(&psw, &file).await.expect(201).json();
    // Nothing changes until it is confirmed.
    assert_eq!(status_of(&t, lapsing).await.as_deref(), Some("registered"));
    let diff = &preview["diff"];
    assert_eq!(diff["changed"].as_array().unwrap().len(), 1, "{diff}");
    assert_eq!(diff["changed"][0]["practitioner_id"], lapsing);
    assert_eq!(diff["changed"][0]["changes"][0]["to"], "Lapsed");
    assert_eq!(diff["not_on_register"][0][2], missing);
    assert_eq!(diff["not_ours"][0][1], "SW9999999");
    let id = preview["import_id"].as_i64().unwrap();

    let applied = apply(&psw, id).await.expect(200).json();
    assert_eq!(applied["changed"], 1);
    assert_eq!(status_of(&t, lapsing).await.as_deref(), Some("lapsed"));
    assert_eq!(t.count("registration_events").await, events_before + 1);
    let record = psw
        .get(&format!("/api/v1/practitioners/{lapsing}/registration"))
        .await
        .expect(200)
        .json();
    assert_eq!(record["must_not_practise"], true);
    assert_eq!(
        record["registration"]["checked_how"],
        "register_bulk_import"
    );
    assert_eq!(record["history"][0]["status_to"], "lapsed");
    // A second confirmation does nothing.
    let again = apply(&psw, id).await.expect(422).json();
    assert!(messages(&again)[0].contains("already been applied"));
    assert_eq!(t.count("registration_events").await, events_before + 1);
}

#[tokio::test]
async fn a_preview_that_no_longer_matches_the_records_is_not_applied() {
    let t = TestApp::new().await;
    let (id_a, no_a) = registered(&t).await[0].clone();
    let psw = t.api(PSW).await;
    let file = format!("Registration number,Status\n{no_a},Suspended\n");
    let preview = send_file(&psw, &file).await.expect(201).json();
    // Someone records a change by hand before the preview is confirmed.
    record_status(&psw, id_a, "lapsed").await.expect(200);
    let import = preview["import_id"].as_i64().unwrap();
    let refused = apply(&psw, import).await.expect(422).json();
    assert!(messages(&refused)[0].contains("changed after this preview"));
    assert_eq!(status_of(&t, id_a).await.as_deref(), Some("lapsed"));
}

#[tokio::test]
async fn bad_register_files_are_refused_naming_the_column_or_row_and_nothing_is_kept() {
    let t = TestApp::new().await;
    let people = registered(&t).await;
    let (no_a, no_b) = (people[0].1.clone(), people[1].1.clone());
    let psw = t.api(PSW).await;
    let cases = [
        (
            format!("Registration number,Status,Favourite colour\n{no_a},Registered,Blue\n"),
            "Column 3 (\"Favourite colour\")",
        ),
        (
            format!("Registration number,Registered until\n{no_a},30/11/2027\n"),
            "no status column",
        ),
        (
            format!(
                "Registration number,Status\n{no_a},Registered\n{no_b},Registered\n{no_a},Lapsed\n"
            ),
            "Row 4: registration number",
        ),
        (
            format!("Registration number,Status\n{no_a},Dormant\n"),
            "Row 2, status",
        ),
        ("Registration number,Status\n".to_string(), "no rows"),
    ];
    for (file, expected) in cases {
        let body = send_file(&psw, &file).await.expect(422).json();
        let m = messages(&body);
        assert!(m.iter().any(|m| m.contains(expected)), "{expected}: {m:?}");
        assert_eq!(body["errors"][0]["field"], "file");
    }
    assert_eq!(t.count("registration_imports").await, 0);
}

#[tokio::test]
async fn the_upload_page_previews_and_applies_with_the_csrf_token_in_the_multipart_form() {
    let t = TestApp::new().await;
    let (id, no) = registered(&t).await[0].clone();
    let psw = t.signed_in(PSW).await;
    let page = psw.get("/registration/check").await.expect(200);
    assert!(page.body.contains("enctype=\"multipart/form-data\""));
    let file = format!(
        "Registration number,Status,Conditions\n{no},Registered with conditions,Practise under supervision\n"
    );
    // Without the token the upload is refused.
    let mut no_token = psw.clone();
    no_token.csrf = None;
    let refused = no_token
        .post_file("/registration/check", "file", &file)
        .await;
    assert_eq!(refused.status.as_u16(), 403);
    assert_eq!(t.count("registration_imports").await, 0);

    let sent = psw
        .post_file("/registration/check", "file", &file)
        .await
        .expect(303);
    let preview = psw.get(sent.location()).await.expect(200);
    assert!(
        preview.body.contains("Practise under supervision"),
        "{}",
        preview.body
    );
    let applied = psw
        .post_form(&format!("{}/apply", sent.location()), &[])
        .await
        .expect(303);
    assert!(applied.location().starts_with("/registration?saved=check"));
    assert_eq!(
        status_of(&t, id).await.as_deref(),
        Some("registered_with_conditions")
    );
    let bad = psw
        .post_file("/registration/check", "file", "Shoe size\n9\n")
        .await
        .expect(422);
    assert!(
        bad.body.contains("Column 1 (&quot;Shoe size&quot;)"),
        "{}",
        bad.body
    );
}

#[tokio::test]
async fn a_lapsed_practitioner_is_flagged_wherever_they_are_shown_and_their_managers_alerted() {
    let t = TestApp::new().await;
    let pat: i64 = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
        ))
        .await;
    let psw_api = t.api(PSW).await;
    record_status(&psw_api, pat, "suspended").await.expect(200);
    let flag = "Must not practise";
    let family: String =
        mhsw::store::engine::query_scalar("SELECT family_name FROM practitioners WHERE id = $1")
            .bind(pat)
            .fetch_one(&t.db.pool)
            .await
            .unwrap();
    let psw = t.signed_in(PSW).await;
    for path in [
        "/".to_string(),
        "/registration".to_string(),
        format!("/practitioners/{pat}"),
        format!("/practitioners/{pat}/registration"),
        format!("/practitioners/{pat}/supervision"),
        format!("/practitioners?q={family}"),
        "/supervision".to_string(),
    ] {
        let page = psw.get(&path).await.expect(200);
        assert!(page.body.contains(flag), "{path} does not flag them");
    }
    // Their supervisor sees the flag on the dashboard; they see it on their own record.
    let sam = t.signed_in(SUPERVISOR).await;
    assert!(
        sam.get("/supervision")
            .await
            .expect(200)
            .body
            .contains(flag)
    );
    let own = t.signed_in(PRACTITIONER).await;
    assert!(
        own.get(&format!("/practitioners/{pat}"))
            .await
            .expect(200)
            .body
            .contains(flag)
    );
    // Practitioners cannot change their own registration.
    t.api(PRACTITIONER)
        .await
        .send_json(
            "PUT",
            &format!("/api/v1/practitioners/{pat}/registration"),
            &json!({"status": "registered"}),
        )
        .await
        .expect(403);
}

#[tokio::test]
async fn a_manual_record_names_each_bad_field_and_writes_nothing() {
    let t = TestApp::new().await;
    let (id, _) = registered(&t).await[0].clone();
    let events = t.count("registration_events").await;
    let body = t
        .api(WORKFORCE)
        .await
        .send_json(
            "PUT",
            &format!("/api/v1/practitioners/{id}/registration"),
            &json!({"status": "registered_with_conditions", "registered_until": "30/11/2027",
                    "last_checked_on": "2999-01-01", "checked_how": "guesswork", "annotations": ["xyz"]}),
        )
        .await
        .expect(422)
        .json();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    for f in [
        "registered_until",
        "conditions",
        "last_checked_on",
        "checked_how",
        "annotations",
    ] {
        assert!(fields.contains(&f), "{f} not named: {fields:?}");
    }
    assert_eq!(status_of(&t, id).await.as_deref(), Some("registered"));
    assert_eq!(t.count("registration_events").await, events);
    // The form shows the same messages.
    let form = t
        .signed_in(WORKFORCE)
        .await
        .post_form(
            &format!("/practitioners/{id}/registration/edit"),
            &[("status", ""), ("last_checked_on", "")],
        )
        .await
        .expect(422);
    assert!(form.body.contains("Select the status the register shows"));
}

#[tokio::test]
async fn a_file_with_many_problems_lists_the_first_hundred_and_offers_them_all_as_csv() {
    let t = TestApp::new().await;
    let psw = t.signed_in(PSW).await;
    let mut file = String::from("Registration number,Status\n");
    for i in 0..250 {
        file.push_str(&format!("NOT-A-NUMBER-{i},Registered\n"));
    }
    file.push_str("SW1,Registered,Stray field\n");
    let page = psw
        .post_file("/registration/check", "file", &file)
        .await
        .expect(422);
    assert!(
        page.body.contains("The file has 251 problems"),
        "{}",
        &page.body[..2000]
    );
    assert!(page.body.contains("The first 100 of 251 problems"));
    let listed = page.body.matches("NOT-A-NUMBER-").count();
    assert!(listed <= 100, "{listed} problems on the page");
    assert!(
        page.body.len() < 200_000,
        "a short page: {} bytes",
        page.body.len()
    );
    let link = page
        .body
        .split("href=\"/registration/check/problems/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to all the problems");
    let csv = psw
        .get(&format!("/registration/check/problems/{link}"))
        .await
        .expect(200);
    let rows: Vec<_> = csv::Reader::from_reader(csv.body.as_bytes())
        .records()
        .map(|r| r.unwrap()[0].to_string())
        .collect();
    assert_eq!(rows.len(), 251);
    assert!(
        rows.iter()
            .any(|r| r.starts_with("Row 252: has 3 fields but the headings have 2"))
    );
    // Only the person who uploaded it can read it.
    t.signed_in(WORKFORCE)
        .await
        .get(&format!("/registration/check/problems/{link}"))
        .await
        .expect(404);
    assert_eq!(t.count("registration_imports").await, 0, "nothing imported");
}

/// Interim conditions of practice restrict how a person practises, not whether: no alert and
/// no "must not practise" flag, the conditions shown to their manager. An interim suspension
/// stops practice like any suspension.
#[tokio::test]
async fn interim_conditions_are_practising_and_an_interim_suspension_is_not() {
    let t = TestApp::new().await;
    let people = registered(&t).await;
    let (conditioned, conditioned_no) = people[0].clone();
    let (suspended, suspended_no) = people[1].clone();
    let file = format!(
        "Surname,Registration number,Status,Registered until,Conditions,Annotations\n\
         A,{conditioned_no},Interim conditions of practice order,30/11/2027,Must not work as a lone worker,\n\
         B,{suspended_no},Interim suspension order,,,\n"
    );
    let psw = t.api(PSW).await;
    let preview = send_file(&psw, &file).await.expect(201).json();
    apply(&psw, preview["import_id"].as_i64().unwrap())
        .await
        .expect(200);
    assert_eq!(
        status_of(&t, conditioned).await.as_deref(),
        Some("interim_conditions")
    );
    assert_eq!(
        status_of(&t, suspended).await.as_deref(),
        Some("interim_suspension")
    );
    let record = |id: i64| {
        let psw = &psw;
        async move {
            psw.get(&format!("/api/v1/practitioners/{id}/registration"))
                .await
                .expect(200)
                .json()
        }
    };
    assert_eq!(record(conditioned).await["must_not_practise"], false);
    assert_eq!(record(suspended).await["must_not_practise"], true);

    // Alerts: the suspension is on the home page's list; the conditions are not.
    let home = t.signed_in(PSW).await.get("/").await.expect(200).body;
    let name = |id: i64| {
        let t = &t;
        async move {
            mhsw::store::engine::query_scalar::<String>(
                "SELECT family_name || ', ' || given_name FROM practitioners WHERE id = $1",
            )
            .bind(id)
            .fetch_one(&t.db.pool)
            .await
            .unwrap()
        }
    };
    let alerts = home
        .split("What needs you today")
        .next()
        .unwrap()
        .to_string();
    assert!(alerts.contains(&name(suspended).await.replace('\'', "&#x27;")));
    assert!(!alerts.contains(&name(conditioned).await.replace('\'', "&#x27;")));
    // The line manager and PSW see the conditions on the record.
    let page = t
        .signed_in(PSW)
        .await
        .get(&format!("/practitioners/{conditioned}/registration"))
        .await
        .expect(200)
        .body;
    assert!(page.contains("Practising with interim conditions"));
    assert!(page.contains("Must not work as a lone worker"));
    // Interim conditions count as registered for CPD readiness; the suspension does not.
    let cpd = psw.get("/api/v1/cpd/readiness").await.expect(200).json();
    let line = |id: i64| {
        cpd["lines"]
            .as_array()
            .unwrap()
            .iter()
            .find(|l| l["practitioner_id"] == id)
            .cloned()
            .unwrap()
    };
    assert_eq!(line(conditioned)["registered"], true);
    assert_eq!(line(suspended)["registered"], false);
}

/// Someone who joined or was restored to the register after 1 September pays the next
/// year's fee only, so they are not shown as "CPD not ready" in the renewal window.
#[tokio::test]
async fn people_restored_since_1_september_pay_the_fee_only() {
    use mhsw::domain::registration::RenewalProgress;
    let t = TestApp::new().await;
    let people = registered(&t).await;
    let (restored, _) = people[0];
    let (earlier, _) = people[1];
    for (id, on) in [
        (restored, time::macros::date!(2026 - 09 - 15)),
        (earlier, time::macros::date!(2026 - 08 - 31)),
    ] {
        mhsw::store::engine::query(
            "UPDATE registrations SET registered_until = '2026-11-30' WHERE practitioner_id = $1",
        )
        .bind(id)
        .execute(&t.db.pool)
        .await
        .unwrap();
        mhsw::store::engine::query(
            "INSERT INTO registration_events (practitioner_id, status_from, status_to, changed_on, source)
             VALUES ($1, 'lapsed', 'registered', $2, 'manual')",
        )
        .bind(id)
        .bind(on)
        .execute(&t.db.pool)
        .await
        .unwrap();
    }
    let actor = t.actor(PSW).await;
    let o = mhsw::service::registration::overview(
        &t.db,
        &t.settings,
        &actor,
        &Default::default(),
        time::macros::date!(2026 - 10 - 01),
    )
    .await
    .unwrap();
    let progress = |id: i64| {
        o.lines
            .iter()
            .find(|l| l.line.practitioner_id == id)
            .and_then(|l| l.renewal)
    };
    assert_eq!(progress(restored), Some(RenewalProgress::FeeOnly));
    assert_ne!(progress(earlier), Some(RenewalProgress::FeeOnly));
    assert!(
        o.renewal
            .iter()
            .any(|c| c.code == "fee_only" && c.count >= 1)
    );
}
