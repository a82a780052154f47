//! JSON API for the CPD e-portfolio: the same service calls as the pages.

use super::api::{Problem, body};
use crate::domain::cpd::CpdInput;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::cpd::{self as svc, CpdView, PersonCpd, Portfolio, ReadinessOverview};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

/// Which registration year, by the calendar year it ends in (default: the current one).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct YearQuery {
    pub year: Option<i32>,
}

/// Sharing a record with the people named in one's supervision agreement.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Shared {
    pub shared: bool,
}

/// The signed-in practitioner's CPD for one registration year, with readiness for renewal.
#[utoipa::path(get, path = "/api/v1/me/cpd", params(YearQuery), responses((status = 200, body = Portfolio), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn portfolio(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<Portfolio>> {
    Ok(Json(
        svc::portfolio(&s.db, &s.settings, &a, q.year, s.today()).await?,
    ))
}

/// Adds a CPD record (a draft unless `status` is `submitted`).
#[utoipa::path(post, path = "/api/v1/me/cpd", request_body = CpdInput, responses((status = 201, body = CpdView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<CpdInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<CpdView>)> {
    let id = svc::create(&s.db, &a, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, Json(svc::view(&s.db, &a, id).await?)))
}

/// A CPD record: its owner's, or one shared with a supervisor named in the owner's agreement.
#[utoipa::path(get, path = "/api/v1/cpd/records/{id}", responses((status = 200, body = CpdView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn record(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<CpdView>> {
    Ok(Json(svc::view(&s.db, &a, id).await?))
}

/// Replaces one's own CPD record.
#[utoipa::path(put, path = "/api/v1/cpd/records/{id}", request_body = CpdInput, responses((status = 200, body = CpdView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<CpdInput>, JsonRejection>,
) -> AppResult<Json<CpdView>> {
    svc::update(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(svc::view(&s.db, &a, id).await?))
}

/// Deletes one's own draft.
#[utoipa::path(delete, path = "/api/v1/cpd/records/{id}", responses((status = 204), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn delete(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    svc::delete(&s.db, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Shares one's own record with (or withdraws it from) one's supervisors.
#[utoipa::path(put, path = "/api/v1/cpd/records/{id}/shared", request_body = Shared, responses((status = 200, body = CpdView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn share(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<Shared>, JsonRejection>,
) -> AppResult<Json<CpdView>> {
    svc::own_record(&s.db, &a, id).await?;
    svc::share(&s.db, &a, id, body(input)?.shared).await?;
    Ok(Json(svc::view(&s.db, &a, id).await?))
}

/// Drafts a CPD record from a held supervision session (the supervisee's own); asking
/// again returns the same record.
#[utoipa::path(post, path = "/api/v1/supervision/sessions/{id}/cpd", responses((status = 200, body = CpdView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn draft_from_session(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<CpdView>> {
    let record = svc::draft_from_session(&s.db, &a, id, s.today()).await?;
    Ok(Json(svc::view(&s.db, &a, record).await?))
}

/// CPD readiness of everyone current in scope: counts only, never content.
#[utoipa::path(get, path = "/api/v1/cpd/readiness", params(YearQuery, crate::domain::people_filter::PeopleQuery), responses((status = 200, body = ReadinessOverview), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn readiness(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<YearQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Json<std::sync::Arc<ReadinessOverview>>> {
    let filter = crate::service::people_filter::parse(&f)?;
    Ok(Json(
        svc::overview(&s.db, &s.settings, &a, q.year, &filter, s.today()).await?,
    ))
}

/// One practitioner's CPD readiness, with the records shared with the actor.
#[utoipa::path(get, path = "/api/v1/practitioners/{id}/cpd", params(YearQuery), responses((status = 200, body = PersonCpd), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn person(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    Query(q): Query<YearQuery>,
) -> AppResult<Json<PersonCpd>> {
    Ok(Json(
        svc::person(&s.db, &s.settings, &a, id, q.year, s.today()).await?,
    ))
}

/// Declares CPD held in the caller's Social Work England account for a registration year.
#[utoipa::path(put, path = "/api/v1/me/cpd/declaration", request_body = crate::service::cpd_declaration::DeclarationInput, responses((status = 200, body = crate::domain::cpd::Readiness), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn declare(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<crate::service::cpd_declaration::DeclarationInput>, JsonRejection>,
) -> AppResult<Json<crate::domain::cpd::Readiness>> {
    let input = body(input)?;
    Ok(Json(
        crate::service::cpd_declaration::declare(&s.db, &s.settings, &a, &input, s.today()).await?,
    ))
}
