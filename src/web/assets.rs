//! The NHS design system's compiled CSS, JS and assets (nhsuk-frontend, pinned in
//! `e2e/package.json`, copied into `static/` by `scripts/vendor-nhsuk`) embedded in the
//! binary and served at `/assets/`. The compiled CSS refers to `/assets/images/...`.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

#[derive(rust_embed::RustEmbed)]
#[folder = "static/"]
struct Static;

pub async fn serve(Path(path): Path<String>) -> Response {
    let Some(file) = Static::get(&path) else {
        return crate::error::AppError::NotFound.into_response();
    };
    let mime = mime_guess::from_path(&path).first_or_octet_stream();
    let mut res = (StatusCode::OK, file.data.into_owned()).into_response();
    if let Ok(v) = HeaderValue::from_str(mime.as_ref()) {
        res.headers_mut().insert(header::CONTENT_TYPE, v);
    }
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("public, max-age=3600"),
    );
    res
}
