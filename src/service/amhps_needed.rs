//! How many AMHPs an organisation needs for its 24-hour service: set by its principal social
//! worker or workforce lead on the post-qualifying page (or the API), else the deployment's
//! `[post_qualifying] amhps_required`. The post-qualifying view and the self-assessment
//! evidence both read it through [`for_org`], so they cannot differ.

use super::require;
use crate::config::Settings;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::{Db, orgs};

/// The most an organisation may say it needs: a guard against a mistyped number, far above
/// any English service's AMHP rota.
pub const MOST_AMHPS: u32 = 1000;

/// The number needed, or `None` when neither the organisation nor the deployment set one.
pub async fn for_org(db: &Db, settings: &Settings, org: i64) -> AppResult<Option<u32>> {
    let own = orgs::amhps_required(&db.pool, org).await?;
    let deployment = settings.post_qualifying.amhps_required;
    Ok(match own {
        Some(n) => u32::try_from(n).ok().filter(|n| *n > 0),
        None => (deployment > 0).then_some(deployment),
    })
}

/// Reads the number as typed: blank clears it (back to the deployment's number, if any).
pub fn parse(raw: &str) -> Result<Option<u32>, FieldErrors> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    match raw.parse::<u32>() {
        Ok(n) if (1..=MOST_AMHPS).contains(&n) => Ok(Some(n)),
        _ => Err(FieldErrors::single(
            "amhps_needed",
            format!(
                "Enter the number of AMHPs needed as a whole number from 1 to {MOST_AMHPS}, or leave it blank"
            ),
        )),
    }
}

/// Sets (or clears) the actor's organisation's number, audited.
pub async fn set(db: &Db, actor: &Actor, needed: Option<u32>) -> AppResult<()> {
    require(actor, Capability::ManagePostQualifying)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let mut tx = Write::begin(db, actor).await?;
    orgs::set_amhps_required(&mut tx, org, needed.map(i64::from)).await?;
    let detail = needed.map_or("cleared".to_string(), |n| format!("{n} AMHPs needed"));
    tx.commit("update", "amhps_needed", org, detail).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_clears_and_numbers_are_bounded() {
        assert_eq!(parse(" ").unwrap(), None);
        assert_eq!(parse("12").unwrap(), Some(12));
        for bad in ["0", "-3", "1.5", "twelve", "1001"] {
            let e = parse(bad).unwrap_err();
            assert_eq!(e.0[0].field, "amhps_needed", "{bad}");
        }
    }
}
