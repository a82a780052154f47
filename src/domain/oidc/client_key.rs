//! mhsw's own key for proving itself at a provider's token endpoint with a signed JWT
//! instead of a client secret (`private_key_jwt`: OpenID Connect Core 1.0, section 9;
//! RFC 7523), as NHS CIS2 Authentication offers (docs/sources.md#single-sign-on), and its
//! public half as a JSON Web Key the provider can be given or fetch.

use super::jws::Algorithm;
use base64::Engine;
use ring::rand::SystemRandom;
use ring::signature::{self, EcdsaKeyPair, KeyPair, RsaKeyPair};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

/// How long a client assertion is good for: long enough for one token request.
pub const ASSERTION_LIFETIME_SECONDS: i64 = 300;

/// A private key (RSA or EC) and the algorithm it signs with.
pub struct ClientKey {
    alg: Algorithm,
    kid: String,
    pair: Pair,
}

enum Pair {
    Rsa(RsaKeyPair),
    Ec(EcdsaKeyPair),
}

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// The DER inside a PEM block labelled `label`, if the text holds one.
fn pem_block(pem: &str, label: &str) -> Option<Result<Vec<u8>, String>> {
    let begin = format!("-----BEGIN {label}-----");
    let end = format!("-----END {label}-----");
    let start = pem.find(&begin)? + begin.len();
    let Some(stop) = pem[start..].find(&end) else {
        return Some(Err(format!("the PEM block '{label}' has no END line")));
    };
    let body: String = pem[start..start + stop]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    Some(
        base64::engine::general_purpose::STANDARD
            .decode(body)
            .map_err(|_| format!("the PEM block '{label}' is not base64")),
    )
}

