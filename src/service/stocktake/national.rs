//! The national stocktake's results at a collection date: England exact, regions through
//! the disclosure policy, and, for someone in an organisation, their own figures beside
//! their region's and England's (`domain::stocktake::national`).

use crate::domain::disclosure::DisclosurePolicy;
use crate::domain::reference::reference;
use crate::domain::stocktake::national::{self as spec, AreaFigures, OrgReturn, Publish, Totals};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::{audit, kept, require};
use crate::store::Db;
use crate::store::orgs;
use crate::store::stocktake as store;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use time::Date;

/// The change in England's figures since the collection before.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NationalChange {
    pub since: Date,
    pub headcount: i64,
    pub wte: f64,
    pub organisations: i64,
}

/// An organisation's own figures beside its region's and England's.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OwnComparison {
    pub organisation: String,
    /// Its own return's figures (its own data, exact).
    pub own: AreaFigures,
    pub region: String,
    pub region_label: String,
}

/// The national view.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NationalView {
    /// The collection date shown; none when no return has been counted yet.
    pub collection_date: Option<Date>,
    /// Every collection date with a counted return, newest first.
    pub collection_dates: Vec<Date>,
    pub england: Option<AreaFigures>,
    /// Shares of England's headcount by the band groups the 2019 stocktake reported.
    pub england_band_groups: Vec<spec::Group>,
    pub regions: Vec<AreaFigures>,
    pub change: Option<NationalChange>,
    /// The viewer's organisation, when they are in one that has a counted return.
    pub own: Option<OwnComparison>,
    /// The disclosure rule applied to regions, in words.
    pub disclosure_note: String,
}

/// The view at `date` (default: the latest collection), kept between writes (it reads
/// every counted return of two collections). Each read is audited, kept or not.
pub async fn view(
    db: &Db,
    actor: &Actor,
    policy: DisclosurePolicy,
    date: Option<Date>,
) -> AppResult<Arc<NationalView>> {
    require(actor, Capability::ViewWorkforceAggregates)?;
    let key = format!("stocktake-national|{date:?}|{:?}|{policy:?}", actor.org_id);
    let org = actor.org_id;
    let view = kept(db, key, || compute(db, org, policy, date)).await?;
    let about = view
        .collection_date
        .map_or(String::new(), |d| d.to_string());
    audit(db, actor, "view", "stocktake results", about, "").await?;
    Ok(view)
}

async fn compute(
    db: &Db,
    org: Option<i64>,
    policy: DisclosurePolicy,
    date: Option<Date>,
) -> AppResult<NationalView> {
    let dates = store::collection_dates(&db.pool).await?;
    let note = format!(
        "England's figures are exact, except that no group by ethnic category, sex or disability from 1 to {} is shown. Below England: {} Regional percentages are worked out from the figures as shown.",
        policy.suppress_up_to,
        policy.explanation()
    );
    let chosen = match date {
        None => dates.first().copied(),
        Some(d) if dates.contains(&d) => Some(d),
        Some(_) => {
            return Err(AppError::Invalid(FieldErrors::single(
                "collection_date",
                "No return has been counted for that collection date",
            )));
        }
    };
    let Some(day) = chosen else {
        return Ok(NationalView {
            collection_date: None,
            collection_dates: dates,
            england: None,
            england_band_groups: Vec::new(),
            regions: Vec::new(),
            change: None,
            own: None,
            disclosure_note: note,
        });
    };
    let organisations = orgs::all(&db.pool).await?;
    let region_of: BTreeMap<i64, (String, String)> = organisations
        .iter()
        .map(|o| (o.id, (o.region.clone(), o.name.clone())))
        .collect();
    let returns: Vec<OrgReturn> = store::counted_summaries(&db.pool, day)
        .await?
        .into_iter()
        .map(|(org_id, summary)| OrgReturn {
            org_id,
            region: region_of
                .get(&org_id)
                .map(|r| r.0.clone())
                .unwrap_or_default(),
            summary,
        })
        .collect();
    let regions: Vec<String> = reference()
        .regions
        .items
        .iter()
        .map(|i| i.code.clone())
        .collect();
    let (england, by_region) = spec::national(&returns, &regions, policy);
    let previous = dates.iter().find(|d| **d < day).copied();
    let change = match previous {
        None => None,
        Some(before) => {
            let was = store::england_totals(&db.pool, before).await?;
            Some(change_since(before, &england, was))
        }
    };
    let own = match org.filter(|id| returns.iter().any(|r| r.org_id == *id)) {
        None => None,
        Some(id) => Some(own_comparison(db, id, day, &region_of, policy).await?),
    };
    Ok(NationalView {
        collection_date: Some(day),
        collection_dates: dates,
        england_band_groups: band_groups(&england),
        england: Some(england),
        regions: by_region,
        change,
        own,
        disclosure_note: note,
    })
}

/// An organisation's own return's figures (exact), beside its region's.
async fn own_comparison(
    db: &Db,
    org: i64,
    day: Date,
    region_of: &BTreeMap<i64, (String, String)>,
    policy: DisclosurePolicy,
) -> AppResult<OwnComparison> {
    let cells: Vec<_> = store::counted_cells(&db.pool, day, Some(org))
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .collect();
    let (region, name) = region_of.get(&org).cloned().unwrap_or_default();
    Ok(OwnComparison {
        organisation: name,
        own: spec::area_figures(
            "own",
            &[Totals::of(&cells)],
            &spec::in_post_counts(&cells),
            Publish::Exact(policy),
            &spec::categories(),
        ),
        region_label: reference().regions.label(&region).to_string(),
        region,
    })
}

fn exact(s: crate::domain::disclosure::Shown) -> i64 {
    match s {
        crate::domain::disclosure::Shown::Value(v) => v as i64,
        crate::domain::disclosure::Shown::Suppressed => 0,
    }
}

/// The change in England's exact figures since `before`, whose headcount, WTE (in
/// hundredths) and count of returns are `was`.
fn change_since(before: Date, now: &AreaFigures, was: (u64, u64, usize)) -> NationalChange {
    let (headcount, wte, organisations) = was;
    NationalChange {
        since: before,
        headcount: exact(now.headcount) - headcount as i64,
        wte: ((now.wte.unwrap_or(0.0) - wte as f64 / 100.0) * 100.0).round() / 100.0,
        organisations: now.organisations as i64 - organisations as i64,
    }
}

/// England's band distribution in the 2019 stocktake's groups.
fn band_groups(england: &AreaFigures) -> Vec<spec::Group> {
    let Some(bands) = england.distributions.iter().find(|d| d.dimension == "band") else {
        return Vec::new();
    };
    let mut groups: Vec<(&'static str, i64)> = Vec::new();
    for g in &bands.groups {
        let name = spec::band_group(&g.code);
        match groups.iter_mut().find(|(n, _)| *n == name) {
            Some(e) => e.1 += exact(g.headcount),
            None => groups.push((name, exact(g.headcount))),
        }
    }
    let total: i64 = groups.iter().map(|(_, n)| n).sum();
    groups
        .into_iter()
        .map(|(code, n)| spec::Group {
            code: code.to_string(),
            headcount: crate::domain::disclosure::Shown::Value(n as u64),
            share: (total > 0).then(|| (n as f64 * 1000.0 / total as f64).round() / 10.0),
        })
        .collect()
}
