//! Each breakdown of the workforce: exact for the organisation's own people by team, model,
//! arrangement, role, band and stage; through the disclosure policy by a protected
//! characteristic (`domain::workforce::equality::publish_breakdown`).

use super::shown::{WorkforceBreakdown, WorkforceRow, WteShown};
use crate::domain::disclosure::{DisclosurePolicy, Shown};
use crate::domain::reference;
use crate::domain::stocktake::AGE_GROUPS;
use crate::domain::workforce::equality;
use crate::domain::workforce::{self as wf, Arrangement, Dimension, NO_TEAM, NOT_RECORDED, Person};
use crate::store::workforce as store;
use time::Date;

pub(super) fn wte_of(h: u64) -> f64 {
    h as f64 / 100.0
}

/// The label of a code of `dim`.
pub(super) fn label(dim: Dimension, code: &str, teams: &[store::TeamEstablishment]) -> String {
    let r = reference();
    if code == NOT_RECORDED {
        return "Not recorded".into();
    }
    match dim {
        Dimension::Team => match code {
            NO_TEAM => "No team".into(),
            id => teams
                .iter()
                .find(|t| t.id.to_string() == id)
                .map(|t| t.name.clone())
                .unwrap_or_else(|| "Another organisation's team".into()),
        },
        Dimension::ServiceModel => r.service_models.label(code).into(),
        Dimension::Arrangement => Arrangement::parse(code).map_or(code, |a| a.label()).into(),
        Dimension::RoleCategory => r.role_categories.label(code).into(),
        Dimension::Band => r.bands.label(code).into(),
        Dimension::CareerStage => r.career_stages.label(code).into(),
        Dimension::AgeGroup => match code {
            "under_30" => "Under 30",
            "30_39" => "30 to 39",
            "40_49" => "40 to 49",
            "50_plus" => "50 and over",
            _ => "Not known",
        }
        .into(),
        Dimension::EthnicCategory => r.ethnic_categories.label(code).into(),
        Dimension::Sex => r.sexes.label(code).into(),
        Dimension::Disability => r.disability.label(code).into(),
    }
}

/// The codes a breakdown always lists (zeros too).
fn order(dim: Dimension, teams: &[store::TeamEstablishment]) -> Vec<String> {
    let r = reference();
    let codes = |l: &reference::RefList| l.items.iter().map(|i| i.code.clone()).collect();
    match dim {
        Dimension::Team => teams.iter().map(|t| t.id.to_string()).collect(),
        Dimension::ServiceModel => codes(&r.service_models),
        Dimension::Arrangement => Arrangement::ALL
            .iter()
            .map(|a| a.code().to_string())
            .collect(),
        Dimension::RoleCategory => codes(&r.role_categories),
        Dimension::Band => codes(&r.bands),
        Dimension::CareerStage => codes(&r.career_stages),
        Dimension::AgeGroup => AGE_GROUPS.iter().map(|s| s.to_string()).collect(),
        Dimension::EthnicCategory => {
            let mut v: Vec<String> = codes(&r.ethnic_categories);
            v.push(NOT_RECORDED.into());
            v
        }
        Dimension::Sex => {
            let mut v: Vec<String> = codes(&r.sexes);
            v.push(NOT_RECORDED.into());
            v
        }
        Dimension::Disability => {
            let mut v: Vec<String> = codes(&r.disability);
            v.push(NOT_RECORDED.into());
            v
        }
    }
}

pub(super) fn exact_breakdown(
    people: &[Person],
    dim: Dimension,
    day: Date,
    teams: &[store::TeamEstablishment],
) -> WorkforceBreakdown {
    let rows = wf::tabulate(people, dim, day, &order(dim, teams))
        .into_iter()
        .map(|t| WorkforceRow {
            label: label(dim, &t.code, teams),
            headcount: Shown::Value(t.headcount),
            wte: WteShown::Exact(wte_of(t.wte)),
            code: t.code,
        })
        .collect();
    WorkforceBreakdown {
        by: dim.code(),
        title: dim.title(),
        controlled: false,
        rows,
    }
}

pub(super) fn equality_breakdown(
    people: &[Person],
    dim: Dimension,
    day: Date,
    policy: DisclosurePolicy,
) -> WorkforceBreakdown {
    let tallies = wf::tabulate(people, dim, day, &order(dim, &[]));
    let rows = equality::publish_breakdown(&tallies, policy)
        .into_iter()
        .map(|p| WorkforceRow {
            label: label(dim, &p.code, &[]),
            headcount: p.headcount,
            wte: WteShown::Controlled(p.wte),
            code: p.code,
        })
        .collect();
    WorkforceBreakdown {
        by: dim.code(),
        title: dim.title(),
        controlled: true,
        rows,
    }
}
