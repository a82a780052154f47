//! Who may read a practitioner, and a practitioner's own records. Every area asks one of
//! two questions, and both are answered here:
//!
//! - **May the actor see this practitioner?** With a capability, within the actor's scope
//!   (`policy::practitioner_scope`: their organisation, team, agreements or own record).
//!   Outside it the practitioner is not found: never 403, which would say they exist.
//! - **May the actor read this practitioner's own record** (a CPD record, a conversation
//!   note, their feedback results)? The owner may. Anyone else only when the owner shares
//!   it, their role lets them read shared records of that kind, and the owner's current
//!   supervision agreement names them (line manager, professional or AMHP supervisor). The
//!   principal social worker is not a reader by role alone.

use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability, practitioner_scope};
use crate::service::require;
use crate::store::Db;
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use crate::store::supervision as supervision_store;

/// The practitioner, when the actor holds `cap` and the practitioner is within their scope;
/// 403 without the capability, not found outside the scope.
pub async fn practitioner(
    db: &Db,
    actor: &Actor,
    id: i64,
    cap: Capability,
) -> AppResult<Practitioner> {
    require(actor, cap)?;
    practitioner_in_scope(db, actor, id).await
}

/// The practitioner within the actor's scope (the caller has checked the capability, or
/// none is needed: the actor's own record is always in scope).
pub async fn practitioner_in_scope(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    practitioners_store::get_in_scope(&db.pool, &practitioner_scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A kind of record a practitioner keeps and may share with their supervisors: the
/// capability to keep one's own, and the one to read others' shared ones.
#[derive(Debug, Clone, Copy)]
pub struct Shareable {
    pub own: Capability,
    pub shared: Capability,
}

pub const CPD: Shareable = Shareable {
    own: Capability::KeepOwnCpd,
    shared: Capability::ViewSharedCpd,
};

pub const CONVERSATIONS: Shareable = Shareable {
    own: Capability::KeepOwnConversations,
    shared: Capability::ViewSharedConversations,
};

pub const FEEDBACK: Shareable = Shareable {
    own: Capability::KeepOwnFeedback,
    shared: Capability::ViewSharedFeedback,
};

/// How the actor reads someone's own record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reader {
    Owner,
    /// A supervisor named in the owner's current agreement, reading what the owner shares.
    NamedSupervisor,
}

impl Reader {
    /// What the audit entry of a read says.
    pub fn audit_detail(self) -> &'static str {
        match self {
            Reader::Owner => "own",
            Reader::NamedSupervisor => "shared",
        }
    }
}

/// Whether, and as whom, the actor may read a record of `kind` kept by `owner_id`; `shared`
/// says whether the owner shares it. `None`: the caller answers not found.
pub async fn reader_of(
    db: &Db,
    actor: &Actor,
    kind: Shareable,
    owner_id: i64,
    shared: bool,
) -> AppResult<Option<Reader>> {
    if actor.practitioner_id == Some(owner_id) && actor.can(kind.own) {
        return Ok(Some(Reader::Owner));
    }
    let named =
        shared && actor.can(kind.shared) && is_named_supervisor(db, actor, owner_id).await?;
    Ok(named.then_some(Reader::NamedSupervisor))
}

/// Whether the practitioner's current supervision agreement names the actor, as line
/// manager, professional supervisor or AMHP supervisor.
pub async fn is_named_supervisor(db: &Db, actor: &Actor, practitioner_id: i64) -> AppResult<bool> {
    let me = Some(actor.user_id);
    Ok(
        supervision_store::current_agreement(&db.pool, practitioner_id)
            .await?
            .is_some_and(|a| {
                Some(a.line_manager_user_id) == me
                    || a.professional_supervisor_user_id == me
                    || a.amhp_supervisor_user_id == me
            }),
    )
}
