//! Users and roles (organisation admin).

use super::render;
use crate::domain::Role;
use crate::domain::user::UserInput;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::users;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};

fn role_choices() -> Value {
    Value::from_serialize(
        Role::ALL
            .iter()
            .filter(|r| **r != Role::NationalAnalyst)
            .map(|r| serde_json::json!({"code": r.code(), "label": r.label()}))
            .collect::<Vec<_>>(),
    )
}

pub async fn list(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let users = users::list(&state.db, &actor).await?;
    // How each signs in: a password, or the providers' labels ("NHSmail").
    let sso = &state.settings.sso;
    let signs_in_with = |u: &crate::store::users::User| -> Vec<String> {
        u.sso_providers
            .iter()
            .map(|name| sso.provider(name).map_or(name.clone(), |p| p.label.clone()))
            .collect()
    };
    let rows: Vec<_> = users
        .iter()
        .map(|u| serde_json::json!({"id": u.id, "email": u.email, "display_name": u.display_name, "active": u.active, "roles": u.roles.iter().map(|r| r.label()).collect::<Vec<_>>(), "signs_in_with": signs_in_with(u)}))
        .collect();
    render(
        &state,
        &chrome,
        "users/list.html",
        context! { users => rows },
    )
}

pub async fn new_page(State(state): State<AppState>, chrome: Chrome) -> AppResult<Html<String>> {
    let input = UserInput {
        active: "yes".into(),
        ..Default::default()
    };
    render(
        &state,
        &chrome,
        "users/form.html",
        context! { user => (), form => form_view(&input, &FieldErrors::default()), roles => role_choices() },
    )
}

pub async fn create(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(input): Form<UserInput>,
) -> AppResult<Response> {
    let result = match input.parse(actor.org_id) {
        Ok(parsed) => users::create(&state.db, &actor, &parsed).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    let shown = UserInput {
        password: String::new(),
        ..input
    };
    finish_form(
result,
async |_| Ok(see_other("/users?saved=1")),
async |errors| render(
            &state,
            &chrome,
            "users/form.html",
            context! { user => (), form => form_view(&shown, &errors), roles => role_choices() },
        ),
).await
}

pub async fn edit_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let user = users::get(&state.db, &actor, id).await?;
    render(
        &state,
        &chrome,
        "users/form.html",
        context! { form => form_view(&UserInput::from_user(&user), &FieldErrors::default()), user => user, roles => role_choices() },
    )
}

pub async fn edit(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<UserInput>,
) -> AppResult<Response> {
    let user = users::get(&state.db, &actor, id).await?;
    let result = match input.parse(actor.org_id) {
        Ok(parsed) => users::update(&state.db, &actor, id, &parsed).await,
        Err(e) => Err(AppError::Invalid(e)),
    };
    let shown = UserInput {
        password: String::new(),
        ..input
    };
    finish_form(
result,
async |_| Ok(see_other("/users?saved=1")),
async |errors| render(
            &state,
            &chrome,
            "users/form.html",
            context! { user => user, form => form_view(&shown, &errors), roles => role_choices() },
        ),
).await
}
