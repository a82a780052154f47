//! Feedback from people who use services and carers: single-use cards, the anonymous public
//! form (what is and is not stored), thresholds and month blocks, sharing with a named
//! supervisor, CPD, team views, questionnaire versions, and bad input refused with nothing
//! written.

use crate::helpers::*;
use mhsw::store::feedback::{NewResponse, insert_response};
use serde_json::{Value, json};

async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

/// A browser with no account: it fetches the code page first for its CSRF cookie, as a
/// phone opening a card's link would.
pub(crate) async fn public(t: &TestApp) -> Client {
    let res = t.anonymous().get("/f").await.expect(200);
    let cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("mhsw_csrf="))
        .and_then(|c| c.split(';').next())
        .expect("a CSRF cookie for the public form")
        .to_string();
    let mut c = t.anonymous();
    c.cookie = Some(format!("mhsw_csrf={cookie}"));
    c.csrf = Some(cookie);
    c
}

/// Makes `n` cards as Pat and returns their codes.
pub(crate) async fn cards(t: &TestApp, audience: &str, n: u32) -> Vec<String> {
    let made = t
        .api(PRACTITIONER)
        .await
        .send_json(
            "POST",
            "/api/v1/me/feedback/cards",
            &json!({"audience": audience, "count": n.to_string()}),
        )
        .await
        .expect(201)
        .json();
    made["cards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["code"].as_str().unwrap().to_string())
        .collect()
}

/// Written as any write is, in a transaction that commits, so kept results move on.
pub(crate) async fn clear_responses(t: &TestApp) {
    let mut w = mhsw::service::write::Write::begin_command_line(&t.db, None)
        .await
        .unwrap();
    mhsw::store::engine::query("DELETE FROM feedback_responses")
        .execute(&mut *w)
        .await
        .unwrap();
    w.commit("delete", "test", "", "responses cleared")
        .await
        .unwrap();
}

/// Stores `n` responses for a practitioner in a month, straight through the store, in a
/// write transaction that commits (so kept results move on).
async fn responses(t: &TestApp, practitioner: i64, month: &str, n: usize, comment: &str) {
    let (org, team): (i64, Option<i64>) = {
        let row = mhsw::store::engine::query(
            "SELECT employer_org_id, team_id FROM practitioners WHERE id = $1",
        )
        .bind(practitioner)
        .fetch_one(&t.db.pool)
        .await
        .unwrap();
        (row.get(0), row.get(1))
    };
    let mut w = mhsw::service::write::Write::begin_command_line(&t.db, None)
        .await
        .unwrap();
    for _ in 0..n {
        insert_response(
            &mut w,
            &NewResponse {
                org_id: org,
                team_id: team,
                practitioner_id: practitioner,
                audience: "service_user",
                questionnaire: "shipped",
                month,
                answers: "listened=5,respect=4,involved=2",
                comment,
            },
        )
        .await
        .unwrap();
    }
    w.commit("create", "test", "", "responses stored")
        .await
        .unwrap();
}

fn month_back(n: u32) -> String {
    let d = mhsw::domain::supervision::add_months_back(crate::helpers::today(), n);
    mhsw::service::feedback::month_of(d)
}

#[tokio::test]
async fn results_show_only_at_the_threshold_and_in_whole_months() {
    let t = TestApp::new().await;
    clear_responses(&t).await;
    let pat = pat(&t).await;
    let api = t.api(PRACTITIONER).await;
    let summary = |v: &Value| v["summary"]["audiences"].as_array().unwrap().len();

    responses(&t, pat, &month_back(1), 2, "").await;
    responses(&t, pat, &month_back(0), 5, "").await;
    let mine = api.get("/api/v1/me/feedback").await.expect(200).json();
    assert_eq!(
        summary(&mine),
        0,
        "two last month, and this month never shows"
    );
    assert!(mine["through"].is_null());

    responses(&t, pat, &month_back(1), 1, "Kind and clear.").await;
    let mine = api.get("/api/v1/me/feedback").await.expect(200).json();
    assert_eq!(summary(&mine), 1);
    let a = &mine["summary"]["audiences"][0];
    assert_eq!(a["responses"], 3);
    assert_eq!(a["comments"], json!(["Kind and clear."]));
    let involved = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["code"] == "involved")
        .unwrap();
    assert_eq!(involved["percent_negative"], 100);
    // On the page a small group's shares are counts ("3 of 3"), not "100%".
    let page = t
        .signed_in(PRACTITIONER)
        .await
        .get("/feedback")
        .await
        .expect(200);
    assert!(page.body.contains(">3 of 3<"), "counts for a small group");
    assert!(
        !page.body.contains(">100%<"),
        "no percentage of three people"
    );
    let unanswered = a["questions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["code"] == "choice")
        .unwrap();
    assert!(
        unanswered["answered"].is_null(),
        "no figures for an unanswered question"
    );

    // Sam (named in Pat's agreement) sees nothing until Pat shares, then only at 5.
    let sam = t.api(SUPERVISOR).await;
    let shared_path = format!("/api/v1/practitioners/{pat}/feedback");
    sam.get(&shared_path).await.expect(404);
    api.send_json(
        "PUT",
        "/api/v1/me/feedback/shared",
        &json!({"shared": true}),
    )
    .await
    .expect(204);
    let seen = sam.get(&shared_path).await.expect(200).json();
    assert_eq!(
        summary(&seen),
        0,
        "3 answers are below the manager threshold of 5"
    );
    responses(&t, pat, &month_back(2), 2, "").await;
    let seen = sam.get(&shared_path).await.expect(200).json();
    assert_eq!(seen["summary"]["audiences"][0]["responses"], 5);
    // The PSW is not named in Pat's agreement.
    t.api(PSW).await.get(&shared_path).await.expect(404);
    api.send_json(
        "PUT",
        "/api/v1/me/feedback/shared",
        &json!({"shared": false}),
    )
    .await
    .expect(204);
    sam.get(&shared_path).await.expect(404);
    let audited = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'feedback_results' AND record_id = '{pat}' AND action = 'read'"
        ))
        .await;
    assert!(audited >= 4, "reads audited: {audited}");
}

