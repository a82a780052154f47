//! The workforce page: an organisation's workforce intelligence for its principal social
//! worker and workforce lead (filters in the query string, charts with their tables, an
//! XLSX of the same), the national analyst's headcounts by region and type, and the form
//! for what the intelligence cannot read from records (`/workforce/plan`).

use super::render;
use crate::domain::disclosure::Shown;
use crate::domain::workforce::year::{YearInput, year_ending_for};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::workforce::intelligence::{self, FilterQuery, Intelligence};
use crate::service::workforce::plan;
use crate::store::workforce as store;
use crate::web::AppState;
use crate::web::charts::share_bars_svg;
use crate::web::forms::{download, finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Form, Query, State};
use axum::response::{Html, IntoResponse, Response};
use minijinja::{Value, context};
use std::collections::BTreeMap;

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    if !actor.can(Capability::ViewWorkforceIntelligence) || actor.org_id.is_none() {
        let summary = crate::service::workforce::summary(
            &state.db,
            &actor,
            state.settings.privacy.disclosure,
        )
        .await?;
        return Ok(render(
            &state,
            &chrome,
            "workforce.html",
            context! { summary => summary },
        )?
        .into_response());
    }
    let filter = q.parse()?;
    let view =
        intelligence::view(&state.db, &state.settings, &actor, &filter, state.today()).await?;
    let charts = charts(&view);
    // The filter as read (an id and two codes), for the XLSX link.
    let query = format!(
        "team={}&service_model={}&arrangement={}",
        filter.team_id.map(|t| t.to_string()).unwrap_or_default(),
        filter.service_model.clone().unwrap_or_default(),
        filter.arrangement.map(|a| a.code()).unwrap_or_default()
    );
    Ok(render(
        &state,
        &chrome,
        "workforce/organisation.html",
        context! {
            v => view,
            charts => charts,
            query => query,
            may_plan => actor.can(Capability::ManageWorkforcePlan),
        },
    )?
    .into_response())
}

/// Each breakdown drawn as bars of its headcount shares (hidden groups not drawn), by its
/// `by` code.
fn charts(v: &Intelligence) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for b in v.breakdowns.iter().chain(v.equality.iter().flatten()) {
        let total = v.headcount.max(1) as f64;
        let bars: Vec<(String, Option<f64>)> = b
            .rows
            .iter()
            .filter(|r| r.headcount != Shown::Value(0))
            .map(|r| {
                let share = match r.headcount {
                    Shown::Value(n) => Some((n as f64 / total * 1000.0).round() / 10.0),
                    Shown::Suppressed => None,
                };
                (r.label.clone(), share)
            })
            .collect();
        if bars.is_empty() {
            continue;
        }
        let title = format!("People in post {}, as shares", b.title.to_lowercase());
        out.insert(
            b.by.to_string(),
            Value::from_safe_string(share_bars_svg(&bars, &format!("chart-{}", b.by), &title)),
        );
    }
    out
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<FilterQuery>,
) -> AppResult<Response> {
    let filter = q.parse()?;
    let view =
        intelligence::view(&state.db, &state.settings, &actor, &filter, state.today()).await?;
    let body = crate::web::workforce_xlsx::workforce_xlsx(&view)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("workforce-{}.xlsx", view.day),
    ))
}

/// The plan page's data: the organisation's teams with their establishments, and the
/// entered years (as entered: the readers entered them).
async fn plan_context(
    state: &AppState,
    actor: &Actor,
    establishment_errors: &FieldErrors,
    typed: &BTreeMap<String, String>,
    year: &YearInput,
    year_errors: &FieldErrors,
) -> AppResult<Value> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let teams = store::teams_of(&state.db.pool, org).await?;
    let years = store::years_of(&state.db.pool, org).await?;
    let rows: Vec<Value> = teams
        .iter()
        .map(|t| {
            let field = format!("establishment_{}", t.id);
            let value = typed.get(&field).cloned().unwrap_or_else(|| {
                t.establishment
                    .map(crate::domain::stocktake::show_wte)
                    .unwrap_or_default()
            });
            context! {
                field => field.clone(),
                name => t.name.clone(),
                value => value,
                error => establishment_errors.message_for(&field),
            }
        })
        .collect();
    Ok(context! {
        teams => rows,
        establishment_errors => establishment_errors.0.clone(),
        years => years,
        year => form_view(year, year_errors),
        this_year => year_ending_for(state.today()).year(),
    })
}

/// What the page just saved (after a redirect), for its confirmation.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Saved {
    saved: String,
}

pub async fn plan_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(saved): Query<Saved>,
) -> AppResult<Html<String>> {
    let year = YearInput {
        year_ending: year_ending_for(state.today()).year().to_string(),
        ..YearInput::default()
    };
    let ctx = plan_context(
        &state,
        &actor,
        &FieldErrors::default(),
        &BTreeMap::new(),
        &year,
        &FieldErrors::default(),
    )
    .await?;
    let saved = match saved.saved.as_str() {
        "establishments" => "Establishments saved.",
        "year" => "The year's figures saved.",
        _ => "",
    };
    render(
        &state,
        &chrome,
        "workforce/plan.html",
        context! { saved => saved, ..ctx },
    )
}

pub async fn save_establishments(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(raw): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let typed: BTreeMap<String, String> = raw
        .into_iter()
        .filter(|(k, _)| k.starts_with("establishment_"))
        .collect();
    let mut entries = Vec::new();
    for (k, v) in &typed {
        let id = k["establishment_".len()..]
            .parse::<i64>()
            .map_err(|_| AppError::NotFound)?;
        entries.push((id, v.clone()));
    }
    let result = plan::set_establishments(&state.db, &actor, &entries).await;
    finish_form(
        result,
        async |_| Ok(see_other("/workforce/plan?saved=establishments")),
        async |errors| {
            let year = YearInput {
                year_ending: year_ending_for(state.today()).year().to_string(),
                ..YearInput::default()
            };
            let ctx = plan_context(
                &state,
                &actor,
                &errors,
                &typed,
                &year,
                &FieldErrors::default(),
            )
            .await?;
            render(&state, &chrome, "workforce/plan.html", ctx)
        },
    )
    .await
}

pub async fn save_year(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<YearInput>,
) -> AppResult<Response> {
    let result = plan::set_year(&state.db, &actor, &input, state.today()).await;
    finish_form(
        result,
        async |_| Ok(see_other("/workforce/plan?saved=year")),
        async |errors| {
            let ctx = plan_context(
                &state,
                &actor,
                &FieldErrors::default(),
                &BTreeMap::new(),
                &input,
                &errors,
            )
            .await?;
            render(&state, &chrome, "workforce/plan.html", ctx)
        },
    )
    .await
}
