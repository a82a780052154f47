//! CSRF: the Origin check and the synchroniser token carried in every form (urlencoded or
//! multipart), compared in constant time and stripped before the handler sees the body.
//!
//! Pages carry the token masked ([`mask_token`]): a fresh random pad with the token XORed
//! into it, different in every response. Responses are compressed, and a secret that
//! reads the same in every compressed page beside text an attacker can reflect into it
//! could be recovered from the compressed sizes (BREACH); a masked token never repeats.
//! Django and Rails mask theirs the same way.

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
            (Some(e), Some(s)) if token_matches(e, &s) => {}
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
        (Some(e), Some(s)) if token_matches(e, &s) => {}
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

/// The token as a page carries it: base64url of a random pad followed by the token XORed
/// with that pad, so that it reads differently in every response.
pub fn mask_token(token: &str) -> String {
    use base64::Engine;
    let pad: Vec<u8> = (0..token.len()).map(|_| rand::random::<u8>()).collect();
    let mut out = pad.clone();
    out.extend(token.bytes().zip(&pad).map(|(t, p)| t ^ p));
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(out)
}

/// Whether a form's token is the expected one, masked ([`mask_token`]) or as it is.
fn token_matches(expected: &str, sent: &str) -> bool {
    use base64::Engine;
    if constant_time_eq(expected.as_bytes(), sent.as_bytes()) {
        return true;
    }
    let Ok(bytes) = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(sent) else {
        return false;
    };
    let (pad, masked) = bytes.split_at(bytes.len() / 2);
    let unmasked: Vec<u8> = masked.iter().zip(pad).map(|(m, p)| m ^ p).collect();
    bytes.len() % 2 == 0 && constant_time_eq(expected.as_bytes(), &unmasked)
}

/// Whether two secrets are equal, taking the same time wherever they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// A masked token matches its token, differs from one response to the next, and
        /// never matches another token.
        #[test]
        fn a_masked_token_matches_only_its_token(
            token in "[A-Za-z0-9_-]{43}", other in "[A-Za-z0-9_-]{43}"
        ) {
            let (a, b) = (mask_token(&token), mask_token(&token));
            prop_assert!(token_matches(&token, &a));
            prop_assert!(token_matches(&token, &b));
            prop_assert_ne!(&a, &b);
            prop_assert!(!a.contains(&token));
            prop_assert_eq!(token_matches(&other, &a), other == token);
        }
    }

    #[test]
    fn a_token_as_it_is_still_matches_and_garbage_does_not() {
        let token = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        assert!(token_matches(token, token));
        assert!(!token_matches(token, ""));
        assert!(!token_matches(token, "not base64!"));
        assert!(!token_matches(token, &mask_token("abc")));
    }
}
