//! JSON API for loading existing staff: the same service calls as the pages.

use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::staff_import::{self as svc, StaffImportApplied, StaffImportPreview};
use crate::web::AppState;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// Reads a staff list (the request body: CSV text, or an XLSX file) and returns what it
/// would change, without changing anything; a file with any problem is refused whole,
/// every problem naming its row and column. Apply it with `.../imports/{id}/apply`.
#[utoipa::path(post, path = "/api/v1/practitioners/imports", request_body(content = String, content_type = "text/csv", description = "The staff list, CSV or XLSX (docs/staff-import.md)"), responses((status = 201, body = StaffImportPreview), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn preview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    file: Bytes,
) -> AppResult<(StatusCode, Json<StaffImportPreview>)> {
    let p = svc::preview(&s.db, &a, "staff list sent to the API", &file, s.today()).await?;
    Ok((StatusCode::CREATED, Json(p)))
}

/// Applies a previewed staff list in one transaction, if the records still give the
/// previewed changes.
#[utoipa::path(post, path = "/api/v1/practitioners/imports/{id}/apply", responses((status = 200, body = StaffImportApplied), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn apply(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<StaffImportApplied>> {
    Ok(Json(svc::apply(&s.db, &a, id, s.today()).await?))
}
