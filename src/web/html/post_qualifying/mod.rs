//! Post-qualifying role pages: the organisation view, a practitioner's record (AMHP approval
//! with hours per approval year, suspensions, other roles), and the forms to record an
//! approval, a suspension, a role, training hours and Mental Health Act assessments. Every
//! action calls `service::post_qualifying`, as the API does.

mod overview_page;

use super::render;
use crate::domain::post_qualifying::{ApprovalInput, EndReason, PqRole, RoleInput};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::post_qualifying::{
    self as svc, AssessmentsInput, SuspensionInput, TrainingInput,
};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    pub saved: String,
}

pub async fn overview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<SavedQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let o = svc::overview(&state.db, &actor, state.today(), &state.settings, &filter).await?;
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    let saved = (q.saved == "amhps_needed").then_some("The number of AMHPs needed is saved.");
    let quarters = svc::quarter_counts(&o);
    render(
        &state,
        &chrome,
        "post_qualifying/overview.html",
        context! {
            o => overview_page::OverviewPage::of(&o), quarters => quarters, people_qs => crate::web::forms::query_of(&f.pairs()),
            saved => saved, filter_form => filter_form,
        },
    )
}

pub async fn record(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let r = svc::record(
        &state.db,
        &actor,
        id,
        state.today(),
        &state.settings.post_qualifying,
    )
    .await?;
    let saved = match q.saved.as_str() {
        "approval" => "The AMHP approval is saved.",
        "suspension" => "The suspension is recorded.",
        "role" => "The role is saved.",
        "training" => "Your training hours are logged.",
        "assessments" => "The assessments are logged.",
        "removed" => "The entry is removed.",
        _ => "",
    };
    render(
        &state,
        &chrome,
        "post_qualifying/record.html",
        context! {
            r => r,
            saved => saved,
            can_manage => actor.can(Capability::ManagePostQualifying),
            can_log => svc::may_log(&actor, id),
        },
    )
}

/// Who is asking about whom, for the form helpers.
#[derive(Clone, Copy)]
struct On<'a> {
    state: &'a AppState,
    actor: &'a Actor,
    chrome: &'a Chrome,
    id: i64,
}

/// Renders one of the forms for person `id` with its values, errors and choices.
/// A stored day as a form field's value (empty when none).
fn iso(d: Option<time::Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

async fn form_page<T: Serialize>(
    on: &On<'_>,
    template: &str,
    values: &T,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let On {
        state,
        actor,
        chrome,
        id,
    } = *on;
    let r = svc::record(
        &state.db,
        actor,
        id,
        state.today(),
        &state.settings.post_qualifying,
    )
    .await?;
    let reasons: Vec<Value> = EndReason::ALL
        .iter()
        .map(|x| context! { code => x.code(), label => x.label() })
        .collect();
    let roles: Vec<Value> = PqRole::ALL
        .iter()
        .map(|x| context! { code => x.code(), label => x.label() })
        .collect();
    let stages: Vec<Value> = PqRole::ALL
        .iter()
        .flat_map(|x| x.stages().iter())
        .map(|(code, label)| context! { code => code, label => label })
        .collect();
    render(
        state,
        chrome,
        template,
        context! {
            r => r,
            form => form_view(values, errors),
            today => state.today().to_string(),
            reasons => reasons,
            roles => roles,
            stages => stages,
            years => state.settings.post_qualifying.amhp_approval_years,
        },
    )
}

/// After a POST: 303 to the record, or the form again with its errors (422).
async fn finish<T: Serialize>(
    on: &On<'_>,
    template: &str,
    input: &T,
    outcome: AppResult<()>,
    saved: &str,
) -> AppResult<Response> {
    finish_form(
        outcome,
        async |()| {
            Ok(see_other(&format!(
                "/practitioners/{}/post-qualifying?saved={saved}",
                on.id
            )))
        },
        async |e| form_page(on, template, input, &e).await,
    )
    .await
}

const APPROVAL: &str = "post_qualifying/approval_form.html";
const SUSPENSION: &str = "post_qualifying/suspension_form.html";
const ROLE: &str = "post_qualifying/role_form.html";
const TRAINING: &str = "post_qualifying/training_form.html";
const ASSESSMENTS: &str = "post_qualifying/assessments_form.html";

pub async fn approval_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let r = svc::record(
        &state.db,
        &actor,
        id,
        state.today(),
        &state.settings.post_qualifying,
    )
    .await?;
    let input = r
        .approval
        .as_ref()
        .map(|a| ApprovalInput::from_approval(&a.approval))
        .unwrap_or_default();
    form_page(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        APPROVAL,
        &input,
        &FieldErrors::default(),
    )
    .await
}

pub async fn save_approval(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ApprovalInput>,
) -> AppResult<Response> {
    let rules = &state.settings.post_qualifying;
    let outcome = svc::save_approval(&state.db, &actor, id, &input, state.today(), rules).await;
    finish(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        APPROVAL,
        &input,
        outcome,
        "approval",
    )
    .await
}

