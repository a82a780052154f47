//! Supervision pages: the dashboard, a practitioner's record, one session (with the
//! supervisee's confirmation and the supervisor's record of it), and the agreement and
//! session forms. Every action calls `service::supervision`, as the API does.

use super::render;
use crate::domain::supervision::AgreementInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::supervision::{
    self as svc, CancelInput, ConfirmInput, HeldInput, SessionInput,
};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, page_of, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct DashboardQuery {
    pub mine: bool,
}

pub async fn dashboard(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<DashboardQuery>,
    Query(list): Query<crate::service::ListQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let d = svc::dashboard(
        &state.db,
        &state.settings,
        &actor,
        q.mine,
        &filter,
        state.today(),
    )
    .await?;
    let paged = page_of(&d.rows, &list);
    let mine = if q.mine { "true" } else { "" };
    let mut keep = vec![("mine", mine)];
    keep.extend(f.pairs());
    let rows = list_view(&paged, &list, &keep);
    let d = d.counts_only();
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    render(
        &state,
        &chrome,
        "supervision/dashboard.html",
        context! { d => d, rows => rows, mine => q.mine, filter_form => filter_form },
    )
}

/// "My supervision": the signed-in practitioner's own record.
pub async fn mine(Extension(actor): Extension<Actor>) -> AppResult<Response> {
    let id = actor.practitioner_id.ok_or(AppError::NotFound)?;
    Ok(see_other(&format!("/practitioners/{id}/supervision")))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    pub saved: String,
}

fn saved_message(code: &str) -> Option<&'static str> {
    match code {
        "agreement" => {
            Some("The agreement is saved. The other people named in it acknowledge it here.")
        }
        "acknowledged" => Some("You have acknowledged the agreement."),
        "session" => Some("The session is saved."),
        _ => None,
    }
}

pub async fn record(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    let shared_feedback = crate::service::feedback::results::can_see_shared(&state.db, &actor, id)
        .await?
        && actor.practitioner_id != Some(id);
    render(
        &state,
        &chrome,
        "supervision/record.html",
        context! { r => r, saved => saved_message(&q.saved), shared_feedback => shared_feedback },
    )
}

pub async fn acknowledge(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    svc::acknowledge(&state.db, &actor, id).await?;
    Ok(see_other(&format!(
        "/practitioners/{id}/supervision?saved=acknowledged"
    )))
}

/// Supervisors as select items; `partner`: they come from an AMHP service partner, and
/// the label says so.
fn select_items<'a>(
    choices: impl IntoIterator<Item = (&'a crate::store::supervision::Supervisor, bool)>,
) -> Value {
    Value::from_serialize(
        choices
            .into_iter()
            .map(|(s, partner)| {
                let mut label = if s.registered_social_worker {
                    format!("{} (registered social worker)", s.name)
                } else {
                    s.name.clone()
                };
                if partner {
                    label.push_str(", AMHP service partner");
                }
                serde_json::json!({"code": s.user_id, "label": label})
            })
            .collect::<Vec<_>>(),
    )
}

async fn agreement_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    input: &AgreementInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let choices = svc::agreement_choices(&state.db, actor, id).await?;
    let partners = svc::agreement_partner_amhp_choices(&state.db, actor, id).await?;
    let people = select_items(choices.iter().map(|s| (s, false)));
    let amhp_people = select_items(
        choices
            .iter()
            .map(|s| (s, false))
            .chain(partners.iter().map(|s| (s, true))),
    );
    let r = svc::record(&state.db, &state.settings, actor, id, state.today()).await?;
    render(
        state,
        chrome,
        "supervision/agreement_form.html",
        context! { practitioner_id => id, practitioner_name => r.practitioner_name, people => people, amhp_people => amhp_people, form => form_view(input, errors) },
    )
}

