//! The organisational self-assessment's tables (`migrations/*/20261123000011_self_assessment.sql`):
//! cycles, answers, domain leads, participants, actions with their notes, and benchmark
//! consent. Every read takes the organisation, so another organisation's cycle is simply
//! not found. What a framework says lives in `domain::self_assessment`, not here.

use super::sql::{flag_as_number, now};
use crate::domain::timestamp::Timestamp;
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, query, query_as, query_scalar};
use sqlx::FromRow;
use time::Date;

#[derive(Debug, Clone, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct CycleRow {
    pub id: i64,
    pub org_id: i64,
    pub framework_code: String,
    pub framework_version: i64,
    pub title: String,
    pub opened_on: Date,
    pub due_on: Option<Date>,
    /// `open` or `signed_off`.
    pub status: String,
    pub carried_from_cycle_id: Option<i64>,
    pub signed_off_by: Option<i64>,
    pub signed_off_by_name: Option<String>,
    pub signed_off_on: Option<Date>,
    pub created_at: Timestamp,
}

impl CycleRow {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

const CYCLE: &str = "SELECT c.id, c.org_id, c.framework_code, c.framework_version, c.title,
        c.opened_on, c.due_on, c.status, c.carried_from_cycle_id, c.signed_off_by,
        u.display_name AS signed_off_by_name, c.signed_off_on, c.created_at
     FROM sa_cycles c LEFT JOIN users u ON u.id = c.signed_off_by";

pub struct NewCycle<'a> {
    pub org_id: i64,
    pub framework_code: &'a str,
    pub framework_version: i64,
    pub title: &'a str,
    pub opened_on: Date,
    pub due_on: Option<Date>,
    pub carried_from: Option<i64>,
    pub created_by: i64,
}

pub async fn insert_cycle(conn: &mut Conn, c: &NewCycle<'_>) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO sa_cycles (org_id, framework_code, framework_version, title, opened_on,
            due_on, status, carried_from_cycle_id, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7, $8, $9, $9) RETURNING id",
    )
    .bind(c.org_id)
    .bind(c.framework_code)
    .bind(c.framework_version)
    .bind(c.title)
    .bind(c.opened_on)
    .bind(c.due_on)
    .bind(c.carried_from)
    .bind(c.created_by)
    .bind(now())
    .fetch_one(&mut *conn)
    .await
}

/// The organisation's cycles, newest first.
pub async fn cycles(pool: &Pool, org: i64) -> Result<Vec<CycleRow>, sqlx::Error> {
    query_as(format!(
        "{CYCLE} WHERE c.org_id = $1 ORDER BY c.opened_on DESC, c.id DESC"
    ))
    .bind(org)
    .fetch_all(pool)
    .await
}

pub async fn cycle(conn: &mut Conn, org: i64, id: i64) -> Result<Option<CycleRow>, sqlx::Error> {
    query_as(format!("{CYCLE} WHERE c.org_id = $1 AND c.id = $2"))
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// The organisation's open cycle on a framework, if any (there is at most one).
pub async fn open_cycle(
    conn: &mut Conn,
    org: i64,
    framework_code: &str,
) -> Result<Option<CycleRow>, sqlx::Error> {
    query_as(format!(
        "{CYCLE} WHERE c.org_id = $1 AND c.framework_code = $2 AND c.status = 'open'"
    ))
    .bind(org)
    .bind(framework_code)
    .fetch_optional(&mut *conn)
    .await
}

/// The most recently signed-off cycle on a framework before `before_id` (any, when `None`).
pub async fn last_signed_off(
    conn: &mut Conn,
    org: i64,
    framework_code: &str,
    before_id: Option<i64>,
) -> Result<Option<CycleRow>, sqlx::Error> {
    query_as(format!(
        "{CYCLE} WHERE c.org_id = $1 AND c.framework_code = $2 AND c.status = 'signed_off'
           AND c.id < $3
         ORDER BY c.signed_off_on DESC, c.id DESC LIMIT 1"
    ))
    .bind(org)
    .bind(framework_code)
    .bind(before_id.unwrap_or(i64::MAX))
    .fetch_optional(&mut *conn)
    .await
}

/// Locks a cycle. False when it was not open (signed off meanwhile).
pub async fn sign_off(
    conn: &mut Conn,
    id: i64,
    user_id: i64,
    on: Date,
) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE sa_cycles SET status = 'signed_off', signed_off_by = $2, signed_off_on = $3,
            signed_off_at = $4, updated_at = $4
         WHERE id = $1 AND status = 'open'",
    )
    .bind(id)
    .bind(user_id)
    .bind(on)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(Guarded::of(done))
}

