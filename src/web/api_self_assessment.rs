//! JSON API for the organisational self-assessment: the same service calls as the pages.

use super::api::{Problem, body};
use crate::domain::self_assessment::Framework;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::self_assessment::actions::{
    self, ActionInput, ActionPlan, ActionUpdateInput, ActionView,
};
use crate::service::self_assessment::cycles::{
    self as svc, CycleView, LeadsInput, OpenCycleInput, Overview, ParticipantInput, RatingInput,
};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

/// Another cycle of the organisation, on the same framework, to compare with (default: the
/// last one signed off before it).
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct CompareQuery {
    pub with: Option<i64>,
}

/// The organisation's frameworks, cycles and action-plan counts.
#[utoipa::path(get, operation_id = "self_assessment_overview", path = "/api/v1/self-assessment", responses((status = 200, body = Overview), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn overview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Overview>> {
    Ok(Json(
        svc::overview(&s.db, &s.settings, &a, s.today()).await?,
    ))
}

/// The newest version of every framework in full: domains, criteria, scale, guidance.
#[utoipa::path(get, operation_id = "self_assessment_frameworks", path = "/api/v1/self-assessment/frameworks", responses((status = 200, body = [Framework]), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn frameworks(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<Framework>>> {
    crate::service::require(&a, crate::policy::Capability::ViewSelfAssessment)?;
    let all = crate::service::self_assessment::frameworks(&s.settings)?;
    Ok(Json(all.latest().iter().map(|f| (**f).clone()).collect()))
}

/// Opens a cycle on a framework's newest version (the principal social worker). Answers
/// and leads of the last signed-off cycle on the same framework are carried forward.
#[utoipa::path(post, operation_id = "open_self_assessment_cycle", path = "/api/v1/self-assessment/cycles", request_body = OpenCycleInput, responses((status = 201, body = CycleView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn open(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<OpenCycleInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<CycleView>)> {
    let id = svc::open(&s.db, &s.settings, &a, &body(input)?, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::get(&s.db, &s.settings, &a, id, None, s.today()).await?),
    ))
}

/// A cycle: domains with RAG, criteria with answers, mhsw's evidence, the compared cycle's
/// ratings and the change, actions, leads and who took part.
#[utoipa::path(get, operation_id = "get_self_assessment_cycle", path = "/api/v1/self-assessment/cycles/{id}", params(CompareQuery), responses((status = 200, body = CycleView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn cycle(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    Query(q): Query<CompareQuery>,
) -> AppResult<Json<CycleView>> {
    Ok(Json(
        svc::get(&s.db, &s.settings, &a, id, q.with, s.today()).await?,
    ))
}

/// Rates one criterion with evidence and links (its domain's lead or the principal social
/// worker; open cycles only; the rating must be on the framework's scale).
#[utoipa::path(put, operation_id = "rate_self_assessment_criterion", path = "/api/v1/self-assessment/cycles/{id}/criteria/{code}", request_body = RatingInput, responses((status = 200, body = CycleView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn rate(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path((id, code)): Path<(i64, String)>,
    input: Result<Json<RatingInput>, JsonRejection>,
) -> AppResult<Json<CycleView>> {
    svc::rate(&s.db, &s.settings, &a, id, &code, &body(input)?).await?;
    Ok(Json(
        svc::get(&s.db, &s.settings, &a, id, None, s.today()).await?,
    ))
}

/// Names each domain's lead: domain code to user id ("" clears it).
#[utoipa::path(put, operation_id = "assign_self_assessment_leads", path = "/api/v1/self-assessment/cycles/{id}/leads", request_body = LeadsInput, responses((status = 200, body = CycleView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn leads(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<LeadsInput>, JsonRejection>,
) -> AppResult<Json<CycleView>> {
    svc::assign_leads(&s.db, &s.settings, &a, id, &body(input)?).await?;
    Ok(Json(
        svc::get(&s.db, &s.settings, &a, id, None, s.today()).await?,
    ))
}

/// Records a group who took part (never the names of people using services).
#[utoipa::path(post, operation_id = "add_self_assessment_participant", path = "/api/v1/self-assessment/cycles/{id}/participants", request_body = ParticipantInput, responses((status = 201, body = CycleView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn add_participant(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ParticipantInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<CycleView>)> {
    svc::add_participant(&s.db, &a, id, &body(input)?).await?;
    Ok((
        StatusCode::CREATED,
        Json(svc::get(&s.db, &s.settings, &a, id, None, s.today()).await?),
    ))
}

/// Signs the cycle off and locks it (the principal social worker). Refused while any
/// criterion is unanswered or nobody is recorded as having taken part.
#[utoipa::path(post, operation_id = "sign_off_self_assessment_cycle", path = "/api/v1/self-assessment/cycles/{id}/sign-off", responses((status = 200, body = CycleView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn sign_off(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<CycleView>> {
    svc::sign_off(&s.db, &s.settings, &a, id, s.today()).await?;
    Ok(Json(
        svc::get(&s.db, &s.settings, &a, id, None, s.today()).await?,
    ))
}

/// The organisation's action plan: counts and every action, open ones first.
#[utoipa::path(get, operation_id = "self_assessment_actions", path = "/api/v1/self-assessment/actions", responses((status = 200, body = ActionPlan), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn action_plan(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<ActionPlan>> {
    Ok(Json(
        actions::plan(&s.db, &s.settings, &a, s.today()).await?,
    ))
}

/// Adds an action to a criterion of the cycle (the principal social worker or the domain's lead).
#[utoipa::path(post, operation_id = "add_self_assessment_action", path = "/api/v1/self-assessment/cycles/{id}/actions", request_body = ActionInput, responses((status = 201, body = ActionView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn add_action(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ActionInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<ActionView>)> {
    let action = actions::add(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    Ok((
        StatusCode::CREATED,
        Json(actions::get(&s.db, &s.settings, &a, action, s.today()).await?),
    ))
}

/// An action with its progress notes.
#[utoipa::path(get, operation_id = "get_self_assessment_action", path = "/api/v1/self-assessment/actions/{id}", responses((status = 200, body = ActionView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn action(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<ActionView>> {
    Ok(Json(
        actions::get(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// Changes an action's status, due date or owner and adds a progress note (its owner, the
/// domain's lead or the principal social worker).
#[utoipa::path(put, operation_id = "update_self_assessment_action", path = "/api/v1/self-assessment/actions/{id}", request_body = ActionUpdateInput, responses((status = 200, body = ActionView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update_action(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<ActionUpdateInput>, JsonRejection>,
) -> AppResult<Json<ActionView>> {
    actions::update(&s.db, &s.settings, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(
        actions::get(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}
