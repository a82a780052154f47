//! Single sign-on through an organisation's identity provider (`domain::oidc` holds the
//! rules): OpenID Connect's authorisation code flow with PKCE.
//!
//! 1. `start`: a random state, nonce and PKCE verifier; the state's hash, the nonce and
//!    verifier are kept in `sso_logins` (any instance can finish the sign-in), the state
//!    itself goes to the browser in a cookie, and the browser to the provider.
//! 2. `finish`: the callback's state must be the cookie's (no one can finish a sign-in in
//!    someone else's browser) and is claimed once; the code is exchanged at the token
//!    endpoint with the verifier; the ID token's signature, issuer, audience, expiry and
//!    nonce are checked; the person is found by the provider's stable subject claim, or
//!    given an account only when the organisation admin's rules give their claims a role.
//!    Their roles follow the rules at every sign-in, so a group removed at the provider
//!    removes the role here. Then a session starts as for a password.
//!
//! Every refusal is audited with its reason (never a code or token) and the person is told
//! plainly that the sign-in did not work, with the request's reference.

pub mod client_auth;
mod http;
pub mod provider;
pub mod rules;

use super::accounts::{NewSession, random_secret, sha256_hex, start_session_through};
use super::write::Write;
use crate::config::Settings;
use crate::domain::Role;
use crate::domain::WorkEmail;
use crate::domain::oidc::{self, SsoProvider, TokenProblem, jws};
use crate::domain::timestamp::Timestamp;
use crate::domain::user::UserFields;
use crate::error::{AppError, AppResult};
use crate::store::{Db, audit, sso as store, users};
use serde_json::Value;
use time::Duration;

/// How long a sign-in may spend at the provider.
pub const LOGIN_MINUTES: i64 = 10;

/// Where to send the browser, and the state to keep in its cookie.
#[derive(Debug)]
pub struct Started {
    pub redirect_to: String,
    pub state: String,
}

/// The providers the sign-in page offers: (name, label).
pub fn offered(settings: &Settings) -> Vec<(String, String)> {
    settings
        .sso
        .providers
        .iter()
        .map(|p| (p.name.clone(), p.label.clone()))
        .collect()
}

fn provider<'a>(settings: &'a Settings, name: &str) -> AppResult<&'a SsoProvider> {
    settings.sso.provider(name).ok_or(AppError::NotFound)
}

/// After signing out of a session a provider signed in: the provider's label, and where to
/// sign out of the provider's own session too (its `end_session_endpoint`, OpenID Connect
/// RP-Initiated Logout 1.0, with mhsw's client id so it knows who asks), if it has one.
/// Its own session outlives mhsw's: on a shared computer the next person to choose the
/// provider would be signed in as the last without a password.
pub async fn signed_out(settings: &Settings, name: &str) -> AppResult<(String, Option<String>)> {
    let p = provider(settings, name)?;
    let end_session = match provider::known(p, false).await {
        Ok(known) => known.metadata.end_session_endpoint.clone(),
        Err(e) => {
            tracing::warn!(provider = %p.name, error = %e, "could not read the provider's discovery document");
            None
        }
    };
    let link = end_session.and_then(|endpoint| {
        let mut url = url::Url::parse(&endpoint).ok()?;
        url.query_pairs_mut().append_pair("client_id", &p.client_id);
        Some(url.to_string())
    });
    Ok((p.label.clone(), link))
}

