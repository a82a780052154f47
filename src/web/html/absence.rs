//! Sickness absence: the leads' figures, and the HR lead's forms to record one episode or
//! import a CSV of them. Every action calls `service::absence`, as the API does.

use super::render;
use crate::domain::absence::{EpisodeInput, HEADINGS};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::{absence as svc, uploads};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other, uploaded_file};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Multipart, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

/// The page with the forms as typed and their errors (the one form, or the file's).
async fn page_with(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    input: &EpisodeInput,
    errors: &FieldErrors,
    saved: &str,
) -> AppResult<Html<String>> {
    let f = svc::figures(&state.db, &state.settings, actor, state.today()).await?;
    let (problems, errors) = uploads::page_problems(&state.db, actor, errors).await?;
    render(
        state,
        chrome,
        "workforce/absence.html",
        context! {
            f => f,
            policy => state.settings.privacy.disclosure,
            may_record => actor.can(Capability::ManageAbsence),
            reasons => &state.settings.absence.reasons,
            headings => HEADINGS,
            form => form_view(input, &errors),
            problems => problems,
            saved => saved,
        },
    )
}

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let errors = match &chrome.too_large {
        Some(m) => FieldErrors::single("file", m.clone()),
        None => FieldErrors::default(),
    };
    page_with(
        &state,
        &actor,
        &chrome,
        &EpisodeInput::default(),
        &errors,
        &q.saved,
    )
    .await
}

pub async fn record(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<EpisodeInput>,
) -> AppResult<Response> {
    let result = svc::record(&state.db, &state.settings, &actor, &input, state.today()).await;
    finish_form(
        result,
        async |_| Ok(see_other("/workforce/absence?saved=recorded")),
        async |e| page_with(&state, &actor, &chrome, &input, &e, "").await,
    )
    .await
}

pub async fn import(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    form: Multipart,
) -> AppResult<Response> {
    let result =
        match uploaded_file(form, "absence", "Select the CSV file of absence episodes").await {
            Ok((_, bytes)) => {
                svc::import(&state.db, &state.settings, &actor, &bytes, state.today()).await
            }
            Err(e) => Err(AppError::Invalid(e)),
        };
    finish_form(
        result,
        async |n| Ok(see_other(&format!("/workforce/absence?saved={n}"))),
        async |e| {
            let input = EpisodeInput::default();
            page_with(&state, &actor, &chrome, &input, &e, "").await
        },
    )
    .await
}
