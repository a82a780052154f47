//! The exit questionnaire (`domain::leaving`, docs/sources.md#exit-questionnaire): a social
//! worker whose leaving day is recorded answers it once, and the organisation's leads see
//! the answers only in aggregate.
//!
//! Anonymous in aggregate: the stored answer keeps its organisation and month only, and
//! who has answered is kept apart with no date (`store::leavers`). The leads see answers
//! only from whole months released in blocks of more than the suppression limit
//! (`domain::disclosure::released`), so no answer can be told apart by looking before and
//! after it arrived; the counts go through the disclosure policy, and what would have kept
//! people is listed in alphabetical order, never by when it was said.

use super::feedback::month_of;
use super::write::Write;
use super::{audit, require};
use crate::config::Settings;
use crate::domain::disclosure::{self, DisclosurePolicy};
use crate::domain::leaving::{self as rules, ExitFigures, ExitInput, ExitStanding};
use crate::domain::supervision::add_months_back;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::leavers::{self as store, AnswerRow};
use serde::Serialize;
use time::{Date, Duration};

const RECORD: &str = "exit_questionnaire";

/// The leads' page looks back this many months.
pub const RESULT_WINDOW_MONTHS: u32 = 24;

/// Whether the actor may answer the questionnaire now. Reads their own leaving day, so it
/// is audited.
pub async fn standing(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<ExitStanding> {
    require(actor, Capability::AnswerExitQuestionnaire)?;
    let standing = standing_of(db, settings, actor, today).await?;
    let id = actor
        .practitioner_id
        .map_or(String::new(), |p| p.to_string());
    audit(db, actor, "read", RECORD, id, format!("{standing:?}")).await?;
    Ok(standing)
}

async fn standing_of(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<ExitStanding> {
    let Some(me) = actor.practitioner_id else {
        return Ok(ExitStanding::NotLeaving);
    };
    let Some((leaving_on, answered)) = store::leaving(&db.pool, me).await? else {
        return Ok(ExitStanding::NotLeaving);
    };
    Ok(settings.leavers.standing(leaving_on, answered, today))
}

/// Stores the actor's answers (once), with their organisation and this month only. The
/// audit entry says that they answered, never what.
pub async fn answer(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &ExitInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::AnswerExitQuestionnaire)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let (Some(me), ExitStanding::Open { .. }) = (
        actor.practitioner_id,
        standing_of(db, settings, actor, today).await?,
    ) else {
        return Err(AppError::Conflict(format!(
            "The exit questionnaire is open only to someone whose leaving day is recorded, \
             once, until {} days after they leave.",
            settings.leavers.open_days_after_leaving
        )));
    };
    let answers = input.parse().map_err(AppError::Invalid)?;
    let id = rules::answer_id(&mut rand::thread_rng());
    let month = month_of(today);
    let mut w = Write::begin(db, actor).await?;
    let new = store::NewAnswer {
        id: &id,
        org_id,
        month: &month,
        answers: &answers,
    };
    if !store::insert(&mut w, me, &new).await? {
        return Err(AppError::Conflict(
            "You have already answered the exit questionnaire.".into(),
        ));
    }
    w.commit(
        "answer",
        RECORD,
        me,
        "answered (what they said is not linked to them)",
    )
    .await
}

/// What the leads see: figures and what would have kept people, from released answers.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = LeaverResults)]
pub struct Results {
    /// The first and last months the answers shown come from (none shown: none).
    pub first_month: Option<String>,
    pub last_month: Option<String>,
    pub window_months: u32,
    /// Each block of whole months released holds at least this many answers.
    pub block_size: u32,
    pub figures: ExitFigures,
    /// What would have kept them, as written, in alphabetical order.
    pub would_have_kept: Vec<String>,
}

/// The organisation's released answers over the last `RESULT_WINDOW_MONTHS` months.
pub async fn results(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Results> {
    require(actor, Capability::ViewWorkforceIntelligence)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let from = add_months_back(today, RESULT_WINDOW_MONTHS);
    let r = released(db, settings.privacy.disclosure, org_id, from, today, today).await?;
    audit(
        db,
        actor,
        "read",
        "exit_questionnaire_results",
        org_id,
        format!("{} answers shown", r.shown),
    )
    .await?;
    Ok(r.results)
}

/// Results and how many answers they were made from (for the audit entry and the board
/// report).
pub struct Released {
    pub results: Results,
    pub shown: usize,
}

/// The answers of `org` released in whole months from `from`'s month to `to`'s (that
/// month only when `to` is its last day), and never this month: a month is released only
/// once it is over.
pub async fn released(
    db: &Db,
    policy: DisclosurePolicy,
    org: i64,
    from: Date,
    to: Date,
    today: Date,
) -> AppResult<Released> {
    // Every answer, not only the window's: blocks are counted from the first month, so
    // they never move when the window does.
    let rows = store::answers(&db.pool, org).await?;
    let block_size = block_size(policy);
    let dated: Vec<(String, &AnswerRow)> = rows.iter().map(|r| (r.month.clone(), r)).collect();
    // The first month not shown: the one after `to` when `to` ends its month, else
    // `to`'s own; never later than this month.
    let current = month_of(to + Duration::days(1)).min(month_of(today));
    let blocks = disclosure::released_blocks(&dated, block_size, &current, &month_of(from));
    let shown: Vec<&AnswerRow> = blocks
        .iter()
        .flat_map(|b| b.items.iter().map(|r| **r))
        .collect();
    let pairs: Vec<_> = shown
        .iter()
        .map(|r| (r.main_reason, r.would_return))
        .collect();
    let mut kept: Vec<String> = shown
        .iter()
        .map(|r| r.would_have_kept.clone())
        .filter(|t| !t.is_empty())
        .collect();
    kept.sort_unstable();
    Ok(Released {
        shown: shown.len(),
        results: Results {
            first_month: blocks.first().map(|b| b.first_month.clone()),
            last_month: blocks.last().map(|b| b.last_month.clone()),
            window_months: RESULT_WINDOW_MONTHS,
            block_size,
            figures: ExitFigures::of(&pairs, policy),
            would_have_kept: kept,
        },
    })
}

/// More than the suppression limit, so that a released block's count is never one that
/// would be suppressed.
pub fn block_size(policy: DisclosurePolicy) -> u32 {
    disclosure::threshold(u32::try_from(policy.suppress_up_to + 1).unwrap_or(u32::MAX))
}