/// Step 1: remembers the sign-in and says where the provider's authorisation page is.
pub async fn start(db: &Db, settings: &Settings, name: &str, next: &str) -> AppResult<Started> {
    let p = provider(settings, name)?;
    let known = provider::known(p, false)
        .await
        .map_err(|e| anyhow::anyhow!("identity provider {}: {e}", p.name))?;
    let (state, nonce, verifier) = (random_secret(), random_secret(), random_secret());
    store::insert_login(
        &db.pool,
        &store::NewLogin {
            state_hash: &sha256_hex(&state),
            provider: &p.name,
            nonce: &nonce,
            code_verifier: &verifier,
            next_path: next,
        },
    )
    .await?;
    let mut url = url::Url::parse(&known.metadata.authorization_endpoint).map_err(|e| {
        anyhow::anyhow!("identity provider {}: authorization_endpoint: {e}", p.name)
    })?;
    url.query_pairs_mut()
        .append_pair("response_type", "code")
        .append_pair("client_id", &p.client_id)
        .append_pair("redirect_uri", &settings.sso.redirect_uri(p))
        .append_pair("scope", &p.scopes.join(" "))
        .append_pair("state", &state)
        .append_pair("nonce", &nonce)
        .append_pair("code_challenge", &oidc::pkce_challenge(&verifier))
        .append_pair("code_challenge_method", "S256");
    Ok(Started {
        redirect_to: url.to_string(),
        state,
    })
}

/// What came back to the callback.
#[derive(Debug, Default)]
pub struct Callback<'a> {
    pub code: Option<&'a str>,
    pub state: Option<&'a str>,
    pub error: Option<&'a str>,
    /// The state this browser's cookie holds.
    pub cookie_state: Option<&'a str>,
    pub request_id: &'a str,
}

/// Why a sign-in was refused: said to the audit trail and the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    pub reason: String,
    /// What the person is told (never the detail of a token).
    pub advice: Advice,
}

/// What the refusal page tells the person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Advice {
    /// Start again (an expired or replayed sign-in, a cookie missing).
    TryAgain,
    /// The provider's answer could not be trusted or used.
    NotChecked,
    /// The person has no role here: their organisation's admin gives access.
    NoAccess,
}

/// A finished sign-in: the session and where to go.
#[derive(Debug)]
pub struct Finished {
    pub session: NewSession,
    pub next: String,
}

fn refused(reason: impl Into<String>, advice: Advice) -> Refused {
    Refused {
        reason: reason.into(),
        advice,
    }
}

/// Step 2: checks everything that came back and starts the session, or says why not.
pub async fn finish(
    db: &Db,
    settings: &Settings,
    name: &str,
    cb: &Callback<'_>,
) -> AppResult<Result<Finished, Refused>> {
    let p = provider(settings, name)?;
    let outcome = check_and_sign_in(db, settings, p, cb).await?;
    if let Err(r) = &outcome {
        tracing::warn!(provider = %p.name, reason = %r.reason, "single sign-on refused");
        let org_id = store::org_id_by_ods(&db.pool, &p.organisation).await?;
        audit::append(
            &db.pool,
            &audit::NewAuditEntry {
                actor_user_id: None,
                actor_email: "",
                org_id,
                action: "sign-in sso refused",
                record_type: "account",
                record_id: String::new(),
                detail: format!("{}: {}", p.name, r.reason),
                request_id: cb.request_id,
            },
        )
        .await?;
    }
    Ok(outcome)
}

async fn check_and_sign_in(
    db: &Db,
    settings: &Settings,
    p: &SsoProvider,
    cb: &Callback<'_>,
) -> AppResult<Result<Finished, Refused>> {
    let (Some(state), Some(cookie)) = (cb.state, cb.cookie_state) else {
        return Ok(Err(refused(
            "the callback had no state, or this browser no sign-in cookie",
            Advice::TryAgain,
        )));
    };
    if state != cookie {
        return Ok(Err(refused(
            "the callback's state is not the one this browser started",
            Advice::TryAgain,
        )));
    }
    let since = Timestamp::now() - Duration::minutes(LOGIN_MINUTES);
    let login = match store::claim_login(&db.pool, &sha256_hex(state), since).await? {
        Some(l) if l.provider == p.name => l,
        _ => {
            return Ok(Err(refused(
                "the sign-in was already used, has expired, or is not this provider's",
                Advice::TryAgain,
            )));
        }
    };
    if let Some(error) = cb.error {
        return Ok(Err(refused(
            format!(
                "the provider answered with the error '{}'",
                printable(error)
            ),
            Advice::NotChecked,
        )));
    }
    let Some(code) = cb.code.filter(|c| !c.is_empty()) else {
        return Ok(Err(refused("the callback had no code", Advice::NotChecked)));
    };
    let claims = match id_token_claims(settings, p, code, &login).await? {
        Ok(c) => c,
        Err(r) => return Ok(Err(r)),
    };
    sign_in_as(db, p, &claims, &login.next_path, cb.request_id).await
}

