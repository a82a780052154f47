//! What the workforce intelligence publishes (page, XLSX and API), and the filter it takes.

use crate::domain::disclosure::{DisclosurePolicy, Shown};
use crate::domain::reference;
use crate::domain::workforce::equality::{Published, RepresentationShown};
use crate::domain::workforce::year::YearFigures;
use crate::domain::workforce::{Arrangement, Filter};
use crate::error::{AppError, AppResult};
use serde::Serialize;
use time::Date;

/// One group of a breakdown.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkforceRow {
    pub code: String,
    pub label: String,
    /// A number, or "*" where suppressed (equality breakdowns only).
    pub headcount: Shown,
    /// Whole-time equivalent: to two decimal places where exact; whole and rounded as
    /// counts are in an equality breakdown; "*" where suppressed.
    pub wte: WteShown,
}

/// A WTE figure as it may be shown.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum WteShown {
    Exact(f64),
    Controlled(Shown),
}

/// In the API: a number, or the string "*" where suppressed.
impl utoipa::PartialSchema for WteShown {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, OneOfBuilder, Type};
        OneOfBuilder::new()
            .item(ObjectBuilder::new().schema_type(Type::Number).minimum(Some(0)))
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["*"])),
            )
            .description(Some(
                "Whole-time equivalent: exact to two decimal places, or in an equality breakdown whole and rounded as counts are, or \"*\" where suppressed",
            ))
            .into()
    }
}

