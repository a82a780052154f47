//! JSON API for post-qualifying roles: the same service calls as the pages. Every write
//! answers with the person's updated record.

use super::api::{Problem, body};
use crate::domain::post_qualifying::{ApprovalInput, RoleInput};
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::post_qualifying::{
    self as svc, AssessmentsInput, PqOverview, PqRecord, SuspensionInput, TrainingInput,
};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

async fn record_of(s: &AppState, a: &Actor, id: i64) -> AppResult<Json<PqRecord>> {
    Ok(Json(
        svc::record(&s.db, a, id, s.today(), &s.settings.post_qualifying).await?,
    ))
}

/// AMHPs by approval expiry quarter, re-approvals due, training-hours shortfalls,
/// succession (a suppressed count unless the caller may see equality data), role counts.
#[utoipa::path(get, path = "/api/v1/post-qualifying", params(crate::domain::people_filter::PeopleQuery), responses((status = 200, body = PqOverview), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn overview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    axum::extract::Query(f): axum::extract::Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Json<PqOverview>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let o = svc::overview(&s.db, &a, s.today(), &s.settings, &filter).await?;
    Ok(Json(PqOverview::clone(&o)))
}

/// The number of AMHPs the organisation needs; `null` clears it (back to the deployment's).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AmhpsNeeded {
    /// A whole number from 1 to 1000, or null.
    pub amhps_needed: Option<u32>,
}

/// Sets how many AMHPs the caller's organisation needs; answers with the overview.
#[utoipa::path(put, path = "/api/v1/post-qualifying/amhps-needed", request_body = AmhpsNeeded, responses((status = 200, body = PqOverview), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn set_amhps_needed(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<AmhpsNeeded>, JsonRejection>,
) -> AppResult<Json<PqOverview>> {
    let input = body(input)?;
    let needed = crate::service::amhps_needed::parse(
        &input
            .amhps_needed
            .map(|n| n.to_string())
            .unwrap_or_default(),
    )
    .map_err(crate::error::AppError::Invalid)?;
    crate::service::amhps_needed::set(&s.db, &a, needed).await?;
    let o = svc::overview(&s.db, &a, s.today(), &s.settings, &Default::default()).await?;
    Ok(Json(PqOverview::clone(&o)))
}

/// A practitioner's AMHP approval (with hours per approval year) and other role records.
#[utoipa::path(get, path = "/api/v1/practitioners/{id}/post-qualifying", responses((status = 200, body = PqRecord), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn record(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<PqRecord>> {
    record_of(&s, &a, id).await
}

/// Changes the current AMHP approval, or adds a new approval period (`reapproval`: "yes").
#[utoipa::path(put, path = "/api/v1/practitioners/{id}/post-qualifying/approval", request_body = ApprovalInput, responses((status = 200, body = PqRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn save_approval(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ApprovalInput>, JsonRejection>,
) -> AppResult<Json<PqRecord>> {
    let input = body(input)?;
    svc::save_approval(
        &s.db,
        &a,
        id,
        &input,
        s.today(),
        &s.settings.post_qualifying,
    )
    .await?;
    record_of(&s, &a, id).await
}

/// Records a suspension of the current AMHP approval.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/post-qualifying/suspensions", request_body = SuspensionInput, responses((status = 201, body = PqRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn add_suspension(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<SuspensionInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<PqRecord>)> {
    svc::add_suspension(&s.db, &a, id, &body(input)?).await?;
    Ok((StatusCode::CREATED, record_of(&s, &a, id).await?))
}

/// Records (or replaces) the person's record of one other role.
#[utoipa::path(put, path = "/api/v1/practitioners/{id}/post-qualifying/roles", request_body = RoleInput, responses((status = 200, body = PqRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn save_role(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<RoleInput>, JsonRejection>,
) -> AppResult<Json<PqRecord>> {
    svc::save_role(&s.db, &a, id, &body(input)?, s.today()).await?;
    record_of(&s, &a, id).await
}

/// Logs AMHP training hours (one's own, or anyone's for the PSW and workforce lead).
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/post-qualifying/training", request_body = TrainingInput, responses((status = 201, body = PqRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn log_training(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<TrainingInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<PqRecord>)> {
    svc::log_training(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, record_of(&s, &a, id).await?))
}

/// Logs Mental Health Act assessments undertaken.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/post-qualifying/assessments", request_body = AssessmentsInput, responses((status = 201, body = PqRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn log_assessments(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<AssessmentsInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<PqRecord>)> {
    svc::log_assessments(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, record_of(&s, &a, id).await?))
}

/// Removes a training or assessment entry logged by mistake (`activity_id`).
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/post-qualifying/activity/remove", request_body = svc::RemoveInput, responses((status = 200, body = PqRecord), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn remove_activity(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<svc::RemoveInput>, JsonRejection>,
) -> AppResult<Json<PqRecord>> {
    svc::remove_activity(&s.db, &a, id, &body(input)?).await?;
    record_of(&s, &a, id).await
}
