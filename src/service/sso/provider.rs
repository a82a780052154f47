//! What mhsw knows of each identity provider: its discovery document (OpenID Connect
//! Discovery 1.0) and its key set, fetched when first needed and kept for an hour in this
//! process, keyed by issuer. The key set is fetched again at once when a token names a key
//! it does not hold (keys rotate).

use super::http;
use crate::domain::oidc::SsoProvider;
use crate::domain::oidc::jws::JwkSet;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

const KEEP_FOR: Duration = Duration::from_secs(3600);

/// The discovery document's fields mhsw uses.
#[derive(Debug, Clone, Deserialize)]
pub struct Metadata {
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    pub jwks_uri: String,
    #[serde(default)]
    pub end_session_endpoint: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Known {
    pub metadata: Metadata,
    pub keys: JwkSet,
    fetched: Instant,
}

fn cache() -> &'static Mutex<HashMap<String, Arc<Known>>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Known>>>> = OnceLock::new();
    CACHE.get_or_init(Default::default)
}

/// The provider's metadata and keys, from the cache when fresh; `refresh` fetches anew.
pub async fn known(p: &SsoProvider, refresh: bool) -> Result<Arc<Known>, String> {
    if !refresh
        && let Some(k) = cache().lock().ok().and_then(|c| c.get(&p.issuer).cloned())
        && k.fetched.elapsed() < KEEP_FOR
    {
        return Ok(k);
    }
    let fresh = Arc::new(fetch(p).await?);
    if let Ok(mut c) = cache().lock() {
        c.insert(p.issuer.clone(), fresh.clone());
    }
    Ok(fresh)
}

async fn fetch(p: &SsoProvider) -> Result<Known, String> {
    let url = format!(
        "{}/.well-known/openid-configuration",
        p.issuer.trim_end_matches('/')
    );
    let answer = http::get_json(&url).await?;
    let metadata: Metadata = match (answer.status, answer.json) {
        (200, Some(json)) => serde_json::from_value(json)
            .map_err(|e| format!("the discovery document at {url} is not usable: {e}"))?,
        (status, _) => return Err(format!("{url} answered {status}, not a discovery document")),
    };
    // Discovery 1.0, 4.3: the issuer in the document must be exactly the one configured,
    // or a document from somewhere else could speak for the provider.
    if metadata.issuer != p.issuer {
        return Err(format!(
            "the discovery document names the issuer '{}', not '{}'",
            metadata.issuer, p.issuer
        ));
    }
    let keys = http::get_json(&metadata.jwks_uri).await?;
    let keys: JwkSet = match (keys.status, keys.json) {
        (200, Some(json)) => serde_json::from_value(json)
            .map_err(|e| format!("the key set at {} is not usable: {e}", metadata.jwks_uri))?,
        (status, _) => {
            return Err(format!(
                "{} answered {status}, not a key set",
                metadata.jwks_uri
            ));
        }
    };
    Ok(Known {
        metadata,
        keys,
        fetched: Instant::now(),
    })
}
