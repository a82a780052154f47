//! JSON API for the strategic statement: the same service calls as the pages.

use super::api::{Problem, body};
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::self_assessment::statement::{
    self as svc, EditInput, GenerateInput, StatementView,
};
use crate::web::AppState;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::{Extension, Json};

/// The organisation's strategic statement for social work: its chapters, the facts the draft
/// was generated from and when (`exists` is false before the first draft).
#[utoipa::path(get, operation_id = "get_strategic_statement", path = "/api/v1/strategic-statement", responses((status = 200, body = StatementView), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn get(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<StatementView>> {
    Ok(Json(svc::get(&s.db, &a).await?))
}

/// Generates a draft from the organisation's live data today (principal social worker).
/// Replacing an existing statement needs `"confirm": true`.
#[utoipa::path(post, operation_id = "generate_strategic_statement", path = "/api/v1/strategic-statement/generate", request_body = GenerateInput, responses((status = 200, body = StatementView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn generate(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<GenerateInput>, JsonRejection>,
) -> AppResult<Json<StatementView>> {
    let input = body(input)?;
    Ok(Json(
        svc::generate(&s.db, &s.settings, &a, &input, s.today()).await?,
    ))
}

/// Changes chapters' text (principal social worker): `chapters` maps a chapter's code to
/// its new text, each not empty and at most 10,000 characters. Errors name the chapter code.
#[utoipa::path(put, operation_id = "update_strategic_statement", path = "/api/v1/strategic-statement", request_body = EditInput, responses((status = 200, body = StatementView), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<EditInput>, JsonRejection>,
) -> AppResult<Json<StatementView>> {
    Ok(Json(svc::edit(&s.db, &a, &body(input)?).await?))
}
