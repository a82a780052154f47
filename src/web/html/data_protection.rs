//! The data protection officer's pages: finding a person, what mhsw holds about them (and
//! its JSON download), and the retention schedule's preview. Each calls
//! `service::data_protection`, as the API does.

use super::render;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::data_protection::subject_access::{self, SubjectAccessExport};
use crate::service::data_protection::{self as svc, retention};
use crate::web::AppState;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;
use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchQuery {
    pub q: String,
}

pub async fn index(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(s): Query<SearchQuery>,
) -> AppResult<Html<String>> {
    let found = svc::search(&state.db, &actor, &s.q).await?;
    render(
        &state,
        &chrome,
        "data_protection/index.html",
        context! { q => s.q, found => found, searched => !s.q.trim().is_empty(), limit => svc::SEARCH_LIMIT },
    )
}

/// Most rows of one section the page shows; the JSON download has them all.
const ROWS_ON_PAGE: usize = 100;

/// A section as the page shows it: each row as labelled, readable values.
#[derive(Serialize)]
struct ShownSection<'a> {
    key: &'a str,
    title: &'a str,
    about: &'a str,
    total: i64,
    rows: Vec<Vec<(String, String)>>,
    more: i64,
    /// An audit trail section: the audit log's own export has every entry.
    audit: bool,
}

fn label(column: &str) -> String {
    let words = column.replace('_', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => words,
    }
}

fn readable(v: &Value) -> String {
    use crate::domain::dates;
    match v {
        Value::Null => "Not recorded".into(),
        Value::Bool(b) => if *b { "Yes" } else { "No" }.into(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => dates::parse_iso_day(s)
            .filter(|_| s.len() == 10)
            .map(dates::long)
            .or_else(|| dates::short_time(s).map(|t| format!("{t} (UTC)")))
            .unwrap_or_else(|| s.clone()),
        other => other.to_string(),
    }
}

fn shown(e: &SubjectAccessExport) -> Vec<ShownSection<'_>> {
    e.sections
        .iter()
        .map(|s| ShownSection {
            key: s.key,
            title: s.title,
            about: s.about,
            total: s.total,
            rows: s
                .rows
                .iter()
                .take(ROWS_ON_PAGE)
                .map(|r| r.iter().map(|(k, v)| (label(k), readable(v))).collect())
                .collect(),
            more: s.total - s.rows.len().min(ROWS_ON_PAGE) as i64,
            audit: s.key.starts_with("audit"),
        })
        .collect()
}

fn page(
    state: &AppState,
    chrome: &Chrome,
    e: &SubjectAccessExport,
    json_href: String,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "data_protection/subject.html",
        context! { e => e, sections => shown(e), json_href => json_href },
    )
}

fn download(e: &SubjectAccessExport, name: String) -> AppResult<Response> {
    let body = serde_json::to_vec_pretty(e).map_err(anyhow::Error::from)?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        body,
    )
        .into_response())
}

pub async fn practitioner(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let e = subject_access::practitioner(&state.db, &actor, id).await?;
    page(
        &state,
        &chrome,
        &e,
        format!("/data-protection/people/{id}/export.json"),
    )
}

pub async fn practitioner_json(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = subject_access::practitioner(&state.db, &actor, id).await?;
    download(&e, format!("mhsw-subject-access-practitioner-{id}.json"))
}

pub async fn account(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let e = subject_access::account(&state.db, &actor, id).await?;
    page(
        &state,
        &chrome,
        &e,
        format!("/data-protection/accounts/{id}/export.json"),
    )
}

pub async fn account_json(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = subject_access::account(&state.db, &actor, id).await?;
    download(&e, format!("mhsw-subject-access-account-{id}.json"))
}

pub async fn retention(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let r = retention::preview(&state.db, &state.settings, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "data_protection/retention.html",
        context! { r => r, detail_rows => r.detail_rows(), anonymised => r.anonymised() },
    )
}
