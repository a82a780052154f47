//! A signed JWT (RFC 7515's compact form) and its signature, checked against the
//! provider's published keys (RFC 7517) with `ring`. Only the algorithms named in
//! `Algorithm` are known; `none`, HMAC (which would make the client secret a signing key)
//! and anything else are refused before any key is looked at.

use super::TokenProblem;
use base64::Engine;
use ring::signature::{self, RsaPublicKeyComponents, UnparsedPublicKey};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    Rs256,
    Rs384,
    Rs512,
    Ps256,
    Ps384,
    Ps512,
    Es256,
    Es384,
}

impl Algorithm {
    pub const NAMES: [&'static str; 8] = [
        "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384",
    ];

    pub fn parse(name: &str) -> Option<Algorithm> {
        use Algorithm::*;
        Some(match name {
            "RS256" => Rs256,
            "RS384" => Rs384,
            "RS512" => Rs512,
            "PS256" => Ps256,
            "PS384" => Ps384,
            "PS512" => Ps512,
            "ES256" => Es256,
            "ES384" => Es384,
            _ => return None,
        })
    }

    /// Its name in a JOSE header, as `parse` reads it.
    pub fn name(self) -> &'static str {
        use Algorithm::*;
        match self {
            Rs256 => "RS256",
            Rs384 => "RS384",
            Rs512 => "RS512",
            Ps256 => "PS256",
            Ps384 => "PS384",
            Ps512 => "PS512",
            Es256 => "ES256",
            Es384 => "ES384",
        }
    }

    /// The JWK curve (`crv`) an EC algorithm's key is on; none for RSA.
    pub fn curve(self) -> Option<&'static str> {
        match self {
            Algorithm::Es256 => Some("P-256"),
            Algorithm::Es384 => Some("P-384"),
            _ => None,
        }
    }

    fn key_type(self) -> &'static str {
        match self {
            Algorithm::Es256 | Algorithm::Es384 => "EC",
            _ => "RSA",
        }
    }
}

/// One key from the provider's JWKS. Unknown members are ignored.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Jwk {
    pub kty: String,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    #[serde(default)]
    pub alg: Option<String>,
    #[serde(default)]
    pub n: Option<String>,
    #[serde(default)]
    pub e: Option<String>,
    #[serde(default)]
    pub crv: Option<String>,
    #[serde(default)]
    pub x: Option<String>,
    #[serde(default)]
    pub y: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Default)]
pub struct JwkSet {
    #[serde(default)]
    pub keys: Vec<Jwk>,
}

/// A JWS split into its parts, the header and claims decoded.
#[derive(Debug, Clone)]
pub struct Jws {
    pub alg: String,
    pub kid: Option<String>,
    pub claims: Value,
    signing_input: String,
    signature: Vec<u8>,
}

fn b64(part: &str) -> Result<Vec<u8>, TokenProblem> {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenProblem::Malformed)
}

/// Splits and decodes a compact JWS: three base64url parts, a JSON header with `alg`,
/// and a JSON object of claims. Encrypted tokens (five parts) are not taken.
pub fn parse(token: &str) -> Result<Jws, TokenProblem> {
    let token = token.trim();
    let parts: Vec<&str> = token.split('.').collect();
    let [header, payload, signature] = parts[..] else {
        return Err(TokenProblem::Malformed);
    };
    let header: Value =
        serde_json::from_slice(&b64(header)?).map_err(|_| TokenProblem::Malformed)?;
    let claims: Value =
        serde_json::from_slice(&b64(payload)?).map_err(|_| TokenProblem::Malformed)?;
    if !claims.is_object() {
        return Err(TokenProblem::Malformed);
    }
    if header.get("crit").is_some() {
        // RFC 7515 4.1.11: extensions we do not understand must be refused.
        return Err(TokenProblem::Malformed);
    }
    let alg = header
        .get("alg")
        .and_then(Value::as_str)
        .ok_or(TokenProblem::Malformed)?
        .to_string();
    Ok(Jws {
        alg,
        kid: header
            .get("kid")
            .and_then(Value::as_str)
            .map(str::to_string),
        claims,
        signing_input: token[..token.rfind('.').unwrap_or(0)].to_string(),
        signature: b64(signature)?,
    })
}

/// Checks the signature with one of the provider's keys: the algorithm must be one the
/// settings accept; the key is the one the header's `kid` names (or, with no `kid`, any
/// key of the right type); a key saying it is for another use or algorithm is skipped.
/// `UnknownKey` tells the caller to fetch the key set again once (keys rotate).
pub fn verify(jws: &Jws, keys: &JwkSet, accepted: &[String]) -> Result<(), TokenProblem> {
    let alg = Algorithm::parse(&jws.alg)
        .filter(|_| accepted.contains(&jws.alg))
        .ok_or_else(|| TokenProblem::AlgorithmNotAllowed(jws.alg.clone()))?;
    let candidates: Vec<&Jwk> = keys
        .keys
        .iter()
        .filter(|k| k.kty == alg.key_type())
        .filter(|k| k.use_.as_deref().is_none_or(|u| u == "sig"))
        .filter(|k| k.alg.as_deref().is_none_or(|a| a == jws.alg))
        .filter(|k| jws.kid.is_none() || k.kid == jws.kid)
        .collect();
    if candidates.is_empty() {
        return Err(TokenProblem::UnknownKey);
    }
    let message = jws.signing_input.as_bytes();
    if candidates
        .iter()
        .any(|k| verify_with(alg, k, message, &jws.signature))
    {
        Ok(())
    } else {
        Err(TokenProblem::BadSignature)
    }
}

fn verify_with(alg: Algorithm, key: &Jwk, message: &[u8], sig: &[u8]) -> bool {
    let field = |v: &Option<String>| v.as_deref().and_then(|s| b64(s).ok());
    match alg {
        Algorithm::Es256 | Algorithm::Es384 => {
            let params: &'static signature::EcdsaVerificationAlgorithm = if alg == Algorithm::Es256
            {
                &signature::ECDSA_P256_SHA256_FIXED
            } else {
                &signature::ECDSA_P384_SHA384_FIXED
            };
            let (Some(x), Some(y)) = (field(&key.x), field(&key.y)) else {
                return false;
            };
            if key.crv.as_deref() != alg.curve() {
                return false;
            }
            let mut point = vec![0x04];
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            UnparsedPublicKey::new(params, point)
                .verify(message, sig)
                .is_ok()
        }
        _ => {
            let (Some(n), Some(e)) = (field(&key.n), field(&key.e)) else {
                return false;
            };
            let params: &signature::RsaParameters = match alg {
                Algorithm::Rs256 => &signature::RSA_PKCS1_2048_8192_SHA256,
                Algorithm::Rs384 => &signature::RSA_PKCS1_2048_8192_SHA384,
                Algorithm::Rs512 => &signature::RSA_PKCS1_2048_8192_SHA512,
                Algorithm::Ps256 => &signature::RSA_PSS_2048_8192_SHA256,
                Algorithm::Ps384 => &signature::RSA_PSS_2048_8192_SHA384,
                _ => &signature::RSA_PSS_2048_8192_SHA512,
            };
            RsaPublicKeyComponents { n: &n, e: &e }
                .verify(params, message, sig)
                .is_ok()
        }
    }
}
