//! JSON API under `/api/v1`, authenticated with a bearer token (`mhsw token create`).
//! Handlers translate JSON to the same service calls the HTML pages make. Errors are RFC
//! 9457 problem details (see `middleware::finish_errors`). The OpenAPI 3.1 document is
//! generated from the annotations here and served at `/api/openapi.json`.

use super::api_errors::ErrorResponses;
use crate::domain::organisation::OrganisationInput;
use crate::domain::practitioner::{Equality, PractitionerInput};
use crate::domain::team::TeamInput;
use crate::domain::user::UserInput;
use crate::error::{AppError, AppResult, FieldError};
use crate::policy::Actor;
use crate::service::audit::AuditQuery;
use crate::service::practitioners::PractitionerQuery;
use crate::service::teams::TeamFilter;
use crate::service::{self, ListQuery};
use crate::store::audit::AuditEntry;
use crate::store::orgs::Organisation;
use crate::store::practitioners::Practitioner;
use crate::store::teams::Team;
use crate::store::users::User;
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};

/// A page of results.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub page_size: i64,
}

impl<T> From<crate::store::sql::Paged<T>> for Page<T> {
    fn from(p: crate::store::sql::Paged<T>) -> Self {
        Page {
            items: p.items,
            total: p.total,
            page: p.page,
            page_size: p.page_size,
        }
    }
}

/// The signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct Me {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub organisation_id: Option<i64>,
    pub roles: Vec<crate::domain::Role>,
}

/// A practitioner; `equality` only for the workforce lead.
#[derive(Debug, Serialize, ToSchema)]
pub struct PractitionerDetail {
    #[serde(flatten)]
    pub practitioner: Practitioner,
    pub equality: Option<Equality>,
}

/// RFC 9457 problem details.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    #[schema(example = "about:blank")]
    pub r#type: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub errors: Option<Vec<FieldError>>,
    pub request_id: Option<String>,
}

/// Turns a JSON body rejection into problem details: a body too large (413) or not sent
/// as JSON (415) as such; a body that is not valid JSON, or has a value of the wrong type,
/// as a 422 naming the field where it can.
pub(crate) fn body<T>(r: Result<Json<T>, JsonRejection>) -> AppResult<T> {
    r.map(|Json(v)| v).map_err(|e| match e.status() {
        StatusCode::PAYLOAD_TOO_LARGE | StatusCode::UNSUPPORTED_MEDIA_TYPE => AppError::Rejected {
            status: e.status(),
            detail: e.body_text(),
        },
        _ => AppError::Invalid(json_field_error(&e.body_text())),
    })
}

/// serde's message names the field first ("expires_in_days: invalid type: ..."); that
/// field is the error's, the rest its message.
fn json_field_error(text: &str) -> crate::error::FieldErrors {
    let rest = text
        .strip_prefix("Failed to deserialize the JSON body into the target type: ")
        .unwrap_or(text);
    let named = rest.split_once(": ").filter(|(field, _)| {
        !field.is_empty()
            && field
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']'))
    });
    match named {
        Some((field, message)) => crate::error::FieldErrors::single(field, message),
        None => crate::error::FieldErrors::single("body", rest),
    }
}

#[utoipa::path(get, path = "/api/v1/me", responses((status = 200, body = Me), (status = 401, body = Problem)), security(("bearer" = [])))]
pub async fn me(Extension(a): Extension<Actor>) -> Json<Me> {
    Json(Me {
        id: a.user_id,
        email: a.email,
        display_name: a.display_name,
        organisation_id: a.org_id,
        roles: a.roles,
    })
}

#[utoipa::path(get, path = "/api/v1/organisations", params(ListQuery), responses((status = 200, body = Page<Organisation>)), security(("bearer" = [])))]
pub async fn list_organisations(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Page<Organisation>>> {
    Ok(Json(service::orgs::list(&s.db, &a, &q).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/organisations/{id}", responses((status = 200, body = Organisation), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get_organisation(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<Organisation>> {
    Ok(Json(service::orgs::get(&s.db, &a, id).await?))
}

#[utoipa::path(put, path = "/api/v1/organisations/{id}", request_body = OrganisationInput, responses((status = 200, body = Organisation), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update_organisation(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<OrganisationInput>, JsonRejection>,
) -> AppResult<Json<Organisation>> {
    service::orgs::get(&s.db, &a, id).await?;
    let fields = body(input)?.parse().map_err(AppError::Invalid)?;
    Ok(Json(service::orgs::update(&s.db, &a, id, &fields).await?))
}

#[utoipa::path(get, path = "/api/v1/teams", params(ListQuery, TeamFilter), responses((status = 200, body = Page<Team>)), security(("bearer" = [])))]
pub async fn list_teams(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<ListQuery>,
    Query(f): Query<TeamFilter>,
) -> AppResult<Json<Page<Team>>> {
    Ok(Json(service::teams::list(&s.db, &a, &q, &f).await?.into()))
}

#[utoipa::path(post, path = "/api/v1/teams", request_body = TeamInput, responses((status = 201, body = Team), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn create_team(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<TeamInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<Team>)> {
    let fields = body(input)?.parse().map_err(AppError::Invalid)?;
    Ok((
        StatusCode::CREATED,
        Json(service::teams::create(&s.db, &a, &fields).await?),
    ))
}

#[utoipa::path(get, path = "/api/v1/teams/{id}", responses((status = 200, body = Team), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get_team(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<Team>> {
    Ok(Json(service::teams::get(&s.db, &a, id).await?))
}

