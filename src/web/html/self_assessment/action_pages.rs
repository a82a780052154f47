//! The self-assessment action plan pages: the plan, a new action, one action and its progress.

use super::*;
use crate::web::forms::finish_form;

pub async fn action_plan(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let p = actions::plan(&state.db, &state.settings, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "self_assessment/actions.html",
        context! { p => p, saved => q.saved },
    )
}

async fn new_action_page(
    state: &AppState,
    chrome: &Chrome,
    actor: &Actor,
    v: &CycleView,
    input: &ActionInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let people: Vec<Item> = crate::service::self_assessment::colleagues(&state.db, org)
        .await?
        .into_iter()
        .map(|c| Item {
            code: c.user_id.to_string(),
            label: c.display_name,
        })
        .collect();
    let criteria: Vec<Item> = v
        .domains
        .iter()
        .flat_map(|d| &d.criteria)
        .map(|c| Item {
            code: c.code.clone(),
            label: format!("{} {}", c.code, c.text),
        })
        .collect();
    render(
        state,
        chrome,
        "self_assessment/action_new.html",
        context! { v => v, people => people, criteria => criteria, form => form_view(input, errors), today => state.today().to_string() },
    )
}

pub async fn new_action_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
    let input = ActionInput {
        criterion_code: q.criterion,
        owner_user_id: actor.user_id.to_string(),
        ..Default::default()
    };
    new_action_page(&state, &chrome, &actor, &v, &input, &FieldErrors::default()).await
}

pub async fn add_action(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ActionInput>,
) -> AppResult<Response> {
    finish_form(
        actions::add(
            &state.db,
            &state.settings,
            &actor,
            id,
            &input,
            state.today(),
        )
        .await,
        async |action| {
            Ok(see_other(&format!(
                "/self-assessment/actions/{action}?saved=created"
            )))
        },
        async |e| {
            let v = svc::get(&state.db, &state.settings, &actor, id, None, state.today()).await?;
            new_action_page(&state, &chrome, &actor, &v, &input, &e).await
        },
    )
    .await
}

async fn action_page(
    state: &AppState,
    chrome: &Chrome,
    actor: &Actor,
    id: i64,
    input: Option<&ActionUpdateInput>,
    errors: &FieldErrors,
    saved: &str,
) -> AppResult<Html<String>> {
    let a = actions::get(&state.db, &state.settings, actor, id, state.today()).await?;
    let values = input.cloned().unwrap_or_else(|| ActionUpdateInput {
        status: a.line.action.status.clone(),
        due_on: a.line.action.due_on.to_string(),
        owner_user_id: a.line.action.owner_user_id.to_string(),
        note: String::new(),
    });
    let people: Vec<Item> = a
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
        "self_assessment/action.html",
        context! {
            a => a, people => people, statuses => items(actions::STATUSES),
            form => form_view(&values, errors), saved => saved,
            max_note => actions::MAX_NOTE_CHARS,
        },
    )
}

pub async fn action(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    action_page(
        &state,
        &chrome,
        &actor,
        id,
        None,
        &FieldErrors::default(),
        &q.saved,
    )
    .await
}

pub async fn update_action(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ActionUpdateInput>,
) -> AppResult<Response> {
    finish_form(
        actions::update(
            &state.db,
            &state.settings,
            &actor,
            id,
            &input,
            state.today(),
        )
        .await,
        async |()| {
            Ok(see_other(&format!(
                "/self-assessment/actions/{id}?saved=updated"
            )))
        },
        async |e| action_page(&state, &chrome, &actor, id, Some(&input), &e, "").await,
    )
    .await
}
