//! Organisations pages.

use super::render;
use crate::domain::organisation::OrganisationInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::ListQuery;
use crate::service::orgs;
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
) -> AppResult<Html<String>> {
    let paged = orgs::list(&state.db, &actor, &q).await?;
    render(
        &state,
        &chrome,
        "orgs/list.html",
        context! { list => list_view(&paged, &q, &[]) },
    )
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let org = orgs::get(&state.db, &actor, id).await?;
    let partnerships =
        crate::service::partnerships::with(&state.db, &actor, id, state.today()).await?;
    let can_edit = actor.can(Capability::EditOwnOrganisation) && actor.org_id == Some(id);
    render(
        &state,
        &chrome,
        "orgs/show.html",
        context! { org => org, partnerships => partnerships, can_edit => can_edit, own => actor.org_id == Some(id) },
    )
}

pub async fn edit_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    if actor.org_id != Some(id) {
        return Err(AppError::NotFound);
    }
    let org = orgs::get(&state.db, &actor, id).await?;
    render(
        &state,
        &chrome,
        "orgs/form.html",
        context! { org => org, form => form_view(&OrganisationInput::from_org(&org), &FieldErrors::default()) },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<OrganisationInput>,
) -> AppResult<Response> {
    let org = orgs::get(&state.db, &actor, id).await?;
    let result = match input.parse() {
        Ok(fields) => orgs::update(&state.db, &actor, id, &fields)
            .await
            .map(|_| ()),
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |()| Ok(see_other(&format!("/organisations/{id}?saved=1"))),
        async |errors| {
            render(
                &state,
                &chrome,
                "orgs/form.html",
                context! { org => org, form => form_view(&input, &errors) },
            )
        },
    )
    .await
}
