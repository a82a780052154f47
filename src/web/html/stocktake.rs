//! Returns to the national stocktake: the returns sent, an upload form, one return's cells,
//! and the templates to fill in (`service::stocktake`).

use super::render;
use crate::domain::stocktake::{Dimension, Measure};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::Actor;
use crate::service::stocktake::{self as svc, Sender, generated, national, returns};
use crate::service::uploads;
use crate::store::stocktake::Route;
use crate::web::AppState;
use crate::web::charts::share_bars_svg;
use crate::web::forms::{download, finish_form, form_view, see_other, uploaded_file};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Form, Multipart, Path, Query, State};
use axum::response::{Html, Response};
use minijinja::{Value, context};

/// The measures and dimensions, for the page that explains the layout.
fn layout() -> serde_json::Value {
    serde_json::json!({
        "measures": Measure::ALL.iter().map(|m| m.code()).collect::<Vec<_>>(),
        "dimensions": Dimension::ALL
            .iter()
            .map(|d| serde_json::json!({"code": d.code(), "categories": d.categories().join(", ")}))
            .collect::<Vec<_>>(),
    })
}

async fn returns_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let (problems, errors) = uploads::page_problems(&state.db, actor, errors).await?;
    let list = returns::list(&state.db, actor).await?;
    render(
        state,
        chrome,
        "stocktake/returns.html",
        context! {
            returns => list,
            national => actor.org_id.is_none(),
            layout => layout(),
            problems => problems,
            form => form_view(&(), &errors),
        },
    )
}

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
) -> AppResult<Html<String>> {
    let errors = match &chrome.too_large {
        Some(m) => FieldErrors::single("file", m.clone()),
        None => FieldErrors::default(),
    };
    returns_page(&state, &actor, &chrome, &errors).await
}

/// The uploaded return's name and bytes; a form sent with no file chosen (a browser sends
/// an empty, unnamed part) is asked for one.
async fn uploaded(form: Multipart) -> Result<(String, Vec<u8>), FieldErrors> {
    const MISSING: &str = "Select the return: a CSV or XLSX file";
    let (name, bytes) = uploaded_file(form, "return", MISSING).await?;
    if name.is_empty() && bytes.is_empty() {
        return Err(FieldErrors::single("file", MISSING));
    }
    Ok((name, bytes))
}

pub async fn upload(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    form: Multipart,
) -> AppResult<Response> {
    let result = match uploaded(form).await {
        Ok((name, bytes)) => {
            let sender = Sender::User(&actor, Route::Upload);
            svc::receive(&state.db, sender, &name, &bytes, state.today()).await
        }
        Err(e) => Err(AppError::Invalid(e)),
    };
    finish_form(
        result,
        async |r| Ok(see_other(&format!("/stocktake/returns/{}", r.id))),
        async |e| returns_page(&state, &actor, &chrome, &e).await,
    )
    .await
}

pub async fn show(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let r = returns::get(&state.db, &actor, id).await?;
    // WTE as a return writes it ("9.50"), beside the cell.
    let wte: Vec<String> = r
        .cell_list
        .iter()
        .map(|c| c.wte.map_or(String::new(), |w| format!("{w:.2}")))
        .collect();
    render(
        &state,
        &chrome,
        "stocktake/return.html",
        context! { r => r, wte => wte },
    )
}

/// The template as CSV (public: it holds no data, and organisations not using mhsw fill it
/// in too).
pub async fn template_csv() -> Response {
    download(
        crate::domain::stocktake::template_csv(),
        "text/csv; charset=utf-8",
        "stocktake-return-template.csv".into(),
    )
}

/// The template as an XLSX workbook.
pub async fn template_xlsx() -> AppResult<Response> {
    let body =
        crate::domain::stocktake::template_xlsx().map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "stocktake-return-template.xlsx".into(),
    ))
}

/// The review form's fields.
#[derive(Debug, serde::Deserialize)]
pub struct GenerateForm {
    pub collection_date: Option<String>,
    #[serde(default)]
    pub fingerprint: String,
}

async fn review_page(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    date_text: Option<&str>,
    errors: &FieldErrors,
) -> AppResult<Html<String>> {
    let today = state.today();
    let (generated, errors) = match generated::collection_date(date_text, today) {
        Ok(day) => (
            Some(generated::generate(&state.db, actor, day, today).await?),
            errors.clone(),
        ),
        Err(AppError::Invalid(e)) => (None, e),
        Err(e) => return Err(e),
    };
    let wte: Vec<String> = generated
        .iter()
        .flat_map(|g| &g.cells)
        .map(|c| c.wte.map_or(String::new(), |w| format!("{w:.2}")))
        .collect();
    let shown_date = date_text
        .map(str::to_string)
        .or_else(|| generated.as_ref().map(|g| g.collection_date.to_string()));
    render(
        state,
        chrome,
        "stocktake/generate.html",
        context! {
            g => generated,
            wte => wte,
            form => form_view(&serde_json::json!({"collection_date": shown_date}), &errors),
        },
    )
}

