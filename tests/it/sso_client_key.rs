//! Single sign-on with a provider that takes signed client assertions instead of a client
//! secret (`client_auth = "private_key_jwt"`, as NHS CIS2 Authentication offers), against
//! the real test provider (`e2e/oidc/provider.mjs`): mhsw publishes its public key, signs
//! each token request with its private key, and a provider that holds another key refuses
//! the code.

use crate::helpers::*;
use crate::sso::{Provider, account, add_rule, callback, last_refusal, session_of, to_callback};
use mhsw::config::Settings;
use mhsw::domain::oidc::ClientAuth;
use serde_json::{Value, json};

fn key_file(name: &str) -> String {
    format!("{}/tests/fixtures/sso/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// mhsw's settings for the provider at `issuer`, signing with `key` by `alg`.
fn signing_settings(issuer: &str, key: &str, alg: &str) -> Settings {
    let mut s = Provider::settings_for(issuer);
    let p = &mut s.sso.providers[0];
    p.client_secret = String::new();
    p.client_auth = ClientAuth::PrivateKeyJwt;
    p.private_key_file = key_file(key);
    p.private_key_id = "mhsw-2026".into();
    p.client_assertion_algorithm = alg.into();
    s
}

/// The client as the provider's administrator registers it: mhsw's published key set.
fn registered(jwks: &Value) -> Value {
    json!({
        "client_id": "mhsw",
        "token_endpoint_auth_method": "private_key_jwt",
        "token_endpoint_auth_signing_alg": "RS256",
        "jwks": jwks,
    })
}

#[tokio::test]
async fn a_provider_taking_signed_assertions_signs_people_in_with_mhsws_published_key() {
    // Before the provider knows mhsw: its key set, as the administrator fetches it.
    let unregistered = TestApp::with_settings(signing_settings(
        "http://127.0.0.1:9",
        "test-client-key.pem",
        "RS256",
    ))
    .await;
    let published = unregistered
        .anonymous()
        .get("/sign-in/sso/northshire/jwks.json")
        .await
        .expect(200);
    assert_eq!(published.headers["content-type"], "application/json");
    let jwks = published.json();
    let key = &jwks["keys"][0];
    assert_eq!(jwks["keys"].as_array().unwrap().len(), 1, "{jwks}");
    assert_eq!(
        (&key["kty"], &key["kid"], &key["alg"], &key["use"]),
        (
            &json!("RSA"),
            &json!("mhsw-2026"),
            &json!("RS256"),
            &json!("sig")
        )
    );
    for private in ["d", "p", "q", "dp", "dq", "qi"] {
        assert!(key.get(private).is_none(), "{private} published: {key}");
    }
    unregistered
        .anonymous()
        .get("/sign-in/sso/nobody/jwks.json")
        .await
        .expect(404);

    let idp = Provider::start_with_client(account(&["mhsw-supervisors"]), None, registered(&jwks));
    let t = TestApp::with_settings(signing_settings(
        &idp.issuer,
        "test-client-key.pem",
        "RS256",
    ))
    .await;
    add_rule(&t, "mhsw-supervisors", "supervisor").await;
    for round in 0..2 {
        // A second sign-in signs a new assertion (a new jti): the provider refuses replays.
        let (path, state) = to_callback(&t, "/").await;
        let done = callback(&t, &path, Some(&state)).await.expect(303);
        assert!(session_of(&done).is_some(), "round {round}");
    }

    // Signed with a key the provider does not hold: the token endpoint refuses the code.
    let other = TestApp::with_settings(signing_settings(
        &idp.issuer,
        "test-client-key-ec.pem",
        "ES256",
    ))
    .await;
    add_rule(&other, "mhsw-supervisors", "supervisor").await;
    let users_before = other.count("users").await;
    let (path, state) = to_callback(&other, "/").await;
    let refused = callback(&other, &path, Some(&state)).await.expect(400);
    assert!(session_of(&refused).is_none());
    assert_eq!(other.count("users").await, users_before);
    let detail = last_refusal(&other).await;
    assert!(
        detail.contains("token endpoint refused the code"),
        "{detail}"
    );
    assert!(detail.contains("invalid_client"), "{detail}");
}

#[test]
fn a_missing_or_unusable_key_stops_the_configuration_naming_the_provider() {
    let check = |settings: Settings| settings.check().err().map(|e| e.to_string());
    let mut s = signing_settings("http://127.0.0.1:9", "no-such-key.pem", "RS256");
    let said = check(s.clone()).expect("refused");
    assert!(
        said.contains("sso.providers[0].private_key_file: cannot read"),
        "{said}"
    );
    s.sso.providers[0].private_key_file = key_file("test-client-key-ec.pem");
    let said = check(s.clone()).expect("refused");
    assert!(said.contains("the key was refused"), "{said}");
    s.sso.providers[0].private_key_file = String::new();
    let said = check(s.clone()).expect("refused");
    assert!(said.contains("private_key_file must be set"), "{said}");
    s.sso.providers[0].private_key_file = key_file("test-client-key.pem");
    assert_eq!(check(s), None);
}
