//! An organisation's workforce intelligence (`/workforce`, its XLSX and
//! `GET /api/v1/workforce/intelligence`) and the figures it is given (`/workforce/plan`,
//! `PUT /api/v1/workforce/...`), on the demo trust.

use crate::helpers::*;
use calamine::Reader;
use serde_json::{Value, json};

async fn intelligence(t: &TestApp, query: &str) -> Value {
    t.api(PSW)
        .await
        .get(&format!("/api/v1/workforce/intelligence{query}"))
        .await
        .expect(200)
        .json()
}

fn rows<'a>(v: &'a Value, list: &str, by: &str) -> &'a Vec<Value> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["by"] == by)
        .unwrap_or_else(|| panic!("no {by} breakdown"))["rows"]
        .as_array()
        .unwrap()
}

/// Every exact breakdown adds up to the people in post, which is the count the other
/// pages give; every equality breakdown hides small groups and never one alone.
#[tokio::test]
async fn every_breakdown_of_the_organisation_adds_up_and_equality_is_controlled() {
    let t = TestApp::new().await;
    let v = intelligence(&t, "").await;
    let headcount = v["headcount"].as_u64().unwrap();
    let in_post = t
        .api(WORKFORCE)
        .await
        .get("/api/v1/workforce")
        .await
        .expect(200)
        .json()["total"]
        .as_u64()
        .unwrap();
    assert_eq!(
        headcount, in_post,
        "the same people as the other pages count"
    );
    for by in [
        "team",
        "service_model",
        "arrangement",
        "role_category",
        "band",
        "career_stage",
    ] {
        let sum: u64 = rows(&v, "breakdowns", by)
            .iter()
            .map(|r| r["headcount"].as_u64().unwrap())
            .sum();
        // People in no team are listed as "No team", so the team breakdown adds up too.
        assert_eq!(sum, headcount, "{by}");
    }
    let limit = t.settings.privacy.disclosure.suppress_up_to;
    for by in ["age_group", "ethnic_category", "sex", "disability"] {
        let r = rows(&v, "equality", by);
        let hidden = r.iter().filter(|c| c["headcount"] == "*").count();
        assert_ne!(
            hidden, 1,
            "{by}: a lone hidden group could be subtracted out"
        );
        for c in r {
            match c["headcount"].as_u64() {
                Some(n) => assert!(n == 0 || n > limit, "{by}: {c}"),
                None => assert_eq!(c["wte"], "*", "{by}: WTE hidden with its headcount"),
            }
        }
    }
    assert!(v["wte_per_100k"].as_f64().unwrap() > 0.0);
    // The demo trust's figures: establishments for all teams but one, two data years.
    let vacancies = v["vacancies"].as_array().unwrap();
    assert_eq!(
        vacancies
            .iter()
            .filter(|t| t["establishment"].is_null())
            .count(),
        1
    );
    for team in vacancies.iter().filter(|t| !t["establishment"].is_null()) {
        let e = team["establishment"].as_f64().unwrap();
        let p = team["in_post"].as_f64().unwrap();
        assert!(
            (team["vacancy"].as_f64().unwrap() - (e - p)).abs() < 0.001,
            "{team}"
        );
    }
    assert_eq!(v["amhp"]["in_training"], 2);
    // Succession is the post-qualifying overview's count, as this reader may see it.
    let pq = t
        .api(PSW)
        .await
        .get("/api/v1/post-qualifying")
        .await
        .expect(200)
        .json();
    assert_eq!(v["amhp"]["succession_count"], pq["succession"]["count"]);
    assert_eq!(v["amhp"]["succession_age"], pq["succession"]["age"]);
    assert_eq!(v["amhp"]["bias_in_training"], 1);
    assert_eq!(v["years"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["race_equality"]["appointment"]["likelihood"]["shown"], "value",
        "the demo's recruitment counts are all above the limit: {}",
        v["race_equality"]
    );
    // Each read is audited.
    assert_eq!(
        t.scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND record_type = 'workforce intelligence'"
        )
        .await,
        1
    );
    // Read again with no write between: kept, the same, and audited again.
    assert_eq!(intelligence(&t, "").await, v);
    assert_eq!(
        t.scalar_i64(
            "SELECT COUNT(*) FROM audit_log WHERE action = 'view' AND record_type = 'workforce intelligence'"
        )
        .await,
        2
    );
}

