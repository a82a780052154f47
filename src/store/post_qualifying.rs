//! AMHP approvals, their suspensions and logged activity (training minutes, Mental Health Act
//! assessments), and the records of the other post-qualifying roles. Plain reads and
//! writes: the rules live in `domain::post_qualifying`, the checks in
//! `service::post_qualifying`.

use super::practitioners::push_scope;
use super::sql::{Sql, now};
use crate::domain::post_qualifying::{ApprovalWrite, RoleRecord};
use crate::policy::PractitionerScope;
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, Row, query, query_scalar};
use time::Date;

#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Approval {
    pub id: i64,
    pub practitioner_id: i64,
    pub approving_council: String,
    pub approved_on: Date,
    /// The last day of the approval.
    pub expires_on: Date,
    pub warrant_number: String,
    pub warrant_issued_on: Option<Date>,
    pub ended_on: Option<Date>,
    /// `EndReason` code, empty while not ended.
    pub end_reason: String,
}

const APPROVAL_COLUMNS: &str =
    "a.id, a.practitioner_id, a.approving_council, a.approved_on, a.expires_on,
    a.warrant_number, a.warrant_issued_on, a.ended_on, a.end_reason";

fn approval_from(r: &Row) -> Result<Approval, sqlx::Error> {
    Ok(Approval {
        id: r.try_get("id")?,
        practitioner_id: r.try_get("practitioner_id")?,
        approving_council: r.try_get("approving_council")?,
        approved_on: r.try_get("approved_on")?,
        expires_on: r.try_get("expires_on")?,
        warrant_number: r.try_get("warrant_number")?,
        warrant_issued_on: r.try_get("warrant_issued_on")?,
        ended_on: r.try_get("ended_on")?,
        end_reason: r.try_get("end_reason")?,
    })
}

/// Every approval of one person, newest first (the first is the current one).
pub async fn approvals(pool: &Pool, practitioner_id: i64) -> Result<Vec<Approval>, sqlx::Error> {
    query(format!(
        "SELECT {APPROVAL_COLUMNS} FROM amhp_approvals a WHERE a.practitioner_id = $1
         ORDER BY a.approved_on DESC, a.id DESC"
    ))
    .bind(practitioner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(approval_from)
    .collect()
}

pub async fn insert_approval(
    conn: &mut Conn,
    practitioner_id: i64,
    w: &ApprovalWrite,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO amhp_approvals (practitioner_id, approving_council, approved_on, expires_on,
            warrant_number, warrant_issued_on, ended_on, end_reason, updated_by_user_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
    )
    .bind(practitioner_id)
    .bind(&w.approving_council)
    .bind(w.approved_on)
    .bind(w.expires_on)
    .bind(&w.warrant_number)
    .bind(w.warrant_issued_on)
    .bind(w.ended_on)
    .bind(&w.end_reason)
    .bind(w.user_id)
    .bind(now())
    .fetch_one(conn)
    .await
}

pub async fn update_approval(
    conn: &mut Conn,
    id: i64,
    w: &ApprovalWrite,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE amhp_approvals SET approving_council = $1, approved_on = $2, expires_on = $3,
            warrant_number = $4, warrant_issued_on = $5, ended_on = $6, end_reason = $7,
            updated_by_user_id = $8, updated_at = $9 WHERE id = $10",
    )
    .bind(&w.approving_council)
    .bind(w.approved_on)
    .bind(w.expires_on)
    .bind(&w.warrant_number)
    .bind(w.warrant_issued_on)
    .bind(w.ended_on)
    .bind(&w.end_reason)
    .bind(w.user_id)
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Suspension {
    pub id: i64,
    pub approval_id: i64,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub reason: String,
}

pub async fn suspensions(
    pool: &Pool,
    approval_ids: &[i64],
) -> Result<Vec<Suspension>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT id, approval_id, starts_on, ends_on, reason FROM amhp_suspensions WHERE approval_id IN (",
    );
    push_ids(&mut sql, approval_ids);
    sql.push(") ORDER BY starts_on DESC, id DESC");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Suspension {
                id: r.try_get(0)?,
                approval_id: r.try_get(1)?,
                starts_on: r.try_get(2)?,
                ends_on: r.try_get(3)?,
                reason: r.try_get(4)?,
            })
        })
        .collect()
}

fn push_ids(sql: &mut Sql, ids: &[i64]) {
    if ids.is_empty() {
        sql.push("NULL");
    }
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*id);
    }
}

