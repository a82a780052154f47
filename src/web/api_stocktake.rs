//! JSON API for returns to the national stocktake: the same service calls as the pages.

use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::stocktake::generated::{self as generated_return, GeneratedReturn};
use crate::service::stocktake::national::{self as national_view, NationalView};
use crate::service::stocktake::returns::{self, ReturnSummary, ReturnView};
use crate::service::stocktake::{self as svc, ReturnReceived, Sender};
use crate::store::stocktake::Route;
use crate::web::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::{Extension, Json};
use serde::Deserialize;

/// The name to keep with a return sent to the API.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SentFile {
    /// The file's name, kept with the return for the record (default "sent to the API").
    pub file_name: Option<String>,
}

/// Checks a return (the request body: CSV text, or an XLSX file laid out as
/// docs/stocktake.md says) and stores it if the whole return is valid; it replaces, as
/// the one counted, any earlier return for the same organisation and collection date. A
/// return with any problem is refused whole, every problem naming its row and column.
#[utoipa::path(post, path = "/api/v1/stocktake/returns", params(SentFile), request_body(content = String, content_type = "text/csv", description = "The return, CSV or XLSX (docs/stocktake.md)"), responses((status = 201, body = ReturnReceived), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn send(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<SentFile>,
    file: Bytes,
) -> AppResult<(StatusCode, Json<ReturnReceived>)> {
    let name = q.file_name.unwrap_or_else(|| "sent to the API".into());
    let sender = Sender::User(&a, Route::Api);
    let r = svc::receive(&s.db, sender, &name, &file, s.today()).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// The returns received: the caller's organisation's, or every organisation's for a
/// national analyst (the newest 500), newest collection date first.
#[utoipa::path(get, path = "/api/v1/stocktake/returns", responses((status = 200, body = Vec<ReturnSummary>)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<ReturnSummary>>> {
    Ok(Json(returns::list(&s.db, &a).await?))
}

/// One return with its cells.
#[utoipa::path(get, path = "/api/v1/stocktake/returns/{id}", responses((status = 200, body = ReturnView), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn show(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Json<ReturnView>> {
    Ok(Json(returns::get(&s.db, &a, id).await?))
}

/// The collection date of a generated return.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct GeneratedAt {
    /// The census day, `YYYY-MM-DD` (default: the latest 30 September).
    pub collection_date: Option<String>,
}

/// The caller's organisation's return generated from its own records at the collection
/// date, for review: its cells, what the specification's checks say of it, and the
/// fingerprint to send it with.
#[utoipa::path(get, path = "/api/v1/stocktake/generated", params(GeneratedAt), responses((status = 200, body = GeneratedReturn), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn generated(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<GeneratedAt>,
) -> AppResult<Json<GeneratedReturn>> {
    let today = s.today();
    let day = generated_return::collection_date(q.collection_date.as_deref(), today)?;
    Ok(Json(
        generated_return::generate(&s.db, &a, day, today).await?,
    ))
}

/// A reviewed generated return to send.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SendGenerated {
    /// The census day, `YYYY-MM-DD`.
    pub collection_date: String,
    /// The fingerprint the review returned: the return is sent only if it is unchanged.
    pub fingerprint: String,
}

/// Sends the generated return, if the records still give the one reviewed.
#[utoipa::path(post, path = "/api/v1/stocktake/generated", request_body = SendGenerated, responses((status = 201, body = ReturnReceived), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn send_generated(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Json(body): Json<SendGenerated>,
) -> AppResult<(StatusCode, Json<ReturnReceived>)> {
    let today = s.today();
    let day = generated_return::collection_date(Some(&body.collection_date), today)?;
    let r = generated_return::send(&s.db, &a, day, &body.fingerprint, today).await?;
    Ok((StatusCode::CREATED, Json(r)))
}

/// The national stocktake's results at a collection date (default: the latest): England's
/// figures exact, each region's through the disclosure policy with secondary suppression
/// (a hidden count is the string "*"), and the caller's organisation beside its region
/// and England.
#[utoipa::path(get, path = "/api/v1/stocktake/national", params(GeneratedAt), responses((status = 200, body = NationalView), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn national(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<GeneratedAt>,
) -> AppResult<Json<std::sync::Arc<NationalView>>> {
    let day = national_date(q.collection_date.as_deref())?;
    let policy = s.settings.privacy.disclosure;
    Ok(Json(national_view::view(&s.db, &a, policy, day).await?))
}

/// A collection date to show, if one is given.
pub fn national_date(text: Option<&str>) -> AppResult<Option<time::Date>> {
    match text.map(str::trim).filter(|t| !t.is_empty()) {
        None => Ok(None),
        Some(t) => crate::domain::dates::parse("The collection date", t)
            .map(Some)
            .map_err(|m| {
                crate::error::AppError::Invalid(crate::error::FieldErrors::single(
                    "collection_date",
                    m,
                ))
            }),
    }
}
