//! What every request passes through: `frame` (request id, CSP nonce, security headers,
//! one structured log line), `errors::finish_errors` (renders `ErrorReport`s, and the
//! framework's own rejections, as problem details or pages) and `guard::guard`
//! (authentication, the route's policy rule, CSRF in `csrf`, refusals audited in
//! `refused`).

mod csrf;
mod errors;
mod guard;
mod refused;

pub use csrf::{constant_time_eq, mask_token};
pub use errors::{finish_errors, problem};
pub use guard::{SignedIn, guard};

use super::AppState;
use crate::service::accounts;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

pub const SESSION_COOKIE: &str = "mhsw_session";
pub const PRE_SESSION_CSRF_COOKIE: &str = "mhsw_csrf";
/// Marks a browser that has signed in to an account before (`domain::throttle`).
pub const DEVICE_COOKIE: &str = "mhsw_device";

/// Per-request values made by `frame`.
#[derive(Debug, Clone)]
pub struct RequestCtx {
    pub request_id: String,
    pub nonce: String,
}

/// The CSRF token forms on this page must carry.
#[derive(Debug, Clone)]
pub struct CsrfToken(pub String);

/// The raw session cookie value (for signing out).
#[derive(Debug, Clone)]
pub struct SessionToken(pub String);

pub async fn frame(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let started = Instant::now();
    let ctx = RequestCtx {
        request_id: uuid::Uuid::new_v4().simple().to_string(),
        nonce: accounts::random_secret(),
    };
    let method = req.method().clone();
    let path = loggable_path(req.uri().path());
    let route = req
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map_or("unmatched", |m| m.as_str())
        .to_string();
    req.extensions_mut().insert(ctx.clone());
    let (mut res, spent) =
        crate::store::engine::timing::measured(crate::store::memo::within_request(next.run(req)))
            .await;
    let h = res.headers_mut();
    if state.settings.server.timing_header {
        let took = |d: std::time::Duration| d.as_secs_f64() * 1000.0;
        let timing = format!(
            "db;dur={:.3}, audit;dur={:.3}, total;dur={:.3}",
            took(spent.statements),
            took(spent.audit),
            took(started.elapsed())
        );
        if let Ok(v) = HeaderValue::from_str(&timing) {
            h.insert("server-timing", v);
        }
    }
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{}'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        ctx.nonce
    );
    if let Ok(v) = HeaderValue::from_str(&csp) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "permissions-policy",
        HeaderValue::from_static("camera=(), microphone=(), geolocation=()"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    if !path.starts_with("/assets/") {
        h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    if state.settings.server.tls {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    if let Ok(v) = HeaderValue::from_str(&ctx.request_id) {
        h.insert("x-request-id", v);
    }
    state.metrics.answered(
        &route,
        method.as_str(),
        res.status().as_u16(),
        started.elapsed(),
    );
    // Paths carry record ids only; query strings (which may carry search terms) are not logged.
    tracing::info!(request_id = %ctx.request_id, method = %method, path = %path, status = res.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, db_ms = spent.statements.as_millis() as u64, audit_ms = spent.audit.as_millis() as u64, "request");
    res
}

/// The path as logged. A calendar feed's path holds its secret token, and a feedback
/// form's path its card's code and a survey link's path its secret (which, logged with a
/// time, would date the answers), so all are replaced.
pub fn loggable_path(path: &str) -> String {
    if path.starts_with("/calendar/") {
        "/calendar/{token}".to_string()
    } else if path.starts_with("/f/") && path != "/f/thank-you" {
        "/f/{code}".to_string()
    } else if path.starts_with("/survey/") && path != "/survey/thank-you" {
        "/survey/{link}".to_string()
    } else {
        path.to_string()
    }
}

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Authenticates, applies the route's policy rule and checks CSRF on state-changing
/// requests made with a cookie. Runs only for matched routes.
/// A Set-Cookie value with the flags mhsw always uses.
pub fn cookie_header(
    state: &AppState,
    name: &str,
    value: &str,
    max_age_secs: Option<i64>,
) -> String {
    let mut c = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
    if state.settings.server.tls {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age_secs {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}
