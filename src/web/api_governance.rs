//! JSON API for the governance report: the same service call as the page and its files.

use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::governance::{self as svc, GovernanceQuery, GovernanceReport};
use crate::web::AppState;
use axum::extract::{Query, State};
use axum::{Extension, Json};

/// Registration, supervision compliance (by team, stage and type, with a 12-month trend),
/// overdue and unconfirmed lists, the quality pulse and capacity, for a date range.
#[utoipa::path(get, path = "/api/v1/governance", params(GovernanceQuery), responses((status = 200, body = GovernanceReport), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn report(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
) -> AppResult<Json<GovernanceReport>> {
    let range = svc::parse_range(&q, s.today())?;
    Ok(Json(
        svc::report(&s.db, &s.settings, &a, range, s.today()).await?,
    ))
}