/// A filtered view counts only its part, and gives no equality figures: they would be
/// subtracted from the whole organisation's.
#[tokio::test]
async fn a_filtered_view_narrows_every_count_and_withholds_equality_figures() {
    let t = TestApp::new().await;
    let whole = intelligence(&t, "").await;
    let team = &rows(&whole, "breakdowns", "team")[0];
    let id = team["code"].as_str().unwrap();
    let v = intelligence(&t, &format!("?team={id}")).await;
    assert_eq!(v["headcount"], team["headcount"]);
    assert!(
        v["equality"].is_null() && v["race_equality"].is_null(),
        "{v}"
    );
    assert_eq!(v["vacancies"].as_array().unwrap().len(), 1);
    assert!(v["wte_per_100k"].is_null());
    let own = intelligence(&t, "?arrangement=seconded_from_council").await;
    let seconded = rows(&whole, "breakdowns", "arrangement")
        .iter()
        .find(|r| r["code"] == "seconded_from_council")
        .unwrap()["headcount"]
        .clone();
    assert_eq!(own["headcount"], seconded);
    // A filter naming nothing is refused by name; another organisation's team is not found.
    let c = t.api(PSW).await;
    let r = c
        .get("/api/v1/workforce/intelligence?service_model=nonsense")
        .await
        .expect(422);
    assert_eq!(field_errors(&r.json()), vec!["service_model"]);
    let harbour = t.org_id("HH9C3").await;
    let theirs = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM teams WHERE org_id = {harbour}"
        ))
        .await;
    c.get(&format!("/api/v1/workforce/intelligence?team={theirs}"))
        .await
        .expect(404);
}

/// Establishments are written all or none: one wrong figure is named by its team and
/// nothing changes; then the vacancies follow what was entered.
#[tokio::test]
async fn establishments_are_all_or_nothing_and_give_the_vacancies() {
    let t = TestApp::new().await;
    let before = intelligence(&t, "").await;
    let teams = before["vacancies"].as_array().unwrap();
    let (a, b) = (
        teams[0]["team_id"].as_i64().unwrap(),
        teams[1]["team_id"].as_i64().unwrap(),
    );
    let c = t.api(WORKFORCE).await;
    let bad = json!({"teams": [{"team_id": a, "establishment_wte": 20.0}, {"team_id": b, "establishment_wte": 1.234}]});
    let r = c
        .send_json("PUT", "/api/v1/workforce/establishments", &bad)
        .await
        .expect(422);
    assert_eq!(field_errors(&r.json()), vec![format!("establishment_{b}")]);
    let after = intelligence(&t, "").await;
    assert_eq!(
        after["vacancies"][0]["establishment"], teams[0]["establishment"],
        "nothing written"
    );
    let good = json!({"teams": [{"team_id": a, "establishment_wte": 20.0}, {"team_id": b, "establishment_wte": null}]});
    c.send_json("PUT", "/api/v1/workforce/establishments", &good)
        .await
        .expect(200);
    let after = intelligence(&t, "").await;
    let first = &after["vacancies"][0];
    assert_eq!(first["establishment"], 20.0);
    let in_post = first["in_post"].as_f64().unwrap();
    assert!((first["vacancy"].as_f64().unwrap() - (20.0 - in_post)).abs() < 0.001);
    assert!(after["vacancies"][1]["establishment"].is_null());
    // Another organisation's team is not found, and nothing is written.
    let harbour = t.org_id("HH9C3").await;
    let theirs = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM teams WHERE org_id = {harbour}"
        ))
        .await;
    c.send_json(
        "PUT",
        "/api/v1/workforce/establishments",
        &json!({"teams": [{"team_id": theirs, "establishment_wte": 3.0}]}),
    )
    .await
    .expect(404);
    // The page's form names the team in its error summary.
    let page = t.signed_in(PSW).await;
    let field = format!("establishment_{a}");
    let r = page
        .post_form(
            "/workforce/plan/establishments",
            &[(field.as_str(), "lots")],
        )
        .await
        .expect(422);
    assert!(
        r.body.contains("nhsuk-error-summary") && r.body.contains(&format!("#{field}")),
        "{}",
        &r.body[..200]
    );
    page.post_form("/workforce/plan/establishments", &[(field.as_str(), "7.5")])
        .await
        .expect(303);
}

