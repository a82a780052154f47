//! JSON API for partnership agreements: the same service calls as the pages.

use super::api::{Problem, body};
use crate::domain::partnership::PartnershipInput;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::partnerships::{self as svc, PartnershipView};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// The agreements the caller's organisation is a party to.
#[utoipa::path(get, path = "/api/v1/partnerships", responses((status = 200, body = Vec<PartnershipView>), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<PartnershipView>>> {
    Ok(Json(svc::list(&s.db, &a, s.today()).await?))
}

/// Proposes an agreement; the other party's admin accepts or declines it.
#[utoipa::path(post, path = "/api/v1/partnerships", request_body = PartnershipInput, responses((status = 201, body = PartnershipView), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn propose(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<PartnershipInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<PartnershipView>)> {
    let input = body(input)?;
    let id = svc::propose(&s.db, &a, &input).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::get(&s.db, &a, id, s.today()).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/partnerships/{id}", params(("id" = i64, Path)), responses((status = 200, body = PartnershipView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<PartnershipView>> {
    Ok(Json(svc::get(&s.db, &a, id, s.today()).await?))
}

/// The other party accepts a proposed agreement: it comes into force.
#[utoipa::path(post, path = "/api/v1/partnerships/{id}/accept", params(("id" = i64, Path)), responses((status = 200, body = PartnershipView), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn accept(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<PartnershipView>> {
    svc::respond(&s.db, &a, id, true, s.today()).await?;
    Ok(Json(svc::get(&s.db, &a, id, s.today()).await?))
}

/// The other party declines a proposed agreement.
#[utoipa::path(post, path = "/api/v1/partnerships/{id}/decline", params(("id" = i64, Path)), responses((status = 200, body = PartnershipView), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn decline(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<PartnershipView>> {
    svc::respond(&s.db, &a, id, false, s.today()).await?;
    Ok(Json(svc::get(&s.db, &a, id, s.today()).await?))
}

/// Either party ends an agreement in force (or the proposer withdraws a proposal).
#[utoipa::path(post, path = "/api/v1/partnerships/{id}/end", params(("id" = i64, Path)), responses((status = 200, body = PartnershipView), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn end(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<PartnershipView>> {
    svc::end(&s.db, &a, id, s.today()).await?;
    Ok(Json(svc::get(&s.db, &a, id, s.today()).await?))
}
