//! How mhsw proves itself at a provider's token endpoint (`[[sso.providers]] client_auth`):
//! its client secret by HTTP basic authentication, or a client assertion signed with its
//! own key (`private_key_jwt`, `domain::oidc::client_key`), whose public half
//! [`public_keys`] serves for the provider to fetch.

use crate::config::Settings;
use crate::domain::oidc::client_key::ClientKey;
use crate::domain::oidc::{ClientAuth, SsoProvider};
use crate::error::{AppError, AppResult};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{LazyLock, Mutex};
use std::time::SystemTime;

/// RFC 7523, section 2.2.
const JWT_BEARER: &str = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/// Reads the provider's `private_key_file` (the configuration check and each sign-in read
/// it, so a key replaced on disk is used from the next sign-in).
pub fn load_key(p: &SsoProvider) -> Result<ClientKey, String> {
    let pem = std::fs::read_to_string(&p.private_key_file)
        .map_err(|e| format!("cannot read '{}': {e}", p.private_key_file))?;
    ClientKey::from_pem(&pem, &p.client_assertion_algorithm, &p.private_key_id)
}

/// What a token request carries to say who is asking: HTTP basic credentials, or form
/// fields.
pub struct Credentials {
    pub basic: Option<(String, String)>,
    pub form: Vec<(&'static str, String)>,
}

/// The credentials for one token request to `token_endpoint`, `now` in seconds since the
/// epoch. An assertion is new each time (its own `jti`), so a provider can refuse a replay.
pub fn credentials(p: &SsoProvider, token_endpoint: &str, now: i64) -> Result<Credentials, String> {
    Ok(match p.client_auth {
        ClientAuth::ClientSecretBasic => Credentials {
            basic: Some((p.client_id.clone(), p.client_secret.clone())),
            form: Vec::new(),
        },
        ClientAuth::PrivateKeyJwt => {
            let key = load_key(p)?;
            let jti = uuid::Uuid::new_v4().to_string();
            Credentials {
                basic: None,
                form: vec![
                    ("client_id", p.client_id.clone()),
                    ("client_assertion_type", JWT_BEARER.to_string()),
                    (
                        "client_assertion",
                        key.assertion(&p.client_id, token_endpoint, &jti, now),
                    ),
                ],
            }
        }
    })
}

/// The public key set (RFC 7517) of a provider that uses `private_key_jwt`, to register
/// with it or for it to fetch; 404 for any other.
pub fn public_keys(settings: &Settings, name: &str) -> AppResult<Value> {
    let p = settings
        .sso
        .provider(name)
        .filter(|p| p.client_auth == ClientAuth::PrivateKeyJwt)
        .ok_or(AppError::NotFound)?;
    let jwk = public_jwk(p).map_err(|e| anyhow::anyhow!("identity provider {name}: key: {e}"))?;
    Ok(json!({ "keys": [jwk] }))
}

/// What a key file was when its public half was worked out: its path, key id and algorithm,
/// and the file's length and modification time.
type KeyFileState = (String, String, String, u64, Option<SystemTime>);

/// Public halves already worked out. The key set is public and not throttled, and parsing
/// an RSA key takes about a millisecond, so it is parsed again only when the file changes
/// (a key replaced on disk is published from the next request, as it signs from the next
/// sign-in).
static PUBLIC_JWKS: LazyLock<Mutex<HashMap<KeyFileState, Value>>> = LazyLock::new(Mutex::default);

fn public_jwk(p: &SsoProvider) -> Result<Value, String> {
    let meta = std::fs::metadata(&p.private_key_file)
        .map_err(|e| format!("cannot read '{}': {e}", p.private_key_file))?;
    let state = (
        p.private_key_file.clone(),
        p.private_key_id.clone(),
        p.client_assertion_algorithm.clone(),
        meta.len(),
        meta.modified().ok(),
    );
    let known = PUBLIC_JWKS.lock().ok().and_then(|m| m.get(&state).cloned());
    if let Some(jwk) = known {
        return Ok(jwk);
    }
    let jwk = load_key(p)?.public_jwk();
    if let Ok(mut m) = PUBLIC_JWKS.lock() {
        // Only the current state of each file is worth keeping.
        m.retain(|k, _| k.0 != state.0);
        m.insert(state, jwk.clone());
    }
    Ok(jwk)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        format!("{}/tests/fixtures/sso/{name}", env!("CARGO_MANIFEST_DIR"))
    }

    #[test]
    fn a_key_replaced_on_disk_is_published_from_the_next_request() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("client.pem");
        std::fs::copy(fixture("test-client-key.pem"), &path).unwrap();
        let p = SsoProvider {
            client_auth: ClientAuth::PrivateKeyJwt,
            private_key_file: path.display().to_string(),
            private_key_id: "k1".into(),
            client_assertion_algorithm: "RS256".into(),
            ..SsoProvider::default()
        };
        let rsa = public_jwk(&p).unwrap();
        assert_eq!(rsa["kty"], "RSA");
        assert_eq!(public_jwk(&p).unwrap(), rsa, "the same file, the same key");

        std::fs::copy(fixture("test-client-key-ec.pem"), &path).unwrap();
        assert!(
            public_jwk(&p).is_err(),
            "the file is read again: an EC key is not an RS256 key"
        );
        let p = SsoProvider {
            client_assertion_algorithm: "ES256".into(),
            ..p
        };
        assert_eq!(public_jwk(&p).unwrap()["kty"], "EC");
        std::fs::remove_file(&path).unwrap();
        assert!(
            public_jwk(&p).is_err(),
            "a key file gone is an error, not the last key"
        );
    }
}
