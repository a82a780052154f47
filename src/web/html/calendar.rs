//! The calendar feed page (`/account/calendar`: create or stop a private feed address) and
//! the feed itself (`/calendar/{token}.ics`, no session: the token is the credential).

use super::render;
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::calendar as svc;
use crate::web::AppState;
use crate::web::forms::see_other;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    pub done: String,
}

async fn page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    url: Option<String>,
    message: Option<&str>,
) -> AppResult<Html<String>> {
    let created_at = svc::status(&state.db, actor).await?;
    render(
        state,
        chrome,
        "account/calendar.html",
        context! { created_at => created_at, url => url, message => message },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<DoneQuery>,
) -> AppResult<Html<String>> {
    let message =
        (q.done == "stopped").then_some("Your feed is stopped: its address no longer works.");
    page(&state, &actor, &chrome, None, message).await
}

/// The address this deployment is reached at, from the Host header (behind a proxy that
/// keeps it) and `[server] tls`.
pub(crate) fn base_url(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.settings.server.tls {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// Creates a feed and shows its address once, on this response (not after a redirect, so
/// the address never sits in a URL or history entry).
pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    headers: HeaderMap,
) -> AppResult<Html<String>> {
    let token = svc::create(&state.db, &actor).await?;
    let url = format!("{}/calendar/{token}.ics", base_url(&state, &headers));
    page(&state, &actor, &chrome, Some(url), None).await
}

pub async fn revoke(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
) -> AppResult<Response> {
    svc::revoke(&state.db, &actor).await?;
    Ok(see_other("/account/calendar?done=stopped"))
}

/// `GET /calendar/{token}.ics`: the iCalendar text, or 404 for anything else.
pub async fn feed(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let token = file.strip_suffix(".ics").ok_or(AppError::NotFound)?;
    let today = state.today();
    let body = svc::feed(&state.db, token, today)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut res = body.into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/calendar; charset=utf-8"),
    );
    Ok(res)
}
