//! Single sign-on end to end against a real OpenID Connect provider: the certified
//! `oidc-provider` package, started on loopback for each test by `e2e/oidc/provider.mjs`
//! (installed by `scripts/setup`). The provider's login and consent complete by
//! themselves for the configured account; a "tamper" setting makes its token endpoint
//! return a forged ID token, to prove each check refuses it.

mod harness;

use crate::helpers::*;
use harness::provider_get;
pub(crate) use harness::{Provider, account};
use serde_json::json;
use std::collections::BTreeMap;

const REDIRECT_BASE: &str = "http://127.0.0.1:4321";
const SAM: &str = "sam.sso@northshire.example.nhs.uk";

/// What a browser does between mhsw's start and its callback: follows the provider's
/// redirects (login and consent complete by themselves) to the redirect URI. Returns the
/// callback's path and query, and the state cookie mhsw set.
pub(crate) async fn to_callback(t: &TestApp, next: &str) -> (String, String) {
    let start = t
        .anonymous()
        .get(&format!("/sign-in/sso/northshire?next={next}"))
        .await
        .expect(303);
    let state_cookie = start
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("mhsw_sso="))
        .and_then(|c| c.split(';').next())
        .expect("a state cookie")
        .to_string();
    let mut url = start.location().to_string();
    let mut jar = BTreeMap::new();
    for _ in 0..10 {
        // The redirect URI's origin, then its path: a bare prefix test would also take
        // the provider's own URL whenever it listens on a port such as 43215.
        if let Some(rest) = url
            .strip_prefix(REDIRECT_BASE)
            .filter(|rest| rest.starts_with('/'))
        {
            return (rest.to_string(), state_cookie);
        }
        let (status, location) = provider_get(&url, &mut jar).await;
        assert!(
            (300..400).contains(&status),
            "the provider answered {status} at {url}"
        );
        url = location;
    }
    panic!("the provider never sent the browser back");
}

pub(crate) async fn callback(t: &TestApp, path: &str, state_cookie: Option<&str>) -> TestResponse {
    let mut c = t.anonymous();
    c.cookie = state_cookie.map(|s| format!("mhsw_sso={s}"));
    c.get(path).await
}

pub(crate) fn session_of(r: &TestResponse) -> Option<String> {
    r.headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("mhsw_session="))
        .and_then(|c| c.split(';').next())
        .filter(|v| !v.is_empty())
        .map(str::to_string)
}

pub(crate) async fn add_rule(t: &TestApp, value: &str, role: &str) -> i64 {
    t.api(ADMIN)
        .await
        .send_json(
            "POST",
            "/api/v1/single-sign-on/providers/northshire/rules",
            &json!({"claim": "groups", "value": value, "role": role}),
        )
        .await
        .expect(201)
        .json()["id"]
        .as_i64()
        .unwrap()
}

pub(crate) async fn last_refusal(t: &TestApp) -> String {
    t.scalar_text(
        "SELECT detail FROM audit_log WHERE action = 'sign-in sso refused' ORDER BY id DESC LIMIT 1",
    )
    .await
}