/// A year's figures are checked field by field, replace the year's earlier figures, and
/// give the WRES likelihoods only through the disclosure policy.
#[tokio::test]
async fn a_years_figures_give_the_likelihoods_only_above_the_limit() {
    let t = TestApp::new().await;
    let c = t.api(PSW).await;
    let year = crate::helpers::today().year() + 1;
    let r = c
        .send_json(
            "PUT",
            "/api/v1/workforce/years",
            &json!({"year_ending": 2031 + year, "shortlisted_white": 10, "appointed_white": 12}),
        )
        .await
        .expect(422);
    let fields = field_errors(&r.json());
    assert!(
        fields.contains(&"year_ending".to_string())
            && fields.contains(&"appointed_white".to_string()),
        "{fields:?}"
    );
    let this_year = mhsw::domain::workforce::year::year_ending_for(crate::helpers::today()).year();
    let body = json!({"year_ending": this_year, "student_placements": 9,
        "shortlisted_white": 80, "appointed_white": 20, "shortlisted_bme": 80, "appointed_bme": 10,
        "disciplinary_white": 1, "disciplinary_bme": 3});
    c.send_json("PUT", "/api/v1/workforce/years", &body)
        .await
        .expect(200);
    let v = intelligence(&t, "").await;
    let re = &v["race_equality"];
    assert_eq!(
        re["appointment"]["year_ending"],
        format!("{this_year}-03-31")
    );
    assert_eq!(
        re["appointment"]["likelihood"],
        json!({"shown": "value", "value": 2.0})
    );
    assert_eq!(
        re["disciplinary"]["likelihood"],
        json!({"shown": "too_few"}),
        "3 and 1 are within the limit"
    );
    let latest = &v["years"][0];
    assert_eq!(latest["student_placements"], 9);
    assert_eq!(
        latest["disciplinary_bme"], "*",
        "a small entered count is suppressed too"
    );
    assert_eq!(latest["shortlisted_white"], 80);
    // Saving the year again replaces it.
    c.send_json(
        "PUT",
        "/api/v1/workforce/years",
        &json!({"year_ending": this_year}),
    )
    .await
    .expect(200);
    let v = intelligence(&t, "").await;
    assert!(v["years"][0]["student_placements"].is_null());
    assert_eq!(v["years"].as_array().unwrap().len(), 3);
}

/// Changing someone's band starts a new row of their post history, from the day of the
/// change; a change to anything else (their name) does not.
#[tokio::test]
async fn a_change_of_post_is_kept_in_the_history() {
    let t = TestApp::new().await;
    let id = t.first_trust_practitioner().await;
    let sql = format!("SELECT COUNT(*) FROM practitioner_posts WHERE practitioner_id = {id}");
    let before = t.scalar_i64(&sql).await;
    assert!(before >= 1, "every practitioner has a first row");
    let actor = t.actor(PSW).await;
    let (p, eq) = mhsw::service::practitioners::get(&t.db, &actor, id)
        .await
        .unwrap();
    let (mut fields, eq) = mhsw::domain::practitioner::PractitionerInput::from_practitioner(
        &p,
        &eq.unwrap_or_default(),
    )
    .parse(crate::helpers::today())
    .unwrap();
    fields.given_name = "Renamed".into();
    mhsw::service::practitioners::update(&t.db, &actor, id, &fields, &eq, crate::helpers::today())
        .await
        .unwrap();
    assert_eq!(
        t.scalar_i64(&sql).await,
        before,
        "a new name is not a new post"
    );
    fields.band = if p.band == "8a" {
        "8b".into()
    } else {
        "8a".into()
    };
    mhsw::service::practitioners::update(&t.db, &actor, id, &fields, &eq, crate::helpers::today())
        .await
        .unwrap();
    assert_eq!(t.scalar_i64(&sql).await, before + 1);
    let history = mhsw::store::workforce::history_of(&t.db.pool, id)
        .await
        .unwrap();
    assert_eq!(history[0].band, fields.band);
    assert_eq!(history[0].effective_from, crate::helpers::today());
    // The record's page shows it to those who may change the record, and no one else.
    let page = t
        .signed_in(PSW)
        .await
        .get(&format!("/practitioners/{id}"))
        .await
        .expect(200);
    assert!(page.body.contains("Post history"));
    let supervisor = t
        .signed_in(SUPERVISOR)
        .await
        .get(&format!("/practitioners/{id}"))
        .await;
    assert!(!supervisor.body.contains("Post history"));
}

/// The XLSX holds what the page shows: a summary, each breakdown, vacancies and years.
#[tokio::test]
async fn the_workbook_has_every_breakdown() {
    let t = TestApp::new().await;
    let bytes = t
        .signed_in(WORKFORCE)
        .await
        .get_bytes("/workforce.xlsx")
        .await;
    let book = calamine::Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    for sheet in [
        "Summary",
        "Team",
        "Service model",
        "Ethnic category",
        "Vacancies",
        "Years",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} in {names:?}");
    }
    // The national analyst has no organisation's intelligence to read.
    t.signed_in(ANALYST)
        .await
        .get("/workforce.xlsx")
        .await
        .expect(403);
}
