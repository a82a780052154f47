//! The board report's page and its files (XLSX and tagged PDF): one `BoardReport` each.

use super::render;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::board_report::{self, BoardQuery, BoardReport, LENGTHS};
use crate::web::AppState;
use crate::web::forms::{download, form_view};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::context;

/// The period as the page's form sends it (the date in day, month and year fields, joined
/// here) or as the files' links carry it (ISO).
fn board_query(raw: Vec<(String, String)>) -> BoardQuery {
    let mut q = BoardQuery::default();
    for (k, v) in crate::domain::dates::join_date_inputs(raw) {
        match k.as_str() {
            "to" => q.to = v,
            "months" => q.months = v,
            _ => {}
        }
    }
    q
}

async fn read(
    state: &AppState,
    actor: &Actor,
    q: &BoardQuery,
) -> AppResult<std::sync::Arc<BoardReport>> {
    let today = state.today();
    let (period, previous) = q.parse(today).map_err(AppError::Invalid)?;
    board_report::report(&state.db, &state.settings, actor, period, previous, today).await
}

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let q = board_query(raw);
    let today = state.today();
    let (period, previous) = match q.parse(today) {
        Ok(p) => p,
        Err(e) => {
            let page = render(
                &state,
                &chrome,
                "board_report.html",
                context! { r => (), form => form_view(&q, &e), lengths => LENGTHS },
            )?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let report =
        board_report::report(&state.db, &state.settings, &actor, period, previous, today).await?;
    let chosen = BoardQuery {
        to: report.period.to.to_string(),
        months: report.months.to_string(),
    };
    let files = format!("to={}&months={}", chosen.to, chosen.months);
    Ok(render(
        &state,
        &chrome,
        "board_report.html",
        context! {
            form => form_view(&chosen, &FieldErrors::default()),
            r => minijinja::Value::from_serialize(&*report),
            files => files,
            lengths => LENGTHS,
        },
    )?
    .into_response())
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let report = read(&state, &actor, &board_query(raw)).await?;
    let body =
        crate::web::board_report_files::xlsx(&report).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("board-report-{}.xlsx", report.period.to),
    ))
}

pub async fn pdf(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let report = read(&state, &actor, &board_query(raw)).await?;
    let body = crate::web::board_report_files::pdf(&report).map_err(AppError::Internal)?;
    Ok(download(
        body,
        "application/pdf",
        format!("board-report-{}.pdf", report.period.to),
    ))
}
