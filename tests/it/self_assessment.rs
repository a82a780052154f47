//! The organisational self-assessment: opening a cycle, rating with evidence (refusals for
//! ratings off the scale and bad links, nothing written), leads and who may rate, sign-off
//! refused while criteria are unanswered or nobody took part, then locked; the next cycle
//! starts from the last one's answers and compares with it; the action plan; the pages and
//! exports; another organisation sees nothing.

use crate::helpers::*;
use calamine::Reader;
use serde_json::{Value, json};

/// The LGA framework: the demo signs off HEE cycles, so tests here start from nothing.
const LGA: &str = "lga-employer-standards";

async fn open(api: &Client, framework: &str) -> Value {
    api.send_json(
        "POST",
        "/api/v1/self-assessment/cycles",
        &json!({ "framework_code": framework }),
    )
    .await
    .expect(201)
    .json()
}

fn criteria(cycle: &Value) -> Vec<String> {
    cycle["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["criteria"].as_array().unwrap().iter())
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

async fn rate(api: &Client, id: i64, code: &str, rating: &str) -> TestResponse {
    api.send_json(
        "PUT",
        &format!("/api/v1/self-assessment/cycles/{id}/criteria/{code}"),
        &json!({ "rating": rating, "evidence": format!("Evidence for {code}"), "links": "https://intranet.example.nhs.uk/policy" }),
    )
    .await
}

async fn rate_all(api: &Client, id: i64, codes: &[String], rating: &str) {
    for c in codes {
        rate(api, id, c, rating).await.expect(200);
    }
}

async fn add_participant(api: &Client, id: i64) {
    api.send_json(
        "POST",
        &format!("/api/v1/self-assessment/cycles/{id}/participants"),
        &json!({ "kind": "service_user", "description": "Expert by experience panel", "people": "6" }),
    )
    .await
    .expect(201);
}

#[tokio::test]
async fn a_cycle_is_rated_signed_off_by_the_psw_and_then_locked() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let cycle = open(&psw, LGA).await;
    let id = cycle["cycle"]["id"].as_i64().unwrap();
    let codes = criteria(&cycle);
    assert_eq!(cycle["domains"].as_array().unwrap().len(), 8);
    // Sign-off is refused while criteria are unrated and nobody is recorded as taking part.
    let r = psw
        .send_json(
            "POST",
            &format!("/api/v1/self-assessment/cycles/{id}/sign-off"),
            &json!({}),
        )
        .await
        .expect(422)
        .json();
    let text = r.to_string();
    assert!(
        text.contains(&format!(
            "{} of {} criteria are not rated yet",
            codes.len(),
            codes.len()
        )),
        "{text}"
    );
    assert!(text.contains("Record who took part"), "{text}");
    rate_all(&psw, id, &codes[1..], "3").await;
    add_participant(&psw, id).await;
    let r = psw
        .send_json(
            "POST",
            &format!("/api/v1/self-assessment/cycles/{id}/sign-off"),
            &json!({}),
        )
        .await
        .expect(422)
        .json();
    assert!(r.to_string().contains(&format!(
        "1 of {} criteria are not rated yet ({})",
        codes.len(),
        codes[0]
    )));
    rate(&psw, id, &codes[0], "1").await.expect(200);
    let signed = psw
        .send_json(
            "POST",
            &format!("/api/v1/self-assessment/cycles/{id}/sign-off"),
            &json!({}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(signed["cycle"]["status"], "signed_off");
    assert_eq!(signed["unanswered"].as_array().unwrap().len(), 0);
    // Locked: no rating changes, no leads, no participants.
    let r = rate(&psw, id, &codes[0], "4").await.expect(422).json();
    assert_eq!(field_errors(&r), ["rating"]);
    assert!(r.to_string().contains("is locked"));
    add_participant_refused(&psw, id).await;
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT rating FROM sa_answers WHERE cycle_id = {id} AND criterion_code = '{}'",
            codes[0]
        ))
        .await,
        1
    );
    assert_eq!(
        t.scalar_i64(&format!("SELECT COUNT(*) FROM audit_log WHERE record_type = 'self_assessment_cycle' AND record_id = '{id}' AND action = 'sign_off'")).await,
        1
    );
}

async fn add_participant_refused(api: &Client, id: i64) {
    api.send_json(
        "POST",
        &format!("/api/v1/self-assessment/cycles/{id}/participants"),
        &json!({ "kind": "staff", "description": "Team managers" }),
    )
    .await
    .expect(422);
}

