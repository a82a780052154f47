//! Teams and services of the actor's organisation.

use super::{ListQuery, require};
use crate::domain::team::{TeamFields, TeamInput};
use crate::error::{AppError, AppResult, OnUnique};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::sql::Paged;
use crate::store::teams::{self, Team};
use serde::Deserialize;

/// The form filled in from the stored team. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl TeamInput {
    pub fn from_team(t: &Team) -> TeamInput {
        TeamInput {
            name: t.name.clone(),
            service_model: t.service_model.clone(),
        }
    }
}

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct TeamFilter {
    /// Only teams with this service model code.
    pub service_model: String,
}

pub async fn list(db: &Db, actor: &Actor, q: &ListQuery, f: &TeamFilter) -> AppResult<Paged<Team>> {
    require(actor, Capability::ViewTeams)?;
    let org = actor.org_id.ok_or(AppError::NotFound)?;
    Ok(teams::list(
        &db.pool,
        org,
        &q.q,
        &f.service_model,
        &q.sort,
        q.desc(),
        &q.page(),
    )
    .await?)
}

/// A team of the actor's organisation (404 for any other).
pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<Team> {
    require(actor, Capability::ViewTeams)?;
    match teams::get(&db.pool, id).await? {
        Some(t) if Some(t.org_id) == actor.org_id => Ok(t),
        _ => Err(AppError::NotFound),
    }
}

const DUPLICATE: &str = "Your organisation already has a team with this name";

pub async fn create(db: &Db, actor: &Actor, fields: &TeamFields) -> AppResult<Team> {
    require(actor, Capability::EditTeams)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let mut tx = Write::begin(db, actor).await?;
    let id = teams::insert(&mut tx, org, fields)
        .await
        .on_unique("name", "name", DUPLICATE)?;
    tx.commit("create", "team", id, "").await?;
    get(db, actor, id).await
}

pub async fn update(db: &Db, actor: &Actor, id: i64, fields: &TeamFields) -> AppResult<Team> {
    require(actor, Capability::EditTeams)?;
    get(db, actor, id).await?;
    let mut tx = Write::begin(db, actor).await?;
    teams::update(&mut tx, id, fields)
        .await
        .on_unique("name", "name", DUPLICATE)?;
    tx.commit("update", "team", id, "").await?;
    get(db, actor, id).await
}