#[tokio::test]
async fn recording_results_as_cpd_copies_no_answers_and_happens_once() {
    let t = TestApp::new().await;
    clear_responses(&t).await;
    let pat = pat(&t).await;
    let api = t.api(PRACTITIONER).await;
    let refused = api
        .send_json("POST", "/api/v1/me/feedback/cpd", &json!({}))
        .await
        .expect(422);
    assert_eq!(field_errors(&refused.json()), ["feedback"]);
    responses(
        &t,
        pat,
        &month_back(1),
        4,
        "A private comment about my visit.",
    )
    .await;
    let id = api
        .send_json("POST", "/api/v1/me/feedback/cpd", &json!({}))
        .await
        .expect(201)
        .json();
    let again = api
        .send_json("POST", "/api/v1/me/feedback/cpd", &json!({}))
        .await
        .expect(201)
        .json();
    assert_eq!(id, again, "one record per set of results");
    let record = api
        .get(&format!("/api/v1/cpd/records/{id}"))
        .await
        .expect(200)
        .json();
    let r = &record["record"];
    assert_eq!(r["status"], "draft");
    assert_eq!(r["cpd_type"], "feedback");
    assert!(
        r["standard4_parts"]
            .as_array()
            .unwrap()
            .contains(&json!("4.1"))
    );
    assert!(!record.to_string().contains("private comment"), "{record}");
    let mine = api.get("/api/v1/me/feedback").await.expect(200).json();
    assert_eq!(mine["cpd_record_id"], id);
}