#[tokio::test]
async fn ratings_off_the_scale_and_bad_links_are_refused_and_nothing_is_written() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let cycle = open(&psw, LGA).await;
    let id = cycle["cycle"]["id"].as_i64().unwrap();
    let code = &criteria(&cycle)[0];
    let path = format!("/api/v1/self-assessment/cycles/{id}/criteria/{code}");
    for bad in ["0", "5", "2.5", "three", "na"] {
        let r = psw
            .send_json("PUT", &path, &json!({ "rating": bad, "evidence": "x" }))
            .await
            .expect(422)
            .json();
        assert_eq!(field_errors(&r), ["rating"], "{bad}");
        let text = r.to_string();
        if bad == "na" {
            assert!(text.contains("no \\\"not applicable\\\""), "{text}");
        } else {
            assert!(
                text.contains("Choose a rating from 1 (Not in place) to 4 (Fully in place)"),
                "{text}"
            );
        }
    }
    let r = psw
        .send_json(
            "PUT",
            &path,
            &json!({ "rating": "2", "links": "https://a.example.nhs.uk/x\nnot a link" }),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&r), ["links"]);
    assert!(r.to_string().contains("Link 2 must be a web address"));
    expect_refused(
        &psw,
        "PUT",
        &path,
        &json!({ "rating": "2", "colour": "red" }),
        &["colour"],
    )
    .await;
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM sa_answers WHERE cycle_id = {id}"
        ))
        .await,
        0
    );
    // The page names the field too, with the error summary.
    let web = t.signed_in(PSW).await;
    let page = web
        .post_form(
            &format!("/self-assessment/cycles/{id}/criteria/{code}"),
            &[("rating", "7")],
        )
        .await
        .expect(422);
    assert!(page.body.contains("There is a problem"));
    assert!(page.body.contains("href=\"#rating\""));
    // And a sign-off with unrated criteria, on the page.
    let page = web
        .post_form(&format!("/self-assessment/cycles/{id}/sign-off"), &[])
        .await
        .expect(422);
    assert!(page.body.contains("criteria are not rated yet"));
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM sa_cycles WHERE id = {id} AND status = 'open'"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn only_a_domains_lead_or_the_psw_rates_it() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let cycle = open(&psw, LGA).await;
    let id = cycle["cycle"]["id"].as_i64().unwrap();
    let first_domain = cycle["domains"][0]["criteria"][0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let second_domain = cycle["domains"][1]["criteria"][0]["code"]
        .as_str()
        .unwrap()
        .to_string();
    let pat = t.api(PRACTITIONER).await;
    rate(&pat, id, &first_domain, "2").await.expect(403);
    let pat_user = t.user_id(PRACTITIONER).await;
    let domain = cycle["domains"][0]["code"].as_str().unwrap();
    let r = psw
        .send_json(
            "PUT",
            &format!("/api/v1/self-assessment/cycles/{id}/leads"),
            &json!({ domain: pat_user.to_string() }),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r["domains"][0]["lead"]["user_id"], pat_user);
    rate(&pat, id, &first_domain, "2").await.expect(200);
    rate(&pat, id, &second_domain, "2").await.expect(403);
    // A user from another organisation cannot be named a lead.
    let harbour = t.user_id(HARBOUR_ADMIN).await;
    expect_refused(
        &psw,
        "PUT",
        &format!("/api/v1/self-assessment/cycles/{id}/leads"),
        &json!({ domain: harbour.to_string() }),
        &[&format!("lead_{domain}")],
    )
    .await;
    // Another organisation's people do not find the cycle at all.
    t.api(HARBOUR_ADMIN)
        .await
        .get(&format!("/api/v1/self-assessment/cycles/{id}"))
        .await
        .expect(404);
    t.signed_in(COUNCIL_PSW)
        .await
        .get(&format!("/self-assessment/cycles/{id}"))
        .await
        .expect(404);
}

