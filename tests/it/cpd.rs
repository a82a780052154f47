//! The CPD e-portfolio: records in SWE's fields, readiness turning green, the content kept
//! to its owner (and supervisors it is shared with), drafting from a held session, the
//! renewal status reading real readiness, exports, and bad input refused with nothing
//! written.

use crate::helpers::*;
use calamine::Reader;
use mhsw::domain::registration::registration_year;
use serde_json::{Value, json};
use time::{Date, Duration};

fn today() -> Date {
    crate::helpers::today()
}

/// The calendar year the current registration year ends in.
fn this_year() -> i32 {
    registration_year(today()).ends.year()
}

async fn pat(t: &TestApp) -> i64 {
    t.scalar_i64(&format!(
        "SELECT practitioner_id FROM users WHERE email = '{PRACTITIONER}'"
    ))
    .await
}

fn record(description: &str, peer: bool, status: &str) -> Value {
    let mut r = json!({
        "cpd_type": "course",
        "activity_on": today().to_string(),
        "description": description,
        "learning": format!("What I learnt from {description}"),
        "impact": "I now explain the nearest relative's rights more clearly to families",
        "standard4_parts": ["4.3", "4.6"],
        "professional_standards": ["1", "4"],
        "year": this_year().to_string(),
        "status": status,
    });
    if peer {
        r["peer_category"] = json!("registered_social_worker");
        r["peer_reflection"] = json!("My colleague pointed out how I could use it in assessments");
    }
    r
}

#[tokio::test]
async fn readiness_turns_green_with_two_different_records_one_with_a_peer_reflection() {
    let t = TestApp::new().await;
    let pat_api = t.api(PRACTITIONER).await;
    let before = pat_api.get("/api/v1/me/cpd").await.expect(200).json();
    assert_eq!(before["year"], this_year());
    let had = before["readiness"]["different"].as_i64().unwrap();
    assert_eq!(
        before["readiness"]["ready"], false,
        "the demo leaves Pat not ready"
    );

    // A draft does not count; an identical copy of a submitted record does not either.
    pat_api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("A draft webinar", true, "draft"),
        )
        .await
        .expect(201);
    let first = pat_api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("AMHP law update", false, "submitted"),
        )
        .await
        .expect(201)
        .json();
    assert_eq!(first["record"]["status"], "submitted");
    assert_eq!(first["is_owner"], true);
    pat_api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("AMHP law update", false, "submitted"),
        )
        .await
        .expect(201);
    let middle = pat_api.get("/api/v1/me/cpd").await.expect(200).json();
    assert_eq!(middle["readiness"]["different"].as_i64().unwrap(), had + 1);

    pat_api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("Team reflective session", true, "submitted"),
        )
        .await
        .expect(201);
    let after = pat_api.get("/api/v1/me/cpd").await.expect(200).json();
    assert_eq!(after["readiness"]["ready"], true, "{}", after["readiness"]);
    assert!(after["readiness"]["missing"].as_array().unwrap().is_empty());

    // The home page says so too.
    let home = t.signed_in(PRACTITIONER).await.get("/").await.expect(200);
    assert!(home.body.contains("Ready for renewal"), "home page");
}

#[tokio::test]
async fn renewal_progress_reads_cpd_readiness() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let year = registration_year(today());
    // Registered until the end of this year: not renewed yet.
    t.api(PSW)
        .await
        .send_json(
            "PUT",
            &format!("/api/v1/practitioners/{pat}/registration"),
            &json!({"status": "registered", "registered_until": year.ends.to_string(),
                    "last_checked_on": today().to_string(), "checked_how": "register_search"}),
        )
        .await
        .expect(200);
    // On the last day of the renewal window, progress follows the portfolio.
    let on = year.ends;
    let settings = mhsw::config::Settings::default();
    let progress = |t: &TestApp| {
        let db = t.db.clone();
        let settings = settings.clone();
        async move {
            let scope = mhsw::policy::PractitionerScope::Own(pat);
            let lines = mhsw::store::registration::lines(&db.pool, &scope)
                .await
                .unwrap();
            let ready = mhsw::service::cpd::ready_for_renewal(&db, &scope, on, &settings.cpd)
                .await
                .unwrap();
            mhsw::service::registration::summarise(lines, &ready, &Default::default(), on).lines[0]
                .renewal
        }
    };
    use mhsw::domain::registration::RenewalProgress;
    assert_eq!(progress(&t).await, Some(RenewalProgress::CpdNotReady));
    let api = t.api(PRACTITIONER).await;
    for (d, peer) in [
        ("Safeguarding adults course", true),
        ("Article on recovery", false),
    ] {
        api.send_json("POST", "/api/v1/me/cpd", &record(d, peer, "submitted"))
            .await
            .expect(201);
    }
    assert_eq!(progress(&t).await, Some(RenewalProgress::NotStarted));
}

