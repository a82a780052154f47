//! `GET /metrics`: the server's counters (`crate::metrics`) in Prometheus' text format, for
//! a scraper presenting `[monitoring] metrics_token`. Without a token configured the route
//! answers 404, as if it were not there; a missing or wrong token gets 401. The route is
//! public in the policy (a scraper has no session); the token is its rule.

use crate::error::{AppError, AppResult};
use crate::metrics::resident_bytes;
use crate::web::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

pub async fn serve(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    let expected = &state.settings.monitoring.metrics_token;
    if expected.is_empty() {
        return Err(AppError::NotFound);
    }
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .unwrap_or_default();
    if !crate::web::middleware::constant_time_eq(presented.as_bytes(), expected.as_bytes()) {
        // Problem details, not a page: a scraper has no session to be sent to sign in for.
        return Ok((
            StatusCode::UNAUTHORIZED,
            [
                (
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"mhsw metrics\""),
                ),
                (
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("application/problem+json"),
                ),
            ],
            serde_json::json!({
                "type": "about:blank",
                "title": "Unauthorized",
                "status": 401,
                "detail": "The metrics need the bearer token set in [monitoring] metrics_token.",
            })
            .to_string(),
        )
            .into_response());
    }
    let text = state.metrics.render(state.db.pool_use(), resident_bytes());
    Ok((
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        )],
        text,
    )
        .into_response())
}
