//! The organisation view's lists of people, a page at a time (the view shows how many and
//! links here, keeping its filter): shortfalls, re-approval due, approvals ending (by
//! quarter), refreshers and reports due, succession. Each calls `service::post_qualifying`.

use super::render;
use crate::domain::people_filter::PeopleQuery;
use crate::error::AppResult;
use crate::policy::Actor;
use crate::service::ListQuery;
use crate::service::post_qualifying::{self as svc, PqList};
use crate::web::AppState;
use crate::web::forms::{list_view, query_of};
use crate::web::templates::Chrome;
use axum::Extension;
use axum::extract::{Query, State};
use axum::response::Html;
use minijinja::context;
use serde::Deserialize;

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct QuarterQuery {
    /// A quarter like `2027-q1`; empty for every quarter.
    pub quarter: String,
}

/// What a list page says about itself.
struct About {
    title: String,
    intro: String,
    date_heading: &'static str,
    empty: &'static str,
}

#[allow(clippy::too_many_arguments)]
async fn people(
    state: &AppState,
    actor: &Actor,
    chrome: &Chrome,
    f: &PeopleQuery,
    list: &ListQuery,
    which: PqList,
    about: About,
    keep_extra: &[(&str, &str)],
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(f)?;
    let page = svc::people_page(
        &state.db,
        actor,
        state.today(),
        &state.settings,
        &filter,
        which,
        list,
    )
    .await?;
    let mut keep = f.pairs();
    keep.extend_from_slice(keep_extra);
    render(
        state,
        chrome,
        "post_qualifying/list.html",
        context! {
            rows => list_view(&page, list, &keep),
            title => about.title, intro => about.intro,
            date_heading => about.date_heading, empty => about.empty,
            overview_qs => query_of(&f.pairs()),
        },
    )
}

pub async fn reapproval_due(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(list): Query<ListQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Html<String>> {
    let about = About {
        title: "Re-approval due".into(),
        intro: "AMHPs within the reminder months of the end of their approval, soonest first."
            .into(),
        date_heading: "Approval ends",
        empty: "None due",
    };
    people(
        &state,
        &actor,
        &chrome,
        &f,
        &list,
        PqList::ReapprovalDue,
        about,
        &[],
    )
    .await
}

pub async fn approvals_ending(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(q): Query<QuarterQuery>,
    Query(list): Query<ListQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Html<String>> {
    let quarter = svc::parse_quarter(&q.quarter)?;
    let about = About {
        title: match quarter {
            Some(q) => format!(
                "Approvals ending {}",
                crate::domain::post_qualifying::quarter_label(q)
            ),
            None => "Approvals ending".into(),
        },
        intro: "Current AMHP approvals by the day they end.".into(),
        date_heading: "Approval ends",
        empty: "No current approvals",
    };
    let code = quarter.map(crate::domain::post_qualifying::quarter_code);
    let keep = [("quarter", code.as_deref().unwrap_or(""))];
    people(
        &state,
        &actor,
        &chrome,
        &f,
        &list,
        PqList::ApprovalsEnding(quarter),
        about,
        &keep,
    )
    .await
}

pub async fn due(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(list): Query<ListQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Html<String>> {
    let about = About {
        title: "Refreshers and reports due".into(),
        intro: "BIA refresher training and progress reports to the Ministry of Justice due soon or overdue, soonest first.".into(),
        date_heading: "Due",
        empty: "Nothing due",
    };
    people(&state, &actor, &chrome, &f, &list, PqList::Due, about, &[]).await
}

pub async fn shortfalls(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(list): Query<ListQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let (page, hours_needed) = svc::shortfalls_page(
        &state.db,
        &actor,
        state.today(),
        &state.settings,
        &filter,
        &list,
    )
    .await?;
    render(
        &state,
        &chrome,
        "post_qualifying/shortfalls.html",
        context! {
            rows => list_view(&page, &list, &f.pairs()),
            hours_needed => hours_needed,
            overview_qs => query_of(&f.pairs()),
        },
    )
}

pub async fn succession(
    State(state): State<AppState>,
    Extension(actor): Extension<Actor>,
    chrome: Chrome,
    Query(list): Query<ListQuery>,
    Query(f): Query<PeopleQuery>,
) -> AppResult<Html<String>> {
    let filter = crate::service::people_filter::parse(&f)?;
    let s = svc::succession_page(
        &state.db,
        &actor,
        state.today(),
        &state.settings,
        &filter,
        &list,
    )
    .await?;
    let rows = s.people.as_ref().map(|p| list_view(p, &list, &f.pairs()));
    render(
        &state,
        &chrome,
        "post_qualifying/list.html",
        context! {
            rows => rows,
            title => format!("Succession: AMHPs aged {} and over", s.succession.age),
            intro => if rows.is_some() {
                "Ages are special-category data: only the workforce lead sees who. This view is recorded."
            } else {
                "Ages are special-category data: only the workforce lead sees who."
            },
            succession => s.succession,
            date_heading => "Approval ends", empty => "No one",
            overview_qs => query_of(&f.pairs()),
        },
    )
}