#[derive(Debug, Clone, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct AnswerRow {
    pub criterion_code: String,
    pub rating: Option<i64>,
    #[serde(serialize_with = "flag_as_number")]
    #[schema(value_type = i64)]
    pub not_applicable: bool,
    pub evidence: String,
    pub links: String,
    #[serde(serialize_with = "flag_as_number")]
    #[schema(value_type = i64)]
    pub carried_forward: bool,
    pub updated_by_name: Option<String>,
    pub updated_at: Timestamp,
}

pub async fn answers(conn: &mut Conn, cycle_id: i64) -> Result<Vec<AnswerRow>, sqlx::Error> {
    query_as(
        "SELECT a.criterion_code, a.rating, a.not_applicable, a.evidence, a.links,
            a.carried_forward, u.display_name AS updated_by_name, a.updated_at
         FROM sa_answers a LEFT JOIN users u ON u.id = a.updated_by
         WHERE a.cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await
}

pub struct AnswerFields<'a> {
    pub rating: Option<i64>,
    pub not_applicable: bool,
    pub evidence: &'a str,
    pub links: &'a str,
    pub carried_forward: bool,
    pub updated_by: Option<i64>,
}

pub async fn upsert_answer(
    conn: &mut Conn,
    cycle_id: i64,
    criterion_code: &str,
    a: &AnswerFields<'_>,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO sa_answers (cycle_id, criterion_code, rating, not_applicable, evidence,
            links, carried_forward, updated_by, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (cycle_id, criterion_code) DO UPDATE SET rating = excluded.rating,
            not_applicable = excluded.not_applicable, evidence = excluded.evidence,
            links = excluded.links, carried_forward = excluded.carried_forward,
            updated_by = excluded.updated_by, updated_at = excluded.updated_at",
    )
    .bind(cycle_id)
    .bind(criterion_code)
    .bind(a.rating)
    .bind(a.not_applicable)
    .bind(a.evidence)
    .bind(a.links)
    .bind(a.carried_forward)
    .bind(a.updated_by)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Answers of a new cycle (none stored yet), in one statement per hundred: a cycle has
