//! Practitioner pages.

use super::render;
use crate::domain::practitioner::PractitionerInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::practitioners::{self, PractitionerQuery};
use crate::service::{ListQuery, orgs};
use crate::store::teams;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
    Query(f): Query<PractitionerQuery>,
) -> AppResult<Html<String>> {
    let paged = practitioners::list(&state.db, &actor, &q, &f).await?;
    let people = f.people();
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &people).await?;
    let mut filters = people.pairs();
    filters.extend([
        ("pq_role", f.pq_role.as_str()),
        ("leavers", f.leavers.as_str()),
    ]);
    render(
        &state,
        &chrome,
        "practitioners/list.html",
        context! {
            list => list_view(&paged, &q, &filters),
            filter => Value::from_serialize(serde_json::json!({"pq_role": f.pq_role, "leavers": f.leavers})),
            filter_form => filter_form,
            can_edit => actor.can(Capability::EditPractitioners),
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let (p, equality) = practitioners::get(&state.db, &actor, id).await?;
    let history = if actor.can(Capability::EditPractitioners) {
        practitioners::post_history(&state.db, &actor, id).await?
    } else {
        Vec::new()
    };
    render(
        &state,
        &chrome,
        "practitioners/show.html",
        context! {
            p => p,
            equality => equality,
            history => history,
            can_edit => actor.can(Capability::EditPractitioners),
            can_see_supervision => actor.can(Capability::ViewSupervision),
            can_see_cpd => actor.can(Capability::ViewCpdReadiness),
            can_make_cards => actor.can(Capability::MakeFeedbackCards),
            can_see_asye => actor.can(Capability::ViewAsye),
        },
    )
}

/// Choices for the form: organisations the actor may place staff with and their teams.
/// `equality`: whether the equality fields are shown (the service says whether the actor
/// may handle this record's; a new record is the actor's organisation's own).
async fn choices(state: &AppState, actor: &Actor, equality: bool) -> AppResult<Value> {
    let orgs = orgs::placement_orgs(&state.db, actor).await?;
    let ids: Vec<i64> = orgs.iter().map(|o| o.id).collect();
    let teams = teams::for_orgs(&state.db.pool, &ids).await?;
    // Built here rather than in the template: a `set` inside a template loop is scoped to
    // that iteration, so accumulating a list there silently yields an empty one.
    let org_items: Vec<Value> = orgs
        .iter()
        .map(|o| context! { code => o.id, label => o.name })
        .collect();
    let team_items: Vec<Value> = teams
        .iter()
        .map(|t| context! { code => t.id, label => format!("{} ({})", t.name, t.org_name) })
        .collect();
    // The AMHP role is derived from approvals (`domain::pq_roles`): not a choice here.
    let pq_roles: Vec<Value> = crate::domain::reference()
        .post_qualifying_roles
        .items
        .iter()
        .filter(|i| !crate::domain::pq_roles::is_derived(&i.code))
        .map(|i| context! { code => i.code, label => i.label })
        .collect();
    Ok(context! {
        pq_roles => pq_roles,
        org_items => org_items,
        team_items => team_items,
        equality => equality,
    })
}

pub async fn new_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let org = actor.org_id.map(|o| o.to_string()).unwrap_or_default();
    let input = PractitionerInput {
        employer_org_id: org.clone(),
        host_org_id: org,
        wte: "1.0".into(),
        ..Default::default()
    };
    render(
        &state,
        &chrome,
        "practitioners/form.html",
        context! { p => (), form => form_view(&input, &FieldErrors::default()), choices => choices(&state, &actor, actor.can(Capability::ViewEqualityData)).await? },
    )
}

pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<PractitionerInput>,
) -> AppResult<Response> {
    let result = match input.parse(state.today()) {
        Ok((fields, eq)) => practitioners::create(&state.db, &actor, &fields, &eq).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
result,
async |id| Ok(see_other(&format!("/practitioners/{id}?saved=1"))),
async |errors| render(
            &state,
            &chrome,
            "practitioners/form.html",
            context! { p => (), form => form_view(&input, &errors), choices => choices(&state, &actor, actor.can(Capability::ViewEqualityData)).await? },
        ),
).await
}

pub async fn edit_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let (p, eq) = practitioners::get(&state.db, &actor, id).await?;
    let equality = eq.is_some();
    let input = PractitionerInput::from_practitioner(&p, &eq.unwrap_or_default());
    render(
        &state,
        &chrome,
        "practitioners/form.html",
        context! { p => p, form => form_view(&input, &FieldErrors::default()), choices => choices(&state, &actor, equality).await? },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<PractitionerInput>,
) -> AppResult<Response> {
    let (p, eq) = practitioners::get(&state.db, &actor, id).await?;
    let equality = eq.is_some();
    let result = match input.parse(state.today()) {
        Ok((fields, eq)) => {
            practitioners::update(&state.db, &actor, id, &fields, &eq, state.today()).await
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
result,
async |()| Ok(see_other(&format!("/practitioners/{id}?saved=1"))),
async |errors| render(
            &state,
            &chrome,
            "practitioners/form.html",
            context! { p => p, form => form_view(&input, &errors), choices => choices(&state, &actor, equality).await? },
        ),
).await
}
