//! Benchmarking, not league tables (issue 6). With its consent, an organisation's latest
//! signed-off cycle on a framework joins the national view. An organisation sees where it
//! stands against the median and quartiles of the other organisations (all, the same type,
//! the same region), never a name or a rank, and only when it has itself consented and
//! signed off a cycle (give to get). The national analyst sees the distribution per
//! criterion. Any group with fewer organisations than
//! `[self_assessment] benchmark_min_organisations` (never below 3) shows no figures.
//!
//! Everything is computed when read from `store::benchmark::latest_ratings`, which checks
//! consent in the query: withdrawing takes an organisation out of every view at once. The
//! rules (values, comparison, distributions, suppression) are `domain::benchmark`; this
//! module checks who may see what, reads, assembles the views and audits.

use super::{frameworks, own_org};
use crate::config::Settings;
use crate::domain::benchmark::{
    BenchmarkLevelCount, BenchmarkPeerGroup, CriterionDistribution, DomainBenchmark, OrgRatings,
    OrgValues, compare_org, national, suppressed_message,
};
use crate::domain::self_assessment::Framework;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::service::{audit, require};
use crate::store::Db;
use crate::store::benchmark::{self as store, BenchmarkCycle};
use crate::store::self_assessment as sa_store;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

const RECORD: &str = "self_assessment_benchmark";

/// The framework shown when none is asked for (if it is loaded).
pub const DEFAULT_FRAMEWORK: &str = "hee-considerations";

/// The page an organisation compares itself on; the lead's self-assessment pages link here.
pub const BENCHMARK_PATH: &str = "/self-assessment/benchmark";

/// Each consenting organisation's values (`domain::benchmark::org_values`) from the rows
/// `store::benchmark::latest_ratings` read.
fn org_values(f: &Framework, rows: &[BenchmarkCycle]) -> Vec<OrgValues> {
    crate::domain::benchmark::org_values(
        f,
        rows.iter().map(|c| OrgRatings {
            org_id: c.org_id,
            org_type: &c.org_type,
            region: &c.region,
            ratings: &c.ratings,
        }),
    )
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
    pub own_signed_off_on: Option<time::Date>,
    pub standing: BenchmarkStanding,
    /// Why nothing is shown, in plain words (when `standing` is not `shown`).
    pub reason: Option<String>,
    pub groups: Vec<BenchmarkPeerGroup>,
    pub domains: Vec<DomainBenchmark>,
    /// The actor may decide whether the organisation takes part.
    pub may_manage: bool,
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
        let mut conn = db.connection().await?;
        sa_store::consented(&mut conn, org).await?
    };
    let own_signed_off = store::latest_signed_off_on(&db.pool, org, &code).await?;
    let mut view = OrgBenchmark {
        framework_code: code.clone(),
        framework_title: f.framework.title.clone(),
        framework_short_title: f.framework.short_title.clone(),
        frameworks: choices,
        scale_max: f.scale.max(),
        threshold,
        consented,
        own_signed_off_on: own_signed_off.flatten(),
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
    } else if own_signed_off.is_none() {
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
    audit(db, actor, "read", RECORD, &code, "compared with peers").await?;
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