/// dozens of criteria, and the demo and benchmarks make many cycles.
pub async fn insert_answers(
    conn: &mut Conn,
    cycle_id: i64,
    answers: &[(&str, AnswerFields<'_>)],
) -> Result<(), sqlx::Error> {
    let at = now();
    for chunk in answers.chunks(100) {
        let mut sql = crate::store::sql::Sql::new(
            "INSERT INTO sa_answers (cycle_id, criterion_code, rating, not_applicable, evidence,
                links, carried_forward, updated_by, updated_at) VALUES ",
        );
        for (i, (code, a)) in chunk.iter().enumerate() {
            sql.push(if i == 0 { "(" } else { ", (" })
                .bind(cycle_id)
                .push(", ")
                .bind(*code)
                .push(", ")
                .bind(a.rating)
                .push(", ")
                .bind(a.not_applicable)
                .push(", ")
                .bind(a.evidence)
                .push(", ")
                .bind(a.links)
                .push(", ")
                .bind(a.carried_forward)
                .push(", ")
                .bind(a.updated_by)
                .push(", ")
                .bind(at)
                .push(")");
        }
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct LeadRow {
    pub domain_code: String,
    pub user_id: i64,
    pub display_name: String,
}

pub async fn leads(conn: &mut Conn, cycle_id: i64) -> Result<Vec<LeadRow>, sqlx::Error> {
    query_as(
        "SELECT l.domain_code, l.user_id, u.display_name FROM sa_domain_leads l
         JOIN users u ON u.id = l.user_id WHERE l.cycle_id = $1",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await
}

/// Names `user_id` as the domain's lead, or clears the lead when `None`.
pub async fn set_lead(
    conn: &mut Conn,
    cycle_id: i64,
    domain_code: &str,
    user_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    query("DELETE FROM sa_domain_leads WHERE cycle_id = $1 AND domain_code = $2")
        .bind(cycle_id)
        .bind(domain_code)
        .execute(&mut *conn)
        .await?;
    if let Some(u) = user_id {
        query("INSERT INTO sa_domain_leads (cycle_id, domain_code, user_id) VALUES ($1, $2, $3)")
            .bind(cycle_id)
            .bind(domain_code)
            .bind(u)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ParticipantRow {
    pub id: i64,
    /// `staff`, `partner_organisation`, `service_user`, `carer` or `other`.
    pub kind: String,
    pub description: String,
    pub people: Option<i64>,
}

pub async fn participants(
    conn: &mut Conn,
    cycle_id: i64,
) -> Result<Vec<ParticipantRow>, sqlx::Error> {
    query_as(
        "SELECT id, kind, description, people FROM sa_participants WHERE cycle_id = $1 ORDER BY id",
    )
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await
}

pub async fn insert_participant(
    conn: &mut Conn,
    cycle_id: i64,
    kind: &str,
    description: &str,
    people: Option<i64>,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO sa_participants (cycle_id, kind, description, people, created_at)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(cycle_id)
    .bind(kind)
    .bind(description)
    .bind(people)
    .bind(now())
    .fetch_one(&mut *conn)
    .await
}

pub async fn delete_participant(
    conn: &mut Conn,
    cycle_id: i64,
    id: i64,
) -> Result<bool, sqlx::Error> {
    let n = query("DELETE FROM sa_participants WHERE cycle_id = $1 AND id = $2")
        .bind(cycle_id)
        .bind(id)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    Ok(n == 1)
}

#[derive(Debug, Clone, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ActionRow {
    pub id: i64,
    pub org_id: i64,
    pub cycle_id: i64,
    pub framework_code: String,
    pub framework_version: i64,
    pub criterion_code: String,
    pub title: String,
    pub owner_user_id: i64,
    pub owner_name: String,
    pub owner_email: String,
    pub due_on: Date,
    /// `not_started`, `in_progress`, `done` or `dropped`.
    pub status: String,
    pub completed_on: Option<Date>,
    pub updated_at: Timestamp,
}

const ACTION: &str = "SELECT a.id, a.org_id, a.cycle_id, c.framework_code, c.framework_version,
        a.criterion_code, a.title, a.owner_user_id, u.display_name AS owner_name,
        u.email AS owner_email, a.due_on, a.status, a.completed_on, a.updated_at
     FROM sa_actions a JOIN sa_cycles c ON c.id = a.cycle_id JOIN users u ON u.id = a.owner_user_id";

pub struct NewAction<'a> {
    pub org_id: i64,
    pub cycle_id: i64,
    pub criterion_code: &'a str,
    pub title: &'a str,
    pub owner_user_id: i64,
    pub due_on: Date,
    pub created_by: i64,
}

pub async fn insert_action(conn: &mut Conn, a: &NewAction<'_>) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO sa_actions (org_id, cycle_id, criterion_code, title, owner_user_id, due_on,
            status, created_by, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'not_started', $7, $8, $8) RETURNING id",
    )
    .bind(a.org_id)
    .bind(a.cycle_id)
    .bind(a.criterion_code)
    .bind(a.title)
    .bind(a.owner_user_id)
    .bind(a.due_on)
    .bind(a.created_by)
    .bind(now())
    .fetch_one(&mut *conn)
    .await
}

pub async fn action(conn: &mut Conn, org: i64, id: i64) -> Result<Option<ActionRow>, sqlx::Error> {
    query_as(format!("{ACTION} WHERE a.org_id = $1 AND a.id = $2"))
        .bind(org)
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
}

/// The organisation's actions: open ones by due date first, then finished ones.
pub async fn actions(pool: &Pool, org: i64) -> Result<Vec<ActionRow>, sqlx::Error> {
    query_as(format!(
        "{ACTION} WHERE a.org_id = $1
         ORDER BY CASE WHEN a.status IN ('done', 'dropped') THEN 1 ELSE 0 END, a.due_on, a.id"
    ))
    .bind(org)
    .fetch_all(pool)
    .await
}

pub async fn actions_of_cycle(
    conn: &mut Conn,
    cycle_id: i64,
) -> Result<Vec<ActionRow>, sqlx::Error> {
    query_as(format!(
        "{ACTION} WHERE a.cycle_id = $1 ORDER BY a.due_on, a.id"
    ))
    .bind(cycle_id)
    .fetch_all(&mut *conn)
    .await
}

/// Open actions (not done, not dropped) due before `today`, in every organisation: what
/// the reminders job reads.
pub async fn overdue_actions(pool: &Pool, today: Date) -> Result<Vec<ActionRow>, sqlx::Error> {
    query_as(format!(
        "{ACTION} WHERE a.status IN ('not_started', 'in_progress') AND a.due_on < $1
         ORDER BY a.org_id, a.due_on, a.id"
    ))
    .bind(today)
    .fetch_all(pool)
    .await
}

pub async fn update_action(
    conn: &mut Conn,
    id: i64,
    status: &str,
    due_on: Date,
    owner_user_id: i64,
    completed_on: Option<Date>,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE sa_actions SET status = $2, due_on = $3, owner_user_id = $4, completed_on = $5,
            updated_at = $6 WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(due_on)
    .bind(owner_user_id)
    .bind(completed_on)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct ActionNoteRow {
    pub id: i64,
    pub note: String,
    pub written_by_name: String,
    pub written_at: Timestamp,
}

pub async fn action_notes(
    conn: &mut Conn,
    action_id: i64,
) -> Result<Vec<ActionNoteRow>, sqlx::Error> {
    query_as(
        "SELECT n.id, n.note, u.display_name AS written_by_name, n.written_at
         FROM sa_action_notes n JOIN users u ON u.id = n.written_by
         WHERE n.action_id = $1 ORDER BY n.written_at, n.id",
    )
    .bind(action_id)
    .fetch_all(&mut *conn)
    .await
}

pub async fn insert_action_note(
    conn: &mut Conn,
    action_id: i64,
    note: &str,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO sa_action_notes (action_id, note, written_by, written_at)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(action_id)
    .bind(note)
    .bind(user_id)
    .bind(now())
    .fetch_one(&mut *conn)
    .await
}

/// Whether the organisation has consented to join the benchmark (no decision: false).
pub async fn consented(conn: &mut Conn, org: i64) -> Result<bool, sqlx::Error> {
    let v = query_scalar("SELECT consented FROM sa_benchmark_consent WHERE org_id = $1")
        .bind(org)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(v.unwrap_or(false))
}

pub async fn set_consent(
    conn: &mut Conn,
    org: i64,
    consented: bool,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO sa_benchmark_consent (org_id, consented, decided_by, decided_at)
         VALUES ($1, $2, $3, $4)
         ON CONFLICT (org_id) DO UPDATE SET consented = excluded.consented,
            decided_by = excluded.decided_by, decided_at = excluded.decided_at",
    )
    .bind(org)
    .bind(consented)
    .bind(user_id)
    .bind(now())
    .execute(&mut *conn)
    .await?;
    Ok(())
}
