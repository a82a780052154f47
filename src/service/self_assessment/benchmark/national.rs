//! The national analyst's view of the self-assessment benchmark: distributions per criterion, breakdowns suppressed below the threshold.

use super::*;

/// The national distribution on one framework, without names.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NationalBenchmark {
    pub framework_code: String,
    pub framework_title: String,
    pub framework_short_title: String,
    pub frameworks: Vec<BenchmarkFramework>,
    pub threshold: usize,
    /// Organisations taking part (consented, with a signed-off cycle), when at least the
    /// threshold.
    pub organisations: Option<usize>,
    pub suppressed: Option<String>,
    /// The scale's levels, lowest first.
    pub levels: Vec<BenchmarkLevelCount>,
    pub criteria: Vec<CriterionDistribution>,
}

/// The national analyst's view: per criterion, organisations, counts per rating level and
/// quartiles, overall and by organisation type and region; no names anywhere.
pub async fn analyst(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    framework_code: Option<&str>,
) -> AppResult<NationalBenchmark> {
    require(actor, Capability::ViewBenchmarkDistribution)?;
    let (f, choices) = choose_framework(settings, framework_code)?;
    let threshold = settings.self_assessment.benchmark_threshold();
    let rows = store::latest_ratings(db, &f.framework.code).await?;
    let orgs = org_values(&f, &rows);
    let enough = orgs.len() >= threshold;
    let criteria = national(&f, &orgs, threshold);
    audit(
        db,
        actor,
        "read",
        RECORD,
        &f.framework.code,
        "national distribution",
    )
    .await?;
    Ok(NationalBenchmark {
        framework_code: f.framework.code.clone(),
        framework_title: f.framework.title.clone(),
        framework_short_title: f.framework.short_title.clone(),
        frameworks: choices,
        threshold,
        organisations: enough.then_some(orgs.len()),
        suppressed: (!enough).then(|| suppressed_message(threshold)),
        levels: f
            .scale
            .levels
            .iter()
            .map(|l| BenchmarkLevelCount {
                value: l.value,
                label: l.label.clone(),
                organisations: 0,
            })
            .collect(),
        criteria,
    })
}
