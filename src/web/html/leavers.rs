//! The exit questionnaire a leaver answers, and what the organisation's leads see of the
//! answers. Both call `service::leavers`, as the API does.

use super::render;
use crate::domain::leaving::{
    self as rules, ExitInput, ExitStanding, Reason, WouldReturn, choices,
};
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::leavers as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::State;
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;

fn page(
    state: &AppState,
    chrome: &Chrome,
    standing: ExitStanding,
    input: &ExitInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "leavers/form.html",
        context! {
            standing => standing,
            form => form_view(input, errors),
            reasons => choices::<Reason>(),
            would_return => choices::<WouldReturn>(),
            max_text => rules::MAX_TEXT,
            open_days => state.settings.leavers.open_days_after_leaving,
            block_size => svc::block_size(state.settings.privacy.disclosure),
        },
    )
}

/// The questionnaire when it is open to the reader; otherwise where they stand.
pub async fn form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let standing = svc::standing(&state.db, &state.settings, &actor, state.today()).await?;
    page(
        &state,
        &chrome,
        standing,
        &ExitInput::default(),
        &FieldErrors::default(),
    )
}

pub async fn answer(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<ExitInput>,
) -> AppResult<Response> {
    let today = state.today();
    let result = svc::answer(&state.db, &state.settings, &actor, &input, today).await;
    finish_form(
        result,
        async |()| Ok(see_other("/exit-questionnaire")),
        async |e| {
            let standing = svc::standing(&state.db, &state.settings, &actor, today).await?;
            page(&state, &chrome, standing, &input, &e)
        },
    )
    .await
}

/// The leads' page: released answers only.
pub async fn results(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let r = svc::results(&state.db, &state.settings, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "leavers/results.html",
        context! { r => r, policy => state.settings.privacy.disclosure },
    )
}
