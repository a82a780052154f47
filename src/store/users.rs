//! User accounts and the roles they hold.

use super::sql::now;
use crate::domain::Role;
use crate::domain::timestamp::Timestamp;
use crate::domain::user::UserFields;
use crate::policy::Actor;
use crate::store::engine::{Conn, Pool, Row, query};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub org_id: Option<i64>,
    pub practitioner_id: Option<i64>,
    pub active: bool,
    pub roles: Vec<Role>,
    /// The identity providers (by short name, in order) the account is linked to by single
    /// sign-on; empty for an account that signs in only with a password.
    pub sso_providers: Vec<String>,
}

fn from_row(r: &Row) -> Result<User, sqlx::Error> {
    let roles: String = r.try_get("roles")?;
    let providers: String = r.try_get("sso_providers")?;
    let mut sso_providers: Vec<String> = providers
        .split(',')
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect();
    sso_providers.sort();
    Ok(User {
        sso_providers,
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        display_name: r.try_get("display_name")?,
        org_id: r.try_get("org_id")?,
        practitioner_id: r.try_get("practitioner_id")?,
        active: r.try_get("active")?,
        roles: roles
            .split(',')
            .filter_map(|c| Role::parse(c).ok())
            .collect(),
    })
}

const SELECT: &str = "SELECT u.id, u.email, u.display_name, u.org_id, u.practitioner_id, u.active,
    COALESCE((STRING_AGG_ROLES), '') AS roles, SSO_PROVIDERS FROM users u";

fn select(backend: super::Backend) -> String {
    SELECT
        .replace("STRING_AGG_ROLES", super::dialect_roles_agg(backend))
        .replace("SSO_PROVIDERS", &sso_providers(backend))
}

/// The column of the providers user `u` is linked to, comma-separated ([`from_row`] reads
/// it wherever a user is read).
fn sso_providers(backend: super::Backend) -> String {
    format!(
        "COALESCE((SELECT {} FROM sso_identities i WHERE i.user_id = u.id), '') AS sso_providers",
        super::dialect::comma_agg(backend, "i.provider")
    )
}

pub async fn list_for_org(
    pool: &Pool,
    backend: super::Backend,
    org: i64,
) -> Result<Vec<User>, sqlx::Error> {
    query(format!(
        "{} WHERE u.org_id = $1 ORDER BY u.display_name",
        select(backend)
    ))
    .bind(org)
    .fetch_all(pool)
    .await?
    .iter()
    .map(from_row)
    .collect()
}