#[tokio::test]
async fn bad_input_names_the_field_and_writes_nothing() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let before = t.count("cpd_records").await;
    let last_year = registration_year(today()).starts - Duration::days(1);
    let tomorrow = today() + Duration::days(1);
    let mut outside = record("Outside the year", false, "submitted");
    outside["activity_on"] = json!(last_year.to_string());
    let mut future = record("Tomorrow", false, "draft");
    future["activity_on"] = json!(tomorrow.to_string());
    let mut incomplete = record("Incomplete", false, "submitted");
    incomplete["learning"] = json!("");
    incomplete["impact"] = json!("  ");
    let mut no_peer = record("No peer named", false, "submitted");
    no_peer["peer_reflection"] = json!("We talked it through");
    let mut bad_codes = record("Bad codes", false, "draft");
    bad_codes["standard4_parts"] = json!(["4.9"]);
    bad_codes["cpd_type"] = json!("telepathy");
    for (body, fields) in [
        (outside, vec!["activity_on"]),
        (future, vec!["activity_on"]),
        (incomplete, vec!["learning", "impact"]),
        (no_peer, vec!["peer_category"]),
        (bad_codes, vec!["cpd_type", "standard4_parts"]),
    ] {
        expect_refused(&api, "POST", "/api/v1/me/cpd", &body, &fields).await;
    }
    let r = api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &json!({"description": "x", "activity_on": today().to_string(), "colour": "red"}),
        )
        .await
        .expect(422);
    assert!(r.body.contains("colour"), "{}", r.body);
    assert_eq!(t.count("cpd_records").await, before);

    // The outside-the-year message names the year.
    let web = t.signed_in(PRACTITIONER).await;
    let page = web
        .post_form(
            "/cpd/new",
            &[
                ("year", &this_year().to_string()),
                ("activity_on", &last_year.to_string()),
                ("description", "Old course"),
                ("status", "draft"),
            ],
        )
        .await
        .expect(422);
    assert!(
        page.body.contains("registration year (1 December"),
        "form page"
    );
    assert!(page.body.contains("nhsuk-error-summary"));
    assert_eq!(t.count("cpd_records").await, before);
}

#[tokio::test]
async fn the_content_is_the_practitioners_unless_shared_with_a_named_supervisor() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let api = t.api(PRACTITIONER).await;
    let created = api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("Private reflection on a hard case", true, "submitted"),
        )
        .await
        .expect(201)
        .json();
    let id = created["record"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/cpd/records/{id}");
    let sam = t.api(SUPERVISOR).await;
    let psw = t.api(PSW).await;
    sam.get(&path).await.expect(404);
    psw.get(&path).await.expect(404);

    // The employer sees counts, never the text.
    let overview = psw.get("/api/v1/cpd/readiness").await.expect(200);
    assert!(!overview.body.contains("Private reflection"));
    let line = overview.json()["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["practitioner_id"] == pat)
        .cloned()
        .expect("Pat is in the PSW's view");
    assert!(line["readiness"]["different"].as_i64().unwrap() >= 1);

    // Shared: Sam (named in Pat's agreement) reads it; the PSW (not named) still cannot.
    api.send_json("PUT", &format!("{path}/shared"), &json!({"shared": true}))
        .await
        .expect(200);
    let seen = sam.get(&path).await.expect(200).json();
    assert_eq!(seen["is_owner"], false);
    assert_eq!(
        seen["record"]["description"],
        "Private reflection on a hard case"
    );
    psw.get(&path).await.expect(404);
    let sam_person = sam
        .get(&format!("/api/v1/practitioners/{pat}/cpd"))
        .await
        .expect(200)
        .json();
    assert!(
        sam_person["shared_records"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id)
    );
    let psw_person = psw
        .get(&format!("/api/v1/practitioners/{pat}/cpd"))
        .await
        .expect(200)
        .json();
    assert!(psw_person["shared_records"].as_array().unwrap().is_empty());
    // Sam cannot change it.
    sam.send_json("PUT", &path, &record("Changed by Sam", false, "draft"))
        .await
        .expect(404);

    // Withdrawn: gone again. Every read above was audited.
    api.send_json("PUT", &format!("{path}/shared"), &json!({"shared": false}))
        .await
        .expect(200);
    sam.get(&path).await.expect(404);
    let audited = t
        .scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE record_type = 'cpd_record' AND record_id = '{id}' AND action = 'read'"
        ))
        .await;
    assert!(audited >= 3, "reads audited: {audited}");
}