pub async fn suspension_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let input = SuspensionInput::default();
    form_page(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        SUSPENSION,
        &input,
        &FieldErrors::default(),
    )
    .await
}

pub async fn add_suspension(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<SuspensionInput>,
) -> AppResult<Response> {
    let outcome = svc::add_suspension(&state.db, &actor, id, &input).await;
    finish(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        SUSPENSION,
        &input,
        outcome,
        "suspension",
    )
    .await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RoleQuery {
    pub role: String,
}

pub async fn role_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<RoleQuery>,
) -> AppResult<Html<String>> {
    let r = svc::record(
        &state.db,
        &actor,
        id,
        state.today(),
        &state.settings.post_qualifying,
    )
    .await?;
    let input = r
        .roles
        .iter()
        .find(|x| x.record.role == q.role)
        .map(|x| RoleInput {
            role: x.record.role.clone(),
            qualified_on: iso(x.record.qualified_on),
            stage: x.record.stage.clone(),
            last_training_on: iso(x.record.last_training_on),
            allocations: x.record.allocations.to_string(),
            next_report_due: iso(x.record.next_report_due),
            notes: x.record.notes.clone(),
        })
        .unwrap_or(RoleInput {
            role: q.role,
            ..RoleInput::default()
        });
    form_page(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        ROLE,
        &input,
        &FieldErrors::default(),
    )
    .await
}

pub async fn save_role(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<RoleInput>,
) -> AppResult<Response> {
    let outcome = svc::save_role(&state.db, &actor, id, &input, state.today()).await;
    finish(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        ROLE,
        &input,
        outcome,
        "role",
    )
    .await
}

pub async fn training_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    svc::check_may_log(&state.db, &actor, id).await?;
    let input = TrainingInput::default();
    form_page(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        TRAINING,
        &input,
        &FieldErrors::default(),
    )
    .await
}

pub async fn log_training(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<TrainingInput>,
) -> AppResult<Response> {
    let outcome = svc::log_training(&state.db, &actor, id, &input, state.today()).await;
    finish(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        TRAINING,
        &input,
        outcome,
        "training",
    )
    .await
}

pub async fn assessments_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    svc::check_may_log(&state.db, &actor, id).await?;
    let input = AssessmentsInput::default();
    form_page(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        ASSESSMENTS,
        &input,
        &FieldErrors::default(),
    )
    .await
}

pub async fn log_assessments(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<AssessmentsInput>,
) -> AppResult<Response> {
    let outcome = svc::log_assessments(&state.db, &actor, id, &input, state.today()).await;
    finish(
        &On {
            state: &state,
            actor: &actor,
            chrome: &chrome,
            id,
        },
        ASSESSMENTS,
        &input,
        outcome,
        "assessments",
    )
    .await
}

/// Removes an entry logged by mistake (a button beside each entry on the record page).
/// The removal form: `activity_id`, and `confirm=yes` once the person has confirmed.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    pub activity_id: String,
    pub confirm: String,
}

pub async fn remove_activity(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(form): Form<RemoveForm>,
) -> AppResult<Response> {
    // An entry named but not yet confirmed: ask first. (No entry named at all is for the
    // service to refuse, naming the field.)
    if form.confirm != "yes" && form.activity_id.trim().parse::<i64>().is_ok() {
        // Asked first, naming the entry: only one the actor may remove, on this record.
        let r = svc::record(
            &state.db,
            &actor,
            id,
            state.today(),
            &state.settings.post_qualifying,
        )
        .await?;
        let entry = r
            .approval
            .as_ref()
            .and_then(|a| {
                a.activity
                    .iter()
                    .find(|x| x.id.to_string() == form.activity_id.trim())
            })
            .ok_or(AppError::NotFound)?;
        let what = if entry.kind == "training" {
            let h =
                crate::service::post_qualifying::hours(u32::try_from(entry.minutes).unwrap_or(0));
            let unit = if h == "1" { "hour" } else { "hours" };
            format!(
                "{h} {unit} of training on {}",
                crate::domain::dates::long(entry.on_date)
            )
        } else {
            format!(
                "{} Mental Health Act assessments on {}",
                entry.assessments,
                crate::domain::dates::long(entry.on_date)
            )
        };
        let page = render(
            &state,
            &chrome,
            "confirm.html",
            context! { c => context! {
                heading => "Remove this entry?",
                explanation => format!("{what} will be removed from {}'s AMHP record, and the hours or assessments counted for the year with it. The removal is kept in the audit log.", r.practitioner_name),
                yes => "Yes, remove it",
                no => "No, keep it",
                back => format!("/practitioners/{id}/post-qualifying"),
                fields => context! { activity_id => form.activity_id.trim() },
            } },
        )?;
        return Ok(axum::response::IntoResponse::into_response(page));
    }
    let input = svc::RemoveInput {
        activity_id: form.activity_id,
    };
    svc::remove_activity(&state.db, &actor, id, &input).await?;
    Ok(see_other(&format!(
        "/practitioners/{id}/post-qualifying?saved=removed"
    )))
}

mod lists;
pub use lists::*;
