//! JSON API for appraisals: the same service calls as the pages. Writing an appraisal is
//! done on its page, where both parties see what they sign.

use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::appraisal::{self as svc, AppraisalOverview, AppraisalView};
use crate::web::AppState;
use axum::extract::{Path, State};
use axum::{Extension, Json};

/// Who in the caller's scope is due or overdue an appraisal, completion rates by team and
/// employer, and (for the organisation's leads) objectives per goal: dates and counts only.
#[utoipa::path(get, operation_id = "appraisal_overview", path = "/api/v1/appraisals", responses((status = 200, body = AppraisalOverview), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn overview(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<AppraisalOverview>> {
    Ok(Json(
        svc::overview_all(&s.db, &s.settings, &a, s.today()).await?,
    ))
}

/// One appraisal, for its practitioner or its appraiser (not found for anyone else).
#[utoipa::path(get, operation_id = "get_appraisal", path = "/api/v1/appraisals/{id}", params(("id" = i64, Path)), responses((status = 200, body = AppraisalView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn get(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<AppraisalView>> {
    Ok(Json(svc::view(&s.db, &s.settings, &a, id).await?))
}
