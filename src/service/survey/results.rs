//! A closed cycle's results for the reader's organisation: everyone's, one breakdown at a
//! time, the partner organisation's beside them, and the trend across the organisation's
//! earlier cycles. Nothing is read while a cycle is open.

use super::{CycleView, RECORD, get};
use crate::config::Settings;
use crate::domain::reference::label_of;
use crate::domain::survey::{
    self as rules, Breakdown, CycleResults, CycleState, Dimension, Instrument, Tallies, TrendPoint,
};
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::audit;
use crate::store::Db;
use crate::store::survey as store;
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// A group shown in a breakdown, named.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyGroup)]
pub struct GroupView {
    pub name: String,
    pub respondents: u64,
    /// Per cent agreeing, per standard in the instrument's order.
    pub agree_percents: Vec<u32>,
}

/// What the leads see of a cycle.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyResultsView)]
pub struct ResultsView {
    pub cycle: CycleView,
    /// The smallest group shown.
    pub min_group: u64,
    /// Everyone's results; none while the cycle is open or when too few answered.
    pub results: Option<CycleResults>,
    /// The partner organisation's staff's results, where they may be shown.
    pub partner: Option<CycleResults>,
    /// The breakdown asked for (`?by=`), where everyone's may be shown.
    #[schema(value_type = Option<String>)]
    pub by: Option<Dimension>,
    pub groups: Vec<GroupView>,
    /// Groups not shown, unnamed (too few, or hidden so that none can be worked out).
    pub hidden_groups: usize,
    /// The organisation's earlier closed cycles, oldest first, with this one last.
    pub trend: Vec<TrendPoint>,
}

/// The results of cycle `id` for the actor's organisation.
pub async fn results(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    by: Option<Dimension>,
    today: Date,
) -> AppResult<ResultsView> {
    let cycle = get(db, actor, id, today).await?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let by = by.filter(|d| *d != Dimension::Everyone);
    let mut view = ResultsView {
        min_group: settings.wellbeing_survey.min_group(),
        results: None,
        partner: None,
        by,
        groups: Vec::new(),
        hidden_groups: 0,
        trend: Vec::new(),
        cycle,
    };
    if view.cycle.state == CycleState::Open {
        audit(db, actor, "read", RECORD, id, "cycle (open: no results)").await?;
        return Ok(view);
    }
    let detail = match by {
        Some(d) => format!("results by {}", d.code()),
        None => "results".to_string(),
    };
    // A closed cycle takes no more answers, so its results are kept between writes.
    let key = format!("survey-results:{id}:{org}:{detail}:{today}");
    let c = crate::service::kept(db, key, || {
        computed(db, settings, org, &view.cycle, by, today)
    })
    .await?;
    view.results = c.results.clone();
    view.partner = c.partner.clone();
    view.groups = c.groups.clone();
    view.hidden_groups = c.hidden_groups;
    view.trend = c.trend.clone();
    audit(db, actor, "read", RECORD, id, detail).await?;
    Ok(view)
}

/// What a closed cycle's results page shows beside the cycle itself.
struct Computed {
    results: Option<CycleResults>,
    partner: Option<CycleResults>,
    groups: Vec<GroupView>,
    hidden_groups: usize,
    trend: Vec<TrendPoint>,
}

async fn computed(
    db: &Db,
    settings: &Settings,
    org: i64,
    cycle: &CycleView,
    by: Option<Dimension>,
    today: Date,
) -> AppResult<Computed> {
    let r = settings.wellbeing_survey;
    let instrument = rules::instrument(&cycle.instrument)
        .ok_or_else(|| anyhow::anyhow!("unknown survey instrument"))?;
    let tallies = store::tallies(&db.pool, cycle.id, org, by).await?;
    let results = rules::results(instrument, &tallies, r);
    let (mut groups, mut hidden_groups) = (Vec::new(), 0);
    if results.is_some()
        && let Some(d) = by
    {
        let b = rules::breakdown(instrument, &tallies, d, r);
        groups = named(db, &b).await?;
        hidden_groups = b.hidden_groups;
    }
    let partner = match partner_of(db, cycle.id, org).await? {
        Some(p) => {
            let t = store::tallies(&db.pool, cycle.id, p, None).await?;
            rules::results(instrument, &t, r)
        }
        None => None,
    };
    let trend = trend(db, settings, org, cycle, instrument, tallies, today).await?;
    Ok(Computed {
        results,
        partner,
        groups,
        hidden_groups,
        trend,
    })
}

/// The other organisation of a cycle run together.
async fn partner_of(db: &Db, id: i64, org: i64) -> AppResult<Option<i64>> {
    let row = store::get(&db.pool, id, org)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(match row.partner_org_id {
        Some(p) if row.org_id == org => Some(p),
        Some(_) => Some(row.org_id),
        None => None,
    })
}

/// Earlier closed cycles' standards against this one's, oldest first, this one last.
async fn trend(
    db: &Db,
    settings: &Settings,
    org: i64,
    this: &CycleView,
    instrument: &'static Instrument,
    this_tallies: Tallies,
    today: Date,
) -> AppResult<Vec<TrendPoint>> {
    let r = settings.wellbeing_survey;
    let mut earlier: Vec<(i64, String, &'static Instrument, Tallies)> = Vec::new();
    for c in store::cycles_for(&db.pool, org).await? {
        let before = (c.opened_on, c.id) < (this.opened_on, this.id);
        if !before || CycleState::of(c.closes_on, c.closed_on, today) != CycleState::Closed {
            continue;
        }
        let Some(i) = rules::instrument(&c.instrument) else {
            continue;
        };
        earlier.push((
            c.id,
            c.title,
            i,
            store::tallies(&db.pool, c.id, org, None).await?,
        ));
    }
    earlier.reverse();
    earlier.push((this.id, this.title.clone(), instrument, this_tallies));
    let refs: Vec<(i64, String, &Instrument, &Tallies)> = earlier
        .iter()
        .map(|(id, t, i, ta)| (*id, t.clone(), *i, ta))
        .collect();
    Ok(rules::trend(instrument, &refs, r))
}

/// Names each group shown.
async fn named(db: &Db, b: &Breakdown) -> AppResult<Vec<GroupView>> {
    let names = store::group_names(&db.pool, b.dimension).await?;
    let mut out: Vec<GroupView> = b
        .groups
        .iter()
        .map(|g| GroupView {
            name: group_name(b.dimension, &g.code, &names),
            respondents: g.respondents,
            agree_percents: g.agree_percents.clone(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

fn group_name(d: Dimension, code: &str, names: &HashMap<String, String>) -> String {
    if code == rules::NOT_RECORDED {
        return "Not recorded".into();
    }
    match d {
        Dimension::Team if code == "none" => "No team".into(),
        Dimension::Team | Dimension::Employer => names
            .get(code)
            .cloned()
            .unwrap_or_else(|| "A team or organisation no longer recorded".into()),
        Dimension::Role => label_of("role_categories", code),
        Dimension::CareerStage => label_of("career_stages", code),
        Dimension::EthnicGroup => match code {
            "white" => "White".into(),
            "bme" => "Black, Asian and minority ethnic".into(),
            _ => "Not stated or not known".into(),
        },
        Dimension::Disability => label_of("disability", code),
        Dimension::Sex => label_of("sexes", code),
        Dimension::Everyone => "Everyone".into(),
    }
}
