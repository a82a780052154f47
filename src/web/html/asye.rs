//! ASYE pages: the cohort, a practitioner's programme, and its forms (programme, review,
//! evidence, protected time, pause, end of pause, panel). One template serves every form.
//! Every action calls `service::asye`, as the API does.

use super::render;
use crate::domain::asye::{
    CohortStatus, EvidenceKind, PANEL_OUTCOMES, PAUSE_REASONS, REVIEW_OUTCOMES, ReviewPoint,
};
use crate::error::{AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::asye::{
    self as svc, EndPauseInput, EvidenceInput, PanelInput, PauseInput, ProgrammeInput, ReviewInput,
    SignOffInput, TimeInput,
};
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, query_of, see_other};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::response::{Html, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct CohortQuery {
    /// A status code (`domain::asye::CohortStatus::code`) to list only those people.
    pub status: String,
}

pub async fn cohort(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<CohortQuery>,
    Query(list): Query<crate::service::ListQuery>,
    Query(f): Query<crate::domain::people_filter::PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let status = svc::parse_status(&q.status)?;
    let c = svc::cohort_page(
        &state.db,
        &state.settings,
        &actor,
        &filter,
        status,
        &list,
        state.today(),
    )
    .await?;
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    let people_qs = query_of(&f.pairs());
    let mut keep = f.pairs();
    keep.push(("status", status.map_or("", |s| s.code())));
    let rows = list_view(&c.rows, &list, &keep);
    let statuses: Vec<Value> = CohortStatus::ALL
        .iter()
        .map(|s| context! { code => s.code(), label => s.label() })
        .collect();
    render(
        &state,
        &chrome,
        "asye/cohort.html",
        context! {
            c => c.counts, rows => rows, status => status.map(|s| s.code()),
            status_label => status.map(|s| s.label()), statuses => statuses,
            people_qs => people_qs, filter_form => filter_form,
        },
    )
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    pub saved: String,
}

fn saved_message(code: &str) -> Option<&'static str> {
    match code {
        "programme" => Some("The programme is saved."),
        "review" => Some("The review is recorded."),
        "evidence" => Some("The evidence is added."),
        "signed_off" => Some("The evidence is signed off."),
        "time" => Some("The protected time is logged."),
        "pause" => Some("The pause is recorded. Later reviews move by its length."),
        "pause_ended" => Some("The pause has ended."),
        "panel" => Some("The panel's outcome is recorded."),
        _ => None,
    }
}

fn items(list: &[(&str, &str)]) -> Vec<serde_json::Value> {
    list.iter()
        .map(|(c, l)| serde_json::json!({"code": c, "label": l}))
        .collect()
}

pub async fn record(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    let kinds: Vec<(&str, &str)> = EvidenceKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    let points: Vec<(&str, &str)> = ReviewPoint::ALL
        .iter()
        .map(|p| (p.code(), p.label()))
        .collect();
    render(
        &state,
        &chrome,
        "asye/record.html",
        context! {
            r => r,
            saved => saved_message(&q.saved),
            kinds => labels(&kinds),
            points => labels(&points),
            outcomes => labels(&REVIEW_OUTCOMES),
            panel_outcomes => labels(&PANEL_OUTCOMES),
            reasons => labels(&PAUSE_REASONS),
        },
    )
}

fn labels(list: &[(&str, &str)]) -> Value {
    Value::from_serialize(
        list.iter()
            .map(|(c, l)| (c.to_string(), l.to_string()))
            .collect::<std::collections::BTreeMap<_, _>>(),
    )
}

/// Which form, with what it needs besides its values.
#[derive(Clone, Copy)]
enum Kind {
    Programme,
    Review,
    Evidence,
    Time,
    Pause,
    EndPause,
    Panel,
}

