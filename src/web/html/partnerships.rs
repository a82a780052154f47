//! Partnership agreement pages (`service::partnerships`): the list both parties see, one
//! agreement with what the reader's admin may do next, and the proposal form.

use super::render;
use crate::domain::partnership::PartnershipInput;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::partnerships as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let agreements = svc::list(&state.db, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "partnerships/list.html",
        context! { agreements => agreements, can_propose => actor.can(crate::policy::Capability::ManagePartnerships) },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let a = svc::get(&state.db, &actor, id, state.today()).await?;
    show_page(&state, &chrome, &a, &FieldErrors::default())
}

fn show_page(
    state: &AppState,
    chrome: &Chrome,
    a: &svc::PartnershipView,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "partnerships/show.html",
        context! { a => a, form => form_view(&(), errors) },
    )
}

async fn form_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    input: &PartnershipInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let orgs: Vec<Value> = svc::party_choices(&state.db, actor)
        .await?
        .into_iter()
        .map(|(id, name)| context! { code => id, label => name })
        .collect();
    render(
        state,
        chrome,
        "partnerships/form.html",
        context! { form => form_view(input, errors), orgs => orgs },
    )
}

pub async fn new_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let input = PartnershipInput {
        employer_org_id: actor.org_id.map(|o| o.to_string()).unwrap_or_default(),
        host_may_change: "yes".into(),
        host_sees_equality: "no".into(),
        ..PartnershipInput::default()
    };
    form_page(&state, &actor, &chrome, &input, &FieldErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<PartnershipInput>,
) -> AppResult<Response> {
    finish_form(
        svc::propose(&state.db, &actor, &input).await,
        async |id| Ok(see_other(&format!("/partnerships/{id}"))),
        async |errors| form_page(&state, &actor, &chrome, &input, &errors).await,
    )
    .await
}

/// The three moves share one shape: do it, then show the agreement (or why not).
async fn act(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    outcome: AppResult<()>,
) -> AppResult<Response> {
    finish_form(
        outcome,
        async |()| Ok(see_other(&format!("/partnerships/{id}"))),
        async |errors| {
            let a = svc::get(&state.db, actor, id, state.today()).await?;
            show_page(state, chrome, &a, &errors)
        },
    )
    .await
}

pub async fn accept(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let outcome = svc::respond(&state.db, &actor, id, true, state.today()).await;
    act(&state, &actor, &chrome, id, outcome).await
}

pub async fn decline(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let outcome = svc::respond(&state.db, &actor, id, false, state.today()).await;
    act(&state, &actor, &chrome, id, outcome).await
}

pub async fn end(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let outcome = svc::end(&state.db, &actor, id, state.today()).await;
    act(&state, &actor, &chrome, id, outcome).await
}
