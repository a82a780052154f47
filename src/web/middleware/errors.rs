//! `finish_errors`: every error answer in one shape. An `ErrorReport` (from `AppError`)
//! becomes RFC 9457 problem details under `/api` and an NHS error page elsewhere; so does
//! a rejection by the framework itself (a malformed path or query, a body too large),
//! which would otherwise leave as plain text.

use super::{RequestCtx, SignedIn, urlencode};
use crate::error::{ErrorReport, rejection_report};
use crate::web::AppState;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};

pub async fn finish_errors(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let is_api = req.uri().path().starts_with("/api/");
    let is_get = req.method() == Method::GET;
    let path_and_query = req
        .uri()
        .path_and_query()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let ctx = req.extensions().get::<RequestCtx>().cloned();
    let res = next.run(req).await;
    let report = match res.extensions().get::<ErrorReport>().cloned() {
        Some(report) => report,
        None if is_framework_rejection(&res) => {
            let (parts, body) = res.into_parts();
            let text = axum::body::to_bytes(body, 4096).await.unwrap_or_default();
            let text = String::from_utf8_lossy(&text);
            let report = if !is_api && text.starts_with("Invalid URL") {
                // A page address whose id is not a number names no page: say so as a person
                // reads it, not as the parser does ("Cannot parse `new` to a `i64`").
                crate::error::AppError::NotFound.report()
            } else {
                rejection_report(parts.status, &text)
            };
            let res = Response::from_parts(parts, axum::body::Body::empty());
            return finish(&state, report, res, is_api, is_get, &path_and_query, ctx);
        }
        None => return res,
    };
    finish(&state, report, res, is_api, is_get, &path_and_query, ctx)
}

/// An error answer the framework made itself (an extractor's rejection, a body limit):
/// plain text or no body, and no `ErrorReport`.
fn is_framework_rejection(res: &Response) -> bool {
    let error = res.status().is_client_error() || res.status().is_server_error();
    let plain = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_none_or(|c| c.starts_with("text/plain"));
    error && plain
}

fn finish(
    state: &AppState,
    report: ErrorReport,
    res: Response,
    is_api: bool,
    is_get: bool,
    path_and_query: &str,
    ctx: Option<RequestCtx>,
) -> Response {
    let request_id = ctx
        .as_ref()
        .map(|c| c.request_id.clone())
        .unwrap_or_default();
    if let Some(internal) = &report.internal {
        tracing::error!(request_id = %request_id, error = %internal, "internal error");
    }
    if is_api {
        return problem(&report, &request_id);
    }
    if report.status == StatusCode::UNAUTHORIZED && is_get {
        let next = urlencode(path_and_query);
        return Redirect::to(&format!("/sign-in?next={next}")).into_response();
    }
    let nonce = ctx.map(|c| c.nonce).unwrap_or_default();
    let signed_in = res.extensions().get::<SignedIn>();
    let mut page = state
        .templates
        .error_page(&state.settings, &nonce, signed_in, &report)
        .into_response();
    *page.status_mut() = report.status;
    error_headers(&report, &mut page);
    page
}

/// `Retry-After` on a 429 and `Allow` on a 405, whether the answer is a page or JSON.
fn error_headers(r: &ErrorReport, res: &mut Response) {
    if let Some(s) = r.retry_after_seconds
        && let Ok(v) = HeaderValue::from_str(&s.to_string())
    {
        res.headers_mut().insert(header::RETRY_AFTER, v);
    }
    if let Some(allow) = &r.allow
        && let Ok(v) = HeaderValue::from_str(allow)
    {
        res.headers_mut().insert(header::ALLOW, v);
    }
}

/// RFC 9457 problem details.
pub fn problem(r: &ErrorReport, request_id: &str) -> Response {
    let mut body = serde_json::json!({
        "type": "about:blank",
        "title": r.title,
        "status": r.status.as_u16(),
        "detail": r.detail,
    });
    if !r.fields.is_empty() {
        body["errors"] = serde_json::to_value(&r.fields).unwrap_or_default();
    }
    if !request_id.is_empty() {
        body["request_id"] = request_id.into();
    }
    let mut res = (r.status, serde_json::to_string(&body).unwrap_or_default()).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    error_headers(r, &mut res);
    res
}
