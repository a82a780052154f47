//! Raising concerns (`domain::concern`, docs/sources.md#raising-concerns): a social worker
//! raises a concern about resources, workload, or unsafe or inappropriate practice, named
//! or anonymously; the principal social worker triages it, asks someone to answer it and
//! records the outcome and what changed; the sender follows it and replies.
//!
//! Who reads a concern: the principal social worker of its organisation, the person asked
//! to answer it, and its sender (by name, or by the private reference when anonymous).
//! Nobody else, whatever their role. Every read and write is audited, except that the
//! anonymous sender's own reads and writes are audited as "anonymous sender" with no user
//! and no request id (`Write::anonymous`), so the trail cannot name them either.

use super::write::{ANONYMOUS, Write};
use super::{audit, require};
use crate::config::Settings;
use crate::domain::concern::{
    self as rules, CloseInput, Coded, ConcernInput, MessageInput, Standing, Themes,
};
use crate::domain::disclosure::DisclosurePolicy;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::concerns::{self as store, Concern, Listed, Message};
use serde::Serialize;
use time::Date;

const RECORD: &str = "concern";

/// A concern just raised. The reference is shown once, to an anonymous sender only.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ConcernRaised)]
pub struct Raised {
    pub id: i64,
    /// The private reference, as shown (four groups of four), when anonymous.
    pub reference: Option<String>,
    pub answer_due_on: Date,
}

/// Raises a concern in the actor's organisation. Anonymous: nothing stored names the
/// actor, and the audit entry names nobody.
pub async fn raise(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &ConcernInput,
    today: Date,
) -> AppResult<Raised> {
    require(actor, Capability::RaiseConcern)?;
    let org_id = actor.org_id.ok_or(AppError::Forbidden)?;
    let concern = input.parse().map_err(AppError::Invalid)?;
    let reference = rules::new_reference(&mut rand::thread_rng());
    let answer_due_on = settings.concerns.answer_due(today);
    let mut w = if concern.anonymous {
        Write::anonymous(db, Some(org_id)).await?
    } else {
        Write::begin(db, actor).await?
    };
    let id = store::insert(
        &mut w,
        &store::NewRow {
            org_id,
            concern: &concern,
            raised_by_user_id: (!concern.anonymous).then_some(actor.user_id),
            reference_hash: &rules::reference_hash(&reference),
            raised_on: today,
            answer_due_on,
        },
    )
    .await?;
    let how = if concern.anonymous {
        "anonymously"
    } else {
        "named"
    };
    w.commit(
        "create",
        RECORD,
        id,
        format!("{}, {how}", concern.category.code()),
    )
    .await?;
    Ok(Raised {
        id,
        reference: concern
            .anonymous
            .then(|| rules::display_reference(&reference)),
        answer_due_on,
    })
}

/// One line of a list: no details, no messages.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConcernLine {
    pub id: i64,
    pub category: String,
    pub summary: String,
    pub anonymous: bool,
    pub raised_on: Date,
    pub answer_due_on: Date,
    pub assigned_name: Option<String>,
    pub standing: Standing,
    pub standing_label: String,
}

fn line(c: &Concern, today: Date) -> ConcernLine {
    let standing = standing(c, today);
    ConcernLine {
        id: c.id,
        category: rules::label_of::<rules::Category>(&c.category),
        summary: c.summary.clone(),
        anonymous: c.anonymous,
        raised_on: c.raised_on,
        answer_due_on: c.answer_due_on,
        assigned_name: c.assigned_name.clone(),
        standing,
        standing_label: standing.label().into(),
    }
}

fn standing(c: &Concern, today: Date) -> Standing {
    Standing::of(c.answer_due_on, c.first_answered_on, c.closed_on, today)
}

/// What the actor may see in lists: what they raised by name, what they were asked to
/// answer, and (the principal social worker) every concern in the organisation.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConcernLists {
    pub raised_by_me: Vec<ConcernLine>,
    pub assigned_to_me: Vec<ConcernLine>,
    /// Only for those who manage concerns.
    pub organisation: Option<Vec<ConcernLine>>,
    /// Of the organisation's, those still waiting for their first answer past the day due.
    pub overdue: usize,
    pub answer_within_days: u32,
}

