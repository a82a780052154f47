//! JSON API for the self-assessment benchmark: the same service calls as the pages.

use super::api::{Problem, body};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::self_assessment::benchmark::{
    self, BenchmarkConsent, BenchmarkConsentInput, NationalBenchmark, OrgBenchmark,
};
use crate::web::AppState;
use axum::extract::rejection::JsonRejection;
use axum::extract::{Query, State};
use axum::{Extension, Json};
use serde::Deserialize;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct FrameworkQuery {
    /// A framework's code (its newest version's criteria are used); blank: the HEE
    /// considerations.
    pub framework: String,
}

impl FrameworkQuery {
    fn code(&self) -> Option<&str> {
        Some(self.framework.trim()).filter(|c| !c.is_empty())
    }
}

/// Where the caller's organisation stands against its peers' medians and quartiles (all,
/// same type, same region), never names or ranks. Only an organisation that takes part and
/// has a signed-off cycle sees peers (`standing` says why not); a group with fewer
/// organisations than the threshold has no figures.
#[utoipa::path(get, path = "/api/v1/self-assessment/benchmark", params(FrameworkQuery), responses((status = 200, body = OrgBenchmark), (status = 404, body = Problem)), security(("bearer" = [])))]
pub async fn mine(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<FrameworkQuery>,
) -> AppResult<Json<OrgBenchmark>> {
    Ok(Json(
        benchmark::for_org(&s.db, &s.settings, &a, q.code()).await?,
    ))
}

/// Whether the caller's organisation takes part in the benchmark (the principal social
/// worker). Withdrawing takes its ratings out of every comparison at once.
#[utoipa::path(put, path = "/api/v1/self-assessment/benchmark/consent", request_body = BenchmarkConsentInput, responses((status = 200, body = BenchmarkConsent), (status = 422, body = Problem)), security(("bearer" = [])))]
pub async fn consent(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    input: Result<Json<BenchmarkConsentInput>, JsonRejection>,
) -> AppResult<Json<BenchmarkConsent>> {
    let consented = body(input)?.consented.ok_or_else(|| {
        AppError::Invalid(FieldErrors::single(
            "consented",
            "Say whether your organisation takes part: true or false",
        ))
    })?;
    benchmark::consent(&s.db, &a, consented).await?;
    Ok(Json(BenchmarkConsent { consented }))
}

/// The national distribution per criterion (organisations, counts per rating level,
/// quartiles), overall and by organisation type and region, for the national analyst. No
/// names; groups below the threshold are suppressed.
#[utoipa::path(get, path = "/api/v1/national/self-assessment", params(FrameworkQuery), responses((status = 200, body = NationalBenchmark), (status = 403, body = Problem)), security(("bearer" = [])))]
pub async fn national(
    State(s): State<AppState>,
    Extension(a): Extension<Actor>,
    Query(q): Query<FrameworkQuery>,
) -> AppResult<Json<NationalBenchmark>> {
    Ok(Json(
        benchmark::analyst(&s.db, &s.settings, &a, q.code()).await?,
    ))
}
