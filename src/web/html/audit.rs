//! The audit log page and CSV export.

use super::render;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::ListQuery;
use crate::service::audit::{self, AuditQuery};
use crate::web::AppState;
use crate::web::forms::list_view;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
    Query(f): Query<AuditQuery>,
) -> AppResult<Html<String>> {
    let paged = audit::list(&state.db, &actor, &q, &f).await?;
    let filters = [
        ("actor", f.actor.as_str()),
        ("record_type", f.record_type.as_str()),
        ("record_id", f.record_id.as_str()),
    ];
    render(
        &state,
        &chrome,
        "audit/list.html",
        context! { list => list_view(&paged, &q, &filters), filter => minijinja::Value::from_serialize(serde_json::json!({"actor": f.actor, "record_type": f.record_type, "record_id": f.record_id})) },
    )
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(f): Query<AuditQuery>,
) -> AppResult<Response> {
    let body = audit::export_csv(&state.db, &actor, &f).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"mhsw-audit-log.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
