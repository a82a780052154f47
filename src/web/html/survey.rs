//! The wellbeing survey as its leads run it: the cycles, opening one, emailing links and
//! reminders, closing, and the results. Each calls `service::survey`, as the API does.

use super::calendar::base_url;
use super::render;
use crate::domain::survey::{CycleInput, Dimension, MAX_TITLE, current};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::survey as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;
use time::Duration;

async fn index_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    input: &CycleInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let today = state.today();
    let cycles = svc::list(&state.db, actor, today).await?;
    let partners = svc::partner_choices(&state.db, actor).await?;
    let partners: Vec<_> = partners
        .into_iter()
        .map(|(id, name)| context! { code => id.to_string(), label => name })
        .collect();
    let mut input = input.clone();
    if input.closes_on.is_empty() && errors.is_empty() {
        let by = today + Duration::days(state.settings.wellbeing_survey.open_days);
        input.closes_on = by.to_string();
    }
    render(
        state,
        chrome,
        "survey/index.html",
        context! {
            cycles => cycles,
            partners => partners,
            instrument => current(),
            form => form_view(&input, errors),
            max_title => MAX_TITLE,
            min_group => state.settings.wellbeing_survey.min_group(),
        },
    )
}

/// `GET /surveys`: the organisation's cycles and the form to open one.
pub async fn index(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    index_page(
        &state,
        &actor,
        &chrome,
        &CycleInput::default(),
        &FieldErrors::default(),
    )
    .await
}

/// `POST /surveys`: opens a cycle.
pub async fn open(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<CycleInput>,
) -> AppResult<Response> {
    let result = svc::open(&state.db, &actor, &input, state.today()).await;
    finish_form(
        result,
        async |id| Ok(see_other(&format!("/surveys/{id}?done=opened"))),
        async |e| index_page(&state, &actor, &chrome, &input, &e).await,
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CycleQuery {
    /// A breakdown's code (`domain::survey::Dimension::code`).
    pub by: String,
    /// What was just done: `opened`, `invited`, `reminded`, `closed`.
    pub done: String,
    pub sent: Option<usize>,
    pub failed: Option<usize>,
}

async fn cycle_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    q: &CycleQuery,
    problem: Option<String>,
) -> AppResult<Html<String>> {
    let by = Dimension::parse(&q.by);
    let v = svc::results(&state.db, &state.settings, actor, id, by, state.today()).await?;
    let dimensions: Vec<_> = Dimension::ALL
        .iter()
        .filter(|d| **d != Dimension::Everyone)
        .map(|d| context! { code => d.code(), label => d.label() })
        .collect();
    let instrument = crate::domain::survey::instrument(&v.cycle.instrument);
    render(
        state,
        chrome,
        "survey/cycle.html",
        context! {
            v => v,
            instrument => instrument,
            dimensions => dimensions,
            done => q.done,
            sent => q.sent,
            failed => q.failed,
            problem => problem,
            remind_every_days => state.settings.wellbeing_survey.remind_every_days,
        },
    )
}

/// `GET /surveys/{id}`: where a cycle stands, and its results once closed.
pub async fn cycle(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<CycleQuery>,
) -> AppResult<Html<String>> {
    cycle_page(&state, &actor, &chrome, id, &q, None).await
}

/// Sends links (`reminder` false: invitations), then shows how many went; a refusal
/// (email not set up, a reminder too soon) is said on the cycle's page.
async fn send(
    state: AppState,
    actor: Actor,
    chrome: Chrome,
    headers: HeaderMap,
    id: i64,
    reminder: bool,
) -> AppResult<Response> {
    let base = base_url(&state, &headers);
    let today = state.today();
    match svc::send_links(
        &state.db,
        &state.settings,
        &actor,
        id,
        &base,
        reminder,
        today,
    )
    .await
    {
        Ok(s) => {
            let done = if reminder { "reminded" } else { "invited" };
            Ok(see_other(&format!(
                "/surveys/{id}?done={done}&sent={}&failed={}",
                s.sent, s.failed
            )))
        }
        Err(AppError::Conflict(m)) => {
            let q = CycleQuery::default();
            let page = cycle_page(&state, &actor, &chrome, id, &q, Some(m)).await?;
            Ok((axum::http::StatusCode::CONFLICT, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// `POST /surveys/{id}/invitations`.
pub async fn invite(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    send(state, actor, chrome, headers, id, false).await
}

/// `POST /surveys/{id}/reminders`.
pub async fn remind(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    send(state, actor, chrome, headers, id, true).await
}

/// `POST /surveys/{id}/close`.
pub async fn close(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    svc::close(&state.db, &actor, id, state.today()).await?;
    Ok(see_other(&format!("/surveys/{id}?done=closed")))
}
