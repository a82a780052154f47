//! An organisation's workforce intelligence (`domain::workforce`), as its principal social
//! worker and workforce lead see it on `/workforce`, in `/workforce.xlsx` and through
//! `GET /api/v1/workforce/intelligence`: one function for all three.
//!
//! Counts of the organisation's own people by team, service model, arrangement, role,
//! band and stage are exact (the readers see these people by name in the practitioner
//! list). Equality breakdowns and ratios go through the disclosure policy
//! (`domain::workforce::equality`) and are given for the whole organisation only: for a
//! filtered part they would be subtracted from the whole. Every read is audited.

use super::super::{audit, require};
use crate::config::Settings;
use crate::domain::disclosure::{DisclosurePolicy, Shown};
use crate::domain::people_filter::PeopleFilter;
use crate::domain::reference;
use crate::domain::stocktake::AGE_GROUPS;
use crate::domain::workforce::equality::{
    self, Published, RaceGroup, Rates, Representation, RepresentationShown, race_group,
};
use crate::domain::workforce::movement::{Denominator, Movement};
use crate::domain::workforce::year::YearFigures;
use crate::domain::workforce::{
    self as wf, Arrangement, Dimension, Filter, NO_TEAM, NOT_RECORDED, Person, SkillMix,
};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::{Db, orgs, workforce as store};
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
    fn of(y: &YearFigures, policy: DisclosurePolicy) -> Option<Self> {
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

fn wte_of(h: u64) -> f64 {
    h as f64 / 100.0
}

/// The label of a code of `dim`.
fn label(dim: Dimension, code: &str, teams: &[store::TeamEstablishment]) -> String {
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

fn exact_breakdown(
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

fn equality_breakdown(
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

fn race_equality(
    people: &[(i64, Person)],
    histories: &std::collections::HashMap<i64, Vec<(Date, String)>>,
    years: &[YearFigures],
    day: Date,
    policy: DisclosurePolicy,
) -> RaceEquality {
    let mut rep = Representation::default();
    let (mut moved, mut could) = ([0u64; 2], [0u64; 2]);
    let from = crate::domain::workforce::movement::year_before(day);
    for (id, p) in people {
        let group = race_group(p.ethnic_category.as_deref());
        if p.in_post_on(day) {
            rep.add(group, equality::is_senior_band(&p.band));
        }
        let i = match group {
            RaceGroup::White => 0,
            RaceGroup::Bme => 1,
            RaceGroup::NotKnown => continue,
        };
        // Those in post all year could have moved up a band in it.
        if p.in_post_on(from) && p.in_post_on(day) {
            could[i] += 1;
            if histories
                .get(id)
                .is_some_and(|h| equality::moved_up(h, from, day))
            {
                moved[i] += 1;
            }
        }
    }
    // The latest year with the figures entered, and the likelihood they give.
    let latest = |f: &dyn Fn(&YearFigures) -> Option<Rates>| {
        years.iter().find_map(|y| {
            Some(YearLikelihood {
                year_ending: y.year_ending?,
                likelihood: f(y)?.relative_likelihood(policy),
            })
        })
    };
    let (bme, white) = (
        rep.bme_senior + rep.bme_other,
        rep.white_senior + rep.white_other,
    );
    RaceEquality {
        representation: rep.publish(policy),
        progression: Rates {
            first_yes: moved[0],
            first_of: could[0],
            second_yes: moved[1],
            second_of: could[1],
        }
        .relative_likelihood(policy),
        appointment: latest(&|y| {
            Some(Rates {
                first_yes: y.appointed_white?,
                first_of: y.shortlisted_white?,
                second_yes: y.appointed_bme?,
                second_of: y.shortlisted_bme?,
            })
        }),
        // Against the headcount in post today: a past year's headcount by group is not kept.
        disciplinary: latest(&|y| {
            Some(Rates {
                first_yes: y.disciplinary_bme?,
                first_of: bme,
                second_yes: y.disciplinary_white?,
                second_of: white,
            })
        }),
    }
}

/// The organisation's workforce on `day`, narrowed by `filter`.
pub async fn view(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &Filter,
    day: Date,
) -> AppResult<Intelligence> {
    require(actor, Capability::ViewWorkforceIntelligence)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let org = orgs::get(&db.pool, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = settings.privacy.disclosure;
    let rules = settings.workforce;
    let from = crate::domain::workforce::movement::year_before(day);
    let everyone = store::people(&db.pool, org_id, from, day).await?;
    let teams = store::teams_of(&db.pool, org_id).await?;
    let years = store::years_of(&db.pool, org_id).await?;
    if let Some(t) = filter.team_id
        && !teams.iter().any(|x| x.id == t)
    {
        return Err(AppError::NotFound);
    }
    let people: Vec<Person> = everyone
        .iter()
        .map(|(_, p)| p)
        .filter(|p| filter.admits(p))
        .cloned()
        .collect();
    let in_post: Vec<&Person> = people.iter().filter(|p| p.in_post_on(day)).collect();
    let wte_h: u64 = in_post.iter().map(|p| p.wte).sum();
    let whole = filter.is_whole();
    let breakdowns = [
        Dimension::Team,
        Dimension::ServiceModel,
        Dimension::Arrangement,
        Dimension::RoleCategory,
        Dimension::Band,
        Dimension::CareerStage,
    ]
    .into_iter()
    .map(|d| exact_breakdown(&people, d, day, &teams))
    .collect();
    let equality = whole.then(|| {
        [
            Dimension::AgeGroup,
            Dimension::EthnicCategory,
            Dimension::Sex,
            Dimension::Disability,
        ]
        .into_iter()
        .map(|d| equality_breakdown(&people, d, day, policy))
        .collect()
    });
    let shown_teams: Vec<&store::TeamEstablishment> = teams
        .iter()
        .filter(|t| filter.team_id.is_none_or(|id| id == t.id))
        .filter(|t| {
            filter
                .service_model
                .as_ref()
                .is_none_or(|m| *m == t.service_model)
        })
        .collect();
    let posts = wf::vacancies(
        &people,
        &shown_teams
            .iter()
            .map(|t| (t.id, t.establishment))
            .collect::<Vec<_>>(),
        day,
    );
    let vacancies: Vec<TeamVacancy> = shown_teams
        .iter()
        .zip(&posts)
        .map(|(t, v)| TeamVacancy {
            team_id: t.id,
            team: t.name.clone(),
            service_model: reference().service_models.label(&t.service_model).into(),
            establishment: v.establishment.map(wte_of),
            in_post: wte_of(v.in_post),
            vacancy: v.vacancy.map(|h| h as f64 / 100.0),
        })
        .collect();
    let entered: Vec<&wf::TeamPosts> = posts.iter().filter(|p| p.establishment.is_some()).collect();
    let establishment_total =
        (!entered.is_empty()).then(|| wte_of(entered.iter().filter_map(|p| p.establishment).sum()));
    let vacancy_total = (!entered.is_empty())
        .then(|| entered.iter().filter_map(|p| p.vacancy).sum::<i64>() as f64 / 100.0);
    let mix = SkillMix::of(&people, day);
    let m = Movement::over_year(&people, day);
    let pq = crate::service::post_qualifying::overview(
        db,
        actor,
        day,
        settings,
        &PeopleFilter::default(),
    )
    .await?;
    let role = |code: &str| {
        pq.roles
            .iter()
            .find(|r| r.code == code)
            .map_or(0, |r| r.count)
    };
    let race = if whole {
        let histories = store::band_histories(&db.pool, org_id, from).await?;
        Some(race_equality(&everyone, &histories, &years, day, policy))
    } else {
        None
    };
    let r = reference();
    let choice = |value: String, label: String| FilterChoice { value, label };
    let team_choices = teams
        .iter()
        .map(|t| choice(t.id.to_string(), t.name.clone()))
        .collect();
    let filtered_to = describe(filter, &teams);
    audit(
        db,
        actor,
        "view",
        "workforce intelligence",
        org_id,
        filtered_to.clone(),
    )
    .await?;
    Ok(Intelligence {
        organisation: org.name.clone(),
        day,
        filtered_to,
        filter: filter.clone(),
        team_choices,
        service_model_choices: r
            .service_models
            .items
            .iter()
            .map(|i| choice(i.code.clone(), i.label.clone()))
            .collect(),
        arrangement_choices: Arrangement::ALL
            .iter()
            .map(|a| choice(a.code().into(), a.label().into()))
            .collect(),
        headcount: in_post.len() as u64,
        wte: wte_of(wte_h),
        population: org.population.and_then(|p| u64::try_from(p).ok()),
        wte_per_100k: if whole {
            org.population
                .and_then(|p| u64::try_from(p).ok())
                .and_then(|p| wf::per_100k(wte_h, p))
        } else {
            None
        },
        breakdowns,
        equality,
        vacancies,
        establishment_total,
        vacancy_total,
        skill_mix: SkillMixShown {
            newly_qualified: mix.newly_qualified,
            senior: mix.senior,
            per_senior: mix.per_senior(),
            most_per_senior: rules.most_newly_qualified_per_senior,
            at_risk: mix.at_risk(rules.most_newly_qualified_per_senior),
        },
        movement: MovementShown {
            from: m.from,
            to: m.to,
            starters: m.starters,
            leavers: m.leavers,
            headcount_start: m.headcount_start,
            headcount_end: m.headcount_end,
            turnover_percent: m.turnover_percent(rules.turnover_denominator),
            denominator: match rules.turnover_denominator {
                Denominator::Average => {
                    "the average of the headcounts at the start and the end of the 12 months"
                }
                Denominator::Start => "the headcount at the start of the 12 months",
            }
            .into(),
        },
        amhp: AmhpPosition {
            current: pq.current_amhps,
            required: pq.amhps_required,
            ending_by_quarter: pq
                .by_expiry_quarter
                .iter()
                .map(|q| AmhpQuarter {
                    quarter: q.label.clone(),
                    count: q.people.len(),
                })
                .collect(),
            in_training: role("amhp_training"),
            bias: role("bia"),
            bias_in_training: role("bia_training"),
        },
        race_equality: race,
        years: years
            .iter()
            .filter_map(|y| YearShown::of(y, policy))
            .collect(),
        disclosure_note: format!(
            "Counts by team, service model, arrangement, role, band and career stage are exact: they count the people in your practitioner list. Age, ethnic category, sex and disability are shown for the whole organisation only, and {}",
            policy.explanation().to_lowercase()
        ),
    })
}

/// The filter in words, for the page's heading and the audit trail.
fn describe(f: &Filter, teams: &[store::TeamEstablishment]) -> String {
    let mut parts = Vec::new();
    if let Some(t) = f.team_id {
        parts.push(label(Dimension::Team, &t.to_string(), teams));
    }
    if let Some(m) = &f.service_model {
        parts.push(reference().service_models.label(m).to_string());
    }
    if let Some(a) = f.arrangement {
        parts.push(a.label().to_string());
    }
    parts.join(", ")
}
