//! What the Social Work England register says about each practitioner, its history of status
//! changes, and register checks waiting for confirmation. Plain reads and writes: the rules
//! live in `domain::registration` and `domain::register_check`, the checks in
//! `service::registration`.

use super::practitioners::push_scope;
use super::sql::{Sql, now};
use crate::domain::registration::RegistrationWrite;
use crate::domain::timestamp::Timestamp;
use crate::policy::PractitionerScope;
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, query, query_as, query_scalar};
use std::collections::HashMap;
use time::Date;

#[derive(Debug, Clone, sqlx::FromRow, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Registration {
    pub practitioner_id: i64,
    /// `RegistrationStatus` code.
    pub status: String,
    pub status_since: Date,
    pub registered_until: Option<Date>,
    pub conditions: String,
    pub amhp_annotation: bool,
    pub bia_annotation: bool,
    pub last_checked_on: Option<Date>,
    /// `registration_check_methods` code.
    pub checked_how: String,
}

const COLUMNS: &str =
    "rg.practitioner_id, rg.status, rg.status_since, rg.registered_until, rg.conditions,
    rg.amhp_annotation, rg.bia_annotation, rg.last_checked_on, rg.checked_how";

pub async fn get(pool: &Pool, practitioner_id: i64) -> Result<Option<Registration>, sqlx::Error> {
    query_as(format!(
        "SELECT {COLUMNS} FROM registrations rg WHERE rg.practitioner_id = $1"
    ))
    .bind(practitioner_id)
    .fetch_optional(pool)
    .await
}

/// Writes the registration. When the status changes (or is recorded for the first time),
/// `status_since` moves to the check date and an event is appended. Returns whether the
/// status changed.
pub async fn save(
    conn: &mut Conn,
    practitioner_id: i64,
    w: &RegistrationWrite,
) -> Result<bool, sqlx::Error> {
    let before: Option<String> =
        query_scalar("SELECT status FROM registrations WHERE practitioner_id = $1")
            .bind(practitioner_id)
            .fetch_optional(&mut *conn)
            .await?;
    let changed = before.as_deref() != Some(w.status.as_str());
    let t = now();
    query(
        "INSERT INTO registrations (practitioner_id, status, status_since, registered_until, conditions,
            amhp_annotation, bia_annotation, last_checked_on, checked_how, updated_by_user_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $3, $8, $9, $10)
         ON CONFLICT (practitioner_id) DO UPDATE SET
            status = excluded.status,
            status_since = CASE WHEN registrations.status = excluded.status
                THEN registrations.status_since ELSE excluded.status_since END,
            registered_until = excluded.registered_until, conditions = excluded.conditions,
            amhp_annotation = excluded.amhp_annotation, bia_annotation = excluded.bia_annotation,
            last_checked_on = excluded.last_checked_on, checked_how = excluded.checked_how,
            updated_by_user_id = excluded.updated_by_user_id, updated_at = excluded.updated_at",
    )
    .bind(practitioner_id)
    .bind(&w.status)
    .bind(w.checked_on)
    .bind(w.registered_until)
    .bind(&w.conditions)
    .bind(w.amhp_annotation)
    .bind(w.bia_annotation)
    .bind(&w.checked_how)
    .bind(w.user_id)
    .bind(t)
    .execute(&mut *conn)
    .await?;
    if changed {
        query(
            "INSERT INTO registration_events (practitioner_id, changed_on, status_from, status_to, source, user_id)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(practitioner_id)
        .bind(w.checked_on)
        .bind(before)
        .bind(&w.status)
        .bind(&w.checked_how)
        .bind(w.user_id)
        .execute(&mut *conn)
        .await?;
    }
    Ok(changed)
}

/// Records that the register confirmed what is held (the check date moves on).
pub async fn mark_checked(
    conn: &mut Conn,
    practitioner_id: i64,
    checked_on: Date,
    how: &str,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE registrations SET last_checked_on = $1, checked_how = $2 WHERE practitioner_id = $3",
    )
    .bind(checked_on)
    .bind(how)
    .bind(practitioner_id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RegistrationEvent {
    pub changed_on: Date,
    pub status_from: Option<String>,
    pub status_to: String,
    pub source: String,
    pub by: Option<String>,
}

pub async fn events(
    pool: &Pool,
    practitioner_id: i64,
) -> Result<Vec<RegistrationEvent>, sqlx::Error> {
    query(
        "SELECT e.changed_on, e.status_from, e.status_to, e.source, u.display_name
         FROM registration_events e LEFT JOIN users u ON u.id = e.user_id
         WHERE e.practitioner_id = $1 ORDER BY e.changed_on DESC, e.id DESC",
    )
    .bind(practitioner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(RegistrationEvent {
            changed_on: r.try_get(0)?,
            status_from: r.try_get(1)?,
            status_to: r.try_get(2)?,
            source: r.try_get(3)?,
            by: r.try_get(4)?,
        })
    })
    .collect()
}