impl Kind {
    fn code(self) -> &'static str {
        match self {
            Kind::Programme => "programme",
            Kind::Review => "review",
            Kind::Evidence => "evidence",
            Kind::Time => "time",
            Kind::Pause => "pause",
            Kind::EndPause => "end_pause",
            Kind::Panel => "panel",
        }
    }

    /// The `saved` message code after the form succeeds.
    fn saved(self) -> &'static str {
        match self {
            Kind::EndPause => "pause_ended",
            other => other.code(),
        }
    }
}

async fn form_page<T: Serialize>(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    kind: Kind,
    input: &T,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let r = svc::record(&state.db, &state.settings, actor, id, state.today()).await?;
    let assessors = match kind {
        Kind::Programme => svc::assessor_choices(&state.db, actor, id)
            .await?
            .iter()
            .map(|s| serde_json::json!({"code": s.user_id, "label": s.name}))
            .collect(),
        _ => Vec::new(),
    };
    let points: Vec<(&str, &str)> =
        ReviewPoint::planned(r.programme.as_ref().is_some_and(|p| p.nine_month_review))
            .iter()
            .map(|p| (p.code(), p.label()))
            .collect();
    let kinds: Vec<(&str, &str)> = EvidenceKind::ALL
        .iter()
        .map(|k| (k.code(), k.label()))
        .collect();
    render(
        state,
        chrome,
        "asye/form.html",
        context! {
            kind => kind.code(),
            r => r,
            assessors => assessors,
            points => items(&points),
            outcomes => items(&REVIEW_OUTCOMES),
            kinds => items(&kinds),
            reasons => items(&PAUSE_REASONS),
            panel_outcomes => items(&PANEL_OUTCOMES),
            form => form_view(input, errors),
        },
    )
}

/// Forms other than the programme's need a programme: without one, back to the record.
async fn needs_programme(state: &AppState, actor: &Actor, id: i64) -> AppResult<Option<Response>> {
    let r = svc::record(&state.db, &state.settings, actor, id, state.today()).await?;
    Ok(r.programme
        .is_none()
        .then(|| see_other(&format!("/practitioners/{id}/asye"))))
}

fn done(id: i64, saved: &str) -> Response {
    see_other(&format!("/practitioners/{id}/asye?saved={saved}"))
}

/// Renders the form again with its errors (422), or passes any other error on.
async fn or_form<T: Serialize>(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    kind: Kind,
    input: &T,
    result: AppResult<()>,
) -> AppResult<Response> {
    finish_form(
        result,
        async |()| Ok(done(id, kind.saved())),
        async |e| form_page(state, actor, chrome, id, kind, input, &e).await,
    )
    .await
}

pub async fn programme_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    let input = match r.programme {
        Some(p) => ProgrammeInput {
            assessor_user_id: p.assessor_user_id.to_string(),
            starts_on: p.starts_on.to_string(),
            agreement_on: p.agreement_on.map(|d| d.to_string()).unwrap_or_default(),
            agreement_notes: p.agreement_notes,
            nine_month_review: if p.nine_month_review { "yes" } else { "no" }.into(),
        },
        None => ProgrammeInput {
            starts_on: state.today().to_string(),
            nine_month_review: "no".into(),
            ..Default::default()
        },
    };
    let page = form_page(
        &state,
        &actor,
        &chrome,
        id,
        Kind::Programme,
        &input,
        &FieldErrors::default(),
    )
    .await?;
    Ok(axum::response::IntoResponse::into_response(page))
}

pub async fn save_programme(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ProgrammeInput>,
) -> AppResult<Response> {
    let result = svc::save_programme(&state.db, &state.settings, &actor, id, &input)
        .await
        .map(|_| ());
    or_form(&state, &actor, &chrome, id, Kind::Programme, &input, result).await
}

/// A GET form that needs a programme, shown with `input`.
async fn blank_form<T: Serialize>(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    kind: Kind,
    input: &T,
) -> AppResult<Response> {
    if let Some(back) = needs_programme(state, actor, id).await? {
        return Ok(back);
    }
    let page = form_page(
        state,
        actor,
        chrome,
        id,
        kind,
        input,
        &FieldErrors::default(),
    )
    .await?;
    Ok(axum::response::IntoResponse::into_response(page))
}

