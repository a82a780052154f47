//! Self-assessment pages: the overview, opening a cycle, a cycle (RAG, radar, table,
//! leads, who took part, sign-off), a domain, rating one criterion, comparison with another
//! cycle, XLSX and print, and the action plan. Every action calls
//! `service::self_assessment`, as the API does.

use super::render;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::self_assessment::actions::{self, ActionInput, ActionUpdateInput};
use crate::service::self_assessment::cycles::{
    self as svc, CycleView, OpenCycleInput, PARTICIPANT_KINDS, ParticipantInput, RatingInput,
};
use crate::web::AppState;
use crate::web::charts::{RadarAxis, radar_svg};
use crate::web::forms::invalid;
use crate::web::forms::{download, finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct PageQuery {
    /// What was just done, for the confirmation banner.
    pub saved: String,
    /// Another cycle to compare with.
    pub with: Option<i64>,
    /// A framework or criterion chosen on the previous page.
    pub framework: String,
    pub criterion: String,
}

#[derive(Serialize)]
struct Item {
    code: String,
    label: String,
}

fn items<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Vec<Item> {
    pairs
        .into_iter()
        .map(|(c, l)| Item {
            code: c.into(),
            label: l.into(),
        })
        .collect()
}

pub async fn overview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let o = svc::overview(&state.db, &state.settings, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "self_assessment/overview.html",
        context! {
            o => o,
            saved => q.saved,
            statement => actor.can(crate::policy::Capability::ViewStrategicStatement),
        },
    )
}

async fn open_page(
    state: &AppState,
    chrome: &Chrome,
    actor: &Actor,
    input: &OpenCycleInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let o = svc::overview(&state.db, &state.settings, actor, state.today()).await?;
    let frameworks: Vec<Item> = o
        .frameworks
        .iter()
        .map(|f| Item {
            code: f.code.clone(),
            label: format!("{} (version {})", f.title, f.version),
        })
        .collect();
    render(
        state,
        chrome,
        "self_assessment/open.html",
        context! { form => form_view(input, errors), frameworks => frameworks, o => o },
    )
}

pub async fn open_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    crate::service::require(&actor, crate::policy::Capability::ManageSelfAssessment)?;
    let input = OpenCycleInput {
        framework_code: q.framework,
        ..Default::default()
    };
    open_page(&state, &chrome, &actor, &input, &FieldErrors::default()).await
}

pub async fn open(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<OpenCycleInput>,
) -> AppResult<Response> {
    finish_form(
        svc::open(&state.db, &state.settings, &actor, &input, state.today()).await,
        async |id| {
            Ok(see_other(&format!(
                "/self-assessment/cycles/{id}?saved=opened"
            )))
        },
        async |e| open_page(&state, &chrome, &actor, &input, &e).await,
    )
    .await
}

/// The radar chart of domain means, this cycle against the compared one.
fn radar(v: &CycleView) -> String {
    let axes: Vec<RadarAxis<'_>> = v
        .domains
        .iter()
        .map(|d| RadarAxis {
            label: &d.code,
            now: d.score.mean,
            before: d.previous_mean,
        })
        .collect();
    radar_svg(
        &axes,
        v.scale.levels.len() as u8,
        "radar",
        &format!("Mean rating per domain: {}", v.cycle.title),
    )
}

async fn cycle_page(
    state: &AppState,
    chrome: &Chrome,
    v: &CycleView,
    saved: &str,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let changes = change_counts(v);
    render(
        state,
        chrome,
        "self_assessment/cycle.html",
        context! {
            v => v,
            radar => radar(v),
            changes => changes,
            saved => saved,
            form => form_view(&BTreeMap::<String, String>::new(), errors),
        },
    )
}

/// How many criteria got better, worse or stayed the same against the compared cycle.
fn change_counts(v: &CycleView) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for c in v.domains.iter().flat_map(|d| &d.criteria) {
        if let Some(ch) = c.change {
            *counts.entry(ch.label()).or_insert(0) += 1;
        }
    }
    counts
}

pub async fn cycle(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let v = svc::get(
        &state.db,
        &state.settings,
        &actor,
        id,
        q.with,
        state.today(),
    )
    .await?;
    cycle_page(&state, &chrome, &v, &q.saved, &FieldErrors::default()).await
}

pub async fn sign_off(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    finish_form(
        svc::sign_off(&state.db, &state.settings, &actor, id, state.today()).await,
        async |()| {
            Ok(see_other(&format!(
                "/self-assessment/cycles/{id}?saved=signed_off"
            )))
        },
        async |e| {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            cycle_page(&state, &chrome, &v, "", &e).await
        },
    )
    .await
}

pub async fn domain(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path((id, code)): Path<(i64, String)>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
    let d = v
        .domains
        .iter()
        .find(|d| d.code == code)
        .ok_or(AppError::NotFound)?;
    render(
        &state,
        &chrome,
        "self_assessment/domain.html",
        context! { v => v, d => d, saved => q.saved },
    )
}

async fn criterion_page(
    state: &AppState,
    chrome: &Chrome,
    v: &CycleView,
    code: &str,
    input: &RatingInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let (d, c) = v.criterion(code).ok_or(AppError::NotFound)?;
    if !d.may_rate {
        return Err(if v.cycle.is_open() {
            AppError::Forbidden
        } else {
            AppError::NotFound
        });
    }
    let mut scale: Vec<Item> = v
        .scale
        .levels
        .iter()
        .map(|l| Item {
            code: l.value.to_string(),
            label: format!("{}: {}", l.value, l.label),
        })
        .collect();
    if v.scale.allow_not_applicable {
        scale.push(Item {
            code: "na".into(),
            label: "Not applicable".into(),
        });
    }
    render(
        state,
        chrome,
        "self_assessment/criterion.html",
        context! {
            v => v, d => d, c => c, scale => scale,
            form => form_view(input, errors),
            max_evidence => crate::service::self_assessment::MAX_EVIDENCE_CHARS,
        },
    )
}

fn input_of(v: &CycleView, code: &str) -> RatingInput {
    let a = v.criterion(code).and_then(|(_, c)| c.answer.clone());
    RatingInput {
        rating: a
            .as_ref()
            .map(|a| match (a.rating, a.not_applicable) {
                (Some(r), _) => r.to_string(),
                (None, true) => "na".into(),
                _ => String::new(),
            })
            .unwrap_or_default(),
        evidence: a.as_ref().map(|a| a.evidence.clone()).unwrap_or_default(),
        links: a.map(|a| a.links).unwrap_or_default(),
    }
}

pub async fn criterion_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path((id, code)): Path<(i64, String)>,
) -> AppResult<Html<String>> {
    let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
    let input = input_of(&v, &code);
    criterion_page(&state, &chrome, &v, &code, &input, &FieldErrors::default()).await
}

pub async fn rate(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path((id, code)): Path<(i64, String)>,
    Form(input): Form<RatingInput>,
) -> AppResult<Response> {
    finish_form(
        svc::rate(&state.db, &state.settings, &actor, id, &code, &input).await,
        async |()| {
            let domain = svc::domain_of(&state.db, &state.settings, &actor, id, &code).await?;
            Ok(see_other(&format!(
                "/self-assessment/cycles/{id}/domains/{domain}?saved={code}"
            )))
        },
        async |e| {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            if !v.cycle.is_open() {
                return cycle_page(&state, &chrome, &v, "", &e).await;
            }
            criterion_page(&state, &chrome, &v, &code, &input, &e).await
        },
    )
    .await
}

mod action_pages;
mod people;
mod views;

pub use action_pages::*;
pub use people::*;
pub use views::*;
