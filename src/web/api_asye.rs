//! JSON API for the ASYE: the same service calls as the ASYE pages. Each write answers
//! with the programme as it now stands.

use super::api::{Problem, body};
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::asye::{
    self as svc, AsyeRecord, Cohort, EndPauseInput, EvidenceInput, PanelInput, PauseInput,
    ProgrammeInput, ReviewInput, SignOffInput, TimeInput,
};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::{Extension, Json};

/// The NQSWs in the caller's scope (and those they assess) and where each programme stands.
#[utoipa::path(get, path = "/api/v1/asye", params(crate::domain::people_filter::PeopleQuery), responses((status = 200, body = Cohort), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn cohort(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    axum::extract::Query(f): axum::extract::Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Json<Cohort>> {
    let filter = crate::service::people_filter::parse(&f)?;
    Ok(Json(
        svc::cohort(&s.db, &s.settings, &a, &filter, s.today()).await?,
    ))
}

/// A practitioner's ASYE programme: reviews, pauses, evidence, protected time, standing.
#[utoipa::path(get, path = "/api/v1/practitioners/{id}/asye", responses((status = 200, body = AsyeRecord), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn record(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<AsyeRecord>> {
    Ok(Json(
        svc::record(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

async fn answer(s: &AppState, a: &Actor, id: i64) -> AppResult<Json<AsyeRecord>> {
    Ok(Json(
        svc::record(&s.db, &s.settings, a, id, s.today()).await?,
    ))
}

/// Starts the programme, or changes its assessor, start and support agreement.
#[utoipa::path(put, path = "/api/v1/practitioners/{id}/asye", request_body = ProgrammeInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn save_programme(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ProgrammeInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::save_programme(&s.db, &s.settings, &a, id, &body(input)?).await?;
    answer(&s, &a, id).await
}

/// Records (or corrects) a review: 3-month, 6-month, optional 9-month or final.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/reviews", request_body = ReviewInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn review(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ReviewInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::record_review(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    answer(&s, &a, id).await
}

/// Adds an evidence item (the NQSW, or someone who assesses).
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/evidence", request_body = EvidenceInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn evidence(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<EvidenceInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::add_evidence(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    answer(&s, &a, id).await
}

/// Signs an evidence item off, so it counts towards the checklist.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/evidence/sign-off", request_body = SignOffInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn sign_off(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<SignOffInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::sign_off(&s.db, &a, id, &body(input)?).await?;
    answer(&s, &a, id).await
}

/// Logs protected development time (the NQSW, or the PSW for them).
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/protected-time", request_body = TimeInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn protected_time(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<TimeInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::log_time(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    answer(&s, &a, id).await
}

/// Pauses the programme (not for capability); later reviews move by the pause.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/pauses", request_body = PauseInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn pause(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<PauseInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::add_pause(&s.db, &s.settings, &a, id, &body(input)?).await?;
    answer(&s, &a, id).await
}

/// Ends the current pause.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/pauses/end", request_body = EndPauseInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn end_pause(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<EndPauseInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::end_pause(&s.db, &s.settings, &a, id, &body(input)?).await?;
    answer(&s, &a, id).await
}

/// Records the moderation panel's outcome; a pass makes the practitioner qualified.
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/asye/panel", request_body = PanelInput, responses((status = 200, body = AsyeRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn panel(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<PanelInput>, JsonRejection>,
) -> AppResult<Json<AsyeRecord>> {
    svc::record_panel(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    answer(&s, &a, id).await
}
