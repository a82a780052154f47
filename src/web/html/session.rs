//! Signing in and out.

use super::render;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::accounts;
use crate::web::AppState;
use crate::web::forms::{form_view, see_other};
use crate::web::middleware::{
    DEVICE_COOKIE, RequestCtx, SESSION_COOKIE, SessionToken, cookie_header,
};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::net::SocketAddr;

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    #[serde(skip_serializing)]
    pub password: String,
    pub next: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct NextQuery {
    pub next: String,
}

/// Where to go after signing in: `next` only when it is a path on this site, judged on
/// the decoded value as a browser would read it. Browsers drop tabs and line breaks from
/// URLs and read a backslash as a slash, so `/<TAB>/evil.example` or `/\\evil.example`
/// would leave the site: anything but a plain path of URL characters goes home instead.
pub fn safe_next(next: &str) -> &str {
    let url_chars = next
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@%/?#".contains(&b));
    let path = next.split(['?', '#']).next().unwrap_or("");
    let leaves_site = next.starts_with("//") || path.contains("//");
    if next.starts_with('/') && url_chars && !leaves_site {
        next
    } else {
        "/"
    }
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    chrome: Chrome,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    if chrome.user.is_some() {
        return Ok(see_other("/"));
    }
    let form = SignInForm {
        next: q.next,
        ..Default::default()
    };
    Ok(render(
        &state,
        &chrome,
        "sign-in.html",
        context! { form => form_view(&form, &FieldErrors::default()), sso => crate::service::sso::offered(&state.settings) },
    )?
    .into_response())
}

pub(crate) fn client_address(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<&ConnectInfo<SocketAddr>>,
) -> String {
    // The address the trusted proxy saw is the last in the list: earlier entries are
    // whatever the client sent, and would let it pick its own throttle counter.
    if state.settings.server.trust_forwarded_for
        && let Some(last) = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|v| !v.is_empty())
    {
        return last.to_string();
    }
    peer.map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub async fn sign_in(
    State(state): State<AppState>,
    chrome: Chrome,
    Extension(ctx): Extension<RequestCtx>,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> AppResult<Response> {
    let client = client_address(&state, &headers, peer.as_ref().map(|e| &e.0));
    let jar = axum_extra::extract::cookie::CookieJar::from_headers(&headers);
    let device_cookie = jar.get(DEVICE_COOKIE).map(|c| c.value().to_string());
    let mut errors = FieldErrors::default();
    if form.email.trim().is_empty() {
        errors.add("email", "Enter your email address");
    }
    if form.password.is_empty() {
        errors.add("password", "Enter your password");
    }
    let result = if errors.is_empty() {
        accounts::sign_in(
            &state.db,
            &state.settings.security,
            &accounts::Attempt {
                email: &form.email,
                password: &form.password,
                client: &client,
                device_cookie: device_cookie.as_deref(),
                request_id: &ctx.request_id,
            },
        )
        .await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(accounts::SignedIn::Session(session)) => {
            let mut res = see_other(safe_next(&form.next));
            set_cookie(
                &mut res,
                &cookie_header(&state, SESSION_COOKIE, &session.token, None),
            );
            remember_device(&state, &mut res, session.new_device.as_deref());
            Ok(res)
        }
        Ok(accounts::SignedIn::NeedsCode {
            challenge,
            new_device,
        }) => {
            let next = safe_next(&form.next);
            let mut res = see_other(&format!(
                "/sign-in/code?next={}",
                super::two_step::query_value(next)
            ));
            let minutes = crate::service::two_step::CHALLENGE_MINUTES;
            set_cookie(
                &mut res,
                &cookie_header(&state, CHALLENGE_COOKIE, &challenge, Some(minutes * 60)),
            );
            remember_device(&state, &mut res, new_device.as_deref());
            Ok(res)
        }
        Err(AppError::Invalid(errors)) => {
            let mut res = render(
                &state,
                &chrome,
                "sign-in.html",
                context! { form => form_view(&form, &errors), sso => crate::service::sso::offered(&state.settings) },
            )?
            .into_response();
            *res.status_mut() = axum::http::StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        Err(AppError::TooManyAttempts {
            retry_after_seconds,
        }) => {
            let errors = FieldErrors::single(
                "email",
                format!(
                    "Too many failed attempts. Try again in {}",
                    crate::error::wait_in_words(retry_after_seconds)
                ),
            );
            let mut res = render(
                &state,
                &chrome,
                "sign-in.html",
                context! { form => form_view(&form, &errors), sso => crate::service::sso::offered(&state.settings) },
            )?
            .into_response();
            *res.status_mut() = axum::http::StatusCode::TOO_MANY_REQUESTS;
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_seconds));
            Ok(res)
        }
        Err(e) => Err(e),
    }
}

/// The cookie of a sign-in waiting for its code (`service::two_step`).
pub const CHALLENGE_COOKIE: &str = "mhsw_challenge";

pub(crate) fn set_cookie(res: &mut Response, cookie: &str) {
    if let Ok(v) = HeaderValue::from_str(cookie) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
}

pub(crate) fn remember_device(state: &AppState, res: &mut Response, device: Option<&str>) {
    if let Some(device) = device {
        let days = state.settings.security.known_device_days;
        set_cookie(
            res,
            &cookie_header(state, DEVICE_COOKIE, device, Some(days * 86_400)),
        );
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    token: Option<Extension<SessionToken>>,
) -> AppResult<Response> {
    let through = match token {
        Some(Extension(t)) => accounts::sign_out(&state.db, &actor, &t.0).await?,
        None => None,
    };
    // Signed in through a provider still configured: offer to sign out there too.
    let next = match through.filter(|p| state.settings.sso.provider(p).is_some()) {
        Some(p) => format!("/sign-in/sso/{p}/signed-out"),
        None => "/sign-in".to_string(),
    };
    let mut res = see_other(&next);
    if let Ok(v) = HeaderValue::from_str(&cookie_header(&state, SESSION_COOKIE, "", Some(0))) {
        res.headers_mut().append(header::SET_COOKIE, v);
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    /// Known ways out of a site through a redirect parameter (OWASP's unvalidated
    /// redirects cheat sheet, PortSwigger's open redirection payloads), as the server
    /// receives them after decoding.
    const BYPASSES: &[&str] = &[
        "//evil.example",
        "///evil.example",
        "////evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "\\/evil.example",
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "\t//evil.example",
        " //evil.example",
        "/ /evil.example",
        "/%09/evil.example\r\nSet-Cookie: x=1",
        "/\r\nLocation: https://evil.example",
        "https://evil.example",
        "http:/evil.example",
        "https:evil.example",
        "//evil.example@good.example",
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "evil.example",
        "/\u{3000}/evil.example",
        "/\u{ff0f}evil.example",
        "/\u{2215}evil.example",
        "/.//evil.example",
        "/x//evil.example",
        "",
        "?next=//evil.example",
    ];

    #[test]
    fn known_bypasses_go_home() {
        for b in BYPASSES {
            assert_eq!(safe_next(b), "/", "{b:?} was followed");
        }
    }

    #[test]
    fn paths_on_this_site_are_followed() {
        for p in [
            "/",
            "/teams",
            "/practitioners/5/edit",
            "/governance?from=2026-01-01&to=2026-06-30",
            "/registration#overdue",
            "/practitioners?q=O%27Brien",
            "/%09/evil.example",
            "/f/AB12-CD34",
            "/search?q=a//b",
        ] {
            assert_eq!(safe_next(p), p);
        }
    }
}
