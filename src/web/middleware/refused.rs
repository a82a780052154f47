//! Refusals as security events in the audit trail.

use super::loggable_path;
use crate::policy::Actor;
use crate::web::AppState;
use axum::extract::Request;
use axum::http::{Method, StatusCode};

/// A signed-in request, kept so that a refusal can be audited: an id out of the user's
/// scope (answered 404, as if missing) or a route their role does not allow (403) is a
/// security event an auditor looks for (DSPT objective C).
pub(super) struct RefusedRequest {
    actor: Actor,
    method: Method,
    route: String,
    path: String,
}

impl RefusedRequest {
    pub(super) fn of(req: &Request, route: String) -> Option<RefusedRequest> {
        Some(RefusedRequest {
            actor: req.extensions().get::<Actor>()?.clone(),
            method: req.method().clone(),
            route,
            path: loggable_path(req.uri().path()),
        })
    }

    /// Appends the audit row for a 403 or 404; other answers are not refusals.
    pub(super) async fn audit(&self, state: &AppState, status: StatusCode) {
        let outcome = match status {
            StatusCode::NOT_FOUND => "refused: not found or out of scope",
            StatusCode::FORBIDDEN => "refused: not allowed",
            _ => return,
        };
        let ids: Vec<&str> = self
            .path
            .split('/')
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .collect();
        let result = crate::service::audit(
            &state.db,
            &self.actor,
            outcome,
            &self.route,
            ids.join(" "),
            format!("{} {}", self.method, self.path),
        )
        .await;
        if let Err(e) = result {
            tracing::error!(request_id = %self.actor.request_id, error = %e, "cannot audit a refused request");
        }
    }
}
