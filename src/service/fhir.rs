//! The FHIR export of practitioners (`domain::fhir`): the people in the reader's scope (or,
//! from the command line, one organisation's), each as a UK Core Practitioner and
//! PractitionerRole in one Bundle. Names and work emails are personal data: every export
//! is audited. No equality data is exported.

use super::{audit, require};
use crate::domain::fhir::{self, FhirSettings, HeldRole, Person};
use crate::domain::reference::reference;
use crate::domain::timestamp::Timestamp;
use crate::error::AppResult;
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::fhir as store;
use serde_json::Value;
use time::Date;

async fn bundle_of(
    db: &Db,
    scope: &PractitionerScope,
    settings: &FhirSettings,
    today: Date,
) -> AppResult<(Value, usize)> {
    let rows = store::people(&db.pool, scope).await?;
    let since = store::roles_since(&db.pool, scope).await?;
    let r = reference();
    let people: Vec<Person> = rows
        .into_iter()
        .map(|p| Person {
            roles: p
                .pq_roles
                .iter()
                .map(|code| HeldRole {
                    code: code.clone(),
                    label: r.post_qualifying_roles.label(code).to_string(),
                    since: since.get(&(p.id, code.clone())).map(Date::to_string),
                })
                .collect(),
            id: p.id,
            given_name: p.given_name,
            family_name: p.family_name,
            work_email: p.work_email,
            swe_number: p.swe_number,
            employer_ods: p.employer_ods,
            employer_name: p.employer_name,
            start_date: p.start_date.to_string(),
            end_date: p.end_date.map(|d| d.to_string()),
            active: p.start_date <= today && p.end_date.is_none_or(|e| e > today),
            job: format!("Social worker: {}", r.career_stages.label(&p.career_stage)),
            service: p
                .service_model
                .map(|s| r.service_models.label(&s).to_string()),
        })
        .collect();
    let n = people.len();
    Ok((
        fhir::bundle(&people, settings, &Timestamp::now().to_string()),
        n,
    ))
}

/// The practitioners the actor may see, as a FHIR Bundle.
pub async fn practitioners(
    db: &Db,
    actor: &Actor,
    settings: &FhirSettings,
    today: Date,
) -> AppResult<Value> {
    require(actor, Capability::ViewPractitioners)?;
    let (bundle, n) = bundle_of(db, &practitioner_scope(actor), settings, today).await?;
    audit(
        db,
        actor,
        "export",
        "practitioners (FHIR)",
        n,
        format!("{n} practitioners"),
    )
    .await?;
    Ok(bundle)
}

/// `mhsw export fhir`: an organisation's practitioners (employed or hosted there), audited
/// as the command line's.
pub async fn organisation_from_cli(
    db: &Db,
    org_id: i64,
    settings: &FhirSettings,
    today: Date,
) -> AppResult<Value> {
    let (bundle, n) = bundle_of(
        db,
        &PractitionerScope::Organisation(org_id),
        settings,
        today,
    )
    .await?;
    Write::begin_command_line(db, Some(org_id))
        .await?
        .commit(
            "export",
            "practitioners (FHIR)",
            n,
            format!("{n} practitioners"),
        )
        .await?;
    Ok(bundle)
}
