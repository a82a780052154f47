//! The calendar feed through the API: create (the address is in this response only) or
//! stop the caller's private feed. The same service as `/account/calendar`.

use super::AppState;
use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::calendar as svc;
use axum::Extension;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A new private feed. Keep the address secret: it works without signing in.
#[derive(Debug, Serialize, ToSchema)]
pub struct CalendarFeed {
    /// The iCalendar address to subscribe to, shown only once.
    pub url: String,
}

#[utoipa::path(post, path = "/api/v1/me/calendar-feed", operation_id = "create_calendar_feed", responses((status = 201, body = CalendarFeed), (status = 401, body = Problem)), security(("bearer" = [])))]
pub async fn create(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    headers: HeaderMap,
) -> AppResult<Response> {
    let token = svc::create(&s.db, &a).await?;
    let url = format!(
        "{}/calendar/{token}.ics",
        super::html::calendar::base_url(&s, &headers)
    );
    Ok((StatusCode::CREATED, Json(CalendarFeed { url })).into_response())
}

#[utoipa::path(delete, path = "/api/v1/me/calendar-feed", operation_id = "revoke_calendar_feed", responses((status = 204, description = "The feed, if any, is stopped"), (status = 401, body = Problem)), security(("bearer" = [])))]
pub async fn revoke(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<StatusCode> {
    svc::revoke(&s.db, &a).await?;
    Ok(StatusCode::NO_CONTENT)
}
