//! JSON front door of the data protection officer's part (`service::data_protection`).

use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::data_protection::retention::{self, RetentionReport};
use crate::service::data_protection::subject_access::{self, SubjectAccessExport};
use crate::service::data_protection::{self as svc};
use crate::store::data_protection::Subject;
use crate::web::AppState;
use crate::web::api::Problem;
use axum::Extension;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct SubjectSearch {
    /// Part of a name, an email address or a Social Work England number.
    pub q: String,
}

/// People of the officer's organisation matching a name, email or registration number (at
/// most 50): practitioners with their account, and accounts with no practitioner record.
#[utoipa::path(get, path = "/api/v1/data-protection/subjects", params(SubjectSearch), responses((status = 200, body = Vec<Subject>)), security(("bearer" = [])))]
pub async fn search(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<SubjectSearch>,
) -> AppResult<Json<Vec<Subject>>> {
    Ok(Json(svc::search(&s.db, &a, &q.q).await?))
}

/// Everything mhsw holds about a practitioner the organisation employs, and their account,
/// with what is withheld and why. Audited.
#[utoipa::path(get, path = "/api/v1/data-protection/people/{id}", params(("id" = i64, Path)), responses((status = 200, body = SubjectAccessExport), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn practitioner(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<SubjectAccessExport>> {
    Ok(Json(subject_access::practitioner(&s.db, &a, id).await?))
}

/// Everything mhsw holds about an account of the organisation that has no practitioner
/// record. Audited.
#[utoipa::path(get, path = "/api/v1/data-protection/accounts/{id}", params(("id" = i64, Path)), responses((status = 200, body = SubjectAccessExport), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn account(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<SubjectAccessExport>> {
    Ok(Json(subject_access::account(&s.db, &a, id).await?))
}

/// What `mhsw retention run` would change today in the organisation: nothing is written.
#[utoipa::path(get, path = "/api/v1/data-protection/retention", responses((status = 200, body = RetentionReport)), security(("bearer" = [])))]
pub async fn retention(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<RetentionReport>> {
    Ok(Json(
        retention::preview(&s.db, &s.settings, &a, s.today()).await?,
    ))
}
