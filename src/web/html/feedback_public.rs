//! The public feedback form behind a card (`/f/...`): no account and no JavaScript. A bad,
//! used, withdrawn or expired code gets a kind page of its own (status 200: nothing went
//! wrong for the person holding the card). Every request counts against the per-client
//! limit, and the address is never kept.

use super::render;
use super::session::client_address;
use crate::domain::feedback::{self as rules, Format};
use crate::error::{AppResult, FieldErrors};
use crate::service::feedback::public::{self as svc, CardProblem, Sent};
use crate::web::AppState;
use crate::web::forms::{form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{ConnectInfo, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::net::SocketAddr;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FormatQuery {
    /// `easy-read` for the easy read version.
    pub format: String,
    /// The code typed on the "enter your code" page.
    pub code: Option<String>,
}

fn format_of(s: &str) -> Format {
    if s == "easy-read" {
        Format::EasyRead
    } else {
        Format::Standard
    }
}

/// Refuses with a kind "please wait" page when the client has used its allowance.
fn limited(
    state: &AppState,
    chrome: &Chrome,
    headers: &HeaderMap,
    peer: Option<&Extension<ConnectInfo<SocketAddr>>>,
) -> AppResult<Option<Response>> {
    let client = client_address(state, headers, peer.map(|e| &e.0));
    if state.public_limit.allow(&client) {
        return Ok(None);
    }
    let page = render(
        state,
        chrome,
        "feedback/public_problem.html",
        context! { problem => "busy" },
    )?;
    let wait = state.public_limit.retry_after_seconds(&client).max(1);
    let mut res = (StatusCode::TOO_MANY_REQUESTS, page).into_response();
    res.headers_mut()
        .insert(axum::http::header::RETRY_AFTER, wait.into());
    Ok(Some(res))
}

fn problem_page(state: &AppState, chrome: &Chrome, p: CardProblem) -> AppResult<Response> {
    Ok(render(
        state,
        chrome,
        "feedback/public_problem.html",
        context! { problem => p },
    )?
    .into_response())
}

/// `GET /f`: type the code from a card (or `?code=` from this page's own form).
pub async fn enter_code(
    State(state): State<AppState>,
    chrome: Chrome,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Query(q): Query<FormatQuery>,
) -> AppResult<Response> {
    if let Some(stop) = limited(&state, &chrome, &headers, peer.as_ref())? {
        return Ok(stop);
    }
    let mut errors = FieldErrors::default();
    if let Some(typed) = &q.code {
        match rules::normalise_code(typed) {
            Some(code) => return Ok(see_other(&format!("/f/{code}"))),
            None => errors.add(
                "code",
                "Enter the 10 letters and numbers from your card, like ABC12-DEF34",
            ),
        }
    }
    let values = context! { code => q.code.clone().unwrap_or_default() };
    let page = render(
        &state,
        &chrome,
        "feedback/public_enter_code.html",
        context! { form => form_view(&values, &errors) },
    )?;
    Ok(page.into_response())
}

async fn form_page(
    state: &AppState,
    chrome: &Chrome,
    code: &str,
    format: Format,
    values: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> AppResult<Response> {
    match svc::open(&state.db, &state.settings, code, format, state.today()).await? {
        Ok(f) => {
            let page = render(
                state,
                chrome,
                "feedback/public_form.html",
                context! { f => f, form => form_view(values, errors) },
            )?;
            let mut res = page.into_response();
            if !errors.is_empty() {
                *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Ok(res)
        }
        Err(p) => problem_page(state, chrome, p),
    }
}

/// `GET /f/{code}`: the questionnaire, standard or easy read.
pub async fn form(
    State(state): State<AppState>,
    chrome: Chrome,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Path(code): Path<String>,
    Query(q): Query<FormatQuery>,
) -> AppResult<Response> {
    if let Some(stop) = limited(&state, &chrome, &headers, peer.as_ref())? {
        return Ok(stop);
    }
    // Sent back here after answers over the size limit: say so on the comment.
    let errors = match &chrome.too_large {
        Some(m) => FieldErrors::single("comment", m.clone()),
        None => FieldErrors::default(),
    };
    form_page(
        &state,
        &chrome,
        &code,
        format_of(&q.format),
        &BTreeMap::new(),
        &errors,
    )
    .await
}

/// `POST /f/{code}`: stores the answers, then thanks the person on a page with no code in
/// its address.
pub async fn send(
    State(state): State<AppState>,
    chrome: Chrome,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Path(code): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    if let Some(stop) = limited(&state, &chrome, &headers, peer.as_ref())? {
        return Ok(stop);
    }
    let format = format_of(fields.get("format").map(String::as_str).unwrap_or(""));
    let comment = fields.get("comment").cloned().unwrap_or_default();
    match svc::send(
        &state.db,
        &state.settings,
        &code,
        format,
        &fields,
        &comment,
        state.today(),
    )
    .await?
    {
        Sent::Thanks => Ok(see_other(if format == Format::EasyRead {
            "/f/thank-you?format=easy-read"
        } else {
            "/f/thank-you"
        })),
        Sent::Card(p) => problem_page(&state, &chrome, p),
        Sent::Invalid(e) => form_page(&state, &chrome, &code, format, &fields, &e).await,
    }
}

/// `GET /f/privacy`: the privacy notice for people who answer, in place of the staff one.
pub async fn privacy(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    let f = &state.settings.feedback;
    render(
        &state,
        &chrome,
        "feedback/public_privacy.html",
        context! {
            own_threshold => f.own_threshold(),
            manager_threshold => f.manager_threshold(),
            contact => state.settings.deployment.contact_email.clone(),
            complaints => f.complaints(),
        },
    )
}

/// `GET /f/thank-you`.
pub async fn thanks(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(q): Query<FormatQuery>,
) -> AppResult<Html<String>> {
    let f = &state.settings.feedback;
    render(
        &state,
        &chrome,
        "feedback/public_thanks.html",
        context! {
            easy_read => format_of(&q.format) == Format::EasyRead,
            urgent_help => f.urgent_help(),
            complaints => f.complaints(),
            urgent_help_easy_read => f.urgent_help_easy_read(),
            complaints_easy_read => f.complaints_easy_read(),
        },
    )
}
