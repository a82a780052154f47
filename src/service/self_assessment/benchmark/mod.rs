//! Benchmarking, not league tables (issue 6). With its consent, an organisation's latest
//! signed-off cycle on a framework joins the national view. An organisation sees where it
//! stands against the median and quartiles of the other organisations (all, the same type,
//! the same region), never a name or a rank, and only when it has itself consented and
//! signed off a cycle (give to get). The national analyst sees the distribution per
//! criterion. Any group with fewer organisations than
//! `[self_assessment] benchmark_min_organisations` (never below 3) shows no figures.
//!
//! Everything is computed when read from `store::benchmark::latest_ratings`, which checks
//! consent in the query: withdrawing takes an organisation out of every view at once.

use super::{frameworks, own_org};
use crate::config::Settings;
use crate::domain::reference;
use crate::domain::self_assessment::Framework;
use crate::domain::self_assessment::scoring::{self, Position, Quartiles};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::service::{audit, require};
use crate::store::Db;
use crate::store::benchmark::{self as store, BenchmarkCycle};
use crate::store::self_assessment as sa_store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;

const RECORD: &str = "self_assessment_benchmark";

/// The framework shown when none is asked for (if it is loaded).
pub const DEFAULT_FRAMEWORK: &str = "hee-considerations";

/// The page an organisation compares itself on; the lead's self-assessment pages link here.
pub const BENCHMARK_PATH: &str = "/self-assessment/benchmark";

/// What shows in place of figures for a group below the threshold.
pub fn suppressed_message(threshold: usize) -> String {
    format!("Fewer than {threshold} organisations took part")
}

/// A framework to choose from.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkFramework {
    pub code: String,
    pub short_title: String,
}

fn choose_framework(
    settings: &Settings,
    code: Option<&str>,
) -> AppResult<(Arc<Framework>, Vec<BenchmarkFramework>)> {
    let all = frameworks(settings)?;
    let latest = all.latest();
    let choices = latest
        .iter()
        .map(|f| BenchmarkFramework {
            code: f.framework.code.clone(),
            short_title: f.framework.short_title.clone(),
        })
        .collect();
    let f = match code.map(str::trim).filter(|c| !c.is_empty()) {
        Some(c) => all.latest_of(c).ok_or(AppError::NotFound)?,
        None => all
            .latest_of(DEFAULT_FRAMEWORK)
            .or_else(|| latest.first().cloned())
            .ok_or(AppError::NotFound)?,
    };
    Ok((f, choices))
}

/// Records whether the actor's organisation joins the benchmark. Withdrawing takes its
/// ratings out of every peer's and the national view at once.
pub async fn consent(db: &Db, actor: &Actor, consented: bool) -> AppResult<()> {
    let org = own_org(actor, Capability::ManageSelfAssessment)?;
    let mut tx = Write::begin(db, actor).await?;
    sa_store::set_consent(&mut tx, org, consented, actor.user_id).await?;
    tx.commit(
        "update",
        "self_assessment_benchmark_consent",
        org,
        if consented {
            "joined the benchmark"
        } else {
            "withdrew from the benchmark"
        },
    )
    .await?;
    Ok(())
}

/// One organisation's values: per criterion its rating, per domain the mean of its rated
/// criteria. Criteria are matched by code against `f` (the framework's newest version), so
/// cycles on earlier versions count for the criteria that still exist.
#[derive(Debug, Clone, PartialEq)]
pub struct OrgValues {
    pub org_id: i64,
    pub org_type: String,
    pub region: String,
    pub criteria: BTreeMap<String, f64>,
    pub domains: BTreeMap<String, f64>,
}

/// Each organisation's values from its latest cycle's ratings.
pub fn org_values(f: &Framework, cycles: &[BenchmarkCycle]) -> Vec<OrgValues> {
    let max = i64::from(f.scale.max());
    cycles
        .iter()
        .map(|c| {
            let criteria: BTreeMap<String, f64> = c
                .ratings
                .iter()
                .filter(|(code, r)| (1..=max).contains(r) && f.criterion(code).is_some())
                .map(|(code, r)| (code.clone(), *r as f64))
                .collect();
            let domains = f
                .domains
                .iter()
                .filter_map(|d| {
                    let rated: Vec<f64> = d
                        .criteria
                        .iter()
                        .filter_map(|c| criteria.get(&c.code).copied())
                        .collect();
                    (!rated.is_empty()).then(|| {
                        (
                            d.code.clone(),
                            rated.iter().sum::<f64>() / rated.len() as f64,
                        )
                    })
                })
                .collect();
            OrgValues {
                org_id: c.org_id,
                org_type: c.org_type.clone(),
                region: c.region.clone(),
                criteria,
                domains,
            }
        })
        .filter(|o| !o.criteria.is_empty())
        .collect()
}

