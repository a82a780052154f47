//! Collaborative conversations (DH 2016, "Making the difference together", Guidance Two):
//! the practitioner's structured reflective notes of conversations about their practice with
//! people using services and carers, sharing a note with their supervisors, and turning a
//! note into a CPD draft. The fields and rules are in `domain::conversation` (our design:
//! the guidance's own items are NOT FOUND).
//!
//! Privacy: the content is the practitioner's. Only they read and write it; the people named
//! in their current supervision agreement read a note only when it is shared with them,
//! decided exactly as for a CPD record (`service::access`). Nobody else
//! does, whatever their role: a principal social worker not named in the agreement included.
//! The note never names the person it was with. Every read and write is audited, with no
//! content in the audit entry.

use super::{audit, require};
use crate::domain::conversation::{
    self as rules, Coded, ConversationInput, ConversationNote, WithWhom,
};
use crate::domain::cpd::CpdWrite;
use crate::domain::cpd::{self as cpd_rules, CpdStatus};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope};
use crate::service::access::{self, is_named_supervisor};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::conversations::{self as store, Conversation, ConversationLine};
use crate::store::cpd as cpd_store;
use crate::store::practitioners as practitioners_store;
use serde::Serialize;
use time::Date;

const RECORD: &str = "collaborative_conversation";

/// The actor's own practitioner record id, or not found for users without one.
fn own_id(actor: &Actor) -> AppResult<i64> {
    require(actor, Capability::KeepOwnConversations)?;
    actor.practitioner_id.ok_or(AppError::NotFound)
}

async fn name_of(db: &Db, practitioner_id: i64) -> AppResult<String> {
    let p = practitioners_store::get_in_scope(
        &db.pool,
        &PractitionerScope::Own(practitioner_id),
        practitioner_id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(format!("{} {}", p.given_name, p.family_name))
}

/// A note shared with the actor, with whose it is.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SharedLine {
    #[serde(flatten)]
    pub line: ConversationLine,
    pub practitioner_name: String,
}

/// The actor's own notes and those shared with them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConversationList {
    /// The actor's own practitioner record, if they have one.
    pub practitioner_id: Option<i64>,
    pub practitioner_name: Option<String>,
    /// Their own notes, newest first (empty without a practitioner record).
    pub own: Vec<ConversationLine>,
    /// Notes shared with the actor by people whose supervision agreement names them.
    pub shared_with_me: Vec<SharedLine>,
}

/// The actor's own notes (with a practitioner record) and the notes shared with them (as a
/// supervisor named in the owner's agreement). Not found for someone with neither.
pub async fn list(db: &Db, actor: &Actor) -> AppResult<ConversationList> {
    require(actor, Capability::KeepOwnConversations)?;
    let may_see_shared = actor.can(Capability::ViewSharedConversations);
    if actor.practitioner_id.is_none() && !may_see_shared {
        return Err(AppError::NotFound);
    }
    let (practitioner_name, own) = match actor.practitioner_id {
        Some(id) => {
            let own = store::for_person(&db.pool, id).await?;
            audit(
                db,
                actor,
                "read",
                "collaborative_conversations",
                id,
                format!("own, {} notes", own.len()),
            )
            .await?;
            (Some(name_of(db, id).await?), own)
        }
        None => (None, Vec::new()),
    };
    let mut shared_with_me = Vec::new();
    if may_see_shared {
        let mut confirmed: Vec<(i64, bool)> = Vec::new();
        for (line, practitioner_name) in store::shared_candidates(&db.pool, actor.user_id).await? {
            let p = line.practitioner_id;
            let named = match confirmed.iter().find(|(id, _)| *id == p) {
                Some((_, named)) => *named,
                None => {
                    let named = is_named_supervisor(db, actor, p).await?;
                    confirmed.push((p, named));
                    named
                }
            };
            if named && Some(p) != actor.practitioner_id {
                shared_with_me.push(SharedLine {
                    line,
                    practitioner_name,
                });
            }
        }
        if !shared_with_me.is_empty() {
            audit(
                db,
                actor,
                "read",
                "collaborative_conversations",
                "",
                format!("shared with me, {} notes", shared_with_me.len()),
            )
            .await?;
        }
    }
    Ok(ConversationList {
        practitioner_id: actor.practitioner_id,
        practitioner_name,
        own,
        shared_with_me,
    })
}

/// A note with what the actor may do with it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ConversationView {
    pub conversation: Conversation,
    pub practitioner_name: String,
    /// The actor is the practitioner: they may change, share, delete and record it as CPD.
    pub is_owner: bool,
    /// The CPD record drafted from it (shown to the owner only).
    pub cpd_record_id: Option<i64>,
}