impl ClientKey {
    /// Reads a PEM private key for `alg` (one of `Algorithm::NAMES`): PKCS#8 (`BEGIN
    /// PRIVATE KEY`) of either kind, or PKCS#1 (`BEGIN RSA PRIVATE KEY`). `kid` names it
    /// to the provider; empty, it is the key's RFC 7638 thumbprint. Says what is wrong,
    /// never what the key holds.
    pub fn from_pem(pem: &str, alg: &str, kid: &str) -> Result<ClientKey, String> {
        let alg = Algorithm::parse(alg).ok_or_else(|| {
            format!(
                "'{alg}' is not an algorithm mhsw signs with ({})",
                Algorithm::NAMES.join(", ")
            )
        })?;
        let rejected = |e: ring::error::KeyRejected| format!("the key was refused ({e})");
        let pair = if let Some(der) = pem_block(pem, "PRIVATE KEY") {
            let der = der?;
            match ec_signing(alg) {
                Some(curve) => Pair::Ec(
                    EcdsaKeyPair::from_pkcs8(curve, &der, &SystemRandom::new())
                        .map_err(rejected)?,
                ),
                None => Pair::Rsa(RsaKeyPair::from_pkcs8(&der).map_err(rejected)?),
            }
        } else if let Some(der) = pem_block(pem, "RSA PRIVATE KEY") {
            if ec_signing(alg).is_some() {
                return Err(format!("an RSA key cannot sign {}", alg.name()));
            }
            Pair::Rsa(RsaKeyPair::from_der(&der?).map_err(rejected)?)
        } else if pem.contains("-----BEGIN EC PRIVATE KEY-----") {
            return Err("an EC key must be in PKCS#8 form (BEGIN PRIVATE KEY): convert it with `openssl pkcs8 -topk8 -nocrypt`".into());
        } else if pem.contains("-----BEGIN ENCRYPTED PRIVATE KEY-----") {
            return Err(
                "the key is encrypted; mhsw needs it unencrypted, readable by mhsw only".into(),
            );
        } else {
            return Err("no PEM private key (BEGIN PRIVATE KEY) was found".into());
        };
        if let Pair::Rsa(r) = &pair
            && r.public().modulus_len() < 256
        {
            return Err("an RSA key must be at least 2048 bits".into());
        }
        let mut key = ClientKey {
            alg,
            kid: kid.to_string(),
            pair,
        };
        if key.kid.is_empty() {
            key.kid = key.thumbprint();
        }
        Ok(key)
    }

    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The public key's required members (RFC 7638's order, which is alphabetical).
    fn public_members(&self) -> Vec<(&'static str, String)> {
        match &self.pair {
            Pair::Rsa(r) => {
                let c: signature::RsaPublicKeyComponents<Vec<u8>> = r.public().into();
                vec![("e", b64(&c.e)), ("kty", "RSA".into()), ("n", b64(&c.n))]
            }
            Pair::Ec(e) => {
                // Uncompressed point: 0x04, then x and y of equal length.
                let point = &e.public_key().as_ref()[1..];
                let (x, y) = point.split_at(point.len() / 2);
                vec![
                    ("crv", self.alg.curve().unwrap_or_default().into()),
                    ("kty", "EC".into()),
                    ("x", b64(x)),
                    ("y", b64(y)),
                ]
            }
        }
    }

    /// RFC 7638: base64url(SHA-256) of the required members as compact JSON, in order.
    fn thumbprint(&self) -> String {
        let members: Vec<String> = self
            .public_members()
            .into_iter()
            .map(|(k, v)| format!("\"{k}\":\"{v}\""))
            .collect();
        b64(&Sha256::digest(format!("{{{}}}", members.join(","))))
    }

    /// The public half as a JSON Web Key (RFC 7517), for the provider.
    pub fn public_jwk(&self) -> Value {
        let mut jwk = serde_json::Map::new();
        for (k, v) in self.public_members() {
            jwk.insert(k.into(), Value::String(v));
        }
        jwk.insert("kid".into(), json!(self.kid));
        jwk.insert("use".into(), json!("sig"));
        jwk.insert("alg".into(), json!(self.alg.name()));
        Value::Object(jwk)
    }

    /// A client assertion for `client_id` at the token endpoint `audience` (RFC 7523,
    /// section 3): issuer and subject the client, a unique `jti`, good for
    /// [`ASSERTION_LIFETIME_SECONDS`] from `now` (seconds since the epoch).
    pub fn assertion(&self, client_id: &str, audience: &str, jti: &str, now: i64) -> String {
        let header = json!({"alg": self.alg.name(), "typ": "JWT", "kid": self.kid});
        let claims = json!({
            "iss": client_id,
            "sub": client_id,
            "aud": audience,
            "jti": jti,
            "iat": now,
            "exp": now + ASSERTION_LIFETIME_SECONDS,
        });
        let signing_input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        format!(
            "{signing_input}.{}",
            b64(&self.sign(signing_input.as_bytes()))
        )
    }

    fn sign(&self, message: &[u8]) -> Vec<u8> {
        let rng = SystemRandom::new();
        match &self.pair {
            Pair::Rsa(r) => {
                let mut out = vec![0; r.public().modulus_len()];
                // Signing with a key ring has accepted fails only if the system's random
                // source does; there is nothing to fall back to.
                r.sign(rsa_padding(self.alg), &rng, message, &mut out)
                    .expect("RSA signing");
                out
            }
            Pair::Ec(e) => e
                .sign(&rng, message)
                .expect("ECDSA signing")
                .as_ref()
                .to_vec(),
        }
    }
}

fn ec_signing(alg: Algorithm) -> Option<&'static signature::EcdsaSigningAlgorithm> {
    match alg {
        Algorithm::Es256 => Some(&signature::ECDSA_P256_SHA256_FIXED_SIGNING),
        Algorithm::Es384 => Some(&signature::ECDSA_P384_SHA384_FIXED_SIGNING),
        _ => None,
    }
}