pub async fn review_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = svc::record(&state.db, &state.settings, &actor, id, state.today()).await?;
    let input = ReviewInput {
        point: r
            .standing
            .and_then(|s| s.next_review)
            .map(|l| l.point)
            .unwrap_or_default(),
        held_on: state.today().to_string(),
        ..Default::default()
    };
    blank_form(&state, &actor, &chrome, id, Kind::Review, &input).await
}

pub async fn save_review(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<ReviewInput>,
) -> AppResult<Response> {
    let result = svc::record_review(
        &state.db,
        &state.settings,
        &actor,
        id,
        &input,
        state.today(),
    )
    .await
    .map(|_| ());
    or_form(&state, &actor, &chrome, id, Kind::Review, &input, result).await
}

pub async fn evidence_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let input = EvidenceInput {
        occurred_on: state.today().to_string(),
        ..Default::default()
    };
    blank_form(&state, &actor, &chrome, id, Kind::Evidence, &input).await
}

pub async fn save_evidence(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<EvidenceInput>,
) -> AppResult<Response> {
    let result = svc::add_evidence(
        &state.db,
        &state.settings,
        &actor,
        id,
        &input,
        state.today(),
    )
    .await
    .map(|_| ());
    or_form(&state, &actor, &chrome, id, Kind::Evidence, &input, result).await
}

/// Signing off is one button per item on the record page; a bad id is a 422 error page.
pub async fn sign_off(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    Form(input): Form<SignOffInput>,
) -> AppResult<Response> {
    svc::sign_off(&state.db, &actor, id, &input).await?;
    Ok(done(id, "signed_off"))
}

pub async fn time_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let input = TimeInput {
        taken_on: state.today().to_string(),
        ..Default::default()
    };
    blank_form(&state, &actor, &chrome, id, Kind::Time, &input).await
}

pub async fn save_time(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<TimeInput>,
) -> AppResult<Response> {
    let result = svc::log_time(
        &state.db,
        &state.settings,
        &actor,
        id,
        &input,
        state.today(),
    )
    .await
    .map(|_| ());
    or_form(&state, &actor, &chrome, id, Kind::Time, &input, result).await
}

pub async fn pause_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let input = PauseInput {
        starts_on: state.today().to_string(),
        ..Default::default()
    };
    blank_form(&state, &actor, &chrome, id, Kind::Pause, &input).await
}

pub async fn save_pause(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<PauseInput>,
) -> AppResult<Response> {
    let result = svc::add_pause(&state.db, &state.settings, &actor, id, &input)
        .await
        .map(|_| ());
    or_form(&state, &actor, &chrome, id, Kind::Pause, &input, result).await
}

pub async fn end_pause_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let input = EndPauseInput {
        ends_on: state.today().to_string(),
    };
    blank_form(&state, &actor, &chrome, id, Kind::EndPause, &input).await
}

pub async fn save_end_pause(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<EndPauseInput>,
) -> AppResult<Response> {
    let result = svc::end_pause(&state.db, &state.settings, &actor, id, &input).await;
    or_form(&state, &actor, &chrome, id, Kind::EndPause, &input, result).await
}

pub async fn panel_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let input = PanelInput {
        panel_on: state.today().to_string(),
        ..Default::default()
    };
    blank_form(&state, &actor, &chrome, id, Kind::Panel, &input).await
}

pub async fn save_panel(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(input): Form<PanelInput>,
) -> AppResult<Response> {
    let result = svc::record_panel(
        &state.db,
        &state.settings,
        &actor,
        id,
        &input,
        state.today(),
    )
    .await;
    or_form(&state, &actor, &chrome, id, Kind::Panel, &input, result).await
}
