//! What the workforce intelligence cannot read from records, entered by the principal
//! social worker or workforce lead: each team's funded establishment, and each year's
//! student placements and recruitment and disciplinary counts
//! (`domain::workforce::year`). The page's forms and the API call these.

use super::super::require;
use crate::domain::stocktake::Hundredths;
use crate::domain::workforce::year::{YearFigures, YearInput};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::{Db, workforce as store};
use time::Date;

/// The most WTE a team's establishment may be: a guard against a mistyped number.
pub const MOST_WTE: u64 = 1000;

/// Reads an establishment as typed ("12.5"): blank clears it; at most two decimal places.
pub fn parse_establishment(raw: &str) -> Result<Option<Hundredths>, FieldErrors> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let refuse = || {
        FieldErrors::single(
            "establishment",
            format!(
                "Enter the funded establishment as a whole-time equivalent from 0 to {MOST_WTE}, with at most two decimal places (for example 12.5), or leave it blank"
            ),
        )
    };
    let (whole, frac) = raw.split_once('.').unwrap_or((raw, ""));
    if whole.is_empty() && frac.is_empty() || frac.len() > 2 {
        return Err(refuse());
    }
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    if !digits(whole) || !digits(frac) {
        return Err(refuse());
    }
    let w: u64 = if whole.is_empty() {
        0
    } else {
        whole.parse().map_err(|_| refuse())?
    };
    let f: u64 = format!("{frac:0<2}").parse().map_err(|_| refuse())?;
    if w > MOST_WTE || w == MOST_WTE && f > 0 {
        return Err(refuse());
    }
    Ok(Some(w * 100 + f))
}

/// Sets the establishment of each team given, (team id, as typed), in one transaction:
/// every team must be of the actor's own organisation, and a wrong figure is named by its
/// team (`establishment_{id}`), with nothing written.
pub async fn set_establishments(
    db: &Db,
    actor: &Actor,
    entries: &[(i64, String)],
) -> AppResult<usize> {
    require(actor, Capability::ManageWorkforcePlan)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let own = store::teams_of(&db.pool, org).await?;
    let mut errors = FieldErrors::default();
    let mut values = Vec::new();
    for (team_id, raw) in entries {
        let Some(team) = own.iter().find(|t| t.id == *team_id) else {
            return Err(AppError::NotFound);
        };
        match parse_establishment(raw) {
            Ok(v) => values.push((team, v)),
            Err(_) => errors.add(
                &format!("establishment_{team_id}"),
                format!("Enter the funded establishment of {} as a whole-time equivalent from 0 to {MOST_WTE}, with at most two decimal places, or leave it blank", team.name),
            ),
        }
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut tx = Write::begin(db, actor).await?;
    let mut changed = 0;
    for (team, value) in &values {
        if team.establishment == *value {
            continue;
        }
        store::set_establishment(&mut tx, team.id, *value).await?;
        let detail = match value {
            Some(v) => format!("establishment {}", crate::domain::stocktake::show_wte(*v)),
            None => "establishment cleared".into(),
        };
        tx.audit("update", "team", team.id, detail).await?;
        changed += 1;
    }
    tx.commit(
        "update",
        "establishments",
        org,
        format!("{changed} teams changed"),
    )
    .await?;
    Ok(changed)
}

/// Sets the organisation's figures for one year, replacing any entered before.
pub async fn set_year(
    db: &Db,
    actor: &Actor,
    input: &YearInput,
    today: Date,
) -> AppResult<YearFigures> {
    require(actor, Capability::ManageWorkforcePlan)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let figures = input.parse(today).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    store::set_year(&mut tx, org, &figures, Some(actor.user_id)).await?;
    let year = figures.year_ending.map(|d| d.year()).unwrap_or_default();
    tx.commit(
        "update",
        "workforce_year",
        org,
        format!("year ending 31 March {year}"),
    )
    .await?;
    Ok(figures)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn establishments_read_as_typed() {
        assert_eq!(parse_establishment("12.5").unwrap(), Some(1250));
        assert_eq!(parse_establishment(" 3 ").unwrap(), Some(300));
        assert_eq!(parse_establishment(".75").unwrap(), Some(75));
        assert_eq!(parse_establishment("").unwrap(), None);
        for bad in ["-1", "1.234", "ten", "1001", ".", "1e3", "1,5"] {
            assert!(parse_establishment(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn any_whole_and_hundredths_round_trip(w in 0u64..1000, f in 0u64..100) {
            let typed = format!("{w}.{f:02}");
            prop_assert_eq!(parse_establishment(&typed).unwrap(), Some(w * 100 + f));
        }
    }
}
