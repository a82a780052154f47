//! Single sign-on with an organisation's identity provider (Microsoft Entra ID, NHS Care
//! Identity Service 2): the OpenID Connect authorisation code flow with PKCE
//! (docs/sources.md#single-sign-on). Pure rules only: the settings, PKCE's challenge, the
//! ID token's checks (OpenID Connect Core 1.0, section 3.1.3.7), its signature (`jws`),
//! and which roles an admin's rules give a set of claims. The flow itself, with its HTTP
//! calls and database, is `service::sso`.

pub mod client_key;
pub mod jws;
#[cfg(test)]
mod tests;

use crate::domain::Role;
use base64::Engine;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::collections::BTreeSet;
use std::fmt;

/// `[sso]`: where mhsw is reached from outside, and each organisation's provider.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SsoSettings {
    /// mhsw's address as browsers reach it (`https://mhsw.example.nhs.uk`): the redirect
    /// URI registered with each provider is this plus `/sign-in/sso/{name}/callback`.
    pub redirect_base: String,
    /// One `[[sso.providers]]` per organisation (or per provider an organisation uses).
    pub providers: Vec<SsoProvider>,
}

/// One identity provider, as registered with it.
#[derive(Clone, Deserialize, Serialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct SsoProvider {
    /// Short name in the URL: lower-case letters, digits and hyphens.
    pub name: String,
    /// What the sign-in page's button says: "Sign in with {label}".
    pub label: String,
    /// ODS code of the organisation whose staff sign in through it.
    pub organisation: String,
    /// The issuer exactly as the provider names itself in its discovery document and
    /// tokens (Entra: `https://login.microsoftonline.com/{tenant}/v2.0`).
    pub issuer: String,
    pub client_id: String,
    /// The client secret (sent with HTTP basic authentication). A secret: never printed.
    pub client_secret: String,
    /// How mhsw proves itself at the token endpoint: `client_secret_basic` (the secret
    /// above) or `private_key_jwt` (a JWT signed with `private_key_file`'s key, whose
    /// public half mhsw serves at `/sign-in/sso/{name}/jwks.json` for the provider).
    pub client_auth: ClientAuth,
    /// For `private_key_jwt`: a PEM private key (PKCS#8, or PKCS#1 for RSA), unencrypted,
    /// in a file readable by mhsw only. Read when the configuration is checked and at
    /// each sign-in, so a replaced key takes effect without a restart.
    pub private_key_file: String,
    /// The key's id (`kid`) as registered with the provider; empty: the key's RFC 7638
    /// thumbprint.
    pub private_key_id: String,
    /// What the client assertion is signed with: RS256 by default, ES256 for a P-256 key.
    pub client_assertion_algorithm: String,
    /// Scopes asked for; `openid` must be one.
    pub scopes: Vec<String>,
    /// The claim that names a person for good: `sub` by default; Entra's `oid` is the
    /// same person across the tenant's applications. Emails change; this does not.
    pub subject_claim: String,
    /// Claims giving a new account its email and name.
    pub email_claim: String,
    pub name_claim: String,
    /// Signature algorithms accepted on ID tokens (`none` never is).
    pub algorithms: Vec<String>,
    /// Whether a first sign-in may take over an existing local account of the same
    /// organisation with the same email. Off by default: only an identity provider that
    /// verifies email addresses (and no one else can claim them) should turn it on.
    pub link_existing_accounts: bool,
}

impl Default for SsoProvider {
    fn default() -> Self {
        SsoProvider {
            name: String::new(),
            label: String::new(),
            organisation: String::new(),
            issuer: String::new(),
            client_id: String::new(),
            client_secret: String::new(),
            client_auth: ClientAuth::ClientSecretBasic,
            private_key_file: String::new(),
            private_key_id: String::new(),
            client_assertion_algorithm: "RS256".into(),
            scopes: vec!["openid".into(), "email".into(), "profile".into()],
            subject_claim: "sub".into(),
            email_claim: "email".into(),
            name_claim: "name".into(),
            algorithms: vec!["RS256".into()],
            link_existing_accounts: false,
        }
    }
}

impl fmt::Debug for SsoProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SsoProvider")
            .field("name", &self.name)
            .field("organisation", &self.organisation)
            .field("issuer", &self.issuer)
            .field("client_id", &self.client_id)
            .field("client_secret", &"(not shown)")
            .field("client_auth", &self.client_auth)
            .field("private_key_file", &self.private_key_file)
            .field("subject_claim", &self.subject_claim)
            .finish_non_exhaustive()
    }
}