#[tokio::test]
async fn the_next_cycle_starts_from_the_last_ones_answers_and_compares_with_it() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let first = open(&psw, LGA).await;
    let id1 = first["cycle"]["id"].as_i64().unwrap();
    let codes = criteria(&first);
    rate_all(&psw, id1, &codes, "2").await;
    add_participant(&psw, id1).await;
    // Only one open cycle per framework.
    expect_refused(
        &psw,
        "POST",
        "/api/v1/self-assessment/cycles",
        &json!({ "framework_code": LGA }),
        &["framework_code"],
    )
    .await;
    psw.send_json(
        "POST",
        &format!("/api/v1/self-assessment/cycles/{id1}/sign-off"),
        &json!({}),
    )
    .await
    .expect(200);
    let second = open(&psw, LGA).await;
    let id2 = second["cycle"]["id"].as_i64().unwrap();
    assert_eq!(second["cycle"]["carried_from_cycle_id"], id1);
    assert_eq!(second["rated"].as_u64().unwrap() as usize, codes.len());
    assert_eq!(
        second["carried_forward_unreviewed"].as_u64().unwrap() as usize,
        codes.len()
    );
    assert_eq!(
        second["participants"].as_array().unwrap().len(),
        0,
        "who took part is recorded afresh"
    );
    rate(&psw, id2, &codes[0], "4").await.expect(200);
    rate(&psw, id2, &codes[1], "1").await.expect(200);
    let v = psw
        .get(&format!("/api/v1/self-assessment/cycles/{id2}"))
        .await
        .expect(200)
        .json();
    assert_eq!(v["compared_with"]["id"], id1);
    let changes: Vec<&str> = v["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["criteria"].as_array().unwrap().iter())
        .map(|c| c["change"].as_str().unwrap())
        .collect();
    assert_eq!(changes[0], "better");
    assert_eq!(changes[1], "worse");
    assert_eq!(
        changes.iter().filter(|c| **c == "unchanged").count(),
        codes.len() - 2
    );
    assert_eq!(
        v["carried_forward_unreviewed"].as_u64().unwrap() as usize,
        codes.len() - 2
    );
    let web = t.signed_in(PSW).await;
    let page = web
        .get(&format!("/self-assessment/cycles/{id2}/compare"))
        .await
        .expect(200);
    assert!(page.body.contains(">Better<") && page.body.contains(">Worse<"));
    assert!(
        page.body.contains("Better 1") && page.body.contains("Worse 1"),
        "the counts"
    );
    // Comparing with a cycle on another framework is refused, naming the field.
    let hee = open(&psw, "swbmh-mental-health-adapted").await["cycle"]["id"]
        .as_i64()
        .unwrap();
    expect_refused(
        &psw,
        "GET",
        &format!("/api/v1/self-assessment/cycles/{id2}?with={hee}"),
        &json!(null),
        &["compare_with"],
    )
    .await;
}

#[tokio::test]
async fn actions_have_an_owner_a_due_date_notes_and_show_when_overdue() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let cycle = open(&psw, LGA).await;
    let id = cycle["cycle"]["id"].as_i64().unwrap();
    let code = criteria(&cycle)[0].clone();
    let path = format!("/api/v1/self-assessment/cycles/{id}/actions");
    let pat = t.user_id(PRACTITIONER).await;
    let today = crate::helpers::today();
    let actions_before = t.count("sa_actions").await;
    let overdue_before = psw
        .get("/api/v1/self-assessment/actions")
        .await
        .expect(200)
        .json()["counts"]["overdue"]
        .as_i64()
        .unwrap();
    expect_refused(
        &psw,
        "POST",
        &path,
        &json!({ "criterion_code": "nope", "title": "", "owner_user_id": "999999", "due_on": (today - time::Duration::days(1)).to_string() }),
        &["criterion_code", "title", "owner_user_id", "due_on"],
    )
    .await;
    assert_eq!(
        t.count("sa_actions").await,
        actions_before,
        "nothing written"
    );
    let due = (today + time::Duration::days(30)).to_string();
    let a = psw
        .send_json("POST", &path, &json!({ "criterion_code": code, "title": "Publish average caseloads", "owner_user_id": pat.to_string(), "due_on": due }))
        .await
        .expect(201)
        .json();
    let action = a["action"]["id"].as_i64().unwrap();
    assert_eq!(a["status_label"], "Not started");
    // The owner updates it with a note; someone else in the organisation may not.
    let update = json!({ "status": "in_progress", "due_on": due, "owner_user_id": pat.to_string(), "note": "Draft with the data team" });
    t.api(SUPERVISOR)
        .await
        .send_json(
            "PUT",
            &format!("/api/v1/self-assessment/actions/{action}"),
            &update,
        )
        .await
        .expect(403);
    let v = t
        .api(PRACTITIONER)
        .await
        .send_json(
            "PUT",
            &format!("/api/v1/self-assessment/actions/{action}"),
            &update,
        )
        .await
        .expect(200)
        .json();
    assert_eq!(v["action"]["status"], "in_progress");
    assert_eq!(v["notes"][0]["note"], "Draft with the data team");
    // Overdue once its date has passed: on the plan and on the owner's home page.
    mhsw::store::engine::query("UPDATE sa_actions SET due_on = '2020-01-01' WHERE id = $1")
        .bind(action)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let plan = psw
        .get("/api/v1/self-assessment/actions")
        .await
        .expect(200)
        .json();
    assert_eq!(
        plan["counts"]["overdue"].as_i64().unwrap(),
        overdue_before + 1
    );
    let mine = plan["actions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["action"]["id"] == action)
        .unwrap();
    assert_eq!(mine["overdue"], true);
    let home = t.signed_in(PRACTITIONER).await.get("/").await.expect(200);
    assert!(
        home.body.contains("Publish average caseloads"),
        "the owner's home page lists it"
    );
    // Done: completed today, no longer overdue.
    let done = json!({ "status": "done", "due_on": "2020-01-01", "owner_user_id": pat.to_string(), "note": "" });
    let v = psw
        .send_json(
            "PUT",
            &format!("/api/v1/self-assessment/actions/{action}"),
            &done,
        )
        .await
        .expect(200)
        .json();
    assert_eq!(v["action"]["completed_on"], today.to_string());
    assert_eq!(v["overdue"], false);
}

