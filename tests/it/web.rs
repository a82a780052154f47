//! Lists (search, filter, sort, paging), forms, health, and pages every role relies on.

use crate::helpers::*;

#[tokio::test]
async fn practitioner_lists_search_filter_sort_and_page_on_the_server() {
    let t = TestApp::new().await;
    let c = t.api(PSW).await;
    let all = c
        .get("/api/v1/practitioners?page_size=100")
        .await
        .expect(200)
        .json();
    let total = all["total"].as_i64().unwrap();
    assert!(total > 25);
    let p1 = c
        .get("/api/v1/practitioners?page_size=10&sort=name")
        .await
        .json();
    let p2 = c
        .get("/api/v1/practitioners?page_size=10&sort=name&page=2")
        .await
        .json();
    assert_eq!(p1["items"].as_array().unwrap().len(), 10);
    assert_ne!(p1["items"][0]["id"], p2["items"][0]["id"]);
    let names: Vec<String> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| format!("{} {}", p["family_name"], p["given_name"]))
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(names, sorted, "default order is by name");
    let desc = c
        .get("/api/v1/practitioners?page_size=100&sort=wte&dir=desc")
        .await
        .json();
    let wtes: Vec<f64> = desc["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["wte"].as_f64().unwrap())
        .collect();
    assert!(wtes.windows(2).all(|w| w[0] >= w[1]));
    let first = &all["items"][0];
    let found = c
        .get(&format!(
            "/api/v1/practitioners?q={}",
            first["family_name"].as_str().unwrap().to_lowercase()
        ))
        .await
        .json();
    assert!(
        found["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == first["id"])
    );
    let amhps = c
        .get("/api/v1/practitioners?pq_role=amhp&page_size=100")
        .await
        .json();
    assert!(amhps["items"].as_array().unwrap().iter().all(|p| {
        p["pq_roles"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r == "amhp")
    }));
    let wildcard = c.get("/api/v1/practitioners?q=%25").await.json();
    assert_eq!(
        wildcard["total"], 0,
        "a % in the search is a literal, not a wildcard"
    );
}

#[tokio::test]
async fn the_list_page_renders_sort_links_paging_and_no_empty_cells() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let page = c.get("/practitioners?sort=team").await.expect(200).body;
    assert!(page.contains("aria-sort=\"ascending\""));
    assert!(page.contains("sort=team&amp;dir=desc"));
    assert!(page.contains("nhsuk-pagination") && page.contains("Page 2 of"));
    assert!(page.contains("<caption id=\"practitioners-caption\" class=\"nhsuk-table__caption\">"));
    assert!(
        page.contains("role=\"region\" aria-labelledby=\"practitioners-caption\" tabindex=\"0\""),
        "a wide table scrolls in its own labelled region"
    );
    assert!(page.contains("nhsuk-table__cell--numeric"));
    assert!(!page.contains("<td class=\"nhsuk-table__cell\"></td>"));
}

/// The option marked `selected` in the `<select>` with this id, if any.
fn selected_option(page: &str, select_id: &str) -> Option<String> {
    let start = page.find(&format!(
        "<select class=\"nhsuk-select\" id=\"{select_id}\""
    ))?;
    let select = &page[start..start + page[start..].find("</select>")?];
    let option = &select[..select.find("\" selected>")?];
    Some(option[option.rfind("value=\"")? + 7..].to_string())
}

#[tokio::test]
async fn the_change_form_comes_back_filled_in_with_the_current_record() {
    let t = TestApp::new().await;
    let c = t.signed_in(WORKFORCE).await;
    let id = t.first_trust_practitioner().await;
    let trust = t.org_id("R9N").await.to_string();
    let team = t
        .scalar_i64(&format!(
            "SELECT team_id FROM practitioners WHERE id = {id}"
        ))
        .await
        .to_string();
    let page = c
        .get(&format!("/practitioners/{id}/edit"))
        .await
        .expect(200)
        .body;
    assert_eq!(
        selected_option(&page, "employer_org_id"),
        Some(trust.clone())
    );
    assert_eq!(selected_option(&page, "host_org_id"), Some(trust));
    assert_eq!(selected_option(&page, "team_id"), Some(team));
    assert!(selected_option(&page, "career_stage").is_some());
    assert!(selected_option(&page, "band").is_some());
}

