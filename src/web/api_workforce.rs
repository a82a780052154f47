//! JSON API for an organisation's workforce intelligence and the figures it is given: the
//! same service calls as `/workforce` and `/workforce/plan`.

use super::api::Problem;
use crate::domain::absence::{AbsenceFigures, EpisodeInput};
use crate::domain::workforce::year::{YearFigures, YearInput};
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::leavers::Results as LeaverResults;
use crate::service::team_skills::TeamSkills;
use crate::service::workforce::intelligence::{self, FilterQuery, Intelligence};
use crate::service::workforce::plan;
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::{Deserialize, Serialize};

/// The organisation's workforce on today's date, optionally narrowed to a team, a service
/// model or an employment arrangement. Equality breakdowns and race equality figures are
/// given for the whole organisation only (`null` when filtered), through the disclosure
/// policy.
#[utoipa::path(get, path = "/api/v1/workforce/intelligence", params(FilterQuery), responses((status = 200, body = Intelligence), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn intelligence(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<FilterQuery>,
) -> AppResult<Json<Intelligence>> {
    let filter = q.parse()?;
    let view = intelligence::view(&s.db, &s.settings, &a, &filter, s.today()).await?;
    Ok(Json(Intelligence::clone(&view)))
}

/// What leavers said in the exit questionnaire over the last 24 months, from answers
/// released in blocks of whole months, counted through the disclosure policy.
#[utoipa::path(get, path = "/api/v1/workforce/leavers", responses((status = 200, body = LeaverResults)), security(("bearer" = [])))]
pub async fn leavers(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<LeaverResults>> {
    Ok(Json(
        crate::service::leavers::results(&s.db, &s.settings, &a, s.today()).await?,
    ))
}

/// Sickness absence over the 12 months to today: the rate, days lost, people absent and
/// episodes by reason and by team, through the disclosure policy. Never by person.
#[utoipa::path(get, path = "/api/v1/workforce/absence", responses((status = 200, body = AbsenceFigures)), security(("bearer" = [])))]
pub async fn absence(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<AbsenceFigures>> {
    Ok(Json(
        crate::service::absence::figures(&s.db, &s.settings, &a, s.today()).await?,
    ))
}

/// The episode recorded.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct AbsenceRecorded {
    pub id: i64,
}

/// Records one sickness absence episode of someone the organisation employs (the HR lead).
#[utoipa::path(post, path = "/api/v1/workforce/absence/episodes", request_body = EpisodeInput, responses((status = 201, body = AbsenceRecorded), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn record_absence(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<EpisodeInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<AbsenceRecorded>)> {
    let input = super::api::body(input)?;
    let id = crate::service::absence::record(&s.db, &s.settings, &a, &input, s.today()).await?;
    Ok((StatusCode::CREATED, Json(AbsenceRecorded { id })))
}

/// A team's skills audit (each skill's need, holders and gap) and its role-clarity
/// reviews.
#[utoipa::path(get, path = "/api/v1/teams/{id}/skills", responses((status = 200, body = TeamSkills), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn team_skills(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    axum::extract::Path(id): axum::extract::Path<i64>,
) -> AppResult<Json<TeamSkills>> {
    Ok(Json(
        crate::service::team_skills::view(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// One team's funded establishment.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EstablishmentOf {
    pub team_id: i64,
    /// Whole-time equivalent, at most two decimal places; `null` clears it.
    pub establishment_wte: Option<f64>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Establishments {
    pub teams: Vec<EstablishmentOf>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Changed {
    /// Teams whose establishment changed.
    pub changed: usize,
}

/// Sets the funded establishment of teams of the caller's organisation, all or none: a
/// wrong figure is named by its team (`establishment_{team_id}`) and nothing is written.
#[utoipa::path(put, path = "/api/v1/workforce/establishments", request_body = Establishments, responses((status = 200, body = Changed), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn set_establishments(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Json(body): Json<Establishments>,
) -> AppResult<Json<Changed>> {
    let entries: Vec<(i64, String)> = body
        .teams
        .iter()
        .map(|t| {
            (
                t.team_id,
                t.establishment_wte
                    .map(|w| w.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let changed = plan::set_establishments(&s.db, &a, &entries).await?;
    Ok(Json(Changed { changed }))
}

/// One year's figures as the API takes them: numbers, each optional.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct YearBody {
    /// The year the data year ends in: 2026 is 1 April 2025 to 31 March 2026.
    pub year_ending: i32,
    pub student_placements: Option<u64>,
    pub shortlisted_white: Option<u64>,
    pub appointed_white: Option<u64>,
    pub shortlisted_bme: Option<u64>,
    pub appointed_bme: Option<u64>,
    pub disciplinary_white: Option<u64>,
    pub disciplinary_bme: Option<u64>,
}

/// Sets the organisation's figures for one data year, replacing any entered before.
#[utoipa::path(put, path = "/api/v1/workforce/years", request_body = YearBody, responses((status = 200, body = YearFigures), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn set_year(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Json(b): Json<YearBody>,
) -> AppResult<Json<YearFigures>> {
    let t = |v: Option<u64>| v.map(|n| n.to_string()).unwrap_or_default();
    let input = YearInput {
        year_ending: b.year_ending.to_string(),
        student_placements: t(b.student_placements),
        shortlisted_white: t(b.shortlisted_white),
        appointed_white: t(b.appointed_white),
        shortlisted_bme: t(b.shortlisted_bme),
        appointed_bme: t(b.appointed_bme),
        disciplinary_white: t(b.disciplinary_white),
        disciplinary_bme: t(b.disciplinary_bme),
    };
    Ok(Json(plan::set_year(&s.db, &a, &input, s.today()).await?))
}
