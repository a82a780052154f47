//! ASYE programmes, their reviews, pauses, evidence and protected time. Plain reads and
//! writes: who may do what lives in `service::asye`, when things are due in `domain::asye`.

use super::practitioners::{push_people_filter, push_scope};
use super::sql::{Sql, now};
use crate::domain::people_filter::PeopleFilter;
use crate::domain::timestamp::Timestamp;
use crate::policy::PractitionerScope;
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, query, query_as};
use time::Date;

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Programme {
    pub id: i64,
    pub practitioner_id: i64,
    pub assessor_user_id: i64,
    pub assessor_name: String,
    pub starts_on: Date,
    /// When the support and assessment agreement was made.
    pub agreement_on: Option<Date>,
    pub agreement_notes: String,
    /// Whether the optional 9-month review is planned.
    pub nine_month_review: bool,
    /// `pass`, `fail` or `extended`, after the moderation panel.
    pub panel_outcome: Option<String>,
    pub panel_on: Option<Date>,
    /// The final review's new date when the panel extended the programme.
    pub extended_to: Option<Date>,
}

/// Validated fields of a programme (new or changed).
#[derive(Debug, Clone)]
pub struct ProgrammeFields {
    pub assessor_user_id: i64,
    pub starts_on: Date,
    pub agreement_on: Option<Date>,
    pub agreement_notes: String,
    pub nine_month_review: bool,
}

const PROGRAMME: &str = "SELECT ap.id, ap.practitioner_id, ap.assessor_user_id, u.display_name AS assessor_name,
    ap.starts_on, ap.agreement_on, ap.agreement_notes, ap.nine_month_review, ap.panel_outcome, ap.panel_on,
    ap.extended_to
    FROM asye_programmes ap JOIN users u ON u.id = ap.assessor_user_id";

pub async fn programme_for(
    pool: &Pool,
    practitioner_id: i64,
) -> Result<Option<Programme>, sqlx::Error> {
    query_as(format!("{PROGRAMME} WHERE ap.practitioner_id = $1"))
        .bind(practitioner_id)
        .fetch_optional(pool)
        .await
}

/// Whether `user_id` assesses the practitioner's ASYE.
pub async fn is_assessor(
    pool: &Pool,
    practitioner_id: i64,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let n: i64 = query(
        "SELECT COUNT(*) FROM asye_programmes WHERE practitioner_id = $1 AND assessor_user_id = $2",
    )
    .bind(practitioner_id)
    .bind(user_id)
    .fetch_one(pool)
    .await?
    .try_get(0)?;
    Ok(n > 0)
}

/// Creates the practitioner's programme, or changes its assessor, start and agreement.
pub async fn save_programme(
    conn: &mut Conn,
    practitioner_id: i64,
    f: &ProgrammeFields,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    let at = now();
    query(
        "INSERT INTO asye_programmes (practitioner_id, assessor_user_id, starts_on, agreement_on, agreement_notes,
            nine_month_review, created_by_user_id, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (practitioner_id) DO UPDATE SET assessor_user_id = excluded.assessor_user_id,
            starts_on = excluded.starts_on, agreement_on = excluded.agreement_on,
            agreement_notes = excluded.agreement_notes, nine_month_review = excluded.nine_month_review,
            updated_at = excluded.updated_at
         RETURNING id",
    )
    .bind(practitioner_id)
    .bind(f.assessor_user_id)
    .bind(f.starts_on)
    .bind(f.agreement_on)
    .bind(f.agreement_notes.clone())
    .bind(f.nine_month_review)
    .bind(user_id)
    .bind(at)
    .bind(at)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

pub async fn set_panel(
    conn: &mut Conn,
    programme_id: i64,
    outcome: &str,
    on: Date,
    extended_to: Option<Date>,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE asye_programmes SET panel_outcome = $1, panel_on = $2, extended_to = $3, updated_at = $4 WHERE id = $5",
    )
    .bind(outcome)
    .bind(on)
    .bind(extended_to)
    .bind(now())
    .bind(programme_id)
    .execute(conn)
    .await?;
    Ok(())
}

