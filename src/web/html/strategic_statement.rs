//! The strategic statement pages: the statement with "Generate a draft" and "Edit" for the
//! principal social worker, the edit form (a textarea per chapter) and the print-ready
//! document. Every action calls `service::self_assessment::statement`, as the API does.

use super::render;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::self_assessment::statement::{
    self as svc, ConfirmValue, EditInput, GenerateInput, MAX_CHAPTER_CHARS, StatementView,
};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

#[derive(Debug, Default, Deserialize, serde::Serialize)]
#[serde(default)]
pub struct GenerateForm {
    pub confirm: String,
}

fn page_of(
    state: &AppState,
    chrome: &Chrome,
    s: &StatementView,
    saved: &str,
    form: &GenerateForm,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "strategic_statement/page.html",
        context! { s => s, saved => saved, form => form_view(form, errors) },
    )
}

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let s = svc::get(&state.db, &actor).await?;
    page_of(
        &state,
        &chrome,
        &s,
        &q.saved,
        &GenerateForm::default(),
        &FieldErrors::default(),
    )
}

pub async fn generate(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(form): Form<GenerateForm>,
) -> AppResult<Response> {
    let input = GenerateInput {
        confirm: ConfirmValue::Text(form.confirm.clone()),
    };
    finish_form(
        svc::generate(&state.db, &state.settings, &actor, &input, state.today()).await,
        async |_| Ok(see_other("/strategic-statement?saved=generated")),
        async |e| {
            let s = svc::get(&state.db, &actor).await?;
            page_of(&state, &chrome, &s, "", &form, &e)
        },
    )
    .await
}

fn edit_page(
    state: &AppState,
    chrome: &Chrome,
    s: &StatementView,
    values: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "strategic_statement/edit.html",
        context! { s => s, form => form_view(values, errors), max_chars => MAX_CHAPTER_CHARS },
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Response> {
    let s = svc::get(&state.db, &actor).await?;
    if !s.exists {
        return Ok(see_other("/strategic-statement"));
    }
    let values: BTreeMap<String, String> = s
        .chapters
        .iter()
        .map(|c| (c.code.clone(), c.body.clone()))
        .collect();
    Ok(edit_page(&state, &chrome, &s, &values, &FieldErrors::default())?.into_response())
}

pub async fn edit(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(values): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let input = EditInput {
        chapters: values.clone(),
    };
    finish_form(
        svc::edit(&state.db, &actor, &input).await,
        async |_| Ok(see_other("/strategic-statement?saved=edited")),
        async |e| {
            let s = svc::get(&state.db, &actor).await?;
            edit_page(&state, &chrome, &s, &values, &e)
        },
    )
    .await
}

pub async fn print(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let s = svc::get(&state.db, &actor).await?;
    render(
        &state,
        &chrome,
        "strategic_statement/print.html",
        context! { s => s },
    )
}