#[tokio::test]
async fn a_mapped_person_gets_an_account_their_roles_follow_the_rules_and_sign_out_ends_it() {
    let idp = Provider::start(account(&["mhsw-supervisors", "everyone"]), None);
    let t = TestApp::with_settings(idp.settings()).await;
    let rule = add_rule(&t, "mhsw-supervisors", "supervisor").await;
    let users_before = t.count("users").await;

    let (path, state) = to_callback(&t, "/practitioners").await;
    let done = callback(&t, &path, Some(&state)).await.expect(303);
    assert_eq!(done.location(), "/practitioners");
    let session = session_of(&done).expect("a session cookie");
    assert_eq!(t.count("users").await, users_before + 1);
    let id = t.user_id(SAM).await;
    assert_eq!(
        t.scalar_text(&format!(
            "SELECT display_name || ' ' || (SELECT role FROM user_roles WHERE user_id = {id}) FROM users WHERE id = {id}"
        ))
        .await,
        "Sam Single-Sign-On supervisor"
    );
    assert_eq!(
        t.scalar_text("SELECT subject FROM sso_identities").await,
        "entra-oid-123"
    );
    for action in ["sso account created", "sign-in sso"] {
        assert_eq!(
            t.scalar_i64(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = '{action}' AND actor_user_id = {id}"
            ))
            .await,
            1,
            "{action}"
        );
    }
    let mut me = t.anonymous();
    me.cookie = Some(format!("mhsw_session={session}"));
    let page = me.get("/account").await.expect(200);
    assert!(page.body.contains("Sam Single-Sign-On"));

    // The admin sees how each account signs in: Sam with the provider, others a password.
    let users = t
        .signed_in(ADMIN)
        .await
        .get("/users")
        .await
        .expect(200)
        .body;
    let sam_row = users
        .split("<tr")
        .find(|row| row.contains("Sam Single-Sign-On"))
        .expect("Sam on the users page");
    assert!(
        sam_row.contains("<td class=\"nhsuk-table__cell\">NHSmail</td>"),
        "{sam_row}"
    );
    let admin_row = users
        .split("<tr")
        .find(|row| row.contains(ADMIN))
        .expect("the admin on the users page");
    assert!(
        admin_row.contains("<td class=\"nhsuk-table__cell\">Password</td>"),
        "{admin_row}"
    );
    let listed = t
        .api(ADMIN)
        .await
        .get("/api/v1/users")
        .await
        .expect(200)
        .json();
    let sam = listed
        .as_array()
        .and_then(|all| all.iter().find(|u| u["email"] == SAM))
        .expect("Sam in the API's users");
    assert_eq!(sam["sso_providers"], serde_json::json!(["northshire"]));

    // The admin changes the rules: at the next sign-in the roles follow, same account.
    let api = t.api(ADMIN).await;
    api.send_empty("DELETE", &format!("/api/v1/single-sign-on/rules/{rule}"))
        .await
        .expect(204);
    add_rule(&t, "everyone", "team_manager").await;
    let (path, state) = to_callback(&t, "/").await;
    callback(&t, &path, Some(&state)).await.expect(303);
    assert_eq!(t.count("users").await, users_before + 1);
    assert_eq!(
        t.scalar_text(&format!("SELECT role FROM user_roles WHERE user_id = {id}"))
            .await,
        "team_manager"
    );

    // Signing out ends the mhsw session.
    let csrf = t
        .scalar_text(&format!(
            "SELECT csrf_token FROM sessions WHERE id_hash = '{}'",
            mhsw::service::accounts::sha256_hex(&session)
        ))
        .await;
    me.csrf = Some(csrf);
    let out = me.post_form("/sign-out", &[]).await.expect(303);
    assert_eq!(me.get("/account").await.status.as_u16(), 303);
    // Signed in through the provider: offered to sign out there too (a shared computer's
    // next person would otherwise be signed in as Sam by choosing NHSmail).
    assert_eq!(out.location(), "/sign-in/sso/northshire/signed-out");
    let page = t.anonymous().get(out.location()).await.expect(200).body;
    let page = page.replace("&#x2f;", "/");
    let there = format!("{}/session/end?client_id=mhsw", idp.issuer);
    assert!(page.contains(&format!("href=\"{there}\"")), "{page}");
    assert!(page.contains("Sign out of NHSmail too"), "{page}");
    let (status, _) = provider_get(&there, &mut BTreeMap::new()).await;
    assert_eq!(status, 200, "the provider takes the sign-out");
    // A password's session signs out to the sign-in page.
    let admin = t.signed_in(ADMIN).await;
    let out = admin.post_form("/sign-out", &[]).await.expect(303);
    assert_eq!(out.location(), "/sign-in");
}

#[tokio::test]
async fn someone_no_rule_maps_gets_no_account_and_is_told_to_ask_their_admin() {
    let idp = Provider::start(account(&["other-group"]), None);
    let t = TestApp::with_settings(idp.settings()).await;
    add_rule(&t, "mhsw-supervisors", "supervisor").await;
    let users_before = t.count("users").await;
    let (path, state) = to_callback(&t, "/").await;
    let r = callback(&t, &path, Some(&state)).await.expect(403);
    assert!(session_of(&r).is_none());
    assert!(r.body.contains("has not given you access"), "{}", r.body);
    assert_eq!(t.count("users").await, users_before);
    assert!(
        last_refusal(&t)
            .await
            .contains("no rule of the organisation")
    );
}