#[tokio::test]
async fn a_held_session_becomes_one_draft_with_the_supervisor_as_peer() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let sam = t.api(SUPERVISOR).await;
    let created = sam
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
            &json!({"session_type": "professional", "date": today().to_string(), "held": "held",
                    "minutes": "90", "notes": "Confidential notes", "agreed_actions": ""}),
        )
        .await
        .expect(201)
        .json();
    let session = created["session"]["id"].as_i64().unwrap();
    let api = t.api(PRACTITIONER).await;
    let path = format!("/api/v1/supervision/sessions/{session}/cpd");
    let draft = api
        .send_json("POST", &path, &json!({}))
        .await
        .expect(200)
        .json();
    let r = &draft["record"];
    assert_eq!(r["status"], "draft");
    assert_eq!(r["cpd_type"], "supervision");
    assert_eq!(r["peer_category"], "line_manager_or_supervisor");
    assert_eq!(r["activity_on"], today().to_string());
    assert_eq!(r["from_session_id"], session);
    assert!(
        r["description"]
            .as_str()
            .unwrap()
            .contains("Sam Supervisor")
    );
    assert!(!draft.to_string().contains("Confidential notes"));
    let again = api
        .send_json("POST", &path, &json!({}))
        .await
        .expect(200)
        .json();
    assert_eq!(again["record"]["id"], r["id"]);
    // Only the supervisee drafts from it.
    sam.send_json("POST", &path, &json!({})).await.expect(404);

    // A planned session cannot become CPD.
    let planned = sam
        .send_json(
            "POST",
            &format!("/api/v1/practitioners/{pat}/supervision/sessions"),
            &json!({"session_type": "professional", "date": (today() + Duration::days(7)).to_string()}),
        )
        .await
        .expect(201)
        .json();
    let p = planned["session"]["id"].as_i64().unwrap();
    let refused = api
        .send_json(
            "POST",
            &format!("/api/v1/supervision/sessions/{p}/cpd"),
            &json!({}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&refused), vec!["session"]);

    // The page version lands on the draft's form.
    let web = t.signed_in(PRACTITIONER).await;
    let res = web
        .post_form(&format!("/supervision/sessions/{session}/cpd"), &[])
        .await
        .expect(303);
    assert_eq!(res.location(), format!("/cpd/records/{}/edit", r["id"]));
}

#[tokio::test]
async fn drafts_can_be_deleted_but_submitted_records_cannot() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    let draft = api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("Draft to delete", false, "draft"),
        )
        .await
        .expect(201)
        .json()["record"]["id"]
        .as_i64()
        .unwrap();
    let submitted = api
        .send_json(
            "POST",
            "/api/v1/me/cpd",
            &record("Keep me", false, "submitted"),
        )
        .await
        .expect(201)
        .json()["record"]["id"]
        .as_i64()
        .unwrap();
    api.send_json(
        "DELETE",
        &format!("/api/v1/cpd/records/{draft}"),
        &json!({}),
    )
    .await
    .expect(204);
    let refused = api
        .send_json(
            "DELETE",
            &format!("/api/v1/cpd/records/{submitted}"),
            &json!({}),
        )
        .await
        .expect(422);
    assert!(refused.body.contains("Only a draft can be deleted"));
    t.api(SUPERVISOR)
        .await
        .send_json(
            "DELETE",
            &format!("/api/v1/cpd/records/{submitted}"),
            &json!({}),
        )
        .await
        .expect(404);
    api.get(&format!("/api/v1/cpd/records/{submitted}"))
        .await
        .expect(200);
    api.get(&format!("/api/v1/cpd/records/{draft}"))
        .await
        .expect(404);
}

