//! The FHIR export through the API: the same service call as `mhsw export fhir`.

use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::web::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::{Extension, Json};

/// The practitioners the caller may see as a FHIR R4 Bundle (`type` collection) of UK Core
/// Practitioner and PractitionerRole resources: the Social Work England number as an
/// identifier (system `[fhir] swe_number_system`), the employer by ODS code, post-qualifying
/// roles as qualifications. Audited as an export.
#[utoipa::path(get, path = "/api/v1/fhir/practitioners", responses((status = 200, description = "A FHIR R4 Bundle", content_type = "application/fhir+json", body = Object), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn practitioners(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Response> {
    let bundle =
        crate::service::fhir::practitioners(&s.db, &a, &s.settings.fhir, s.today()).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/fhir+json")],
        Json(bundle),
    )
        .into_response())
}
