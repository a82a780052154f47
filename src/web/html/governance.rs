//! The governance report page and its CSV and XLSX files: one `service::governance::report`
//! behind all three (and the API).

use super::render;
use crate::domain::governance::{ComplianceRow, TrendPoint};
use crate::domain::people_filter::PeopleQuery;
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::ListQuery;
use crate::service::governance::{self as svc, GovernanceQuery};
use crate::service::pulse::PulseSummary;
use crate::service::registration::Count;
use crate::store::governance::TypeCount;
use crate::web::AppState;
use crate::web::charts::trend_svg;
use crate::web::forms::{download, form_view, list_view, query_of};
use crate::web::report_files;
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use minijinja::{Value, context};
use serde::Serialize;

pub async fn page(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
) -> AppResult<Response> {
    let (q, f) = report_query(raw);
    let filter = crate::service::people_filter::parse(&f)?;
    let filter_form = crate::service::people_filter::form(&state.db, &actor, &f).await?;
    let range = match q.parse(state.today()) {
        Ok(r) => r,
        Err(e) => {
            let page = render(
                &state,
                &chrome,
                "governance.html",
                context! { report => (), form => form_view(&q, &e), filter_form => filter_form },
            )?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let read = svc::read(
        &state.db,
        &state.settings,
        &actor,
        range,
        &filter,
        state.today(),
    )
    .await?;
    let chart = trend_svg(&read.kept.trend, "trend");
    let files_qs = report_qs(&read.kept.from, &read.kept.to, &f);
    Ok(render(
        &state,
        &chrome,
        "governance.html",
        context! {
            report => PageReport::of(&read),
            chart => Value::from_safe_string(chart),
            files_qs => files_qs,
            form => form_view(&q, &Default::default()),
            filter_form => filter_form,
        },
    )?
    .into_response())
}

/// What the page shows of the report: its tables, and counts where the report has lists
/// (the lists have pages of their own). Borrowed from the kept report, so a request copies
/// none of its thousands of rows into the template.
#[derive(Serialize)]
struct PageReport<'a> {
    from: &'a str,
    to: &'a str,
    generated_on: &'a str,
    registration: PageRegistration<'a>,
    status_changes: &'a [Count],
    people: usize,
    overall: &'a ComplianceRow,
    by_team: &'a [ComplianceRow],
    by_employer: &'a [ComplianceRow],
    by_stage: &'a [ComplianceRow],
    by_type: &'a [TypeCount],
    trend: &'a [TrendPoint],
    overdue_count: usize,
    unconfirmed_count: usize,
    without_agreement: usize,
    amhps: usize,
    amhp_supervision_overdue: usize,
    pulse: Option<&'a PulseSummary>,
    capacity: &'a svc::Capacity,
}

#[derive(Serialize)]
struct PageRegistration<'a> {
    by_status: &'a [Count],
    not_recorded: usize,
    must_not_practise_count: usize,
    in_renewal_window: bool,
    renewal: &'a [Count],
}

impl<'a> PageReport<'a> {
    fn of(read: &'a svc::GovernanceRead) -> Self {
        let r = &*read.kept;
        let reg = &r.registration;
        PageReport {
            from: &r.from,
            to: &r.to,
            generated_on: &r.generated_on,
            registration: PageRegistration {
                by_status: &reg.by_status,
                not_recorded: reg.not_recorded,
                must_not_practise_count: reg.must_not_practise.len(),
                in_renewal_window: reg.in_renewal_window,
                renewal: &reg.renewal,
            },
            status_changes: &r.status_changes,
            people: r.people,
            overall: &r.overall,
            by_team: &r.by_team,
            by_employer: &r.by_employer,
            by_stage: &r.by_stage,
            by_type: &r.by_type,
            trend: &r.trend,
            overdue_count: r.overdue.len(),
            unconfirmed_count: r.unconfirmed.len(),
            without_agreement: r.without_agreement,
            amhps: r.amhps,
            amhp_supervision_overdue: r.amhp_supervision_overdue,
            pulse: read.pulse.as_ref(),
            capacity: &r.capacity,
        }
    }
}

