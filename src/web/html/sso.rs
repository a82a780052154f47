//! Single sign-on's front door: sending the browser to the organisation's identity
//! provider and taking it back (`service::sso`), and the organisation admin's page of
//! claim-to-role rules (`service::sso::rules`).

use super::render;
use super::session::{client_address, safe_next, set_cookie};
use crate::domain::Role;
use crate::domain::oidc::role_can_be_mapped;
use crate::error::{AppError, AppResult, FieldError, FieldErrors};
use crate::policy::Actor;
use crate::service::sso::{self, Advice, rules};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::middleware::{RequestCtx, SESSION_COOKIE, cookie_header};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;
use std::net::SocketAddr;

/// The cookie holding a sign-in's state while the browser is at the provider.
pub const SSO_COOKIE: &str = "mhsw_sso";

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct StartQuery {
    pub next: String,
}

/// Each start stores a waiting sign-in, and anyone may start one: a client gets as many a
/// minute as the public feedback form allows it (`[feedback] public_requests_per_minute`).
pub async fn start(
    State(state): State<AppState>,
    Path(provider): Path<String>,
    Query(q): Query<StartQuery>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if state.settings.sso.provider(&provider).is_none() {
        // Only a start that stores a waiting sign-in counts against the client.
        return Err(AppError::NotFound);
    }
    let client = client_address(&state, &headers, peer.as_ref().map(|e| &e.0));
    if !state.public_limit.allow(&client) {
        return Err(AppError::TooManyAttempts {
            retry_after_seconds: state.public_limit.retry_after_seconds(&client).max(1) as i64,
        });
    }
    let next = safe_next(&q.next).to_string();
    let started = sso::start(&state.db, &state.settings, &provider, &next).await?;
    let mut res = see_other(&started.redirect_to);
    let age = sso::LOGIN_MINUTES * 60;
    set_cookie(
        &mut res,
        &cookie_header(&state, SSO_COOKIE, &started.state, Some(age)),
    );
    Ok(res)
}

/// Signed out of a session a provider signed in: says so, and offers to sign out of the
/// provider too (`service::sso::signed_out`).
pub async fn signed_out(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(provider): Path<String>,
) -> AppResult<Response> {
    let (label, sign_out_there) = sso::signed_out(&state.settings, &provider).await?;
    Ok(render(
        &state,
        &chrome,
        "sso/signed_out.html",
        context! { label, sign_out_there },
    )?
    .into_response())
}

/// mhsw's public key for a provider that takes signed client assertions
/// (`client_auth = "private_key_jwt"`), as a JSON Web Key Set the provider can fetch or an
/// administrator can register; 404 for any other provider.
pub async fn public_keys(
    State(state): State<AppState>,
    Path(provider): Path<String>,
) -> AppResult<Response> {
    let keys = sso::client_auth::public_keys(&state.settings, &provider)?;
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        keys.to_string(),
    )
        .into_response())
}

/// What the provider sends back (RFC 6749 4.1.2; `iss`, RFC 9207, is not needed: the
/// state already says which provider this sign-in went to).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CallbackQuery {
    pub code: Option<String>,
    pub state: Option<String>,
    pub error: Option<String>,
}

pub async fn callback(
    State(state): State<AppState>,
    chrome: Chrome,
    Extension(ctx): Extension<RequestCtx>,
    Path(provider): Path<String>,
    Query(q): Query<CallbackQuery>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(&headers);
    let cookie_state = jar.get(SSO_COOKIE).map(|c| c.value().to_string());
    let outcome = sso::finish(
        &state.db,
        &state.settings,
        &provider,
        &sso::Callback {
            code: q.code.as_deref(),
            state: q.state.as_deref(),
            error: q.error.as_deref(),
            cookie_state: cookie_state.as_deref(),
            request_id: &ctx.request_id,
        },
    )
    .await?;
    let clear = cookie_header(&state, SSO_COOKIE, "", Some(0));
    match outcome {
        Ok(done) => {
            let mut res = see_other(safe_next(&done.next));
            set_cookie(
                &mut res,
                &cookie_header(&state, SESSION_COOKIE, &done.session.token, None),
            );
            set_cookie(&mut res, &clear);
            Ok(res)
        }
        Err(refused) => {
            let label = state
                .settings
                .sso
                .provider(&provider)
                .map(|p| p.label.clone())
                .unwrap_or_default();
            let mut res = render(
                &state,
                &chrome,
                "sso/refused.html",
                context! { label => label, provider => provider, advice => refused.advice, reference => ctx.request_id },
            )?
            .into_response();
            *res.status_mut() = match refused.advice {
                Advice::NoAccess => StatusCode::FORBIDDEN,
                _ => StatusCode::BAD_REQUEST,
            };
            set_cookie(&mut res, &clear);
            Ok(res)
        }
    }
}

fn role_choices() -> Vec<serde_json::Value> {
    Role::ALL
        .iter()
        .filter(|r| role_can_be_mapped(**r))
        .map(|r| serde_json::json!({"code": r.code(), "label": r.label()}))
        .collect()
}

async fn rules_page(
    state: &AppState,
    chrome: &Chrome,
    actor: &Actor,
    form_for: Option<(&str, &rules::RuleInput, &FieldErrors)>,
    done: &DoneQuery,
) -> AppResult<Html<String>> {
    let providers = rules::view(&state.db, &state.settings, actor).await?;
    let blank = rules::RuleInput::default();
    let none = FieldErrors::default();
    let (for_provider, input, errors) = form_for.unwrap_or(("", &blank, &none));
    // Named by the provider's form's own ids (`PROVIDER-claim`), for its fields and the
    // error summary's links alike.
    let errors = FieldErrors(
        errors
            .0
            .iter()
            .map(|e| FieldError {
                field: format!("{for_provider}-{}", e.field),
                message: e.message.clone(),
            })
            .collect(),
    );
    render(
        state,
        chrome,
        "sso/rules.html",
        context! {
            providers => providers,
            roles => role_choices(),
            for_provider => for_provider,
            form => form_view(input, &errors),
            saved => done.saved.is_some(),
            removed => done.removed.is_some(),
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    pub saved: Option<String>,
    pub removed: Option<String>,
}

pub async fn rules_show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(done): Query<DoneQuery>,
) -> AppResult<Html<String>> {
    rules_page(&state, &chrome, &actor, None, &done).await
}

pub async fn rules_add(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(provider): Path<String>,
    Form(input): Form<rules::RuleInput>,
) -> AppResult<Response> {
    let result = rules::add(&state.db, &state.settings, &actor, &provider, &input).await;
    finish_form(
        result,
        async |_| Ok(see_other("/users/single-sign-on?saved=1")),
        async |errors| {
            rules_page(
                &state,
                &chrome,
                &actor,
                Some((&provider, &input, &errors)),
                &DoneQuery::default(),
            )
            .await
        },
    )
    .await
}

pub async fn rules_remove(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    rules::remove(&state.db, &actor, id).await?;
    Ok(see_other("/users/single-sign-on?removed=1"))
}
