//! JSON API for feedback: the same service calls as the pages. The public form has no JSON
//! twin on purpose: it is for people with a card, on a page that needs no script.

use super::api::{Problem, body};
use crate::domain::feedback::Audience;
use crate::domain::feedback::CardsInput;
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::feedback::cards::{self, MadeCards};
use crate::service::feedback::questionnaires::{self, AdaptInput, AudienceVersions};
use crate::service::feedback::results::{self, MyFeedback, Overview, SharedFeedback};
use crate::web::AppState;
use crate::web::api_cpd::Shared;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// The signed-in practitioner's feedback: results (only at the threshold), cards (never
/// which were used), sharing and the CPD link.
#[utoipa::path(get, path = "/api/v1/me/feedback", responses((status = 200, body = MyFeedback), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn mine(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<MyFeedback>> {
    let kept = results::mine(&s.db, &s.settings, &a, s.today()).await?;
    Ok(Json(MyFeedback::clone(&kept)))
}

/// Makes feedback cards for one's own practice. The codes are in this response only.
#[utoipa::path(post, path = "/api/v1/me/feedback/cards", request_body = CardsInput, responses((status = 201, body = MadeCards), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn make_own(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<CardsInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<MadeCards>)> {
    let made = cards::make_own(&s.db, &s.settings, &a, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// Makes feedback cards for a practitioner of the organisation, to post (an admin).
#[utoipa::path(post, path = "/api/v1/practitioners/{id}/feedback/cards", request_body = CardsInput, responses((status = 201, body = MadeCards), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn make_for(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<CardsInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<MadeCards>)> {
    let made = cards::make_for(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, Json(made)))
}

/// Withdraws one of one's own cards: its code stops working.
#[utoipa::path(delete, path = "/api/v1/feedback/cards/{id}", responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn withdraw(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    cards::withdraw(&s.db, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Shares (or stops sharing) one's results with the people named in one's supervision agreement.
#[utoipa::path(put, path = "/api/v1/me/feedback/shared", request_body = Shared, responses((status = 204), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn share(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<Shared>, JsonRejection>,
) -> AppResult<StatusCode> {
    results::share(&s.db, &a, body(input)?.shared, s.today()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A draft CPD record reflecting on the results shown now (one per set of results).
#[utoipa::path(post, path = "/api/v1/me/feedback/cpd", responses((status = 201, body = i64, content_type = "application/json", description = "The id of the CPD draft"), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn draft_cpd(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<(StatusCode, Json<i64>)> {
    Ok((
        StatusCode::CREATED,
        Json(results::draft_cpd(&s.db, &s.settings, &a, s.today()).await?),
    ))
}

/// A practitioner's shared results, for a supervisor named in their agreement.
#[utoipa::path(get, path = "/api/v1/practitioners/{id}/feedback", responses((status = 200, body = SharedFeedback), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn shared(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<SharedFeedback>> {
    Ok(Json(
        results::shared(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// Team (team manager) or organisation (PSW, workforce lead) feedback: aggregates above the
/// threshold, by released block, no comments.
#[utoipa::path(get, path = "/api/v1/feedback/overview", responses((status = 200, body = Overview), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn overview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Overview>> {
    Ok(Json(
        results::overview(&s.db, &s.settings, &a, s.today()).await?,
    ))
}

/// Every version of both questionnaires, newest first (the first is in use).
#[utoipa::path(get, path = "/api/v1/feedback/questionnaires", responses((status = 200, body = Vec<AudienceVersions>), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn questionnaires(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<AudienceVersions>>> {
    Ok(Json(questionnaires::list(&s.db, &a).await?))
}

/// Adds a version of a questionnaire (`service_user` or `carer`), co-produced with the
/// people named; the form asks it from now on. Returns the version number.
#[utoipa::path(post, path = "/api/v1/feedback/questionnaires/{audience}", request_body = AdaptInput, responses((status = 201, body = i64, content_type = "application/json", description = "The new version's number"), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn adapt(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(audience): Path<String>,
    input: Result<Json<AdaptInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<i64>)> {
    let audience = Audience::parse(&audience).map_err(|_| AppError::NotFound)?;
    let v = questionnaires::adapt(&s.db, &a, audience, &body(input)?, s.today()).await?;
    Ok((StatusCode::CREATED, Json(v)))
}
