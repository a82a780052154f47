//! JSON API for the supervision quality pulse: the same service calls as its pages.

use super::api::{Problem, body};
use crate::domain::pulse::PulseInput;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::pulse::{self as svc, PulseSummary};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Serialize;

/// What answering returns: the session is now answered. The answers are not echoed back.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PulseAnswered {
    pub session_id: i64,
    pub answered: bool,
}

/// The supervisee answers the quality pulse for a held session, once.
#[utoipa::path(post, path = "/api/v1/supervision/sessions/{id}/pulse", request_body = PulseInput, responses((status = 201, body = PulseAnswered), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn answer(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<PulseInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<PulseAnswered>)> {
    svc::answer(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(PulseAnswered {
            session_id: id,
            answered: true,
        }),
    ))
}

/// Grouped pulse results for the caller's organisation, team or own supervisees; a group
/// below the threshold has no results.
#[utoipa::path(get, path = "/api/v1/supervision/pulse", responses((status = 200, body = PulseSummary)), security(("bearer" = [])))]
pub async fn summary(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<PulseSummary>> {
    Ok(Json(svc::summary(&s.db, &s.settings, &a, s.today()).await?))
}
