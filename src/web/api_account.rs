//! The caller's own API tokens: list them (never their values) and revoke one. Tokens are
//! made on the account page or with `mhsw token create`, not through the API, so a leaked
//! token cannot make itself a successor. The same service as `/account`.

use super::AppState;
use super::api::Problem;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::tokens::{self as svc, TokenView};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

#[utoipa::path(get, path = "/api/v1/me/tokens", operation_id = "list_own_tokens", responses((status = 200, body = Vec<TokenView>), (status = 401, body = Problem)), security(("bearer" = [])))]
pub async fn list(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<TokenView>>> {
    Ok(Json(svc::list_own(&s.db, &a).await?))
}

#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", operation_id = "revoke_own_token", responses((status = 204, description = "The token no longer works"), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn revoke(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    svc::revoke_own(&s.db, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
