//! The CPD e-portfolio: a practitioner's own CPD records in Social Work England's fields,
//! their readiness for renewal per registration year, drafting a record from a held
//! supervision session, sharing a record with their supervisors, and exporting the year in
//! SWE's form order.
//!
//! Privacy: the content is the practitioner's. Only they read and write it; the people named
//! in their current supervision agreement read a record only when it is shared with them;
//! everyone else with `ViewCpdReadiness` sees readiness and counts, computed from
//! `store::cpd::year_facts`, which never returns text. The rules live in `domain::cpd`.
//!
//! Seam for feedback (issue 5): a record links to its source through `from_session_id` or
//! `from_conversation_id` (a collaborative conversation, `service::conversations::draft_cpd`);
//! other feedback will link the same way (a nullable source column and a "draft from this"
//! action), so readiness and export need no change.

use super::{audit, require};
use crate::config::Settings;
use crate::domain::cpd::{
    self as rules, CpdInput, CpdRules, CpdStatus, CpdWrite, Declaration, Readiness, RecordFacts,
    counting_window, readiness, year_ending_in,
};
use crate::domain::figures;
use crate::domain::reference::reference;
use crate::domain::registration::{RegistrationYear, registration_year};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::access;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::cpd::{self as store, CpdRecord};
use crate::store::practitioners as practitioners_store;
use crate::store::supervision as supervision_store;
use serde::Serialize;
use std::collections::HashMap;
use time::Date;

/// The form filled in from the stored CPD record. The input and its `parse` are
/// `domain`'s; this is here because the stored row is the store's.
impl CpdInput {
    pub fn from_record(r: &CpdRecord) -> CpdInput {
        CpdInput {
            cpd_type: r.cpd_type.clone(),
            activity_on: r.activity_on.to_string(),
            description: r.description.clone(),
            learning: r.learning.clone(),
            impact: r.impact.clone(),
            peer_reflection: r.peer_reflection.clone(),
            peer_category: r.peer_category.clone(),
            standard4_parts: r.standard4_parts.clone(),
            professional_standards: r.professional_standards.clone(),
            year: String::new(),
            status: r.status.clone(),
        }
    }
}

// ---------------------------------------------------------------------------------------
// The practitioner's own portfolio

/// The actor's own practitioner record id, or a clear refusal for users without one.
fn own_id(actor: &Actor) -> AppResult<i64> {
    require(actor, Capability::KeepOwnCpd)?;
    actor.practitioner_id.ok_or(AppError::NotFound)
}

fn facts_of(records: &[CpdRecord]) -> Vec<RecordFacts> {
    records
        .iter()
        .filter_map(|r| {
            Some(RecordFacts {
                status: CpdStatus::parse(&r.status)?,
                activity_on: r.activity_on,
                has_peer_reflection: !r.peer_reflection.is_empty(),
                content_key: rules::content_key(&r.description, &r.learning, &r.impact),
            })
        })
        .collect()
}

/// A held supervision session the practitioner can turn into a CPD draft.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DraftableSession {
    pub session_id: i64,
    pub held_on: Date,
    pub supervisor_name: String,
    pub session_type: String,
}

/// One registration year of a practitioner's portfolio.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Portfolio {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    /// The calendar year the registration year ends in, e.g. 2027.
    pub year: i32,
    /// Years that can be chosen, newest first.
    pub years: Vec<i32>,
    pub is_current_year: bool,
    pub readiness: Readiness,
    /// The year's records, oldest first (SWE's order).
    pub records: Vec<CpdRecord>,
    /// Held sessions in the year not yet drafted as CPD, newest first.
    pub draftable_sessions: Vec<DraftableSession>,
}

/// The registration year a page asks for (`None`: the current one), kept in range.
pub fn chosen_year(year: Option<i32>, today: Date) -> i32 {
    let current = registration_year(today).ends.year();
    year.unwrap_or(current).clamp(2020, current)
}

pub async fn portfolio(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    year: Option<i32>,
    today: Date,
) -> AppResult<Portfolio> {
    let id = own_id(actor)?;
    let p = practitioners_store::get_in_scope(&db.pool, &PractitionerScope::Own(id), id)
        .await?
        .ok_or(AppError::NotFound)?;
    let y = chosen_year(year, today);
    let ry = year_ending_in(y);
    let (from, to) = counting_window(&ry);
    let records = store::for_person(&db.pool, id, from, to, false).await?;
    let used: Vec<i64> = records.iter().filter_map(|r| r.from_session_id).collect();
    let draftable_sessions = supervision_store::sessions_for(&db.pool, id, 100)
        .await?
        .into_iter()
        .filter(|s| s.status == "held" && !used.contains(&s.id))
        .filter_map(|s| {
            let held = s.held_on?;
            rules::counts_for(held, &ry).then(|| DraftableSession {
                session_id: s.id,
                held_on: held,
                supervisor_name: s.supervisor_name,
                session_type: reference().session_types.label(&s.session_type).to_string(),
            })
        })
        .take(5)
        .collect();
    audit(db, actor, "read", "cpd_portfolio", id, format!("year {y}")).await?;
    let current = registration_year(today).ends.year();
    let first = registration_year(p.start_date)
        .ends
        .year()
        .clamp(2020, current);
    Ok(Portfolio {
        practitioner_id: id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        year: y,
        years: (first.min(y)..=current).rev().collect(),
        is_current_year: y == current,
        readiness: readiness(
            &facts_of(&records),
            store::declarations(&db.pool, &PractitionerScope::Own(id), ry.ends)
                .await?
                .remove(&id)
                .unwrap_or_default(),
            &ry,
            &settings.cpd,
        ),
        records,
        draftable_sessions,
    })
}