/// One current practitioner in scope with their registration, for the overview, the register
/// check and alerts.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct RegisterLine {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub swe_number: Option<String>,
    pub career_stage: String,
    pub registration: Option<Registration>,
}

/// Current practitioners in scope (people with an end date are left out), by name.
pub async fn lines(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<Vec<RegisterLine>, sqlx::Error> {
    lines_with_status(pool, scope, &[]).await
}

/// Like `lines`, but only people whose status is one of `statuses` (all when empty): the
/// home page's alert reads just the few who must not practise.
pub async fn lines_with_status(
    pool: &Pool,
    scope: &PractitionerScope,
    statuses: &[&str],
) -> Result<Vec<RegisterLine>, sqlx::Error> {
    let mut sql = Sql::new(&format!(
        "SELECT p.id, p.family_name || ', ' || p.given_name AS name, t.name AS team_name,
            p.swe_number, p.career_stage, {COLUMNS}
         FROM practitioners p
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN registrations rg ON rg.practitioner_id = p.id"
    ));
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL");
    if !statuses.is_empty() {
        sql.push(" AND rg.status IN (");
        for (i, s) in statuses.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(*s);
        }
        sql.push(")");
    }
    sql.push(" ORDER BY p.family_name, p.given_name, p.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let has: Option<String> = r.try_get("status")?;
            Ok(RegisterLine {
                practitioner_id: r.try_get("id")?,
                name: r.try_get("name")?,
                team_name: r.try_get("team_name")?,
                swe_number: r.try_get("swe_number")?,
                career_stage: r.try_get("career_stage")?,
                registration: has.map(|_| r.record()).transpose()?,
            })
        })
        .collect()
}

/// A register check waiting for confirmation.
#[derive(Debug, Clone)]
pub struct PendingImport {
    pub id: i64,
    pub org_id: i64,
    pub user_id: Option<i64>,
    pub file_text: String,
    pub fingerprint: String,
    pub applied_at: Option<Timestamp>,
}

pub async fn insert_import(
    pool: &Pool,
    org_id: i64,
    user_id: i64,
    file_text: &str,
    fingerprint: &str,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO registration_imports (org_id, user_id, created_at, file_text, fingerprint)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(org_id)
    .bind(user_id)
    .bind(now())
    .bind(file_text)
    .bind(fingerprint)
    .fetch_one(pool)
    .await
}

pub async fn get_import(
    pool: &Pool,
    id: i64,
    org_id: i64,
) -> Result<Option<PendingImport>, sqlx::Error> {
    query(
        "SELECT id, org_id, user_id, file_text, fingerprint, applied_at
         FROM registration_imports WHERE id = $1 AND org_id = $2",
    )
    .bind(id)
    .bind(org_id)
    .fetch_optional(pool)
    .await?
    .map(|r| {
        Ok(PendingImport {
            id: r.try_get(0)?,
            org_id: r.try_get(1)?,
            user_id: r.try_get(2)?,
            file_text: r.try_get(3)?,
            fingerprint: r.try_get(4)?,
            applied_at: r.try_get(5)?,
        })
    })
    .transpose()
}

/// Marks the import applied; `false` if it already was (a second confirmation does nothing).
pub async fn mark_import_applied(conn: &mut Conn, id: i64) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE registration_imports SET applied_at = $1 WHERE id = $2 AND applied_at IS NULL",
    )
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

/// The new status of every change recorded between `from` and `to` (inclusive) for people in
/// scope: the governance report counts lapses and suspensions in its range.
pub async fn changes_between(
    pool: &Pool,
    scope: &PractitionerScope,
    from: Date,
    to: Date,
) -> Result<Vec<String>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT e.status_to FROM registration_events e JOIN practitioners p ON p.id = e.practitioner_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND e.status_from IS NOT NULL AND e.changed_on >= ")
        .bind(from)
        .push(" AND e.changed_on <= ")
        .bind(to);
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// The last day each person in scope joined or was restored to the register
/// (`domain::registration::joins_the_register` over their recorded changes of status).
pub async fn joined_on(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<HashMap<i64, Date>, sqlx::Error> {
    use crate::domain::registration::{RegistrationStatus, joins_the_register};
    let mut sql = Sql::new(
        "SELECT e.practitioner_id, e.status_from, e.status_to, e.changed_on
         FROM registration_events e JOIN practitioners p ON p.id = e.practitioner_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND e.status_from IS NOT NULL ORDER BY e.changed_on");
    let mut joined = HashMap::new();
    for r in sql.query().fetch_all(pool).await? {
        let from: Option<String> = r.try_get(1)?;
        let to: String = r.try_get(2)?;
        let on: Date = r.try_get(3)?;
        let Some(to) = RegistrationStatus::parse(&to) else {
            continue;
        };
        if joins_the_register(from.as_deref().and_then(RegistrationStatus::parse), to) {
            joined.insert(r.try_get(0)?, on);
        }
    }
    Ok(joined)
}
