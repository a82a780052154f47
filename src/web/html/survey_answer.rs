//! Answering the wellbeing survey: signed in (`/wellbeing-survey`), or from an emailed
//! single-use link (`/survey/{link}`, no sign-in, so it opens on a phone off the network).
//! After an answer the person lands on a thank-you page whose address holds no link.

use super::render;
use crate::domain::survey::SurveyInput;
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::survey::{self as svc, AnswerForm, LinkProblem};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, invalid, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;

fn form_page(
    state: &AppState,
    chrome: &Chrome,
    f: &AnswerForm,
    input: &SurveyInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let scale: Vec<_> = f
        .instrument
        .scale
        .iter()
        .enumerate()
        .map(|(i, label)| context! { code => (i + 1).to_string(), label => label })
        .collect();
    render(
        state,
        chrome,
        "survey/form.html",
        context! {
            f => f,
            scale => scale,
            form => form_view(&input.0, errors),
            min_group => state.settings.wellbeing_survey.min_group(),
        },
    )
}

fn problem_page(state: &AppState, chrome: &Chrome, p: LinkProblem) -> AppResult<Response> {
    Ok(render(
        state,
        chrome,
        "survey/problem.html",
        context! { problem => p },
    )?
    .into_response())
}

/// `GET /wellbeing-survey`: the surveys the reader was asked to answer that are open.
pub async fn mine(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let surveys = svc::mine(&state.db, &actor, state.today()).await?;
    let surveys: Vec<_> = surveys
        .into_iter()
        .map(|(f, answered)| context! { f => f, answered => answered })
        .collect();
    render(
        &state,
        &chrome,
        "survey/mine.html",
        context! { surveys => surveys },
    )
}

async fn own_form(state: &AppState, actor: &Actor, id: i64) -> AppResult<AnswerForm> {
    svc::mine(&state.db, actor, state.today())
        .await?
        .into_iter()
        .find(|(f, answered)| f.cycle_id == id && !answered)
        .map(|(f, _)| f)
        .ok_or(crate::error::AppError::NotFound)
}

/// `GET /wellbeing-survey/{id}`: the form, signed in.
pub async fn form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let f = own_form(&state, &actor, id).await?;
    form_page(
        &state,
        &chrome,
        &f,
        &SurveyInput::default(),
        &FieldErrors::default(),
    )
}

/// `POST /wellbeing-survey/{id}`: the answer, signed in.
pub async fn answer(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<SurveyInput>,
) -> AppResult<Response> {
    let result = svc::answer_as_invited(&state.db, &actor, id, &input, state.today()).await;
    finish_form(
        result,
        async |()| Ok(see_other("/survey/thank-you")),
        async |e| {
            let f = own_form(&state, &actor, id).await?;
            form_page(&state, &chrome, &f, &input, &e)
        },
    )
    .await
}

/// `GET /survey/{link}`: the form behind an emailed link.
pub async fn link_form(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(link): Path<String>,
) -> AppResult<Response> {
    match svc::form_by_link(&state.db, &link, state.today()).await? {
        Ok(f) => Ok(form_page(
            &state,
            &chrome,
            &f,
            &SurveyInput::default(),
            &FieldErrors::default(),
        )?
        .into_response()),
        Err(p) => problem_page(&state, &chrome, p),
    }
}

/// `POST /survey/{link}`: the answer through a link.
pub async fn link_answer(
    State(state): State<AppState>,
    chrome: Chrome,
    Path(link): Path<String>,
    Form(input): Form<SurveyInput>,
) -> AppResult<Response> {
    let today = state.today();
    match svc::answer_by_link(&state.db, &link, &input, today).await {
        Ok(Ok(())) => Ok(see_other("/survey/thank-you")),
        Ok(Err(p)) => problem_page(&state, &chrome, p),
        Err(crate::error::AppError::Invalid(e)) => {
            match svc::form_by_link(&state.db, &link, today).await? {
                Ok(f) => invalid(form_page(&state, &chrome, &f, &input, &e)?),
                Err(p) => problem_page(&state, &chrome, p),
            }
        }
        Err(e) => Err(e),
    }
}

/// `GET /survey/thank-you`.
pub async fn thanks(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    render(
        &state,
        &chrome,
        "survey/thanks.html",
        context! { min_group => state.settings.wellbeing_survey.min_group() },
    )
}
