//! Quality pulse pages: the supervisee's form after a held session, and the grouped
//! results. Every action calls `service::pulse`, as the API does.

use super::render;
use crate::domain::pulse::PulseInput;
use crate::domain::pulse::wording;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::pulse as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};

async fn form_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    input: &PulseInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let f = svc::form(&state.db, &state.settings, actor, id, state.today()).await?;
    let w = wording();
    render(
        state,
        chrome,
        "pulse/form.html",
        context! {
            f => f,
            statements => Value::from_serialize(&w.statements.items),
            scale => Value::from_serialize(&w.scale.items),
            form => form_view(input, errors),
        },
    )
}

pub async fn form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    form_page(
        &state,
        &actor,
        &chrome,
        id,
        &PulseInput::default(),
        &FieldErrors::default(),
    )
    .await
}

/// Answers, then back to the form page, which now thanks them.
pub async fn answer(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<PulseInput>,
) -> AppResult<Response> {
    finish_form(
        svc::answer(
            &state.db,
            &state.settings,
            &actor,
            id,
            &input,
            state.today(),
        )
        .await,
        async |()| Ok(see_other(&format!("/supervision/sessions/{id}/pulse"))),
        async |e| form_page(&state, &actor, &chrome, id, &input, &e).await,
    )
    .await
}

pub async fn summary(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let s = svc::summary(&state.db, &state.settings, &actor, state.today()).await?;
    render(&state, &chrome, "pulse/summary.html", context! { s => s })
}
