//! The page where an organisation admin or principal social worker records the senior
//! social work lead post (`service::social_work_lead`).

use super::render;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::social_work_lead::{self as svc, LeadInput};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    pub saved: String,
}

fn page(
    state: &AppState,
    chrome: &Chrome,
    lead: &svc::LeadView,
    input: &LeadInput,
    errors: &FieldErrors,
    saved: bool,
) -> AppResult<axum::response::Html<String>> {
    render(
        state,
        chrome,
        "orgs/social_work_lead.html",
        context! { lead => lead, form => form_view(input, errors), saved => saved },
    )
}

pub async fn form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<SavedQuery>,
) -> AppResult<Response> {
    let lead = svc::get(&state.db, &actor).await?;
    let input = LeadInput {
        post: lead.lead.post.clone(),
        level: lead.lead.level.clone(),
        line_to_board: lead.lead.line_to_board.clone(),
    };
    Ok(page(
        &state,
        &chrome,
        &lead,
        &input,
        &FieldErrors::default(),
        q.saved == "1",
    )?
    .into_response())
}

pub async fn save(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<LeadInput>,
) -> AppResult<Response> {
    finish_form(
        svc::set(&state.db, &actor, &input).await,
        async |_| Ok(see_other("/social-work-lead?saved=1")),
        async |errors| {
            let lead = svc::get(&state.db, &actor).await?;
            page(&state, &chrome, &lead, &input, &errors, false)
        },
    )
    .await
}
