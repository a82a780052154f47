//! Sessions: planned, held and cancelled, with the supervisee's confirmation and the
//! supervisor's notes seen only by the two of them.

use super::*;
use crate::domain::input::whole_number;
use crate::service::changed_or;
use crate::service::write::Write;

/// A session as sent by a form or the API: planned (a future or past date, not yet held)
/// or recorded as held.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SessionInput {
    /// A code from the session types list.
    pub session_type: String,
    /// YYYY-MM-DD: when it is planned for, or when it was held.
    pub date: String,
    /// `held` to record a session that took place; anything else plans one.
    pub held: String,
    /// Length in minutes (for a held session).
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub minutes: String,
    /// Seen only by the supervisor and the supervisee.
    pub notes: String,
    pub agreed_actions: String,
    /// Id of the cancelled session this rebooks, if any.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub rebooks: String,
}

/// The held part of a session input: date, length and notes.
/// A held session's date and length. `on` is the date already parsed (its error, if any,
/// recorded once by the caller against `date_field`).
fn parse_held(
    on: Option<Date>,
    date_field: &str,
    minutes: &str,
    today: Date,
    e: &mut FieldErrors,
) -> Option<(Date, i64)> {
    if on.is_some_and(|d| d > today) {
        e.add(
            date_field,
            "A session cannot be recorded as held on a date in the future",
        );
    }
    let length = if optional(minutes).is_none() {
        e.add("minutes", "Enter how long the session lasted, in minutes");
        None
    } else {
        e.take("minutes", whole_number("The length", minutes, 1, 480))
            .flatten()
    };
    match (on, length) {
        (Some(d), Some(m)) if d <= today => Some((d, m)),
        _ => None,
    }
}

fn notes_of(notes: &str, actions: &str) -> SessionNotes {
    SessionNotes {
        notes: notes.trim().to_string(),
        agreed_actions: actions.trim().to_string(),
    }
}

/// Plans a session, or records one already held, with the actor as supervisor.
pub async fn add_session(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &SessionInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::ManageSupervision)?;
    let p = visible_practitioner(db, actor, id).await?;
    let mut e = FieldErrors::default();
    let session_type = e.take(
        "session_type",
        reference()
            .session_types
            .parse("the type of session", &input.session_type),
    );
    // One date, parsed once: it is when the session was held, or is planned for.
    let scheduled = e.take("date", parse_date("The date", &input.date));
    let held = if input.held == "held" {
        parse_held(scheduled, "date", &input.minutes, today, &mut e)
    } else {
        None
    };
    let rebooks = e
        .take("rebooks", parse_id("the cancelled session", &input.rebooks))
        .flatten();
    if let Some(r) = rebooks {
        match store::get_session(&db.pool, r).await? {
            Some(s) if s.practitioner_id == id && s.status == "cancelled" => {}
            _ => e.add("rebooks", "Select a cancelled session of this practitioner"),
        }
    }
    if !supervisor_choices(db, &p)
        .await?
        .iter()
        .any(|s| s.user_id == actor.user_id)
    {
        e.add(
            "session_type",
            "Only someone who supervises in the employer or host organisation can record supervision",
        );
    }
    e.into_result()?;
    let (Some(session_type), Some(scheduled)) = (session_type, scheduled) else {
        return Err(invalid("date", "Enter the date"));
    };
    let new = NewSession {
        practitioner_id: id,
        supervisor_user_id: actor.user_id,
        session_type,
        scheduled_on: scheduled,
        held,
        notes: notes_of(&input.notes, &input.agreed_actions),
        rebooked_from_id: rebooks,
    };
    let mut tx = Write::begin(db, actor).await?;
    let session_id = store::insert_session(&mut tx, &new).await?;
    let what = if new.held.is_some() {
        "held"
    } else {
        "planned"
    };
    tx.commit(
        "create",
        "supervision_session",
        session_id,
        format!("practitioner {id}, {what}"),
    )
    .await?;
    Ok(session_id)
}

/// A session with its notes when the actor is one of its two parties.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub session: Session,
    pub practitioner_name: String,
    /// The register says they must not practise: the page shows a warning.
    pub must_not_practise: bool,
    /// Present only for the supervisor and the supervisee.
    pub notes: Option<SessionNotes>,
    pub is_supervisor: bool,
    pub is_supervisee: bool,
    /// Whether the supervisee's confirmation is late.
    pub confirmation_overdue: bool,
    pub short: bool,
}

