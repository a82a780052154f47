//! An organisation's workforce intelligence (consideration 7 of the HEE 2020 guidance,
//! docs/sources.md#workforce-intelligence): how many social workers, where, employed by
//! whom, in which roles, with vacancies against establishment, the skill mix, turnover and
//! race equality. Pure counts over plain records, so each rule is tested without a
//! database; `service::workforce::intelligence` reads the records and publishes the
//! results, equality cells through the disclosure policy (`equality`).

pub mod equality;
pub mod movement;
pub mod year;

use crate::domain::stocktake::Hundredths;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// How a person works for the organisation whose workforce is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Arrangement {
    /// Employed by the organisation and working in it.
    OwnStaff,
    /// Employed by a council and working in the organisation (a secondment or partnership
    /// arrangement, HEE 2020 guidance, seed 003).
    SecondedFromCouncil,
    /// Employed by anyone else (an NHS body, a provider, an agency) and working here.
    EmployedByOther,
    /// Employed by the organisation and working in another (placed with a partner).
    PlacedElsewhere,
}

impl Arrangement {
    pub const ALL: [Self; 4] = [
        Self::OwnStaff,
        Self::SecondedFromCouncil,
        Self::EmployedByOther,
        Self::PlacedElsewhere,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::OwnStaff => "own_staff",
            Self::SecondedFromCouncil => "seconded_from_council",
            Self::EmployedByOther => "employed_by_other",
            Self::PlacedElsewhere => "placed_elsewhere",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::OwnStaff => "Own staff",
            Self::SecondedFromCouncil => "Seconded from a council",
            Self::EmployedByOther => "Employed by another organisation",
            Self::PlacedElsewhere => "Placed with another organisation",
        }
    }

    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.code() == code)
    }

    /// The arrangement of someone employed by `employer` (of `employer_type`, a code from
    /// `organisation_types`) and working in `host`, seen from `org`.
    pub fn of(org: i64, employer: i64, host: i64, employer_type: &str) -> Self {
        if employer == org && host == org {
            Self::OwnStaff
        } else if employer == org {
            Self::PlacedElsewhere
        } else if employer_type == "local_authority" {
            Self::SecondedFromCouncil
        } else {
            Self::EmployedByOther
        }
    }
}

/// The organisation's workforce rules that no public source fixes, kept as configuration
/// (`[workforce]`; docs/sources.md#workforce-intelligence).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct WorkforceRules {
    /// More newly qualified social workers per senior than this is flagged as a risk to
    /// their support. No published ratio was found (NOT FOUND): 2 is mhsw's default.
    pub most_newly_qualified_per_senior: f64,
    /// What turnover divides leavers by: the average of the headcounts at the start and
    /// end of the 12 months (`average`), or the headcount at the start (`start`).
    pub turnover_denominator: movement::Denominator,
}

impl Default for WorkforceRules {
    fn default() -> Self {
        WorkforceRules {
            most_newly_qualified_per_senior: 2.0,
            turnover_denominator: movement::Denominator::Average,
        }
    }
}

/// What the figures need about one practitioner (no name, no identifier).
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    pub team_id: Option<i64>,
    /// Their team's service model; none without a team.
    pub service_model: Option<String>,
    pub arrangement: Arrangement,
    pub role_category: String,
    pub career_stage: String,
    pub band: String,
    pub wte: Hundredths,
    pub start_date: Date,
    /// The first day no longer in post, if they have left or are leaving.
    pub end_date: Option<Date>,
    /// The stocktake's age group on the day counted (`stocktake::AGE_GROUPS`).
    pub age_group: &'static str,
    pub ethnic_category: Option<String>,
    pub sex: Option<String>,
    pub disability: Option<String>,
}

impl Person {
    /// In post on `day`: started by then and not yet left (the stocktake's rule).
    pub fn in_post_on(&self, day: Date) -> bool {
        self.start_date <= day && self.end_date.is_none_or(|e| e > day)
    }
}

/// The code a figure files a person under when nothing is recorded.
pub const NOT_RECORDED: &str = "not_recorded";
/// The code for people in no team.
pub const NO_TEAM: &str = "none";

/// What a breakdown groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Team,
    ServiceModel,
    Arrangement,
    RoleCategory,
    Band,
    CareerStage,
    AgeGroup,
    EthnicCategory,
    Sex,
    Disability,
}

impl Dimension {
    pub const ALL: [Self; 10] = [
        Self::Team,
        Self::ServiceModel,
        Self::Arrangement,
        Self::RoleCategory,
        Self::Band,
        Self::CareerStage,
        Self::AgeGroup,
        Self::EthnicCategory,
        Self::Sex,
        Self::Disability,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Team => "team",
            Self::ServiceModel => "service_model",
            Self::Arrangement => "arrangement",
            Self::RoleCategory => "role_category",
            Self::Band => "band",
            Self::CareerStage => "career_stage",
            Self::AgeGroup => "age_group",
            Self::EthnicCategory => "ethnic_category",
            Self::Sex => "sex",
            Self::Disability => "disability",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::Team => "By team",
            Self::ServiceModel => "By service model",
            Self::Arrangement => "By employment arrangement",
            Self::RoleCategory => "By role category",
            Self::Band => "By band or grade",
            Self::CareerStage => "By career stage",
            Self::AgeGroup => "By age group",
            Self::EthnicCategory => "By ethnic category",
            Self::Sex => "By sex",
            Self::Disability => "By disability",
        }
    }

    /// A protected characteristic (special-category data, or age): published through the
    /// disclosure policy, and for the whole organisation only, never for a filtered part
    /// of it, since the part subtracted from the whole would give the rest exactly.
    pub fn is_equality(self) -> bool {
        matches!(
            self,
            Self::AgeGroup | Self::EthnicCategory | Self::Sex | Self::Disability
        )
    }

    /// The code `p` is counted under.
    pub fn key(self, p: &Person) -> String {
        let or = |v: &Option<String>| v.clone().unwrap_or_else(|| NOT_RECORDED.to_string());
        match self {
            Self::Team => p
                .team_id
                .map(|t| t.to_string())
                .unwrap_or_else(|| NO_TEAM.into()),
            Self::ServiceModel => or(&p.service_model),
            Self::Arrangement => p.arrangement.code().into(),
            Self::RoleCategory => p.role_category.clone(),
            Self::Band => p.band.clone(),
            Self::CareerStage => p.career_stage.clone(),
            Self::AgeGroup => p.age_group.into(),
            Self::EthnicCategory => or(&p.ethnic_category),
            Self::Sex => or(&p.sex),
            Self::Disability => or(&p.disability),
        }
    }
}

