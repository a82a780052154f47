//! `guard`: for every matched route, the method, the session or bearer token, the route's
//! rule in `web::routes` (declared with the route), and CSRF on forms. Runs only for matched routes.

use super::csrf::{check_origin, is_multipart, strip_and_check_csrf};
use super::refused::RefusedRequest;
use super::{
    CsrfToken, PRE_SESSION_CSRF_COOKIE, RequestCtx, SESSION_COOKIE, SessionToken, cookie_header,
};
use crate::error::{AppError, ErrorReport};
use crate::policy::{self, Actor};
use crate::service::accounts;
use crate::web::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::CookieJar;

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
    let too_large_form = form_to_show_again(&route, &req);
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
        // A form or upload over the size limit: the same form again, saying so.
        Err(AppError::PayloadTooLarge { .. }) if too_large_form.is_some() => {
            crate::web::forms::see_other(&too_large_form.unwrap_or_default())
        }
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

/// Where a browser whose form was too large is sent: the page at the same address, which
/// shows the form again with the limit (`Chrome::too_large`). `None` for the API and for
/// addresses with no page.
fn form_to_show_again(route: &str, req: &Request) -> Option<String> {
    if route.starts_with("/api/") || crate::web::routes::rule_for("GET", route).is_none() {
        return None;
    }
    let kind = if is_multipart(req) {
        "file"
    } else if crate::web::routes::rule_for_request(req.method().as_str(), route)
        .is_some_and(|r| r.need == policy::Need::Public)
    {
        "public"
    } else {
        "form"
    };
    Some(format!("{}?too_large={kind}", req.uri().path()))
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
    let Some(rule) = crate::web::routes::rule_for_request(req.method().as_str(), matched.as_str())
    else {
        return Err(AppError::MethodNotAllowed {
            allow: crate::web::routes::allowed_methods(matched.as_str()),
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
    } else if changes_state {
        // API bodies are read whole here too, so that one over the limit is refused after
        // it has arrived rather than mid-upload (`web::body`); extractors then see bytes.
        let body = std::mem::replace(req.body_mut(), axum::body::Body::empty());
        let limit = state.settings.server.max_body_bytes;
        *req.body_mut() = axum::body::Body::from(crate::web::body::read_within(body, limit).await?);
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
