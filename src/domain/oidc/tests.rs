use super::jws::{self, Jwk, JwkSet};
use super::*;
use proptest::prelude::*;
use ring::rand::SystemRandom;
use ring::signature::{ECDSA_P256_SHA256_FIXED_SIGNING, EcdsaKeyPair, KeyPair};
use serde_json::json;

fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// An ES256 key made here (ring can make EC keys), its JWK, and a signer.
struct Signer {
    pair: EcdsaKeyPair,
    jwk: Jwk,
}

impl Signer {
    fn new(kid: &str) -> Signer {
        let rng = SystemRandom::new();
        let pkcs8 = EcdsaKeyPair::generate_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &rng).unwrap();
        let pair = EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, pkcs8.as_ref(), &rng)
            .unwrap();
        let point = pair.public_key().as_ref().to_vec();
        let jwk = Jwk {
            kty: "EC".into(),
            kid: Some(kid.into()),
            use_: Some("sig".into()),
            alg: None,
            n: None,
            e: None,
            crv: Some("P-256".into()),
            x: Some(b64(&point[1..33])),
            y: Some(b64(&point[33..])),
        };
        Signer { pair, jwk }
    }

    fn sign(&self, header: &Value, claims: &Value) -> String {
        let input = format!(
            "{}.{}",
            b64(header.to_string().as_bytes()),
            b64(claims.to_string().as_bytes())
        );
        let sig = self
            .pair
            .sign(&SystemRandom::new(), input.as_bytes())
            .unwrap();
        format!("{input}.{}", b64(sig.as_ref()))
    }
}

const NOW: i64 = 1_796_000_000;

fn good_claims() -> Value {
    json!({"iss": "https://idp.example", "aud": "mhsw", "sub": "abc", "nonce": "n-1",
           "iat": NOW - 5, "exp": NOW + 300})
}

fn expected() -> Expected<'static> {
    Expected {
        issuer: "https://idp.example",
        client_id: "mhsw",
        nonce: "n-1",
        now: NOW,
    }
}

fn es256() -> Vec<String> {
    vec!["ES256".into()]
}

#[test]
fn pkce_matches_rfc_7636_appendix_b() {
    assert_eq!(
        pkce_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
        "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
    );
}

#[test]
fn a_good_token_passes_and_each_wrong_claim_is_named() {
    assert_eq!(check_claims(&good_claims(), &expected()), Ok(()));
    let with = |k: &str, v: Value| {
        let mut c = good_claims();
        c[k] = v;
        check_claims(&c, &expected())
    };
    assert_eq!(
        with("iss", json!("https://idp.example/")),
        Err(TokenProblem::WrongIssuer)
    );
    assert_eq!(
        with("aud", json!("other")),
        Err(TokenProblem::WrongAudience)
    );
    assert_eq!(
        with("aud", json!(["mhsw", "other"])),
        Err(TokenProblem::WrongAudience)
    );
    assert_eq!(with("aud", json!(["mhsw"])), Ok(()));
    assert_eq!(with("aud", json!([])), Err(TokenProblem::WrongAudience));
    assert_eq!(
        with("azp", json!("other")),
        Err(TokenProblem::WrongAuthorisedParty)
    );
    assert_eq!(
        with("exp", json!(NOW - LEEWAY_SECONDS)),
        Err(TokenProblem::Expired)
    );
    assert_eq!(
        with("iat", json!(NOW + LEEWAY_SECONDS + 1)),
        Err(TokenProblem::IssuedInFuture)
    );
    assert_eq!(
        with("iat", json!(NOW - MAX_AGE_SECONDS - LEEWAY_SECONDS - 1)),
        Err(TokenProblem::IssuedTooLongAgo)
    );
    assert_eq!(with("nonce", json!("n-2")), Err(TokenProblem::BadNonce));
    assert_eq!(
        with("exp", json!("tomorrow")),
        Err(TokenProblem::MissingClaim("exp".into()))
    );
    let mut no_nonce = good_claims();
    no_nonce.as_object_mut().unwrap().remove("nonce");
    assert_eq!(
        check_claims(&no_nonce, &expected()),
        Err(TokenProblem::BadNonce)
    );
}