#[tokio::test]
async fn team_and_organisation_views_show_nothing_below_five_and_no_comments() {
    let t = TestApp::new().await;
    clear_responses(&t).await;
    let pat = pat(&t).await;
    let colleague = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE id <> {pat} AND team_id = (SELECT team_id FROM practitioners WHERE id = {pat})"
        ))
        .await;
    let psw = t.api(PSW).await;
    let empty = |o: &Value| {
        o["summary"]["audiences"].as_array().unwrap().is_empty()
            && o["trend"].as_array().unwrap().is_empty()
    };
    // Five answers, all about Pat: a team view would be Pat's own results, so nothing shows.
    responses(&t, pat, &month_back(1), 5, "Only for Pat's eyes.").await;
    let o = psw
        .get("/api/v1/feedback/overview")
        .await
        .expect(200)
        .json();
    assert!(empty(&o), "{o}");
    clear_responses(&t).await;
    // Four answers about two people: below five.
    responses(&t, pat, &month_back(1), 3, "Only for Pat's eyes.").await;
    responses(&t, colleague, &month_back(1), 1, "").await;
    let o = psw
        .get("/api/v1/feedback/overview")
        .await
        .expect(200)
        .json();
    assert!(empty(&o), "{o}");
    responses(&t, pat, &month_back(1), 1, "").await;
    let o = psw.get("/api/v1/feedback/overview").await.expect(200);
    assert!(
        !o.body.contains("Only for Pat"),
        "no comments in team views"
    );
    let o = o.json();
    assert_eq!(o["summary"]["responses"], 5);
    assert_eq!(o["trend"][0]["responses"], 5);
    assert_eq!(o["teams"][0]["trend"][0]["responses"], 5);
    t.api(PRACTITIONER)
        .await
        .get("/api/v1/feedback/overview")
        .await
        .expect(403);
    let page = t
        .signed_in(PSW)
        .await
        .get("/feedback/overview")
        .await
        .expect(200);
    assert!(page.body.contains("Answers by period"));
}

#[tokio::test]
async fn an_admin_makes_cards_for_a_practitioner_but_sees_no_results() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let admin = t.api(ADMIN).await;
    let path = format!("/api/v1/practitioners/{pat}/feedback/cards");
    let bad = admin
        .send_json("POST", &path, &json!({"audience": "friend", "count": "0"}))
        .await
        .expect(422);
    assert_eq!(field_errors(&bad.json()), ["audience", "count"]);
    let before = t.count("feedback_requests").await;
    let made = admin
        .send_json("POST", &path, &json!({"audience": "carer", "count": "3"}))
        .await
        .expect(201)
        .json();
    assert_eq!(made["cards"].as_array().unwrap().len(), 3);
    assert_eq!(t.count("feedback_requests").await, before + 3);
    t.api(HARBOUR_ADMIN)
        .await
        .send_json("POST", &path, &json!({"audience": "carer", "count": "1"}))
        .await
        .expect(404);
    admin.get("/api/v1/me/feedback").await.expect(403);
    let web = t.signed_in(ADMIN).await;
    let page = web
        .post_form(
            &format!("/practitioners/{pat}/feedback/cards"),
            &[("audience", "service_user"), ("count", "2")],
        )
        .await
        .expect(200);
    assert!(
        page.body.contains("<svg class=\"mhsw-qr\""),
        "QR codes drawn"
    );
    assert!(page.body.contains("shown only once"));
}