impl utoipa::ToSchema for WteShown {}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct WorkforceBreakdown {
    /// `team`, `service_model`, `arrangement`, `role_category`, `band`, `career_stage`,
    /// `age_group`, `ethnic_category`, `sex` or `disability`.
    pub by: &'static str,
    pub title: &'static str,
    /// Suppressed and rounded by the disclosure policy (`false`: exact).
    pub controlled: bool,
    pub rows: Vec<WorkforceRow>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TeamVacancy {
    pub team_id: i64,
    pub team: String,
    pub service_model: String,
    /// Funded WTE as entered; none where not entered.
    pub establishment: Option<f64>,
    pub in_post: f64,
    /// Establishment less WTE in post (negative: over establishment).
    pub vacancy: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SkillMixShown {
    pub newly_qualified: u64,
    pub senior: u64,
    /// Newly qualified per senior, one decimal place; none with no seniors.
    pub per_senior: Option<f64>,
    /// The deployment's limit (`[workforce] most_newly_qualified_per_senior`).
    pub most_per_senior: f64,
    pub at_risk: bool,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MovementShown {
    /// The day before the 12 months counted.
    pub from: Date,
    pub to: Date,
    pub starters: u64,
    pub leavers: u64,
    pub headcount_start: u64,
    pub headcount_end: u64,
    /// Leavers as a percentage of the headcount, one decimal place.
    pub turnover_percent: Option<f64>,
    /// What the turnover divides by, in words.
    pub denominator: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AmhpPosition {
    /// Approved and not suspended today.
    pub current: usize,
    /// The number needed (`service::amhps_needed`), none when not set.
    pub required: Option<u32>,
    /// Current approvals by the quarter they end: (quarter, count).
    pub ending_by_quarter: Vec<AmhpQuarter>,
    /// Recorded as interested in or training for AMHP approval.
    pub in_training: usize,
    /// Best interests assessors, and those training to be.
    pub bias: usize,
    pub bias_in_training: usize,
    /// Succession: AMHPs at or over this age (`[post_qualifying] succession_age`)...
    pub succession_age: u32,
    /// ...counted as the post-qualifying overview shows it to this reader ("*" when the
    /// disclosure policy hides it: ages are special-category data).
    pub succession_count: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RaceEquality {
    /// Black, Asian and minority ethnic staff at band 8a and above, and in the whole
    /// (percent of those with a known group).
    pub representation: RepresentationShown,
    /// Relative likelihood of white staff moving up a band in the last 12 months compared
    /// with Black, Asian and minority ethnic staff.
    pub progression: Published,
    /// The latest year with recruitment figures entered, and the relative likelihood of
    /// white applicants being appointed from shortlisting compared with Black, Asian and
    /// minority ethnic applicants (WRES indicator 2).
    pub appointment: Option<YearLikelihood>,
    /// The latest year with disciplinary figures entered, and the relative likelihood of
    /// Black, Asian and minority ethnic staff entering a formal disciplinary process
    /// compared with white staff (WRES indicator 3).
    pub disciplinary: Option<YearLikelihood>,
}

/// A choice a filter offers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FilterChoice {
    pub value: String,
    pub label: String,
}

/// Current AMHP approvals ending in a quarter.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AmhpQuarter {
    pub quarter: String,
    pub count: usize,
}

/// A likelihood from one year's entered figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearLikelihood {
    /// 31 March of the data year.
    pub year_ending: Date,
    pub likelihood: Published,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Intelligence {
    pub organisation: String,
    pub day: Date,
    /// The filter applied, in words ("" for the whole organisation).
    pub filtered_to: String,
    pub filter: Filter,
    pub team_choices: Vec<FilterChoice>,
    pub service_model_choices: Vec<FilterChoice>,
    pub arrangement_choices: Vec<FilterChoice>,
    pub headcount: u64,
    pub wte: f64,
    /// The registered population the organisation entered.
    pub population: Option<u64>,
    /// WTE per 100,000 registered population (the whole organisation only).
    pub wte_per_100k: Option<f64>,
    pub breakdowns: Vec<WorkforceBreakdown>,
    /// Breakdowns by age group, ethnic category, sex and disability: the whole
    /// organisation only, none for a filtered view.
    pub equality: Option<Vec<WorkforceBreakdown>>,
    pub vacancies: Vec<TeamVacancy>,
    pub establishment_total: Option<f64>,
    pub vacancy_total: Option<f64>,
    pub skill_mix: SkillMixShown,
    pub movement: MovementShown,
    pub amhp: AmhpPosition,
    /// The whole organisation only.
    pub race_equality: Option<RaceEquality>,
    /// The figures entered for each year, newest first, equality counts controlled.
    pub years: Vec<YearShown>,
    pub disclosure_note: String,
}

/// One year's entered figures as the view shows them: placements as entered, the
/// recruitment and disciplinary counts by ethnic group through the disclosure policy.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct YearShown {
    pub year_ending: Date,
    pub student_placements: Option<u64>,
    pub shortlisted_white: Option<Shown>,
    pub appointed_white: Option<Shown>,
    pub shortlisted_bme: Option<Shown>,
    pub appointed_bme: Option<Shown>,
    pub disciplinary_white: Option<Shown>,
    pub disciplinary_bme: Option<Shown>,
}

impl YearShown {
    pub(super) fn of(y: &YearFigures, policy: DisclosurePolicy) -> Option<Self> {
        let c = |v: Option<u64>| v.map(|n| policy.show(n));
        Some(YearShown {
            year_ending: y.year_ending?,
            student_placements: y.student_placements,
            shortlisted_white: c(y.shortlisted_white),
            appointed_white: c(y.appointed_white),
            shortlisted_bme: c(y.shortlisted_bme),
            appointed_bme: c(y.appointed_bme),
            disciplinary_white: c(y.disciplinary_white),
            disciplinary_bme: c(y.disciplinary_bme),
        })
    }
}

/// A filter as typed in a query string (blank: not filtered).
#[derive(Debug, Clone, Default, serde::Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct FilterQuery {
    /// A team's id.
    pub team: String,
    /// A service model's code.
    pub service_model: String,
    /// `own_staff`, `seconded_from_council`, `employed_by_other` or `placed_elsewhere`.
    pub arrangement: String,
}

impl FilterQuery {
    /// Reads the filter; a value that names nothing is refused by name.
    pub fn parse(&self) -> AppResult<Filter> {
        let bad = |field: &str, msg: &str| {
            AppError::Invalid(crate::error::FieldErrors::single(field, msg))
        };
        let team = match self.team.trim() {
            "" => None,
            t => Some(t.parse::<i64>().map_err(|_| bad("team", "Select a team"))?),
        };
        let service_model = match self.service_model.trim() {
            "" => None,
            m if reference().service_models.items.iter().any(|i| i.code == m) => {
                Some(m.to_string())
            }
            _ => return Err(bad("service_model", "Select a service model")),
        };
        let arrangement = match self.arrangement.trim() {
            "" => None,
            a => Some(
                Arrangement::parse(a)
                    .ok_or_else(|| bad("arrangement", "Select an employment arrangement"))?,
            ),
        };
        Ok(Filter {
            team_id: team,
            service_model,
            arrangement,
        })
    }
}