#[test]
fn a_signature_checks_with_its_key_and_fails_with_any_change() {
    let signer = Signer::new("k1");
    let keys = JwkSet {
        keys: vec![signer.jwk.clone()],
    };
    let token = signer.sign(&json!({"alg": "ES256", "kid": "k1"}), &good_claims());
    let parsed = jws::parse(&token).unwrap();
    assert_eq!(jws::verify(&parsed, &keys, &es256()), Ok(()));
    assert_eq!(parsed.claims["sub"], "abc");

    // Claims swapped under the same signature.
    let other = signer.sign(
        &json!({"alg": "ES256", "kid": "k1"}),
        &json!({"sub": "evil"}),
    );
    let mut parts: Vec<&str> = token.split('.').collect();
    let forged_payload = other.split('.').nth(1).unwrap();
    parts[1] = forged_payload;
    let forged = jws::parse(&parts.join(".")).unwrap();
    assert_eq!(
        jws::verify(&forged, &keys, &es256()),
        Err(TokenProblem::BadSignature)
    );

    // Another key with the same kid, or an unknown kid.
    let stranger = Signer::new("k1");
    let theirs =
        jws::parse(&stranger.sign(&json!({"alg": "ES256", "kid": "k1"}), &good_claims())).unwrap();
    assert_eq!(
        jws::verify(&theirs, &keys, &es256()),
        Err(TokenProblem::BadSignature)
    );
    let unknown =
        jws::parse(&signer.sign(&json!({"alg": "ES256", "kid": "k9"}), &good_claims())).unwrap();
    assert_eq!(
        jws::verify(&unknown, &keys, &es256()),
        Err(TokenProblem::UnknownKey)
    );
}

