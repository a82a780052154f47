//! Organisations: who can see which, and editing one's own.

use super::{ListQuery, require};
use crate::domain::Role;
use crate::domain::organisation::{OrganisationFields, OrganisationInput};
use crate::error::{AppError, AppResult, OnUnique};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::orgs::{self, OrgVisibility, Organisation};
use crate::store::sql::Paged;

/// The form filled in from the stored organisation. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl OrganisationInput {
    pub fn from_org(o: &Organisation) -> OrganisationInput {
        OrganisationInput {
            name: o.name.clone(),
            ods_code: o.ods_code.clone(),
            org_type: o.org_type.clone(),
            region: o.region.clone(),
            population: o.population.map(|p| p.to_string()).unwrap_or_default(),
            is_nhs_body: if o.is_nhs_body { "yes" } else { "no" }.into(),
        }
    }
}

fn visibility(actor: &Actor) -> AppResult<OrgVisibility> {
    if actor.has(Role::NationalAnalyst) {
        return Ok(OrgVisibility::All);
    }
    actor
        .org_id
        .map(OrgVisibility::WithPartners)
        .ok_or(AppError::NotFound)
}

pub async fn list(db: &Db, actor: &Actor, q: &ListQuery) -> AppResult<Paged<Organisation>> {
    require(actor, Capability::ViewOrganisations)?;
    Ok(orgs::list(
        &db.pool,
        visibility(actor)?,
        &q.q,
        &q.sort,
        q.desc(),
        &q.page(),
    )
    .await?)
}

/// One organisation, if the actor may see it (404 otherwise, never 403).
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Organisation> {
    require(actor, Capability::ViewOrganisations)?;
    if !orgs::is_visible(&db.pool, visibility(actor)?, id).await? {
        return Err(AppError::NotFound);
    }
    orgs::get(&db.pool, id).await?.ok_or(AppError::NotFound)
}

/// An organisation admin edits their own organisation only.
pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    fields: &OrganisationFields,
) -> AppResult<Organisation> {
    require(actor, Capability::EditOwnOrganisation)?;
    if actor.org_id != Some(id) {
        return Err(AppError::NotFound);
    }
    let mut tx = Write::begin(db, actor).await?;
    orgs::update(&mut tx, id, fields).await.on_unique(
        "ods_code",
        "ods_code",
        "Another organisation already has this ODS code",
    )?;
    tx.commit("update", "organisation", id, "").await?;
    orgs::get(&db.pool, id).await?.ok_or(AppError::NotFound)
}

/// Organisations the actor may place staff with: their own and the hosts they partner.
pub async fn placement_orgs(db: &Db, actor: &Actor) -> AppResult<Vec<Organisation>> {
    let Some(org) = actor.org_id else {
        return Ok(Vec::new());
    };
    let all = orgs::list(
        &db.pool,
        OrgVisibility::WithPartners(org),
        "",
        "name",
        false,
        &crate::store::sql::Page {
            number: 1,
            size: 1000,
        },
    )
    .await?;
    Ok(all.items)
}

/// `mhsw org add`: the first organisation of a deployment (and any later one) is made
/// from the command line by whoever runs the service; there is no super-user web role.
pub async fn add_from_cli(db: &Db, input: &OrganisationInput) -> anyhow::Result<i64> {
    let fields = input.parse().map_err(|e| {
        anyhow::anyhow!(
            "{}",
            e.0.iter()
                .map(|f| format!("--{}: {}", f.field.replace('_', "-"), f.message))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let mut tx = Write::begin_command_line(db, None).await?;
    let id = orgs::insert(&mut tx, &fields)
        .await
        .on_unique(
            "ods_code",
            "ods_code",
            "An organisation with this ODS code already exists",
        )
        .map_err(|e| anyhow::anyhow!("{}", cli_message(e)))?;
    tx.in_org(id);
    tx.commit("create", "organisation", id, "").await?;
    Ok(id)
}

fn cli_message(e: AppError) -> String {
    match e {
        AppError::Invalid(f) => {
            f.0.into_iter()
                .map(|f| f.message)
                .collect::<Vec<_>>()
                .join("; ")
        }
        other => format!("{:#}", anyhow::Error::from(other)),
    }
}
