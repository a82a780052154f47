//! A return generated from an organisation's own records: each person working in its
//! services on the collection date counted once in every breakdown, so that every dimension
//! adds up to its total by construction. Pure; `service::stocktake::generated` reads the
//! people and checks the result with the same reader as an uploaded return.

use super::{AGE_GROUPS, Cell, Dimension, Employer, Hundredths, Measure, StocktakeReturn};
use crate::domain::age_band;
use std::collections::BTreeMap;
use time::Date;

/// One person as the generator needs them (no name, no identifier).
#[derive(Debug, Clone, PartialEq)]
pub struct Person {
    /// Employed by an NHS body (else by anyone else: a council, a provider, an agency).
    pub nhs_employed: bool,
    pub band: String,
    pub wte: Hundredths,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub date_of_birth: Option<Date>,
    /// A recorded age band (`age_bands`), used when there is no date of birth.
    pub age_band: Option<String>,
    pub ethnic_category: Option<String>,
    pub sex: Option<String>,
    pub disability: Option<String>,
    /// Their team's service model; none without a team.
    pub service_model: Option<String>,
    /// An AMHP approval in force on the collection date.
    pub amhp: bool,
    pub bia: bool,
}

impl Person {
    /// In post on `day`: started by then and not yet left.
    pub fn in_post_on(&self, day: Date) -> bool {
        self.start_date <= day && self.end_date.is_none_or(|e| e > day)
    }

    fn employer(&self) -> Employer {
        if self.nhs_employed {
            Employer::Nhs
        } else {
            Employer::Other
        }
    }

    /// The stocktake age group on `day` ([`age_group_on`]).
    pub fn age_group(&self, day: Date) -> &'static str {
        age_group_on(self.date_of_birth, self.age_band.as_deref(), day)
    }

    /// The category of each breakdown, as the return's codes say.
    fn categories(&self, day: Date) -> [(Dimension, String); 5] {
        let or = |v: &Option<String>, none: &str| v.clone().unwrap_or_else(|| none.to_string());
        let disability = match self.disability.as_deref() {
            Some("yes") => "yes",
            Some("no") => "no",
            _ => "not_recorded",
        };
        [
            (Dimension::Band, self.band.clone()),
            (Dimension::AgeGroup, self.age_group(day).to_string()),
            (Dimension::EthnicCategory, or(&self.ethnic_category, "99")),
            (Dimension::Sex, or(&self.sex, "not_stated")),
            (Dimension::Disability, disability.to_string()),
        ]
    }
}

/// What the generator could not state, for the review page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Omitted {
    /// People in post without a team: with any, there is no breakdown by service model
    /// for their employer (it would not add up to the total).
    pub without_team: usize,
    /// No registered population is recorded for the organisation.
    pub population: bool,
}

/// Vacant WTE by service model (each team's entered establishment less its WTE in post, none
/// below zero), reported under the organisation's own employer class: vacancies are the
/// organisation's funded posts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vacant {
    pub employer: Employer,
    pub by_service_model: Vec<(String, Hundredths)>,
}

/// The stocktake age group on `day`: from the date of birth, else from a recorded band
/// that lies wholly inside one group, else not known. The workforce figures use it too.
pub fn age_group_on(
    date_of_birth: Option<Date>,
    age_band: Option<&str>,
    day: Date,
) -> &'static str {
    let of_age = |age: u32| match age {
        0..=29 => AGE_GROUPS[0],
        30..=39 => AGE_GROUPS[1],
        40..=49 => AGE_GROUPS[2],
        _ => AGE_GROUPS[3],
    };
    if let Some(born) = date_of_birth {
        let mut age = day.year() - born.year();
        if (day.month() as u8, day.day()) < (born.month() as u8, born.day()) {
            age -= 1;
        }
        return of_age(u32::try_from(age).unwrap_or(0));
    }
    let group = age_band.and_then(age_band::bounds).map(|b| match b {
        (_, Some(hi)) if hi <= 29 => Some(AGE_GROUPS[0]),
        (lo, Some(hi)) if lo >= 30 && hi <= 39 => Some(AGE_GROUPS[1]),
        (lo, Some(hi)) if lo >= 40 && hi <= 49 => Some(AGE_GROUPS[2]),
        (lo, _) if lo >= 50 => Some(AGE_GROUPS[3]),
        _ => None,
    });
    group.flatten().unwrap_or(AGE_GROUPS[4])
}