/// A passed ASYE makes the practitioner qualified.
pub async fn set_career_stage(
    conn: &mut Conn,
    practitioner_id: i64,
    stage: &str,
) -> Result<(), sqlx::Error> {
    query("UPDATE practitioners SET career_stage = $1, updated_at = $2 WHERE id = $3")
        .bind(stage)
        .bind(now())
        .bind(practitioner_id)
        .execute(conn)
        .await?;
    Ok(())
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Review {
    pub id: i64,
    /// `3_month`, `6_month`, `9_month` or `12_month`.
    pub point: String,
    pub held_on: Date,
    pub outcome: String,
    pub notes: String,
    pub recorded_by_name: Option<String>,
}

pub async fn reviews(pool: &Pool, programme_id: i64) -> Result<Vec<Review>, sqlx::Error> {
    query(
        "SELECT r.id, r.point, r.held_on, r.outcome, r.notes, u.display_name
         FROM asye_reviews r LEFT JOIN users u ON u.id = r.recorded_by_user_id
         WHERE r.programme_id = $1 ORDER BY r.held_on, r.id",
    )
    .bind(programme_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Review {
            id: r.try_get("id")?,
            point: r.try_get("point")?,
            held_on: r.try_get("held_on")?,
            outcome: r.try_get("outcome")?,
            notes: r.try_get("notes")?,
            recorded_by_name: r.try_get("display_name")?,
        })
    })
    .collect()
}

/// Records (or corrects) the review at a point.
pub async fn save_review(
    conn: &mut Conn,
    programme_id: i64,
    point: &str,
    held_on: Date,
    outcome: &str,
    notes: &str,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO asye_reviews (programme_id, point, held_on, outcome, notes, recorded_by_user_id, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (programme_id, point) DO UPDATE SET held_on = excluded.held_on,
            outcome = excluded.outcome, notes = excluded.notes,
            recorded_by_user_id = excluded.recorded_by_user_id, recorded_at = excluded.recorded_at
         RETURNING id",
    )
    .bind(programme_id)
    .bind(point)
    .bind(held_on)
    .bind(outcome)
    .bind(notes)
    .bind(user_id)
    .bind(now())
    .fetch_one(conn)
    .await?
    .try_get(0)
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PauseRow {
    pub id: i64,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub reason: String,
}

pub async fn pauses(pool: &Pool, programme_id: i64) -> Result<Vec<PauseRow>, sqlx::Error> {
    query(
        "SELECT id, starts_on, ends_on, reason FROM asye_pauses WHERE programme_id = $1 ORDER BY starts_on, id",
    )
    .bind(programme_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(PauseRow {
            id: r.try_get("id")?,
            starts_on: r.try_get("starts_on")?,
            ends_on: r.try_get("ends_on")?,
            reason: r.try_get("reason")?,
        })
    })
    .collect()
}

pub async fn add_pause(
    conn: &mut Conn,
    programme_id: i64,
    starts_on: Date,
    ends_on: Option<Date>,
    reason: &str,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO asye_pauses (programme_id, starts_on, ends_on, reason, created_by_user_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(programme_id)
    .bind(starts_on)
    .bind(ends_on)
    .bind(reason)
    .bind(user_id)
    .bind(now())
    .fetch_one(conn)
    .await?
    .try_get(0)
}

pub async fn end_pause(
    conn: &mut Conn,
    pause_id: i64,
    ends_on: Date,
) -> Result<Guarded, sqlx::Error> {
    let done = query("UPDATE asye_pauses SET ends_on = $1 WHERE id = $2 AND ends_on IS NULL")
        .bind(ends_on)
        .bind(pause_id)
        .execute(conn)
        .await?;
    Ok(Guarded::of(done))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Evidence {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub occurred_on: Date,
    pub notes: String,
    pub added_by_name: Option<String>,
    pub signed_off_by_name: Option<String>,
    pub signed_off_at: Option<Timestamp>,
}

pub async fn evidence(pool: &Pool, programme_id: i64) -> Result<Vec<Evidence>, sqlx::Error> {
    query(
        "SELECT e.id, e.kind, e.title, e.occurred_on, e.notes, a.display_name AS added_by,
            s.display_name AS signed_off_by, e.signed_off_at
         FROM asye_evidence e
         LEFT JOIN users a ON a.id = e.added_by_user_id
         LEFT JOIN users s ON s.id = e.signed_off_by_user_id
         WHERE e.programme_id = $1 ORDER BY e.occurred_on, e.id",
    )
    .bind(programme_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Evidence {
            id: r.try_get("id")?,
            kind: r.try_get("kind")?,
            title: r.try_get("title")?,
            occurred_on: r.try_get("occurred_on")?,
            notes: r.try_get("notes")?,
            added_by_name: r.try_get("added_by")?,
            signed_off_by_name: r.try_get("signed_off_by")?,
            signed_off_at: r.try_get("signed_off_at")?,
        })
    })
    .collect()
}