#[tokio::test]
async fn the_year_exports_in_swe_form_order_as_text_and_xlsx() {
    let t = TestApp::new().await;
    let api = t.api(PRACTITIONER).await;
    api.send_json(
        "POST",
        "/api/v1/me/cpd",
        &record("Best interests webinar", true, "submitted"),
    )
    .await
    .expect(201);
    let web = t.signed_in(PRACTITIONER).await;
    let year = this_year();
    let text = web
        .get(&format!("/cpd/export.txt?year={year}"))
        .await
        .expect(200);
    assert!(
        text.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains(".txt")
    );
    let order = [
        "Type of CPD:",
        "Description and why it is relevant:\nBest interests webinar",
        "Date:",
        "What I learnt:",
        "Impact on my practice",
        "Peer reflection (P)",
    ];
    let body = &text.body;
    let start = body.find("Best interests webinar").unwrap();
    let record_text = &body[body[..start].rfind("--- Record").unwrap()..];
    let positions: Vec<usize> = order
        .iter()
        .map(|l| {
            record_text
                .find(l)
                .unwrap_or_else(|| panic!("{l} in {record_text}"))
        })
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");

    let page = web
        .get(&format!("/cpd/export?year={year}"))
        .await
        .expect(200);
    assert!(page.body.contains("Best interests webinar"));

    let bytes = web
        .get_bytes(&format!("/cpd/export.xlsx?year={year}"))
        .await;
    let mut book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("CPD").unwrap();
    let header: Vec<String> = (0..6)
        .map(|c| {
            sheet
                .get_value((3, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(header[0], "Type of CPD");
    assert_eq!(header[2], "Date");
    let found = (4..sheet.height() as u32).any(|r| {
        sheet.get_value((r, 1)).map(|d| d.to_string()) == Some("Best interests webinar".into())
    });
    assert!(found, "the record is a row of the sheet");
    let exports = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND record_type = 'cpd_portfolio'")
        .await;
    assert_eq!(exports, 3);
}

#[tokio::test]
async fn the_pages_work_for_the_practitioner_and_the_readiness_view_for_managers() {
    let t = TestApp::new().await;
    let pat = pat(&t).await;
    let web = t.signed_in(PRACTITIONER).await;
    let year = this_year().to_string();
    web.get("/cpd").await.expect(200);
    web.get(&format!("/cpd/new?year={year}")).await.expect(200);
    let res = web
        .post_form(
            "/cpd/new",
            &[
                ("year", &year),
                ("cpd_type", "reading_research"),
                ("activity_on", &today().to_string()),
                ("description", "Read about trauma-informed practice"),
                ("learning", "How trauma shapes engagement"),
                ("impact", "Slower, safer first visits"),
                ("peer_category", "other_professional"),
                ("peer_reflection", "A psychologist helped me see patterns"),
                ("standard4_parts", "4.3"),
                ("standard4_parts", "4.6"),
                ("status", "submitted"),
            ],
        )
        .await
        .expect(303);
    let page = web.get(res.location()).await.expect(200);
    assert!(page.body.contains("Read about trauma-informed practice"));
    assert!(
        page.body
            .contains("4.3 Research, theories and frameworks; 4.6 Reflection")
    );
    let id: i64 = res
        .location()
        .trim_start_matches("/cpd/records/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    web.get(&format!("/cpd/records/{id}/edit"))
        .await
        .expect(200);
    web.post_form(&format!("/cpd/records/{id}/share"), &[("shared", "yes")])
        .await
        .expect(303);

    let psw = t.signed_in(PSW).await;
    let overview = psw.get("/cpd/readiness").await.expect(200);
    assert!(overview.body.contains("CPD readiness"));
    assert!(!overview.body.contains("trauma-informed"));
    let person = psw
        .get(&format!("/practitioners/{pat}/cpd"))
        .await
        .expect(200);
    assert!(!person.body.contains("trauma-informed"));
    let sam_person = t
        .signed_in(SUPERVISOR)
        .await
        .get(&format!("/practitioners/{pat}/cpd"))
        .await
        .expect(200);
    assert!(sam_person.body.contains("trauma-informed"));
}

#[tokio::test]
async fn the_development_page_gathers_cpd_asye_and_roles_for_each_role() {
    let t = TestApp::new().await;
    let pat = t
        .signed_in(PRACTITIONER)
        .await
        .get("/development")
        .await
        .expect(200);
    assert!(pat.body.contains(">Development</a>"), "in the navigation");
    assert!(pat.body.contains("My CPD"));
    assert!(
        !pat.body.contains("CPD readiness</a>"),
        "a practitioner sees no one else's"
    );
    let psw = t.signed_in(PSW).await.get("/development").await.expect(200);
    for card in [
        "CPD readiness",
        "ASYE cohort",
        "AMHP and post-qualifying roles",
    ] {
        assert!(psw.body.contains(card), "{card}");
    }
    // The analyst has no practitioner record and oversees none of it: no navigation item.
    let analyst = t.signed_in(ANALYST).await.get("/").await.expect(200);
    assert!(!analyst.body.contains(">Development</a>"));
}

/// CPD kept in the regulator's account, declared per registration year, counts towards
/// readiness everywhere and is always marked as declared, never as evidence.
#[tokio::test]
async fn cpd_declared_as_held_with_social_work_england_counts_and_is_marked_declared() {
    let t = TestApp::new().await;
    let pat = t.user_id(PRACTITIONER).await;
    let pat = t
        .scalar_i64(&format!(
            "SELECT practitioner_id FROM users WHERE id = {pat}"
        ))
        .await;
    let year = mhsw::domain::registration::registration_year(crate::helpers::today())
        .ends
        .year();
    let api = t.api(PRACTITIONER).await;
    mhsw::store::engine::query("DELETE FROM cpd_records WHERE practitioner_id = $1")
        .bind(pat)
        .execute(&t.db.pool)
        .await
        .unwrap();
    let bad = api
        .send_json(
            "PUT",
            "/api/v1/me/cpd/declaration",
            &json!({"year": year, "records": "lots", "peer_reflection": "perhaps"}),
        )
        .await
        .expect(422)
        .json();
    assert_eq!(field_errors(&bad), ["records", "peer_reflection"]);
    let r = api
        .send_json(
            "PUT",
            "/api/v1/me/cpd/declaration",
            &json!({"year": year, "records": 2, "peer_reflection": true}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(r["ready"], true, "{r}");
    assert_eq!(r["evidenced"], false);
    assert_eq!(
        r["declared"],
        json!({"records": 2, "peer_reflection": true})
    );
    assert_eq!(r["different"], 0, "mhsw's own count is not inflated");

    // The PSW sees Pat ready, and that it rests on a declaration.
    let overview = t
        .api(PSW)
        .await
        .get("/api/v1/cpd/readiness")
        .await
        .expect(200)
        .json();
    let line = overview["lines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["practitioner_id"] == pat)
        .cloned()
        .unwrap();
    assert_eq!(line["readiness"]["ready"], true);
    assert_eq!(line["readiness"]["evidenced"], false);
    let page = t
        .signed_in(PSW)
        .await
        .get("/cpd/readiness")
        .await
        .expect(200)
        .body;
    assert!(page.contains("Includes CPD declared as held with Social Work England"));

    // The form says the same on the portfolio; 0 clears it.
    let web = t.signed_in(PRACTITIONER).await;
    let refused = web
        .post_form(
            "/cpd/declaration",
            &[("year", &year.to_string()), ("records", "x")],
        )
        .await
        .expect(422)
        .body;
    assert!(refused.contains("Enter how many records"));
    web.post_form(
        "/cpd/declaration",
        &[
            ("year", &year.to_string()),
            ("records", "0"),
            ("peer_reflection", "no"),
        ],
    )
    .await
    .expect(303);
    let portfolio = web.get(&format!("/cpd?year={year}")).await.expect(200).body;
    assert!(!portfolio.contains("(declared, not evidenced here)"));
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM cpd_declarations").await,
        0
    );
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE record_type = 'cpd_declaration'")
            .await,
        2
    );
}
