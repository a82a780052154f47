//! CPD pages: the practitioner's portfolio (readiness, records, sessions to draft from), the
//! record form, a record, the export in SWE's form order (page, plain text, XLSX), and the
//! employer's readiness views. Every action calls `service::cpd`, as the API does.

use super::render;
use crate::domain::cpd::CpdInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::cpd as svc;
use crate::service::cpd_declaration::DeclarationInput;
use crate::web::AppState;
use crate::web::forms::{download, finish_form, form_view, list_view, page_of, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    /// The registration year, by the calendar year it ends in.
    pub year: Option<i32>,
    /// What was just done, for the confirmation banner.
    pub saved: String,
}

pub async fn portfolio(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let p = svc::portfolio(&state.db, &state.settings, &actor, q.year, state.today()).await?;
    let declared = p.readiness.declared;
    let input = DeclarationInput {
        year: p.year.to_string(),
        records: declared.records.to_string(),
        peer_reflection: if declared.peer_reflection {
            "yes"
        } else {
            "no"
        }
        .into(),
    };
    render(
        &state,
        &chrome,
        "cpd/portfolio.html",
        context! { p => p, saved => q.saved, declaration => form_view(&input, &FieldErrors::default()) },
    )
}

/// The declaration of CPD held in the regulator's account, from the portfolio page.
pub async fn declare(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<DeclarationInput>,
) -> AppResult<Response> {
    let today = state.today();
    finish_form(
crate::service::cpd_declaration::declare(
        &state.db,
        &state.settings,
        &actor,
        &input,
        today,
    )
    .await,
async |_| Ok(see_other(&format!(
            "/cpd?year={}&saved=declared",
            input.year.trim()
        ))),
async |errors| {
            let year = input.year.trim().parse().ok();
            let p = svc::portfolio(&state.db, &state.settings, &actor, year, today).await?;
            render(
                &state,
                &chrome,
                "cpd/portfolio.html",
                context! { p => p, declaration => form_view(&input, &errors), form => form_view(&input, &errors) },
            )
        },
).await
}

async fn form_page(
    state: &AppState,
    chrome: &Chrome,
    record_id: Option<i64>,
    input: &CpdInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "cpd/form.html",
        context! { record_id => record_id, form => form_view(input, errors), today => state.today().to_string() },
    )
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    // Refuse users without a practitioner record here, not on submit.
    let p = svc::portfolio(&state.db, &state.settings, &actor, q.year, state.today()).await?;
    let input = CpdInput {
        year: p.year.to_string(),
        ..CpdInput::default()
    };
    form_page(&state, &chrome, None, &input, &FieldErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<CpdInput>,
) -> AppResult<Response> {
    finish_form(
        svc::create(&state.db, &actor, &input, state.today()).await,
        async |id| Ok(see_other(&format!("/cpd/records/{id}?saved=created"))),
        async |e| form_page(&state, &chrome, None, &input, &e).await,
    )
    .await
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let v = svc::view(&state.db, &actor, id).await?;
    render(
        &state,
        &chrome,
        "cpd/record.html",
        context! { v => v, saved => q.saved },
    )
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let v = svc::view(&state.db, &actor, id).await?;
    if !v.is_owner {
        return Err(AppError::NotFound);
    }
    // No year on a change: the date may move the record into another registration year.
    let input = CpdInput::from_record(&v.record);
    form_page(&state, &chrome, Some(id), &input, &FieldErrors::default()).await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<CpdInput>,
) -> AppResult<Response> {
    finish_form(
        svc::update(&state.db, &actor, id, &input, state.today()).await,
        async |()| Ok(see_other(&format!("/cpd/records/{id}?saved=updated"))),
        async |e| form_page(&state, &chrome, Some(id), &input, &e).await,
    )
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let year = svc::view(&state.db, &actor, id).await?.year;
    svc::delete(&state.db, &actor, id).await?;
    Ok(see_other(&format!("/cpd?year={year}&saved=deleted")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ShareForm {
    /// `yes` to share, anything else to stop sharing.
    pub shared: String,
}

pub async fn share(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    Form(f): Form<ShareForm>,
) -> AppResult<Response> {
    let shared = f.shared == "yes";
    svc::share(&state.db, &actor, id, shared).await?;
    let saved = if shared { "shared" } else { "unshared" };
    Ok(see_other(&format!("/cpd/records/{id}?saved={saved}")))
}

pub async fn draft_from_session(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(session_id): Path<i64>,
) -> AppResult<Response> {
    let id = svc::draft_from_session(&state.db, &actor, session_id, state.today()).await?;
    Ok(see_other(&format!("/cpd/records/{id}/edit")))
}

pub async fn export_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let p = svc::export(&state.db, &state.settings, &actor, q.year, state.today()).await?;
    let lists = crate::domain::reference::reference();
    let records: Vec<_> = p
        .records
        .iter()
        .map(|r| context! { r => r, fields => svc::export_fields(r, lists) })
        .collect();
    render(
        &state,
        &chrome,
        "cpd/export.html",
        context! { p => p, records => records },
    )
}

pub async fn export_text(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let p = svc::export(&state.db, &state.settings, &actor, q.year, state.today()).await?;
    Ok(download(
        svc::plain_text(&p),
        "text/plain; charset=utf-8",
        format!("cpd-{}-{}.txt", p.year - 1, p.year),
    ))
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let p = svc::export(&state.db, &state.settings, &actor, q.year, state.today()).await?;
    let bytes = crate::web::report_files::cpd_xlsx(&p)
        .map_err(|e| AppError::Internal(anyhow::anyhow!("building the CPD XLSX: {e}")))?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("cpd-{}-{}.xlsx", p.year - 1, p.year),
    ))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct ReadinessQuery {
    pub year: Option<i32>,
}

pub async fn readiness(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<ReadinessQuery>,
    Query(list): Query<crate::service::ListQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let o = svc::overview(
        &state.db,
        &state.settings,
        &actor,
        q.year,
        &filter,
        state.today(),
    )
    .await?;
    let year = o.year.to_string();
    let mut keep = vec![("year", year.as_str())];
    keep.extend(f.pairs());
    let lines = list_view(&page_of(&o.lines, &list), &list, &keep);
    let o = o.counts_only();
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    render(
        &state,
        &chrome,
        "cpd/readiness.html",
        context! { o => o, lines => lines, years => recent_years(state.today()), filter_form => filter_form },
    )
}

/// The current and previous four registration years, newest first, for the year picker.
fn recent_years(today: time::Date) -> Vec<i32> {
    let current = crate::domain::registration::registration_year(today)
        .ends
        .year();
    (current - 4..=current).rev().collect()
}

pub async fn person(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<ReadinessQuery>,
) -> AppResult<Html<String>> {
    let c = svc::person(
        &state.db,
        &state.settings,
        &actor,
        id,
        q.year,
        state.today(),
    )
    .await?;
    render(
        &state,
        &chrome,
        "cpd/person.html",
        context! { c => c, years => recent_years(state.today()) },
    )
}
