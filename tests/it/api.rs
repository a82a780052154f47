//! The JSON API: the same rules as the pages, RFC 9457 problem details, size limits.

use crate::helpers::*;
use serde_json::json;

fn practitioner_json(trust: i64, email: &str, swe: &str) -> serde_json::Value {
    json!({
        "given_name": "Grace", "family_name": "Hopper", "work_email": email, "swe_number": swe,
        "employer_org_id": trust.to_string(), "host_org_id": trust.to_string(), "team_id": "",
        "role_category": "sw_required", "career_stage": "senior", "band": "7", "wte": "1.0",
        "start_date": "2019-09-01", "end_date": "", "pq_roles": ["practice_educator"]
    })
}

#[tokio::test]
async fn create_read_and_update_a_practitioner() {
    let t = TestApp::new().await;
    let c = t.api(WORKFORCE).await;
    let trust = t.org_id("R9N").await;
    let mut body = practitioner_json(trust, "grace.hopper@northshire.example.nhs.uk", "SW4242");
    body["ethnic_category"] = json!("N");
    let created = c
        .send_json("POST", "/api/v1/practitioners", &body)
        .await
        .expect(201)
        .json();
    assert_eq!(created["swe_number"], "SW4242");
    assert_eq!(created["equality"]["ethnic_category"], "N");
    let id = created["id"].as_i64().unwrap();
    body["wte"] = json!("0.6");
    let updated = c
        .send_json("PUT", &format!("/api/v1/practitioners/{id}"), &body)
        .await
        .expect(200)
        .json();
    assert_eq!(updated["wte"], 0.6);
}

#[tokio::test]
async fn invalid_json_gets_problem_details_naming_each_field() {
    let t = TestApp::new().await;
    let c = t.api(PSW).await;
    let trust = t.org_id("R9N").await;
    let mut body = practitioner_json(trust, "bad", "SWX");
    body["start_date"] = json!("2024-13-01");
    let before = t.count("practitioners").await;
    let res = c
        .send_json("POST", "/api/v1/practitioners", &body)
        .await
        .expect(422);
    assert_eq!(
        res.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
    let p = res.json();
    assert_eq!(p["status"], 422);
    let fields: Vec<&str> = p["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["work_email", "swe_number", "start_date"]);
    assert_eq!(t.count("practitioners").await, before);
    let unknown = c
        .send_json(
            "POST",
            "/api/v1/teams",
            &json!({"name": "X", "service_model": "other", "colour": "blue"}),
        )
        .await
        .expect(422)
        .json();
    assert!(
        unknown["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("unknown field `colour`")
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let mut s = mhsw::config::Settings::default();
    s.server.max_body_bytes = 2048;
    let t = TestApp::with_settings(s).await;
    let c = t.api(PSW).await;
    let big = json!({"name": "x".repeat(5000), "service_model": "other"});
    let res = c.send_json("POST", "/api/v1/teams", &big).await.expect(413);
    assert_eq!(res.headers["content-type"], "application/problem+json");
    let form = t.signed_in(PSW).await;
    let res = form
        .post_form(
            "/teams/new",
            &[("name", &"y".repeat(5000)), ("service_model", "other")],
        )
        .await
        .expect(303);
    assert_eq!(res.location(), "/teams/new?too_large=form");
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM teams WHERE service_model = 'other'")
            .await,
        0
    );
}

#[tokio::test]
async fn another_organisations_record_is_404_not_403() {
    let t = TestApp::new().await;
    let harbour = t.org_id("HH9C3").await;
    let team = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM teams WHERE org_id = {harbour}"
        ))
        .await;
    let c = t.api(PSW).await;
    c.get(&format!("/api/v1/teams/{team}")).await.expect(404);
    c.send_json(
        "PUT",
        &format!("/api/v1/teams/{team}"),
        &json!({"name": "Taken over", "service_model": "other"}),
    )
    .await
    .expect(404);
    c.get(&format!("/api/v1/organisations/{harbour}"))
        .await
        .expect(404);
}

/// Refusals are security events: each out-of-scope id (404) and each route the role does
/// not allow (403) leaves an audit row naming who, what and which id.
#[tokio::test]
async fn refused_reads_and_the_user_list_are_audited() {
    let t = TestApp::new().await;
    let harbour = t.org_id("HH9C3").await;
    let theirs = t
        .scalar_i64(&format!(
            "SELECT MIN(id) FROM practitioners WHERE employer_org_id = {harbour}"
        ))
        .await;
    let psw = t.user_id(PSW).await;
    t.api(PSW)
        .await
        .get(&format!("/api/v1/practitioners/{theirs}"))
        .await
        .expect(404);
    t.signed_in(PSW)
        .await
        .get(&format!("/practitioners/{theirs}"))
        .await
        .expect(404);
    let refused = |route: &str| {
        format!(
            "SELECT COUNT(*) FROM audit_log WHERE actor_user_id = {psw}
             AND action = 'refused: not found or out of scope' AND record_type = '{route}'
             AND record_id = '{theirs}'"
        )
    };
    assert_eq!(
        t.scalar_i64(&refused("/api/v1/practitioners/{id}")).await,
        1
    );
    assert_eq!(t.scalar_i64(&refused("/practitioners/{id}")).await, 1);

    let pat = t.user_id(PRACTITIONER).await;
    t.api(PRACTITIONER)
        .await
        .get("/api/v1/users")
        .await
        .expect(403);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE actor_user_id = {pat}
             AND action = 'refused: not allowed' AND detail = 'GET /api/v1/users'"
        ))
        .await,
        1
    );

    let admin = t.user_id(ADMIN).await;
    let listed = t
        .api(ADMIN)
        .await
        .get("/api/v1/users")
        .await
        .expect(200)
        .json();
    let shown = listed.as_array().unwrap().len() as i64;
    let detail: String = mhsw::store::engine::query_scalar(format!(
        "SELECT detail FROM audit_log WHERE actor_user_id = {admin} AND action = 'list' AND record_type = 'user'"
    ))
    .fetch_one(&t.db.pool)
    .await
    .unwrap();
    assert_eq!(detail.split_whitespace().skip(1).count() as i64, shown);
}