/// A peer group as the organisation sees it: how many organisations, or why not.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkPeerGroup {
    /// `all`, `type` or `region`.
    pub key: String,
    pub label: String,
    /// Organisations in the group, when at least the threshold.
    pub organisations: Option<usize>,
    /// "Fewer than N organisations took part", when below it.
    pub suppressed: Option<String>,
}

/// The organisation's value against one peer group.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkComparison {
    /// `all`, `type` or `region`.
    pub group: String,
    pub quartiles: Option<Quartiles>,
    pub position: Option<Position>,
    pub position_label: Option<String>,
    pub suppressed: Option<String>,
}

/// A domain or criterion: the organisation's own value and each group's comparison.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkLine {
    pub code: String,
    /// The domain's title or the criterion's text.
    pub text: String,
    /// Own rating (criterion) or mean rating (domain); none when not applicable.
    pub own: Option<f64>,
    /// The own rating's label on the scale (criteria only).
    pub own_label: String,
    pub comparisons: Vec<BenchmarkComparison>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DomainBenchmark {
    #[serde(flatten)]
    pub domain: BenchmarkLine,
    pub criteria: Vec<BenchmarkLine>,
}

/// Why an organisation sees no peers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BenchmarkStanding {
    /// Consented, with a signed-off cycle: peers are shown (groups may still be below the
    /// threshold).
    Shown,
    NotConsented,
    NoSignedOffCycle,
}

/// What an organisation sees of the benchmark on one framework.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OrgBenchmark {
    pub framework_code: String,
    pub framework_title: String,
    pub framework_short_title: String,
    pub frameworks: Vec<BenchmarkFramework>,
    pub scale_max: u8,
    pub threshold: usize,
    pub consented: bool,
    /// When the organisation's latest signed-off cycle on the framework was signed off.
    pub own_signed_off_on: Option<String>,
    pub standing: BenchmarkStanding,
    /// Why nothing is shown, in plain words (when `standing` is not `shown`).
    pub reason: Option<String>,
    pub groups: Vec<BenchmarkPeerGroup>,
    pub domains: Vec<DomainBenchmark>,
    /// The actor may decide whether the organisation takes part.
    pub may_manage: bool,
}

fn compare(group: &str, own: Option<f64>, peers: &[f64], threshold: usize) -> BenchmarkComparison {
    let quartiles = scoring::quartiles(peers, threshold);
    let position = match (own, &quartiles) {
        (Some(v), Some(q)) => Some(scoring::position(v, q)),
        _ => None,
    };
    BenchmarkComparison {
        group: group.to_string(),
        quartiles,
        position,
        position_label: position.map(|p| p.label().to_string()),
        suppressed: quartiles.is_none().then(|| suppressed_message(threshold)),
    }
}

