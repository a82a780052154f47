//! Who is due or overdue an appraisal, completion rates by team and employer, and the
//! golden thread across the organisation: dates and counts, never what an appraisal says.

use super::{goals, may_appraise};
use crate::config::Settings;
use crate::domain::appraisal::{self as rules, Completion, Standing, ThreadLine};
use crate::domain::supervision::add_months_back;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::{audit, kept, require};
use crate::store::Db;
use crate::store::appraisal::{self as store, PersonRow};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// One person's line: their standing, and what the reader may do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalPersonLine)]
pub struct PersonLine {
    pub practitioner_id: i64,
    pub name: String,
    pub team: Option<String>,
    pub employer: String,
    pub last_completed: Option<Date>,
    pub standing: Standing,
    /// The appraisal in progress, when the reader is its appraiser.
    pub open_id: Option<i64>,
    /// One is in progress with someone else.
    pub in_progress: bool,
    /// The reader may start one.
    pub may_start: bool,
}

/// A group's completion rate.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalRateLine)]
pub struct RateLine {
    pub name: String,
    pub completion: Completion,
    pub overdue: u32,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppraisalOverview {
    pub overall: Completion,
    pub overdue: u32,
    pub by_team: Vec<RateLine>,
    pub by_employer: Vec<RateLine>,
    /// Everyone in scope, those needing action first: overdue (longest first), due soon,
    /// then by due date.
    pub people: Vec<PersonLine>,
    /// Objectives set in the last period per goal (the organisation's leads only).
    pub thread: Vec<ThreadLine>,
    pub every_months: u32,
}

fn standing_of(p: &PersonRow, settings: &Settings, today: Date) -> Standing {
    rules::standing(p.start_date, p.last_completed, &settings.appraisal, today)
}

/// Who needs action first.
fn urgency(s: Standing) -> u8 {
    match s {
        Standing::Overdue { .. } => 0,
        Standing::DueSoon { .. } => 1,
        Standing::NotYetDue { .. } => 2,
        Standing::InDate { .. } => 3,
    }
}

/// Rates grouped by `key`, in name order.
fn rates(people: &[(PersonRow, Standing)], key: impl Fn(&PersonRow) -> String) -> Vec<RateLine> {
    let mut groups: BTreeMap<String, Vec<(Option<Date>, Standing)>> = BTreeMap::new();
    for (p, s) in people {
        groups
            .entry(key(p))
            .or_default()
            .push((p.last_completed, *s));
    }
    groups
        .into_iter()
        .map(|(name, list)| RateLine {
            name,
            completion: rules::completion(&list),
            overdue: list.iter().filter(|(_, s)| s.is_overdue()).count() as u32,
        })
        .collect()
}

/// What the overview shows of a scope, whoever reads it: kept between writes
/// (`service::kept`), so a large organisation's page costs what rendering it costs.
struct ScopeFigures {
    /// Everyone in scope with their standing, those needing action first.
    people: Vec<(PersonRow, Standing)>,
    overall: Completion,
    overdue: u32,
    by_team: Vec<RateLine>,
    by_employer: Vec<RateLine>,
    thread: Vec<ThreadLine>,
}

async fn scope_figures(
    db: &Db,
    settings: &Settings,
    scope: &PractitionerScope,
    today: Date,
) -> AppResult<ScopeFigures> {
    let rows = store::people(&db.pool, scope, today).await?;
    let mut people: Vec<(PersonRow, Standing)> = rows
        .into_iter()
        .map(|p| {
            let s = standing_of(&p, settings, today);
            (p, s)
        })
        .collect();
    people.sort_by_key(|(_, s)| (urgency(*s), s.due()));
    let all: Vec<(Option<Date>, Standing)> =
        people.iter().map(|(p, s)| (p.last_completed, *s)).collect();
    let thread = match scope {
        PractitionerScope::Organisation(org) => {
            let since = add_months_back(today, settings.appraisal.every_months);
            let set = store::objective_goals(&db.pool, *org, since).await?;
            rules::thread(&goals(db, *org).await?, &set).0
        }
        _ => Vec::new(),
    };
    Ok(ScopeFigures {
        overall: rules::completion(&all),
        overdue: all.iter().filter(|(_, s)| s.is_overdue()).count() as u32,
        by_team: rates(&people, |p| {
            p.team_name.clone().unwrap_or_else(|| "No team".into())
        }),
        by_employer: rates(&people, |p| p.employer_name.clone()),
        thread,
        people,
    })
}

/// The reader's scope's figures, kept or computed, with the read audited (a count: the
/// callers below audit the ids they show). A team manager's scope is their team and the
/// people whose agreements name them; the organisation for its leads.
async fn figures_for(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<std::sync::Arc<ScopeFigures>> {
    require(actor, Capability::ViewAppraisalCompletion)?;
    let scope = practitioner_scope(actor);
    let key = format!("appraisal overview|{scope:?}|{today}");
    let f = kept(db, key, || scope_figures(db, settings, &scope, today)).await?;
    audit(
        db,
        actor,
        "read",
        "appraisal_overview",
        "",
        format!("{} people", f.people.len()),
    )
    .await?;
    Ok(f)
}

/// One person's line as this reader sees it: the appraisal in progress is theirs to
/// continue only when they are its appraiser.
fn line_for(actor: &Actor, p: &PersonRow, s: Standing) -> PersonLine {
    let mine = p.open_appraiser == Some(actor.user_id);
    PersonLine {
        practitioner_id: p.id,
        name: p.name.clone(),
        team: p.team_name.clone(),
        employer: p.employer_name.clone(),
        last_completed: p.last_completed,
        standing: s,
        open_id: p.open_id.filter(|_| mine),
        in_progress: p.open_id.is_some() && !mine,
        may_start: may_appraise(actor, p.id, p.team_id) && p.open_id.is_none(),
    }
}

/// The overview without its people: rates, counts and the thread.
fn heading_of(f: &ScopeFigures, settings: &Settings) -> AppraisalOverview {
    AppraisalOverview {
        overall: f.overall,
        overdue: f.overdue,
        by_team: f.by_team.clone(),
        by_employer: f.by_employer.clone(),
        people: Vec::new(),
        thread: f.thread.clone(),
        every_months: settings.appraisal.every_months,
    }
}

/// How many in the reader's scope are overdue (the home page).
pub async fn overdue_count(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<u32> {
    Ok(figures_for(db, settings, actor, today).await?.overdue)
}

/// The overview with one page of its people (`list`), the ids shown audited.
pub async fn overview_page(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    list: &crate::service::ListQuery,
    today: Date,
) -> AppResult<(AppraisalOverview, crate::store::sql::Paged<PersonLine>)> {
    let f = figures_for(db, settings, actor, today).await?;
    let shown = crate::service::page_where(&f.people, |_| true, list);
    let page = crate::store::sql::Paged {
        items: shown
            .items
            .iter()
            .map(|(p, s)| line_for(actor, p, *s))
            .collect::<Vec<_>>(),
        total: shown.total,
        page: shown.page,
        page_size: shown.page_size,
    };
    let ids = page.items.iter().map(|p| p.practitioner_id);
    crate::service::audit_page(db, actor, "appraisal_overview", "", ids).await?;
    Ok((heading_of(&f, settings), page))
}

/// The overview with everyone in scope (the API), every id audited.
pub async fn overview_all(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<AppraisalOverview> {
    let f = figures_for(db, settings, actor, today).await?;
    let mut v = heading_of(&f, settings);
    v.people = f
        .people
        .iter()
        .map(|(p, s)| line_for(actor, p, *s))
        .collect();
    let ids = v.people.iter().map(|p| p.practitioner_id);
    crate::service::audit_page(db, actor, "appraisal_overview", "", ids).await?;
    Ok(v)
}

/// A practitioner's own: where they stand and their appraisals.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = MyAppraisals)]
pub struct Mine {
    pub standing: Standing,
    pub appraisals: Vec<store::HistoryLine>,
}

pub async fn mine(db: &Db, settings: &Settings, actor: &Actor, today: Date) -> AppResult<Mine> {
    require(actor, Capability::KeepOwnAppraisal)?;
    let id = actor.practitioner_id.ok_or(AppError::NotFound)?;
    let p = crate::service::access::practitioner_in_scope(db, actor, id).await?;
    let appraisals = store::history(&db.pool, id).await?;
    let last = appraisals.iter().filter_map(|a| a.completed_on).max();
    Ok(Mine {
        standing: rules::standing(p.start_date, last, &settings.appraisal, today),
        appraisals,
    })
}

/// The organisation's appraisal figures for the board report and the self-assessment.
#[derive(Debug, Clone, Default)]
pub struct OrgAppraisals {
    pub completion: Completion,
    /// Completed in the last period: how many, and how many shared feedback.
    pub completed: i64,
    pub with_feedback: i64,
}

pub async fn for_org(
    db: &Db,
    settings: &Settings,
    org: i64,
    today: Date,
) -> AppResult<OrgAppraisals> {
    let people = store::people(&db.pool, &PractitionerScope::Organisation(org), today).await?;
    let list: Vec<(Option<Date>, Standing)> = people
        .iter()
        .map(|p| (p.last_completed, standing_of(p, settings, today)))
        .collect();
    let since = add_months_back(today, settings.appraisal.every_months);
    let (completed, with_feedback) = store::completed_with_feedback(&db.pool, org, since).await?;
    Ok(OrgAppraisals {
        completion: rules::completion(&list),
        completed,
        with_feedback,
    })
}

/// Everyone whose appraisal is overdue, for the reminders job.
pub async fn reminder_facts(
    db: &Db,
    settings: &Settings,
    today: Date,
) -> AppResult<Vec<crate::domain::reminders::AppraisalFact>> {
    Ok(store::standings_all(&db.pool, today)
        .await?
        .into_iter()
        .filter_map(|(id, start, last, appraiser)| {
            let s = rules::standing(start, last, &settings.appraisal, today);
            s.is_overdue()
                .then_some(crate::domain::reminders::AppraisalFact {
                    practitioner_id: id,
                    due: s.due(),
                    appraiser,
                })
        })
        .collect())
}
