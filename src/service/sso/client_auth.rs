//! How mhsw proves itself at a provider's token endpoint (`[[sso.providers]] client_auth`):
//! its client secret by HTTP basic authentication, or a client assertion signed with its
//! own key (`private_key_jwt`, `domain::oidc::client_key`), whose public half
//! [`public_keys`] serves for the provider to fetch.

use crate::config::Settings;
use crate::domain::oidc::client_key::ClientKey;
use crate::domain::oidc::{ClientAuth, SsoProvider};
use crate::error::{AppError, AppResult};
use serde_json::{Value, json};

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
    let key = load_key(p).map_err(|e| anyhow::anyhow!("identity provider {name}: key: {e}"))?;
    Ok(json!({"keys": [key.public_jwk()]}))
}