/// The note if the actor owns it, or it is shared and they are named in the owner's
/// supervision agreement; otherwise not found (never a hint that it exists).
pub async fn view(db: &Db, actor: &Actor, id: i64) -> AppResult<ConversationView> {
    require(actor, Capability::KeepOwnConversations)?;
    let c = store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    let reader = access::reader_of(
        db,
        actor,
        access::CONVERSATIONS,
        c.practitioner_id,
        c.shared_with_supervisors,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let is_owner = reader == access::Reader::Owner;
    let practitioner_name = name_of(db, c.practitioner_id).await?;
    let cpd_record_id = if is_owner {
        cpd_store::from_conversation(&db.pool, id).await?
    } else {
        None
    };
    audit(db, actor, "read", RECORD, id, reader.audit_detail()).await?;
    Ok(ConversationView {
        conversation: c,
        practitioner_name,
        is_owner,
        cpd_record_id,
    })
}

/// The actor's own note, or not found (front doors call it before reading a body, so
/// someone else's note answers 404 whatever was sent).
pub async fn own_conversation(db: &Db, actor: &Actor, id: i64) -> AppResult<Conversation> {
    let me = own_id(actor)?;
    store::get(&db.pool, id)
        .await?
        .filter(|c| c.practitioner_id == me)
        .ok_or(AppError::NotFound)
}

/// What the audit says of a note: when and with whom in general terms, never what was said.
fn detail_of(n: &ConversationNote) -> String {
    format!("with {}, held {}", n.with_whom.code(), n.held_on)
}

pub async fn create(
    db: &Db,
    actor: &Actor,
    input: &ConversationInput,
    today: Date,
) -> AppResult<i64> {
    let me = own_id(actor)?;
    let n = input.parse(today).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert(&mut tx, me, &n).await?;
    tx.commit("create", RECORD, id, detail_of(&n)).await?;
    Ok(id)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &ConversationInput,
    today: Date,
) -> AppResult<()> {
    own_conversation(db, actor, id).await?;
    let n = input.parse(today).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    store::update(&mut tx, id, &n).await?;
    tx.commit("update", RECORD, id, detail_of(&n)).await?;
    Ok(())
}

/// Deletes a note. A CPD record drafted from it stays in the portfolio, unlinked.
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    own_conversation(db, actor, id).await?;
    let mut tx = Write::begin(db, actor).await?;
    store::delete(&mut tx, id).await?;
    tx.commit("delete", RECORD, id, "").await?;
    Ok(())
}

/// Shares a note with (or withdraws it from) the people named in the owner's current
/// supervision agreement.
pub async fn share(db: &Db, actor: &Actor, id: i64, shared: bool) -> AppResult<()> {
    own_conversation(db, actor, id).await?;
    let mut tx = Write::begin(db, actor).await?;
    store::set_shared(&mut tx, id, shared).await?;
    let action = if shared { "share" } else { "unshare" };
    tx.commit(action, RECORD, id, "with supervisors").await?;
    Ok(())
}

/// The CPD draft a conversation gives: type feedback, dated the day it was held, tagged
/// standard 4.1 (feedback) and 4.6 (reflection), described as a collaborative conversation
/// with a person using services or a carer on that date. None of the note's text is
/// copied: the practitioner writes the CPD record's learning and impact themselves.
pub fn cpd_draft_of(with_whom: WithWhom, held_on: Date) -> CpdWrite {
    let description = rules::cpd_description(with_whom, held_on);
    CpdWrite {
        status: CpdStatus::Draft,
        cpd_type: "feedback".into(),
        activity_on: held_on,
        content_key: cpd_rules::content_key(&description, "", ""),
        description,
        learning: String::new(),
        impact: String::new(),
        peer_reflection: String::new(),
        peer_category: String::new(),
        standard4_parts: vec!["4.1".into(), "4.6".into()],
        professional_standards: vec!["4".into()],
    }
}

/// "Record as CPD": a draft CPD record from the actor's own note (`cpd_draft_of`). A note
/// gives one record: asking again returns the record already drafted.
pub async fn draft_cpd(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<i64> {
    let c = own_conversation(db, actor, id).await?;
    require(actor, Capability::KeepOwnCpd)?;
    if let Some(existing) = cpd_store::from_conversation(&db.pool, id).await? {
        return Ok(existing);
    }
    let refuse = |m: String| AppError::Invalid(FieldErrors::single("conversation", m));
    let held_on = c.held_on;
    let with_whom = WithWhom::parse(&c.with_whom)
        .ok_or_else(|| anyhow::anyhow!("conversation {id} holds an unknown with_whom"))?;
    cpd_rules::check_date(held_on, None, today).map_err(refuse)?;
    let w = cpd_draft_of(with_whom, held_on);
    let mut tx = Write::begin(db, actor).await?;
    let cpd_id = match cpd_store::insert_from_conversation(&mut tx, c.practitioner_id, &w, id).await
    {
        Ok(cpd_id) => cpd_id,
        // Asked twice at once: the unique index kept one; return it.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => {
            tx.rollback().await?;
            return cpd_store::from_conversation(&db.pool, id)
                .await?
                .ok_or(AppError::NotFound);
        }
        Err(e) => return Err(e.into()),
    };
    tx.commit(
        "create",
        "cpd_record",
        cpd_id,
        format!("draft from collaborative conversation {id}"),
    )
    .await?;
    Ok(cpd_id)
}
