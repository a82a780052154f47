//! Helpers shared by the HTML handlers: form view models (values + errors in the NHS
//! error-summary shape), the one ending of a form POST (`finish_form`), list view models
//! (sorting and paging links), redirects.

use crate::error::{AppError, AppResult, FieldErrors};
use crate::service::ListQuery;
use crate::store::sql::Paged;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Value, context};
use serde::Serialize;
use std::collections::BTreeMap;

/// Values to show in a form and the errors against its fields.
pub fn form_view<T: Serialize>(values: &T, errors: &FieldErrors) -> Value {
    let by_field: BTreeMap<&str, &str> = errors
        .0
        .iter()
        .rev()
        .map(|e| (e.field.as_str(), e.message.as_str()))
        .collect();
    context! { values => Value::from_serialize(values), errors => by_field, error_list => errors.0.clone() }
}

/// The one ending of every form POST: what the service did goes to `done` (a redirect, as
/// a rule); field errors show the same page again with them, as 422 with the NHS error
/// summary (`again`); any other error is the error page.
pub async fn finish_form<T>(
    result: AppResult<T>,
    done: impl AsyncFnOnce(T) -> AppResult<Response>,
    again: impl AsyncFnOnce(FieldErrors) -> AppResult<Html<String>>,
) -> AppResult<Response> {
    match result {
        Ok(v) => done(v).await,
        Err(AppError::Invalid(errors)) => invalid(again(errors).await?),
        Err(e) => Err(e),
    }
}

/// A page sent back with field errors: 422, so the browser and tests see it was refused.
pub fn invalid(page: Html<String>) -> AppResult<Response> {
    let mut res = page.into_response();
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// A 303 redirect after a successful POST.
pub fn see_other(path: &str) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(path) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res
}

/// A file to save: its bytes, type and the name offered to the browser.
pub fn download(body: impl IntoResponse, content_type: &str, name: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response()
}

/// One page of a list already held in memory (`service::page_of`).
pub use crate::service::page_of;

/// Query parameters as a query string (without the `?`), empty values left out: what a
/// link to a list keeps of the page it is on (filters, a report's range).
pub fn query_of(pairs: &[(&str, &str)]) -> String {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        ser.append_pair(k, v);
    }
    ser.finish()
}

/// Paging and sorting state for a list template. `filters` are the list's own query
/// parameters (search and filters) so that sort and page links keep them.
pub fn list_view<T: Serialize>(paged: &Paged<T>, q: &ListQuery, filters: &[(&str, &str)]) -> Value {
    let mut ser = form_urlencoded::Serializer::new(String::new());
    if !q.q.is_empty() {
        ser.append_pair("q", &q.q);
    }
    for (k, v) in filters.iter().filter(|(_, v)| !v.is_empty()) {
        ser.append_pair(k, v);
    }
    let filter_qs = ser.finish();
    let sort_qs = {
        let mut s = form_urlencoded::Serializer::new(filter_qs.clone());
        if !q.sort.is_empty() {
            s.append_pair("sort", &q.sort);
        }
        if q.desc() {
            s.append_pair("dir", "desc");
        }
        s.finish()
    };
    let pages = paged.pages();
    let page = paged.page.min(pages);
    let link = |n: i64| {
        let mut s = form_urlencoded::Serializer::new(sort_qs.clone());
        s.append_pair("page", &n.to_string());
        // A page size asked for is kept from page to page.
        if let Some(size) = q.page_size {
            s.append_pair("page_size", &size.to_string());
        }
        format!("?{}", s.finish())
    };
    let first = if paged.total == 0 {
        0
    } else {
        (page - 1) * paged.page_size + 1
    };
    context! {
        items => Value::from_serialize(&paged.items),
        total => paged.total,
        page => page,
        pages => pages,
        first => first,
        last => (first + paged.items.len() as i64 - 1).max(0),
        prev => if page > 1 { Some(link(page - 1)) } else { None },
        next => if page < pages { Some(link(page + 1)) } else { None },
        filter_qs => filter_qs,
        sort => q.sort.clone(),
        desc => q.desc(),
        q => q.q.clone(),
    }
}

/// The file sent in a multipart form's `file` field: its name (`unnamed` when the browser
/// gave none) and bytes; `missing` when the form has no such field.
pub async fn uploaded_file(
    mut form: axum::extract::Multipart,
    unnamed: &str,
    missing: &str,
) -> Result<(String, Vec<u8>), FieldErrors> {
    let bad = |m: &str| FieldErrors::single("file", m);
    while let Ok(Some(field)) = form.next_field().await {
        if field.name() == Some("file") {
            let name = field.file_name().unwrap_or(unnamed).to_string();
            let bytes = field
                .bytes()
                .await
                .map_err(|_| bad("The file could not be read. Try uploading it again"))?;
            return Ok((name, bytes.to_vec()));
        }
    }
    Err(bad(missing))
}
