//! The ASYE: programmes, reviews, evidence, protected time, pauses, the panel and the
//! cohort, through the API and the pages, with the rules and permissions they enforce.

use crate::helpers::*;
use mhsw::domain::Role;
use mhsw::domain::supervision::add_months_back;
use serde_json::json;
use time::Duration;

fn today() -> time::Date {
    crate::helpers::today()
}

/// A trust NQSW without a sign-in and now without a programme, who joined `joined_months_ago` months ago.
async fn fresh_nqsw(t: &TestApp, joined_months_ago: u32) -> i64 {
    let id = t
        .scalar_i64(
            "SELECT MIN(practitioner_id) FROM asye_programmes WHERE practitioner_id NOT IN
             (SELECT practitioner_id FROM users WHERE practitioner_id IS NOT NULL)",
        )
        .await;
    mhsw::store::engine::query("DELETE FROM asye_programmes WHERE practitioner_id = $1")
        .bind(id)
        .execute(&t.db.pool)
        .await
        .unwrap();
    mhsw::store::engine::query("UPDATE practitioners SET start_date = $1, wte = 1.0 WHERE id = $2")
        .bind(add_months_back(today(), joined_months_ago))
        .bind(id)
        .execute(&t.db.pool)
        .await
        .unwrap();
    id
}

/// A sign-in for the NQSW's own record.
async fn nqsw_user(t: &TestApp, practitioner: i64) -> &'static str {
    let email = "nqsw@northshire.example.nhs.uk";
    let mut conn = t.db.connection().await.unwrap();
    mhsw::store::users::insert(
        &mut conn,
        &mhsw::domain::user::UserFields {
            email: email.into(),
            display_name: "Nia Newly".into(),
            org_id: Some(t.org_id("R9N").await),
            practitioner_id: Some(practitioner),
            active: true,
            roles: vec![Role::Practitioner],
        },
        None,
    )
    .await
    .unwrap();
    email
}

/// The PSW starts a programme `months_ago` months ago, assessed by the demo supervisor.
async fn start(t: &TestApp, id: i64, months_ago: u32) -> serde_json::Value {
    let psw = t.api(PSW).await;
    let sam = t.user_id(SUPERVISOR).await;
    psw.send_json(
        "PUT",
        &format!("/api/v1/practitioners/{id}/asye"),
        &json!({
            "assessor_user_id": sam.to_string(),
            "starts_on": add_months_back(today(), months_ago).to_string(),
            "nine_month_review": "no",
        }),
    )
    .await
    .expect(200)
    .json()
}

#[tokio::test]
async fn starting_a_programme_checks_the_assessor_and_dates_and_drives_supervision() {
    let t = TestApp::new().await;
    let id = fresh_nqsw(&t, 12).await;
    let psw = t.api(PSW).await;
    let path = format!("/api/v1/practitioners/{id}/asye");
    let before = t.count("asye_programmes").await;
    // Employment a year ago: without a programme the ASYE clock says monthly supervision.
    let sup = psw
        .get(&format!("/api/v1/practitioners/{id}/supervision"))
        .await
        .expect(200)
        .json();
    assert_eq!(sup["status"]["interval_days"], 31);

    // Pat has no supervising role: not an assessor. A start before joining is refused.
    let pat = t.user_id(PRACTITIONER).await;
    let r = psw
        .send_json(
            "PUT",
            &path,
            &json!({"assessor_user_id": pat.to_string(), "starts_on": add_months_back(today(), 13).to_string()}),
        )
        .await
        .expect(422);
    assert!(r.body.contains("assessor_user_id"), "{}", r.body);
    assert!(r.body.contains("registered social worker"), "{}", r.body);
    assert!(r.body.contains("starts_on"), "{}", r.body);
    assert!(r.body.contains("on or after they joined"), "{}", r.body);
    assert_eq!(t.count("asye_programmes").await, before, "nothing written");

    // Started today: weekly supervision for the first 6 weeks, from the programme's start.
    let sam = t.user_id(SUPERVISOR).await;
    let rec = psw
        .send_json(
            "PUT",
            &path,
            &json!({"assessor_user_id": sam.to_string(), "starts_on": today().to_string()}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(rec["programme"]["assessor_user_id"], sam);
    assert_eq!(rec["standing"]["reviews"].as_array().unwrap().len(), 3);
    let sup = psw
        .get(&format!("/api/v1/practitioners/{id}/supervision"))
        .await
        .expect(200)
        .json();
    assert_eq!(sup["status"]["interval_days"], 7);
    // The dashboard reads the same clock start in SQL (`store::sql::SUPERVISION_CLOCK_START`).
    let dash = psw
        .get("/api/v1/supervision/dashboard")
        .await
        .expect(200)
        .json();
    let row = dash["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["practitioner_id"] == id)
        .expect("the NQSW is on the dashboard");
    assert_eq!(row["status"]["interval_days"], 7);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'asye_programme' AND detail = 'practitioner {id}'"
        ))
        .await,
        1
    );
    // Another organisation's PSW cannot see it.
    t.api(HARBOUR_ADMIN).await.get(&path).await.expect(404);
}

