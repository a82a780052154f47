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

pub mod intelligence;
pub mod plan;
use crate::domain::Role;
use crate::domain::disclosure::{DisclosurePolicy, Shown, TotalShown};
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

/// How a breakdown is published: exact (an organisation's own people, whom it sees by
/// name), or through the disclosure policy beside a total published as `total` is.
#[derive(Debug, Clone, Copy)]
enum Control {
    Exact,
    Policy(DisclosurePolicy, TotalShown),
}

async fn breakdown(
    db: &Db,
    org: Option<i64>,
    by: GroupBy,
    title: &str,
    control: Control,
) -> AppResult<Breakdown> {
    let counted = count_by(&db.pool, org, by).await?;
    Ok(publish(counted, by, title, control))
}

/// Counts by group, as published: exact, or every group of the list controlled together.
fn publish(counted: Vec<(String, i64)>, by: GroupBy, title: &str, control: Control) -> Breakdown {
    let r = reference();
    let list = match by {
        GroupBy::Region => &r.regions,
        GroupBy::OrgType => &r.organisation_types,
        GroupBy::CareStage => &r.career_stages,
        GroupBy::Band => &r.bands,
        GroupBy::EthnicCategory => &r.ethnic_categories,
    };
    let row = |code: String, count: Shown| BreakdownRow {
        label: list.label(&code).to_string(),
        count,
        code,
    };
    let rows = match control {
        Control::Exact => counted
            .into_iter()
            .map(|(code, n)| row(code, Shown::Value(n.max(0) as u64)))
            .collect(),
        Control::Policy(policy, total) => {
            // Every group in the list, zeros too: a group left out says "none" as plainly
            // as a 0, and secondary suppression must be able to hide it.
            let mut groups: Vec<(String, u64)> =
                list.items.iter().map(|i| (i.code.clone(), 0)).collect();
            for (code, n) in counted {
                match groups.iter_mut().find(|(c, _)| *c == code) {
                    Some(g) => g.1 = n.max(0) as u64,
                    None => groups.push((code, n.max(0) as u64)),
                }
            }
            let counts: Vec<u64> = groups.iter().map(|(_, n)| *n).collect();
            let published = policy.protect(&counts, total);
            groups
                .into_iter()
                .zip(published.cells)
                .map(|((code, _), shown)| row(code, shown))
                .collect()
        }
    };
    Breakdown {
        by: match by {
            GroupBy::Region => "region",
            GroupBy::OrgType => "org_type",
            GroupBy::CareStage => "career_stage",
            GroupBy::Band => "band",
            GroupBy::EthnicCategory => "ethnic_category",
        },
        title: title.into(),
        controlled: matches!(control, Control::Policy(..)),
        rows,
    }
}

/// England's counts by region and by type of employer, and the total, from one pass over
/// the practitioners in post grouped by employer (the organisations' region and type are
/// looked up here): one read of the table however many breakdowns it serves.
async fn national_counts(db: &Db) -> AppResult<(Vec<(String, i64)>, Vec<(String, i64)>, i64)> {
    use std::collections::{BTreeMap, HashMap};
    let orgs: HashMap<i64, crate::store::orgs::Organisation> = crate::store::orgs::all(&db.pool)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let (mut regions, mut types) = (BTreeMap::new(), BTreeMap::new());
    let mut total = 0;
    for (employer, n) in
        crate::store::practitioners::count_by_employer(&db.pool, db.backend).await?
    {
        let Some(o) = orgs.get(&employer) else {
            continue;
        };
        *regions.entry(o.region.clone()).or_insert(0) += n;
        *types.entry(o.org_type.clone()).or_insert(0) += n;
        total += n;
    }
    Ok((
        regions.into_iter().collect(),
        types.into_iter().collect(),
        total,
    ))
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
        let (by_region, by_type, total) = national_counts(db).await?;
        let control = Control::Policy(policy, TotalShown::ByTheRule);
        let regions = publish(
            by_region,
            GroupBy::Region,
            "Practitioners by NHS region of employer",
            control,
        );
        let types = publish(
            by_type,
            GroupBy::OrgType,
            "Practitioners by type of employer",
            control,
        );
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
        total: Shown::Value(total.max(0) as u64),
        breakdowns: vec![
            breakdown(
                db,
                org,
                GroupBy::CareStage,
                "Practitioners by career stage",
                Control::Exact,
            )
            .await?,
            breakdown(
                db,
                org,
                GroupBy::Band,
                "Practitioners by band or grade",
                Control::Exact,
            )
            .await?,
            breakdown(
                db,
                org,
                GroupBy::EthnicCategory,
                "Practitioners by ethnic category",
                // Beside the exact total of the organisation's people.
                Control::Policy(policy, TotalShown::Exact),
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
