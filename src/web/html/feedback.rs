//! Feedback pages for signed-in people: the practitioner's own page (results, cards,
//! sharing, CPD), the printable cards, shared results for a supervisor, the admin's card
//! form, team and organisation views, and the questionnaire versions. Every action calls
//! `service::feedback`, as the API does.

use super::calendar::base_url;
use super::cpd::ShareForm;
use super::render;
use crate::domain::feedback::CardsInput;
use crate::domain::feedback::{Audience, QuestionRow, category_label};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::ListQuery;
use crate::service::feedback::cards::{self, CardView, MadeCards};
use crate::service::feedback::questionnaires::{self, AdaptInput};
use crate::service::feedback::results;
use crate::service::practitioners as practitioners_svc;
use crate::web::AppState;
use crate::web::forms::{finish_form, form_view, list_view, see_other};
use crate::web::qr;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Path, Query, State};
use axum::http::HeaderMap;
use axum::response::{Html, IntoResponse, Response};
use axum_extra::extract::Form;
use minijinja::{Value, context};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct SavedQuery {
    pub saved: String,
    /// The page of the practitioner's cards shown.
    pub page: Option<i64>,
}

fn audiences() -> Value {
    Value::from_serialize(
        Audience::ALL
            .iter()
            .map(|a| context! { code => a.code(), label => a.label() })
            .collect::<Vec<_>>(),
    )
}

/// The practitioner's own page: the kept results borrowed, and one page of their cards
/// (a practitioner who has made cards for years has thousands).
#[derive(Serialize)]
struct MinePage<'a> {
    practitioner_id: i64,
    summary: &'a crate::domain::feedback::Summary,
    shared_on: Option<time::Date>,
    cpd_record_id: Option<i64>,
    through: Option<&'a str>,
    own_threshold: u32,
    manager_threshold: u32,
    cards: Vec<CardView>,
    cards_total: usize,
}

async fn mine_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    input: &CardsInput,
    errors: &FieldErrors,
    saved: &str,
    cards_page: Option<i64>,
) -> AppResult<Html<String>> {
    let kept = results::mine(&state.db, &state.settings, actor, state.today()).await?;
    let q = ListQuery {
        page: cards_page,
        ..ListQuery::default()
    };
    let paged = crate::service::page_of(&kept.cards, &q);
    let cards_list = list_view(&paged, &q, &[]);
    let r = MinePage {
        practitioner_id: kept.practitioner_id,
        summary: &kept.summary,
        shared_on: kept.shared_on,
        cpd_record_id: kept.cpd_record_id,
        through: kept.through.as_deref(),
        own_threshold: kept.own_threshold,
        manager_threshold: kept.manager_threshold,
        cards_total: kept.cards.len(),
        cards: paged.items,
    };
    render(
        state,
        chrome,
        "feedback/mine.html",
        context! {
            r => r,
            cards_list => cards_list,
            through_label => kept.through.as_deref().map(results::month_label),
            form => form_view(input, errors),
            audiences => audiences(),
            max_cards => state.settings.feedback.max_cards_at_once,
            link_days => state.settings.feedback.link_valid_days,
            saved => saved,
        },
    )
}

/// `GET /feedback`.
pub async fn mine(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let input = CardsInput {
        audience: String::new(),
        count: "5".into(),
    };
    mine_page(
        &state,
        &actor,
        &chrome,
        &input,
        &FieldErrors::default(),
        &q.saved,
        q.page,
    )
    .await
}

/// A card as printed: the link, its QR code and the code to type.
#[derive(Serialize)]
struct PrintedCard {
    number: i64,
    url: String,
    display_code: String,
    qr: Value,
}

/// The printable cards, shown once on the response that made them.
fn cards_page(
    state: &AppState,
    chrome: &Chrome,
    headers: &HeaderMap,
    made: &MadeCards,
    back: &str,
) -> AppResult<Html<String>> {
    let base = base_url(state, headers);
    let printed: Vec<PrintedCard> = made
        .cards
        .iter()
        .map(|c| {
            let url = format!("{base}/f/{}", c.code);
            PrintedCard {
                qr: Value::from_safe_string(qr::svg(
                    &url,
                    &format!(
                        "QR code that opens the feedback form, code {}",
                        c.display_code
                    ),
                )),
                url,
                number: c.number,
                display_code: c.display_code.clone(),
            }
        })
        .collect();
    render(
        state,
        chrome,
        "feedback/cards.html",
        context! { made => made, cards => printed, base => base, back => back },
    )
}

