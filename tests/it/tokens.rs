//! API tokens on the account page and through the API: named, expiring, their last use
//! shown, revoked one by one, and all ended by a new password or deactivation.

use crate::helpers::*;

/// The token value on the page shown after making one.
fn token_on(page: &str) -> String {
    page.split("<code id=\"new-token\">")
        .nth(1)
        .and_then(|s| s.split('<').next())
        .expect("the new token is shown")
        .to_string()
}

#[tokio::test]
async fn a_token_made_on_the_account_page_is_shown_once_listed_and_revoked() {
    let t = TestApp::new().await;
    let web = t.signed_in(SUPERVISOR).await;
    let page = web.get("/account").await.expect(200);
    assert!(page.body.contains("You have no API tokens"));
    // A token's expiry is an instant, not a rule measured on the test's day: it is read
    // against the clock either side of making it, so the test passes across midnight too.
    let in_90 = |t: time::OffsetDateTime| (t + time::Duration::days(90)).date().to_string();
    let before = in_90(time::OffsetDateTime::now_utc());
    let made = web
        .post_form(
            "/account/tokens",
            &[("name", "Team spreadsheet"), ("expires_in_days", "")],
        )
        .await
        .expect(200);
    let after = in_90(time::OffsetDateTime::now_utc());
    let token = token_on(&made.body);
    assert!(token.starts_with("mhsw_"));
    let listed = web.get("/account").await.expect(200);
    assert!(listed.body.contains("Team spreadsheet"));
    assert!(
        !listed.body.contains(&token),
        "the value is shown only once"
    );
    assert!(listed.body.contains("Never"), "not yet used");

    let mut api = t.anonymous();
    api.bearer = Some(token.clone());
    let mine = api.get("/api/v1/me/tokens").await.expect(200).json();
    let t0 = &mine[0];
    assert_eq!(t0["name"], "Team spreadsheet");
    assert!(t0["last_used_at"].is_string(), "this call is its use");
    assert_eq!(t0["expired"], false);
    // The default expiry: 90 days from when it was made (to the day).
    let expires = &t0["expires_at"].as_str().unwrap()[..10];
    assert!(expires == before || expires == after, "{expires}");

    let id = t0["id"].as_i64().unwrap();
    web.post_form(&format!("/account/tokens/{id}/revoke"), &[])
        .await
        .expect(303);
    api.get("/api/v1/me").await.expect(401);
    assert!(
        web.get("/account?revoked=1")
            .await
            .body
            .contains("no longer works")
    );
}

#[tokio::test]
async fn a_bad_name_or_expiry_is_refused_with_the_field_named() {
    let t = TestApp::new().await;
    let web = t.signed_in(PSW).await;
    let r = web
        .post_form("/account/tokens", &[("name", ""), ("expires_in_days", "0")])
        .await
        .expect(422);
    assert!(r.body.contains("Enter a name for the token"));
    assert!(r.body.contains("a whole number from 1 to 366"));
    assert!(
        r.body.contains("href=\"#name\""),
        "the summary links to the field"
    );
    assert_eq!(t.count("api_tokens").await, 0);
}

#[tokio::test]
async fn expired_tokens_stop_working_and_show_as_expired() {
    let t = TestApp::new().await;
    let token = t.token(PSW).await;
    let mut api = t.anonymous();
    api.bearer = Some(token);
    api.get("/api/v1/me").await.expect(200);
    mhsw::store::engine::query("UPDATE api_tokens SET expires_at = '2020-01-01T00:00:00Z'")
        .execute(&t.db.pool)
        .await
        .unwrap();
    api.get("/api/v1/me").await.expect(401);
    let page = t.signed_in(PSW).await.get("/account").await.expect(200);
    assert!(page.body.contains("Expired"));
}

#[tokio::test]
async fn one_cannot_revoke_someone_elses_token() {
    let t = TestApp::new().await;
    t.token(HARBOUR_ADMIN).await;
    let theirs = t.scalar_i64("SELECT MAX(id) FROM api_tokens").await;
    let api = t.api(PSW).await;
    api.send_empty("DELETE", &format!("/api/v1/me/tokens/{theirs}"))
        .await
        .expect(404);
    let web = t.signed_in(PSW).await;
    web.post_form(&format!("/account/tokens/{theirs}/revoke"), &[])
        .await
        .expect(404);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM api_tokens WHERE id = {theirs}"
        ))
        .await,
        1
    );
}

#[tokio::test]
async fn deactivating_a_user_ends_their_tokens_and_sessions() {
    let t = TestApp::new().await;
    let pat_api = t.api(PRACTITIONER).await;
    let pat_web = t.signed_in(PRACTITIONER).await;
    pat_api.get("/api/v1/me").await.expect(200);
    let pat = t.user_id(PRACTITIONER).await;
    let admin = t.api(ADMIN).await;
    let users = admin.get("/api/v1/users").await.expect(200).json();
    let user = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["id"] == pat)
        .cloned()
        .unwrap();
    let body = serde_json::json!({
        "email": user["email"], "display_name": user["display_name"],
        "roles": user["roles"], "practitioner_id": user["practitioner_id"],
        "active": false,
    });
    admin
        .send_json("PUT", &format!("/api/v1/users/{pat}"), &body)
        .await
        .expect(200);
    pat_api.get("/api/v1/me").await.expect(401);
    pat_web.get("/").await.expect(303);
    assert_eq!(
        t.scalar_i64(&format!(
            "SELECT COUNT(*) FROM api_tokens WHERE user_id = {pat}"
        ))
        .await,
        0
    );
}