/// How mhsw authenticates itself to a provider's token endpoint (OpenID Connect Core 1.0,
/// section 9).
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ClientAuth {
    #[default]
    ClientSecretBasic,
    PrivateKeyJwt,
}

impl SsoSettings {
    pub fn provider(&self, name: &str) -> Option<&SsoProvider> {
        self.providers.iter().find(|p| p.name == name)
    }

    /// The redirect URI registered with a provider.
    pub fn redirect_uri(&self, p: &SsoProvider) -> String {
        format!(
            "{}/sign-in/sso/{}/callback",
            self.redirect_base.trim_end_matches('/'),
            p.name
        )
    }

    /// What is wrong with the settings, each problem naming its key.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.providers.is_empty() && !is_web_address(&self.redirect_base) {
            out.push(
                "sso.redirect_base must be mhsw's https address when providers are set".into(),
            );
        }
        let mut names = BTreeSet::new();
        for (i, p) in self.providers.iter().enumerate() {
            let at = format!("sso.providers[{i}]");
            let slug = |s: &str| {
                !s.is_empty()
                    && s.bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            };
            if !slug(&p.name) {
                out.push(format!(
                    "{at}.name must be lower-case letters, digits and hyphens"
                ));
            } else if !names.insert(p.name.clone()) {
                out.push(format!("{at}.name '{}' is used twice", p.name));
            }
            for (key, value) in [
                ("label", &p.label),
                ("organisation", &p.organisation),
                ("client_id", &p.client_id),
                ("subject_claim", &p.subject_claim),
            ] {
                if value.trim().is_empty() {
                    out.push(format!("{at}.{key} must be set"));
                }
            }
            if !is_web_address(&p.issuer) {
                out.push(format!(
                    "{at}.issuer must be an https address (http only on this machine's loopback)"
                ));
            }
            if !p.scopes.iter().any(|s| s == "openid") {
                out.push(format!("{at}.scopes must include openid"));
            }
            if p.client_auth == ClientAuth::PrivateKeyJwt && p.private_key_file.trim().is_empty() {
                out.push(format!(
                    "{at}.private_key_file must be set when client_auth is private_key_jwt"
                ));
            }
            if p.algorithms.is_empty() {
                out.push(format!("{at}.algorithms must name at least one algorithm"));
            }
            for a in &p.algorithms {
                if jws::Algorithm::parse(a).is_none() {
                    out.push(format!(
                        "{at}.algorithms: '{a}' is not one mhsw checks ({})",
                        jws::Algorithm::NAMES.join(", ")
                    ));
                }
            }
        }
        out
    }
}

/// `https://...`, or `http://` to this machine only (a provider started by the tests).
pub fn is_web_address(s: &str) -> bool {
    let Ok(u) = url::Url::parse(s) else {
        return false;
    };
    let loopback = matches!(
        u.host_str(),
        Some("127.0.0.1") | Some("localhost") | Some("[::1]")
    );
    u.host_str().is_some() && (u.scheme() == "https" || (u.scheme() == "http" && loopback))
}

/// RFC 7636's S256 challenge for a verifier: base64url(SHA-256(verifier)).
pub fn pkce_challenge(verifier: &str) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Why an ID token was refused. Said in the audit trail and the log; the person signing
/// in is told only that the sign-in could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenProblem {
    Malformed,
    AlgorithmNotAllowed(String),
    UnknownKey,
    BadSignature,
    WrongIssuer,
    WrongAudience,
    WrongAuthorisedParty,
    Expired,
    IssuedInFuture,
    IssuedTooLongAgo,
    BadNonce,
    MissingClaim(String),
}

impl fmt::Display for TokenProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TokenProblem::Malformed => write!(f, "the ID token is not a signed JWT"),
            TokenProblem::AlgorithmNotAllowed(a) => {
                write!(f, "the ID token's algorithm '{a}' is not accepted")
            }
            TokenProblem::UnknownKey => write!(f, "the ID token's key is not the provider's"),
            TokenProblem::BadSignature => write!(f, "the ID token's signature is wrong"),
            TokenProblem::WrongIssuer => write!(f, "the ID token's issuer is wrong"),
            TokenProblem::WrongAudience => write!(f, "the ID token's audience is wrong"),
            TokenProblem::WrongAuthorisedParty => {
                write!(f, "the ID token's authorised party is wrong")
            }
            TokenProblem::Expired => write!(f, "the ID token has expired"),
            TokenProblem::IssuedInFuture => write!(f, "the ID token was issued in the future"),
            TokenProblem::IssuedTooLongAgo => write!(f, "the ID token was issued too long ago"),
            TokenProblem::BadNonce => write!(f, "the ID token's nonce is wrong"),
            TokenProblem::MissingClaim(c) => write!(f, "the ID token has no '{c}' claim"),
        }
    }
}

