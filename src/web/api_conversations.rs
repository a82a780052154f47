//! JSON API for collaborative conversation notes: the same service calls as the pages.

use super::api::{Problem, body};
use super::api_cpd::Shared;
use crate::domain::conversation::ConversationInput;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::conversations::{self as svc, ConversationList, ConversationView};
use crate::service::cpd::CpdView;
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// The signed-in practitioner's collaborative conversation notes, newest first, and the
/// notes shared with them as a supervisor named in the owner's agreement.
#[utoipa::path(get, operation_id = "list_conversations", path = "/api/v1/me/conversations", responses((status = 200, body = ConversationList), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<ConversationList>> {
    Ok(Json(svc::list(&s.db, &a).await?))
}

/// Adds a note of a collaborative conversation. `consent` must be `yes`; nothing may name
/// the person.
#[utoipa::path(post, operation_id = "create_conversation", path = "/api/v1/me/conversations", request_body = ConversationInput, responses((status = 201, body = ConversationView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<ConversationInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<ConversationView>)> {
    let id = svc::create(&s.db, &a, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, Json(svc::view(&s.db, &a, id).await?)))
}

/// A note: its owner's, or one shared with a supervisor named in the owner's agreement.
#[utoipa::path(get, operation_id = "get_conversation", path = "/api/v1/conversations/{id}", responses((status = 200, body = ConversationView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<ConversationView>> {
    Ok(Json(svc::view(&s.db, &a, id).await?))
}

/// Replaces one's own note.
#[utoipa::path(put, operation_id = "update_conversation", path = "/api/v1/conversations/{id}", request_body = ConversationInput, responses((status = 200, body = ConversationView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ConversationInput>, JsonRejection>,
) -> AppResult<Json<ConversationView>> {
    svc::own_conversation(&s.db, &a, id).await?;
    svc::update(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(svc::view(&s.db, &a, id).await?))
}

/// Deletes one's own note (a CPD record drafted from it stays, unlinked).
#[utoipa::path(delete, operation_id = "delete_conversation", path = "/api/v1/conversations/{id}", responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn delete(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    svc::delete(&s.db, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Shares one's own note with (or withdraws it from) one's supervisors.
#[utoipa::path(put, operation_id = "share_conversation", path = "/api/v1/conversations/{id}/shared", request_body = Shared, responses((status = 200, body = ConversationView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn share(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<Shared>, JsonRejection>,
) -> AppResult<Json<ConversationView>> {
    svc::own_conversation(&s.db, &a, id).await?;
    svc::share(&s.db, &a, id, body(input)?.shared).await?;
    Ok(Json(svc::view(&s.db, &a, id).await?))
}

/// Drafts a CPD record from one's own note (type feedback, standard 4.1 and 4.6, dated the
/// conversation, none of its text); asking again returns the same record.
#[utoipa::path(post, operation_id = "draft_cpd_from_conversation", path = "/api/v1/conversations/{id}/cpd", responses((status = 200, body = CpdView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn draft_cpd(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<CpdView>> {
    let record = svc::draft_cpd(&s.db, &a, id, s.today()).await?;
    Ok(Json(crate::service::cpd::view(&s.db, &a, record).await?))
}
