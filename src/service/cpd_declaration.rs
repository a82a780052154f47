//! A practitioner declares the CPD they hold in their Social Work England account for a
//! registration year (`domain::cpd::Declaration`): counted towards readiness everywhere
//! readiness is shown, always marked as declared, not evidenced. Only the person declares
//! their own; audited in the transaction that writes it.

use super::cpd::readiness_by_person;
use super::require;
use crate::config::Settings;
use crate::domain::cpd::{Declaration, Readiness, readiness, year_ending_in};
use crate::domain::input::{text, yes_no};
use crate::domain::registration::registration_year;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::cpd as store;
use serde::{Deserialize, Serialize};
use time::Date;

/// What a form or the API sends.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct DeclarationInput {
    /// The registration year, by the calendar year it ends in (e.g. 2027).
    #[serde(deserialize_with = "text")]
    #[schema(value_type = i32)]
    pub year: String,
    /// How many different pieces of CPD are recorded in the Social Work England account
    /// (0 clears the declaration).
    #[serde(deserialize_with = "text")]
    #[schema(value_type = u32)]
    pub records: String,
    /// Whether one of them has a peer reflection.
    #[serde(deserialize_with = "yes_no")]
    #[schema(value_type = bool)]
    pub peer_reflection: String,
}

/// Records the actor's own declaration and returns the year's readiness with it.
pub async fn declare(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &DeclarationInput,
    today: Date,
) -> AppResult<Readiness> {
    require(actor, Capability::KeepOwnCpd)?;
    let me = actor.practitioner_id.ok_or(AppError::Forbidden)?;
    let mut e = FieldErrors::default();
    let current = registration_year(today).ends.year();
    let year = input
        .year
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|y| (2020..=current).contains(y));
    if year.is_none() {
        e.add("year", "Choose a registration year from the list");
    }
    let declared = Declaration::parse(&input.records, &input.peer_reflection).map_err(|p| {
        for (field, message) in p {
            e.add(field, message);
        }
    });
    let (Some(y), Ok(d)) = (year, declared) else {
        return Err(AppError::Invalid(e));
    };
    let ry = year_ending_in(y);
    let mut tx = Write::begin(db, actor).await?;
    store::set_declaration(&mut tx, me, ry.ends, d, actor.user_id).await?;
    tx.commit(
        "update",
        "cpd_declaration",
        me,
        format!(
            "year {y}: {} held in the regulator's account{}",
            d.records,
            if d.peer_reflection {
                ", one with a peer reflection"
            } else {
                ""
            }
        ),
    )
    .await?;
    Ok(
        readiness_by_person(db, &PractitionerScope::Own(me), &ry, &settings.cpd)
            .await?
            .remove(&me)
            .unwrap_or_else(|| readiness(&[], Declaration::default(), &ry, &settings.cpd)),
    )
}