/// One group's headcount and whole-time equivalent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tally {
    pub code: String,
    pub headcount: u64,
    pub wte: Hundredths,
}

/// Headcount and WTE of `people` in post on `day`, by `dim`: one row per code of `order`
/// (zeros too: a group left out says "none" less plainly than a 0), then any other code
/// found, in code order.
pub fn tabulate(people: &[Person], dim: Dimension, day: Date, order: &[String]) -> Vec<Tally> {
    let mut found: BTreeMap<String, (u64, Hundredths)> = BTreeMap::new();
    for p in people.iter().filter(|p| p.in_post_on(day)) {
        let e = found.entry(dim.key(p)).or_default();
        e.0 += 1;
        e.1 += p.wte;
    }
    let mut rows: Vec<Tally> = order
        .iter()
        .map(|code| {
            let (headcount, wte) = found.remove(code).unwrap_or_default();
            Tally {
                code: code.clone(),
                headcount,
                wte,
            }
        })
        .collect();
    rows.extend(found.into_iter().map(|(code, (headcount, wte))| Tally {
        code,
        headcount,
        wte,
    }));
    rows
}

/// The parts of an organisation a view may be narrowed to.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Filter {
    pub team_id: Option<i64>,
    pub service_model: Option<String>,
    pub arrangement: Option<Arrangement>,
}

impl Filter {
    pub fn is_whole(&self) -> bool {
        self.team_id.is_none() && self.service_model.is_none() && self.arrangement.is_none()
    }

    pub fn admits(&self, p: &Person) -> bool {
        self.team_id.is_none_or(|t| p.team_id == Some(t))
            && self
                .service_model
                .as_ref()
                .is_none_or(|m| p.service_model.as_ref() == Some(m))
            && self.arrangement.is_none_or(|a| p.arrangement == a)
    }
}

/// A team's funded establishment beside the WTE in post.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TeamPosts {
    pub team_id: i64,
    /// As entered by the organisation; none where not entered.
    pub establishment: Option<Hundredths>,
    pub in_post: Hundredths,
    /// Establishment less WTE in post, in hundredths: negative when over establishment.
    pub vacancy: Option<i64>,
}

/// Vacancies per team on `day`: each team's establishment (`teams`: id and establishment)
/// against the WTE of the people in post in it.
pub fn vacancies(
    people: &[Person],
    teams: &[(i64, Option<Hundredths>)],
    day: Date,
) -> Vec<TeamPosts> {
    teams
        .iter()
        .map(|&(team_id, establishment)| {
            let in_post: Hundredths = people
                .iter()
                .filter(|p| p.team_id == Some(team_id) && p.in_post_on(day))
                .map(|p| p.wte)
                .sum();
            TeamPosts {
                team_id,
                establishment,
                in_post,
                vacancy: establishment.map(|e| e as i64 - in_post as i64),
            }
        })
        .collect()
}

/// Newly qualified social workers beside those senior enough to support them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SkillMix {
    /// In their ASYE (career stage `asye`).
    pub newly_qualified: u64,
    /// Senior, advanced or consultant social workers (career stages `senior`, `advanced`).
    pub senior: u64,
}

impl SkillMix {
    pub fn of(people: &[Person], day: Date) -> Self {
        let count = |stages: &[&str]| {
            people
                .iter()
                .filter(|p| p.in_post_on(day) && stages.contains(&p.career_stage.as_str()))
                .count() as u64
        };
        SkillMix {
            newly_qualified: count(&["asye"]),
            senior: count(&["senior", "advanced"]),
        }
    }

    /// Newly qualified per senior, to one decimal place; none with no seniors.
    pub fn per_senior(self) -> Option<f64> {
        (self.senior > 0)
            .then(|| (self.newly_qualified as f64 / self.senior as f64 * 10.0).round() / 10.0)
    }

    /// At risk (consideration 7: "too few senior social workers to support newly qualified
    /// staff"): more newly qualified per senior than the organisation's configured limit.
    pub fn at_risk(self, most_per_senior: f64) -> bool {
        match self.per_senior() {
            Some(r) => r > most_per_senior,
            None => self.newly_qualified > 0,
        }
    }
}

/// WTE per 100,000 registered population, to one decimal place.
pub fn per_100k(wte: Hundredths, population: u64) -> Option<f64> {
    (population > 0).then(|| {
        let v = wte as f64 / 100.0 * 100_000.0 / population as f64;
        (v * 10.0).round() / 10.0
    })
}

#[cfg(test)]
mod tests;