#[tokio::test]
async fn questionnaires_are_adapted_with_who_co_produced_them() {
    let t = TestApp::new().await;
    let psw = t.api(PSW).await;
    let list = psw
        .get("/api/v1/feedback/questionnaires")
        .await
        .expect(200)
        .json();
    let carer = &list[1];
    assert_eq!(carer["audience"], "carer");
    let mut rows: Vec<Value> = carer["versions"][0]["questionnaire"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            json!({"code": q["code"], "category": q["category"], "text": q["text"], "easy_read": q["easy_read"]})
        })
        .collect();
    rows[0]["text"] = json!("The social worker really listened to me as a carer");
    rows.push(json!({"category": "co_production", "text": "I was told about carers' groups", "easy_read": "I heard about carers' groups."}));
    let mut body = json!({"title": "Your experience as a carer", "easy_read_title": "The social worker", "questions": rows});
    let refused = psw
        .send_json("POST", "/api/v1/feedback/questionnaires/carer", &body)
        .await
        .expect(422);
    assert_eq!(field_errors(&refused.json()), ["co_produced_with"]);
    body["co_produced_with"] = json!("Carers' reference group (5 members), November 2026");
    let v = psw
        .send_json("POST", "/api/v1/feedback/questionnaires/carer", &body)
        .await
        .expect(201)
        .json();
    assert_eq!(v, 2);
    let list = psw
        .get("/api/v1/feedback/questionnaires")
        .await
        .expect(200)
        .json();
    assert_eq!(list[1]["versions"][0]["version"], 2);
    assert_eq!(
        list[1]["versions"][0]["co_produced_with"],
        "Carers' reference group (5 members), November 2026"
    );
    // The form asks the new version.
    let code = cards(&t, "carer", 1).await.remove(0);
    let form = public(&t)
        .await
        .get(&format!("/f/{code}"))
        .await
        .expect(200);
    assert!(form.body.contains("really listened to me as a carer"));
    assert!(form.body.contains("carers&#x27; groups") || form.body.contains("carers' groups"));
    // Only the PSW adapts; a malformed version names its row.
    t.api(PRACTITIONER)
        .await
        .get("/api/v1/feedback/questionnaires")
        .await
        .expect(403);
    let bad = psw
        .send_json(
            "POST",
            "/api/v1/feedback/questionnaires/service_user",
            &json!({"title": "T", "easy_read_title": "T", "co_produced_with": "x",
                    "questions": [{"category": "nonsense", "text": "Q", "easy_read": ""}]}),
        )
        .await
        .expect(422);
    let fields = field_errors(&bad.json());
    assert!(fields.contains(&"category_1".to_string()), "{fields:?}");
    assert!(fields.contains(&"easy_read_1".to_string()), "{fields:?}");
    assert!(fields.contains(&"questions".to_string()), "{fields:?}");
    let web = t.signed_in(PSW).await;
    web.get("/feedback/questionnaires").await.expect(200);
    web.get("/feedback/questionnaires/service_user/adapt")
        .await
        .expect(200);
}

/// A practitioner who has made cards for years sees them a page at a time, newest first;
/// the API still lists them all.
#[tokio::test]
async fn a_practitioners_cards_are_shown_a_page_at_a_time() {
    let t = TestApp::new().await;
    let before = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM feedback_requests WHERE practitioner_id = {}",
            pat(&t).await
        ))
        .await;
    for _ in 0..3 {
        cards(&t, "service_user", 20).await;
    }
    let total = before + 60;
    let web = t.signed_in(PRACTITIONER).await;
    let first = web.get("/feedback").await.expect(200);
    let rows = |body: &str| {
        body.matches("<td class=\"nhsuk-table__cell\">People who use services</td>")
            .count()
            + body
                .matches("<td class=\"nhsuk-table__cell\">Carers and family members</td>")
                .count()
    };
    assert_eq!(rows(&first.body), 25, "one page of cards");
    assert!(
        first
            .body
            .contains(&format!("1 to 25 of {total}, newest first")),
        "{}",
        first.body
    );
    assert!(
        first.body.contains("href=\"?page=2\""),
        "a link to the next page"
    );
    let last_page = (total + 24) / 25;
    let last = web
        .get(&format!("/feedback?page={last_page}"))
        .await
        .expect(200);
    assert_eq!(rows(&last.body) as i64, total - 25 * (last_page - 1));
    let api = t
        .api(PRACTITIONER)
        .await
        .get("/api/v1/me/feedback")
        .await
        .expect(200);
    assert_eq!(api.json()["cards"].as_array().unwrap().len() as i64, total);
}