pub async fn review(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Html<String>> {
    // The date input's day, month and year fields, joined into ISO text.
    let date = crate::domain::dates::join_date_inputs(raw)
        .into_iter()
        .find(|(k, _)| k == "collection_date")
        .map(|(_, v)| v);
    review_page(
        &state,
        &actor,
        &chrome,
        date.as_deref(),
        &FieldErrors::default(),
    )
    .await
}

pub async fn send_generated(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Form(form): Form<GenerateForm>,
) -> AppResult<Response> {
    let today = state.today();
    let result = match generated::collection_date(form.collection_date.as_deref(), today) {
        Ok(day) => generated::send(&state.db, &actor, day, &form.fingerprint, today).await,
        Err(e) => Err(e),
    };
    let date = form.collection_date.as_deref();
    finish_form(
        result,
        async |r| Ok(see_other(&format!("/stocktake/returns/{}", r.id))),
        async |e| review_page(&state, &actor, &chrome, date, &e).await,
    )
    .await
}

/// A group's name as people read it: from the reference lists, or the stocktake's own
/// age groups, disability statuses and band groups.
pub(crate) fn group_label(dimension: &str, code: &str) -> String {
    let list = match dimension {
        "band" => "bands",
        "ethnic_category" => "ethnic_categories",
        "sex" => "sexes",
        "service_model" => "service_models",
        _ => "",
    };
    if !list.is_empty() {
        return crate::domain::reference::label_of(list, code);
    }
    let own = match code {
        "under_30" => "Under 30",
        "30_39" => "30 to 39",
        "40_49" => "40 to 49",
        "50_plus" => "50 and over",
        "not_known" | "unknown" => "Not known",
        "yes" => "Disabled",
        "no" => "Not disabled",
        "not_recorded" => "Not recorded",
        "5_and_below" => "Band 5 and below",
        "6" => "Band 6",
        "7" => "Band 7",
        "8a_to_8d" => "Bands 8a to 8d",
        "9_and_vsm" => "Band 9 and very senior managers",
        "council" => "Council grades",
        other => other,
    };
    own.to_string()
}

/// The national results at the query's `collection_date` (default: the latest).
async fn national_at(
    state: &AppState,
    actor: &Actor,
    raw: Vec<(String, String)>,
) -> AppResult<std::sync::Arc<national::NationalView>> {
    let date = raw
        .into_iter()
        .find(|(k, _)| k == "collection_date")
        .map(|(_, v)| v);
    let day = crate::web::api_stocktake::national_date(date.as_deref())?;
    let policy = state.settings.privacy.disclosure;
    national::view(&state.db, actor, policy, day).await
}

/// The national stocktake's results.
pub async fn national(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Html<String>> {
    let view = national_at(&state, &actor, raw).await?;
    let r = crate::domain::reference::reference();
    let region_labels: std::collections::BTreeMap<String, String> = r
        .regions
        .items
        .iter()
        .map(|i| (i.code.clone(), i.label.clone()))
        .collect();
    // Each England distribution's groups named, and drawn as bars beside its table.
    let mut labels = std::collections::BTreeMap::new();
    let mut charts = std::collections::BTreeMap::new();
    let bands: Vec<(String, Option<f64>)> = view
        .england_band_groups
        .iter()
        .map(|g| (group_label("band_group", &g.code), g.share))
        .collect();
    charts.insert(
        "band_groups".to_string(),
        Value::from_safe_string(share_bars_svg(
            &bands,
            "chart-bands",
            "England's people in post by band group, as shares",
        )),
    );
    for d in view.england.iter().flat_map(|e| &e.distributions) {
        let named: Vec<(String, Option<f64>)> = d
            .groups
            .iter()
            .map(|g| (group_label(&d.dimension, &g.code), g.share))
            .collect();
        for g in &d.groups {
            labels.insert(
                format!("{}|{}", d.dimension, g.code),
                group_label(&d.dimension, &g.code),
            );
        }
        let id = format!("chart-{}", d.dimension);
        let title = format!(
            "England's people in post by {}, as shares",
            d.dimension.replace('_', " ")
        );
        charts.insert(
            d.dimension.clone(),
            Value::from_safe_string(share_bars_svg(&named, &id, &title)),
        );
    }
    for g in &view.england_band_groups {
        labels.insert(
            format!("band_group|{}", g.code),
            group_label("band_group", &g.code),
        );
    }
    render(
        &state,
        &chrome,
        "stocktake/national.html",
        context! { v => view, region_labels => region_labels, labels => labels, charts => charts },
    )
}

/// The national results as XLSX.
pub async fn national_xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let view = national_at(&state, &actor, raw).await?;
    let Some(collected) = view.collection_date else {
        return Err(AppError::NotFound);
    };
    let body = crate::web::stocktake_xlsx::national_xlsx(&view)
        .map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("stocktake-{collected}.xlsx"),
    ))
}