#[tokio::test]
async fn teams_are_added_with_the_error_summary_pattern_on_bad_input() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let res = c
        .post_form("/teams/new", &[("name", ""), ("service_model", "nonsense")])
        .await
        .expect(422);
    assert!(
        res.body.contains("There is a problem")
            && res.body.contains("Enter the team name")
            && res.body.contains("Select the service model from the list")
    );
    let res = c
        .post_form(
            "/teams/new",
            &[("name", "Home Treatment East"), ("service_model", "crisis")],
        )
        .await
        .expect(303);
    let page = c.get(res.location()).await.expect(200).body;
    assert!(page.contains("Home Treatment East") && page.contains("Crisis and home treatment"));
    let dup = c
        .post_form(
            "/teams/new",
            &[("name", "Home Treatment East"), ("service_model", "crisis")],
        )
        .await
        .expect(422);
    assert!(dup.body.contains("already has a team with this name"));
}

#[tokio::test]
async fn the_org_admin_manages_users_and_roles() {
    let t = TestApp::new().await;
    let c = t.signed_in(ADMIN).await;
    let res = c
        .post_form(
            "/users/new",
            &[
                ("display_name", "Nadia New"),
                ("email", "nadia.new@northshire.example.nhs.uk"),
                ("roles", "supervisor"),
                ("roles", "practitioner"),
                ("active", "yes"),
                ("password", "long-enough-password"),
            ],
        )
        .await
        .expect(303);
    assert_eq!(res.location(), "/users?saved=1");
    let list = c.get("/users").await.expect(200).body;
    assert!(list.contains("Nadia New") && list.contains("Practitioner, Supervisor"));
    let bad = c
        .post_form(
            "/users/new",
            &[
                ("display_name", "X"),
                ("email", "x@northshire.example.nhs.uk"),
                ("roles", "national_analyst"),
                ("password", "short"),
            ],
        )
        .await
        .expect(422);
    assert!(
        bad.body.contains("National analysts are set up nationally")
            && bad.body.contains("at least 12 characters")
    );
    let me = t.user_id(ADMIN).await;
    let own = c
        .post_form(
            &format!("/users/{me}/edit"),
            &[
                ("display_name", "Adam Admin"),
                ("email", ADMIN),
                ("roles", "practitioner"),
                ("active", "yes"),
            ],
        )
        .await
        .expect(422);
    assert!(
        own.body
            .contains("cannot remove your own organisation admin role")
    );
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions() {
    let t = TestApp::new().await;
    let victim = t.signed_in(PSW).await;
    victim.get("/").await.expect(200);
    let id = t.user_id(PSW).await;
    t.signed_in(ADMIN)
        .await
        .post_form(
            &format!("/users/{id}/edit"),
            &[
                ("display_name", "Priya Principal"),
                ("email", PSW),
                ("roles", "principal_social_worker"),
                ("active", "no"),
            ],
        )
        .await
        .expect(303);
    victim.get("/").await.expect(303);
}

#[tokio::test]
async fn the_org_admin_edits_their_own_organisation_only() {
    let t = TestApp::new().await;
    let c = t.signed_in(ADMIN).await;
    let trust = t.org_id("R9N").await;
    let council = t.org_id("LA9N1").await;
    let ok = [
        ("name", "Northshire Mental Health NHS Foundation Trust"),
        ("ods_code", "r9n"),
        ("org_type", "nhs_trust"),
        ("region", "Y62"),
        ("population", "1,200,000"),
        ("is_nhs_body", "yes"),
    ];
    c.post_form(&format!("/organisations/{trust}/edit"), &ok)
        .await
        .expect(303);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT population FROM organisations WHERE id = {trust}"
        ))
        .await,
        1_200_000
    );
    c.post_form(&format!("/organisations/{council}/edit"), &ok)
        .await
        .expect(404);
    let clash = [
        ("name", "X"),
        ("ods_code", "LA9N1"),
        ("org_type", "nhs_trust"),
        ("region", "Y62"),
        ("population", ""),
        ("is_nhs_body", "yes"),
    ];
    let res = c
        .post_form(&format!("/organisations/{trust}/edit"), &clash)
        .await
        .expect(422);
    assert!(
        res.body
            .contains("Another organisation already has this ODS code")
    );
}

#[tokio::test]
async fn the_national_analyst_sees_suppressed_aggregates_only() {
    let t = TestApp::new().await;
    let c = t.signed_in(ANALYST).await;
    let page = c.get("/workforce").await.expect(200).body;
    assert!(
        page.contains("Workforce: England") && page.contains("Counts from 1 to 7 are shown as *")
    );
    c.get("/practitioners").await.expect(403);
    let json = t
        .api(ANALYST)
        .await
        .get("/api/v1/workforce")
        .await
        .expect(200)
        .json();
    for b in json["breakdowns"].as_array().unwrap() {
        for r in b["rows"].as_array().unwrap() {
            let shown = &r["count"];
            assert!(
                shown == "*"
                    || shown.as_u64().unwrap() == 0
                    || (shown.as_u64().unwrap() >= 8 && shown.as_u64().unwrap() % 5 == 0),
                "{r}"
            );
        }
    }
    insta::assert_json_snapshot!("workforce_national", json);
}

