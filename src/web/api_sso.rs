//! JSON front door of the organisation admin's single sign-on rules
//! (`service::sso::rules`): the same calls as the page.

use super::api::{Problem, body};
use crate::domain::oidc::RoleRule;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::sso::rules::{self, ProviderRules, RuleInput};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::{Extension, Json};

/// The organisation's identity providers (set by the operator) and the rules that give
/// people signing in through them their roles.
#[utoipa::path(get, path = "/api/v1/single-sign-on/providers", responses((status = 200, body = Vec<ProviderRules>)), security(("bearer" = [])))]
pub async fn providers(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
) -> AppResult<Json<Vec<ProviderRules>>> {
    Ok(Json(rules::view(&s.db, &s.settings, &a).await?))
}

/// Adds a rule: someone whose token's `claim` is (or lists) `value` holds `role`.
#[utoipa::path(post, path = "/api/v1/single-sign-on/providers/{provider}/rules", params(("provider" = String, Path)), request_body = RuleInput, responses((status = 201, body = RoleRule), (status = 404, body = Problem), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn add_rule(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(provider): Path<String>,
    input: Result<Json<RuleInput>, JsonRejection>,
) -> AppResult<(StatusCode, Json<RoleRule>)> {
    let input = body(input)?;
    let rule = rules::add(&s.db, &s.settings, &a, &provider, &input).await?;
    Ok((StatusCode::CREATED, Json(rule)))
}

/// Removes a rule. Roles it gave stay until the person's next sign-in.
#[utoipa::path(delete, path = "/api/v1/single-sign-on/rules/{id}", params(("id" = i64, Path)), responses((status = 204), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn remove_rule(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    rules::remove(&s.db, &a, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
