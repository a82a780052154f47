//! Appraisals: the overview of who is due, a practitioner's own, starting one, and the
//! appraisal page where its two parties write, choose evidence and sign. Each calls
//! `service::appraisal`, as the API does.

use super::render;
use crate::domain::appraisal::{Draft, MAX_TEXT, MOST_OBJECTIVES, MOST_PLAN_ITEMS};
use crate::domain::reference::items_of;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::ListQuery;
use crate::service::appraisal as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

/// The overview with one page of its people, those needing action first (a large
/// organisation's everyone would be far too long a page; the API gives all).
async fn overview_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    q: &ListQuery,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let (v, paged) =
        svc::overview_page(&state.db, &state.settings, actor, q, state.today()).await?;
    let list = list_view(&paged, q, &[]);
    render(
        state,
        chrome,
        "appraisal/overview.html",
        context! { v => v, list => list, form => form_view(&(), errors) },
    )
}

/// `GET /appraisals`: who is due, completion rates and the golden thread.
pub async fn overview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
) -> AppResult<Html<String>> {
    overview_page(&state, &actor, &chrome, &q, &FieldErrors::default()).await
}

/// `GET /my-appraisals`: where the practitioner stands and their appraisals.
pub async fn mine(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let v = svc::mine(&state.db, &state.settings, &actor, state.today()).await?;
    render(&state, &chrome, "appraisal/mine.html", context! { v => v })
}

/// `POST /practitioners/{id}/appraisals`: starts one (or opens the one the actor holds).
pub async fn start(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let result = svc::start(&state.db, &actor, id, state.today()).await;
    finish_form(
        result,
        async |aid| Ok(see_other(&format!("/appraisals/{aid}"))),
        async |e| overview_page(&state, &actor, &chrome, &ListQuery::default(), &e).await,
    )
    .await
}

/// The appraiser's form's values from what is saved.
fn values_of(d: &Draft) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert(
        "meeting_on".into(),
        d.meeting_on.map(|d| d.to_string()).unwrap_or_default(),
    );
    v.insert("summary".into(), d.summary.clone());
    for (i, o) in d.objectives.iter().enumerate() {
        v.insert(format!("objective_{}", i + 1), o.objective.clone());
        v.insert(format!("goal_{}", i + 1), o.goal.clone());
        v.insert(format!("measure_{}", i + 1), o.measure.clone());
    }
    for c in &d.capabilities {
        v.insert(format!("rating_{}", c.domain), c.rating.clone());
        v.insert(format!("comment_{}", c.domain), c.comment.clone());
    }
    for (i, p) in d.plan.iter().enumerate() {
        v.insert(format!("need_{}", i + 1), p.need.clone());
        v.insert(format!("action_{}", i + 1), p.action.clone());
        v.insert(
            format!("by_{}", i + 1),
            p.by_on.map(|d| d.to_string()).unwrap_or_default(),
        );
    }
    v
}

/// What a party typed, when it is sent back with errors.
struct Typed<'a> {
    fields: Option<&'a [(String, String)]>,
    errors: FieldErrors,
    saved: &'a str,
}

async fn page_with(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    typed: Typed<'_>,
) -> AppResult<Html<String>> {
    let v = svc::view(&state.db, &state.settings, actor, id).await?;
    let mut values = values_of(&v.draft);
    let mut chosen: Vec<String> = v
        .evidence
        .iter()
        .map(|i| format!("{}:{}", i.kind.code(), i.id))
        .collect();
    let mut reflection = v.heading.reflection.clone();
    if let Some(fields) = typed.fields {
        values = fields.iter().cloned().collect();
        chosen = fields
            .iter()
            .filter(|(k, _)| k == "evidence")
            .map(|(_, v)| v.clone())
            .collect();
        reflection = values.get("reflection").cloned().unwrap_or_default();
    }
    let evidence_items: Vec<_> = v
        .offered
        .iter()
        .map(|i| {
            context! {
                code => format!("{}:{}", i.kind.code(), i.id),
                label => format!("{} {}: {}", i.kind.label(), crate::domain::dates::long(i.on), i.title),
            }
        })
        .collect();
    let objective_rows = (v.draft.objectives.len() + 2).clamp(3, MOST_OBJECTIVES);
    let plan_rows = (v.draft.plan.len() + 2).clamp(3, MOST_PLAN_ITEMS);
    render(
        state,
        chrome,
        "appraisal/page.html",
        context! {
            v => v,
            values => values,
            chosen => chosen,
            evidence_items => evidence_items,
            reflection => reflection,
            form => form_view(&(), &typed.errors),
            domains => items_of("pcf_domains"),
            ratings => items_of("capability_ratings"),
            objective_rows => (1..=objective_rows).collect::<Vec<_>>(),
            plan_rows => (1..=plan_rows).collect::<Vec<_>>(),
            max_text => MAX_TEXT,
            saved => typed.saved,
        },
    )
}

/// `GET /appraisals/{id}`.
pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let typed = Typed {
        fields: None,
        errors: FieldErrors::default(),
        saved: &q.saved,
    };
    page_with(&state, &actor, &chrome, id, typed).await
}

async fn again(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    fields: Option<&[(String, String)]>,
    errors: FieldErrors,
) -> AppResult<Html<String>> {
    let typed = Typed {
        fields,
        errors,
        saved: "",
    };
    page_with(state, actor, chrome, id, typed).await
}

/// `POST /appraisals/{id}`: the appraiser saves what they wrote.
pub async fn save(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let result = svc::save(&state.db, &actor, id, &fields, state.today()).await;
    finish_form(
        result,
        async |()| Ok(see_other(&format!("/appraisals/{id}?saved=draft"))),
        async |e| again(&state, &actor, &chrome, id, Some(&fields), e).await,
    )
    .await
}

/// `POST /appraisals/{id}/evidence`: the practitioner saves what they share.
pub async fn save_evidence(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let result = svc::save_evidence(&state.db, &state.settings, &actor, id, &fields).await;
    finish_form(
        result,
        async |()| Ok(see_other(&format!("/appraisals/{id}?saved=evidence"))),
        async |e| again(&state, &actor, &chrome, id, Some(&fields), e).await,
    )
    .await
}

/// `POST /appraisals/{id}/sign`.
pub async fn sign(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let result = svc::sign(&state.db, &actor, id, state.today()).await;
    finish_form(
        result,
        async |complete| {
            let saved = if complete { "complete" } else { "signed" };
            Ok(see_other(&format!("/appraisals/{id}?saved={saved}")))
        },
        async |e| again(&state, &actor, &chrome, id, None, e).await,
    )
    .await
}