/// The return for `ods_code` at `day` from `people` (everyone who works in the
/// organisation's services, leavers included) and its registered population.
pub fn generate(
    ods_code: &str,
    day: Date,
    people: &[Person],
    population: Option<u64>,
    vacant: Option<&Vacant>,
) -> (StocktakeReturn, Omitted) {
    let year_before = day
        .replace_year(day.year() - 1)
        .unwrap_or(day - time::Duration::days(365));
    let mut counts: BTreeMap<(Measure, Employer, Dimension, String), (u64, Hundredths)> =
        BTreeMap::new();
    let mut add = |m: Measure, e: Employer, d: Dimension, c: String, wte: Hundredths| {
        let cell = counts.entry((m, e, d, c)).or_default();
        cell.0 += 1;
        cell.1 += wte;
    };
    let mut omitted = Omitted {
        population: population.is_none(),
        ..Omitted::default()
    };
    let mut teamless: BTreeMap<Employer, bool> = BTreeMap::new();
    for p in people {
        let e = p.employer();
        let all = || "all".to_string();
        if p.start_date > year_before && p.start_date <= day {
            add(Measure::Starters, e, Dimension::Total, all(), 0);
        }
        if p.end_date
            .is_some_and(|end| end > year_before && end <= day)
        {
            add(Measure::Leavers, e, Dimension::Total, all(), 0);
        }
        if !p.in_post_on(day) {
            continue;
        }
        add(Measure::InPost, e, Dimension::Total, all(), p.wte);
        for (d, c) in p.categories(day) {
            add(Measure::InPost, e, d, c, p.wte);
        }
        match &p.service_model {
            Some(s) => add(
                Measure::InPost,
                e,
                Dimension::ServiceModel,
                s.clone(),
                p.wte,
            ),
            None => {
                omitted.without_team += 1;
                teamless.insert(e, true);
            }
        }
        if p.amhp {
            add(Measure::Amhp, e, Dimension::Total, all(), p.wte);
        }
        if p.bia {
            add(Measure::Bia, e, Dimension::Total, all(), p.wte);
        }
    }
    let mut vacancies: BTreeMap<(Employer, Dimension, String), Hundredths> = BTreeMap::new();
    for v in vacant.iter() {
        for (model, wte) in v.by_service_model.iter().filter(|(_, w)| *w > 0) {
            *vacancies
                .entry((v.employer, Dimension::Total, "all".into()))
                .or_default() += wte;
            *vacancies
                .entry((v.employer, Dimension::ServiceModel, model.clone()))
                .or_default() += wte;
        }
    }
    let mut cells: Vec<Cell> = counts
        .into_iter()
        .filter(|((m, e, d, _), _)| {
            !(*m == Measure::InPost && *d == Dimension::ServiceModel && teamless.contains_key(e))
        })
        .map(|((measure, employer, dimension, category), (n, wte))| {
            let counts_wte = !matches!(measure, Measure::Starters | Measure::Leavers);
            Cell {
                row: 0,
                measure,
                employer: Some(employer),
                dimension: Some(dimension),
                category,
                headcount: Some(n),
                wte: counts_wte.then_some(wte),
            }
        })
        .collect();
    cells.extend(
        vacancies
            .into_iter()
            .map(|((employer, dimension, category), wte)| Cell {
                row: 0,
                measure: Measure::Vacancies,
                employer: Some(employer),
                dimension: Some(dimension),
                category,
                headcount: None,
                wte: Some(wte),
            }),
    );
    if let Some(n) = population {
        cells.push(Cell {
            row: 0,
            measure: Measure::RegisteredPopulation,
            employer: None,
            dimension: None,
            category: String::new(),
            headcount: Some(n),
            wte: None,
        });
    }
    for (i, c) in cells.iter_mut().enumerate() {
        c.row = i + 2;
    }
    let ret = StocktakeReturn {
        collection_date: day,
        ods_code: ods_code.to_string(),
        cells,
    };
    (ret, omitted)
}

/// A return written out as the specification's CSV (the reverse of `read_return`).
pub fn to_csv(ret: &StocktakeReturn) -> String {
    let mut out = super::HEADINGS.join(",");
    out.push_str("\r\n");
    for c in &ret.cells {
        let line = [
            ret.collection_date.to_string(),
            ret.ods_code.clone(),
            c.measure.code().to_string(),
            c.employer.map_or("", Employer::code).to_string(),
            c.dimension.map_or("", Dimension::code).to_string(),
            c.category.clone(),
            c.headcount.map_or(String::new(), |n| n.to_string()),
            c.wte.map_or(String::new(), super::show_wte),
        ];
        out.push_str(&line.join(","));
        out.push_str("\r\n");
    }
    out
}