#[tokio::test]
async fn forged_id_tokens_are_refused_each_for_its_own_reason() {
    for (tamper, reason) in [
        ("wrong-issuer", "issuer is wrong"),
        ("wrong-audience", "audience is wrong"),
        ("bad-nonce", "nonce is wrong"),
        ("expired", "has expired"),
        ("bad-signature", "signature is wrong"),
        ("alg-none", "algorithm 'none' is not accepted"),
        ("unknown-key", "key is not the provider's"),
    ] {
        let idp = Provider::start(account(&["mhsw-supervisors"]), Some(tamper));
        let t = TestApp::with_settings(idp.settings()).await;
        add_rule(&t, "mhsw-supervisors", "supervisor").await;
        let users_before = t.count("users").await;
        let (path, state) = to_callback(&t, "/").await;
        let r = callback(&t, &path, Some(&state)).await;
        assert_eq!(r.status.as_u16(), 400, "{tamper}");
        assert!(session_of(&r).is_none(), "{tamper}");
        assert!(r.body.contains("could not check the answer"), "{tamper}");
        assert_eq!(t.count("users").await, users_before, "{tamper}");
        let detail = last_refusal(&t).await;
        assert!(detail.contains(reason), "{tamper}: {detail}");
        assert!(
            !detail.contains("eyJ"),
            "{tamper}: a token in the audit trail"
        );
    }
}

