//! The self-assessment benchmark's pages: where an organisation stands against its peers
//! (with the consent form), and the national analyst's distribution. Both call
//! `service::self_assessment::benchmark`, as the API does.

use super::render;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::self_assessment::benchmark;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct BenchmarkQuery {
    pub framework: String,
    /// Which peer group the tables compare with: `all` (default), `type` or `region`.
    pub group: String,
    /// `type` or `region` on the national page: the breakdown shown.
    pub by: String,
    pub saved: String,
}

impl BenchmarkQuery {
    fn framework(&self) -> Option<&str> {
        Some(self.framework.trim()).filter(|c| !c.is_empty())
    }
}

/// The consent form's fields.
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct ConsentForm {
    /// `yes` or `no`.
    pub consented: String,
    /// The framework page to go back to.
    pub framework: String,
}

async fn page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    q: &BenchmarkQuery,
    form: &ConsentForm,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let b = benchmark::for_org(&state.db, &state.settings, actor, q.framework()).await?;
    let group = match q.group.as_str() {
        "type" | "region" => q.group.as_str(),
        _ => "all",
    };
    let group_index = ["all", "type", "region"]
        .iter()
        .position(|g| *g == group)
        .unwrap_or(0);
    let consent_value = if form.consented.is_empty() && errors.0.is_empty() {
        if b.consented { "yes" } else { "no" }.to_string()
    } else {
        form.consented.clone()
    };
    render(
        state,
        chrome,
        "self_assessment/benchmark.html",
        context! {
            b => b,
            group => group,
            group_index => group_index,
            saved => q.saved.clone(),
            form => form_view(&ConsentForm { consented: consent_value, framework: form.framework.clone() }, errors),
        },
    )
}

/// `GET /self-assessment/benchmark?framework=CODE&group=all|type|region`.
pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<BenchmarkQuery>,
) -> AppResult<Html<String>> {
    page(
        &state,
        &actor,
        &chrome,
        &q,
        &ConsentForm::default(),
        &FieldErrors::default(),
    )
    .await
}

/// Reads the yes/no radio, naming the field when neither was chosen.
pub fn parse_consent(value: &str) -> Result<bool, FieldErrors> {
    match value {
        "yes" => Ok(true),
        "no" => Ok(false),
        _ => Err(FieldErrors::single(
            "consented",
            "Select yes if your organisation's ratings may join the national benchmark",
        )),
    }
}

/// `POST /self-assessment/benchmark/consent`.
pub async fn consent(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(f): Form<ConsentForm>,
) -> AppResult<Response> {
    let q = BenchmarkQuery {
        framework: f.framework.clone(),
        ..Default::default()
    };
    let result = match parse_consent(&f.consented) {
        Ok(v) => benchmark::consent(&state.db, &actor, v).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |()| {
            let mut ser = form_urlencoded::Serializer::new(String::new());
            if let Some(code) = q.framework() {
                ser.append_pair("framework", code);
            }
            ser.append_pair("saved", "consent");
            Ok(see_other(&format!(
                "{}?{}",
                benchmark::BENCHMARK_PATH,
                ser.finish()
            )))
        },
        async |e| page(&state, &actor, &chrome, &q, &f, &e).await,
    )
    .await
}

#[derive(Serialize)]
struct DomainGroup<'a> {
    code: String,
    title: String,
    criteria: Vec<&'a crate::domain::benchmark::CriterionDistribution>,
}

/// `GET /national/self-assessment?framework=CODE&by=type|region`.
pub async fn national(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<BenchmarkQuery>,
) -> AppResult<Response> {
    let n = benchmark::analyst(&state.db, &state.settings, &actor, q.framework()).await?;
    let by = match q.by.as_str() {
        "type" | "region" => q.by.as_str(),
        _ => "all",
    };
    // The criteria under their domains, in the framework's order.
    let mut domains: Vec<DomainGroup> = Vec::new();
    for c in &n.criteria {
        if domains.last().is_none_or(|d| d.code != c.domain_code) {
            domains.push(DomainGroup {
                code: c.domain_code.clone(),
                title: c.domain_title.clone(),
                criteria: Vec::new(),
            });
        }
        if let Some(d) = domains.last_mut() {
            d.criteria.push(c);
        }
    }
    Ok(render(
        &state,
        &chrome,
        "self_assessment/national.html",
        context! { n => n, by => by, domains => domains },
    )?
    .into_response())
}
