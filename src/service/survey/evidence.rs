//! The survey's one figure for the self-assessment's evidence (criteria 5.1 and 5.2) and
//! the board report's consideration 5: the latest cycle that closed in the 12 months to a
//! day, with how many answered and the share agreeing across every statement, where its
//! results may be shown. Callers audit their own reads.

use crate::config::Settings;
use crate::domain::survey::{self as rules, CycleState};
use crate::error::AppResult;
use crate::store::Db;
use crate::store::survey as store;
use serde::Serialize;
use time::{Date, Duration};

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SurveyMeasure {
    pub title: String,
    pub closed_on: Date,
    /// The organisation's staff asked and who answered.
    pub invited: i64,
    pub answered: i64,
    /// Per cent agreeing across every statement; none when too few answered to show.
    pub agree_percent: Option<u32>,
}

/// The organisation's latest cycle that closed within the 12 months to `day`.
pub async fn latest_closed(
    db: &Db,
    settings: &Settings,
    org: i64,
    day: Date,
) -> AppResult<Option<SurveyMeasure>> {
    let year_before = day - Duration::days(365);
    let ended = |c: &store::CycleRow| c.closed_on.unwrap_or(c.closes_on);
    let latest = store::cycles_for(&db.pool, org)
        .await?
        .into_iter()
        .filter(|c| CycleState::of(c.closes_on, c.closed_on, day) == CycleState::Closed)
        .filter(|c| ended(c) > year_before && ended(c) <= day)
        .max_by_key(|c| (ended(c), c.id));
    let Some(c) = latest else {
        return Ok(None);
    };
    let agree_percent = match rules::instrument(&c.instrument) {
        Some(i) => {
            let t = store::tallies(&db.pool, c.id, org, None).await?;
            rules::overall_agree(i, &t, settings.wellbeing_survey)
        }
        None => None,
    };
    Ok(Some(SurveyMeasure {
        closed_on: ended(&c),
        title: c.title,
        invited: c.invited,
        answered: c.answered,
        agree_percent,
    }))
}
