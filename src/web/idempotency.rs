//! Safe retries for API POSTs (the IETF draft "The Idempotency-Key HTTP Header Field").
//! A POST under `/api/` with an `Idempotency-Key` header is claimed for its user before it
//! runs and its answer is kept for a day, so a client that retries (its connection
//! dropped, the server restarted) gets the first answer, marked `Idempotent-Replayed:
//! true`, instead of the write being done twice. The same key with another request is
//! refused (422). A key whose first request has not finished (still running, or cut off
//! by a crash, when nobody can know whether the write took effect) answers 409 and is
//! never run again. A request the server failed on (5xx) wrote nothing, as every write is
//! one transaction, so its key is freed for the retry.

use super::AppState;
use crate::error::{AppError, ErrorReport, FieldErrors};
use crate::policy::Actor;
use crate::service::accounts::sha256_hex;
use crate::store::idempotency as store;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const HEADER: &str = "idempotency-key";
const REPLAYED: &str = "idempotent-replayed";
/// Kept answers are small JSON documents; a larger one is not kept (the key is freed).
const MAX_KEPT: usize = 1024 * 1024;

/// A key as the draft allows it: 1 to 255 visible ASCII characters.
fn valid_key(k: &str) -> bool {
    (1..=255).contains(&k.len()) && k.bytes().all(|b| b.is_ascii_graphic())
}

pub async fn layer(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST || !req.uri().path().starts_with("/api/") {
        return next.run(req).await;
    }
    let (Some(key), Some(actor)) = (
        req.headers().get(HEADER).cloned(),
        req.extensions().get::<Actor>().cloned(),
    ) else {
        return next.run(req).await;
    };
    match run_once(&state, req, next, key, actor).await {
        Ok(res) => res,
        Err(e) => e.into_response(),
    }
}

async fn run_once(
    state: &AppState,
    req: Request,
    next: Next,
    key: HeaderValue,
    actor: Actor,
) -> Result<Response, AppError> {
    let key = key
        .to_str()
        .ok()
        .filter(|k| valid_key(k))
        .ok_or_else(|| {
            AppError::Invalid(FieldErrors::single(
                "Idempotency-Key",
                "An Idempotency-Key must be 1 to 255 visible ASCII characters, such as a UUID",
            ))
        })?
        .to_string();
    let limit = state.settings.server.max_body_bytes;
    let (parts, body) = req.into_parts();
    let bytes = crate::web::body::read_within(body, limit).await?;
    let fingerprint = sha256_hex(&format!(
        "{} {}\n{}",
        parts.method,
        parts.uri,
        String::from_utf8_lossy(&bytes)
    ));
    let db = &state.db.pool;
    if !store::claim(db, actor.user_id, &key, &fingerprint).await? {
        return replay(state, &actor, &key, &fingerprint).await;
    }
    let res = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    keep(state, &actor, &key, res).await
}

/// Keeps the first answer (or frees the key after a server error) and passes it on.
async fn keep(
    state: &AppState,
    actor: &Actor,
    key: &str,
    res: Response,
) -> Result<Response, AppError> {
    let db = &state.db.pool;
    if res.status().is_server_error() {
        // Nothing was written; the answer goes on as it is, to be logged and shown.
        store::release(db, actor.user_id, key).await?;
        return Ok(res);
    }
    // A refusal is kept as the problem details the client sees.
    let res = match res.extensions().get::<ErrorReport>() {
        Some(report) => super::middleware::problem(report, &actor.request_id),
        None => res,
    };
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_KEPT).await else {
        store::release(db, actor.user_id, key).await?;
        return Err(AppError::Internal(anyhow::anyhow!(
            "an answer too large to keep"
        )));
    };
    let text = |h: header::HeaderName| {
        parts
            .headers
            .get(h)
            .and_then(|v| v.to_str().ok())
            .map(String::from)
    };
    store::complete(
        db,
        actor.user_id,
        key,
        parts.status.as_u16(),
        text(header::CONTENT_TYPE).as_deref(),
        text(header::LOCATION).as_deref(),
        &String::from_utf8_lossy(&bytes),
    )
    .await?;
    Ok(Response::from_parts(parts, Body::from(bytes)))
}

/// The answer for a key already claimed.
async fn replay(
    state: &AppState,
    actor: &Actor,
    key: &str,
    fingerprint: &str,
) -> Result<Response, AppError> {
    let Some(first) = store::stored(&state.db.pool, actor.user_id, key).await? else {
        // Freed between the claim and now (the first failed): the client may retry.
        return Err(AppError::Conflict(
            "A request with this Idempotency-Key has just failed. Try again.".into(),
        ));
    };
    if first.fingerprint != fingerprint {
        return Err(AppError::Invalid(FieldErrors::single(
            "Idempotency-Key",
            "This Idempotency-Key was used for a different request. Use a new key for a new request",
        )));
    }
    let Some(status) = first.status else {
        return Err(AppError::Conflict(
            "A request with this Idempotency-Key has not finished: it is still running or was interrupted. Check whether it took effect before sending it again with a new key".into(),
        ));
    };
    let status = StatusCode::from_u16(status as u16).unwrap_or(StatusCode::OK);
    let mut res = (status, first.body.unwrap_or_default()).into_response();
    let h = res.headers_mut();
    for (name, value) in [
        (header::CONTENT_TYPE, first.content_type),
        (header::LOCATION, first.location),
    ] {
        if let Some(v) = value.and_then(|v| HeaderValue::from_str(&v).ok()) {
            h.insert(name, v);
        }
    }
    h.insert(REPLAYED, HeaderValue::from_static("true"));
    Ok(res)
}