/// Builds the organisation's view from every consenting organisation's values (pure).
pub fn compare_org(
    f: &Framework,
    all: &[OrgValues],
    org: i64,
    threshold: usize,
) -> Option<(Vec<BenchmarkPeerGroup>, Vec<DomainBenchmark>)> {
    let own = all.iter().find(|o| o.org_id == org)?;
    let others: Vec<&OrgValues> = all.iter().filter(|o| o.org_id != org).collect();
    let groups: [(&str, String, Vec<&OrgValues>); 3] = [
        (
            "all",
            "All other organisations taking part".to_string(),
            others.clone(),
        ),
        (
            "type",
            format!(
                "Other organisations of the same type ({})",
                reference::label_of("organisation_types", &own.org_type)
            ),
            others
                .iter()
                .copied()
                .filter(|o| o.org_type == own.org_type)
                .collect(),
        ),
        (
            "region",
            format!(
                "Other organisations in the same region ({})",
                reference::label_of("regions", &own.region)
            ),
            others
                .iter()
                .copied()
                .filter(|o| o.region == own.region)
                .collect(),
        ),
    ];
    let peer_groups = groups
        .iter()
        .map(|(key, label, members)| {
            let enough = members.len() >= threshold;
            BenchmarkPeerGroup {
                key: key.to_string(),
                label: label.clone(),
                organisations: enough.then_some(members.len()),
                suppressed: (!enough).then(|| suppressed_message(threshold)),
            }
        })
        .collect();
    let line = |code: &str, text: &str, own_v: Option<f64>, own_label: String, domain: bool| {
        let comparisons = groups
            .iter()
            .map(|(key, _, members)| {
                if members.len() < threshold {
                    return compare(key, own_v, &[], threshold);
                }
                let values: Vec<f64> = members
                    .iter()
                    .filter_map(|o| {
                        if domain {
                            o.domains.get(code).copied()
                        } else {
                            o.criteria.get(code).copied()
                        }
                    })
                    .collect();
                compare(key, own_v, &values, threshold)
            })
            .collect();
        BenchmarkLine {
            code: code.to_string(),
            text: text.to_string(),
            own: own_v,
            own_label,
            comparisons,
        }
    };
    let domains = f
        .domains
        .iter()
        .map(|d| DomainBenchmark {
            domain: line(
                &d.code,
                &d.title,
                own.domains.get(&d.code).copied(),
                String::new(),
                true,
            ),
            criteria: d
                .criteria
                .iter()
                .map(|c| {
                    let v = own.criteria.get(&c.code).copied();
                    let label = v
                        .map(|r| f.scale.label(r as u8).to_string())
                        .unwrap_or_else(|| "Not applicable".to_string());
                    line(&c.code, &c.text, v, label, false)
                })
                .collect(),
        })
        .collect();
    Some((peer_groups, domains))
}

/// Where the actor's organisation stands against its peers on a framework (the newest
/// version; `None`: the default framework).
pub async fn for_org(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    framework_code: Option<&str>,
) -> AppResult<OrgBenchmark> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let (f, choices) = choose_framework(settings, framework_code)?;
    let threshold = settings.self_assessment.benchmark_threshold();
    let code = f.framework.code.clone();
    let consented = {
        let mut conn = db.pool.acquire().await?;
        sa_store::consented(&mut conn, org).await?
    };
    let own_signed_off_on = store::latest_signed_off_on(&db.pool, org, &code).await?;
    let mut view = OrgBenchmark {
        framework_code: code.clone(),
        framework_title: f.framework.title.clone(),
        framework_short_title: f.framework.short_title.clone(),
        frameworks: choices,
        scale_max: f.scale.max(),
        threshold,
        consented,
        own_signed_off_on: own_signed_off_on.clone(),
        standing: BenchmarkStanding::Shown,
        reason: None,
        groups: Vec::new(),
        domains: Vec::new(),
        may_manage: actor.can(Capability::ManageSelfAssessment),
    };
    if !consented {
        view.standing = BenchmarkStanding::NotConsented;
        view.reason = Some(
            "Your organisation has not agreed to join the benchmark. Organisations see their peers only once they share their own ratings: your principal social worker can agree to this below.".into(),
        );
    } else if own_signed_off_on.is_none() {
        view.standing = BenchmarkStanding::NoSignedOffCycle;
        view.reason = Some(format!(
            "Your organisation has not signed off a self-assessment on {} yet. Peers are shown once your own ratings are signed off and can be compared with theirs.",
            f.framework.short_title
        ));
    } else {
        let rows = store::latest_ratings(db, &code).await?;
        let all = org_values(&f, &rows);
        match compare_org(&f, &all, org, threshold) {
            Some((groups, domains)) => {
                view.groups = groups;
                view.domains = domains;
            }
            None => {
                // Signed off, but nothing rated (every criterion not applicable).
                view.standing = BenchmarkStanding::NoSignedOffCycle;
                view.reason = Some(
                    "Your latest signed-off self-assessment on this framework has no ratings to compare (every criterion is not applicable).".into(),
                );
            }
        }
    }
    audit(
        &db.pool,
        actor,
        "read",
        RECORD,
        &code,
        "compared with peers",
    )
    .await?;
    Ok(view)
}

/// Consent as the API sends it.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct BenchmarkConsentInput {
    /// true: the organisation's latest signed-off cycle per framework joins the benchmark;
    /// false: it is taken out at once.
    pub consented: Option<bool>,
}

/// The organisation's decision, as the API answers it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BenchmarkConsent {
    pub consented: bool,
}

mod national;

pub use national::*;

#[cfg(test)]
mod tests;
