//! Signing in and out, CSRF, throttling, session lifetimes, cookie flags and security
//! headers.

use crate::helpers::*;
use mhsw::demo::DEMO_PASSWORD;

/// Reads the sign-in page like a browser: the pre-session CSRF cookie and hidden field.
pub(crate) async fn sign_in_form(t: &TestApp) -> (String, String) {
    let res = t.anonymous().get("/sign-in").await.expect(200);
    let cookie = res
        .headers
        .get("set-cookie")
        .unwrap()
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_string();
    let token = res
        .body
        .split("name=\"csrf_token\" value=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_string();
    (cookie, token)
}

pub(crate) async fn attempt(t: &TestApp, email: &str, password: &str) -> TestResponse {
    let (cookie, token) = sign_in_form(t).await;
    let mut c = t.anonymous();
    c.cookie = Some(cookie);
    c.csrf = Some(token);
    c.post_form(
        "/sign-in",
        &[("email", email), ("password", password), ("next", "/teams")],
    )
    .await
}

#[tokio::test]
async fn sign_in_sets_a_hardened_session_cookie_and_follows_next() {
    let t = TestApp::new().await;
    let res = attempt(&t, PSW, DEMO_PASSWORD).await.expect(303);
    assert_eq!(res.location(), "/teams");
    let cookie = res
        .headers
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|c| c.starts_with("mhsw_session="))
        .unwrap();
    assert!(
        cookie.contains("HttpOnly")
            && cookie.contains("SameSite=Lax")
            && !cookie.contains("Secure"),
        "{cookie}"
    );
    let mut c = t.anonymous();
    c.cookie = Some(cookie.split(';').next().unwrap().to_string());
    assert!(
        c.get("/")
            .await
            .expect(200)
            .body
            .contains("Priya Principal")
    );
}

#[tokio::test]
async fn a_wrong_password_says_so_without_saying_which_part_was_wrong() {
    let t = TestApp::new().await;
    let res = attempt(&t, PSW, "not the password").await.expect(422);
    assert!(
        res.body
            .contains("Enter a correct email address and password")
    );
    assert!(res.body.contains("<title>Error: Sign in"));
    let unknown = attempt(&t, "nobody@example.nhs.uk", "whatever-password")
        .await
        .expect(422);
    assert!(
        unknown
            .body
            .contains("Enter a correct email address and password")
    );
}

#[tokio::test]
async fn sign_in_without_the_csrf_token_is_refused() {
    let t = TestApp::new().await;
    let (cookie, _) = sign_in_form(&t).await;
    let mut c = t.anonymous();
    c.cookie = Some(cookie);
    c.post_form("/sign-in", &[("email", PSW), ("password", DEMO_PASSWORD)])
        .await
        .expect(403);
}

#[tokio::test]
async fn state_changing_requests_need_the_session_csrf_token() {
    let t = TestApp::new().await;
    let mut c = t.signed_in(PSW).await;
    c.csrf = Some("wrong".into());
    c.post_form(
        "/teams/new",
        &[("name", "Sneaky team"), ("service_model", "other")],
    )
    .await
    .expect(403);
    c.csrf = None;
    c.post_form(
        "/teams/new",
        &[("name", "Sneaky team"), ("service_model", "other")],
    )
    .await
    .expect(403);
    assert_eq!(
        t.scalar_i64("SELECT COUNT(*) FROM teams WHERE name = 'Sneaky team'")
            .await,
        0
    );
}

#[tokio::test]
async fn idle_and_old_sessions_end() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    c.get("/").await.expect(200);
    mhsw::store::engine::query("UPDATE sessions SET last_seen_at = '2020-01-01T00:00:00Z'")
        .execute(&t.db.pool)
        .await
        .unwrap();
    let res = c.get("/practitioners").await.expect(303);
    assert_eq!(res.location(), "/sign-in?next=%2Fpractitioners");
    assert_eq!(
        t.count("sessions").await,
        0,
        "the expired session is deleted"
    );

    let c = t.signed_in(PSW).await;
    let recent = mhsw::store::sql::now();
    mhsw::store::engine::query(format!(
        "UPDATE sessions SET created_at = '2020-01-01T00:00:00Z', last_seen_at = '{recent}'"
    ))
    .execute(&t.db.pool)
    .await
    .unwrap();
    c.get("/").await.expect(303);
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    let res = c.post_form("/sign-out", &[]).await.expect(303);
    assert_eq!(res.location(), "/sign-in");
    c.get("/").await.expect(303);
    assert_eq!(t.count("sessions").await, 0);
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let t = TestApp::new().await;
    let c = t.signed_in(PSW).await;
    for path in [
        "/",
        "/sign-in",
        "/practitioners",
        "/nope",
        "/health",
        "/api/openapi.json",
    ] {
        let res = c.get(path).await;
        let csp = res
            .headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap();
        assert!(
            csp.contains("script-src 'self' 'nonce-") && csp.contains("frame-ancestors 'none'"),
            "{path}: {csp}"
        );
        assert_eq!(res.headers.get("x-frame-options").unwrap(), "DENY");
        assert_eq!(
            res.headers.get("x-content-type-options").unwrap(),
            "nosniff"
        );
        assert!(res.headers.get("x-request-id").is_some());
        assert!(
            res.headers.get("strict-transport-security").is_none(),
            "no HSTS without TLS"
        );
    }
    let page = c.get("/").await.body;
    let nonce = page
        .split("nonce=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let res = c.get("/").await;
    assert!(
        !res.headers
            .get("content-security-policy")
            .unwrap()
            .to_str()
            .unwrap()
            .contains(nonce),
        "a fresh nonce per response"
    );
}

#[tokio::test]
async fn tls_deployments_get_hsts_and_secure_cookies() {
    let mut s = mhsw::config::Settings::default();
    s.server.tls = true;
    let t = TestApp::with_settings(s).await;
    let res = t.anonymous().get("/sign-in").await;
    assert!(res.headers.get("strict-transport-security").is_some());
    assert!(
        res.headers
            .get("set-cookie")
            .unwrap()
            .to_str()
            .unwrap()
            .contains("Secure")
    );
}

#[tokio::test]
async fn api_tokens_authenticate_and_bad_ones_get_401() {
    let t = TestApp::new().await;
    let c = t.api(PSW).await;
    let me = c.get("/api/v1/me").await.expect(200).json();
    assert_eq!(me["email"], PSW);
    let mut bad = t.anonymous();
    bad.bearer = Some("mhsw_not-a-token".into());
    let res = bad.get("/api/v1/me").await.expect(401);
    assert_eq!(
        res.headers.get("content-type").unwrap(),
        "application/problem+json"
    );
    t.anonymous().get("/api/v1/me").await.expect(401);
}

#[tokio::test]
async fn sign_in_never_sends_anyone_off_the_site() {
    let t = TestApp::new().await;
    // As sent in the query string: `next=/%09/evil.example` arrives as a tab.
    for next in [
        "/\t/evil.example",
        "/\r\n/evil.example",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
    ] {
        let (cookie, token) = sign_in_form(&t).await;
        let mut c = t.anonymous();
        c.cookie = Some(cookie);
        c.csrf = Some(token);
        let res = c
            .post_form(
                "/sign-in",
                &[("email", PSW), ("password", DEMO_PASSWORD), ("next", next)],
            )
            .await
            .expect(303);
        assert_eq!(res.location(), "/", "{next:?}");
    }
}
