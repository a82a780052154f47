//! An organisation admin's rules for single sign-on: which claims give which roles
//! (`domain::oidc::roles_from_claims`). The providers themselves are set by the operator
//! in `[[sso.providers]]`; each admin sees and changes only their organisation's rules.

use super::super::require;
use super::super::write::Write;
use crate::config::Settings;
use crate::domain::Role;
use crate::domain::field_errors::FieldErrors;
use crate::domain::oidc::{RoleRule, role_can_be_mapped};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::{Db, orgs, sso as store};
use serde::{Deserialize, Serialize};

/// One provider of the admin's organisation, as the admin sees it, with its rules.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ProviderRules {
    pub name: String,
    pub label: String,
    pub issuer: String,
    pub client_id: String,
    /// The redirect URI to register with the provider.
    pub redirect_uri: String,
    pub subject_claim: String,
    pub rules: Vec<RoleRule>,
}

/// A rule as the admin enters it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RuleInput {
    /// The claim to read, such as `groups` or `roles`.
    pub claim: String,
    /// The value it must have, or hold in its list.
    pub value: String,
    /// The role code it gives.
    pub role: String,
}

async fn org_ods(db: &Db, actor: &Actor) -> AppResult<(i64, String)> {
    require(actor, Capability::ManageUsers)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let org = orgs::get(&db.pool, org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((org_id, org.ods_code))
}

/// The organisation's providers and rules.
pub async fn view(db: &Db, settings: &Settings, actor: &Actor) -> AppResult<Vec<ProviderRules>> {
    let (org_id, ods) = org_ods(db, actor).await?;
    let mut out = Vec::new();
    for p in settings
        .sso
        .providers
        .iter()
        .filter(|p| p.organisation.eq_ignore_ascii_case(&ods))
    {
        out.push(ProviderRules {
            name: p.name.clone(),
            label: p.label.clone(),
            issuer: p.issuer.clone(),
            client_id: p.client_id.clone(),
            redirect_uri: settings.sso.redirect_uri(p),
            subject_claim: p.subject_claim.clone(),
            rules: store::rules(&db.pool, org_id, &p.name).await?,
        });
    }
    Ok(out)
}

/// Reads a rule, naming each field that is wrong.
pub fn parse_rule(input: &RuleInput) -> Result<RoleRule, FieldErrors> {
    let mut errors = FieldErrors::default();
    let claim = input.claim.trim();
    let value = input.value.trim();
    let claim_ok = |s: &str| {
        s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"_-.:/".contains(&b))
    };
    if claim.is_empty() {
        errors.add("claim", "Enter the claim to read, such as groups");
    } else if claim.len() > 100 || !claim_ok(claim) {
        errors.add(
            "claim",
            "The claim must be at most 100 letters, digits, and _ - . : /",
        );
    }
    if value.is_empty() {
        errors.add("value", "Enter the value the claim must have");
    } else if value.chars().count() > 200 || value.chars().any(char::is_control) {
        errors.add(
            "value",
            "The value must be at most 200 characters on one line",
        );
    }
    let role = match Role::parse(&input.role) {
        Ok(r) if role_can_be_mapped(r) => Some(r),
        _ => {
            errors.add("role", "Select the role the rule gives");
            None
        }
    };
    match role {
        Some(role) if errors.is_empty() => Ok(RoleRule {
            id: 0,
            claim: claim.to_string(),
            value: value.to_string(),
            role,
        }),
        _ => Err(errors),
    }
}

fn owned<'a>(settings: &'a Settings, ods: &str, name: &str) -> AppResult<&'a str> {
    settings
        .sso
        .provider(name)
        .filter(|p| p.organisation.eq_ignore_ascii_case(ods))
        .map(|p| p.name.as_str())
        .ok_or(AppError::NotFound)
}

/// Adds a rule to one of the organisation's providers.
pub async fn add(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    provider: &str,
    input: &RuleInput,
) -> AppResult<RoleRule> {
    let (org_id, ods) = org_ods(db, actor).await?;
    let provider = owned(settings, &ods, provider)?;
    let mut rule = parse_rule(input).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    let Some(id) = store::add_rule(&mut tx, org_id, provider, &rule, actor.user_id).await? else {
        tx.rollback().await?;
        return Err(AppError::Invalid(FieldErrors::single(
            "value",
            "This rule is already there",
        )));
    };
    rule.id = id;
    tx.commit(
        "add sso role rule",
        "sso_role_rule",
        id,
        format!(
            "{provider}: {} = {} gives {}",
            rule.claim,
            rule.value,
            rule.role.code()
        ),
    )
    .await?;
    Ok(rule)
}

/// Removes one of the organisation's rules. Roles already given stay until the person's
/// next sign-in, when the rules are read again.
pub async fn remove(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let (org_id, _) = org_ods(db, actor).await?;
    let mut tx = Write::begin(db, actor).await?;
    if !store::delete_rule(&mut tx, org_id, id).await? {
        tx.rollback().await?;
        return Err(AppError::NotFound);
    }
    tx.commit("remove sso role rule", "sso_role_rule", id, "")
        .await
}
