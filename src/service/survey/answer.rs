//! Answering: from an emailed single-use link (no sign-in, so a phone off the network
//! works), or signed in from mhsw. Either way the answer is added to the counters and the
//! invitation marked answered in one transaction, audited as an anonymous answer with no
//! name and no request id.

use super::RECORD;
use crate::domain::survey::{self as rules, CycleState, Instrument, SurveyInput, tallies};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::accounts::sha256_hex;
use crate::service::write::Write;
use crate::service::{audit, require};
use crate::store::Db;
use crate::store::survey as store;
use serde::Serialize;
use time::Date;

/// Why a link does not open the form (each has a kind page of its own).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkProblem {
    /// Not a link we sent, already used, or replaced by a later reminder.
    UsedOrUnknown,
    /// The survey has closed.
    Closed,
}

/// The form for one invitation.
#[derive(Debug, Clone, Serialize)]
pub struct AnswerForm {
    pub cycle_id: i64,
    pub title: String,
    pub closes_on: Date,
    pub instrument: &'static Instrument,
}

async fn form_for(db: &Db, cycle: i64, today: Date) -> AppResult<Result<AnswerForm, LinkProblem>> {
    let Some((code, title, closes_on, closed_on)) =
        store::cycle_for_answer(&db.pool, cycle).await?
    else {
        return Ok(Err(LinkProblem::UsedOrUnknown));
    };
    if CycleState::of(closes_on, closed_on, today) == CycleState::Closed {
        return Ok(Err(LinkProblem::Closed));
    }
    let instrument = rules::instrument(&code)
        .ok_or_else(|| anyhow::anyhow!("survey cycle {cycle} names unknown instrument {code}"))?;
    Ok(Ok(AnswerForm {
        cycle_id: cycle,
        title,
        closes_on,
        instrument,
    }))
}

/// The form behind a link, or why it does not open. Reads nothing about the person.
pub async fn form_by_link(
    db: &Db,
    secret: &str,
    today: Date,
) -> AppResult<Result<AnswerForm, LinkProblem>> {
    match store::by_token(&db.pool, &sha256_hex(secret)).await? {
        Some((cycle, _)) => form_for(db, cycle, today).await,
        None => Ok(Err(LinkProblem::UsedOrUnknown)),
    }
}

/// Stores an answer given through a link.
pub async fn answer_by_link(
    db: &Db,
    secret: &str,
    input: &SurveyInput,
    today: Date,
) -> AppResult<Result<(), LinkProblem>> {
    let Some((cycle, practitioner)) = store::by_token(&db.pool, &sha256_hex(secret)).await? else {
        return Ok(Err(LinkProblem::UsedOrUnknown));
    };
    let form = match form_for(db, cycle, today).await? {
        Ok(f) => f,
        Err(p) => return Ok(Err(p)),
    };
    store_answer(db, &form, practitioner, input).await?;
    Ok(Ok(()))
}

/// The open cycles the actor was asked to answer, each with whether they have. Their own
/// invitations only; the audit entry does not say which they answered.
pub async fn mine(db: &Db, actor: &Actor, today: Date) -> AppResult<Vec<(AnswerForm, bool)>> {
    require(actor, Capability::AnswerWellbeingSurvey)?;
    let Some(me) = actor.practitioner_id else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (cycle, answered) in store::invitations_of(&db.pool, me).await? {
        if let Ok(form) = form_for(db, cycle, today).await? {
            out.push((form, answered));
        }
    }
    audit(db, actor, "read", RECORD, me, "own invitations").await?;
    Ok(out)
}

/// Stores the signed-in actor's answer to a cycle they were asked to answer.
pub async fn answer_as_invited(
    db: &Db,
    actor: &Actor,
    cycle: i64,
    input: &SurveyInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::AnswerWellbeingSurvey)?;
    let me = actor.practitioner_id.ok_or(AppError::NotFound)?;
    let invited = store::invitations_of(&db.pool, me).await?;
    let Some((_, answered)) = invited.iter().find(|(c, _)| *c == cycle) else {
        return Err(AppError::NotFound);
    };
    if *answered {
        return Err(AppError::Conflict(
            "You have already answered this survey.".into(),
        ));
    }
    match form_for(db, cycle, today).await? {
        Ok(form) => store_answer(db, &form, me, input).await,
        Err(_) => Err(AppError::Conflict(
            "This survey has closed, so it takes no more answers.".into(),
        )),
    }
}

/// Checks the answer whole, then in one transaction marks the invitation answered and
/// adds to the counters; a second answer (two tabs, a replayed form) changes nothing.
async fn store_answer(
    db: &Db,
    form: &AnswerForm,
    practitioner: i64,
    input: &SurveyInput,
) -> AppResult<()> {
    let answers = input.parse(form.instrument).map_err(AppError::Invalid)?;
    let mut w = Write::anonymous(db, None).await?;
    let (org, profile) = store::profile(&mut w, form.cycle_id, practitioner).await?;
    w.in_org(org);
    if !store::mark_answered(&mut w, form.cycle_id, practitioner).await? {
        w.rollback().await?;
        return Err(AppError::Conflict(
            "This survey has already been answered with this invitation.".into(),
        ));
    }
    store::add(&mut w, form.cycle_id, org, &tallies(&profile, &answers)).await?;
    w.commit(
        "answer",
        RECORD,
        form.cycle_id,
        "an answer (not linked to anyone)",
    )
    .await
}
