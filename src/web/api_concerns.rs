//! JSON API for concerns: the same service calls as the pages. An anonymous concern is
//! raised through the web form only: an API request is made with the sender's own token
//! (and may be kept for idempotent replay under it), which would name them.

use super::api::{Problem, body};
use crate::domain::concern::{ConcernInput, MessageInput};
use crate::domain::input::answer_yes;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::concerns::{self as svc, ConcernLists, ConcernView};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// The concerns the caller raised by name, those they were asked to answer, and (the
/// principal social worker) every concern in the organisation.
#[utoipa::path(get, operation_id = "list_concerns", path = "/api/v1/concerns", responses((status = 200, body = ConcernLists)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<ConcernLists>> {
    Ok(Json(svc::lists(&s.db, &s.settings, &a, s.today()).await?))
}

/// Raises a concern with the caller's name (`anonymous` must be false here).
#[utoipa::path(post, operation_id = "raise_concern", path = "/api/v1/concerns", request_body = ConcernInput, responses((status = 201, body = ConcernView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn raise(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<ConcernInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<ConcernView>)> {
    let input = body(input)?;
    if answer_yes(&input.anonymous) == Some(true) {
        return Err(AppError::Invalid(FieldErrors::single(
            "anonymous",
            "Raise an anonymous concern through the web form: a request made with your own API token would name you",
        )));
    }
    let raised = svc::raise(&s.db, &s.settings, &a, &input, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::view(&s.db, &a, raised.id, s.today()).await?),
    ))
}

/// A concern the caller has a part in: as the principal social worker, the person asked
/// to answer it, or its named sender.
#[utoipa::path(get, operation_id = "get_concern", path = "/api/v1/concerns/{id}", responses((status = 200, body = ConcernView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<ConcernView>> {
    Ok(Json(svc::view(&s.db, &a, id, s.today()).await?))
}

/// A message on a concern: an answer, or the named sender's reply.
#[utoipa::path(post, operation_id = "add_concern_message", path = "/api/v1/concerns/{id}/messages", request_body = MessageInput, responses((status = 201, body = ConcernView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn message(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<MessageInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<ConcernView>)> {
    svc::reply(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::view(&s.db, &a, id, s.today()).await?),
    ))
}