pub async fn insert_suspension(
    conn: &mut Conn,
    approval_id: i64,
    starts_on: Date,
    ends_on: Option<Date>,
    reason: &str,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO amhp_suspensions (approval_id, starts_on, ends_on, reason, recorded_by_user_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(approval_id)
    .bind(starts_on)
    .bind(ends_on)
    .bind(reason)
    .bind(user_id)
    .bind(now())
    .fetch_one(conn)
    .await
}

/// One logged item: training (minutes) or Mental Health Act assessments (a count).
#[derive(Debug, Clone, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct Activity {
    pub id: i64,
    pub approval_id: i64,
    /// `training` or `assessments`.
    pub kind: String,
    pub on_date: Date,
    pub minutes: i64,
    pub assessments: i64,
    pub description: String,
}

/// Every logged item of `approval_ids`, newest first, with its description (one
/// person's record).
pub async fn activity(pool: &Pool, approval_ids: &[i64]) -> Result<Vec<Activity>, sqlx::Error> {
    read_activity(pool, approval_ids, true).await
}

/// Like `activity`, with each description left empty: the views over every approval
/// (the organisation's AMHP view, the AMHP supervision standing, the self-assessment's
/// evidence) count hours and assessments and never show a description, and reading ten
/// thousand of them was most of the organisation view's time outside its statements.
pub async fn activity_amounts(
    pool: &Pool,
    approval_ids: &[i64],
) -> Result<Vec<Activity>, sqlx::Error> {
    read_activity(pool, approval_ids, false).await
}

async fn read_activity(
    pool: &Pool,
    approval_ids: &[i64],
    with_description: bool,
) -> Result<Vec<Activity>, sqlx::Error> {
    let mut sql = Sql::new(if with_description {
        "SELECT id, approval_id, kind, on_date, minutes, assessments, description
         FROM amhp_activity WHERE approval_id IN ("
    } else {
        "SELECT id, approval_id, kind, on_date, minutes, assessments
         FROM amhp_activity WHERE approval_id IN ("
    });
    push_ids(&mut sql, approval_ids);
    sql.push(") ORDER BY on_date DESC, id DESC");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Activity {
                id: r.try_get(0)?,
                approval_id: r.try_get(1)?,
                kind: r.try_get(2)?,
                on_date: r.try_get(3)?,
                minutes: r.try_get(4)?,
                assessments: r.try_get(5)?,
                description: if with_description {
                    r.try_get(6)?
                } else {
                    String::new()
                },
            })
        })
        .collect()
}

pub struct ActivityWrite {
    pub kind: &'static str,
    pub on_date: Date,
    pub minutes: i64,
    pub assessments: i64,
    pub description: String,
    pub user_id: Option<i64>,
}

