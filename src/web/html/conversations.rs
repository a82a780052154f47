//! Collaborative conversation pages: the practitioner's list (and notes shared with a
//! supervisor), the note form, a note, and the actions on it (share, record as CPD,
//! delete). Every action calls `service::conversations`, as the API does.

use super::cpd::ShareForm;
use super::render;
use crate::domain::conversation::{self as rules, ConversationInput};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::conversations as svc;
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
    /// What was just done, for the confirmation banner.
    pub saved: String,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let l = svc::list(&state.db, &actor).await?;
    render(
        &state,
        &chrome,
        "conversations/list.html",
        context! { l => l, saved => q.saved },
    )
}

async fn form_page(
    state: &AppState,
    chrome: &Chrome,
    id: Option<i64>,
    input: &ConversationInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "conversations/form.html",
        context! {
            conversation_id => id,
            form => form_view(input, errors),
            today => state.today().to_string(),
            with_whom => rules::choices::<rules::WithWhom>(),
            co_production => rules::choices::<rules::CoProduction>(),
            max_setting => rules::MAX_SETTING,
            max_text => rules::MAX_TEXT,
        },
    )
}

pub async fn new_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    // Refuse users without a practitioner record here, not on submit.
    if actor.practitioner_id.is_none() {
        return Err(AppError::NotFound);
    }
    let input = ConversationInput::default();
    form_page(&state, &chrome, None, &input, &FieldErrors::default()).await
}

pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<ConversationInput>,
) -> AppResult<Response> {
    finish_form(
        svc::create(&state.db, &actor, &input, state.today()).await,
        async |id| Ok(see_other(&format!("/conversations/{id}?saved=created"))),
        async |e| form_page(&state, &chrome, None, &input, &e).await,
    )
    .await
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let v = svc::view(&state.db, &actor, id).await?;
    render(
        &state,
        &chrome,
        "conversations/record.html",
        context! { v => v, saved => q.saved },
    )
}

/// The form's values from a stored note (the person agreed: it was kept).
fn input_of(c: &crate::store::conversations::Conversation) -> ConversationInput {
    ConversationInput {
        held_on: c.held_on.to_string(),
        with_whom: c.with_whom.clone(),
        setting: c.setting.clone(),
        discussed: c.discussed.clone(),
        helped: c.helped.clone(),
        did_not_help: c.did_not_help.clone(),
        co_production: c.co_production.clone(),
        co_production_detail: c.co_production_detail.clone(),
        learnt: c.learnt.clone(),
        do_differently: c.do_differently.clone(),
        consent: if c.consent_given { "yes" } else { "" }.into(),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let c = svc::own_conversation(&state.db, &actor, id).await?;
    form_page(
        &state,
        &chrome,
        Some(id),
        &input_of(&c),
        &FieldErrors::default(),
    )
    .await
}

pub async fn update(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ConversationInput>,
) -> AppResult<Response> {
    finish_form(
        svc::update(&state.db, &actor, id, &input, state.today()).await,
        async |()| Ok(see_other(&format!("/conversations/{id}?saved=updated"))),
        async |e| form_page(&state, &chrome, Some(id), &input, &e).await,
    )
    .await
}

pub async fn delete(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    svc::delete(&state.db, &actor, id).await?;
    Ok(see_other("/conversations?saved=deleted"))
}

pub async fn share(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    Form(f): Form<ShareForm>,
) -> AppResult<Response> {
    let shared = f.shared == "yes";
    svc::share(&state.db, &actor, id, shared).await?;
    let saved = if shared { "shared" } else { "unshared" };
    Ok(see_other(&format!("/conversations/{id}?saved={saved}")))
}

/// "Record as CPD": lands on the draft's form, where the practitioner writes what they learnt.
pub async fn draft_cpd(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let cpd_id = svc::draft_cpd(&state.db, &actor, id, state.today()).await?;
    Ok(see_other(&format!("/cpd/records/{cpd_id}/edit")))
}
