//! JSON API for the organisation's principal social worker or senior social work lead post:
//! the same service call as the page.

use super::api::{Problem, body};
use crate::error::AppResult;
use crate::policy::Actor;
use crate::web::AppState;
use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::{Extension, Json};

/// Records the organisation's principal social worker or senior social work lead post.
#[utoipa::path(put, path = "/api/v1/social-work-lead", request_body = crate::service::social_work_lead::LeadInput, responses((status = 200, body = crate::service::social_work_lead::LeadView), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn set_social_work_lead(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<crate::service::social_work_lead::LeadInput>, JsonRejection>,
) -> AppResult<Json<crate::service::social_work_lead::LeadView>> {
    let input = body(input)?;
    Ok(Json(
        crate::service::social_work_lead::set(&s.db, &a, &input).await?,
    ))
}
