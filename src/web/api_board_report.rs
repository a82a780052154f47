//! JSON API for the board report: the same service call as `/board-report`.

use super::api::Problem;
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::board_report::{self, BoardQuery, BoardReport};
use crate::web::AppState;
use axum::extract::{Query, State};
use axum::{Extension, Json};

/// The board report across the eight considerations for a period (default: the 12 months
/// to today) with the period before it beside.
#[utoipa::path(get, path = "/api/v1/board-report", params(BoardQuery), responses((status = 200, body = BoardReport), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn report(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<BoardQuery>,
) -> AppResult<Json<BoardReport>> {
    let today = s.today();
    let (period, previous) = q.parse(today).map_err(AppError::Invalid)?;
    let report = board_report::report(&s.db, &s.settings, &a, period, previous, today).await?;
    Ok(Json(BoardReport::clone(&report)))
}
