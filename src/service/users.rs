//! Managing user accounts and roles within an organisation (organisation admin), and the
//! command-line account tools.

use super::{audit, require};
use crate::domain::user::{ParsedUser, UserFields, UserInput, check_password_rules};
use crate::domain::{PersonName, Role, WorkEmail};
use crate::error::{AppError, AppResult, FieldErrors, OnUnique};
use crate::policy::{Actor, Capability};
use crate::service::accounts::hash_password;
use crate::service::write::Write;
use crate::store::users::{self as store, User};
use crate::store::{Db, practitioners};

/// The form filled in from the stored user. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl UserInput {
    pub fn from_user(u: &User) -> UserInput {
        UserInput {
            email: u.email.clone(),
            display_name: u.display_name.clone(),
            roles: u.roles.iter().map(|r| r.code().to_string()).collect(),
            practitioner_id: u.practitioner_id.map(|p| p.to_string()).unwrap_or_default(),
            active: if u.active { "yes" } else { "no" }.into(),
            password: String::new(),
        }
    }
}

pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<User>> {
    require(actor, Capability::ManageUsers)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let users = store::list_for_org(&db.pool, db.backend, org).await?;
    let ids: Vec<String> = users.iter().map(|u| u.id.to_string()).collect();
    audit(
        db,
        actor,
        "list",
        "user",
        "",
        format!("ids {}", ids.join(" ")),
    )
    .await?;
    Ok(users)
}

pub async fn get(db: &Db, actor: &Actor, id: i64) -> AppResult<User> {
    require(actor, Capability::ManageUsers)?;
    match store::get(&db.pool, db.backend, id).await? {
        Some(u) if u.org_id.is_some() && u.org_id == actor.org_id => Ok(u),
        _ => Err(AppError::NotFound),
    }
}

async fn check_practitioner(db: &Db, actor: &Actor, f: &UserFields) -> AppResult<()> {
    if let Some(p) = f.practitioner_id {
        let scope = crate::policy::PractitionerScope::Organisation(actor.org_id.unwrap_or(-1));
        if practitioners::get_in_scope(&db.pool, &scope, p)
            .await?
            .is_none()
        {
            return Err(AppError::Invalid(FieldErrors::single(
                "practitioner_id",
                "Select a practitioner of your organisation",
            )));
        }
    }
    Ok(())
}

const DUPLICATE: &str = "Another user already has this email address";

pub async fn create(db: &Db, actor: &Actor, parsed: &ParsedUser) -> AppResult<User> {
    require(actor, Capability::ManageUsers)?;
    check_practitioner(db, actor, &parsed.fields).await?;
    let hash = parsed.password.as_deref().map(hash_password).transpose()?;
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert(&mut tx, &parsed.fields, hash.as_deref())
        .await
        .on_unique("email", "email", DUPLICATE)?;
    tx.commit("create", "user", id, roles_detail(&parsed.fields.roles))
        .await?;
    get(db, actor, id).await
}

pub async fn update(db: &Db, actor: &Actor, id: i64, parsed: &ParsedUser) -> AppResult<User> {
    require(actor, Capability::ManageUsers)?;
    get(db, actor, id).await?;
    check_practitioner(db, actor, &parsed.fields).await?;
    if id == actor.user_id && !parsed.fields.roles.contains(&Role::OrgAdmin) {
        return Err(AppError::Invalid(FieldErrors::single(
            "roles",
            "You cannot remove your own organisation admin role",
        )));
    }
    let mut tx = Write::begin(db, actor).await?;
    store::update(&mut tx, id, &parsed.fields)
        .await
        .on_unique("email", "email", DUPLICATE)?;
    if !parsed.fields.active {
        // A deactivated user's sessions and API tokens end with it.
        crate::store::auth::end_all_access(&mut tx, id).await?;
    }
    tx.commit("update", "user", id, roles_detail(&parsed.fields.roles))
        .await?;
    get(db, actor, id).await
}

fn roles_detail(roles: &[Role]) -> String {
    format!(
        "roles {}",
        roles.iter().map(|r| r.code()).collect::<Vec<_>>().join(" ")
    )
}

/// `mhsw user add`: creates a user from the command line, in an organisation given by
/// ODS code (none for a national analyst).
pub async fn add_from_cli(
    db: &Db,
    email: &str,
    name: &str,
    ods: Option<&str>,
    roles: &[String],
    password: &str,
) -> anyhow::Result<i64> {
    let org_id = match ods {
        Some(code) => Some(
            crate::store::orgs::all(&db.pool)
                .await?
                .into_iter()
                .find(|o| o.ods_code.eq_ignore_ascii_case(code))
                .ok_or_else(|| anyhow::anyhow!("no organisation with ODS code {code}"))?
                .id,
        ),
        None => None,
    };
    let mut role_list = Vec::new();
    for r in roles {
        role_list.push(Role::parse(r).map_err(|m| anyhow::anyhow!(m))?);
    }
    if org_id.is_none() && role_list.iter().any(|r| *r != Role::NationalAnalyst) {
        anyhow::bail!(
            "only the national_analyst role is held without an organisation: give --org ODS"
        );
    }
    check_password_rules(password).map_err(|m| anyhow::anyhow!(m))?;
    let email = WorkEmail::parse(email).map_err(|m| anyhow::anyhow!("email: {m}"))?;
    let name = PersonName::parse("a name", name).map_err(|m| anyhow::anyhow!("name: {m}"))?;
    let fields = UserFields {
        email: email.as_str().into(),
        display_name: name.as_str().into(),
        org_id,
        practitioner_id: None,
        active: true,
        roles: role_list,
    };
    let hash = hash_password(password)?;
    let mut tx = Write::begin_command_line(db, org_id).await?;
    let id = store::insert(&mut tx, &fields, Some(&hash))
        .await
        .map_err(|e| anyhow::anyhow!("cannot add user: {e}"))?;
    tx.commit("create", "user", id, "").await?;
    Ok(id)
}

/// `mhsw user set-password`.
pub async fn set_password_from_cli(db: &Db, email: &str, password: &str) -> anyhow::Result<()> {
    check_password_rules(password).map_err(|m| anyhow::anyhow!(m))?;
    let user = store::get_by_email(&db.pool, db.backend, &email.trim().to_ascii_lowercase())
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user with email {email}"))?;
    let hash = hash_password(password)?;
    let mut tx = Write::begin_command_line(db, user.org_id).await?;
    store::set_password(&mut tx, user.id, &hash).await?;
    tx.commit("set password", "user", user.id, "").await?;
    Ok(())
}
