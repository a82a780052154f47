//! What every request passes through: `frame` (request id, CSP nonce, security headers,
//! one structured log line), `finish_errors` (renders `ErrorReport`s as problem details
//! or pages) and `guard` (authentication, the route's policy rule, CSRF).

use super::AppState;
use crate::error::{AppError, ErrorReport};
use crate::policy::{self, Actor};
use crate::service::accounts;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
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
    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
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
    // Paths carry record ids only; query strings (which may carry search terms) are not logged.
    tracing::info!(request_id = %ctx.request_id, method = %method, path = %path, status = res.status().as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "request");
    res
}

/// The path as logged. A calendar feed's path holds its secret token, and a feedback
/// form's path its card's code (which, logged with a time, would date the answers), so
/// both are replaced.
pub fn loggable_path(path: &str) -> String {
    if path.starts_with("/calendar/") {
        "/calendar/{token}".to_string()
    } else if path.starts_with("/f/") && path != "/f/thank-you" {
        "/f/{code}".to_string()
    } else {
        path.to_string()
    }
}

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
    let Some(report) = res.extensions().get::<ErrorReport>().cloned() else {
        if res.status() == StatusCode::PAYLOAD_TOO_LARGE
            && res.headers().get(header::CONTENT_TYPE).is_none()
        {
            return too_large(is_api);
        }
        return res;
    };
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
        let next = urlencode(&path_and_query);
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

fn too_large(is_api: bool) -> Response {
    let report = ErrorReport {
        status: StatusCode::PAYLOAD_TOO_LARGE,
        title: "Request too large",
        detail: "The request body is larger than this service accepts.".into(),
        fields: vec![],
        internal: None,
        retry_after_seconds: None,
        allow: None,
    };
    if is_api {
        problem(&report, "")
    } else {
        (StatusCode::PAYLOAD_TOO_LARGE, report.detail).into_response()
    }
}

