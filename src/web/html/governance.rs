//! The governance report page and its CSV and XLSX files: one `service::governance::report`
//! behind all three (and the API).

use super::render;
use crate::domain::people_filter::PeopleQuery;
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
    let mut f = PeopleQuery::default();
    for (k, v) in crate::domain::dates::join_date_inputs(raw) {
        match k.as_str() {
            "from" => q.from = v,
            "to" => q.to = v,
            "team_id" => f.team_id = v,
            "employer_id" => f.employer_id = v,
            "career_stage" => f.career_stage = v,
            "registration" => f.registration = v,
            _ => {}
        }
    }
    let filter = crate::service::people_filter::parse(&f)?;
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    let range = match q.parse(state.today()) {
        Ok(r) => r,
        Err(e) => {
            let page = render(
                &state,
                &chrome,
                "governance.html",
                context! { report => (), form => form_view(&q, &e), filter_form => filter_form },
            )?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let report = svc::report(
        &state.db,
        &state.settings,
        &actor,
        range,
        &filter,
        state.today(),
    )
    .await?;
    let chart = trend_svg(&report.trend, "trend");
    let mut files = form_urlencoded::Serializer::new(String::new());
    files
        .append_pair("from", &report.from)
        .append_pair("to", &report.to);
    for (k, v) in f.pairs() {
        files.append_pair(k, v);
    }
    let files_qs = files.finish();
    Ok(render(
        &state,
        &chrome,
        "governance.html",
        context! {
            report => report,
            chart => Value::from_safe_string(chart),
            files_qs => files_qs,
            form => form_view(&q, &Default::default()),
            filter_form => filter_form,
        },
    )?
    .into_response())
}

async fn build(
    state: &AppState,
    actor: &Actor,
    q: &GovernanceQuery,
    f: &PeopleQuery,
) -> AppResult<svc::GovernanceReport> {
    let range = svc::parse_range(q, state.today())?;
    let filter = crate::service::people_filter::parse(f)?;
    svc::report(
        &state.db,
        &state.settings,
        actor,
        range,
        &filter,
        state.today(),
    )
    .await
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Response> {
    let r = build(&state, &actor, &q, &f).await?;
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
    Query(f): Query<PeopleQuery>,
) -> AppResult<Response> {
    let r = build(&state, &actor, &q, &f).await?;
    let body = report_files::xlsx(&r).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("governance-{}-to-{}.xlsx", r.from, r.to),
    ))
}
