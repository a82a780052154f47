//! A return generated from the organisation's own records, reviewed, then sent: the one step
//! the specification promises an organisation running mhsw. What is sent is exactly what
//! was reviewed (a fingerprint of the return travels with the form), and it goes through
//! [`super::receive`] like any file, so it meets every rule an upload does.

use super::{ReturnReceived, Sender, receive, returns::ReturnCell};
use crate::domain::dates::parse as parse_date;
use crate::domain::stocktake::{self as spec, Dimension, Measure};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::{audit, require};
use crate::store::Db;
use crate::store::orgs;
use crate::store::stocktake::{self as store, Route};
use serde::Serialize;
use sha2::{Digest, Sha256};
use time::{Date, Month};

/// A generated return, for review.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct GeneratedReturn {
    pub organisation: String,
    pub ods_code: String,
    pub collection_date: Date,
    /// People in post on the collection date, and their WTE.
    pub headcount: u64,
    pub wte: f64,
    pub cells: Vec<ReturnCell>,
    /// People in post without a team: with any, the return has no breakdown by service
    /// model for their employer.
    pub without_team: usize,
    /// Whether the organisation's registered population is missing (the return cannot be
    /// sent until it is recorded).
    pub population_missing: bool,
    /// What the specification's checks say of it (empty when it can be sent).
    pub problems: Vec<String>,
    /// Send this back with the return, to send exactly what was reviewed.
    pub fingerprint: String,
    /// The return as CSV, as it would be sent.
    pub csv: String,
}

/// The day the stocktake counts on (30 September, as in the 2019 collection), most recent
/// on or before `today`: the form's default.
pub fn latest_census_day(today: Date) -> Date {
    let this_year = Date::from_calendar_date(today.year(), Month::September, 30).unwrap_or(today);
    if this_year <= today {
        this_year
    } else {
        this_year
            .replace_year(today.year() - 1)
            .unwrap_or(this_year)
    }
}

/// Reads a collection date from a form or query (empty: the latest census day).
pub fn collection_date(text: Option<&str>, today: Date) -> AppResult<Date> {
    let field = |m: &str| AppError::Invalid(FieldErrors::single("collection_date", m));
    match text.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(latest_census_day(today)),
        Some(s) => {
            let day = parse_date("The collection date", s).map_err(|m| field(&m))?;
            if day > today {
                return Err(field("The collection date must be today or in the past"));
            }
            Ok(day)
        }
    }
}

/// The organisation's vacancies on `day` by service model, from the establishments it
/// entered (as they stand now) and the WTE in post in each team; none when no team has one.
async fn vacant_on(db: &Db, org_id: i64, nhs: bool, day: Date) -> AppResult<Option<spec::Vacant>> {
    use crate::domain::workforce;
    let teams = crate::store::workforce::teams_of(&db.pool, org_id).await?;
    if teams.iter().all(|t| t.establishment.is_none()) {
        return Ok(None);
    }
    let since = workforce::movement::year_before(day);
    let people: Vec<workforce::Person> =
        crate::store::workforce::people(&db.pool, org_id, since, day)
            .await?
            .into_iter()
            .map(|(_, p)| p)
            .collect();
    let posts = workforce::vacancies(
        &people,
        &teams
            .iter()
            .map(|t| (t.id, t.establishment))
            .collect::<Vec<_>>(),
        day,
    );
    let by_service_model = teams
        .iter()
        .zip(&posts)
        .filter_map(|(t, p)| Some((t.service_model.clone(), p.vacancy?.max(0) as u64)))
        .collect();
    Ok(Some(spec::Vacant {
        employer: if nhs {
            spec::Employer::Nhs
        } else {
            spec::Employer::Other
        },
        by_service_model,
    }))
}

/// Generates the actor's organisation's return at `day` from its records. Reading it
/// aggregates people's equality data, so it is audited.
pub async fn generate(
    db: &Db,
    actor: &Actor,
    day: Date,
    today: Date,
) -> AppResult<GeneratedReturn> {
    require(actor, Capability::GenerateStocktakeReturn)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let generated = from_records(db, org_id, day, today).await?;
    audit(
        db,
        actor,
        "view",
        "stocktake return (generated)",
        org_id,
        format!("at {day}"),
    )
    .await?;
    Ok(generated)
}