/// A record with what the actor may do with it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CpdView {
    pub record: CpdRecord,
    pub practitioner_name: String,
    /// The registration year it counts for, by the calendar year it ends in.
    pub year: i32,
    /// The actor is the practitioner: they may edit, share and (drafts) delete it.
    pub is_owner: bool,
}

/// The record if the actor owns it, or it is shared and they are named in the owner's
/// supervision agreement; otherwise not found (never a hint that it exists).
pub async fn view(db: &Db, actor: &Actor, id: i64) -> AppResult<CpdView> {
    let r = store::get(&db.pool, id).await?.ok_or(AppError::NotFound)?;
    let reader = access::reader_of(
        db,
        actor,
        access::CPD,
        r.practitioner_id,
        r.shared_with_supervisors,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    let is_owner = reader == access::Reader::Owner;
    let p = practitioners_store::get_in_scope(
        &db.pool,
        &PractitionerScope::Own(r.practitioner_id),
        r.practitioner_id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    audit(db, actor, "read", "cpd_record", id, reader.audit_detail()).await?;
    let year = registration_year(r.activity_on).ends.year();
    Ok(CpdView {
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        record: r,
        year,
        is_owner,
    })
}

/// The actor's own record, or not found (front doors call it before reading a body, so
/// someone else's record answers 404 whatever was sent).
pub async fn own_record(db: &Db, actor: &Actor, id: i64) -> AppResult<CpdRecord> {
    let me = own_id(actor)?;
    store::get(&db.pool, id)
        .await?
        .filter(|r| r.practitioner_id == me)
        .ok_or(AppError::NotFound)
}

fn detail_of(w: &CpdWrite) -> String {
    format!("{} dated {}", w.status.code(), w.activity_on)
}

pub async fn create(db: &Db, actor: &Actor, input: &CpdInput, today: Date) -> AppResult<i64> {
    let me = own_id(actor)?;
    let w = input.parse(today).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert(&mut tx, me, &w, None).await?;
    tx.commit("create", "cpd_record", id, detail_of(&w)).await?;
    Ok(id)
}

pub async fn update(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &CpdInput,
    today: Date,
) -> AppResult<()> {
    own_record(db, actor, id).await?;
    let w = input.parse(today).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    store::update(&mut tx, id, &w).await?;
    tx.commit("update", "cpd_record", id, detail_of(&w)).await?;
    Ok(())
}

/// Deletes a draft. A submitted record is kept: save it as a draft first.
pub async fn delete(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    let r = own_record(db, actor, id).await?;
    if r.status != CpdStatus::Draft.code() {
        return Err(AppError::Invalid(FieldErrors::single(
            "status",
            "Only a draft can be deleted: save the record as a draft first",
        )));
    }
    let mut tx = Write::begin(db, actor).await?;
    store::delete(&mut tx, id).await?;
    tx.commit("delete", "cpd_record", id, "draft").await?;
    Ok(())
}

/// Shares a record with (or withdraws it from) the people named in the owner's current
/// supervision agreement.
pub async fn share(db: &Db, actor: &Actor, id: i64, shared: bool) -> AppResult<()> {
    own_record(db, actor, id).await?;
    let mut tx = Write::begin(db, actor).await?;
    store::set_shared(&mut tx, id, shared).await?;
    let action = if shared { "share" } else { "unshare" };
    tx.commit(action, "cpd_record", id, "with supervisors")
        .await?;
    Ok(())
}

/// Turns a held supervision session into a draft CPD record for its supervisee: type
/// supervision, dated the day it was held, tagged standard 4.2 (supervision) and 4.6
/// (reflection), with the supervisor as the peer so the practitioner only has to write what
/// they learnt. The session's notes are not copied. A session gives one record: asking again
/// returns the record already drafted.
pub async fn draft_from_session(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    today: Date,
) -> AppResult<i64> {
    let me = own_id(actor)?;
    let s = supervision_store::get_session(&db.pool, session_id)
        .await?
        .filter(|s| s.practitioner_id == me)
        .ok_or(AppError::NotFound)?;
    if let Some(existing) = store::from_session(&db.pool, session_id).await? {
        return Ok(existing);
    }
    let held_on = match (s.status.as_str(), s.held_on) {
        ("held", Some(on)) => on,
        _ => {
            return Err(AppError::Invalid(FieldErrors::single(
                "session",
                "Only a session that was held can become a CPD record",
            )));
        }
    };
    rules::check_date(held_on, None, today)
        .map_err(|m| AppError::Invalid(FieldErrors::single("session", m)))?;
    let description = format!(
        "{} with {} on {}.",
        reference().session_types.label(&s.session_type),
        s.supervisor_name,
        rules::long_date(held_on)
    );
    let w = CpdWrite::draft_from(
        "supervision",
        held_on,
        description,
        &["4.2", "4.6"],
        "line_manager_or_supervisor",
    );
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert(&mut tx, me, &w, Some(session_id)).await?;
    tx.commit(
        "create",
        "cpd_record",
        id,
        format!("draft from supervision session {session_id}"),
    )
    .await?;
    Ok(id)
}

mod export;
mod readiness;

pub use export::*;
pub use readiness::*;
