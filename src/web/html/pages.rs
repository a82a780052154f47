//! Home, health, static information pages, the workforce view and "page not found".

use super::render;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::web::AppState;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use minijinja::context;

/// 200 when the database answers, 503 otherwise.
pub async fn health(State(state): State<AppState>) -> Response {
    if state.db.is_reachable().await {
        (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ok"})),
        )
            .into_response()
    } else {
        (
            StatusCode::SERVICE_UNAVAILABLE,
            axum::Json(serde_json::json!({"status": "database unreachable"})),
        )
            .into_response()
    }
}

pub async fn home(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let org = match actor.org_id {
        Some(id) => crate::store::orgs::get(&state.db.pool, id).await?,
        None => None,
    };
    let (caps, my_cpd) = cards(&state, &actor).await?;
    // The manager's and principal social worker's alert: people the register says must
    // not practise.
    let alerts = crate::service::registration::alerts(&state.db, &actor).await?;
    // Self-assessment actions the person owns that are overdue or due soon, and for the
    // principal social worker the organisation's overdue count.
    let today = state.today();
    let my_actions = crate::service::self_assessment::actions::mine_needing_attention(
        &state.db,
        &state.settings,
        &actor,
        today,
    )
    .await?;
    let org_actions = match actor.org_id {
        Some(o) if actor.can(Capability::ManageSelfAssessment) => Some(
            crate::service::self_assessment::actions::counts(&state.db, &state.settings, o, today)
                .await?,
        ),
        _ => None,
    };
    let needs =
        crate::service::home::needs_today(&state.db, &state.settings, &actor, today).await?;
    render(
        &state,
        &chrome,
        "home.html",
        context! { needs => needs, org => org, caps => caps, alerts => alerts, my_cpd => my_cpd, my_actions => my_actions, org_actions => org_actions, practitioner_id => own_record(&actor), roles => actor.roles.iter().map(|r| r.label()).collect::<Vec<_>>() },
    )
}

/// What the home and Development pages' cards need: the actor's capabilities, whether they
/// have an ASYE programme, and their own CPD readiness.
async fn cards(
    state: &AppState,
    actor: &Actor,
) -> AppResult<(minijinja::Value, Option<crate::domain::cpd::Readiness>)> {
    let caps = context! {
        practitioners => actor.can(Capability::ViewPractitioners),
        edit_practitioners => actor.can(Capability::EditPractitioners),
        teams => actor.can(Capability::ViewTeams),
        organisations => actor.can(Capability::ViewOrganisations),
        workforce => actor.can(Capability::ViewWorkforceAggregates),
        benchmark_distribution => actor.can(Capability::ViewBenchmarkDistribution),
        users => actor.can(Capability::ManageUsers),
        audit => actor.can(Capability::ViewAudit),
        equality => actor.can(Capability::ViewEqualityData),
        supervision => actor.can(Capability::ViewSupervisionDashboard),
        my_supervision => actor.can(Capability::ConfirmOwnSupervision),
        registration => actor.can(Capability::ViewRegistrationOverview),
        cpd_readiness => actor.can(Capability::ViewCpdReadiness),
        conversations => actor.can(Capability::KeepOwnConversations),
        asye_cohort => actor.can(Capability::ViewAsyeCohort),
        my_asye => match actor.practitioner_id {
            Some(p) if actor.can(Capability::ViewAsye) => {
                crate::service::asye::programme_start(&state.db, p).await?.is_some()
            }
            _ => false,
        },
        post_qualifying => actor.can(Capability::ViewPostQualifyingOverview),
        my_feedback => actor.practitioner_id.is_some() && actor.can(Capability::KeepOwnFeedback),
        feedback_overview => actor.can(Capability::ViewFeedbackOverview),
        feedback_questionnaires => actor.can(Capability::ManageFeedbackQuestionnaires),
        strategic_statement => actor.can(Capability::EditStrategicStatement),
        partnerships => actor.can(Capability::ViewPartnerships),
        self_assessment => actor.can(Capability::ViewSelfAssessment),
    };
    let my_cpd =
        crate::service::cpd::own_readiness(&state.db, &state.settings, actor, state.today())
            .await?;
    Ok((caps, my_cpd))
}

/// The Development page: CPD, the ASYE and post-qualifying roles, as the actor may use them.
pub async fn development(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let (caps, my_cpd) = cards(&state, &actor).await?;
    render(
        &state,
        &chrome,
        "development.html",
        context! { caps => caps, my_cpd => my_cpd, practitioner_id => own_record(&actor) },
    )
}

pub async fn accessibility(
    State(state): State<AppState>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    render(
        &state,
        &chrome,
        "accessibility.html",
        context! { contact => state.settings.deployment.contact_email.clone() },
    )
}

pub async fn privacy(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    render(
        &state,
        &chrome,
        "privacy.html",
        context! { contact => state.settings.deployment.contact_email.clone() },
    )
}

pub async fn not_found() -> AppError {
    AppError::NotFound
}

/// The reader's own practitioner record, when their roles let them open it (a data
/// protection officer's account may be linked to one they cannot).
fn own_record(actor: &Actor) -> Option<i64> {
    actor
        .practitioner_id
        .filter(|_| actor.can(Capability::ViewPractitioners))
}
