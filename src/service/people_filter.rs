//! The filters every list of people takes (team, employer, career stage, registration
//! status): parsing the query into `domain::people_filter::PeopleFilter`, and the choices a
//! filter form offers. Pages and the API narrow the actor's scope with the result
//! (`PractitionerScope::narrowed`), so a filtered page counts what it lists.

use crate::domain::people_filter::{NOT_RECORDED, PeopleFilter, PeopleQuery};
use crate::domain::reference;
use crate::domain::registration::RegistrationStatus;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, practitioner_scope};
use crate::store::Db;
use serde::Serialize;

/// The filter, or a 422 naming each field that could not be read.
pub fn parse(q: &PeopleQuery) -> AppResult<PeopleFilter> {
    q.parse().map_err(|problems| {
        let mut e = FieldErrors::default();
        for (field, message) in problems {
            e.add(field, message);
        }
        AppError::Invalid(e)
    })
}

/// One option in a filter's select.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub code: String,
    pub label: String,
}

/// What each of the four selects offers, and what is chosen now.
#[derive(Debug, Clone, Serialize)]
pub struct FilterForm {
    pub teams: Vec<Choice>,
    pub employers: Vec<Choice>,
    pub career_stages: Vec<Choice>,
    pub registration: Vec<Choice>,
    pub chosen: PeopleQuery,
    /// Whether anything is chosen (the form starts open).
    pub active: bool,
}

/// The filter form for the actor: teams and employers of the people they may see.
pub async fn form(db: &Db, actor: &Actor, chosen: &PeopleQuery) -> AppResult<FilterForm> {
    // The teams and employers of everyone in scope: kept between writes like a report.
    let scope = practitioner_scope(actor);
    let key = format!("filter choices|{scope:?}");
    let kept = crate::service::kept(db, key, || async {
        Ok(crate::store::practitioners::filter_choices(&db.pool, &scope).await?)
    })
    .await?;
    let (teams, employers) = (*kept).clone();
    let choice = |(id, name): (i64, String)| Choice {
        code: id.to_string(),
        label: name,
    };
    let r = reference();
    let mut registration: Vec<Choice> = RegistrationStatus::ALL
        .iter()
        .map(|s| Choice {
            code: s.code().into(),
            label: s.label().into(),
        })
        .collect();
    registration.push(Choice {
        code: NOT_RECORDED.into(),
        label: "No registration recorded".into(),
    });
    Ok(FilterForm {
        teams: teams.into_iter().map(choice).collect(),
        employers: employers.into_iter().map(choice).collect(),
        career_stages: r
            .career_stages
            .items
            .iter()
            .map(|i| Choice {
                code: i.code.clone(),
                label: i.label.clone(),
            })
            .collect(),
        registration,
        active: !chosen.pairs().is_empty(),
        chosen: chosen.clone(),
    })
}
