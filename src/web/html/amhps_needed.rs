//! The page where a principal social worker or workforce lead sets how many AMHPs the
//! organisation needs (`service::amhps_needed`).

use super::render;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::amhps_needed as svc;
use crate::web::AppState;
use crate::web::forms::invalid;
use crate::web::forms::{form_view, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::context;
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct NeededForm {
    pub amhps_needed: String,
}

async fn page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    form: &NeededForm,
    errors: &crate::error::FieldErrors,
) -> AppResult<axum::response::Html<String>> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let deployment = state.settings.post_qualifying.amhps_required;
    render(
        state,
        chrome,
        "post_qualifying/amhps_needed.html",
        context! {
            form => form_view(form, errors),
            deployment => (deployment > 0).then_some(deployment),
            current => svc::for_org(&state.db, &state.settings, org).await?,
        },
    )
}

pub async fn form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Response> {
    if !actor.can(Capability::ManagePostQualifying) {
        return Err(AppError::Forbidden);
    }
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let own = crate::store::orgs::amhps_required(&state.db.pool, org).await?;
    let form = NeededForm {
        amhps_needed: own.map(|n| n.to_string()).unwrap_or_default(),
    };
    Ok(page(&state, &actor, &chrome, &form, &Default::default())
        .await?
        .into_response())
}

pub async fn save(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(form): Form<NeededForm>,
) -> AppResult<Response> {
    match svc::parse(&form.amhps_needed) {
        Ok(needed) => {
            svc::set(&state.db, &actor, needed).await?;
            Ok(see_other("/post-qualifying?saved=amhps_needed"))
        }
        Err(errors) => invalid(page(&state, &actor, &chrome, &form, &errors).await?),
    }
}