/// Exchanges the code and checks the ID token (OpenID Connect Core 1.0, 3.1.3.5 to 3.1.3.7).
async fn id_token_claims(
    settings: &Settings,
    p: &SsoProvider,
    code: &str,
    login: &store::Login,
) -> AppResult<Result<Value, Refused>> {
    let known = provider::known(p, false)
        .await
        .map_err(|e| anyhow::anyhow!("identity provider {}: {e}", p.name))?;
    let redirect_uri = settings.sso.redirect_uri(p);
    let endpoint = &known.metadata.token_endpoint;
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let credentials = client_auth::credentials(p, endpoint, now)
        .map_err(|e| anyhow::anyhow!("identity provider {}: key: {e}", p.name))?;
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code),
        ("redirect_uri", &redirect_uri),
        ("code_verifier", &login.code_verifier),
    ];
    form.extend(credentials.form.iter().map(|(k, v)| (*k, v.as_str())));
    let basic = credentials
        .basic
        .as_ref()
        .map(|(id, secret)| (id.as_str(), secret.as_str()));
    let answer = http::post_form(endpoint, basic, &form)
        .await
        .map_err(|e| anyhow::anyhow!("identity provider {}: token endpoint: {e}", p.name))?;
    let json = answer.json.unwrap_or(Value::Null);
    if answer.status != 200 {
        let error = json
            .get("error")
            .and_then(Value::as_str)
            .unwrap_or("no error code");
        return Ok(Err(refused(
            format!(
                "the token endpoint refused the code ({}, {})",
                answer.status,
                printable(error)
            ),
            Advice::NotChecked,
        )));
    }
    let Some(token) = json.get("id_token").and_then(Value::as_str) else {
        return Ok(Err(refused(
            "the token endpoint's answer had no ID token",
            Advice::NotChecked,
        )));
    };
    let problem = |t: TokenProblem| Ok(Err(refused(t.to_string(), Advice::NotChecked)));
    let parsed = match jws::parse(token) {
        Ok(j) => j,
        Err(t) => return problem(t),
    };
    let mut verdict = jws::verify(&parsed, &known.keys, &p.algorithms);
    if verdict == Err(TokenProblem::UnknownKey) {
        let again = provider::known(p, true)
            .await
            .map_err(|e| anyhow::anyhow!("identity provider {}: {e}", p.name))?;
        verdict = jws::verify(&parsed, &again.keys, &p.algorithms);
    }
    if let Err(t) = verdict {
        return problem(t);
    }
    let expected = oidc::Expected {
        issuer: &p.issuer,
        client_id: &p.client_id,
        nonce: &login.nonce,
        now,
    };
    if let Err(t) = oidc::check_claims(&parsed.claims, &expected) {
        return problem(t);
    }
    Ok(Ok(parsed.claims))
}

