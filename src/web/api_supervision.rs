//! JSON API for supervision: the same service calls as the supervision pages.

use super::api::{Problem, body};
use crate::domain::supervision::AgreementInput;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::supervision::{
    self as svc, CancelInput, ConfirmInput, Dashboard, HeldInput, SessionInput, SessionView,
    SupervisionRecord,
};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

#[utoipa::path(get, path = "/api/v1/practitioners/{id}/supervision", responses((status = 200, body = SupervisionRecord), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn record(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<SupervisionRecord>> {
    Ok(Json(
        svc::record(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// Makes or replaces the practitioner's supervision agreement.
#[utoipa::path(put, path = "/api/v1/practitioners/{id}/supervision/agreement", request_body = AgreementInput, responses((status = 200, body = SupervisionRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn save_agreement(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<AgreementInput>, JsonRejection>,
) -> AppResult<Json<SupervisionRecord>> {
    svc::save_agreement(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(
        svc::record(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// The caller acknowledges the current agreement for every party they are.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/supervision/agreement/acknowledge", responses((status = 200, body = SupervisionRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn acknowledge(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<SupervisionRecord>> {
    svc::acknowledge(&s.db, &a, id).await?;
    Ok(Json(
        svc::record(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// Plans a session, or records one already held, with the caller as supervisor.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/supervision/sessions", request_body = SessionInput, responses((status = 201, body = SessionView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn add_session(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<SessionInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<SessionView>)> {
    let session_id = svc::add_session(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::session(&s.db, &s.settings, &a, session_id, s.today()).await?),
    ))
}

/// A session; its notes only for the supervisor and the supervisee.
#[utoipa::path(get, path = "/api/v1/supervision/sessions/{id}", responses((status = 200, body = SessionView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn session(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<SessionView>> {
    Ok(Json(
        svc::session(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// The supervisor records a planned session as held.
#[utoipa::path(post, path = "/api/v1/supervision/sessions/{id}/held", request_body = HeldInput, responses((status = 200, body = SessionView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn record_held(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<HeldInput>, JsonRejection>,
) -> AppResult<Json<SessionView>> {
    svc::record_held(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(
        svc::session(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// Cancels a planned session, saying by whom and why.
#[utoipa::path(post, path = "/api/v1/supervision/sessions/{id}/cancel", request_body = CancelInput, responses((status = 200, body = SessionView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn cancel(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<CancelInput>, JsonRejection>,
) -> AppResult<Json<SessionView>> {
    svc::cancel(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(
        svc::session(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// The supervisee confirms a held session, optionally commenting.
#[utoipa::path(post, path = "/api/v1/supervision/sessions/{id}/confirm", request_body = ConfirmInput, responses((status = 200, body = SessionView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn confirm(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ConfirmInput>, JsonRejection>,
) -> AppResult<Json<SessionView>> {
    svc::confirm(&s.db, &a, id, &body(input)?).await?;
    Ok(Json(
        svc::session(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct DashboardQuery {
    /// Only people whose agreement names the caller.
    pub mine: bool,
}

/// Everyone in the caller's scope with their supervision status today.
#[utoipa::path(get, path = "/api/v1/supervision/dashboard", params(DashboardQuery, crate::domain::people_filter::PeopleQuery), responses((status = 200, body = Dashboard), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn dashboard(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<DashboardQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Json<std::sync::Arc<Dashboard>>> {
    let filter = crate::service::people_filter::parse(&f)?;
    Ok(Json(
        svc::dashboard(&s.db, &s.settings, &a, q.mine, &filter, s.today()).await?,
    ))
}