/// The report's query as its page sends it: the range (the date inputs' day, month and year
/// fields joined into ISO text) and the people filter.
fn report_query(raw: Vec<(String, String)>) -> (GovernanceQuery, PeopleQuery) {
    let mut q = GovernanceQuery::default();
    let mut f = PeopleQuery::default();
    for (k, v) in crate::domain::dates::join_date_inputs(raw) {
        match k.as_str() {
            "from" => q.from = v,
            "to" => q.to = v,
            "team_id" => f.team_id = v,
            "employer_id" => f.employer_id = v,
            "career_stage" => f.career_stage = v,
            "registration" => f.registration = v,
            _ => {}
        }
    }
    (q, f)
}

/// The range and filter as a query string: what the files and the lists keep of the report.
fn report_qs(from: &str, to: &str, f: &PeopleQuery) -> String {
    let mut pairs = vec![("from", from), ("to", to)];
    pairs.extend(f.pairs());
    query_of(&pairs)
}

/// The people overdue or not yet supervised on the report's last day, a page at a time
/// (the report shows how many and links here, with its range and filter).
pub async fn overdue(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
    Query(list): Query<ListQuery>,
) -> AppResult<Response> {
    let (q, f) = report_query(raw);
    let range = svc::parse_range(&q, state.today())?;
    let filter = crate::service::people_filter::parse(&f)?;
    let page = svc::overdue_page(
        &state.db,
        &state.settings,
        &actor,
        range,
        &filter,
        &list,
        state.today(),
    )
    .await?;
    list_page(
        &state,
        &chrome,
        "governance/overdue.html",
        range,
        &f,
        &page,
        &list,
    )
}

/// Held sessions in the report's range not yet confirmed by the supervisee, a page at a time.
pub async fn unconfirmed(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(raw): Query<Vec<(String, String)>>,
    Query(list): Query<ListQuery>,
) -> AppResult<Response> {
    let (q, f) = report_query(raw);
    let range = svc::parse_range(&q, state.today())?;
    let filter = crate::service::people_filter::parse(&f)?;
    let page = svc::unconfirmed_page(&state.db, &actor, range, &filter, &list).await?;
    list_page(
        &state,
        &chrome,
        "governance/unconfirmed.html",
        range,
        &f,
        &page,
        &list,
    )
}

fn list_page<T: serde::Serialize>(
    state: &AppState,
    chrome: &Chrome,
    template: &str,
    range: svc::Range,
    f: &PeopleQuery,
    page: &crate::store::sql::Paged<T>,
    list: &ListQuery,
) -> AppResult<Response> {
    let (from, to) = (range.from.to_string(), range.to.to_string());
    let mut keep = vec![("from", from.as_str()), ("to", to.as_str())];
    keep.extend(f.pairs());
    Ok(render(
        state,
        chrome,
        template,
        context! {
            rows => list_view(page, list, &keep),
            from => from, to => to,
            report_qs => report_qs(&from, &to, f),
            filtered => !f.pairs().is_empty(),
        },
    )?
    .into_response())
}

async fn build(
    state: &AppState,
    actor: &Actor,
    q: &GovernanceQuery,
    f: &PeopleQuery,
) -> AppResult<svc::GovernanceReport> {
    let range = svc::parse_range(q, state.today())?;
    let filter = crate::service::people_filter::parse(f)?;
    svc::report(
        &state.db,
        &state.settings,
        actor,
        range,
        &filter,
        state.today(),
    )
    .await
}

pub async fn csv(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Response> {
    let r = build(&state, &actor, &q, &f).await?;
    let body = report_files::csv(&r);
    Ok(download(
        body,
        "text/csv; charset=utf-8",
        format!("governance-{}-to-{}.csv", r.from, r.to),
    ))
}

pub async fn xlsx(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    Query(q): Query<GovernanceQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Response> {
    let r = build(&state, &actor, &q, &f).await?;
    let body = report_files::xlsx(&r).map_err(|e| AppError::Internal(e.into()))?;
    Ok(download(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        format!("governance-{}-to-{}.xlsx", r.from, r.to),
    ))
}
