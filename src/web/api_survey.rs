//! JSON API for the wellbeing survey's leads: the same service calls as the pages. Answers
//! are given through the form only (an emailed link or signed in): an API request is made
//! with the person's own token, which would tie what they said to them.

use super::api::{Problem, body};
use crate::domain::survey::{CycleInput, Dimension};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::survey::{self as svc, CycleView, ResultsView};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct ResultsQuery {
    /// A breakdown: team, role, career_stage, employer, ethnic_group, disability or sex;
    /// blank for everyone's results only.
    pub by: String,
}

/// The survey cycles the caller's organisation ran or took part in, newest first, with
/// how many of its staff were asked and answered (in fives while a cycle is open).
#[utoipa::path(get, operation_id = "list_survey_cycles", path = "/api/v1/surveys", responses((status = 200, body = [CycleView]), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<CycleView>>> {
    Ok(Json(svc::list(&s.db, &a, s.today()).await?))
}

/// Opens a cycle on the current instrument and invites everyone each organisation employs
/// today (links are emailed from the page, or staff answer signed in).
#[utoipa::path(post, operation_id = "open_survey_cycle", path = "/api/v1/surveys", request_body = CycleInput, responses((status = 201, body = CycleView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn open(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<CycleInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<CycleView>)> {
    let id = svc::open(&s.db, &a, &body(input)?, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::get(&s.db, &a, id, s.today()).await?),
    ))
}

/// A cycle and, once it is closed, its results: everyone's, one breakdown (`by`) where
/// every group shown has at least the threshold, the partner's, and the trend.
#[utoipa::path(get, operation_id = "survey_results", path = "/api/v1/surveys/{id}/results", params(("id" = i64, Path), ResultsQuery), responses((status = 200, body = ResultsView), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn results(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    Query(q): Query<ResultsQuery>,
) -> AppResult<Json<ResultsView>> {
    let by = match q.by.trim() {
        "" => None,
        code => Some(Dimension::parse(code).ok_or_else(|| {
            AppError::Invalid(FieldErrors::single(
                "by",
                "Use one of team, role, career_stage, employer, ethnic_group, disability or sex",
            ))
        })?),
    };
    Ok(Json(
        svc::results(&s.db, &s.settings, &a, id, by, s.today()).await?,
    ))
}
