//! Self-assessment views of a whole cycle: comparison between cycles, the XLSX export and the print page.

use super::*;

pub async fn compare(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let v = svc::get(
        &state.db,
        &state.settings,
        &actor,
        id,
        q.with,
        state.today(),
    )
    .await?;
    let o = svc::overview(&state.db, &state.settings, &actor, state.today()).await?;
    let others: Vec<Item> = o
        .cycles
        .iter()
        .filter(|c| c.id != id && c.framework_code == v.cycle.framework_code)
        .map(|c| Item {
            code: c.id.to_string(),
            label: format!(
                "{} (opened {})",
                c.title,
                crate::domain::dates::long(c.opened_on)
            ),
        })
        .collect();
    render(
        &state,
        &chrome,
        "self_assessment/compare.html",
        context! { v => v, changes => change_counts(&v), others => others, radar => radar(&v) },
    )
}

pub async fn export_xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let v = svc::get(
        &state.db,
        &state.settings,
        &actor,
        id,
        q.with,
        state.today(),
    )
    .await?;
    let bytes = crate::web::report_files::self_assessment_xlsx(&v).map_err(|e| {
        AppError::Internal(anyhow::anyhow!("building the self-assessment XLSX: {e}"))
    })?;
    Ok(download(
        bytes,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("self-assessment-{id}-{}.xlsx", v.cycle.framework_code),
    ))
}

pub async fn print(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Path(id): Path<i64>,
    Query(q): Query<PageQuery>,
) -> AppResult<Html<String>> {
    let v = svc::get(
        &state.db,
        &state.settings,
        &actor,
        id,
        q.with,
        state.today(),
    )
    .await?;
    render(
        &state,
        &chrome,
        "self_assessment/print.html",
        context! { v => v, radar => radar(&v), printed_on => state.today().to_string() },
    )
}
