//! Practitioner records: scoped reads (each audited), validated writes, and equality data
//! that only the workforce lead sees per person.

use super::{ListQuery, audit, require};
use crate::domain::people_filter::PeopleQuery;
use crate::domain::pq_roles::keep_derived;
use crate::domain::practitioner::{Equality, PractitionerFields, PractitionerInput};
use crate::error::{AppError, AppResult, FieldErrors, OnUnique};
use crate::policy::{Actor, Capability, may_handle_equality, practitioner_scope};
use crate::service::access;
use crate::service::partnerships::rights_of;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::practitioners::{self as store, Practitioner, PractitionerFilter};
use crate::store::sql::Paged;
use crate::store::teams;
use serde::Deserialize;
use time::Date;

/// The form filled in from the stored practitioner and their equality data. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl PractitionerInput {
    pub fn from_practitioner(p: &Practitioner, eq: &Equality) -> PractitionerInput {
        PractitionerInput {
            given_name: p.given_name.clone(),
            family_name: p.family_name.clone(),
            work_email: p.work_email.clone(),
            swe_number: p.swe_number.clone().unwrap_or_default(),
            employer_org_id: p.employer_org_id.to_string(),
            host_org_id: p.host_org_id.to_string(),
            team_id: p.team_id.map(|t| t.to_string()).unwrap_or_default(),
            role_category: p.role_category.clone(),
            career_stage: p.career_stage.clone(),
            band: p.band.clone(),
            wte: format!("{:.2}", p.wte),
            start_date: p.start_date.to_string(),
            end_date: p.end_date.map(|d| d.to_string()).unwrap_or_default(),
            pq_roles: p.pq_roles.clone(),
            ethnic_category: eq.ethnic_category.clone().unwrap_or_default(),
            date_of_birth: eq.date_of_birth.map(|d| d.to_string()).unwrap_or_default(),
            age_band: eq.age_band.clone().unwrap_or_default(),
            sex: eq.sex.clone().unwrap_or_default(),
            disability: eq.disability.clone().unwrap_or_default(),
        }
    }
}

/// Filters as they arrive from a query string.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct PractitionerQuery {
    /// A team's id.
    pub team_id: String,
    /// An employing organisation's id.
    pub employer_id: String,
    /// A career stage code.
    pub career_stage: String,
    /// A registration status code, or `not_recorded`.
    pub registration: String,
    pub pq_role: String,
    /// "yes" to include people who have left.
    pub leavers: String,
}

impl PractitionerQuery {
    fn filter(&self, q: &ListQuery) -> PractitionerFilter {
        PractitionerFilter {
            search: q.q.clone(),
            pq_role: self.pq_role.clone(),
            include_leavers: self.leavers == "yes",
        }
    }

    /// The filters every list of people takes, as `domain::people_filter` reads them.
    pub fn people(&self) -> PeopleQuery {
        PeopleQuery {
            team_id: self.team_id.clone(),
            employer_id: self.employer_id.clone(),
            career_stage: self.career_stage.clone(),
            registration: self.registration.clone(),
        }
    }
}

/// The practitioners the actor may see. The read is audited with the ids shown.
pub async fn list(
    db: &Db,
    actor: &Actor,
    q: &ListQuery,
    f: &PractitionerQuery,
) -> AppResult<Paged<Practitioner>> {
    require(actor, Capability::ViewPractitioners)?;
    let people = crate::service::people_filter::parse(&f.people())?;
    let scope = practitioner_scope(actor).narrowed(&people);
    let filter = f.filter(q);
    let read = || async {
        Ok(store::list(&db.pool, &scope, &filter, &q.sort, q.desc(), &q.page()).await?)
    };
    // A page of the list is kept between writes like a report, unless it answers a search
    // (one-off terms would push the heavy reports out of the memo).
    let page = if filter.search.trim().is_empty() {
        let key = format!(
            "practitioner list|{scope:?}|{filter:?}|{}|{}|{:?}",
            q.sort,
            q.desc(),
            q.page()
        );
        (*super::kept(db, key, read).await?).clone()
    } else {
        read().await?
    };
    let ids: Vec<String> = page.items.iter().map(|p| p.id.to_string()).collect();
    audit(
        db,
        actor,
        "list",
        "practitioner",
        "",
        format!("ids {}", ids.join(" ")),
    )
    .await?;
    Ok(page)
}

