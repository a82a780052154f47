//! Loading existing staff from a file: upload, preview, apply (`service::staff_import`).

use super::render;
use crate::domain::staff_import::Column;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::{staff_import as svc, uploads};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other, uploaded_file};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Multipart, Path, State};
use axum::response::{Html, Response};
use minijinja::context;

/// The layout's columns, for the page that explains it.
fn columns() -> Vec<serde_json::Value> {
    Column::ALL
        .iter()
        .map(|c| {
            serde_json::json!({
                "heading": c.heading(),
                "required": c.required(),
                "holds": c.holds(),
                "also": c.headings()[1..].join(", "),
            })
        })
        .collect()
}

async fn upload_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let (problems, errors) = uploads::page_problems(&state.db, actor, errors).await?;
    render(
        state,
        chrome,
        "practitioners/import.html",
        context! {
            columns => columns(),
            problems => problems,
            may_add_accounts => actor.can(Capability::ManageUsers),
            form => form_view(&(), &errors),
        },
    )
}

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let errors = match &chrome.too_large {
        Some(m) => FieldErrors::single("file", m.clone()),
        None => FieldErrors::default(),
    };
    upload_page(&state, &actor, &chrome, &errors).await
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    form: Multipart,
) -> AppResult<Response> {
    let result = match uploaded_file(
        form,
        "staff list",
        "Select the staff list: a CSV or XLSX file",
    )
    .await
    {
        Ok((name, bytes)) => svc::preview(&state.db, &actor, &name, &bytes, state.today()).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |p| Ok(see_other(&format!("/practitioners/import/{}", p.import_id))),
        async |e| upload_page(&state, &actor, &chrome, &e).await,
    )
    .await
}

pub async fn preview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    finish_form(
        svc::pending(&state.db, &actor, id, state.today()).await,
        async |p| {
            let page = render(
                &state,
                &chrome,
                "practitioners/import_preview.html",
                context! { p => p },
            )?;
            Ok(axum::response::IntoResponse::into_response(page))
        },
        // The records moved so far that the file no longer fits them: say so on the upload page.
        async |e| upload_page(&state, &actor, &chrome, &e).await,
    )
    .await
}

pub async fn apply(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    finish_form(
        svc::apply(&state.db, &actor, id, state.today()).await,
        async |done| {
            Ok(axum::response::IntoResponse::into_response(render(
                &state,
                &chrome,
                "practitioners/import_done.html",
                context! { done => done },
            )?))
        },
        async |e| upload_page(&state, &actor, &chrome, &e).await,
    )
    .await
}