pub async fn insert_activity(
    conn: &mut Conn,
    approval_id: i64,
    w: &ActivityWrite,
) -> Result<i64, sqlx::Error> {
    query_scalar(
        "INSERT INTO amhp_activity (approval_id, kind, on_date, minutes, assessments, description,
            recorded_by_user_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(approval_id)
    .bind(w.kind)
    .bind(w.on_date)
    .bind(w.minutes)
    .bind(w.assessments)
    .bind(&w.description)
    .bind(w.user_id)
    .bind(now())
    .fetch_one(conn)
    .await
}

/// Removes one logged item of the practitioner's approvals; false when there is no such item.
pub async fn delete_activity(
    conn: &mut Conn,
    practitioner_id: i64,
    activity_id: i64,
) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "DELETE FROM amhp_activity WHERE id = $1 AND approval_id IN
            (SELECT id FROM amhp_approvals WHERE practitioner_id = $2)",
    )
    .bind(activity_id)
    .bind(practitioner_id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

const ROLE_COLUMNS: &str = "r.practitioner_id, r.role, r.qualified_on, r.stage, r.last_training_on,
    r.allocations, r.next_report_due, r.notes";

fn role_from(r: &Row) -> Result<RoleRecord, sqlx::Error> {
    Ok(RoleRecord {
        practitioner_id: r.try_get("practitioner_id")?,
        role: r.try_get("role")?,
        qualified_on: r.try_get("qualified_on")?,
        stage: r.try_get("stage")?,
        last_training_on: r.try_get("last_training_on")?,
        allocations: r.try_get("allocations")?,
        next_report_due: r.try_get("next_report_due")?,
        notes: r.try_get("notes")?,
    })
}

pub async fn roles(pool: &Pool, practitioner_id: i64) -> Result<Vec<RoleRecord>, sqlx::Error> {
    query(format!(
        "SELECT {ROLE_COLUMNS} FROM pq_role_records r WHERE r.practitioner_id = $1 ORDER BY r.role"
    ))
    .bind(practitioner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(role_from)
    .collect()
}

pub async fn save_role(conn: &mut Conn, r: &RoleRecord, user_id: i64) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO pq_role_records (practitioner_id, role, qualified_on, stage, last_training_on,
            allocations, next_report_due, notes, updated_by_user_id, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
         ON CONFLICT (practitioner_id, role) DO UPDATE SET
            qualified_on = excluded.qualified_on, stage = excluded.stage,
            last_training_on = excluded.last_training_on, allocations = excluded.allocations,
            next_report_due = excluded.next_report_due, notes = excluded.notes,
            updated_by_user_id = excluded.updated_by_user_id, updated_at = excluded.updated_at",
    )
    .bind(r.practitioner_id)
    .bind(&r.role)
    .bind(r.qualified_on)
    .bind(&r.stage)
    .bind(r.last_training_on)
    .bind(r.allocations)
    .bind(r.next_report_due)
    .bind(&r.notes)
    .bind(user_id)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// One current practitioner in scope with their latest AMHP approval, for the organisation
/// view. Equality data is not read here.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct AmhpLine {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub approval: Approval,
}

/// The latest approval of every current practitioner in scope who has one, by name.
pub async fn amhp_lines(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<Vec<AmhpLine>, sqlx::Error> {
    let mut sql = Sql::new(&format!(
        "SELECT p.family_name || ', ' || p.given_name AS name, t.name AS team_name, {APPROVAL_COLUMNS}
         FROM practitioners p
         JOIN amhp_approvals a ON a.practitioner_id = p.id
         LEFT JOIN teams t ON t.id = p.team_id"
    ));
    push_scope(&mut sql, scope);
    sql.push(
        " AND p.end_date IS NULL AND NOT EXISTS (SELECT 1 FROM amhp_approvals b
            WHERE b.practitioner_id = a.practitioner_id
              AND (b.approved_on > a.approved_on OR (b.approved_on = a.approved_on AND b.id > a.id)))
          ORDER BY p.family_name, p.given_name, p.id",
    );
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(AmhpLine {
                practitioner_id: r.try_get("practitioner_id")?,
                name: r.try_get("name")?,
                team_name: r.try_get("team_name")?,
                approval: approval_from(r)?,
            })
        })
        .collect()
}

/// Role records of current practitioners in scope, with their names.
pub async fn role_lines(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<Vec<(String, RoleRecord)>, sqlx::Error> {
    let mut sql = Sql::new(&format!(
        "SELECT p.family_name || ', ' || p.given_name AS name, {ROLE_COLUMNS}
         FROM practitioners p JOIN pq_role_records r ON r.practitioner_id = p.id"
    ));
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL ORDER BY p.family_name, p.given_name, p.id, r.role");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("name")?, role_from(r)?)))
        .collect()
}

/// Date of birth and age band of the given practitioners (special-category data: the
/// service reads it for a suppressed count, or per person only for `ViewEqualityData`).
pub async fn birth_data(
    pool: &Pool,
    practitioner_ids: &[i64],
) -> Result<Vec<(i64, Option<Date>, Option<String>)>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT practitioner_id, date_of_birth, age_band FROM practitioner_equality WHERE practitioner_id IN (",
    );
    push_ids(&mut sql, practitioner_ids);
    sql.push(")");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// (approval id, practitioner id, last day) of every approval not ended, for the
/// re-approval reminders.
pub async fn open_approvals(pool: &Pool) -> Result<Vec<(i64, i64, Date)>, sqlx::Error> {
    query("SELECT id, practitioner_id, expires_on FROM amhp_approvals WHERE ended_on IS NULL")
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
        .collect()
}

/// The last held session counting towards AMHP supervision (`session_types`
/// `counts_towards = ["amhp"]`) of each of `practitioner_ids` who has had one. Asked for
/// the people holding an approval only, not everyone in scope: the sessions read are theirs
/// (through `supervision_sessions_practitioner`), not every held session of 2,000 people.
pub async fn last_amhp_supervision(
    pool: &Pool,
    practitioner_ids: &[i64],
) -> Result<std::collections::HashMap<i64, Date>, sqlx::Error> {
    let types = super::supervision::counted_types_sql(crate::domain::amhp_supervision::AMHP);
    let mut sql = Sql::new(
        "SELECT s.practitioner_id, MAX(s.held_on) AS last_held
         FROM supervision_sessions s WHERE s.status = 'held' AND s.practitioner_id IN (",
    );
    push_ids(&mut sql, practitioner_ids);
    sql.push(&format!(
        ") AND s.session_type IN ({types}) GROUP BY s.practitioner_id"
    ));
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}
