//! The wellbeing and engagement survey (`domain::survey`, docs/sources.md#wellbeing-survey):
//! the PSW or the HR lead opens a cycle (with a partner organisation, if they run it
//! together), emails single-use links and reminders, and closes it; staff answer from the
//! link or from mhsw; the leads read the results once the cycle is closed.
//!
//! Nobody learns who has answered: the invitation's answered mark is read only to choose
//! whom reminders go to and to refuse a second answer; no page, file, API or audit entry
//! shows it, and the response count shown while a cycle is open moves in fives. Answers
//! are counters only (`store::survey`).

mod answer;
pub mod evidence;
mod links;
mod results;

pub use answer::{AnswerForm, LinkProblem, answer_as_invited, answer_by_link, form_by_link, mine};
pub use links::{LinksSent, send_links};
pub use results::{GroupView, ResultsView, results};

use super::write::Write;
use super::{audit, require};
use crate::domain::survey::{self as rules, CycleInput, CycleState};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::survey::{self as store, CycleRow};
use serde::Serialize;
use time::Date;

const RECORD: &str = "wellbeing_survey";

/// A cycle as its leads see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = SurveyCycle)]
pub struct CycleView {
    pub id: i64,
    pub title: String,
    /// The organisation that opened it.
    pub org_name: String,
    /// The organisation it is run with, if any.
    pub partner_name: Option<String>,
    /// Whether the reader's organisation opened it (only it may close it).
    pub led_here: bool,
    pub instrument: String,
    #[schema(value_type = String, format = Date)]
    pub opened_on: Date,
    #[schema(value_type = String, format = Date)]
    pub closes_on: Date,
    #[schema(value_type = Option<String>, format = Date)]
    pub closed_on: Option<Date>,
    #[schema(value_type = String)]
    pub state: CycleState,
    /// The reader's organisation's staff asked.
    pub invited: i64,
    /// How many of them answered: rounded down to a multiple of 5 while the cycle is open.
    pub answered: i64,
    /// The share who answered, in per cent (from `answered` as shown).
    pub response_percent: u32,
    #[schema(value_type = Option<String>, format = Date)]
    pub last_reminded_on: Option<Date>,
}

fn view(c: CycleRow, org: i64, today: Date) -> CycleView {
    let state = CycleState::of(c.closes_on, c.closed_on, today);
    let answered = match state {
        CycleState::Open => rules::live_count(c.answered.max(0) as u64) as i64,
        CycleState::Closed => c.answered,
    };
    let response_percent = if c.invited > 0 {
        ((answered * 100) / c.invited) as u32
    } else {
        0
    };
    CycleView {
        id: c.id,
        title: c.title,
        org_name: c.org_name,
        partner_name: c.partner_name,
        led_here: c.org_id == org,
        instrument: c.instrument,
        opened_on: c.opened_on,
        closes_on: c.closes_on,
        closed_on: c.closed_on,
        state,
        invited: c.invited,
        answered,
        response_percent,
        last_reminded_on: c.last_reminded_on,
    }
}

fn org_of(actor: &Actor) -> AppResult<i64> {
    actor.org_id.ok_or(AppError::Forbidden)
}

/// The cycles the actor's organisation ran or took part in, newest first.
pub async fn list(db: &Db, actor: &Actor, today: Date) -> AppResult<Vec<CycleView>> {
    require(actor, Capability::RunWellbeingSurvey)?;
    let org = org_of(actor)?;
    let rows = store::cycles_for(&db.pool, org).await?;
    audit(db, actor, "read", RECORD, "", "cycles (counts only)").await?;
    Ok(rows.into_iter().map(|c| view(c, org, today)).collect())
}

/// One cycle, if the actor's organisation ran it or took part.
pub async fn get(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<CycleView> {
    require(actor, Capability::RunWellbeingSurvey)?;
    let org = org_of(actor)?;
    let c = store::get(&db.pool, id, org)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(view(c, org, today))
}

/// The organisations the actor's may run a cycle with: those with a partnership agreement
/// in force with it, as (id, name).
pub async fn partner_choices(db: &Db, actor: &Actor) -> AppResult<Vec<(i64, String)>> {
    require(actor, Capability::RunWellbeingSurvey)?;
    let org = org_of(actor)?;
    let mut out: Vec<(i64, String)> = crate::store::partnerships::list_for(&db.pool, org)
        .await?
        .into_iter()
        .filter(|a| a.status == crate::domain::partnership::AgreementStatus::InForce)
        .map(|a| {
            if a.employer_org_id == org {
                (a.host_org_id, a.host_name)
            } else {
                (a.employer_org_id, a.employer_name)
            }
        })
        .filter(|(id, _)| *id != org)
        .collect();
    out.sort();
    out.dedup();
    Ok(out)
}

/// Opens a cycle on the current instrument and invites everyone each organisation employs
/// today. Returns the cycle's id.
pub async fn open(db: &Db, actor: &Actor, input: &CycleInput, today: Date) -> AppResult<i64> {
    require(actor, Capability::RunWellbeingSurvey)?;
    let org = org_of(actor)?;
    let spec = input.parse(today).map_err(AppError::Invalid)?;
    if let Some(p) = spec.partner_org_id
        && !partner_choices(db, actor)
            .await?
            .iter()
            .any(|(id, _)| *id == p)
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "partner_org_id",
            "Choose an organisation your organisation has a partnership agreement in force with",
        )));
    }
    let instrument = rules::current();
    let mut w = Write::begin(db, actor).await?;
    let new = store::NewCycle {
        org_id: org,
        partner_org_id: spec.partner_org_id,
        instrument: &instrument.code,
        title: &spec.title,
        opened_on: today,
        closes_on: spec.closes_on,
        opened_by: Some(actor.user_id),
    };
    let (id, invited) = store::open(&mut w, &new).await?;
    let partner = spec
        .partner_org_id
        .map_or(String::new(), |p| format!(" with organisation {p}"));
    w.commit(
        "create",
        RECORD,
        id,
        format!(
            "opened{partner} on {}, closing {}, {invited} invited",
            instrument.code, spec.closes_on
        ),
    )
    .await?;
    Ok(id)
}

/// Closes a cycle early (its own organisation only); results can be read from then.
pub async fn close(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<()> {
    let c = get(db, actor, id, today).await?;
    if !c.led_here {
        return Err(AppError::Forbidden);
    }
    if c.state == CycleState::Closed {
        return Err(AppError::Conflict("This survey is already closed.".into()));
    }
    let mut w = Write::begin(db, actor).await?;
    store::close(&mut w, id, today).await?;
    w.commit("update", RECORD, id, "closed").await
}