/// Validated fields of an evidence item.
#[derive(Debug, Clone)]
pub struct EvidenceFields {
    pub kind: String,
    pub title: String,
    pub occurred_on: Date,
    pub notes: String,
}

pub async fn add_evidence(
    conn: &mut Conn,
    programme_id: i64,
    f: &EvidenceFields,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO asye_evidence (programme_id, kind, title, occurred_on, notes, added_by_user_id, added_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(programme_id)
    .bind(f.kind.clone())
    .bind(f.title.clone())
    .bind(f.occurred_on)
    .bind(f.notes.clone())
    .bind(user_id)
    .bind(now())
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// Signs off an item of this programme; false when there is no such item.
pub async fn sign_off(
    conn: &mut Conn,
    programme_id: i64,
    evidence_id: i64,
    user_id: i64,
) -> Result<Guarded, sqlx::Error> {
    let done = query(
        "UPDATE asye_evidence SET signed_off_by_user_id = $1, signed_off_at = $2
         WHERE id = $3 AND programme_id = $4 AND signed_off_at IS NULL",
    )
    .bind(user_id)
    .bind(now())
    .bind(evidence_id)
    .bind(programme_id)
    .execute(conn)
    .await?;
    Ok(Guarded::of(done))
}

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct ProtectedTime {
    pub id: i64,
    pub taken_on: Date,
    pub minutes: i64,
    pub activity: String,
}

pub async fn protected_time(
    pool: &Pool,
    programme_id: i64,
) -> Result<Vec<ProtectedTime>, sqlx::Error> {
    query(
        "SELECT id, taken_on, minutes, activity FROM asye_protected_time WHERE programme_id = $1
         ORDER BY taken_on DESC, id DESC",
    )
    .bind(programme_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ProtectedTime {
            id: r.try_get("id")?,
            taken_on: r.try_get("taken_on")?,
            minutes: r.try_get("minutes")?,
            activity: r.try_get("activity")?,
        })
    })
    .collect()
}

pub async fn log_time(
    conn: &mut Conn,
    programme_id: i64,
    taken_on: Date,
    minutes: i64,
    activity: &str,
    user_id: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO asye_protected_time (programme_id, taken_on, minutes, activity, logged_by_user_id, logged_at)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(programme_id)
    .bind(taken_on)
    .bind(minutes)
    .bind(activity)
    .bind(user_id)
    .bind(now())
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// Whether a user's own practitioner record shows a registered social worker: an SWE number
/// and no register status that stops them practising.
pub async fn user_is_registered_social_worker(
    pool: &Pool,
    user_id: i64,
) -> Result<bool, sqlx::Error> {
    let row = query(
        "SELECT p.swe_number, rg.status FROM users u
         JOIN practitioners p ON p.id = u.practitioner_id
         LEFT JOIN registrations rg ON rg.practitioner_id = p.id
         WHERE u.id = $1 AND u.active",
    )
    .bind(user_id)
    .fetch_optional(pool)
    .await?;
    let Some(r) = row else { return Ok(false) };
    let number: Option<String> = r.try_get("swe_number")?;
    let status: Option<String> = r.try_get("status")?;
    Ok(number.is_some() && !super::practitioners::must_not_practise(status.as_deref()))
}

/// One NQSW in the cohort, with the counts their status needs.
#[derive(Debug, Clone)]
pub struct CohortRow {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub wte: f64,
    pub programme: Programme,
}

const COHORT: &str = "SELECT ap.id, ap.practitioner_id, ap.assessor_user_id, u.display_name AS assessor_name,
    ap.starts_on, ap.agreement_on, ap.agreement_notes, ap.nine_month_review, ap.panel_outcome,
    ap.panel_on, ap.extended_to, pr.family_name || ', ' || pr.given_name AS name, t.name AS team_name, pr.wte
    FROM asye_programmes ap JOIN users u ON u.id = ap.assessor_user_id
    JOIN practitioners pr ON pr.id = ap.practitioner_id
    LEFT JOIN teams t ON t.id = pr.team_id
    WHERE pr.end_date IS NULL";

/// Programmes of current practitioners in `scope`, and those `assessor` assesses.
pub async fn cohort(
    pool: &Pool,
    scope: &PractitionerScope,
    assessor: i64,
    filter: &PeopleFilter,
) -> Result<Vec<CohortRow>, sqlx::Error> {
    let mut sql = Sql::new(COHORT);
    sql.push(" AND (ap.assessor_user_id = ")
        .bind(assessor)
        .push(" OR ap.practitioner_id IN (SELECT p.id FROM practitioners p");
    push_scope(&mut sql, scope);
    sql.push("))");
    // The filter holds for the people assessed too, not only for those in scope.
    if !filter.is_empty() {
        sql.push(" AND ap.practitioner_id IN (SELECT p.id FROM practitioners p WHERE 1 = 1");
        push_people_filter(&mut sql, filter);
        sql.push(")");
    }
    sql.push(" ORDER BY pr.family_name, pr.given_name, pr.id");
    cohort_rows(pool, &sql).await
}

/// Every current practitioner's programme without a final panel outcome (the reminders job).
pub async fn open_programmes(pool: &Pool) -> Result<Vec<CohortRow>, sqlx::Error> {
    let mut sql = Sql::new(COHORT);
    sql.push(" AND (ap.panel_outcome IS NULL OR ap.panel_outcome = 'extended') ORDER BY ap.id");
    cohort_rows(pool, &sql).await
}

async fn cohort_rows(pool: &Pool, sql: &Sql) -> Result<Vec<CohortRow>, sqlx::Error> {
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(CohortRow {
                practitioner_id: r.try_get("practitioner_id")?,
                name: r.try_get("name")?,
                team_name: r.try_get("team_name")?,
                wte: r.try_get("wte")?,
                programme: r.record()?,
            })
        })
        .collect()
}

