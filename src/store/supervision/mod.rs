//! Supervision agreements, their acknowledgements, and sessions. Plain reads and writes:
//! who may do what, and what counts as overdue, live in `service::supervision` and
//! `domain::supervision`.

use super::practitioners::push_scope;
use super::sql::{Sql, now};
use crate::domain::supervision::AgreementFields;
use crate::policy::PractitionerScope;
use crate::store::engine::{Conn, Pool, Row, query};
use std::collections::HashMap;
use time::Date;

/// The parties to an agreement, as stored in acknowledgements.
pub const PARTIES: [&str; 4] = [
    "practitioner",
    "line_manager",
    "professional_supervisor",
    "amhp_supervisor",
];

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Agreement {
    pub id: i64,
    pub practitioner_id: i64,
    pub line_manager_user_id: i64,
    pub line_manager_name: String,
    pub professional_supervisor_user_id: Option<i64>,
    pub professional_supervisor_name: Option<String>,
    pub amhp_supervisor_user_id: Option<i64>,
    pub amhp_supervisor_name: Option<String>,
    /// Function codes (supervision_functions list) each party covers.
    pub line_manager_functions: Vec<String>,
    pub professional_supervisor_functions: Vec<String>,
    /// An override of the career-stage interval, with its reason.
    pub interval_days: Option<i64>,
    pub override_reason: String,
    pub minimum_minutes: i64,
    pub starts_on: Date,
    pub review_on: Date,
    /// Parties who have acknowledged it (codes from `PARTIES`).
    pub acknowledged_by: Vec<String>,
}

const AGREEMENT: &str = "SELECT a.id, a.practitioner_id, a.line_manager_user_id, lm.display_name AS line_manager_name,
    a.professional_supervisor_user_id, ps.display_name AS professional_supervisor_name,
    a.amhp_supervisor_user_id, am.display_name AS amhp_supervisor_name,
    a.line_manager_functions, a.professional_supervisor_functions, a.interval_days, a.override_reason,
    a.minimum_minutes, a.starts_on, a.review_on
    FROM supervision_agreements a
    JOIN users lm ON lm.id = a.line_manager_user_id
    LEFT JOIN users ps ON ps.id = a.professional_supervisor_user_id
    LEFT JOIN users am ON am.id = a.amhp_supervisor_user_id";

fn codes(s: String) -> Vec<String> {
    s.split(',')
        .filter(|c| !c.is_empty())
        .map(str::to_string)
        .collect()
}

fn agreement_from_row(r: &Row) -> Result<Agreement, sqlx::Error> {
    Ok(Agreement {
        id: r.try_get("id")?,
        practitioner_id: r.try_get("practitioner_id")?,
        line_manager_user_id: r.try_get("line_manager_user_id")?,
        line_manager_name: r.try_get("line_manager_name")?,
        professional_supervisor_user_id: r.try_get("professional_supervisor_user_id")?,
        professional_supervisor_name: r.try_get("professional_supervisor_name")?,
        amhp_supervisor_user_id: r.try_get("amhp_supervisor_user_id")?,
        amhp_supervisor_name: r.try_get("amhp_supervisor_name")?,
        line_manager_functions: codes(r.try_get("line_manager_functions")?),
        professional_supervisor_functions: codes(r.try_get("professional_supervisor_functions")?),
        interval_days: r.try_get("interval_days")?,
        override_reason: r.try_get("override_reason")?,
        minimum_minutes: r.try_get("minimum_minutes")?,
        starts_on: r.try_get("starts_on")?,
        review_on: r.try_get("review_on")?,
        acknowledged_by: Vec::new(),
    })
}

/// The practitioner's current (not ended) agreement, with who has acknowledged it.
pub async fn current_agreement(
    pool: &Pool,
    practitioner_id: i64,
) -> Result<Option<Agreement>, sqlx::Error> {
    let row = query(format!(
        "{AGREEMENT} WHERE a.practitioner_id = $1 AND a.ended_on IS NULL ORDER BY a.id DESC LIMIT 1"
    ))
    .bind(practitioner_id)
    .fetch_optional(pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let mut a = agreement_from_row(&row)?;
    a.acknowledged_by = query(
        "SELECT party FROM supervision_agreement_acknowledgements WHERE agreement_id = $1 ORDER BY party",
    )
    .bind(a.id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get::<String, _>(0))
    .collect::<Result<_, _>>()?;
    Ok(Some(a))
}

/// Ends any current agreement on `starts_on` and inserts the new one.
pub async fn replace_agreement(
    conn: &mut Conn,
    practitioner_id: i64,
    f: &AgreementFields,
    created_by: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "UPDATE supervision_agreements SET ended_on = $1 WHERE practitioner_id = $2 AND ended_on IS NULL",
    )
    .bind(f.starts_on)
    .bind(practitioner_id)
    .execute(&mut *conn)
    .await?;
    query(
        "INSERT INTO supervision_agreements (practitioner_id, line_manager_user_id, professional_supervisor_user_id,
            amhp_supervisor_user_id, line_manager_functions, professional_supervisor_functions, interval_days,
            override_reason, minimum_minutes, starts_on, review_on, created_by_user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
    )
    .bind(practitioner_id)
    .bind(f.line_manager_user_id)
    .bind(f.professional_supervisor_user_id)
    .bind(f.amhp_supervisor_user_id)
    .bind(f.line_manager_functions.join(","))
    .bind(f.professional_supervisor_functions.join(","))
    .bind(f.interval_days)
    .bind(f.override_reason.clone())
    .bind(f.minimum_minutes)
    .bind(f.starts_on)
    .bind(f.review_on)
    .bind(created_by)
    .bind(now())
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// Records a party's acknowledgement; acknowledging twice keeps the first.
pub async fn acknowledge(
    conn: &mut Conn,
    agreement_id: i64,
    party: &str,
    user_id: i64,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO supervision_agreement_acknowledgements (agreement_id, party, user_id, acknowledged_at)
         VALUES ($1, $2, $3, $4) ON CONFLICT (agreement_id, party) DO NOTHING",
    )
    .bind(agreement_id)
    .bind(party)
    .bind(user_id)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

mod history;
mod sessions;

pub use history::*;
pub use sessions::*;