/// Finds (or, where the rules allow, makes) the account and starts its session, in one
/// transaction with its audit entries.
async fn sign_in_as(
    db: &Db,
    p: &SsoProvider,
    claims: &Value,
    next: &str,
    request_id: &str,
) -> AppResult<Result<Finished, Refused>> {
    let Some(subject) = oidc::string_claim(claims, &p.subject_claim) else {
        return Ok(Err(refused(
            TokenProblem::MissingClaim(p.subject_claim.clone()).to_string(),
            Advice::NotChecked,
        )));
    };
    let Some(org_id) = store::org_id_by_ods(&db.pool, &p.organisation).await? else {
        return Err(anyhow::anyhow!(
            "identity provider {}: no organisation has the ODS code {}",
            p.name,
            p.organisation
        )
        .into());
    };
    let rules = store::rules(&db.pool, org_id, &p.name).await?;
    let roles: Vec<Role> = oidc::roles_from_claims(claims, &rules)
        .into_iter()
        .collect();
    if roles.is_empty() {
        return Ok(Err(refused(
            format!("no rule of the organisation gives '{subject}' a role"),
            Advice::NoAccess,
        )));
    }
    let linked = match store::identity_user(&db.pool, &p.name, &subject).await? {
        Some(id) => users::get(&db.pool, db.backend, id).await?,
        None => None,
    };
    if let Some(u) = &linked
        && (!u.active || u.org_id != Some(org_id))
    {
        return Ok(Err(refused(
            format!("the account linked to '{subject}' is deactivated or in another organisation"),
            Advice::NoAccess,
        )));
    }
    let mut tx = Write::unattributed(db, "named once the account is known (act_as)").await?;
    let (user_id, email) = match linked {
        Some(u) => {
            store::touch_identity(&mut tx, &p.name, &subject).await?;
            (u.id, u.email)
        }
        None => match new_or_linked_account(&mut tx, db, p, claims, (org_id, request_id), &subject)
            .await?
        {
            Ok(found) => found,
            Err(r) => {
                tx.rollback().await?;
                return Ok(Err(r));
            }
        },
    };
    users::set_roles(&mut tx, user_id, &roles).await?;
    tx.act_as(user_id, &email, Some(org_id), request_id);
    let codes: Vec<&str> = roles.iter().map(|r| r.code()).collect();
    tx.commit(
        "sign-in sso",
        "account",
        user_id,
        format!("{}; roles {}", p.name, codes.join(", ")),
    )
    .await?;
    let session = start_session_through(db, user_id, Some(&p.name)).await?;
    Ok(Ok(Finished {
        session,
        next: next.to_string(),
    }))
}

/// A first sign-in: links the local account with the same email when the provider is
/// trusted to (`link_existing_accounts`), else makes a new account. The practitioner
/// record with the same work email in the organisation becomes the account's.
async fn new_or_linked_account(
    tx: &mut Write,
    db: &Db,
    p: &SsoProvider,
    claims: &Value,
    (org_id, request_id): (i64, &str),
    subject: &str,
) -> AppResult<Result<(i64, String), Refused>> {
    let Some(email) =
        oidc::string_claim(claims, &p.email_claim).and_then(|e| WorkEmail::parse(&e).ok())
    else {
        return Ok(Err(refused(
            format!("the ID token has no usable '{}' claim", p.email_claim),
            Advice::NotChecked,
        )));
    };
    let email = email.as_str().to_string();
    if let Some(existing) = users::get_by_email(&db.pool, db.backend, &email).await? {
        let linkable = p.link_existing_accounts
            && existing.active
            && existing.org_id == Some(org_id)
            && !store::has_identity(tx, &p.name, existing.id).await?;
        if !linkable {
            return Ok(Err(refused(
                format!(
                    "an account with the email {email} already exists and is not linked to this provider"
                ),
                Advice::NoAccess,
            )));
        }
        store::link_identity(tx, &p.name, subject, existing.id).await?;
        tx.act_as(existing.id, &existing.email, Some(org_id), request_id);
        tx.audit(
            "sso identity linked",
            "account",
            existing.id,
            p.name.clone(),
        )
        .await?;
        return Ok(Ok((existing.id, existing.email)));
    }
    let display_name = oidc::string_claim(claims, &p.name_claim).unwrap_or_else(|| email.clone());
    let practitioner_id = store::practitioner_by_email(tx, org_id, &email).await?;
    let fields = UserFields {
        email: email.clone(),
        display_name: display_name.chars().take(200).collect(),
        org_id: Some(org_id),
        practitioner_id,
        active: true,
        roles: vec![],
    };
    let id = users::insert(tx, &fields, None).await?;
    store::link_identity(tx, &p.name, subject, id).await?;
    tx.act_as(id, &email, Some(org_id), request_id);
    tx.audit("sso account created", "account", id, p.name.clone())
        .await?;
    Ok(Ok((id, email)))
}

/// Text from outside, cut short and kept to printable ASCII for the audit trail.
fn printable(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_graphic() || *c == ' ')
        .take(80)
        .collect()
}