/// `POST /feedback/cards`: makes the cards and shows them to print.
pub async fn make_own(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    headers: HeaderMap,
    Form(input): Form<CardsInput>,
) -> AppResult<Response> {
    finish_form(
        cards::make_own(&state.db, &state.settings, &actor, &input, state.today()).await,
        async |made| Ok(cards_page(&state, &chrome, &headers, &made, "/feedback")?.into_response()),
        async |e| mine_page(&state, &actor, &chrome, &input, &e, "", None).await,
    )
    .await
}

/// `POST /feedback/cards/{id}/withdraw`.
/// Whether a destructive form was confirmed: its confirmation page sends `confirm=yes`.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct Confirmed {
    pub confirm: String,
}

pub async fn withdraw(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Form(c): Form<Confirmed>,
) -> AppResult<Response> {
    if c.confirm != "yes" {
        // Asked first: a withdrawn card cannot work again. Only the owner's own cards.
        cards::own_card(&state.db, &actor, id).await?;
        let page = render(
            &state,
            &chrome,
            "confirm.html",
            context! { c => context! {
                heading => format!("Withdraw card number {id}?"),
                explanation => "The card will stop working at once, whether or not it has been used, and cannot work again. Make a new card if you need one.",
                yes => format!("Yes, withdraw card number {id}"),
                no => "No, keep it",
                back => "/feedback",
                fields => context! {},
            } },
        )?;
        return Ok(axum::response::IntoResponse::into_response(page));
    }
    cards::withdraw(&state.db, &actor, id).await?;
    Ok(see_other("/feedback?saved=withdrawn"))
}

/// `POST /feedback/share`.
pub async fn share(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Form(f): Form<ShareForm>,
) -> AppResult<Response> {
    let shared = f.shared == "yes";
    results::share(&state.db, &actor, shared, state.today()).await?;
    Ok(see_other(if shared {
        "/feedback?saved=shared"
    } else {
        "/feedback?saved=unshared"
    }))
}

/// `POST /feedback/cpd`: a draft CPD record reflecting on the results, opened to edit.
pub async fn draft_cpd(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Response> {
    finish_form(
        results::draft_cpd(&state.db, &state.settings, &actor, state.today()).await,
        async |id| Ok(see_other(&format!("/cpd/records/{id}/edit"))),
        async |e| {
            let input = CardsInput {
                audience: String::new(),
                count: "5".into(),
            };
            mine_page(&state, &actor, &chrome, &input, &e, "", None).await
        },
    )
    .await
}

async fn admin_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    id: i64,
    input: &CardsInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let (p, _) = practitioners_svc::get(&state.db, actor, id).await?;
    render(
        state,
        chrome,
        "feedback/admin_cards.html",
        context! {
            p => p,
            form => form_view(input, errors),
            audiences => audiences(),
            max_cards => state.settings.feedback.max_cards_at_once,
            link_days => state.settings.feedback.link_valid_days,
        },
    )
}

/// `GET /practitioners/{id}/feedback/cards`: the admin's card form.
pub async fn admin_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let input = CardsInput {
        audience: String::new(),
        count: "5".into(),
    };
    admin_page(&state, &actor, &chrome, id, &input, &FieldErrors::default()).await
}

/// `GET /practitioners/{id}/feedback`: the practitioner's shared results, for a supervisor
/// named in their agreement (or the practitioner, to see what their supervisors see).
pub async fn shared(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let s = results::shared(&state.db, &state.settings, &actor, id, state.today()).await?;
    let own = actor.practitioner_id == Some(id);
    render(
        &state,
        &chrome,
        "feedback/shared.html",
        context! { s => s, own => own },
    )
}

