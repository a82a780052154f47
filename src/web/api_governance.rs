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
#[utoipa::path(get, path = "/api/v1/governance", params(GovernanceQuery, crate::domain::people_filter::PeopleQuery), responses((status = 200, body = GovernanceReport), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn report(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Json<GovernanceReport>> {
    let range = svc::parse_range(&q, s.today())?;
    let filter = crate::service::people_filter::parse(&f)?;
    Ok(Json(
        svc::report(&s.db, &s.settings, &a, range, &filter, s.today()).await?,
    ))
}