/// An organisation's return at `day` from its records, for whoever may ask for it (the
/// caller checks and audits).
async fn from_records(db: &Db, org_id: i64, day: Date, today: Date) -> AppResult<GeneratedReturn> {
    let org = orgs::get(&db.pool, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let year_before = day
        .replace_year(day.year() - 1)
        .unwrap_or(day - time::Duration::days(365));
    let people = store::people_for_return(&db.pool, org_id, day, year_before).await?;
    let population = org.population.and_then(|n| u64::try_from(n).ok());
    let vacant = vacant_on(db, org_id, org.is_nhs_body, day).await?;
    let (ret, omitted) = spec::generate(&org.ods_code, day, &people, population, vacant.as_ref());
    let csv = spec::to_csv(&ret);
    let known = |code: &str| code.eq_ignore_ascii_case(&org.ods_code);
    let problems = match crate::domain::staff_import::read_table(csv.as_bytes()) {
        Err(e) => e,
        Ok(table) => match spec::read_return(&table, today, known) {
            Ok(_) => Vec::new(),
            Err(e) => e.iter().map(ToString::to_string).collect(),
        },
    };
    let (headcount, wte) = ret
        .cells
        .iter()
        .filter(|c| c.measure == Measure::InPost && c.dimension == Some(Dimension::Total))
        .fold((0, 0), |(h, w), c| {
            (h + c.headcount.unwrap_or(0), w + c.wte.unwrap_or(0))
        });
    Ok(GeneratedReturn {
        organisation: org.name,
        ods_code: org.ods_code,
        collection_date: day,
        headcount,
        wte: wte as f64 / 100.0,
        cells: ret.cells.iter().map(super::returns::cell_view).collect(),
        without_team: omitted.without_team,
        population_missing: omitted.population,
        problems,
        fingerprint: hex(&Sha256::digest(csv.as_bytes())),
        csv,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Sends an organisation's return generated from its records at `day` as the command line
/// sends a file (the national demo's returns, `demo::national`).
pub async fn send_from_records(
    db: &Db,
    org_id: i64,
    day: Date,
    today: Date,
) -> AppResult<ReturnReceived> {
    let generated = from_records(db, org_id, day, today).await?;
    let name = format!("generated from mhsw records at {day}");
    receive(
        db,
        Sender::CommandLine,
        &name,
        generated.csv.as_bytes(),
        today,
    )
    .await
}

/// Sends the return generated at `day`, if it is still the one reviewed (`fingerprint`).
pub async fn send(
    db: &Db,
    actor: &Actor,
    day: Date,
    fingerprint: &str,
    today: Date,
) -> AppResult<ReturnReceived> {
    let generated = generate(db, actor, day, today).await?;
    if generated.fingerprint != fingerprint.trim() {
        return Err(AppError::Invalid(FieldErrors::single(
            "fingerprint",
            "The records have changed since this return was shown: review it again before sending",
        )));
    }
    let name = format!("generated from mhsw records at {day}");
    let sender = Sender::User(actor, Route::Generated);
    receive(db, sender, &name, generated.csv.as_bytes(), today).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_default_collection_date_is_the_latest_30_september_not_after_today() {
        assert_eq!(
            latest_census_day(date!(2026 - 09 - 30)),
            date!(2026 - 09 - 30)
        );
        assert_eq!(
            latest_census_day(date!(2026 - 09 - 29)),
            date!(2025 - 09 - 30)
        );
        assert_eq!(
            latest_census_day(date!(2028 - 02 - 29)),
            date!(2027 - 09 - 30)
        );
        assert_eq!(
            collection_date(Some(" "), date!(2026 - 12 - 05)).unwrap(),
            date!(2026 - 09 - 30)
        );
        assert!(collection_date(Some("2026-12-06"), date!(2026 - 12 - 05)).is_err());
        assert!(collection_date(Some("2026-13-01"), date!(2026 - 12 - 05)).is_err());
    }
}