/// Everything the cohort needs per programme, in three set-based reads.
#[derive(Debug, Clone, Default)]
pub struct ProgrammeFacts {
    pub pauses: Vec<(Date, Option<Date>)>,
    /// Review points recorded.
    pub reviews: Vec<String>,
    /// Kinds of signed-off evidence, one entry per item.
    pub signed_off: Vec<String>,
    pub minutes: i64,
}

pub async fn facts(
    pool: &Pool,
    programme_ids: &[i64],
) -> Result<std::collections::HashMap<i64, ProgrammeFacts>, sqlx::Error> {
    let mut out: std::collections::HashMap<i64, ProgrammeFacts> = Default::default();
    if programme_ids.is_empty() {
        return Ok(out);
    }
    let list = |sql: &mut Sql| {
        for (i, id) in programme_ids.iter().enumerate() {
            if i > 0 {
                sql.push(", ");
            }
            sql.bind(*id);
        }
        sql.push(")");
    };
    let mut q = Sql::new(
        "SELECT programme_id, starts_on, ends_on FROM asye_pauses WHERE programme_id IN (",
    );
    list(&mut q);
    for r in q.query().fetch_all(pool).await? {
        out.entry(r.try_get("programme_id")?)
            .or_default()
            .pauses
            .push((r.try_get("starts_on")?, r.try_get("ends_on")?));
    }
    let mut q = Sql::new("SELECT programme_id, point FROM asye_reviews WHERE programme_id IN (");
    list(&mut q);
    for r in q.query().fetch_all(pool).await? {
        out.entry(r.try_get("programme_id")?)
            .or_default()
            .reviews
            .push(r.try_get("point")?);
    }
    let mut q = Sql::new(
        "SELECT programme_id, kind FROM asye_evidence WHERE signed_off_at IS NOT NULL AND programme_id IN (",
    );
    list(&mut q);
    for r in q.query().fetch_all(pool).await? {
        out.entry(r.try_get("programme_id")?)
            .or_default()
            .signed_off
            .push(r.try_get("kind")?);
    }
    let mut q = Sql::new(
        "SELECT programme_id, CAST(SUM(minutes) AS BIGINT) AS minutes FROM asye_protected_time WHERE programme_id IN (",
    );
    list(&mut q);
    q.push(" GROUP BY programme_id");
    for r in q.query().fetch_all(pool).await? {
        out.entry(r.try_get("programme_id")?).or_default().minutes = r.try_get("minutes")?;
    }
    Ok(out)
}
