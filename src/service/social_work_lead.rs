//! The organisation's principal social worker or senior social work lead post (2020
//! guidance, consideration 1): read and recorded by its organisation admin or principal
//! social worker, audited; whether its level is what the guidance asks for.

use super::require;
use crate::domain::social_work_lead::{self as rules, SocialWorkLead};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::{Db, orgs};
use serde::{Deserialize, Serialize};

/// The post as a page or the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LeadView {
    #[serde(flatten)]
    pub lead: SocialWorkLead,
    /// The level in words; empty when not recorded.
    pub level_label: String,
    /// On the board or reporting directly to a board member; none when not recorded.
    pub meets_guidance: Option<bool>,
}

/// What a form or the API sends.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct LeadInput {
    pub post: String,
    /// A `psw_levels` code: `board`, `reports_to_board_member`, `senior_manager`, `other`.
    pub level: String,
    pub line_to_board: String,
}

fn view(lead: SocialWorkLead) -> LeadView {
    LeadView {
        level_label: if lead.level.is_empty() {
            String::new()
        } else {
            crate::domain::reference()
                .psw_levels
                .label(&lead.level)
                .to_string()
        },
        meets_guidance: rules::meets_guidance(&lead.level),
        lead,
    }
}

pub async fn get(db: &Db, actor: &Actor) -> AppResult<LeadView> {
    require(actor, Capability::RecordSocialWorkLead)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    Ok(view(orgs::social_work_lead(&db.pool, org).await?))
}

pub async fn set(db: &Db, actor: &Actor, input: &LeadInput) -> AppResult<LeadView> {
    require(actor, Capability::RecordSocialWorkLead)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let lead = rules::parse(&input.post, &input.level, &input.line_to_board).map_err(|p| {
        let mut e = FieldErrors::default();
        for (field, message) in p {
            e.add(field, message);
        }
        AppError::Invalid(e)
    })?;
    let mut tx = Write::begin(db, actor).await?;
    orgs::set_social_work_lead(&mut tx, org, &lead).await?;
    tx.commit("update", "social_work_lead", org, lead.level.clone())
        .await?;
    Ok(view(lead))
}
