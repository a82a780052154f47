//! Self-assessment pages about people: the leads of each domain and who took part.

use super::*;

async fn leads_page(
    state: &AppState,
    chrome: &Chrome,
    v: &CycleView,
    values: &BTreeMap<String, String>,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let people: Vec<Item> = v
        .colleagues
        .iter()
        .map(|c| Item {
            code: c.user_id.to_string(),
            label: c.display_name.clone(),
        })
        .collect();
    render(
        state,
        chrome,
        "self_assessment/leads.html",
        context! { v => v, people => people, form => form_view(values, errors) },
    )
}

pub async fn leads_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    crate::service::require(&actor, crate::policy::Capability::ManageSelfAssessment)?;
    let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
    let values: BTreeMap<String, String> = v
        .domains
        .iter()
        .map(|d| {
            (
                format!("lead_{}", d.code),
                d.lead
                    .as_ref()
                    .map(|l| l.user_id.to_string())
                    .unwrap_or_default(),
            )
        })
        .collect();
    leads_page(&state, &chrome, &v, &values, &FieldErrors::default()).await
}

pub async fn assign_leads(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(values): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let input: BTreeMap<String, String> = values
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("lead_").map(|d| (d.to_string(), v.clone())))
        .collect();
    match svc::assign_leads(&state.db, &state.settings, &actor, id, &input).await {
        Ok(()) => Ok(see_other(&format!(
            "/self-assessment/cycles/{id}?saved=leads"
        ))),
        Err(AppError::Invalid(e)) => {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            if !v.cycle.is_open() {
                return invalid(cycle_page(&state, &chrome, &v, "", &e).await?);
            }
            invalid(leads_page(&state, &chrome, &v, &values, &e).await?)
        }
        Err(e) => Err(e),
    }
}

async fn participants_page(
    state: &AppState,
    chrome: &Chrome,
    v: &CycleView,
    input: &ParticipantInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "self_assessment/participants.html",
        context! { v => v, kinds => items(PARTICIPANT_KINDS), form => form_view(input, errors) },
    )
}

pub async fn participants(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    crate::service::require(&actor, crate::policy::Capability::ManageSelfAssessment)?;
    let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
    participants_page(
        &state,
        &chrome,
        &v,
        &ParticipantInput::default(),
        &FieldErrors::default(),
    )
    .await
}

pub async fn add_participant(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ParticipantInput>,
) -> AppResult<Response> {
    match svc::add_participant(&state.db, &actor, id, &input).await {
        Ok(_) => Ok(see_other(&format!(
            "/self-assessment/cycles/{id}/participants"
        ))),
        Err(AppError::Invalid(e)) => {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            if !v.cycle.is_open() {
                return invalid(cycle_page(&state, &chrome, &v, "", &e).await?);
            }
            invalid(participants_page(&state, &chrome, &v, &input, &e).await?)
        }
        Err(e) => Err(e),
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct RemoveForm {
    pub participant_id: String,
}

pub async fn remove_participant(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(f): Form<RemoveForm>,
) -> AppResult<Response> {
    let Ok(pid) = f.participant_id.trim().parse::<i64>() else {
        let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
        let e = FieldErrors::single("kind", "Choose who to remove from the list");
        return invalid(
            participants_page(&state, &chrome, &v, &ParticipantInput::default(), &e).await?,
        );
    };
    svc::remove_participant(&state.db, &actor, id, pid).await?;
    Ok(see_other(&format!(
        "/self-assessment/cycles/{id}/participants"
    )))
}
