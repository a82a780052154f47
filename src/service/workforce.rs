//! Workforce aggregates: nationally for the national analyst (by region and employer type),
//! per organisation for the principal social worker and workforce lead (by career stage,
//! band and ethnic category).
//!
//! Which counts are controlled (suppressed and rounded by the configured `DisclosurePolicy`,
//! docs/sources.md#small-number-suppression) follows the rule in `domain::disclosure` ("Which counts are controlled"):
//! - everything national is controlled: the analyst sees no one by name;
//! - an organisation's own total, career stages and bands are exact: its PSW and workforce
//!   lead see each of those people, with stage and band, in the practitioner list, so a
//!   rounded figure would only disagree with the list (and with every other page's count);
//! - ethnic category is special-category data and always controlled.

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
    /// What the rows group by: `region`, `org_type`, `career_stage`, `band` or
    /// `ethnic_category`.
    pub by: &'static str,
    pub title: String,
    /// Whether the rows are suppressed and rounded (`false`: exact counts).
    pub controlled: bool,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<BreakdownRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BreakdownRow {
    /// The group's code in its reference list.
    pub code: String,
    pub label: String,
    /// A number, or "*" where suppressed.
    pub count: Shown,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkforceSummary {
    /// "England" or the organisation's name.
    pub scope: String,
    /// Total practitioners in post: controlled nationally, exact for an organisation (the
    /// same figure as the other pages' "people in post").
    pub total: Shown,
    pub breakdowns: Vec<Breakdown>,
    pub disclosure_note: String,
}

async fn breakdown(
    db: &Db,
    org: Option<i64>,
    by: GroupBy,
    title: &str,
    policy: Option<DisclosurePolicy>,
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
        by: match by {
            GroupBy::Region => "region",
            GroupBy::OrgType => "org_type",
            GroupBy::CareStage => "career_stage",
            GroupBy::Band => "band",
            GroupBy::EthnicCategory => "ethnic_category",
        },
        title: title.into(),
        controlled: policy.is_some(),
        rows: rows
            .into_iter()
            .map(|(code, n)| BreakdownRow {
                label: list.label(&code).to_string(),
                count: shown(policy, n),
                code,
            })
            .collect(),
    })
}

/// A count as the page shows it: through the policy when controlled, else exact.
fn shown(policy: Option<DisclosurePolicy>, n: i64) -> Shown {
    let n = n.max(0) as u64;
    match policy {
        Some(p) => p.show(n),
        None => Shown::Value(n),
    }
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
            Some(policy),
        )
        .await?;
        let types = breakdown(
            db,
            None,
            GroupBy::OrgType,
            "Practitioners by type of employer",
            Some(policy),
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
    let exact_for_org = None;
    Ok(WorkforceSummary {
        scope: name,
        total: shown(exact_for_org, total),
        breakdowns: vec![
            breakdown(
                db,
                org,
                GroupBy::CareStage,
                "Practitioners by career stage",
                exact_for_org,
            )
            .await?,
            breakdown(
                db,
                org,
                GroupBy::Band,
                "Practitioners by band or grade",
                exact_for_org,
            )
            .await?,
            breakdown(
                db,
                org,
                GroupBy::EthnicCategory,
                "Practitioners by ethnic category",
                Some(policy),
            )
            .await?,
        ],
        disclosure_note: format!(
            "The total, career stages and bands are exact: they count the people in your practitioner list. Ethnic category is special-category data: {}",
            lower_first(&policy.explanation())
        ),
    })
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}
