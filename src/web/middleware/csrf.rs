//! CSRF: the Origin check and the synchroniser token carried in every form (urlencoded or
//! multipart), compared in constant time and stripped before the handler sees the body.

use crate::error::AppError;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, header};

/// A browser's Origin header, when sent, must match the Host.
pub(super) fn check_origin(req: &Request) -> Result<(), AppError> {
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
pub(super) async fn strip_and_check_csrf(
    req: &mut Request,
    expected: Option<&str>,
    limit: usize,
) -> Result<(), AppError> {
    let body = std::mem::replace(req.body_mut(), Body::empty());
    let bytes = crate::web::body::read_within(body, limit).await?;
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
    let mut pairs = Vec::new();
    for (k, v) in form_urlencoded::parse(&bytes) {
        if k == "csrf_token" {
            sent = Some(v.into_owned());
        } else {
            pairs.push((k.into_owned(), v.into_owned()));
        }
    }
    let mut rest = form_urlencoded::Serializer::new(String::new());
    for (k, v) in crate::domain::dates::join_date_inputs(pairs) {
        rest.append_pair(&k, &v);
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

pub(super) fn is_multipart(req: &Request) -> bool {
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