/// Seconds of clock difference allowed between mhsw and the provider.
pub const LEEWAY_SECONDS: i64 = 60;
/// How long after issue an ID token is still taken (the flow takes seconds).
pub const MAX_AGE_SECONDS: i64 = 600;

/// What an ID token must say for this sign-in.
pub struct Expected<'a> {
    pub issuer: &'a str,
    pub client_id: &'a str,
    pub nonce: &'a str,
    /// Now, in seconds since the Unix epoch (the wall clock, not the business day).
    pub now: i64,
}

/// OpenID Connect Core 1.0, 3.1.3.7, steps 2 to 11 (the signature is `jws::verify`):
/// the issuer exactly; the client as the only audience; `azp`, when present, the client;
/// not expired; issued neither in the future nor long ago; the nonce this sign-in sent.
pub fn check_claims(claims: &Value, e: &Expected<'_>) -> Result<(), TokenProblem> {
    if claims.get("iss").and_then(Value::as_str) != Some(e.issuer) {
        return Err(TokenProblem::WrongIssuer);
    }
    let audiences: Vec<&str> = match claims.get("aud") {
        Some(Value::String(a)) => vec![a.as_str()],
        Some(Value::Array(all)) => all.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let aud_count = claims
        .get("aud")
        .and_then(Value::as_array)
        .map_or(audiences.len(), Vec::len);
    if audiences.is_empty()
        || aud_count != audiences.len()
        || audiences.iter().any(|a| *a != e.client_id)
    {
        return Err(TokenProblem::WrongAudience);
    }
    if let Some(azp) = claims.get("azp")
        && azp.as_str() != Some(e.client_id)
    {
        return Err(TokenProblem::WrongAuthorisedParty);
    }
    let seconds = |name: &str| {
        claims
            .get(name)
            .and_then(Value::as_i64)
            .ok_or_else(|| TokenProblem::MissingClaim(name.to_string()))
    };
    if seconds("exp")? + LEEWAY_SECONDS <= e.now {
        return Err(TokenProblem::Expired);
    }
    let iat = seconds("iat")?;
    if iat > e.now + LEEWAY_SECONDS {
        return Err(TokenProblem::IssuedInFuture);
    }
    if iat + MAX_AGE_SECONDS + LEEWAY_SECONDS < e.now {
        return Err(TokenProblem::IssuedTooLongAgo);
    }
    if claims.get("nonce").and_then(Value::as_str) != Some(e.nonce) {
        return Err(TokenProblem::BadNonce);
    }
    Ok(())
}

/// A claim as one string (a number is read as its digits), or nothing.
pub fn string_claim(claims: &Value, name: &str) -> Option<String> {
    match claims.get(name)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An organisation admin's rule: someone whose token's `claim` is `value` (or, for a
/// list such as `groups` or `roles`, includes it) holds `role`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RoleRule {
    pub id: i64,
    pub claim: String,
    pub value: String,
    pub role: Role,
}

/// Roles the rules can give: every role held in an organisation. The national analyst
/// holds none, so no organisation's provider can make one.
pub fn role_can_be_mapped(role: Role) -> bool {
    role != Role::NationalAnalyst
}

/// The roles a set of claims earns under the rules. No rule, no role: someone the admin
/// has not mapped gets no account.
pub fn roles_from_claims(claims: &Value, rules: &[RoleRule]) -> BTreeSet<Role> {
    rules
        .iter()
        .filter(|r| role_can_be_mapped(r.role))
        .filter(|r| match claims.get(&r.claim) {
            Some(Value::String(s)) => *s == r.value,
            Some(Value::Array(all)) => all.iter().any(|v| v.as_str() == Some(&r.value)),
            Some(Value::Bool(b)) => b.to_string() == r.value,
            Some(Value::Number(n)) => n.to_string() == r.value,
            _ => false,
        })
        .map(|r| r.role)
        .collect()
}