#[tokio::test]
async fn the_pages_show_rag_a_radar_with_its_table_and_export_to_xlsx_and_print() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let cycle = open(&psw, LGA).await;
    let id = cycle["cycle"]["id"].as_i64().unwrap();
    let codes = criteria(&cycle);
    let first_domain: Vec<String> = cycle["domains"][0]["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect();
    rate_all(&psw, id, &first_domain, "4").await;
    rate(&psw, id, &codes[codes.len() - 1], "1")
        .await
        .expect(200);
    let web = t.signed_in(PSW).await;
    web.get("/self-assessment").await.expect(200);
    let page = web
        .get(&format!("/self-assessment/cycles/{id}"))
        .await
        .expect(200);
    assert!(page.body.contains("<svg") && page.body.contains("Mean rating per domain"));
    assert!(
        page.body.contains(">Green<")
            && page.body.contains(">Red<")
            && page.body.contains(">Not rated<")
    );
    assert!(
        page.body.contains("Rating per domain"),
        "the table beside the chart"
    );
    let domain = cycle["domains"][0]["code"].as_str().unwrap();
    web.get(&format!("/self-assessment/cycles/{id}/domains/{domain}"))
        .await
        .expect(200);
    web.get(&format!(
        "/self-assessment/cycles/{id}/criteria/{}",
        codes[0]
    ))
    .await
    .expect(200);
    web.get(&format!("/self-assessment/cycles/{id}/leads"))
        .await
        .expect(200);
    web.get(&format!("/self-assessment/cycles/{id}/participants"))
        .await
        .expect(200);
    web.get(&format!(
        "/self-assessment/cycles/{id}/actions/new?criterion={}",
        codes[0]
    ))
    .await
    .expect(200);
    web.get("/self-assessment/actions").await.expect(200);
    web.get("/self-assessment/cycles/new").await.expect(200);
    let print = web
        .get(&format!("/self-assessment/cycles/{id}/print"))
        .await
        .expect(200);
    let first_text = cycle["domains"][0]["criteria"][0]["text"].as_str().unwrap();
    assert!(
        print.body.contains(&first_text.replace('\'', "&#x27;")) || print.body.contains(first_text)
    );
    let bytes = web
        .get_bytes(&format!("/self-assessment/cycles/{id}/export.xlsx"))
        .await;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    assert_eq!(
        book.sheet_names(),
        ["Domains", "Criteria", "Actions", "Who took part"]
    );
    let domains = book.worksheet_range("Domains").unwrap();
    assert_eq!(domains.get_value((3, 6)).unwrap().to_string(), "Green");
    assert_eq!(domains.get_value((3, 5)).unwrap().to_string(), "4");
    let criteria_sheet = book.worksheet_range("Criteria").unwrap();
    assert_eq!(criteria_sheet.height() - 3, codes.len());
    // Everyone in the organisation reads it; only the PSW opens cycles.
    t.signed_in(PRACTITIONER)
        .await
        .get(&format!("/self-assessment/cycles/{id}"))
        .await
        .expect(200);
    t.signed_in(PRACTITIONER)
        .await
        .get("/self-assessment/cycles/new")
        .await
        .expect(403);
}

/// Writes that read first, many at once (as an API client or a busy morning sends them):
/// each waits its turn, none fails with "database is locked" (SQLite write transactions
/// begin immediately: `store::Db::begin`).
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn ratings_sent_all_at_once_are_all_kept() {
    let t = TestApp::new().await;
    let api = t.api(PSW).await;
    let cycle = open(&api, LGA).await;
    let id = cycle["cycle"]["id"].as_i64().unwrap();
    let codes = criteria(&cycle);
    let mut tasks = Vec::new();
    for code in codes.into_iter().take(24) {
        let api = api.clone();
        tasks.push(tokio::spawn(async move {
            rate(&api, id, &code, "3").await.status.as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    assert!(statuses.iter().all(|s| *s == 200), "{statuses:?}");
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM sa_answers WHERE cycle_id = {id} AND rating IS NOT NULL"
        ))
        .await,
        24
    );
}
