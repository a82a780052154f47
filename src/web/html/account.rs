//! The account page (`/account`): who you are, your calendar feed, and your API tokens
//! (make one, shown once on the response; see when each was last used; revoke).

use super::render;
use crate::domain::token::TokenInput;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::tokens::{self as svc, NewToken};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DoneQuery {
    pub revoked: String,
}

async fn page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    made: Option<NewToken>,
    input: &TokenInput,
    errors: &FieldErrors,
    message: Option<&str>,
) -> AppResult<Html<String>> {
    let tokens = svc::list_own(&state.db, actor).await?;
    render(
        state,
        chrome,
        "account/index.html",
        context! {
            tokens => tokens, made => made, message => message,
            default_days => state.settings.security.api_token_days,
            form => form_view(input, errors),
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<DoneQuery>,
) -> AppResult<Html<String>> {
    let message = (!q.revoked.is_empty()).then_some("The token is revoked: it no longer works.");
    let empty = TokenInput::default();
    page(
        &state,
        &actor,
        &chrome,
        None,
        &empty,
        &FieldErrors::default(),
        message,
    )
    .await
}

/// Makes a token and shows its value once, on this response (never after a redirect, so
/// it never sits in a URL or the history).
pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<TokenInput>,
) -> AppResult<Response> {
    finish_form(
        svc::create_own(&state.db, &state.settings.security, &actor, &input).await,
        async |made| {
            let empty = TokenInput::default();
            let none = FieldErrors::default();
            let shown = page(&state, &actor, &chrome, Some(made), &empty, &none, None).await?;
            Ok(shown.into_response())
        },
        async |e| page(&state, &actor, &chrome, None, &input, &e, None).await,
    )
    .await
}

pub async fn revoke(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    svc::revoke_own(&state.db, &actor, id).await?;
    Ok(see_other("/account?revoked=1"))
}
