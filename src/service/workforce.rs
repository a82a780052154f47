//! Workforce aggregates with small-number suppression: nationally for the national
//! analyst (by region and employer type), per organisation for the principal social
//! worker and workforce lead (by career stage, band and ethnic category).
//!
//! National totals need no control; every breakdown below national level goes through
//! the configured `DisclosurePolicy` (domain-facts.md 7.2).

use super::require;
use crate::domain::Role;
use crate::domain::disclosure::{DisclosurePolicy, Shown};
use crate::domain::reference;
use crate::error::AppResult;
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::practitioners::{GroupBy, count_by};
use serde::Serialize;

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Breakdown {
    pub title: String,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<BreakdownRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreakdownRow {
    pub label: String,
    /// A number, or "*" where suppressed.
    pub count: Shown,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkforceSummary {
    /// "England" or the organisation's name.
    pub scope: String,
    /// Total practitioners in post, under the same disclosure control as the rows.
    pub total: Shown,
    pub breakdowns: Vec<Breakdown>,
    pub disclosure_note: String,
}

async fn breakdown(
    db: &Db,
    org: Option<i64>,
    by: GroupBy,
    title: &str,
    policy: DisclosurePolicy,
) -> AppResult<Breakdown> {
    let r = reference();
    let list = match by {
        GroupBy::Region => &r.regions,
        GroupBy::OrgType => &r.organisation_types,
        GroupBy::CareStage => &r.career_stages,
        GroupBy::Band => &r.bands,
        GroupBy::EthnicCategory => &r.ethnic_categories,
    };
    let rows = count_by(&db.pool, org, by).await?;
    Ok(Breakdown {
        title: title.into(),
        rows: rows
            .into_iter()
            .map(|(code, n)| BreakdownRow {
                label: list.label(&code).to_string(),
                count: policy.show(n.max(0) as u64),
            })
            .collect(),
    })
}

pub async fn summary(
    db: &Db,
    actor: &Actor,
    policy: DisclosurePolicy,
) -> AppResult<WorkforceSummary> {
    require(actor, Capability::ViewWorkforceAggregates)?;
    let national = actor.has(Role::NationalAnalyst)
        && !actor.has(Role::PrincipalSocialWorker)
        && !actor.has(Role::WorkforceLead)
        || actor.org_id.is_none();
    if national {
        let regions = breakdown(
            db,
            None,
            GroupBy::Region,
            "Practitioners by NHS region of employer",
            policy,
        )
        .await?;
        let types = breakdown(
            db,
            None,
            GroupBy::OrgType,
            "Practitioners by type of employer",
            policy,
        )
        .await?;
        let total: i64 = count_by(&db.pool, None, GroupBy::Region)
            .await?
            .iter()
            .map(|(_, n)| n)
            .sum();
        // The national total is controlled too: with an exact total, a suppressed region
        // could be recovered by subtracting the rounded ones.
        return Ok(WorkforceSummary {
            scope: "England".into(),
            total: policy.show(total as u64),
            breakdowns: vec![regions, types],
            disclosure_note: policy.explanation(),
        });
    }
    let org = actor.org_id;
    let name = match org {
        Some(id) => crate::store::orgs::get(&db.pool, id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let total: i64 = count_by(&db.pool, org, GroupBy::CareStage)
        .await?
        .iter()
        .map(|(_, n)| n)
        .sum();
    Ok(WorkforceSummary {
        scope: name,
        total: policy.show(total as u64),
        breakdowns: vec![
            breakdown(
                db,
                org,
                GroupBy::CareStage,
                "Practitioners by career stage",
                policy,
            )
            .await?,
            breakdown(
                db,
                org,
                GroupBy::Band,
                "Practitioners by band or grade",
                policy,
            )
            .await?,
            breakdown(
                db,
                org,
                GroupBy::EthnicCategory,
                "Practitioners by ethnic category",
                policy,
            )
            .await?,
        ],
        disclosure_note: policy.explanation(),
    })
}