pub async fn lists(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<ConcernLists> {
    if !actor.can(Capability::RaiseConcern) && !actor.can(Capability::ManageConcerns) {
        return Err(AppError::Forbidden);
    }
    let lines =
        |v: Vec<Concern>| -> Vec<ConcernLine> { v.iter().map(|c| line(c, today)).collect() };
    let raised_by_me = lines(store::list(&db.pool, &Listed::RaisedBy(actor.user_id)).await?);
    let assigned_to_me = lines(store::list(&db.pool, &Listed::AssignedTo(actor.user_id)).await?);
    let organisation = match (actor.can(Capability::ManageConcerns), actor.org_id) {
        (true, Some(org)) => Some(lines(
            store::list(&db.pool, &Listed::Organisation(org)).await?,
        )),
        _ => None,
    };
    let overdue = organisation.as_ref().map_or(0, |o| {
        o.iter()
            .filter(|l| l.standing == Standing::AnswerOverdue)
            .count()
    });
    let ids: Vec<String> = raised_by_me
        .iter()
        .chain(&assigned_to_me)
        .chain(organisation.iter().flatten())
        .map(|l| l.id.to_string())
        .collect();
    audit(
        db,
        actor,
        "list",
        "concerns",
        "",
        format!("ids {}", ids.join(" ")),
    )
    .await?;
    Ok(ConcernLists {
        raised_by_me,
        assigned_to_me,
        organisation,
        overdue,
        answer_within_days: settings.concerns.answer_within_days,
    })
}

/// The reader's part in a concern.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ConcernPart)]
pub enum Part {
    /// The principal social worker: triages, assigns, answers and closes.
    Manager,
    /// The person asked to answer it.
    Answering,
    /// Its sender.
    Sender,
}

/// A concern with its messages, as one of its readers sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConcernView {
    pub concern: Concern,
    pub category_label: String,
    pub messages: Vec<Message>,
    pub standing: Standing,
    pub standing_label: String,
    pub part: Part,
    /// Whom a manager may ask to answer it (empty for the others).
    pub assignable: Vec<Assignable>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = ConcernAssignable)]
pub struct Assignable {
    pub user_id: i64,
    pub name: String,
}

/// The actor's part in `c`, if they have one.
fn part_of(actor: &Actor, c: &Concern) -> Option<Part> {
    if actor.can(Capability::ManageConcerns) && actor.org_id == Some(c.org_id) {
        Some(Part::Manager)
    } else if c.assigned_user_id == Some(actor.user_id) {
        Some(Part::Answering)
    } else if c.raised_by_user_id == Some(actor.user_id) {
        Some(Part::Sender)
    } else {
        None
    }
}

async fn view_of(db: &Db, c: Concern, part: Part, today: Date) -> AppResult<ConcernView> {
    let messages = store::messages(&db.pool, c.id).await?;
    let assignable = if part == Part::Manager {
        store::assignable(&db.pool, c.org_id)
            .await?
            .into_iter()
            .map(|(user_id, name)| Assignable { user_id, name })
            .collect()
    } else {
        Vec::new()
    };
    let standing = standing(&c, today);
    Ok(ConcernView {
        category_label: rules::label_of::<rules::Category>(&c.category),
        concern: c,
        messages,
        standing,
        standing_label: standing.label().into(),
        part,
        assignable,
    })
}

