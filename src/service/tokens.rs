//! API tokens: each has a name and an expiry (`[security] api_token_days` unless chosen),
//! records when it was last used, and is listed and revoked by its owner on the account
//! page, through the API and from the command line. A new password or deactivation ends
//! all of a user's tokens (`store::auth::end_all_access`). Only the SHA-256 hash of a
//! token is stored; its value is shown once, when it is made.

use super::accounts::{random_secret, sha256_hex};
use crate::config::SecuritySettings;
use crate::domain::timestamp::Timestamp;
use crate::domain::token::{TokenInput, TokenSpec};
use crate::error::{AppError, AppResult};
use crate::policy::Actor;
use crate::service::write::Write;
use crate::store::{Db, auth, users};
use serde::Serialize;
use time::Duration;

/// A token as its owner sees it: never its value.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TokenView {
    pub id: i64,
    pub name: String,
    /// When it was made, RFC 3339 UTC.
    pub created_at: Timestamp,
    /// When it was last used (to the minute), if ever.
    pub last_used_at: Option<Timestamp>,
    pub expires_at: Timestamp,
    pub expired: bool,
}

/// A token just made: its value, shown once, and its view.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewToken {
    pub token: String,
    #[serde(flatten)]
    pub view: TokenView,
}

fn view(r: auth::TokenRow, now: Timestamp) -> TokenView {
    TokenView {
        expired: r.expires_at <= now,
        id: r.id,
        name: r.name,
        created_at: r.created_at,
        last_used_at: r.last_used_at,
        expires_at: r.expires_at,
    }
}

/// Stores a new token; returns its value and id.
async fn make(
    conn: &mut crate::store::Conn,
    user_id: i64,
    spec: &TokenSpec,
) -> AppResult<(String, i64)> {
    let token = format!("mhsw_{}", random_secret());
    let expires_at = Timestamp::now() + Duration::days(spec.days);
    let id = auth::create_token(conn, user_id, &sha256_hex(&token), &spec.name, expires_at).await?;
    Ok((token, id))
}

fn made_detail(id: i64, spec: &TokenSpec) -> String {
    format!("token {id} \"{}\", {} days", spec.name, spec.days)
}

/// Makes a token for the signed-in user (account page).
pub async fn create_own(
    db: &Db,
    sec: &SecuritySettings,
    actor: &Actor,
    input: &TokenInput,
) -> AppResult<NewToken> {
    let spec = input.parse(sec.api_token_days).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    let (token, id) = make(&mut tx, actor.user_id, &spec).await?;
    let detail = made_detail(id, &spec);
    tx.commit("create API token", "account", actor.user_id, detail)
        .await?;
    let view = list_own(db, actor)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or(AppError::NotFound)?;
    Ok(NewToken { token, view })
}

/// The signed-in user's tokens, newest first.
pub async fn list_own(db: &Db, actor: &Actor) -> AppResult<Vec<TokenView>> {
    let now = crate::store::sql::now();
    Ok(auth::tokens_of(&db.pool, actor.user_id)
        .await?
        .into_iter()
        .map(|r| view(r, now))
        .collect())
}

/// Revokes one of the signed-in user's tokens (someone else's answers 404).
pub async fn revoke_own(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let mut tx = Write::begin(db, actor).await?;
    if !auth::delete_token(&mut tx, actor.user_id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit(
        "revoke API token",
        "account",
        actor.user_id,
        &format!("token {id}"),
    )
    .await?;
    Ok(())
}

/// The actor behind a bearer token, if it is live, read in one statement with the data's
/// generation (remembered for the request's kept reports, as a session's is); its last use
/// is recorded at most once a minute, to keep reads cheap.
pub async fn actor_for(db: &Db, token: &str, request_id: &str) -> AppResult<Option<Actor>> {
    let now = Timestamp::now();
    let found = users::token_actor(&db.pool, db.backend, &sha256_hex(token), now).await?;
    let Some(t) = found else {
        return Ok(None);
    };
    if t.last_used_at
        .is_none_or(|u| u < now - Duration::minutes(1))
    {
        auth::touch_token(&db.pool, t.token_id).await?;
    }
    if !t.user.active {
        return Ok(None);
    }
    db.remember_generation(t.generation);
    Ok(Some(t.user.into_actor(t.team_id, request_id)))
}

async fn user_by_email(db: &Db, email: &str) -> anyhow::Result<users::User> {
    users::get_by_email(&db.pool, db.backend, &email.trim().to_ascii_lowercase())
        .await?
        .ok_or_else(|| anyhow::anyhow!("no user with email {email}"))
}

/// `mhsw token create`: makes a token for a user and returns its value (shown once).
pub async fn create_from_cli(
    db: &Db,
    sec: &SecuritySettings,
    email: &str,
    input: &TokenInput,
) -> anyhow::Result<NewToken> {
    let user = user_by_email(db, email).await?;
    let spec = input.parse(sec.api_token_days).map_err(|e| {
        anyhow::anyhow!(
            "{}",
            e.0.iter()
                .map(|f| format!("{}: {}", f.field, f.message))
                .collect::<Vec<_>>()
                .join("; ")
        )
    })?;
    let mut tx = Write::begin_command_line(db, user.org_id).await?;
    let (token, id) = make(&mut tx, user.id, &spec).await?;
    let detail = made_detail(id, &spec);
    tx.commit("create API token", "account", user.id, &detail)
        .await?;
    let view = list_from_cli(db, email)
        .await?
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| anyhow::anyhow!("the new token is missing"))?;
    Ok(NewToken { token, view })
}

/// `mhsw token list`: a user's tokens.
pub async fn list_from_cli(db: &Db, email: &str) -> anyhow::Result<Vec<TokenView>> {
    let user = user_by_email(db, email).await?;
    let now = crate::store::sql::now();
    Ok(auth::tokens_of(&db.pool, user.id)
        .await?
        .into_iter()
        .map(|r| view(r, now))
        .collect())
}

/// `mhsw token revoke`: revokes one of a user's tokens by id.
pub async fn revoke_from_cli(db: &Db, email: &str, id: i64) -> anyhow::Result<()> {
    let user = user_by_email(db, email).await?;
    let mut tx = Write::begin_command_line(db, user.org_id).await?;
    if !auth::delete_token(&mut tx, user.id, id).await? {
        anyhow::bail!("{email} has no token {id} (see `mhsw token list --user {email}`)");
    }
    tx.commit(
        "revoke API token",
        "account",
        user.id,
        &format!("token {id}"),
    )
    .await?;
    Ok(())
}