#[test]
fn none_hmac_and_unaccepted_algorithms_are_refused_before_any_key() {
    let signer = Signer::new("k1");
    let keys = JwkSet {
        keys: vec![signer.jwk.clone()],
    };
    let unsigned = format!(
        "{}.{}.",
        b64(br#"{"alg":"none"}"#),
        b64(good_claims().to_string().as_bytes())
    );
    let parsed = jws::parse(&unsigned).unwrap();
    assert_eq!(
        jws::verify(&parsed, &keys, &es256()),
        Err(TokenProblem::AlgorithmNotAllowed("none".into()))
    );
    let hmac = jws::parse(&signer.sign(&json!({"alg": "HS256"}), &good_claims())).unwrap();
    assert!(matches!(
        jws::verify(&hmac, &keys, &es256()),
        Err(TokenProblem::AlgorithmNotAllowed(_))
    ));
    let es = jws::parse(&signer.sign(&json!({"alg": "ES256"}), &good_claims())).unwrap();
    assert!(matches!(
        jws::verify(&es, &keys, &["RS256".to_string()]),
        Err(TokenProblem::AlgorithmNotAllowed(_))
    ));
    // Unknown critical extensions and encrypted (five-part) tokens are not read at all.
    assert!(
        jws::parse(&signer.sign(&json!({"alg": "ES256", "crit": ["exp"]}), &good_claims()))
            .is_err()
    );
    assert!(jws::parse("a.b.c.d.e").is_err());
}

fn rule(claim: &str, value: &str, role: Role) -> RoleRule {
    RoleRule {
        id: 0,
        claim: claim.into(),
        value: value.into(),
        role,
    }
}

#[test]
fn rules_read_strings_and_lists_and_never_make_a_national_analyst() {
    let claims = json!({"groups": ["g-sup", "g-psw"], "dept": "AMHP", "staff": true});
    let rules = vec![
        rule("groups", "g-sup", Role::Supervisor),
        rule("groups", "g-admin", Role::OrgAdmin),
        rule("dept", "AMHP", Role::Practitioner),
        rule("staff", "true", Role::TeamManager),
        rule("groups", "g-psw", Role::NationalAnalyst),
    ];
    let roles: Vec<Role> = roles_from_claims(&claims, &rules).into_iter().collect();
    assert_eq!(
        roles,
        vec![Role::Practitioner, Role::Supervisor, Role::TeamManager]
    );
    assert!(roles_from_claims(&claims, &[]).is_empty());
}

#[test]
fn settings_problems_name_their_keys() {
    let mut s = SsoSettings {
        redirect_base: "ftp://x".into(),
        providers: vec![SsoProvider {
            name: "Bad Name".into(),
            issuer: "http://idp.example".into(),
            scopes: vec!["email".into()],
            algorithms: vec!["HS256".into()],
            ..SsoProvider::default()
        }],
    };
    let p = s.problems().join("\n");
    for key in [
        "sso.redirect_base",
        "sso.providers[0].name",
        "sso.providers[0].label",
        "sso.providers[0].issuer",
        "sso.providers[0].scopes",
        "sso.providers[0].algorithms: 'HS256'",
    ] {
        assert!(p.contains(key), "{key} not in {p}");
    }
    s.redirect_base = "https://mhsw.example.nhs.uk".into();
    s.providers[0] = SsoProvider {
        name: "northshire".into(),
        label: "NHSmail".into(),
        organisation: "RX4".into(),
        issuer: "http://127.0.0.1:9/".into(),
        client_id: "mhsw".into(),
        ..SsoProvider::default()
    };
    assert_eq!(s.problems(), Vec::<String>::new());
    assert_eq!(
        s.redirect_uri(&s.providers[0]),
        "https://mhsw.example.nhs.uk/sign-in/sso/northshire/callback"
    );
    assert!(!format!("{:?}", s.providers[0]).contains("client_secret\": \""));
}

proptest! {
    /// Any issuer but the exact one is refused, however close.
    #[test]
    fn only_the_exact_issuer_passes(iss in "[a-z:/.]{0,30}") {
        let mut c = good_claims();
        c["iss"] = json!(iss.clone());
        let r = check_claims(&c, &expected());
        prop_assert_eq!(r.is_ok(), iss == "https://idp.example");
    }

    /// A token is taken exactly while now is before its expiry plus the leeway.
    #[test]
    fn expiry_is_exact(offset in -2000i64..2000) {
        let mut c = good_claims();
        c["exp"] = json!(NOW + offset);
        let r = check_claims(&c, &expected());
        prop_assert_eq!(r.is_ok(), offset + LEEWAY_SECONDS > 0);
    }

    /// Any change to a signed token's bytes breaks it (or makes it unreadable).
    #[test]
    fn any_flipped_byte_fails(pos in 0usize..400, bit in 0u8..6) {
        let signer = Signer::new("k1");
        let keys = JwkSet { keys: vec![signer.jwk.clone()] };
        let token = signer.sign(&json!({"alg": "ES256", "kid": "k1"}), &good_claims());
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut bytes = token.clone().into_bytes();
        let i = pos % bytes.len();
        prop_assume!(bytes[i] != b'.');
        let at = alphabet.iter().position(|c| *c == bytes[i]).unwrap();
        bytes[i] = alphabet[(at + 1 + usize::from(bit)) % 64];
        let changed = String::from_utf8(bytes).unwrap();
        let verdict = jws::parse(&changed).and_then(|j| jws::verify(&j, &keys, &es256()));
        prop_assert!(verdict.is_err());
    }

    /// The roles given are always among the rules' roles, never the national analyst.
    #[test]
    fn rules_give_only_their_roles(groups in proptest::collection::vec("g[0-3]", 0..4), picks in proptest::collection::vec((0usize..4, 0usize..8), 0..6)) {
        let rules: Vec<RoleRule> = picks.iter().map(|(g, r)| rule("groups", &format!("g{g}"), Role::ALL[*r])).collect();
        let claims = json!({"groups": groups});
        for role in roles_from_claims(&claims, &rules) {
            prop_assert!(role != Role::NationalAnalyst);
            prop_assert!(rules.iter().any(|r| r.role == role && groups.contains(&r.value)));
        }
    }
}

#[test]
fn each_algorithm_is_named_as_it_is_parsed() {
    for name in jws::Algorithm::NAMES {
        assert_eq!(
            jws::Algorithm::parse(name).map(jws::Algorithm::name),
            Some(name)
        );
    }
}
