//! Teams pages.

use super::render;
use crate::domain::team::TeamInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::practitioners::PractitionerQuery;
use crate::service::teams::{self, TeamFilter};
use crate::service::{ListQuery, practitioners};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::context;

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<ListQuery>,
    Query(f): Query<TeamFilter>,
) -> AppResult<Html<String>> {
    let paged = teams::list(&state.db, &actor, &q, &f).await?;
    render(
        &state,
        &chrome,
        "teams/list.html",
        context! {
            list => list_view(&paged, &q, &[("service_model", f.service_model.as_str())]),
            service_model => f.service_model,
            can_edit => actor.can(Capability::EditTeams),
        },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let team = teams::get(&state.db, &actor, id).await?;
    let members = if actor.can(Capability::ViewPractitioners) {
        let q = ListQuery {
            page_size: Some(100),
            ..Default::default()
        };
        let f = PractitionerQuery {
            team_id: id.to_string(),
            ..Default::default()
        };
        Some(practitioners::list(&state.db, &actor, &q, &f).await?.items)
    } else {
        None
    };
    render(
        &state,
        &chrome,
        "teams/show.html",
        context! { team => team, members => members, can_edit => actor.can(Capability::EditTeams) },
    )
}

pub async fn new_page(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    render(
        &state,
        &chrome,
        "teams/form.html",
        context! { team => (), form => form_view(&TeamInput::default(), &FieldErrors::default()) },
    )
}

pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<TeamInput>,
) -> AppResult<Response> {
    let result = match input.parse() {
        Ok(fields) => teams::create(&state.db, &actor, &fields).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |team| Ok(see_other(&format!("/teams/{}?saved=1", team.id))),
        async |errors| {
            render(
                &state,
                &chrome,
                "teams/form.html",
                context! { team => (), form => form_view(&input, &errors) },
            )
        },
    )
    .await
}

pub async fn edit_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let team = teams::get(&state.db, &actor, id).await?;
    render(
        &state,
        &chrome,
        "teams/form.html",
        context! { form => form_view(&TeamInput::from_team(&team), &FieldErrors::default()), team => team },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<TeamInput>,
) -> AppResult<Response> {
    let team = teams::get(&state.db, &actor, id).await?;
    let result = match input.parse() {
        Ok(fields) => teams::update(&state.db, &actor, id, &fields).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |_| Ok(see_other(&format!("/teams/{id}?saved=1"))),
        async |errors| {
            render(
                &state,
                &chrome,
                "teams/form.html",
                context! { team => team, form => form_view(&input, &errors) },
            )
        },
    )
    .await
}
