//! Signing in and out.

use super::render;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::{form_view, see_other};
use crate::web::middleware::{RequestCtx, SESSION_COOKIE, SessionToken, cookie_header};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    #[serde(skip_serializing)]
    pub password: String,
    pub next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    pub next: String,
}

/// Only same-site paths are followed after sign-in.
fn safe_next(next: &str) -> &str {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next
    } else {
        "/"
    }
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if chrome.user.is_some() {
        return Ok(see_other("/"));
    }
    let form = SignInForm {
        next: q.next,
        ..Default::default()
    };
    Ok(render(
        &state,
        &chrome,
        "sign-in.html",
        context! { form => form_view(&form, &FieldErrors::default()) },
    )?
    .into_response())
}

pub(crate) fn client_address(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<&ConnectInfo<SocketAddr>>,
) -> String {
    if state.settings.server.trust_forwarded_for
        && let Some(first) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
    {
        return first.trim().to_string();
    }
    peer.map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub async fn sign_in(
    State(state): State<AppState>,
    chrome: Chrome,
    Extension(ctx): Extension<RequestCtx>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let client = client_address(&state, &headers, peer.as_ref().map(|e| &e.0));
    let mut errors = FieldErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    let result = if errors.is_empty() {
        accounts::sign_in(
            &state.db,
            &state.settings.security,
            &form.email,
            &form.password,
            &client,
            &ctx.request_id,
        )
        .await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(session) => {
            let mut res = see_other(safe_next(&form.next));
            let cookie = cookie_header(&state, SESSION_COOKIE, &session.token, None);
            if let Ok(v) = HeaderValue::from_str(&cookie) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let mut res = render(
                &state,
                &chrome,
                "sign-in.html",
                context! { form => form_view(&form, &errors) },
            )?
            .into_response();
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(AppError::TooManyAttempts {
            retry_after_minutes,
        }) => {
            let errors = FieldErrors::single(
                "email",
                format!("Too many failed attempts. Try again in {retry_after_minutes} minutes"),
            );
            let mut res = render(
                &state,
                &chrome,
                "sign-in.html",
                context! { form => form_view(&form, &errors) },
            )?
            .into_response();
            *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    token: Option<Extension<SessionToken>>,
) -> AppResult<Response> {
    if let Some(Extension(t)) = token {
        accounts::sign_out(&state.db, &actor, &t.0).await?;
    }
    let mut res = see_other("/sign-in");
    if let Ok(v) = HeaderValue::from_str(&cookie_header(&state, SESSION_COOKIE, "", Some(0))) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}
