//! A team's skills audit and role-clarity reviews: the page, saving the audit and
//! recording a review. Each calls `service::team_skills`, as the API does.

use super::render;
use crate::domain::team_skills::{MAX_TEXT, MOST_NEEDED, ReviewInput};
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::team_skills as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

/// The page, with the audit's needs as typed (when sent back) and the review form's.
struct Typed<'a> {
    needs: Option<&'a [(String, String)]>,
    audit_errors: FieldErrors,
    review: ReviewInput,
    review_errors: FieldErrors,
    saved: &'a str,
}

async fn page_with(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    typed: Typed<'_>,
) -> AppResult<Html<String>> {
    let v = svc::view(&state.db, &state.settings, actor, id, state.today()).await?;
    let typed_needs: std::collections::BTreeMap<String, String> = typed
        .needs
        .map(|f| {
            f.iter()
                .filter(|(k, _)| k.starts_with("needed_"))
                .cloned()
                .collect()
        })
        .unwrap_or_default();
    let mut errors = typed.audit_errors.clone();
    errors.0.extend(typed.review_errors.0.clone());
    render(
        state,
        chrome,
        "teams/skills.html",
        context! {
            v => v,
            typed_needs => typed_needs,
            audit => form_view(&(), &typed.audit_errors),
            form => form_view(&typed.review, &errors),
            max_text => MAX_TEXT,
            most_needed => MOST_NEEDED,
            audit_every => state.settings.team_skills.audit_every_months,
            review_every => state.settings.team_skills.review_every_months,
            saved => typed.saved,
        },
    )
}

fn untyped(saved: &str) -> Typed<'_> {
    Typed {
        needs: None,
        audit_errors: FieldErrors::default(),
        review: ReviewInput::default(),
        review_errors: FieldErrors::default(),
        saved,
    }
}

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    page_with(&state, &actor, &chrome, id, untyped(&q.saved)).await
}

pub async fn save_audit(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let today = state.today();
    let result = svc::save_audit(&state.db, &state.settings, &actor, id, &fields, today).await;
    finish_form(
        result,
        async |()| Ok(see_other(&format!("/teams/{id}/skills?saved=audit"))),
        async |e| {
            let typed = Typed {
                needs: Some(&fields),
                audit_errors: e,
                ..untyped("")
            };
            page_with(&state, &actor, &chrome, id, typed).await
        },
    )
    .await
}

pub async fn record_review(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ReviewInput>,
) -> AppResult<Response> {
    let result = svc::record_review(&state.db, &actor, id, &input, state.today()).await;
    finish_form(
        result,
        async |_| Ok(see_other(&format!("/teams/{id}/skills?saved=review"))),
        async |e| {
            let typed = Typed {
                review: input.clone(),
                review_errors: e,
                ..untyped("")
            };
            page_with(&state, &actor, &chrome, id, typed).await
        },
    )
    .await
}
