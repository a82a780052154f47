//! Two-step sign-in's pages (`service::two_step`): the code asked for after a right
//! password (`/sign-in/code`), and setting it up or turning it off from the account page
//! (`/account/two-step`).

use super::render;
use super::session::{CHALLENGE_COOKIE, remember_device, safe_next, set_cookie};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::two_step as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::middleware::{RequestCtx, SESSION_COOKIE, cookie_header};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct CodeForm {
    pub code: String,
    pub next: String,
}

/// `next` as a query string value.
pub fn query_value(text: &str) -> String {
    crate::domain::input::percent_encode(text, b"/")
}

fn challenge_of(headers: &HeaderMap) -> Option<String> {
    axum_extra::extract::cookie::CookieJar::from_headers(headers)
        .get(CHALLENGE_COOKIE)
        .map(|c| c.value().to_string())
        .filter(|v| !v.is_empty())
}

fn code_page(
    state: &AppState,
    chrome: &Chrome,
    form: &CodeForm,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "sign-in-code.html",
        context! { form => form_view(form, errors) },
    )
}

/// The code asked for after a right password; without a waiting sign-in, the sign-in page.
pub async fn code_form(
    State(state): State<AppState>,
    chrome: Chrome,
    headers: HeaderMap,
    Query(q): Query<super::session::NextQuery>,
) -> AppResult<Response> {
    if challenge_of(&headers).is_none() {
        return Ok(see_other("/sign-in"));
    }
    let form = CodeForm {
        next: q.next,
        ..Default::default()
    };
    Ok(code_page(&state, &chrome, &form, &FieldErrors::default())?.into_response())
}

pub async fn code(
    State(state): State<AppState>,
    chrome: Chrome,
    Extension(ctx): Extension<RequestCtx>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let Some(token) = challenge_of(&headers) else {
        return Ok(see_other("/sign-in"));
    };
    match svc::complete(&state.db, &token, &form.code, &ctx.request_id).await {
        Ok(session) => {
            let mut res = see_other(safe_next(&form.next));
            set_cookie(
                &mut res,
                &cookie_header(&state, SESSION_COOKIE, &session.token, None),
            );
            set_cookie(
                &mut res,
                &cookie_header(&state, CHALLENGE_COOKIE, "", Some(0)),
            );
            remember_device(&state, &mut res, session.new_device.as_deref());
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let mut res = code_page(
                &state,
                &chrome,
                &CodeForm {
                    code: String::new(),
                    ..form
                },
                &errors,
            )?
            .into_response();
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

async fn setup_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let t = svc::view(&state.db, actor).await?;
    let qr = t
        .uri
        .as_deref()
        .map(|u| crate::web::qr::svg(u, "QR code to scan with your authenticator app"));
    render(
        state,
        chrome,
        "account/two_step.html",
        context! { t => t, qr => qr.map(minijinja::Value::from_safe_string), form => form_view(&CodeForm::default(), errors) },
    )
}

pub async fn setup(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    setup_page(&state, &actor, &chrome, &FieldErrors::default()).await
}

pub async fn start(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> AppResult<Response> {
    svc::start(&state.db, &actor).await?;
    Ok(see_other("/account/two-step"))
}

pub async fn confirm(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let result = svc::confirm(&state.db, &actor, &form.code).await;
    finish_form(
        result,
        async |()| Ok(see_other("/account/two-step")),
        async |e| setup_page(&state, &actor, &chrome, &e).await,
    )
    .await
}

pub async fn remove(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(form): Form<CodeForm>,
) -> AppResult<Response> {
    let result = svc::remove(&state.db, &actor, &form.code).await;
    finish_form(
        result,
        async |()| Ok(see_other("/account/two-step")),
        async |e| setup_page(&state, &actor, &chrome, &e).await,
    )
    .await
}