#[tokio::test]
async fn the_header_shows_the_nhs_logo_only_for_an_nhs_body() {
    let t = TestApp::new().await;
    assert!(
        t.anonymous()
            .get("/sign-in")
            .await
            .body
            .contains("aria-label=\"NHS homepage\"")
    );
    let mut s = mhsw::config::Settings::default();
    s.deployment.nhs_body = false;
    s.deployment.organisation_name = "Northshire County Council".into();
    let council = TestApp::with_settings(s).await;
    let page = council.anonymous().get("/sign-in").await.body;
    assert!(!page.contains("NHS homepage") && page.contains("Northshire County Council"));
}

#[tokio::test]
async fn health_reports_the_database() {
    let t = TestApp::new().await;
    t.anonymous().get("/health").await.expect(200);
    t.db.pool.close().await;
    t.anonymous().get("/health").await.expect(503);
}

#[tokio::test]
async fn a_refused_or_missing_record_keeps_the_signed_in_header() {
    let t = TestApp::new().await;
    let c = t.signed_in(PRACTITIONER).await;
    for (path, status) in [("/audit", 403), ("/practitioners/999999", 404)] {
        let body = c.get(path).await.expect(status).body;
        assert!(body.contains("Sign out"), "{path}: a way to sign out");
        assert!(
            body.contains(">Development</a>"),
            "{path}: their navigation"
        );
        assert!(
            !body.contains(">Audit log</a>"),
            "{path}: only their navigation"
        );
    }
    let anonymous = t.anonymous().get("/sign-in").await.expect(200).body;
    assert!(!anonymous.contains("Sign out"));
}

#[tokio::test]
async fn internal_errors_are_opaque_and_unknown_pages_are_kind() {
    let t = TestApp::new().await;
    let res = t
        .signed_in(PSW)
        .await
        .get("/no-such-page")
        .await
        .expect(404);
    assert!(res.body.contains("Page not found"));
    // Break the database under a signed-in request: the page must not leak SQL.
    let c = t.signed_in(PSW).await;
    mhsw::store::engine::query("DROP TABLE teams_placeholder_does_not_exist")
        .execute(&t.db.pool)
        .await
        .ok();
    mhsw::store::engine::query("ALTER TABLE teams RENAME TO teams_gone")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let res = c.get("/teams").await.expect(500);
    assert!(
        res.body
            .contains("Sorry, there is a problem with the service")
    );
    assert!(!res.body.to_lowercase().contains("teams_gone") && !res.body.contains("SELECT"));
    let api = t
        .api(PSW)
        .await
        .get("/api/v1/teams")
        .await
        .expect(500)
        .json();
    assert_eq!(api["detail"], "Try again later.");
}

#[tokio::test]
async fn static_assets_are_served_from_the_binary() {
    let t = TestApp::new().await;
    let css = t
        .anonymous()
        .get("/assets/nhsuk/nhsuk-frontend.min.css")
        .await
        .expect(200);
    assert_eq!(css.headers.get("content-type").unwrap(), "text/css");
    assert!(css.body.contains("nhsuk-header"));
    // No web font that the content security policy would refuse (a console error a page).
    assert!(!css.body.contains("@font-face"));
    assert!(!css.body.contains("assets.nhs.uk"));
    t.anonymous()
        .get("/assets/images/nhsuk-icon-search.svg")
        .await
        .expect(200);
    t.anonymous().get("/assets/../Cargo.toml").await.expect(404);
}

/// The header leads with each role's daily work (a PSW's supervision, registration and
/// governance before the lists of teams and organisations), and a practitioner is not
/// offered a list of one.
#[tokio::test]
async fn the_header_leads_with_each_roles_daily_work() {
    let t = TestApp::new().await;
    let nav = |body: &str| -> Vec<String> {
        body.split("nhsuk-header__navigation-link")
            .skip(1)
            .filter_map(|s| s.split('>').nth(1).and_then(|l| l.split('<').next()))
            .map(|s| s.trim().to_string())
            .collect()
    };
    let psw = nav(&t.signed_in(PSW).await.get("/").await.expect(200).body);
    assert_eq!(
        psw[..4],
        ["Home", "Supervision", "Registration", "Governance"],
        "{psw:?}"
    );
    let pat = nav(&t
        .signed_in(PRACTITIONER)
        .await
        .get("/")
        .await
        .expect(200)
        .body);
    assert!(!pat.contains(&"Practitioners".to_string()), "{pat:?}");
}