/// One practitioner with their equality data when the actor may see it per person.
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<(Practitioner, Option<Equality>)> {
    let p = access::practitioner(db, actor, id, Capability::ViewPractitioners).await?;
    let rights = rights_of(db, actor.org_id, p.employer_org_id, p.host_org_id).await?;
    let eq = if may_handle_equality(actor, rights.equality) {
        Some(store::equality(&db.pool, id).await?)
    } else {
        None
    };
    audit(
        db,
        actor,
        "read",
        "practitioner",
        id,
        if eq.is_some() {
            "with equality data"
        } else {
            ""
        },
    )
    .await?;
    Ok((p, eq))
}

/// A practitioner's post history, newest first (team, role, stage, band and WTE from each
/// day they changed): for those who may change the record, within their reach.
pub async fn post_history(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> AppResult<Vec<crate::store::workforce::PostLine>> {
    access::practitioner(db, actor, id, Capability::EditPractitioners).await?;
    let lines = crate::store::workforce::history_of(&db.pool, id).await?;
    audit(db, actor, "read", "post history", id, "").await?;
    Ok(lines)
}

/// Checks that placement is possible: the employer is the actor's organisation (or the
/// host is, for a seconded worker), the host partners the employer, the team is the host's.
async fn check_placement(db: &Db, actor: &Actor, f: &PractitionerFields) -> AppResult<()> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let mut e = FieldErrors::default();
    if f.employer_org_id != org && f.host_org_id != org {
        e.add(
            "employer_org_id",
            "The employer or the host must be your organisation",
        );
    } else if !crate::store::partnerships::may_host(&db.pool, f.employer_org_id, f.host_org_id)
        .await?
    {
        e.add(
            "host_org_id",
            "The host organisation has no partnership with this employer",
        );
    }
    if let Some(team_id) = f.team_id {
        match teams::get(&db.pool, team_id).await? {
            Some(t) if t.org_id == f.host_org_id => {}
            _ => e.add("team_id", "Select a team of the host organisation"),
        }
    }
    e.into_result()
}

const DUPLICATE_EMAIL: &str = "Another practitioner already has this email address";
const DUPLICATE_SWE: &str = "Another practitioner already has this registration number";

/// Creates a practitioner, with equality data only if the actor may record it.
pub async fn create(
    db: &Db,
    actor: &Actor,
    f: &PractitionerFields,
    eq: &Equality,
) -> AppResult<i64> {
    require(actor, Capability::EditPractitioners)?;
    check_placement(db, actor, f).await?;
    // The AMHP role comes from approvals, which a new record has none of.
    let f = &PractitionerFields {
        pq_roles: keep_derived(&f.pq_roles, &[]),
        ..f.clone()
    };
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert(&mut tx, f)
        .await
        .on_unique("work_email", "work_email", DUPLICATE_EMAIL)
        .on_unique("swe_number", "swe_number", DUPLICATE_SWE)?;
    crate::store::workforce::record_post(&mut tx, id, f.start_date).await?;
    let mut detail = String::new();
    let rights = rights_of(db, actor.org_id, f.employer_org_id, f.host_org_id).await?;
    if may_handle_equality(actor, rights.equality) && *eq != Equality::default() {
        store::set_equality(&mut tx, id, eq).await?;
        detail.push_str("with equality data");
    }
    tx.commit("create", "practitioner", id, detail).await?;
    Ok(id)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    f: &PractitionerFields,
    eq: &Equality,
    today: Date,
) -> AppResult<()> {
    let before = access::practitioner(db, actor, id, Capability::EditPractitioners).await?;
    let held = rights_of(db, actor.org_id, before.employer_org_id, before.host_org_id).await?;
    if !held.may_change {
        return Err(AppError::Invalid(FieldErrors::single(
            "employer_org_id",
            "The partnership agreement with this person's employer does not let your organisation change their record",
        )));
    }
    check_placement(db, actor, f).await?;
    let after = rights_of(db, actor.org_id, f.employer_org_id, f.host_org_id).await?;
    let f = &PractitionerFields {
        pq_roles: keep_derived(&f.pq_roles, &before.pq_roles),
        ..f.clone()
    };
    let mut tx = Write::begin(db, actor).await?;
    store::update(&mut tx, id, f)
        .await
        .on_unique("work_email", "work_email", DUPLICATE_EMAIL)
        .on_unique("swe_number", "swe_number", DUPLICATE_SWE)?;
    // A change of team, role, stage, band or hours starts a new row of post history.
    crate::store::workforce::record_post(&mut tx, id, today).await?;
    let mut detail = String::new();
    // Only a lead with the right writes it, and only while the record stays in reach.
    if may_handle_equality(actor, held.equality) && may_handle_equality(actor, after.equality) {
        store::set_equality(&mut tx, id, eq).await?;
        detail.push_str("with equality data");
    }
    tx.commit("update", "practitioner", id, detail).await?;
    Ok(())
}
