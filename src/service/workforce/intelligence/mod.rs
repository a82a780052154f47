//! An organisation's workforce intelligence (`domain::workforce`), as its principal social
//! worker and workforce lead see it on `/workforce`, in `/workforce.xlsx` and through
//! `GET /api/v1/workforce/intelligence`: one function for all three.
//!
//! Counts of the organisation's own people by team, service model, arrangement, role,
//! band and stage are exact (the readers see these people by name in the practitioner
//! list). Equality breakdowns and ratios go through the disclosure policy
//! (`domain::workforce::equality`) and are given for the whole organisation only: for a
//! filtered part they would be subtracted from the whole. Every read is audited.

use super::super::{audit, kept, require};
use crate::config::Settings;
use crate::domain::disclosure::DisclosurePolicy;
use crate::domain::people_filter::PeopleFilter;
use crate::domain::reference;
use crate::domain::workforce::equality::{self, RaceGroup, Rates, Representation, race_group};
use crate::domain::workforce::movement::{Denominator, Movement};
use crate::domain::workforce::year::YearFigures;
use crate::domain::workforce::{self as wf, Arrangement, Dimension, Filter, Person, SkillMix};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::{Db, orgs, workforce as store};
use std::borrow::Cow;
use std::sync::Arc;
use time::Date;

mod breakdowns;
mod shown;

use breakdowns::{equality_breakdown, exact_breakdown, label, wte_of};
pub use shown::*;

fn race_equality(
    people: &[(i64, &Person)],
    histories: &std::collections::HashMap<i64, Vec<(Date, String)>>,
    years: &[YearFigures],
    day: Date,
    policy: DisclosurePolicy,
) -> RaceEquality {
    let rep = Representation::of(people.iter().map(|(_, p)| *p), day);
    let (mut moved, mut could) = ([0u64; 2], [0u64; 2]);
    let from = crate::domain::workforce::movement::year_before(day);
    for (id, p) in people {
        let i = match race_group(p.ethnic_category.as_deref()) {
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

/// The organisation's workforce on `day`, narrowed by `filter`, kept between writes
/// (`service::kept`: the page, its XLSX and the API read the same figures); every read is
/// audited, kept or not.
pub async fn view(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &Filter,
    day: Date,
) -> AppResult<Arc<Intelligence>> {
    require(actor, Capability::ViewWorkforceIntelligence)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    // The post-qualifying figures are read as this actor may see them.
    let key = format!(
        "workforce intelligence|{org_id}|user {}|{filter:?}|{day}",
        actor.user_id
    );
    let view = kept(db, key, || {
        compute(db, settings, actor, org_id, filter, day)
    })
    .await?;
    audit(
        db,
        actor,
        "view",
        "workforce intelligence",
        org_id,
        view.filtered_to.clone(),
    )
    .await?;
    Ok(view)
}

async fn compute(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    org_id: i64,
    filter: &Filter,
    day: Date,
) -> AppResult<Intelligence> {
    let org = orgs::get(&db.pool, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let policy = settings.privacy.disclosure;
    let rules = settings.workforce;
    let from = crate::domain::workforce::movement::year_before(day);
    let (ids, everyone): (Vec<i64>, Vec<Person>) = store::people(&db.pool, org_id, from, day)
        .await?
        .into_iter()
        .unzip();
    let teams = store::teams_of(&db.pool, org_id).await?;
    let years = store::years_of(&db.pool, org_id).await?;
    if let Some(t) = filter.team_id
        && !teams.iter().any(|x| x.id == t)
    {
        return Err(AppError::NotFound);
    }
    // Unfiltered, the people are read as they are; a filter keeps its part.
    let people: Cow<[Person]> = if filter.is_whole() {
        Cow::Borrowed(&everyone)
    } else {
        Cow::Owned(
            everyone
                .iter()
                .filter(|p| filter.admits(p))
                .cloned()
                .collect(),
        )
    };
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
        let everyone: Vec<(i64, &Person)> = ids.iter().copied().zip(&everyone).collect();
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
            succession_age: pq.succession.age,
            succession_count: pq.succession.count.clone(),
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