pub async fn agreement_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    let input = match r.agreement {
        Some(a) => AgreementInput {
            line_manager_user_id: a.line_manager_user_id.to_string(),
            professional_supervisor_user_id: a
                .professional_supervisor_user_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            amhp_supervisor_user_id: a
                .amhp_supervisor_user_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
            line_manager_functions: a.line_manager_functions,
            professional_supervisor_functions: a.professional_supervisor_functions,
            interval_days: a.interval_days.map(|d| d.to_string()).unwrap_or_default(),
            override_reason: a.override_reason,
            minimum_minutes: a.minimum_minutes.to_string(),
            starts_on: String::new(),
        },
        None => AgreementInput::default(),
    };
    agreement_page(&state, &actor, &chrome, id, &input, &FieldErrors::default()).await
}

pub async fn save_agreement(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<AgreementInput>,
) -> AppResult<Response> {
    finish_form(
        svc::save_agreement(
            &state.db,
            &state.settings,
            &actor,
            id,
            &input,
            state.today(),
        )
        .await,
        async |_| {
            Ok(see_other(&format!(
                "/practitioners/{id}/supervision?saved=agreement"
            )))
        },
        async |e| agreement_page(&state, &actor, &chrome, id, &input, &e).await,
    )
    .await
}

async fn session_form_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    input: &SessionInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    svc::agreement_choices(&state.db, actor, id).await?;
    let r = svc::record(&state.db, &state.settings, actor, id, state.today()).await?;
    let cancelled: Vec<serde_json::Value> = r
        .sessions
        .iter()
        .filter(|s| s.status == "cancelled" && !s.rebooked)
        .map(|s| serde_json::json!({"code": s.id, "label": format!("Cancelled session planned for {}", crate::domain::dates::long(s.scheduled_on))}))
        .collect();
    render(
        state,
        chrome,
        "supervision/session_form.html",
        context! { practitioner_id => id, practitioner_name => r.practitioner_name, cancelled => cancelled, form => form_view(input, errors) },
    )
}

pub async fn session_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let input = SessionInput {
        session_type: "professional".into(),
        date: state.today().to_string(),
        ..Default::default()
    };
    session_form_page(&state, &actor, &chrome, id, &input, &FieldErrors::default()).await
}

pub async fn add_session(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<SessionInput>,
) -> AppResult<Response> {
    finish_form(
        svc::add_session(&state.db, &actor, id, &input, state.today()).await,
        async |session_id| Ok(see_other(&format!("/supervision/sessions/{session_id}"))),
        async |e| session_form_page(&state, &actor, &chrome, id, &input, &e).await,
    )
    .await
}

async fn session_page<T: Serialize>(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    form: Option<(&T, &FieldErrors)>,
) -> AppResult<Html<String>> {
    let v = svc::session(&state.db, &state.settings, actor, id, state.today()).await?;
    let pulse_open = crate::service::pulse::open_for(
        &state.db,
        &state.settings,
        actor,
        &v.session,
        state.today(),
    )
    .await?;
    let form = form.map(|(input, errors)| form_view(input, errors));
    render(
        state,
        chrome,
        "supervision/session.html",
        context! { v => v, form => form, pulse_open => pulse_open },
    )
}

pub async fn session(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    session_page::<()>(&state, &actor, &chrome, id, None).await
}

/// After a session action: back to the session, or the page again with the errors.
async fn after<T: Serialize>(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    input: &T,
    result: AppResult<()>,
) -> AppResult<Response> {
    finish_form(
        result,
        async |()| Ok(see_other(&format!("/supervision/sessions/{id}"))),
        async |e| session_page(state, actor, chrome, id, Some((input, &e))).await,
    )
    .await
}

pub async fn record_held(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<HeldInput>,
) -> AppResult<Response> {
    let result = svc::record_held(&state.db, &actor, id, &input, state.today()).await;
    after(&state, &actor, &chrome, id, &input, result).await
}

pub async fn cancel(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<CancelInput>,
) -> AppResult<Response> {
    let result = svc::cancel(&state.db, &actor, id, &input, state.today()).await;
    after(&state, &actor, &chrome, id, &input, result).await
}

pub async fn confirm(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ConfirmInput>,
) -> AppResult<Response> {
    let result = svc::confirm(&state.db, &actor, id, &input).await;
    after(&state, &actor, &chrome, id, &input, result).await
}