#[tokio::test]
async fn the_assessor_records_reviews_and_evidence_and_the_nqsw_logs_protected_time() {
    let t = TestApp::new().await;
    let id = fresh_nqsw(&t, 6).await;
    start(&t, id, 4).await;
    let sam = t.api(SUPERVISOR).await;
    let base = format!("/api/v1/practitioners/{id}/asye");
    let held = add_months_back(today(), 1).to_string();

    // Outside the programme or in the future: refused, naming the field, nothing written.
    let reviews_before = t.count("asye_reviews").await;
    for bad in [
        add_months_back(today(), 5).to_string(),
        (today() + Duration::days(1)).to_string(),
    ] {
        let r = sam
            .send_json(
                "POST",
                &format!("{base}/reviews"),
                &json!({"point": "3_month", "held_on": bad, "outcome": "on_track"}),
            )
            .await
            .expect(422);
        assert!(
            r.body.contains("held_on") && r.body.contains("within the programme"),
            "{}",
            r.body
        );
    }
    assert_eq!(
        t.count("asye_reviews").await,
        reviews_before,
        "nothing written"
    );
    let rec = sam
        .send_json(
            "POST",
            &format!("{base}/reviews"),
            &json!({"point": "3_month", "held_on": held, "outcome": "on_track", "notes": "Good start"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(t.count("asye_reviews").await, reviews_before + 1);
    assert_eq!(rec["standing"]["reviews"][0]["held_on"], held.as_str());
    assert_eq!(rec["standing"]["next_review"]["point"], "6_month");

    // Evidence, then the assessor's sign-off counts it.
    let rec = sam
        .send_json(
            "POST",
            &format!("{base}/evidence"),
            &json!({"kind": "direct_observation", "title": "Home visit observed", "occurred_on": held}),
        )
        .await
        .expect(200)
        .json();
    let item = rec["evidence"][0]["id"].as_i64().unwrap();
    assert_eq!(rec["standing"]["checklist"][0]["signed_off"], 0);
    let rec = sam
        .send_json(
            "POST",
            &format!("{base}/evidence/sign-off"),
            &json!({"evidence_id": item.to_string()}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(rec["standing"]["checklist"][0]["signed_off"], 1);
    assert_eq!(rec["standing"]["evidence_signed_off"], 1);
    // Titles stay out of the audit log.
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE detail LIKE '%Home visit%'")
            .await,
        0
    );

    // The NQSW logs protected time; negative hours are refused and nothing is written.
    let nqsw = t.api(nqsw_user(&t, id).await).await;
    let logged = t.count("asye_protected_time").await;
    let r = nqsw
        .send_json(
            "POST",
            &format!("{base}/protected-time"),
            &json!({"taken_on": today().to_string(), "hours": "-2"}),
        )
        .await
        .expect(422);
    assert!(
        r.body.contains("hours") && r.body.contains("more than 0"),
        "{}",
        r.body
    );
    assert_eq!(t.count("asye_protected_time").await, logged);
    let rec = nqsw
        .send_json(
            "POST",
            &format!("{base}/protected-time"),
            &json!({"taken_on": today().to_string(), "hours": "3.5", "activity": "Reading"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(rec["standing"]["protected_hours_logged"], 3.5);
    // Four months at 1.0 WTE: about 10% of 37.5 hours a week for some 17 weeks.
    let target = rec["standing"]["protected_hours_target"].as_f64().unwrap();
    assert!((60.0..70.0).contains(&target), "{target}");
    assert_eq!(rec["is_own"], true);
    // The NQSW adds evidence but neither reviews nor signs off their own.
    nqsw.send_json(
        "POST",
        &format!("{base}/evidence"),
        &json!({"kind": "reflection_6_month", "title": "Reflection", "occurred_on": today().to_string()}),
    )
    .await
    .expect(200);
    nqsw.send_json(
        "POST",
        &format!("{base}/reviews"),
        &json!({"point": "6_month", "held_on": today().to_string(), "outcome": "on_track"}),
    )
    .await
    .expect(403);
    // Another NQSW's record: not theirs to see.
    let other = t
        .scalar_i64(&format!(
            "SELECT MIN(practitioner_id) FROM asye_programmes WHERE practitioner_id <> {id}"
        ))
        .await;
    nqsw.get(&format!("/api/v1/practitioners/{other}/asye"))
        .await
        .expect(404);
}

#[tokio::test]
async fn pauses_move_the_reviews_and_capability_is_not_a_reason() {
    let t = TestApp::new().await;
    let id = fresh_nqsw(&t, 3).await;
    let rec = start(&t, id, 2).await;
    let due_before = rec["standing"]["reviews"][0]["due_on"]
        .as_str()
        .unwrap()
        .to_string();
    let psw = t.api(PSW).await;
    let base = format!("/api/v1/practitioners/{id}/asye");
    let from = add_months_back(today(), 1);
    let pauses_before = t.count("asye_pauses").await;
    let r = psw
        .send_json(
            "POST",
            &format!("{base}/pauses"),
            &json!({"starts_on": from.to_string(), "ends_on": (from + Duration::days(9)).to_string(), "reason": "capability"}),
        )
        .await
        .expect(422);
    assert!(
        r.body.contains("\"reason\"") && r.body.contains("Capability is not a reason"),
        "{}",
        r.body
    );
    // Longer than the 24-month limit allows: refused on the last day.
    let r = psw
        .send_json(
            "POST",
            &format!("{base}/pauses"),
            &json!({"starts_on": from.to_string(), "ends_on": (from + Duration::days(400)).to_string(), "reason": "sickness"}),
        )
        .await
        .expect(422);
    assert!(
        r.body.contains("ends_on") && r.body.contains("time limit"),
        "{}",
        r.body
    );
    assert_eq!(
        t.count("asye_pauses").await,
        pauses_before,
        "nothing written"
    );
    // Ten days of sickness move the 3-month review by ten days.
    let rec = psw
        .send_json(
            "POST",
            &format!("{base}/pauses"),
            &json!({"starts_on": from.to_string(), "ends_on": (from + Duration::days(9)).to_string(), "reason": "sickness"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(t.count("asye_pauses").await, pauses_before + 1);
    let due_after = rec["standing"]["reviews"][0]["due_on"].as_str().unwrap();
    let parse = |s: &str| mhsw::service::parse_date("", s).unwrap();
    assert_eq!(parse(due_after) - parse(&due_before), Duration::days(10));
    // An open pause: paused today, later dates unknown until it ends.
    let rec = psw
        .send_json(
            "POST",
            &format!("{base}/pauses"),
            &json!({"starts_on": today().to_string(), "reason": "parental_leave"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(rec["standing"]["status"], "paused");
    assert!(rec["standing"]["reviews"][0]["due_on"].is_null());
    let rec = psw
        .send_json(
            "POST",
            &format!("{base}/pauses/end"),
            &json!({"ends_on": today().to_string()}),
        )
        .await
        .expect(200)
        .json();
    assert!(rec["standing"]["reviews"][0]["due_on"].is_string());
}

#[tokio::test]
async fn a_panel_pass_makes_the_practitioner_qualified_in_the_same_transaction() {
    let t = TestApp::new().await;
    let id = fresh_nqsw(&t, 14).await;
    start(&t, id, 13).await;
    let psw = t.api(PSW).await;
    let base = format!("/api/v1/practitioners/{id}/asye");
    let panel = json!({"outcome": "pass", "panel_on": today().to_string()});
    let r = psw
        .send_json("POST", &format!("{base}/panel"), &panel)
        .await
        .expect(422);
    assert!(r.body.contains("final 12-month review"), "{}", r.body);
    psw.send_json(
        "POST",
        &format!("{base}/reviews"),
        &json!({"point": "12_month", "held_on": (today() - Duration::days(7)).to_string(), "outcome": "on_track"}),
    )
    .await
    .expect(200);
    let rec = psw
        .send_json("POST", &format!("{base}/panel"), &panel)
        .await
        .expect(200)
        .json();
    assert_eq!(rec["career_stage"], "qualified");
    assert_eq!(rec["standing"]["status"], "passed");
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'practitioner' AND record_id = '{id}' AND detail LIKE 'career stage asye to qualified%'"
        ))
        .await,
        1
    );
    let r = psw
        .send_json("POST", &format!("{base}/panel"), &panel)
        .await
        .expect(422);
    assert!(r.body.contains("already recorded"), "{}", r.body);
}

#[tokio::test]
async fn the_cohort_shows_where_each_nqsw_stands_to_those_who_may_see_it() {
    let t = TestApp::new().await;
    let c = t
        .api(PSW)
        .await
        .get("/api/v1/asye")
        .await
        .expect(200)
        .json();
    let people = c["people"].as_u64().unwrap();
    assert!(people >= 3, "{c}");
    // The demo has one review overdue and one paused (docs/sources.md#asye-pauses: pauses allowed).
    assert!(c["review_overdue"].as_u64().unwrap() >= 1, "{c}");
    assert!(c["paused"].as_u64().unwrap() >= 1, "{c}");
    // The assessor sees the people they assess; the workforce lead the cohort without links.
    let sam = t
        .api(SUPERVISOR)
        .await
        .get("/api/v1/asye")
        .await
        .expect(200)
        .json();
    assert_eq!(sam["people"].as_u64().unwrap(), people);
    let page = t.signed_in(WORKFORCE).await.get("/asye").await.expect(200);
    assert!(page.body.contains("ASYE cohort"));
    assert!(!page.body.contains("/asye\">"), "no links to records");
    t.api(PRACTITIONER)
        .await
        .get("/api/v1/asye")
        .await
        .expect(403);
    t.api(HARBOUR_ADMIN)
        .await
        .get("/api/v1/asye")
        .await
        .expect(200);
    let harbour = t.api(HARBOUR_ADMIN).await.get("/api/v1/asye").await.json();
    assert_eq!(
        harbour["people"], 0,
        "another organisation's NQSWs are not shown"
    );
}

#[tokio::test]
async fn the_pages_work_without_javascript_and_show_errors_against_fields() {
    let t = TestApp::new().await;
    let id = fresh_nqsw(&t, 6).await;
    start(&t, id, 4).await;
    let psw = t.signed_in(PSW).await;
    let page = psw
        .get(&format!("/practitioners/{id}/asye"))
        .await
        .expect(200);
    assert!(page.body.contains("Evidence checklist"));
    assert!(page.body.contains("Record the panel"));
    let r = psw
        .post_form(
            &format!("/practitioners/{id}/asye/protected-time/new"),
            &[("taken_on", &today().to_string()), ("hours", "-1")],
        )
        .await
        .expect(422);
    assert!(r.body.contains("nhsuk-error-summary"));
    assert!(
        r.body.contains("href=\"#hours\""),
        "the summary links to the field"
    );
    let r = psw
        .post_form(
            &format!("/practitioners/{id}/asye/protected-time/new"),
            &[("taken_on", &today().to_string()), ("hours", "2")],
        )
        .await
        .expect(303);
    assert_eq!(r.location(), format!("/practitioners/{id}/asye?saved=time"));
    // The practitioner page links to the programme.
    let p = psw.get(&format!("/practitioners/{id}")).await.expect(200);
    assert!(p.body.contains(&format!("/practitioners/{id}/asye")));
    let cohort = psw.get("/asye").await.expect(200);
    assert!(cohort.body.contains(&format!("/practitioners/{id}/asye")));
}

/// Who received messages whose subject contains `about`, sorted.
fn to_about(mail: &[crate::mailserver::Delivered], about: &str) -> Vec<String> {
    let mut v: Vec<String> = mail
        .iter()
        .filter(|m| m.header("Subject").contains(about))
        .flat_map(|m| m.to.clone())
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn an_overdue_review_is_emailed_once_to_the_nqsw_assessor_and_psw_until_recorded() {
    use mhsw::service::reminders::run_once;
    let mail = crate::mailserver::MailServer::start();
    let t = TestApp::with_settings(mail.settings()).await;
    let id = fresh_nqsw(&t, 6).await;
    // Started 4 months ago: the 3-month review fell due about a month ago, so it is late
    // enough to have reached the PSW.
    start(&t, id, 4).await;
    let nqsw = nqsw_user(&t, id).await;
    let name: String = mhsw::store::engine::query_scalar(format!(
        "SELECT given_name || ' ' || family_name FROM practitioners WHERE id = {id}"
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    let first = run_once(&t.db, &t.settings, today()).await.unwrap();
    assert_eq!(first.failed, 0, "{first:?}");
    let got = mail.take();
    assert_eq!(to_about(&got, "Your ASYE review is overdue"), [nqsw]);
    let about = to_about(&got, &format!("ASYE review overdue: {name}"));
    assert!(about.contains(&SUPERVISOR.to_string()), "{about:?}");
    assert!(about.contains(&PSW.to_string()), "{about:?}");
    let to_nqsw = got
        .iter()
        .find(|m| m.to == [nqsw] && m.header("Subject").contains("ASYE"))
        .unwrap();
    assert!(
        to_nqsw.body().contains("ASYE review was due by"),
        "{}",
        to_nqsw.body()
    );

    // Once only; and nothing more about them once the review is recorded.
    run_once(&t.db, &t.settings, today()).await.unwrap();
    assert!(to_about(&mail.take(), &name).is_empty());
    t.api(SUPERVISOR)
        .await
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{id}/asye/reviews"),
            &json!({"point": "3_month", "held_on": today().to_string(), "outcome": "on_track"}),
        )
        .await
        .expect(200);
    run_once(&t.db, &t.settings, today() + Duration::days(1))
        .await
        .unwrap();
    let later = mail.take();
    assert!(
        to_about(&later, &name).is_empty(),
        "recorded: no more reminders"
    );
    assert!(to_about(&later, "Your ASYE review is overdue").is_empty());
}
