//! Single sign-on's rows (`service::sso`): sign-ins waiting for the provider, the link
//! from a provider's subject to an account, and each organisation's claim-to-role rules.

use super::sql::now;
use crate::domain::Role;
use crate::domain::oidc::RoleRule;
use crate::domain::timestamp::Timestamp;
use crate::store::engine::{Conn, Pool, query};

/// A sign-in sent to the provider, as claimed on its return.
#[derive(Debug, Clone)]
pub struct Login {
    pub provider: String,
    pub nonce: String,
    pub code_verifier: String,
    pub next_path: String,
}

pub struct NewLogin<'a> {
    pub state_hash: &'a str,
    pub provider: &'a str,
    pub nonce: &'a str,
    pub code_verifier: &'a str,
    pub next_path: &'a str,
}

pub async fn insert_login(pool: &Pool, l: &NewLogin<'_>) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO sso_logins (state_hash, provider, nonce, code_verifier, next_path, created_at)
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(l.state_hash)
    .bind(l.provider)
    .bind(l.nonce)
    .bind(l.code_verifier)
    .bind(l.next_path)
    .bind(now())
    .execute(pool)
    .await?;
    Ok(())
}

/// Takes the sign-in with this state, made after `since`, deleting it as it is read: a
/// second callback with the same state (a replay) finds nothing.
pub async fn claim_login(
    pool: &Pool,
    state_hash: &str,
    since: Timestamp,
) -> Result<Option<Login>, sqlx::Error> {
    let row = query(
        "DELETE FROM sso_logins WHERE state_hash = $1 AND created_at > $2
         RETURNING provider, nonce, code_verifier, next_path",
    )
    .bind(state_hash)
    .bind(since)
    .fetch_optional(pool)
    .await?;
    row.map(|r| {
        Ok(Login {
            provider: r.try_get(0)?,
            nonce: r.try_get(1)?,
            code_verifier: r.try_get(2)?,
            next_path: r.try_get(3)?,
        })
    })
    .transpose()
}

/// Housekeeping: sign-ins that never came back.
pub async fn delete_logins_before(pool: &Pool, before: Timestamp) -> Result<(), sqlx::Error> {
    query("DELETE FROM sso_logins WHERE created_at < $1")
        .bind(before)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn org_id_by_ods(pool: &Pool, ods: &str) -> Result<Option<i64>, sqlx::Error> {
    query("SELECT id FROM organisations WHERE UPPER(ods_code) = UPPER($1)")
        .bind(ods)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// The account a provider's subject is linked to.
pub async fn identity_user(
    pool: &Pool,
    provider: &str,
    subject: &str,
) -> Result<Option<i64>, sqlx::Error> {
    query("SELECT user_id FROM sso_identities WHERE provider = $1 AND subject = $2")
        .bind(provider)
        .bind(subject)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Whether an account already has a provider's identity linked to it.
pub async fn has_identity(
    conn: &mut Conn,
    provider: &str,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    Ok(
        query("SELECT 1 FROM sso_identities WHERE provider = $1 AND user_id = $2")
            .bind(provider)
            .bind(user_id)
            .fetch_optional(&mut *conn)
            .await?
            .is_some(),
    )
}

pub async fn link_identity(
    conn: &mut Conn,
    provider: &str,
    subject: &str,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    let t = now();
    query(
        "INSERT INTO sso_identities (provider, subject, user_id, created_at, last_sign_in_at)
         VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(provider)
    .bind(subject)
    .bind(user_id)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

pub async fn touch_identity(
    conn: &mut Conn,
    provider: &str,
    subject: &str,
) -> Result<(), sqlx::Error> {
    query("UPDATE sso_identities SET last_sign_in_at = $3 WHERE provider = $1 AND subject = $2")
        .bind(provider)
        .bind(subject)
        .bind(now())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// An organisation's rules for one provider, oldest first.
pub async fn rules(pool: &Pool, org_id: i64, provider: &str) -> Result<Vec<RoleRule>, sqlx::Error> {
    query(
        "SELECT id, claim, value, role FROM sso_role_rules
         WHERE org_id = $1 AND provider = $2 ORDER BY id",
    )
    .bind(org_id)
    .bind(provider)
    .fetch_all(pool)
    .await?
    .iter()
    .filter_map(|r| {
        let role: String = r.try_get(3).ok()?;
        Some(Ok(RoleRule {
            id: r.try_get(0).ok()?,
            claim: r.try_get(1).ok()?,
            value: r.try_get(2).ok()?,
            role: Role::parse(&role).ok()?,
        }))
    })
    .collect()
}

/// Adds a rule; `None` when the same rule is already there.
pub async fn add_rule(
    conn: &mut Conn,
    org_id: i64,
    provider: &str,
    rule: &RoleRule,
    by: i64,
) -> Result<Option<i64>, sqlx::Error> {
    query(
        "INSERT INTO sso_role_rules (org_id, provider, claim, value, role, created_by, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (org_id, provider, claim, value, role) DO NOTHING RETURNING id",
    )
    .bind(org_id)
    .bind(provider)
    .bind(rule.claim.as_str())
    .bind(rule.value.as_str())
    .bind(rule.role.code())
    .bind(by)
    .bind(now())
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

/// Removes one of an organisation's rules; `false` when it has no such rule.
pub async fn delete_rule(conn: &mut Conn, org_id: i64, id: i64) -> Result<bool, sqlx::Error> {
    Ok(
        query("DELETE FROM sso_role_rules WHERE org_id = $1 AND id = $2")
            .bind(org_id)
            .bind(id)
            .execute(&mut *conn)
            .await?
            .rows_affected()
            == 1,
    )
}

/// The organisation's practitioner record with this work email that no account holds yet.
pub async fn practitioner_by_email(
    conn: &mut Conn,
    org_id: i64,
    email: &str,
) -> Result<Option<i64>, sqlx::Error> {
    query(
        "SELECT p.id FROM practitioners p
         WHERE p.employer_org_id = $1 AND LOWER(p.work_email) = $2
           AND NOT EXISTS (SELECT 1 FROM users u WHERE u.practitioner_id = p.id)",
    )
    .bind(org_id)
    .bind(email.to_ascii_lowercase())
    .fetch_optional(&mut *conn)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}