#[tokio::test]
async fn a_replayed_callback_a_replayed_code_and_another_browsers_callback_are_refused() {
    let idp = Provider::start(account(&["mhsw-supervisors"]), None);
    let t = TestApp::with_settings(idp.settings()).await;
    add_rule(&t, "mhsw-supervisors", "supervisor").await;

    // Another browser (no state cookie, or another one) cannot finish this sign-in.
    let (path, state) = to_callback(&t, "/").await;
    callback(&t, &path, None).await.expect(400);
    callback(&t, &path, Some("someone-elses-state"))
        .await
        .expect(400);
    assert!(
        last_refusal(&t)
            .await
            .contains("not the one this browser started")
    );

    // The browser that started it can, once.
    callback(&t, &path, Some(&state)).await.expect(303);
    let r = callback(&t, &path, Some(&state)).await.expect(400);
    assert!(session_of(&r).is_none());
    assert!(last_refusal(&t).await.contains("already used"));

    // The used code under a fresh sign-in's state: the provider refuses it.
    let code = url::Url::parse(&format!("{REDIRECT_BASE}{path}"))
        .unwrap()
        .query_pairs()
        .find(|(k, _)| k == "code")
        .map(|(_, v)| v.into_owned())
        .unwrap();
    let (fresh, fresh_state) = to_callback(&t, "/").await;
    let mut replayed = url::Url::parse(&format!("{REDIRECT_BASE}{fresh}")).unwrap();
    let pairs: Vec<(String, String)> = replayed
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "code" {
                code.clone()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    replayed.query_pairs_mut().clear().extend_pairs(pairs);
    let target = format!("{}?{}", replayed.path(), replayed.query().unwrap());
    callback(&t, &target, Some(&fresh_state)).await.expect(400);
    assert!(
        last_refusal(&t).await.contains("invalid_grant"),
        "{}",
        last_refusal(&t).await
    );
}

/// A local account (with a password, made by the admin) with Sam's email.
async fn local_account_for_sam(t: &TestApp) {
    t.api(ADMIN)
        .await
        .send_json(
            "POST",
            "/api/v1/users",
            &json!({"email": SAM, "display_name": "Sam Local", "roles": ["practitioner"], "active": true}),
        )
        .await
        .expect(201);
}

#[tokio::test]
async fn an_existing_local_account_is_linked_only_when_the_provider_is_trusted_to() {
    let idp = Provider::start(account(&["mhsw-supervisors"]), None);
    let mut settings = idp.settings();
    let t = TestApp::with_settings(settings.clone()).await;
    add_rule(&t, "mhsw-supervisors", "supervisor").await;
    local_account_for_sam(&t).await;
    let (path, state) = to_callback(&t, "/").await;
    callback(&t, &path, Some(&state)).await.expect(403);
    assert!(last_refusal(&t).await.contains("already exists"));

    settings.sso.providers[0].link_existing_accounts = true;
    let trusted = TestApp::with_settings(settings).await;
    add_rule(&trusted, "mhsw-supervisors", "supervisor").await;
    local_account_for_sam(&trusted).await;
    let (path, state) = to_callback(&trusted, "/").await;
    callback(&trusted, &path, Some(&state)).await.expect(303);
    let id = trusted.user_id(SAM).await;
    assert_eq!(
        trusted
            .scalar_i64(&format!(
                "SELECT COUNT(*) FROM sso_identities WHERE user_id = {id}"
            ))
            .await,
        1
    );
}

#[tokio::test]
async fn a_discovery_document_naming_another_issuer_is_not_trusted() {
    let idp = Provider::start(account(&[]), None);
    let mut settings = idp.settings();
    // The same server, named differently: its document says 127.0.0.1.
    settings.sso.providers[0].issuer = idp.issuer.replace("127.0.0.1", "localhost");
    let t = TestApp::with_settings(settings).await;
    let r = t
        .anonymous()
        .get("/sign-in/sso/northshire")
        .await
        .expect(500);
    assert!(!r.body.contains("discovery"), "an internal error leaked");
    assert_eq!(t.count("sso_logins").await, 0);
}

#[tokio::test]
async fn the_admin_sees_their_providers_and_rules_and_is_told_which_field_is_wrong() {
    let idp = Provider::start(account(&[]), None);
    // Two providers for the trust: each has its own form on the page.
    let mut settings = idp.settings();
    let mut second = settings.sso.providers[0].clone();
    second.name = "cis2".into();
    second.label = "NHS Care Identity".into();
    settings.sso.providers.push(second);
    let t = TestApp::with_settings(settings).await;
    let admin = t.signed_in(ADMIN).await;
    let page = admin.get("/users/single-sign-on").await.expect(200);
    assert!(page_text(&page.body).contains("/sign-in/sso/northshire/callback"));
    assert!(page.body.contains("No rules yet"));
    let mut ids: Vec<&str> = page
        .body
        .split(" id=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .collect();
    let all = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), all, "every id on the page is its own");
    assert!(ids.contains(&"cis2-claim") && ids.contains(&"northshire-role"));
    let bad = admin
        .post_form(
            "/users/single-sign-on/northshire/rules",
            &[
                ("claim", "groups claim"),
                ("value", ""),
                ("role", "national_analyst"),
            ],
        )
        .await
        .expect(422);
    for field in ["northshire-claim", "northshire-value", "northshire-role"] {
        assert!(
            bad.body.contains(&format!("href=\"#{field}\"")),
            "{field} not linked"
        );
        assert!(
            bad.body.contains(&format!("id=\"{field}-error\"")),
            "{field} not marked"
        );
    }
    assert!(
        !bad.body.contains("id=\"cis2-claim-error\""),
        "the other provider's form is not marked"
    );
    admin
        .post_form(
            "/users/single-sign-on/northshire/rules",
            &[
                ("claim", "groups"),
                ("value", "g-1"),
                ("role", "supervisor"),
            ],
        )
        .await
        .expect(303);
    let api = t
        .api(ADMIN)
        .await
        .get("/api/v1/single-sign-on/providers")
        .await
        .expect(200);
    assert_eq!(api.json()[0]["rules"][0]["role"], "supervisor");
    // Another organisation's admin sees none of it and cannot add to it.
    let other = t.api(HARBOUR_ADMIN).await;
    assert_eq!(
        other
            .get("/api/v1/single-sign-on/providers")
            .await
            .expect(200)
            .json(),
        json!([])
    );
    other
        .send_json(
            "POST",
            "/api/v1/single-sign-on/providers/northshire/rules",
            &json!({"claim": "groups", "value": "x", "role": "org_admin"}),
        )
        .await
        .expect(404);
    // The sign-in page offers the provider.
    let sign_in = t.anonymous().get("/sign-in").await.expect(200);
    assert!(sign_in.body.contains("Sign in with NHSmail"));
}

#[tokio::test]
async fn starting_sign_ins_is_limited_per_client() {
    let idp = Provider::start(account(&[]), None);
    let mut settings = idp.settings();
    settings.feedback.public_requests_per_minute = 2;
    let t = TestApp::with_settings(settings).await;
    let anon = t.anonymous();
    anon.get("/sign-in/sso/northshire").await.expect(303);
    anon.get("/sign-in/sso/northshire").await.expect(303);
    let r = anon.get("/sign-in/sso/northshire").await.expect(429);
    assert!(r.headers.get("retry-after").is_some());
    assert_eq!(t.count("sso_logins").await, 2);
}
