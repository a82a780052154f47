//! Social Work England registration: each practitioner's status as the register shows it, the
//! organisation overview with renewal progress and must-not-practise alerts, and the register
//! check (export numbers in batches for the bulk search, import its CSV, preview, confirm).
//! The rules (registration year, renewal window, who must not practise, reading the CSV,
//! what it changes) are pure functions in `domain::registration` and `domain::register_check`.

use super::{audit, cpd, require};
use crate::config::Settings;
use crate::domain::register_check::{self as check, ImportDiff, RegisterFormat};
use crate::domain::registration::{
    RegistrationInput, RegistrationStatus, RegistrationWrite, RenewalProgress, registration_year,
    renewal_progress,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use crate::store::registration::{self as store, RegisterLine, Registration, RegistrationEvent};
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// Renewal progress in the window. `cpd_ready` comes from the CPD e-portfolio
/// (`service::cpd::ready_for_renewal`): whether the person's submitted CPD for the current
/// registration year meets SWE's requirement.
fn progress_of(
    r: Option<&Registration>,
    cpd_ready: bool,
    joined_on: Option<Date>,
    today: Date,
) -> Option<RenewalProgress> {
    // Only people on the register renew; applicants, students and removed people do not.
    let on_register = r
        .and_then(|r| RegistrationStatus::parse(&r.status))
        .is_some_and(|s| s.may_practise());
    if !on_register {
        return None;
    }
    let until = r.and_then(|r| r.registered_until);
    renewal_progress(today, until, Some(cpd_ready), joined_on)
}

fn must_not_practise(r: Option<&Registration>) -> bool {
    practitioners_store::must_not_practise(r.map(|r| r.status.as_str()))
}

// ---------------------------------------------------------------------------------------
// One person

/// A practitioner's registration as the record page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationRecord {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub swe_number: Option<String>,
    pub registration: Option<Registration>,
    pub must_not_practise: bool,
    /// Renewal progress during the renewal window (1 September to 30 November), else none.
    #[schema(value_type = Option<String>)]
    pub renewal: Option<RenewalProgress>,
    pub history: Vec<RegistrationEvent>,
}

async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    crate::service::access::practitioner(db, actor, id, Capability::ViewPractitioners).await
}

pub async fn record(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: Date,
) -> AppResult<RegistrationRecord> {
    let p = visible(db, actor, id).await?;
    let cpd = cpd::ready_for_renewal(db, &PractitionerScope::Own(id), today, &settings.cpd).await?;
    let registration = store::get(&db.pool, id).await?;
    let history = store::events(&db.pool, id).await?;
    let joined = store::joined_on(&db.pool, &PractitionerScope::Own(id)).await?;
    audit(db, actor, "read", "registration", id, "").await?;
    Ok(RegistrationRecord {
        practitioner_id: id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        swe_number: p.swe_number,
        must_not_practise: must_not_practise(registration.as_ref()),
        renewal: progress_of(
            registration.as_ref(),
            cpd.get(&id).copied().unwrap_or(false),
            joined.get(&id).copied(),
            today,
        ),
        registration,
        history,
    })
}

/// The form filled in from the stored registration. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl RegistrationInput {
    pub fn from_registration(r: &Registration) -> RegistrationInput {
        let mut annotations = Vec::new();
        if r.amhp_annotation {
            annotations.push("amhp".to_string());
        }
        if r.bia_annotation {
            annotations.push("bia".to_string());
        }
        RegistrationInput {
            status: r.status.clone(),
            registered_until: r
                .registered_until
                .map(|d| d.to_string())
                .unwrap_or_default(),
            conditions: r.conditions.clone(),
            annotations,
            last_checked_on: r.last_checked_on.map(|d| d.to_string()).unwrap_or_default(),
            checked_how: r.checked_how.clone(),
        }
    }
}

/// Records what the register shows for one practitioner, in one transaction with its audit
/// entry (and a history event when the status changes).
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &RegistrationInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManageRegistration)?;
    visible(db, actor, id).await?;
    let write = input
        .parse(today, actor.user_id)
        .map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    let changed = store::save(&mut tx, id, &write).await?;
    let detail = if changed {
        format!("status {}", write.status)
    } else {
        String::new()
    };
    tx.commit("update", "registration", id, detail).await?;
    Ok(())
}

mod overview;
mod register_check;

pub use overview::*;
pub use register_check::*;

/// Everyone `org` employs or hosts who must not practise, with their user id if they have
/// an account: every page flags them (`web::templates::Chrome`), so the answer is kept
/// between writes (`service::kept`) rather than read for each page.
pub async fn must_not_practise_ids(
    db: &Db,
    org: i64,
) -> AppResult<std::sync::Arc<Vec<(i64, Option<i64>)>>> {
    super::kept(db, format!("must not practise|org {org}"), || async {
        Ok(practitioners_store::must_not_practise_ids(&db.pool, org).await?)
    })
    .await
}