/// The organisation records its principal social worker or senior social work lead post,
/// and mhsw says whether its level is what the 2020 guidance asks (consideration 1).
#[tokio::test]
async fn the_psw_records_the_senior_social_work_lead_post() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let page = c.get("/social-work-lead").await.expect(200).body;
    assert!(page.contains("Not recorded yet"));
    let refused = c
        .post_form(
            "/social-work-lead",
            &[("post", "Principal Social Worker"), ("level", "")],
        )
        .await
        .expect(422)
        .body;
    assert!(
        refused.contains("Select the post&#x27;s level")
            || refused.contains("Select the post's level")
    );
    c.post_form(
        "/social-work-lead",
        &[
            ("post", "Principal Social Worker"),
            ("level", "senior_manager"),
            ("line_to_board", "Reports to the Deputy Director of Nursing"),
        ],
    )
    .await
    .expect(303);
    let short = c.get("/social-work-lead?saved=1").await.expect(200).body;
    assert!(short.contains("Short of the guidance") && short.contains("The post is saved."));
    let api = t
        .api(ADMIN)
        .await
        .send_json(
            "PUT",
            "/api/v1/social-work-lead",
            &serde_json::json!({"post": "Principal Social Worker", "level": "reports_to_board_member", "line_to_board": "Reports to the Chief Nurse"}),
        )
        .await
        .expect(200)
        .json();
    assert_eq!(api["meets_guidance"], true);
    assert_eq!(api["level_label"], "Reports directly to a board member");
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM audit_log WHERE record_type = 'social_work_lead'")
            .await,
        2
    );
    t.signed_in(WORKFORCE)
        .await
        .get("/social-work-lead")
        .await
        .expect(403);
}

/// A page's form token is masked afresh for every response, so that it never repeats in a
/// compressed page (BREACH), and a form sent with it is accepted; a token from another
/// session is not.
#[tokio::test]
async fn form_tokens_are_masked_per_page_and_accepted() {
    let t = TestApp::new().await;
    let mut c = t.signed_in(PSW).await;
    let token_in = |body: &str| {
        let start = body
            .find("name=\"csrf_token\" value=\"")
            .expect("a form token")
            + 25;
        body[start..start + body[start..].find('"').unwrap()].to_string()
    };
    let first = token_in(&c.get("/teams/new").await.expect(200).body);
    let second = token_in(&c.get("/teams/new").await.expect(200).body);
    let session_token = c.csrf.clone().unwrap();
    assert_ne!(first, second, "masked afresh");
    assert!(!first.contains(&session_token) && !second.contains(&session_token));
    c.csrf = Some(first.clone());
    c.post_form(
        "/teams/new",
        &[("name", "Home Treatment West"), ("service_model", "crisis")],
    )
    .await
    .expect(303);
    let mut other = t.signed_in(SUPERVISOR).await;
    other.csrf = Some(first);
    other.post_form("/account/calendar", &[]).await.expect(403);
}

/// Pages are gzipped for a client that asks, and only then.
#[tokio::test]
async fn pages_are_compressed_for_clients_that_ask() {
    use http_body_util::BodyExt;
    use std::io::Read;
    use tower::ServiceExt;
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let get = |gzip: bool| {
        let mut req =
            axum::http::Request::get("/practitioners").header("cookie", c.cookie.clone().unwrap());
        if gzip {
            req = req.header("accept-encoding", "gzip");
        }
        t.app
            .clone()
            .oneshot(req.body(axum::body::Body::empty()).unwrap())
    };
    let plain = get(false).await.unwrap();
    assert!(plain.headers().get("content-encoding").is_none());
    let plain = plain.into_body().collect().await.unwrap().to_bytes();
    let zipped = get(true).await.unwrap();
    assert_eq!(zipped.headers()["content-encoding"], "gzip");
    assert_eq!(zipped.headers()["vary"], "accept-encoding");
    let zipped = zipped.into_body().collect().await.unwrap().to_bytes();
    let mut html = String::new();
    flate2::read::GzDecoder::new(&zipped[..])
        .read_to_string(&mut html)
        .unwrap();
    assert!(html.contains("nhsuk-header") && html.len().abs_diff(plain.len()) < 400);
    assert!(
        zipped.len() * 4 < html.len(),
        "{} of {}",
        zipped.len(),
        html.len()
    );
}