/// `POST /practitioners/{id}/feedback/cards`: an admin makes cards to post.
pub async fn make_for(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Form(input): Form<CardsInput>,
) -> AppResult<Response> {
    finish_form(
        cards::make_for(
            &state.db,
            &state.settings,
            &actor,
            id,
            &input,
            state.today(),
        )
        .await,
        async |made| {
            let back = format!("/practitioners/{id}/feedback");
            Ok(cards_page(&state, &chrome, &headers, &made, &back)?.into_response())
        },
        async |e| admin_page(&state, &actor, &chrome, id, &input, &e).await,
    )
    .await
}

/// `GET /feedback/overview`.
pub async fn overview(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let o = results::overview(&state.db, &state.settings, &actor, state.today()).await?;
    render(
        &state,
        &chrome,
        "feedback/overview.html",
        context! { o => o },
    )
}

/// `GET /feedback/questionnaires`.
pub async fn questionnaires_page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<SavedQuery>,
) -> AppResult<Html<String>> {
    let list = questionnaires::list(&state.db, &actor).await?;
    render(
        &state,
        &chrome,
        "feedback/questionnaires.html",
        context! { list => list, saved => q.saved },
    )
}

fn parse_audience(s: &str) -> AppResult<Audience> {
    Audience::parse(s).map_err(|_| AppError::NotFound)
}

/// Blank rows the adapt form offers for new questions.
const NEW_ROWS: usize = 3;

fn categories() -> Value {
    Value::from_serialize(
        crate::domain::feedback::CATEGORIES
            .iter()
            .map(|(c, _)| context! { code => c, label => category_label(c) })
            .collect::<Vec<_>>(),
    )
}

async fn adapt_page(
    state: &AppState,
    chrome: &Chrome,
    audience: Audience,
    input: &AdaptInput,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    render(
        state,
        chrome,
        "feedback/adapt.html",
        context! {
            audience => audience.code(),
            audience_label => audience.label(),
            input => input,
            form => form_view(input, errors),
            categories => categories(),
        },
    )
}

/// `GET /feedback/questionnaires/{audience}/adapt`: starts from the version in use.
pub async fn adapt_form(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(audience): Path<String>,
) -> AppResult<Html<String>> {
    let audience = parse_audience(&audience)?;
    let list = questionnaires::list(&state.db, &actor).await?;
    let current = list
        .iter()
        .find(|a| a.audience == audience)
        .and_then(|a| a.versions.first())
        .ok_or(AppError::NotFound)?;
    let q = &current.questionnaire;
    let input = AdaptInput {
        title: q.title.clone(),
        easy_read_title: q.easy_read_title.clone(),
        questions: questionnaires::rows_for(q, NEW_ROWS),
        co_produced_with: String::new(),
        change_note: String::new(),
    };
    adapt_page(&state, &chrome, audience, &input, &FieldErrors::default()).await
}

/// The adapt form's rows from its numbered fields (`code_1`, `text_1`, ...).
fn rows_from(fields: &BTreeMap<String, String>) -> Vec<QuestionRow> {
    let get = |k: String| fields.get(&k).cloned().unwrap_or_default();
    let count = get("rows".into())
        .parse::<usize>()
        .unwrap_or(0)
        .min(crate::domain::feedback::MAX_QUESTIONS + NEW_ROWS);
    (1..=count)
        .map(|i| QuestionRow {
            code: get(format!("code_{i}")),
            category: get(format!("category_{i}")),
            text: get(format!("text_{i}")),
            easy_read: get(format!("easy_read_{i}")),
            remove: get(format!("remove_{i}")) == "yes",
        })
        .collect()
}

/// `POST /feedback/questionnaires/{audience}/adapt`.
pub async fn adapt(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(audience): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let audience = parse_audience(&audience)?;
    let get = |k: &str| fields.get(k).cloned().unwrap_or_default();
    let input = AdaptInput {
        title: get("title"),
        easy_read_title: get("easy_read_title"),
        questions: rows_from(&fields),
        co_produced_with: get("co_produced_with"),
        change_note: get("change_note"),
    };
    finish_form(
        questionnaires::adapt(&state.db, &actor, audience, &input, state.today()).await,
        async |_| Ok(see_other("/feedback/questionnaires?saved=version")),
        async |e| adapt_page(&state, &chrome, audience, &input, &e).await,
    )
    .await
}