/// The session, if the actor may see the practitioner's supervision record.
async fn visible_session(
    db: &Db,
    actor: &Actor,
    session_id: i64,
) -> AppResult<(Session, Practitioner)> {
    let s = store::get_session(&db.pool, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = visible_practitioner(db, actor, s.practitioner_id).await?;
    Ok((s, p))
}

pub async fn session(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    session_id: i64,
    today: Date,
) -> AppResult<SessionView> {
    let (s, p) = visible_session(db, actor, session_id).await?;
    let is_supervisor = s.supervisor_user_id == actor.user_id;
    let is_supervisee = actor.practitioner_id == Some(s.practitioner_id);
    let notes = if is_supervisor || is_supervisee {
        Some(store::session_notes(&db.pool, session_id).await?)
    } else {
        None
    };
    let detail = if notes.is_some() { "with notes" } else { "" };
    audit(db, actor, "read", "supervision_session", session_id, detail).await?;
    let r = &settings.supervision;
    let recorded = s.recorded_at.map(|t| t.day());
    Ok(SessionView {
        confirmation_overdue: recorded
            .is_some_and(|d| rules::confirmation_overdue(d, s.confirmed_at.is_some(), today, r)),
        short: s.minutes.is_some_and(|m| rules::is_short(m as u32, r)),
        session: s,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        must_not_practise: p.must_not_practise,
        notes,
        is_supervisor,
        is_supervisee,
    })
}

/// What a supervisor is told when the session they record or cancel was moved meanwhile.
const NO_LONGER_PLANNED: &str =
    "This session is no longer planned: someone else recorded or cancelled it";

/// Recording a planned session as held, by its supervisor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeldInput {
    /// YYYY-MM-DD, not in the future.
    pub held_on: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub minutes: String,
    pub notes: String,
    pub agreed_actions: String,
}

pub async fn record_held(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    input: &HeldInput,
    today: Date,
) -> AppResult<()> {
    let (s, _) = visible_session(db, actor, session_id).await?;
    supervisor_only(&s, actor)?;
    let mut e = FieldErrors::default();
    if s.status != "planned" {
        e.add("held_on", "Only a planned session can be recorded as held");
    }
    let held_on = e.take("held_on", parse_date("The date", &input.held_on));
    let parsed = parse_held(held_on, "held_on", &input.minutes, today, &mut e);
    e.into_result()?;
    let Some((on, minutes)) = parsed else {
        return Err(invalid("held_on", "Enter the date it was held"));
    };
    let mut tx = Write::begin(db, actor).await?;
    let held = store::mark_held(
        &mut tx,
        session_id,
        on,
        minutes,
        &notes_of(&input.notes, &input.agreed_actions),
    )
    .await?;
    changed_or(held, "held_on", NO_LONGER_PLANNED)?;
    tx.commit("update", "supervision_session", session_id, "held")
        .await?;
    Ok(())
}

fn supervisor_only(s: &Session, actor: &Actor) -> AppResult<()> {
    if s.supervisor_user_id == actor.user_id && actor.can(Capability::ManageSupervision) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Cancelling a planned session: by whom and why.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CancelInput {
    /// A code from the cancelled_by list.
    pub cancelled_by: String,
    pub reason: String,
}

pub async fn cancel(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    input: &CancelInput,
    today: Date,
) -> AppResult<()> {
    let (s, _) = visible_session(db, actor, session_id).await?;
    let may =
        supervisor_only(&s, actor).is_ok() || actor.practitioner_id == Some(s.practitioner_id);
    if !may {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::default();
    if s.status != "planned" {
        e.add("cancelled_by", "Only a planned session can be cancelled");
    }
    let by = e.take(
        "cancelled_by",
        reference()
            .cancelled_by
            .parse("who cancelled", &input.cancelled_by),
    );
    let reason = input.reason.trim();
    if reason.is_empty() {
        e.add("reason", "Enter why the session was cancelled");
    }
    e.into_result()?;
    let by = by.unwrap_or_default();
    let mut tx = Write::begin(db, actor).await?;
    let cancelled = store::cancel(&mut tx, session_id, today, &by, reason).await?;
    changed_or(cancelled, "cancelled_by", NO_LONGER_PLANNED)?;
    tx.commit("update", "supervision_session", session_id, "cancelled")
        .await?;
    Ok(())
}

/// The supervisee's sign-off of a held session.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConfirmInput {
    /// Optional: anything the supervisee disagrees with or wants to add.
    pub comment: String,
}

pub async fn confirm(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    input: &ConfirmInput,
) -> AppResult<()> {
    require(actor, Capability::ConfirmOwnSupervision)?;
    let (s, _) = visible_session(db, actor, session_id).await?;
    if actor.practitioner_id != Some(s.practitioner_id) {
        return Err(AppError::Forbidden);
    }
    if s.status != "held" {
        return Err(invalid(
            "comment",
            "Only a session that was held can be confirmed",
        ));
    }
    if s.confirmed_at.is_some() {
        return Err(invalid(
            "comment",
            "You have already confirmed this session",
        ));
    }
    let mut tx = Write::begin(db, actor).await?;
    let confirmed = store::confirm(&mut tx, session_id, input.comment.trim()).await?;
    changed_or(
        confirmed,
        "comment",
        "You have already confirmed this session",
    )?;
    tx.commit("confirm", "supervision_session", session_id, "")
        .await?;
    Ok(())
}
