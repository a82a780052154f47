//! The action plan: actions linked to a cycle's criteria, each with an owner, a due date, a
//! status and progress notes. Actions outlive their cycle's sign-off. Overdue actions show
//! on the home page and the self-assessment pages, and the reminders job reminds their
//! owners, then the principal social worker (`domain::reminders::self_assessment_action`).

use super::cycles::framework_of;
use super::{Colleague, colleagues, own_org, parse_colleague};
use crate::config::Settings;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::service::{optional, parse_date};
use crate::store::Db;
use crate::store::self_assessment::{self as store, ActionNoteRow, ActionRow, NewAction};
use serde::{Deserialize, Serialize};
use time::Date;

const RECORD: &str = "self_assessment_action";

pub const STATUSES: [(&str, &str); 4] = [
    ("not_started", "Not started"),
    ("in_progress", "In progress"),
    ("done", "Done"),
    ("dropped", "Dropped"),
];

pub fn status_label(code: &str) -> &'static str {
    STATUSES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// Whether an action is still to do and past its due date on `today`.
pub fn is_overdue(a: &ActionRow, today: Date) -> bool {
    matches!(a.status.as_str(), "not_started" | "in_progress") && a.due_on < today
}

fn is_due_soon(a: &ActionRow, today: Date, days: u32) -> bool {
    let until = today + time::Duration::days(i64::from(days));
    matches!(a.status.as_str(), "not_started" | "in_progress")
        && a.due_on >= today
        && a.due_on <= until
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct ActionCounts {
    pub open: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub done: usize,
}

pub async fn counts(
    db: &Db,
    settings: &Settings,
    org: i64,
    today: Date,
) -> AppResult<ActionCounts> {
    let all = store::actions(&db.pool, org).await?;
    let soon = settings.self_assessment.action_due_soon_days;
    Ok(ActionCounts {
        open: all
            .iter()
            .filter(|a| matches!(a.status.as_str(), "not_started" | "in_progress"))
            .count(),
        overdue: all.iter().filter(|a| is_overdue(a, today)).count(),
        due_soon: all.iter().filter(|a| is_due_soon(a, today, soon)).count(),
        done: all.iter().filter(|a| a.status == "done").count(),
    })
}

/// An action as a list shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActionLine {
    pub action: ActionRow,
    pub status_label: String,
    pub overdue: bool,
    pub due_soon: bool,
    /// The criterion's text in its framework.
    pub criterion_text: String,
    pub cycle_title: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActionPlan {
    pub counts: ActionCounts,
    pub actions: Vec<ActionLine>,
}

async fn lines(
    db: &Db,
    settings: &Settings,
    org: i64,
    rows: Vec<ActionRow>,
    today: Date,
) -> AppResult<Vec<ActionLine>> {
    let cycles = store::cycles(&db.pool, org).await?;
    let soon = settings.self_assessment.action_due_soon_days;
    rows.into_iter()
        .map(|a| {
            let cycle = cycles
                .iter()
                .find(|c| c.id == a.cycle_id)
                .ok_or(AppError::NotFound)?;
            let f = framework_of(settings, cycle)?;
            Ok(ActionLine {
                status_label: status_label(&a.status).to_string(),
                overdue: is_overdue(&a, today),
                due_soon: is_due_soon(&a, today, soon),
                criterion_text: f
                    .criterion(&a.criterion_code)
                    .map(|(_, c)| format!("{} {}", c.code, c.text))
                    .unwrap_or_else(|| a.criterion_code.clone()),
                cycle_title: cycle.title.clone(),
                action: a,
            })
        })
        .collect()
}

/// The organisation's action plan: open actions by due date, then finished ones.
pub async fn plan(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<ActionPlan> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let rows = store::actions(&db.pool, org).await?;
    let actions = lines(db, settings, org, rows, today).await?;
    Ok(ActionPlan {
        counts: counts(db, settings, org, today).await?,
        actions,
    })
}

/// The actor's own open actions that are overdue or due soon: the home page's list.
pub async fn mine_needing_attention(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<ActionLine>> {
    let Some(org) = actor
        .org_id
        .filter(|_| actor.can(Capability::ViewSelfAssessment))
    else {
        return Ok(Vec::new());
    };
    let rows: Vec<ActionRow> = store::actions(&db.pool, org)
        .await?
        .into_iter()
        .filter(|a| a.owner_user_id == actor.user_id)
        .collect();
    Ok(lines(db, settings, org, rows, today)
        .await?
        .into_iter()
        .filter(|l| l.overdue || l.due_soon)
        .collect())
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActionInput {
    pub criterion_code: String,
    pub title: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub owner_user_id: String,
    /// YYYY-MM-DD, today or later.
    pub due_on: String,
}

async fn may_plan(
    conn: &mut crate::store::Conn,
    actor: &Actor,
    cycle_id: i64,
    domain_code: &str,
) -> AppResult<bool> {
    if actor.can(Capability::ManageSelfAssessment) {
        return Ok(true);
    }
    Ok(store::leads(conn, cycle_id)
        .await?
        .iter()
        .any(|l| l.domain_code == domain_code && l.user_id == actor.user_id))
}

/// Adds an action to a criterion of a cycle (open or signed off): the principal social
/// worker or the domain's lead.
pub async fn add(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    cycle_id: i64,
    input: &ActionInput,
    today: Date,
) -> AppResult<i64> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let people = colleagues(db, org).await?;
    let mut tx = Write::begin(db, actor).await?;
    let cycle = store::cycle(&mut tx, org, cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = framework_of(settings, &cycle)?;
    let mut errors = FieldErrors::default();
    let criterion = f.criterion(input.criterion_code.trim());
    if criterion.is_none() {
        errors.add(
            "criterion_code",
            "Select the criterion this action improves",
        );
    }
    if let Some((d, _)) = criterion
        && !may_plan(&mut tx, actor, cycle_id, &d.code).await?
    {
        return Err(AppError::Forbidden);
    }
    let title = input.title.trim();
    if title.is_empty() {
        errors.add("title", "Enter what will be done");
    } else if title.chars().count() > 300 {
        errors.add("title", "Action must be 300 characters or fewer");
    }
    let owner = parse_colleague(
        &mut errors,
        "owner_user_id",
        "who owns the action",
        &input.owner_user_id,
        &people,
    );
    let due = parse_due(&mut errors, &input.due_on, today);
    errors.into_result()?;
    let (Some((_, c)), Some(owner), Some(due)) = (criterion, owner, due) else {
        return Err(AppError::NotFound);
    };
    let id = store::insert_action(
        &mut tx,
        &NewAction {
            org_id: org,
            cycle_id,
            criterion_code: &c.code,
            title,
            owner_user_id: owner,
            due_on: due,
            created_by: actor.user_id,
        },
    )
    .await?;
    tx.commit(
        "create",
        RECORD,
        id,
        format!("cycle {cycle_id}, criterion {}", c.code),
    )
    .await?;
    Ok(id)
}

fn parse_due(errors: &mut FieldErrors, input: &str, today: Date) -> Option<Date> {
    match optional(input) {
        None => {
            errors.add("due_on", "Enter a due date");
            None
        }
        Some(d) => match errors.take("due_on", parse_date("Due date", &d)) {
            Some(d) if d < today => {
                errors.add("due_on", "Due date must be today or later");
                None
            }
            other => other,
        },
    }
}

/// An action with its notes and what the actor may do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ActionView {
    #[serde(flatten)]
    pub line: ActionLine,
    pub notes: Vec<ActionNoteRow>,
    /// The owner, the domain's lead or the principal social worker may update it.
    pub may_update: bool,
    pub colleagues: Vec<Colleague>,
}

async fn may_update(
    conn: &mut crate::store::Conn,
    settings: &Settings,
    actor: &Actor,
    a: &ActionRow,
) -> AppResult<bool> {
    if a.owner_user_id == actor.user_id || actor.can(Capability::ManageSelfAssessment) {
        return Ok(true);
    }
    let cycle = store::cycle(conn, a.org_id, a.cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = framework_of(settings, &cycle)?;
    let domain = f
        .criterion(&a.criterion_code)
        .map(|(d, _)| d.code.clone())
        .unwrap_or_default();
    may_plan(conn, actor, a.cycle_id, &domain).await
}

pub async fn get(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: Date,
) -> AppResult<ActionView> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let mut conn = db.connection().await?;
    let a = store::action(&mut conn, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let notes = store::action_notes(&mut conn, id).await?;
    let may = may_update(&mut conn, settings, actor, &a).await?;
    drop(conn);
    let line = lines(db, settings, org, vec![a], today)
        .await?
        .pop()
        .ok_or(AppError::NotFound)?;
    Ok(ActionView {
        line,
        notes,
        may_update: may,
        colleagues: if may {
            colleagues(db, org).await?
        } else {
            Vec::new()
        },
    })
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ActionUpdateInput {
    /// `not_started`, `in_progress`, `done` or `dropped`.
    pub status: String,
    /// YYYY-MM-DD. A new due date may be set while the action is open.
    pub due_on: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub owner_user_id: String,
    /// A progress note (optional).
    pub note: String,
}

pub const MAX_NOTE_CHARS: usize = 2000;

/// Changes an action's status, due date or owner, and adds a progress note, in one
/// transaction.
pub async fn update(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ActionUpdateInput,
    today: Date,
) -> AppResult<()> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let people = colleagues(db, org).await?;
    let mut tx = Write::begin(db, actor).await?;
    let a = store::action(&mut tx, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !may_update(&mut tx, settings, actor, &a).await? {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let status = input.status.trim();
    if !STATUSES.iter().any(|(c, _)| *c == status) {
        errors.add("status", "Select the action's status");
    }
    // The due date as it stands is kept, even if it has passed.
    let due = if input.due_on.trim() == a.due_on.to_string() {
        Some(a.due_on)
    } else {
        parse_due(&mut errors, &input.due_on, today)
    };
    let owner = parse_colleague(
        &mut errors,
        "owner_user_id",
        "who owns the action",
        &input.owner_user_id,
        &people,
    );
    let note = input.note.trim();
    if note.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "note",
            format!("Progress note must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    errors.into_result()?;
    let (Some(due), Some(owner)) = (due, owner) else {
        return Err(AppError::NotFound);
    };
    let completed = match status {
        "done" => Some(a.completed_on.unwrap_or(today)),
        _ => None,
    };
    store::update_action(&mut tx, id, status, due, owner, completed).await?;
    if !note.is_empty() {
        store::insert_action_note(&mut tx, id, note, actor.user_id).await?;
    }
    tx.commit("update", RECORD, id, format!("status {status}, due {due}"))
        .await?;
    Ok(())
}
