//! The governance report page and its CSV and XLSX files: one `service::governance::report`
//! behind all three (and the API).

use super::render;
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::governance::{self as svc, GovernanceQuery};
use crate::web::AppState;
use crate::web::charts::trend_svg;
use crate::web::forms::download;
use crate::web::forms::form_view;
use crate::web::report_files;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    // The range's date inputs send day, month and year fields: joined into ISO text.
    let mut q = GovernanceQuery::default();
    for (k, v) in crate::domain::dates::join_date_inputs(raw) {
        match k.as_str() {
            "from" => q.from = v,
            "to" => q.to = v,
            _ => {}
        }
    }
    let range = match q.parse(state.today()) {
        Ok(r) => r,
        Err(e) => {
            let page = render(
                &state,
                &chrome,
                "governance.html",
                context! { report => (), form => form_view(&q, &e) },
            )?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let report = svc::report(&state.db, &state.settings, &actor, range, state.today()).await?;
    let chart = trend_svg(&report.trend, "trend");
    let files_qs = format!("from={}&to={}", report.from, report.to);
    Ok(render(
        &state,
        &chrome,
        "governance.html",
        context! {
            report => report,
            chart => Value::from_safe_string(chart),
            files_qs => files_qs,
            form => form_view(&q, &Default::default()),
        },
    )?
    .into_response())
}

async fn build(
    state: &AppState,
    actor: &Actor,
    q: &GovernanceQuery,
) -> AppResult<svc::GovernanceReport> {
    let range = svc::parse_range(q, state.today())?;
    svc::report(&state.db, &state.settings, actor, range, state.today()).await
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
) -> AppResult<Response> {
    let r = build(&state, &actor, &q).await?;
    let body = report_files::csv(&r);
    Ok(download(
        body,
        "text/csv; charset=utf-8",
        format!("governance-{}-to-{}.csv", r.from, r.to),
    ))
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
) -> AppResult<Response> {
    let r = build(&state, &actor, &q).await?;
    let body = report_files::xlsx(&r).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("governance-{}-to-{}.xlsx", r.from, r.to),
    ))
}
