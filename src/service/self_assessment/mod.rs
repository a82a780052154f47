//! The organisational self-assessment (issue 6): an organisation assesses the support it
//! gives its social workers against a framework (`domain::self_assessment`, data in
//! `data/frameworks/`) in cycles, keeps an action plan, compares cycles, joins the national
//! benchmark by consent, and drafts its strategic statement for social work.
//!
//! - `cycles`: open (carrying the last signed-off cycle's answers forward), leads, ratings
//!   with evidence and links, who took part, sign-off by the principal social worker, after
//!   which the cycle is locked; comparison of two cycles.
//! - `actions`: the action plan, overdue actions for dashboards and reminders.
//! - `evidence`: what mhsw already knows, shown beside a criterion.
//! - `statement`: the strategic statement, drafted from the live figures and edited by the PSW.
//! - `benchmark`: consent to join the national benchmark, where the organisation stands
//!   against its peers, and the national analyst's distribution.
//!
//! Nothing here is personal data about a practitioner; writes are audited all the same, so
//! the organisation can see who rated, signed off or changed an action.

pub mod actions;
pub mod benchmark;
pub mod cycles;
pub mod evidence;
pub mod statement;

use crate::config::Settings;
use crate::domain::self_assessment::Frameworks;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::users;
use std::sync::Arc;

/// The frameworks in use (shipped plus the configured directory's).
pub fn frameworks(settings: &Settings) -> AppResult<Arc<Frameworks>> {
    settings
        .self_assessment
        .frameworks()
        .map_err(|e| AppError::Internal(anyhow::anyhow!(e)))
}

/// The actor's organisation, for a capability that works on one's own organisation.
fn own_org(actor: &Actor, cap: Capability) -> AppResult<i64> {
    super::require(actor, cap)?;
    actor.org_id.ok_or(AppError::Forbidden)
}

/// A person who can lead a domain or own an action: an active user of the organisation.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Colleague {
    pub user_id: i64,
    pub display_name: String,
}

pub async fn colleagues(db: &Db, org: i64) -> AppResult<Vec<Colleague>> {
    Ok(users::list_for_org(&db.pool, db.backend, org)
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| Colleague {
            user_id: u.id,
            display_name: u.display_name,
        })
        .collect())
}

/// Reads a user id sent as text and checks it names an active colleague.
fn parse_colleague(
    errors: &mut FieldErrors,
    field: &str,
    what: &str,
    input: &str,
    colleagues: &[Colleague],
) -> Option<i64> {
    match super::parse_id(what, input) {
        Ok(Some(id)) if colleagues.iter().any(|c| c.user_id == id) => Some(id),
        Ok(None) => {
            errors.add(field, format!("Select {what}"));
            None
        }
        _ => {
            errors.add(field, format!("Select {what} from the list"));
            None
        }
    }
}

/// Longest evidence note, in characters.
pub const MAX_EVIDENCE_CHARS: usize = 4000;
/// Most links per answer, and the longest link.
pub const MAX_LINKS: usize = 10;
pub const MAX_LINK_CHARS: usize = 500;

/// Links, one per line: each must be an http or https address. The message names the line.
pub fn parse_links(input: &str) -> Result<String, String> {
    let lines: Vec<&str> = input
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > MAX_LINKS {
        return Err(format!("Give at most {MAX_LINKS} links, one per line"));
    }
    for (i, l) in lines.iter().enumerate() {
        let ok = (l.starts_with("https://") || l.starts_with("http://"))
            && l.len() > 8
            && l.len() <= MAX_LINK_CHARS
            && !l.chars().any(char::is_whitespace);
        if !ok {
            return Err(format!(
                "Link {} must be a web address starting https:// (one per line, up to {MAX_LINK_CHARS} characters)",
                i + 1
            ));
        }
    }
    Ok(lines.join("\n"))
}

#[cfg(test)]
mod tests {
    use super::parse_links;

    #[test]
    fn links_name_the_bad_line() {
        assert_eq!(
            parse_links(" https://a.example/x \n\n").unwrap(),
            "https://a.example/x"
        );
        let e = parse_links("https://a.example\nfile:///etc/passwd").unwrap_err();
        assert!(e.starts_with("Link 2 "), "{e}");
        assert!(parse_links("javascript:alert(1)").is_err());
        assert!(parse_links(&"https://a.example\n".repeat(11)).is_err());
    }
}