#[tokio::test]
async fn the_pages_work_for_each_role() {
    let t = TestApp::new().await;
    let web = t.signed_in(PRACTITIONER).await;
    let mine = web.get("/feedback").await.expect(200);
    assert!(mine.body.contains("Feedback on your practice"));
    let made = web
        .post_form("/feedback/cards", &[("audience", "carer"), ("count", "2")])
        .await
        .expect(200);
    assert!(made.body.contains("Feedback cards to print"));
    assert_eq!(made.body.matches("<svg class=\"mhsw-qr\"").count(), 2);
    // The one thing a service user keeps says in words until when the card works, and
    // the API gives the same day as an ISO date.
    let api = t
        .api(PRACTITIONER)
        .await
        .send_json(
            "POST",
            "/api/v1/me/feedback/cards",
            &json!({"audience": "carer", "count": "1"}),
        )
        .await
        .expect(201)
        .json();
    let expires = api["expires_on"].as_str().expect("an ISO date");
    let day = mhsw::domain::dates::parse_iso_day(expires).expect("an ISO date");
    let words = mhsw::domain::dates::long(day);
    assert!(
        made.body
            .contains(&format!("This card works once, until {words}.")),
        "cards say {words}"
    );
    // Each card carries its number, and the owner's list shows it: cards made together
    // can be told apart, so the right one can be withdrawn.
    let number = api["cards"][0]["number"].as_i64().expect("a card number");
    assert!(made.body.contains("Card number "));
    let list = web.get("/feedback").await.expect(200);
    assert!(
        list.body
            .contains(&format!("<td class=\"nhsuk-table__cell\">{number}</td>"))
    );
    assert!(list.body.contains(&format!(
        "Withdraw<span class=\"nhsuk-u-visually-hidden\"> card number {number}</span>"
    )));
    let bad = web
        .post_form("/feedback/cards", &[("audience", ""), ("count", "99")])
        .await
        .expect(422);
    assert!(bad.body.contains("There is a problem"));
    let dev = web.get("/development").await.expect(200);
    assert!(dev.body.contains(">Feedback on my practice</a>"));
    // The easy read version.
    let code = cards(&t, "service_user", 1).await.remove(0);
    let easy = public(&t)
        .await
        .get(&format!("/f/{code}?format=easy-read"))
        .await
        .expect(200);
    assert!(easy.body.contains("Your answers are private"));
    assert!(easy.body.contains("Sometimes"));
}

#[test]
fn card_codes_never_reach_the_log() {
    assert_eq!(
        mhsw::web::middleware::loggable_path("/f/0123456789"),
        "/f/{code}"
    );
    assert_eq!(
        mhsw::web::middleware::loggable_path("/f/thank-you"),
        "/f/thank-you"
    );
}

/// "See what they would see" on a plain practitioner's own feedback page opens their own
/// preview; someone else's answers as if there were none.
#[tokio::test]
async fn a_practitioner_previews_what_their_supervisors_would_see() {
    let t = TestApp::new().await;
    let me = pat(&t).await;
    let web = t.signed_in(PRACTITIONER).await;
    let mine = web.get("/feedback").await.expect(200);
    let link = format!("/practitioners/{me}/feedback");
    assert!(mine.body.contains(&link), "the page links to the preview");
    let preview = web.get(&link).await.expect(200);
    assert!(preview.body.contains("would see") || preview.body.contains("This is what they see"));
    let other = t.first_trust_practitioner().await;
    let other = if other == me { other + 1 } else { other };
    web.get(&format!("/practitioners/{other}/feedback"))
        .await
        .expect(404);
    t.api(PRACTITIONER)
        .await
        .get(&format!("/api/v1/practitioners/{me}/feedback"))
        .await
        .expect(200);
}