/// A concern the actor has a part in (else not found), audited.
pub async fn view(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<ConcernView> {
    if !actor.can(Capability::RaiseConcern) && !actor.can(Capability::ManageConcerns) {
        return Err(AppError::Forbidden);
    }
    let c = store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    let part = part_of(actor, &c).ok_or(AppError::NotFound)?;
    audit(
        db,
        actor,
        "read",
        RECORD,
        id,
        format!("{part:?}").to_lowercase(),
    )
    .await?;
    view_of(db, c, part, today).await
}

/// The concern a private reference opens, in the actor's organisation; refused with the
/// same message whether the reference is mistyped or belongs elsewhere.
async fn by_reference(db: &Db, actor: &Actor, reference: &str) -> AppResult<Concern> {
    require(actor, Capability::RaiseConcern)?;
    let wrong = || {
        AppError::Invalid(FieldErrors::single(
            "reference",
            "Enter the reference you were given when you raised the concern, like ABCD-EFGH-JKMN-PQRS",
        ))
    };
    let r = rules::normalise_reference(reference).ok_or_else(wrong)?;
    let c = store::by_reference(&db.pool, &rules::reference_hash(&r))
        .await?
        .filter(|c| c.anonymous && Some(c.org_id) == actor.org_id)
        .ok_or_else(wrong)?;
    Ok(c)
}

/// An anonymous concern as its sender follows it, by its private reference. The read is
/// audited as the anonymous sender's.
pub async fn follow(
    db: &Db,
    actor: &Actor,
    reference: &str,
    today: Date,
) -> AppResult<ConcernView> {
    let c = by_reference(db, actor, reference).await?;
    audit_anonymously(db, c.org_id, "read", c.id).await?;
    view_of(db, c, Part::Sender, today).await
}

async fn audit_anonymously(db: &Db, org_id: i64, action: &str, id: i64) -> AppResult<()> {
    db.reads_audited
        .append(crate::store::audit_queue::QueuedEntry {
            at: crate::domain::timestamp::Timestamp::now(),
            actor_user_id: None,
            actor_email: ANONYMOUS.into(),
            org_id: Some(org_id),
            action: action.into(),
            record_type: RECORD.into(),
            record_id: id.to_string(),
            detail: "by its private reference".into(),
            request_id: String::new(),
        })
        .await?;
    Ok(())
}

/// A message from the anonymous sender, by the private reference.
pub async fn reply_by_reference(
    db: &Db,
    actor: &Actor,
    reference: &str,
    input: &MessageInput,
    today: Date,
) -> AppResult<ConcernView> {
    let c = by_reference(db, actor, reference).await?;
    let body = input.parse().map_err(AppError::Invalid)?;
    if c.closed_on.is_some() {
        return Err(closed());
    }
    let mut w = Write::anonymous(db, Some(c.org_id)).await?;
    store::add_message(&mut w, c.id, true, None, &body, today).await?;
    w.commit("message", RECORD, c.id, "from the sender").await?;
    let c = store::get(&db.pool, c.id)
        .await?
        .ok_or(AppError::NotFound)?;
    view_of(db, c, Part::Sender, today).await
}

fn closed() -> AppError {
    AppError::Invalid(FieldErrors::single(
        "body",
        "This concern is closed: raise a new concern if something is still wrong",
    ))
}

/// A message on a concern from one of its readers: an answer from the manager or the
/// person answering (the first sets the day it was first answered), or a reply from its
/// named sender.
pub async fn reply(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &MessageInput,
    today: Date,
) -> AppResult<()> {
    if !actor.can(Capability::RaiseConcern) && !actor.can(Capability::ManageConcerns) {
        return Err(AppError::Forbidden);
    }
    let c = store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    let part = part_of(actor, &c).ok_or(AppError::NotFound)?;
    let body = input.parse().map_err(AppError::Invalid)?;
    if c.closed_on.is_some() {
        return Err(closed());
    }
    let from_sender = part == Part::Sender;
    let mut w = Write::begin(db, actor).await?;
    store::add_message(&mut w, id, from_sender, Some(actor.user_id), &body, today).await?;
    let who = if from_sender {
        "from the sender"
    } else {
        "an answer"
    };
    w.commit("message", RECORD, id, who).await
}

/// Asks someone in the organisation to answer a concern (the principal social worker).
pub async fn assign(db: &Db, actor: &Actor, id: i64, user_id: &str) -> AppResult<()> {
    require(actor, Capability::ManageConcerns)?;
    let c = store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if part_of(actor, &c) != Some(Part::Manager) {
        return Err(AppError::NotFound);
    }
    let choices = store::assignable(&db.pool, c.org_id).await?;
    let user = user_id
        .trim()
        .parse::<i64>()
        .ok()
        .filter(|u| choices.iter().any(|(id, _)| id == u))
        .ok_or_else(|| {
            AppError::Invalid(FieldErrors::single(
                "user_id",
                "Select who should answer the concern",
            ))
        })?;
    let mut w = Write::begin(db, actor).await?;
    store::assign(&mut w, id, user).await?;
    w.commit("assign", RECORD, id, format!("user {user}")).await
}

/// Closes a concern with its outcome and what changed (the principal social worker).
pub async fn close(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &CloseInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManageConcerns)?;
    let c = store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    if part_of(actor, &c) != Some(Part::Manager) {
        return Err(AppError::NotFound);
    }
    let (outcome, changed) = input.parse().map_err(AppError::Invalid)?;
    let mut w = Write::begin(db, actor).await?;
    if !store::close(&mut w, id, &outcome, &changed, today).await? {
        return Err(AppError::Invalid(FieldErrors::single(
            "outcome",
            "This concern is already closed",
        )));
    }
    w.commit("close", RECORD, id, "").await
}

/// Themes, volumes and response times of the concerns raised in `org` over a period, for
/// the board report: no text, no sender, through the disclosure policy.
pub async fn themes(
    db: &Db,
    policy: DisclosurePolicy,
    org: i64,
    from: Date,
    to: Date,
) -> AppResult<Themes> {
    let facts = store::facts(&db.pool, org, from, to).await?;
    Ok(Themes::of(&facts, from, to, policy))
}
