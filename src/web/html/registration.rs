//! Registration pages: the organisation overview (status counts, renewal progress,
//! must-not-practise alerts), one practitioner's registration and its form, and the register
//! check (batches to export, a CSV to upload, the preview to confirm). Every action calls
//! `service::registration`, as the API does.

use super::render;
use crate::domain::registration::RegistrationInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::registration as svc;
use crate::service::uploads;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, page_of, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    pub saved: String,
    pub changed: Option<usize>,
    pub confirmed: Option<usize>,
}

pub async fn overview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<SavedQuery>,
    Query(list): Query<crate::service::ListQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let mut o = svc::overview(&state.db, &state.settings, &actor, &filter, state.today()).await?;
    // People who must not practise first, then people with nothing recorded, each by name.
    o.lines
        .sort_by_key(|l| (!l.must_not_practise, l.line.registration.is_some()));
    let lines = list_view(&page_of(&o.lines, &list), &list, &f.pairs());
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    o.lines = Vec::new();
    let applied = (q.saved == "check").then(|| {
        format!(
            "The register check is applied: {} records changed and {} confirmed as they were.",
            q.changed.unwrap_or(0),
            q.confirmed.unwrap_or(0)
        )
    });
    render(
        &state,
        &chrome,
        "registration/overview.html",
        context! { o => o, lines => lines, applied => applied, can_check => actor.can(Capability::ManageRegistration), filter_form => filter_form },
    )
}

pub async fn record(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    render(
        &state,
        &chrome,
        "registration/record.html",
        context! { r => r, saved => q.saved == "registration", can_edit => actor.can(Capability::ManageRegistration) },
    )
}

async fn form_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    input: &RegistrationInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, actor, id, state.today()).await?;
    render(
        state,
        chrome,
        "registration/form.html",
        context! { r => r, form => form_view(input, errors), today => state.today().to_string(), statuses => status_items() },
    )
}

/// The statuses as select items.
fn status_items() -> Vec<serde_json::Value> {
    crate::domain::registration::RegistrationStatus::ALL
        .iter()
        .map(|s| serde_json::json!({"code": s.code(), "label": s.label()}))
        .collect()
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    let input = r
        .registration
        .as_ref()
        .map(RegistrationInput::from_registration)
        .unwrap_or_default();
    form_page(&state, &actor, &chrome, id, &input, &FieldErrors::default()).await
}

pub async fn save(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<RegistrationInput>,
) -> AppResult<Response> {
    finish_form(
        svc::save(&state.db, &actor, id, &input, state.today()).await,
        async |()| {
            Ok(see_other(&format!(
                "/practitioners/{id}/registration?saved=registration"
            )))
        },
        async |e| form_page(&state, &actor, &chrome, id, &input, &e).await,
    )
    .await
}

// ---------------------------------------------------------------------------------------
// The register check

async fn check_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let batches = svc::export_batches(&state.db, actor).await?;
    let format = svc::register_format(&state.settings)?;
    let (problems, errors) = uploads::page_problems(&state.db, actor, errors).await?;
    render(
        state,
        chrome,
        "registration/check.html",
        context! {
            batches => batches,
            columns => format.columns_for_display(),
            form => form_view(&(), &errors),
            problems => problems,
        },
    )
}

/// `GET /registration/check/problems/{id}`: every problem of a file too bad to list, as CSV.
pub async fn problems_csv(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let csv = uploads::report_csv(&state.db, &actor, id).await?;
    Ok(crate::web::forms::download(
        csv,
        "text/csv; charset=utf-8",
        format!("register-file-problems-{id}.csv"),
    ))
}

pub async fn check(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    // Sent back here after a file over the size limit: say so on the file field.
    let errors = match &chrome.too_large {
        Some(m) => FieldErrors::single("file", m.clone()),
        None => FieldErrors::default(),
    };
    check_page(&state, &actor, &chrome, &errors).await
}

/// One batch of numbers as a CSV file to give the register's bulk search.
pub async fn batch_csv(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(n): Path<usize>,
) -> AppResult<Response> {
    let batches = svc::export_batches(&state.db, &actor).await?;
    let batch = n
        .checked_sub(1)
        .and_then(|i| batches.get(i))
        .ok_or(AppError::NotFound)?;
    let mut file = crate::domain::csv_file::CsvFile::new(&["Registration number"]);
    for number in batch {
        file.row(&[number]);
    }
    let body = file.finish();
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"registration-numbers-batch-{n}.csv\""),
            ),
        ],
        body,
    )
        .into_response())
}

/// The uploaded file's text, from the `file` field of a multipart form.
async fn uploaded_text(mut form: Multipart) -> Result<String, FieldErrors> {
    let bad = |m: &str| FieldErrors::single("file", m);
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let bytes = field
                .bytes()
                .await
                .map_err(|_| bad("The file could not be read. Try uploading it again"))?;
            return String::from_utf8(bytes.to_vec())
                .map_err(|_| bad("The file must be a CSV file saved as UTF-8 text"));
        }
    }
    Err(bad(
        "Select the CSV file the register's bulk search gave you",
    ))
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    form: Multipart,
) -> AppResult<Response> {
    let result = match uploaded_text(form).await {
        Ok(text) => svc::preview(&state.db, &state.settings, &actor, &text).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |p| {
            Ok(see_other(&format!(
                "/registration/check/imports/{}",
                p.import_id
            )))
        },
        async |e| check_page(&state, &actor, &chrome, &e).await,
    )
    .await
}

async fn preview_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let p = svc::pending(&state.db, &state.settings, actor, id).await?;
    render(
        state,
        chrome,
        "registration/preview.html",
        context! { p => p, form => form_view(&(), errors) },
    )
}

pub async fn preview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    preview_page(&state, &actor, &chrome, id, &FieldErrors::default()).await
}

pub async fn apply(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    finish_form(
        svc::apply(&state.db, &state.settings, &actor, id, state.today()).await,
        async |a| {
            Ok(see_other(&format!(
                "/registration?saved=check&changed={}&confirmed={}",
                a.changed, a.confirmed
            )))
        },
        async |e| preview_page(&state, &actor, &chrome, id, &e).await,
    )
    .await
}
