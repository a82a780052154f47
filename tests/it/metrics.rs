//! `/metrics`: Prometheus text for a scraper holding `[monitoring] metrics_token`, counting
//! answers by route pattern (never a record's id), with pool use and job runs.

use crate::helpers::*;

#[tokio::test]
async fn metrics_are_served_only_with_the_configured_token_and_name_no_record() {
    let t = TestApp::new().await;
    t.anonymous().get("/metrics").await.expect(404);

    let mut settings = mhsw::config::Settings::default();
    settings.monitoring.metrics_token = "scrape-secret-2026".into();
    let t = TestApp::with_settings(settings).await;
    let mut scraper = t.anonymous();
    let refused = scraper.get("/metrics").await.expect(401);
    assert_eq!(
        refused.headers.get("www-authenticate").unwrap(),
        "Bearer realm=\"mhsw metrics\""
    );
    scraper.bearer = Some("scrape-secret-2025".into());
    scraper.get("/metrics").await.expect(401);
    // A signed-in user's session is not the token.
    t.signed_in(PSW).await.get("/metrics").await.expect(401);

    let pid = t
        .scalar_i64("SELECT MIN(id) FROM practitioners WHERE employer_org_id = (SELECT org_id FROM users WHERE email = 'psw@northshire.example.nhs.uk')")
        .await;
    let psw = t.signed_in(PSW).await;
    psw.get(&format!("/practitioners/{pid}")).await.expect(200);
    psw.get(&format!("/practitioners/{pid}")).await.expect(200);
    psw.get("/practitioners/999999999").await.expect(404);

    scraper.bearer = Some("scrape-secret-2026".into());
    let text = scraper.get("/metrics").await.expect(200);
    assert_eq!(
        text.headers.get("content-type").unwrap(),
        "text/plain; version=0.0.4; charset=utf-8"
    );
    let body = &text.body;
    let line = |l: &str| assert!(body.lines().any(|x| x == l), "{l} missing from:\n{body}");
    line(r#"mhsw_http_requests_total{route="/practitioners/{id}",method="GET",status="200"} 2"#);
    line(r#"mhsw_http_requests_total{route="/practitioners/{id}",method="GET",status="404"} 1"#);
    line(r#"mhsw_http_requests_total{route="/metrics",method="GET",status="401"} 3"#);
    line(r#"mhsw_http_request_duration_seconds_count{route="/practitioners/{id}",method="GET"} 3"#);
    assert!(body.contains("mhsw_db_pool_connections_max "), "{body}");
    assert!(body.contains("process_start_time_seconds "), "{body}");
    // Labels carry route patterns only: never a record's id or the address of a person's page.
    let patterns: Vec<&str> = mhsw::web::routes::RULES.iter().map(|r| r.path).collect();
    for label in body.split("route=\"").skip(1) {
        let route = label.split('"').next().unwrap();
        assert!(
            patterns.contains(&route) || route == "unmatched",
            "{route} is not a route pattern"
        );
    }
    assert!(!body.contains(&format!("/practitioners/{pid}\"")), "{body}");
}