pub async fn get(
    pool: &Pool,
    backend: super::Backend,
    id: i64,
) -> Result<Option<User>, sqlx::Error> {
    query(format!("{} WHERE u.id = $1", select(backend)))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn get_by_email(
    pool: &Pool,
    backend: super::Backend,
    email: &str,
) -> Result<Option<User>, sqlx::Error> {
    query(format!("{} WHERE u.email = $1", select(backend)))
        .bind(email.to_string())
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

/// For sign-in: the stored hash of an active account.
pub async fn password_hash(
    pool: &Pool,
    email: &str,
) -> Result<Option<(i64, Option<String>)>, sqlx::Error> {
    let row = query("SELECT id, password_hash FROM users WHERE email = $1 AND active")
        .bind(email.to_string())
        .fetch_optional(pool)
        .await?;
    row.map(|r| Ok((r.try_get("id")?, r.try_get("password_hash")?)))
        .transpose()
}

pub async fn insert(
    conn: &mut Conn,
    f: &UserFields,
    password_hash: Option<&str>,
) -> Result<i64, sqlx::Error> {
    let t = now();
    let id: i64 = query(
        "INSERT INTO users (email, display_name, password_hash, org_id, practitioner_id, active, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(f.email.clone())
    .bind(f.display_name.clone())
    .bind(password_hash.map(str::to_string))
    .bind(f.org_id)
    .bind(f.practitioner_id)
    .bind(f.active)
    .bind(t)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    set_roles(conn, id, &f.roles).await?;
    Ok(id)
}

pub async fn update(conn: &mut Conn, id: i64, f: &UserFields) -> Result<(), sqlx::Error> {
    query("UPDATE users SET email = $1, display_name = $2, practitioner_id = $3, active = $4, updated_at = $5 WHERE id = $6")
        .bind(f.email.clone())
        .bind(f.display_name.clone())
        .bind(f.practitioner_id)
        .bind(f.active)
        .bind(now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    set_roles(conn, id, &f.roles).await?;
    if !f.active {
        query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub(crate) async fn set_roles(conn: &mut Conn, id: i64, roles: &[Role]) -> Result<(), sqlx::Error> {
    query("DELETE FROM user_roles WHERE user_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for role in roles {
        query("INSERT INTO user_roles (user_id, role) VALUES ($1, $2)")
            .bind(id)
            .bind(role.code())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn set_password(conn: &mut Conn, id: i64, hash: &str) -> Result<(), sqlx::Error> {
    query("UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3")
        .bind(hash.to_string())
        .bind(now())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    // A new password ends every existing session and API token.
    super::auth::end_all_access(conn, id).await
}

/// Builds the `Actor` for an active user.
pub async fn actor(
    pool: &Pool,
    backend: super::Backend,
    user_id: i64,
    request_id: &str,
) -> Result<Option<Actor>, sqlx::Error> {
    let Some(u) = get(pool, backend, user_id).await? else {
        return Ok(None);
    };
    if !u.active {
        return Ok(None);
    }
    let team_id: Option<i64> = match u.practitioner_id {
        Some(p) => query("SELECT team_id FROM practitioners WHERE id = $1")
            .bind(p)
            .fetch_optional(pool)
            .await?
            .and_then(|r| r.try_get("team_id").ok())
            .flatten(),
        None => None,
    };
    Ok(Some(u.into_actor(team_id, request_id)))
}

impl User {
    /// The user acting in request `request_id`, their practitioner record in `team_id`.
    pub fn into_actor(self, team_id: Option<i64>, request_id: &str) -> Actor {
        Actor {
            user_id: self.id,
            email: self.email,
            display_name: self.display_name,
            org_id: self.org_id,
            roles: self.roles,
            practitioner_id: self.practitioner_id,
            team_id,
            request_id: request_id.to_string(),
        }
    }
}

/// A live API token with its user, as [`token_actor`] reads it.
#[derive(Debug, Clone)]
pub struct TokenActor {
    pub token_id: i64,
    pub last_used_at: Option<Timestamp>,
    pub user: User,
    pub team_id: Option<i64>,
    /// The data's generation when the token was read (`Db::generation`).
    pub generation: i64,
}

/// The unexpired token with hash `token_hash`, its user and roles, the user's team and the
/// data's generation, in one statement: every API call starts here, as every signed-in page
/// starts at [`session_actor`].
pub async fn token_actor(
    pool: &Pool,
    backend: super::Backend,
    token_hash: &str,
    now: Timestamp,
) -> Result<Option<TokenActor>, sqlx::Error> {
    let text = format!(
        "SELECT t.id AS token_id, t.last_used_at, \
         u.id, u.email, u.display_name, u.org_id, u.practitioner_id, u.active, \
         COALESCE(({}), '') AS roles, {}, p.team_id, ({}) AS generation \
         FROM api_tokens t JOIN users u ON u.id = t.user_id \
         LEFT JOIN practitioners p ON p.id = u.practitioner_id \
         WHERE t.token_hash = $1 AND t.expires_at > $2",
        super::dialect_roles_agg(backend),
        sso_providers(backend),
        super::memo::READ_GENERATION,
    );
    let Some(r) = query(text)
        .bind(token_hash.to_string())
        .bind(now)
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(TokenActor {
        token_id: r.try_get("token_id")?,
        last_used_at: r.try_get("last_used_at")?,
        user: from_row(&r)?,
        team_id: r.try_get("team_id")?,
        generation: r.try_get("generation")?,
    }))
}

/// A live session's row with its user, as [`session_actor`] reads it.
#[derive(Debug, Clone)]
pub struct SessionActor {
    pub session: super::auth::SessionRow,
    pub user: User,
    pub team_id: Option<i64>,
    /// The data's generation when the session was read (`Db::generation`).
    pub generation: i64,
}

/// The session with hash `id_hash`, its user and roles, the user's team and the data's
/// generation, in one statement: every signed-in page starts here, and on SQLite each
/// statement is two hand-offs to a connection's thread, so one read instead of four is
/// most of what a kept page costs the database.
pub async fn session_actor(
    pool: &Pool,
    backend: super::Backend,
    id_hash: &str,
) -> Result<Option<SessionActor>, sqlx::Error> {
    let text = format!(
        "SELECT s.user_id, s.csrf_token, s.created_at, s.last_seen_at, \
         u.id, u.email, u.display_name, u.org_id, u.practitioner_id, u.active, \
         COALESCE(({}), '') AS roles, {}, p.team_id, ({}) AS generation \
         FROM sessions s JOIN users u ON u.id = s.user_id \
         LEFT JOIN practitioners p ON p.id = u.practitioner_id \
         WHERE s.id_hash = $1",
        super::dialect_roles_agg(backend),
        sso_providers(backend),
        super::memo::READ_GENERATION,
    );
    let Some(r) = query(text)
        .bind(id_hash.to_string())
        .fetch_optional(pool)
        .await?
    else {
        return Ok(None);
    };
    Ok(Some(SessionActor {
        session: super::auth::SessionRow {
            user_id: r.try_get("user_id")?,
            csrf_token: r.try_get("csrf_token")?,
            created_at: r.try_get("created_at")?,
            last_seen_at: r.try_get("last_seen_at")?,
        },
        user: from_row(&r)?,
        team_id: r.try_get("team_id")?,
        generation: r.try_get("generation")?,
    }))
}