/// RFC 9457 problem details.
fn problem(r: &ErrorReport, request_id: &str) -> Response {
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

pub fn urlencode(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// Authenticates, applies the route's policy rule and checks CSRF on state-changing
/// requests made with a cookie. Runs only for matched routes.
pub async fn guard(
    State(state): State<AppState>,
    matched: MatchedPath,
    mut req: Request,
    next: Next,
) -> Response {
    let route = matched.as_str().to_string();
    let outcome = guard_inner(&state, matched, &mut req).await;
    let signed_in = SignedIn::of(&req);
    let refused = RefusedRequest::of(&req, route);
    let mut res = match outcome {
        Ok(Some(cookie)) => {
            let mut res = next.run(req).await;
            if let Ok(v) = HeaderValue::from_str(&cookie_header(
                &state,
                PRE_SESSION_CSRF_COOKIE,
                &cookie,
                None,
            )) {
                res.headers_mut().append(header::SET_COOKIE, v);
            }
            res
        }
        Ok(None) => next.run(req).await,
        Err(e) => e.into_response(),
    };
    if let Some(report) = res.extensions().get::<ErrorReport>()
        && let Some(refused) = refused
    {
        refused.audit(&state, report.status).await;
    }
    if let Some(signed_in) = signed_in
        && res.extensions().get::<ErrorReport>().is_some()
    {
        res.extensions_mut().insert(signed_in);
    }
    res
}

/// A signed-in request, kept so that a refusal can be audited: an id out of the user's
/// scope (answered 404, as if missing) or a route their role does not allow (403) is a
/// security event an auditor looks for (DSPT objective C).
struct RefusedRequest {
    actor: Actor,
    method: Method,
    route: String,
    path: String,
}

impl RefusedRequest {
    fn of(req: &Request, route: String) -> Option<RefusedRequest> {
        Some(RefusedRequest {
            actor: req.extensions().get::<Actor>()?.clone(),
            method: req.method().clone(),
            route,
            path: loggable_path(req.uri().path()),
        })
    }

    /// Appends the audit row for a 403 or 404; other answers are not refusals.
    async fn audit(&self, state: &AppState, status: StatusCode) {
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
            &state.db.pool,
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

/// Who was signed in when a request ended in an error, for `finish_errors` to render the
/// error page with their header rather than a signed-out one.
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub csrf: String,
    pub path: String,
}

impl SignedIn {
    fn of(req: &Request) -> Option<SignedIn> {
        Some(SignedIn {
            actor: req.extensions().get::<Actor>()?.clone(),
            csrf: req.extensions().get::<CsrfToken>()?.0.clone(),
            path: req.uri().path().to_string(),
        })
    }
}

async fn guard_inner(
    state: &AppState,
    matched: MatchedPath,
    req: &mut Request,
) -> Result<Option<String>, AppError> {
    // Before anything else, signed in or not: a method the path does not serve is the
    // client's mistake (405 with `Allow`), never a server error.
    let Some(rule) = policy::rule_for_request(req.method().as_str(), matched.as_str()) else {
        return Err(AppError::MethodNotAllowed {
            allow: policy::allowed_methods(matched.as_str()),
        });
    };
    let request_id = req
        .extensions()
        .get::<RequestCtx>()
        .map(|c| c.request_id.clone())
        .unwrap_or_default();
    let is_api = matched.as_str().starts_with("/api/");
    let jar = CookieJar::from_headers(req.headers());
    let mut actor: Option<Actor> = None;
    let mut csrf: Option<String> = None;
    let mut new_cookie = None;
    if is_api {
        if let Some(token) = bearer(req) {
            actor = crate::service::tokens::actor_for(&state.db, &token, &request_id).await?;
            if actor.is_none() {
                return Err(AppError::Unauthenticated);
            }
        }
    } else if let Some(c) = jar.get(SESSION_COOKIE)
        && let Some((a, token)) =
            accounts::session_actor(&state.db, &state.settings.security, c.value(), &request_id)
                .await?
    {
        actor = Some(a);
        csrf = Some(token);
        req.extensions_mut()
            .insert(SessionToken(c.value().to_string()));
    }
    // Known before the policy check, so that a refused page still shows who is signed in
    // (with their navigation and a sign-out button): see `guard`.
    if let Some(a) = &actor {
        req.extensions_mut().insert(a.clone());
    }
    if let Some(token) = &csrf {
        req.extensions_mut().insert(CsrfToken(token.clone()));
    }
    policy::check(rule.need, actor.as_ref())?;
    if !is_api && csrf.is_none() {
        csrf = match jar.get(PRE_SESSION_CSRF_COOKIE) {
            Some(c) if c.value().len() >= 32 => Some(c.value().to_string()),
            _ => {
                let t = accounts::random_secret();
                new_cookie = Some(t.clone());
                Some(t)
            }
        };
    }
    let changes_state = !matches!(*req.method(), Method::GET | Method::HEAD);
    if changes_state && !is_api {
        check_origin(req)?;
        let expected = if new_cookie.is_some() {
            None
        } else {
            csrf.clone()
        };
        // Forms anyone can send (sign-in, feedback) are small: a tighter limit there.
        let limit = if rule.need == policy::Need::Public {
            state.settings.server.max_public_body_bytes
        } else {
            state.settings.server.max_body_bytes
        };
        strip_and_check_csrf(req, expected.as_deref(), limit).await?;
    }
    if let Some(token) = csrf {
        req.extensions_mut().insert(CsrfToken(token));
    }
    Ok(new_cookie)
}

fn bearer(req: &Request) -> Option<String> {
    let v = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    v.strip_prefix("Bearer ").map(|t| t.trim().to_string())
}

/// A browser's Origin header, when sent, must match the Host.
fn check_origin(req: &Request) -> Result<(), AppError> {
    let (Some(origin), Some(host)) = (
        req.headers().get(header::ORIGIN),
        req.headers().get(header::HOST),
    ) else {
        return Ok(());
    };
    let (Ok(origin), Ok(host)) = (origin.to_str(), host.to_str()) else {
        return Err(AppError::CsrfRejected);
    };
    let origin_host = origin.split("://").nth(1).unwrap_or("");
    if origin_host == host {
        Ok(())
    } else {
        Err(AppError::CsrfRejected)
    }
}

/// Reads the form body, checks its `csrf_token` against `expected`, and passes the body on
/// without it, so handlers never see the token.
async fn strip_and_check_csrf(
    req: &mut Request,
    expected: Option<&str>,
    limit: usize,
) -> Result<(), AppError> {
    let body = std::mem::replace(req.body_mut(), Body::empty());
    let bytes = axum::body::to_bytes(body, limit).await.map_err(|_| {
        AppError::Invalid(crate::error::FieldErrors::single(
            "body",
            "The form is too large",
        ))
    })?;
    if is_multipart(req) {
        // File uploads: the token travels as a form field of the multipart body, which is
        // passed on unchanged (handlers ignore the field).
        let content_type = req.headers().get(header::CONTENT_TYPE).cloned();
        let sent = multipart_csrf(content_type, bytes.clone()).await;
        match (expected, sent) {
            (Some(e), Some(s)) if constant_time_eq(e.as_bytes(), s.as_bytes()) => {}
            _ => return Err(AppError::CsrfRejected),
        }
        *req.body_mut() = Body::from(bytes);
        return Ok(());
    }
    let mut sent = None;
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (k, v) in form_urlencoded::parse(&bytes) {
        if k == "csrf_token" {
            sent = Some(v.into_owned());
        } else {
            rest.append_pair(&k, &v);
        }
    }
    match (expected, sent) {
        (Some(e), Some(s)) if constant_time_eq(e.as_bytes(), s.as_bytes()) => {}
        _ => return Err(AppError::CsrfRejected),
    }
    let rest = rest.finish();
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(rest.len()));
    *req.body_mut() = Body::from(rest);
    Ok(())
}

fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/form-data"))
}

/// The `csrf_token` field of a multipart body, read with the same parser handlers use.
async fn multipart_csrf(
    content_type: Option<HeaderValue>,
    bytes: axum::body::Bytes,
) -> Option<String> {
    use axum::extract::{FromRequest, Multipart};
    let copy = Request::builder()
        .header(header::CONTENT_TYPE, content_type?)
        .body(Body::from(bytes))
        .ok()?;
    let mut form = Multipart::from_request(copy, &()).await.ok()?;
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("csrf_token") {
            return field.text().await.ok();
        }
    }
    None
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

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