fn rsa_padding(alg: Algorithm) -> &'static dyn signature::RsaEncoding {
    match alg {
        Algorithm::Rs384 => &signature::RSA_PKCS1_SHA384,
        Algorithm::Rs512 => &signature::RSA_PKCS1_SHA512,
        Algorithm::Ps256 => &signature::RSA_PSS_SHA256,
        Algorithm::Ps384 => &signature::RSA_PSS_SHA384,
        Algorithm::Ps512 => &signature::RSA_PSS_SHA512,
        _ => &signature::RSA_PKCS1_SHA256,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::oidc::jws::{self, JwkSet};

    fn fixture(name: &str) -> String {
        std::fs::read_to_string(format!(
            "{}/tests/fixtures/sso/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    }

    /// Signs an assertion and checks it as a provider would: with the published key.
    fn signed_and_checked(key: &ClientKey, alg: &str) -> serde_json::Value {
        let token = key.assertion("mhsw", "https://idp.example/token", "jti-1", 1_800_000_000);
        let parsed = jws::parse(&token).unwrap();
        let keys: JwkSet = serde_json::from_value(json!({"keys": [key.public_jwk()]})).unwrap();
        assert_eq!(
            jws::verify(&parsed, &keys, &[alg.to_string()]),
            Ok(()),
            "{alg}"
        );
        assert_eq!(parsed.kid.as_deref(), Some(key.kid()));
        parsed.claims
    }

    #[test]
    fn an_assertion_names_the_client_the_token_endpoint_and_lasts_five_minutes() {
        let key = ClientKey::from_pem(&fixture("test-client-key.pem"), "RS256", "k1").unwrap();
        let claims = signed_and_checked(&key, "RS256");
        assert_eq!(claims["iss"], "mhsw");
        assert_eq!(claims["sub"], "mhsw");
        assert_eq!(claims["aud"], "https://idp.example/token");
        assert_eq!(claims["jti"], "jti-1");
        assert_eq!(claims["iat"], 1_800_000_000);
        assert_eq!(claims["exp"], 1_800_000_300);
        assert_eq!(key.public_jwk()["kid"], "k1");
    }

    #[test]
    fn every_algorithm_signs_what_its_published_key_verifies() {
        for alg in ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"] {
            let key = ClientKey::from_pem(&fixture("test-client-key.pem"), alg, "").unwrap();
            signed_and_checked(&key, alg);
        }
        let pkcs1 =
            ClientKey::from_pem(&fixture("test-client-key-pkcs1.pem"), "RS256", "").unwrap();
        signed_and_checked(&pkcs1, "RS256");
        let ec = ClientKey::from_pem(&fixture("test-client-key-ec.pem"), "ES256", "").unwrap();
        assert_eq!(ec.public_jwk()["crv"], "P-256");
        signed_and_checked(&ec, "ES256");
    }

    #[test]
    fn without_a_kid_the_key_is_named_by_its_thumbprint() {
        let pkcs8 = ClientKey::from_pem(&fixture("test-client-key.pem"), "RS256", "").unwrap();
        let pkcs1 =
            ClientKey::from_pem(&fixture("test-client-key-pkcs1.pem"), "RS256", "").unwrap();
        assert_eq!(pkcs8.kid(), pkcs1.kid(), "the same key, however stored");
        assert_eq!(pkcs8.kid().len(), 43, "base64url of a SHA-256");
        let ec = ClientKey::from_pem(&fixture("test-client-key-ec.pem"), "ES256", "").unwrap();
        assert_ne!(ec.kid(), pkcs8.kid());
    }

    #[test]
    fn a_key_that_cannot_sign_is_refused_with_the_reason() {
        let refused = |pem: &str, alg: &str| ClientKey::from_pem(pem, alg, "").err().unwrap();
        let rsa = fixture("test-client-key.pem");
        let ec = fixture("test-client-key-ec.pem");
        assert!(refused(&rsa, "HS256").contains("not an algorithm"));
        assert!(refused(&rsa, "ES256").contains("refused"));
        assert!(refused(&ec, "RS256").contains("refused"));
        assert!(refused(&fixture("test-client-key-pkcs1.pem"), "ES256").contains("RSA key"));
        assert!(
            refused(
                "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----",
                "ES256"
            )
            .contains("PKCS#8")
        );
        assert!(refused("-----BEGIN ENCRYPTED PRIVATE KEY-----", "RS256").contains("encrypted"));
        assert!(refused("not a key", "RS256").contains("no PEM"));
        assert!(
            refused(
                "-----BEGIN PRIVATE KEY-----\n!!\n-----END PRIVATE KEY-----",
                "RS256"
            )
            .contains("base64")
        );
    }
}
