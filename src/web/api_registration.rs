//! JSON API for registration and the register check: the same service calls as the pages.

use super::api::{Problem, body};
use crate::domain::registration::RegistrationInput;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::registration::{
    self as svc, ImportApplied, ImportPreview, RegistrationOverview, RegistrationRecord,
};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// Everyone current in scope with their registration, counts by status and renewal progress.
#[utoipa::path(get, path = "/api/v1/registration", params(crate::domain::people_filter::PeopleQuery), responses((status = 200, body = RegistrationOverview), (status = 403, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn overview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    axum::extract::Query(f): axum::extract::Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Json<RegistrationOverview>> {
    let filter = crate::service::people_filter::parse(&f)?;
    Ok(Json(
        svc::overview(&s.db, &s.settings, &a, &filter, s.today()).await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/practitioners/{id}/registration", responses((status = 200, body = RegistrationRecord), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn record(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<RegistrationRecord>> {
    Ok(Json(
        svc::record(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// Records what the register shows for the practitioner.
#[utoipa::path(put, path = "/api/v1/practitioners/{id}/registration", request_body = RegistrationInput, responses((status = 200, body = RegistrationRecord), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn save(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<RegistrationInput>, JsonRejection>,
) -> AppResult<Json<RegistrationRecord>> {
    svc::save(&s.db, &a, id, &body(input)?, s.today()).await?;
    Ok(Json(
        svc::record(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}

/// The organisation's registration numbers in batches of at most 100, for the register's
/// bulk search.
#[utoipa::path(get, path = "/api/v1/registration/check/batches", responses((status = 200, body = Vec<Vec<String>>), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn batches(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<Vec<String>>>> {
    Ok(Json(svc::export_batches(&s.db, &a).await?))
}

/// Reads the register's bulk-search CSV (the request body, `text/csv`) and returns what it
/// would change, without changing anything. Apply it with `.../imports/{id}/apply`.
#[utoipa::path(post, path = "/api/v1/registration/check/imports", request_body(content = String, content_type = "text/csv"), responses((status = 201, body = ImportPreview), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn preview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    file: String,
) -> AppResult<(StatusCode, Json<ImportPreview>)> {
    let p = svc::preview(&s.db, &s.settings, &a, &file).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// Applies a previewed register check in one transaction, if the records still give the
/// previewed changes.
#[utoipa::path(post, path = "/api/v1/registration/check/imports/{id}/apply", responses((status = 200, body = ImportApplied), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn apply(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<ImportApplied>> {
    Ok(Json(
        svc::apply(&s.db, &s.settings, &a, id, s.today()).await?,
    ))
}
