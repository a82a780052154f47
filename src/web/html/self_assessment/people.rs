//! Self-assessment pages about people: the leads of each domain and who took part.

use super::*;
use crate::web::forms::finish_form;

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
    finish_form(
        svc::assign_leads(&state.db, &state.settings, &actor, id, &input).await,
        async |()| {
            Ok(see_other(&format!(
                "/self-assessment/cycles/{id}?saved=leads"
            )))
        },
        async |e| {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            if !v.cycle.is_open() {
                return cycle_page(&state, &chrome, &v, "", &e).await;
            }
            leads_page(&state, &chrome, &v, &values, &e).await
        },
    )
    .await
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
    finish_form(
        svc::add_participant(&state.db, &actor, id, &input).await,
        async |_| {
            Ok(see_other(&format!(
                "/self-assessment/cycles/{id}/participants"
            )))
        },
        async |e| {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            if !v.cycle.is_open() {
                return cycle_page(&state, &chrome, &v, "", &e).await;
            }
            participants_page(&state, &chrome, &v, &input, &e).await
        },
    )
    .await
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