#[utoipa::path(put, path = "/api/v1/teams/{id}", request_body = TeamInput, responses((status = 200, body = Team), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update_team(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<TeamInput>, JsonRejection>,
) -> AppResult<Json<Team>> {
    service::teams::get(&s.db, &a, id).await?;
    let fields = body(input)?.parse().map_err(AppError::Invalid)?;
    Ok(Json(service::teams::update(&s.db, &a, id, &fields).await?))
}

#[utoipa::path(get, path = "/api/v1/practitioners", params(ListQuery, PractitionerQuery), responses((status = 200, body = Page<Practitioner>)), security(("bearer" = [])))]
pub async fn list_practitioners(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<ListQuery>,
    Query(f): Query<PractitionerQuery>,
) -> AppResult<Json<Page<Practitioner>>> {
    Ok(Json(
        service::practitioners::list(&s.db, &a, &q, &f)
            .await?
            .into(),
    ))
}

#[utoipa::path(post, path = "/api/v1/practitioners", request_body = PractitionerInput, responses((status = 201, body = PractitionerDetail), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn create_practitioner(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<PractitionerInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<PractitionerDetail>)> {
    let (fields, eq) = body(input)?.parse(s.today()).map_err(AppError::Invalid)?;
    let id = service::practitioners::create(&s.db, &a, &fields, &eq).await?;
    let (practitioner, equality) = service::practitioners::get(&s.db, &a, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(PractitionerDetail {
            practitioner,
            equality,
        }),
    ))
}

#[utoipa::path(get, path = "/api/v1/practitioners/{id}", responses((status = 200, body = PractitionerDetail), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get_practitioner(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<PractitionerDetail>> {
    let (practitioner, equality) = service::practitioners::get(&s.db, &a, id).await?;
    Ok(Json(PractitionerDetail {
        practitioner,
        equality,
    }))
}

#[utoipa::path(put, path = "/api/v1/practitioners/{id}", request_body = PractitionerInput, responses((status = 200, body = PractitionerDetail), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update_practitioner(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<PractitionerInput>, JsonRejection>,
) -> AppResult<Json<PractitionerDetail>> {
    service::practitioners::get(&s.db, &a, id).await?;
    let (fields, eq) = body(input)?.parse(s.today()).map_err(AppError::Invalid)?;
    service::practitioners::update(&s.db, &a, id, &fields, &eq, s.today()).await?;
    let (practitioner, equality) = service::practitioners::get(&s.db, &a, id).await?;
    Ok(Json(PractitionerDetail {
        practitioner,
        equality,
    }))
}

#[utoipa::path(get, path = "/api/v1/users", responses((status = 200, body = Vec<User>)), security(("bearer" = [])))]
pub async fn list_users(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<User>>> {
    Ok(Json(service::users::list(&s.db, &a).await?))
}

#[utoipa::path(post, path = "/api/v1/users", request_body = UserInput, responses((status = 201, body = User), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn create_user(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<UserInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<User>)> {
    let parsed = body(input)?.parse(a.org_id).map_err(AppError::Invalid)?;
    Ok((
        StatusCode::CREATED,
        Json(service::users::create(&s.db, &a, &parsed).await?),
    ))
}

#[utoipa::path(put, path = "/api/v1/users/{id}", request_body = UserInput, responses((status = 200, body = User), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn update_user(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
    input: Result<Json<UserInput>, JsonRejection>,
) -> AppResult<Json<User>> {
    service::users::get(&s.db, &a, id).await?;
    let parsed = body(input)?.parse(a.org_id).map_err(AppError::Invalid)?;
    Ok(Json(service::users::update(&s.db, &a, id, &parsed).await?))
}

#[utoipa::path(get, path = "/api/v1/audit", params(ListQuery, AuditQuery), responses((status = 200, body = Page<AuditEntry>)), security(("bearer" = [])))]
pub async fn list_audit(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<ListQuery>,
    Query(f): Query<AuditQuery>,
) -> AppResult<Json<Page<AuditEntry>>> {
    Ok(Json(service::audit::list(&s.db, &a, &q, &f).await?.into()))
}

#[utoipa::path(get, path = "/api/v1/workforce", responses((status = 200, body = service::workforce::WorkforceSummary)), security(("bearer" = [])))]
pub async fn workforce(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<service::workforce::WorkforceSummary>> {
    Ok(Json(
        service::workforce::summary(&s.db, &a, s.settings.privacy.disclosure).await?,
    ))
}

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(title = "mhsw API", description = "Supporting mental health social workers: organisations, teams, practitioners, users and audit. Authenticate with a bearer token from `mhsw token create`."),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// The OpenAPI document as served: the operations named by the route list
/// (`web::routes`, `.doc(..)`) and the schemas they refer to, with the error responses
/// every operation shares.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    let mut paths = utoipa::openapi::path::PathsBuilder::new();
    let mut schemas = Vec::new();
    for d in super::routes::routes().into_iter().filter_map(|r| r.doc) {
        paths = (d.add_path)(paths);
        (d.add_schemas)(&mut schemas);
    }
    doc.paths = paths.build();
    doc.components
        .get_or_insert_with(Default::default)
        .schemas
        .extend(schemas);
    utoipa::Modify::modify(&ErrorResponses, &mut doc);
    doc
}

pub async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi_document())
}
