//! Raising concerns: the lists, the form, a concern with its messages, following an
//! anonymous concern by its private reference, and the principal social worker's actions.
//! Every action calls `service::concerns`, as the API does.
//!
//! The private reference never appears in an address: it is shown once in the answer to
//! the form (not a redirect), and sent back in a form's body to follow the concern.

use super::render;
use crate::domain::concern::{
    self as rules, Category, CloseInput, ConcernInput, MessageInput, choices,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::concerns as svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Saved {
    pub saved: String,
}

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<Saved>,
) -> AppResult<Html<String>> {
    let l = svc::lists(&state.db, &state.settings, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "concerns/list.html",
        context! { l => l, saved => q.saved },
    )
}

fn form_page(
    state: &AppState,
    chrome: &Chrome,
    input: &ConcernInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "concerns/form.html",
        context! {
            form => form_view(input, errors),
            categories => choices::<Category>(),
            max_summary => rules::MAX_SUMMARY,
            max_text => rules::MAX_TEXT,
            answer_within_days => state.settings.concerns.answer_within_days,
        },
    )
}

pub async fn new_form(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    form_page(
        &state,
        &chrome,
        &ConcernInput::default(),
        &FieldErrors::default(),
    )
}

/// Named: to the concern. Anonymous: the reference, shown once in this answer.
pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<ConcernInput>,
) -> AppResult<Response> {
    let result = svc::raise(&state.db, &state.settings, &actor, &input, state.today()).await;
    finish_form(
        result,
        async |raised| match &raised.reference {
            None => Ok(see_other(&format!("/concerns/{}?saved=raised", raised.id))),
            Some(_) => Ok(render(
                &state,
                &chrome,
                "concerns/raised.html",
                context! { raised => raised },
            )?
            .into_response()),
        },
        async |e| form_page(&state, &chrome, &input, &e),
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
    let v = svc::view(&state.db, &actor, id, state.today()).await?;
    show_page(&state, &chrome, &v, None, &Forms::default(), &q.saved)
}

/// The forms on a concern's page, as typed, with their errors.
#[derive(Default)]
struct Forms {
    message: MessageInput,
    message_errors: FieldErrors,
    close: CloseInput,
    close_errors: FieldErrors,
    assign_errors: FieldErrors,
}

fn show_page(
    state: &AppState,
    chrome: &Chrome,
    v: &svc::ConcernView,
    reference: Option<&str>,
    f: &Forms,
    saved: &str,
) -> AppResult<Html<String>> {
    // One error summary for whichever form was sent.
    let mut all = FieldErrors::default();
    for e in [&f.message_errors, &f.close_errors, &f.assign_errors] {
        all.0.extend(e.0.iter().cloned());
    }
    #[derive(Serialize)]
    struct Typed<'a> {
        body: &'a str,
        outcome: &'a str,
        what_changed: &'a str,
    }
    #[derive(Serialize)]
    struct Person<'a> {
        code: i64,
        label: &'a str,
    }
    let people: Vec<Person> = v
        .assignable
        .iter()
        .map(|a| Person {
            code: a.user_id,
            label: &a.name,
        })
        .collect();
    let typed = Typed {
        body: &f.message.body,
        outcome: &f.close.outcome,
        what_changed: &f.close.what_changed,
    };
    render(
        state,
        chrome,
        "concerns/show.html",
        context! {
            v => v,
            people => people,
            reference => reference,
            form => form_view(&typed, &all),
            saved => saved,
            max_text => rules::MAX_TEXT,
        },
    )
}

pub async fn reply(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<MessageInput>,
) -> AppResult<Response> {
    let today = state.today();
    finish_form(
        svc::reply(&state.db, &actor, id, &input, today).await,
        async |()| Ok(see_other(&format!("/concerns/{id}?saved=sent"))),
        async |e| {
            let v = svc::view(&state.db, &actor, id, today).await?;
            let f = Forms {
                message: input.clone(),
                message_errors: e,
                ..Default::default()
            };
            show_page(&state, &chrome, &v, None, &f, "")
        },
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct AssignForm {
    pub user_id: String,
}

pub async fn assign(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<AssignForm>,
) -> AppResult<Response> {
    let today = state.today();
    finish_form(
        svc::assign(&state.db, &actor, id, &f.user_id).await,
        async |()| Ok(see_other(&format!("/concerns/{id}?saved=assigned"))),
        async |e| {
            let v = svc::view(&state.db, &actor, id, today).await?;
            let f = Forms {
                assign_errors: e,
                ..Default::default()
            };
            show_page(&state, &chrome, &v, None, &f, "")
        },
    )
    .await
}

pub async fn close(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<CloseInput>,
) -> AppResult<Response> {
    let today = state.today();
    finish_form(
        svc::close(&state.db, &actor, id, &input, today).await,
        async |()| Ok(see_other(&format!("/concerns/{id}?saved=closed"))),
        async |e| {
            let v = svc::view(&state.db, &actor, id, today).await?;
            let f = Forms {
                close: input.clone(),
                close_errors: e,
                ..Default::default()
            };
            show_page(&state, &chrome, &v, None, &f, "")
        },
    )
    .await
}

/// The reference, as typed into the follow form (and carried by the reply form).
#[derive(Debug, Default, Clone, Deserialize, Serialize)]
#[serde(default)]
pub struct FollowForm {
    pub reference: String,
    pub body: String,
}

fn follow_page(
    state: &AppState,
    chrome: &Chrome,
    f: &FollowForm,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "concerns/follow.html",
        context! { form => form_view(f, errors) },
    )
}

pub async fn follow_form(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    follow_page(
        &state,
        &chrome,
        &FollowForm::default(),
        &FieldErrors::default(),
    )
}

/// Opens an anonymous concern by its reference: the page is the answer to this POST, so
/// the reference never goes into an address or the browser's history.
pub async fn follow(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(f): Form<FollowForm>,
) -> AppResult<Response> {
    match svc::follow(&state.db, &actor, &f.reference, state.today()).await {
        Ok(v) => Ok(show_page(
            &state,
            &chrome,
            &v,
            Some(f.reference.trim()),
            &Forms::default(),
            "",
        )?
        .into_response()),
        Err(AppError::Invalid(e)) => invalid(follow_page(&state, &chrome, &f, &e)?),
        Err(e) => Err(e),
    }
}

fn invalid(page: Html<String>) -> AppResult<Response> {
    Ok((axum::http::StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The anonymous sender's message, by the reference the form carries.
pub async fn follow_reply(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(f): Form<FollowForm>,
) -> AppResult<Response> {
    let today = state.today();
    let input = MessageInput {
        body: f.body.clone(),
    };
    match svc::reply_by_reference(&state.db, &actor, &f.reference, &input, today).await {
        Ok(v) => Ok(show_page(
            &state,
            &chrome,
            &v,
            Some(f.reference.trim()),
            &Forms::default(),
            "sent",
        )?
        .into_response()),
        Err(AppError::Invalid(e)) if e.message_for("reference").is_some() => {
            invalid(follow_page(&state, &chrome, &f, &e)?)
        }
        Err(AppError::Invalid(e)) => {
            let v = svc::follow(&state.db, &actor, &f.reference, today).await?;
            let forms = Forms {
                message: input,
                message_errors: e,
                ..Default::default()
            };
            invalid(show_page(
                &state,
                &chrome,
                &v,
                Some(f.reference.trim()),
                &forms,
                "",
            )?)
        }
        Err(e) => Err(e),
    }
}
