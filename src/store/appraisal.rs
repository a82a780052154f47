//! Appraisals (`domain::appraisal`): the appraisal, what its appraiser writes, the evidence
//! its practitioner shares, signatures, and each person's last completed one.

use crate::domain::appraisal::{
    CapabilityReview, Draft, EvidenceKind, Objective, Party, PlanItem, Signatures,
};
use crate::policy::PractitionerScope;
use crate::store::engine::{Conn, Pool, query};
use crate::store::sql::Sql;
use serde::Serialize;
use time::Date;

/// An appraisal's heading: who, by whom, when, and where it stands.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalHeading)]
pub struct Heading {
    pub id: i64,
    pub practitioner_id: i64,
    pub practitioner_name: String,
    /// The practitioner's own user account, if any.
    pub practitioner_user_id: Option<i64>,
    pub org_id: i64,
    pub appraiser_user_id: Option<i64>,
    pub appraiser_name: Option<String>,
    pub started_on: Date,
    pub reflection: String,
    pub signatures: Signatures,
    pub completed_on: Option<Date>,
}

const HEADING: &str = "SELECT a.id, a.practitioner_id, p.given_name || ' ' || p.family_name,
    (SELECT MIN(u.id) FROM users u WHERE u.practitioner_id = p.id), a.org_id, a.appraiser_user_id,
    au.display_name, a.started_on, a.reflection, a.practitioner_signed_on,
    a.appraiser_signed_on, a.completed_on
    FROM appraisals a JOIN practitioners p ON p.id = a.practitioner_id
    LEFT JOIN users au ON au.id = a.appraiser_user_id";

pub async fn heading(pool: &Pool, id: i64) -> Result<Option<Heading>, sqlx::Error> {
    let row = query(format!("{HEADING} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?;
    row.map(|r| {
        Ok(Heading {
            id: r.try_get(0)?,
            practitioner_id: r.try_get(1)?,
            practitioner_name: r.try_get(2)?,
            practitioner_user_id: r.try_get(3)?,
            org_id: r.try_get(4)?,
            appraiser_user_id: r.try_get(5)?,
            appraiser_name: r.try_get(6)?,
            started_on: r.try_get(7)?,
            reflection: r.try_get(8)?,
            signatures: Signatures {
                practitioner_on: r.try_get(9)?,
                appraiser_on: r.try_get(10)?,
            },
            completed_on: r.try_get(11)?,
        })
    })
    .transpose()
}

/// The practitioner's appraisal in progress, if any.
pub async fn open_for(pool: &Pool, practitioner: i64) -> Result<Option<i64>, sqlx::Error> {
    query("SELECT id FROM appraisals WHERE practitioner_id = $1 AND completed_on IS NULL")
        .bind(practitioner)
        .fetch_optional(pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

pub async fn insert(
    conn: &mut Conn,
    practitioner: i64,
    org: i64,
    appraiser: i64,
    on: Date,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO appraisals (practitioner_id, org_id, appraiser_user_id, started_on)
         VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(practitioner)
    .bind(org)
    .bind(appraiser)
    .bind(on)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// What the appraiser has written so far.
pub async fn draft(pool: &Pool, id: i64) -> Result<Draft, sqlx::Error> {
    let head = query("SELECT meeting_on, summary FROM appraisals WHERE id = $1")
        .bind(id)
        .fetch_one(pool)
        .await?;
    let objectives = query(
        "SELECT objective, goal, measure FROM appraisal_objectives
         WHERE appraisal_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Objective {
            objective: r.try_get(0)?,
            goal: r.try_get(1)?,
            measure: r.try_get(2)?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    let saved: Vec<(String, String, String)> =
        query("SELECT domain, rating, comment FROM appraisal_capabilities WHERE appraisal_id = $1")
            .bind(id)
            .fetch_all(pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<Result<_, sqlx::Error>>()?;
    let capabilities = crate::domain::reference::items_of("pcf_domains")
        .into_iter()
        .map(|d| {
            let s = saved.iter().find(|s| s.0 == d.code);
            CapabilityReview {
                rating: s.map(|s| s.1.clone()).unwrap_or_default(),
                comment: s.map(|s| s.2.clone()).unwrap_or_default(),
                domain: d.code,
            }
        })
        .collect();
    let plan = query(
        "SELECT need, action, by_on FROM appraisal_plan WHERE appraisal_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(PlanItem {
            need: r.try_get(0)?,
            action: r.try_get(1)?,
            by_on: r.try_get(2)?,
        })
    })
    .collect::<Result<_, sqlx::Error>>()?;
    Ok(Draft {
        meeting_on: head.try_get(0)?,
        summary: head.try_get(1)?,
        objectives,
        capabilities,
        plan,
    })
}

/// Signatures go whenever what was signed changes.
async fn clear_signatures(conn: &mut Conn, id: i64) -> Result<(), sqlx::Error> {
    query(
        "UPDATE appraisals SET practitioner_signed_on = NULL, appraiser_signed_on = NULL
         WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Replaces what the appraiser wrote; both signatures go.
pub async fn save_draft(conn: &mut Conn, id: i64, d: &Draft) -> Result<(), sqlx::Error> {
    query("UPDATE appraisals SET meeting_on = $1, summary = $2 WHERE id = $3")
        .bind(d.meeting_on)
        .bind(d.summary.as_str())
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for table in [
        "appraisal_objectives",
        "appraisal_capabilities",
        "appraisal_plan",
    ] {
        query(format!("DELETE FROM {table} WHERE appraisal_id = $1"))
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    for (n, o) in d.objectives.iter().enumerate() {
        query(
            "INSERT INTO appraisal_objectives (appraisal_id, position, objective, goal, measure)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(n as i64)
        .bind(o.objective.as_str())
        .bind(o.goal.as_str())
        .bind(o.measure.as_str())
        .execute(&mut *conn)
        .await?;
    }
    for c in &d.capabilities {
        query(
            "INSERT INTO appraisal_capabilities (appraisal_id, domain, rating, comment)
             VALUES ($1, $2, $3, $4)",
        )
        .bind(id)
        .bind(c.domain.as_str())
        .bind(c.rating.as_str())
        .bind(c.comment.as_str())
        .execute(&mut *conn)
        .await?;
    }
    for (n, p) in d.plan.iter().enumerate() {
        query(
            "INSERT INTO appraisal_plan (appraisal_id, position, need, action, by_on)
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(n as i64)
        .bind(p.need.as_str())
        .bind(p.action.as_str())
        .bind(p.by_on)
        .execute(&mut *conn)
        .await?;
    }
    clear_signatures(conn, id).await
}

/// Replaces the evidence the practitioner shares and their reflection; both signatures go.
pub async fn save_evidence(
    conn: &mut Conn,
    id: i64,
    chosen: &[(EvidenceKind, i64)],
    reflection: &str,
) -> Result<(), sqlx::Error> {
    query("DELETE FROM appraisal_evidence WHERE appraisal_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for (kind, item) in chosen {
        query("INSERT INTO appraisal_evidence (appraisal_id, kind, item_id) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(kind.code())
            .bind(*item)
            .execute(&mut *conn)
            .await?;
    }
    query("UPDATE appraisals SET reflection = $1 WHERE id = $2")
        .bind(reflection)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    clear_signatures(conn, id).await
}

pub async fn chosen_evidence(
    pool: &Pool,
    id: i64,
) -> Result<Vec<(EvidenceKind, i64)>, sqlx::Error> {
    let rows = query("SELECT kind, item_id FROM appraisal_evidence WHERE appraisal_id = $1")
        .bind(id)
        .fetch_all(pool)
        .await?;
    let mut out = Vec::new();
    for r in &rows {
        let kind: String = r.try_get(0)?;
        let kind = EvidenceKind::parse(&kind).ok_or_else(|| {
            sqlx::Error::Decode(format!("appraisal_evidence.kind: {kind:?}").into())
        })?;
        out.push((kind, r.try_get(1)?));
    }
    out.sort();
    Ok(out)
}

/// Records one party's signature, and the completion when it is the second.
pub async fn sign(
    conn: &mut Conn,
    id: i64,
    party: Party,
    on: Date,
    completed_on: Option<Date>,
) -> Result<(), sqlx::Error> {
    let column = match party {
        Party::Practitioner => "practitioner_signed_on",
        Party::Appraiser => "appraiser_signed_on",
    };
    query(format!(
        "UPDATE appraisals SET {column} = $1, completed_on = $2 WHERE id = $3"
    ))
    .bind(on)
    .bind(completed_on)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// One record the practitioner may offer as evidence.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalEvidenceItem)]
pub struct EvidenceItem {
    pub kind: EvidenceKind,
    /// The record's id (0 for feedback results, which are one item).
    pub id: i64,
    pub on: Date,
    /// What it is, in a few words: never supervision notes.
    pub title: String,
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(90).collect();
    if t.chars().count() < s.chars().count() {
        format!("{t}…")
    } else {
        t
    }
}

/// The practitioner's own records since `from`: submitted CPD, supervision sessions held,
/// and collaborative conversations, newest first.
pub async fn evidence_offered(
    pool: &Pool,
    practitioner: i64,
    from: Date,
) -> Result<Vec<EvidenceItem>, sqlx::Error> {
    let mut out = Vec::new();
    let kinds = [
        (
            EvidenceKind::Cpd,
            "SELECT id, activity_on, description FROM cpd_records
             WHERE practitioner_id = $1 AND status = 'submitted' AND activity_on >= $2",
        ),
        (
            EvidenceKind::Supervision,
            "SELECT id, held_on, session_type FROM supervision_sessions
             WHERE practitioner_id = $1 AND held_on IS NOT NULL AND held_on >= $2",
        ),
        (
            EvidenceKind::Conversation,
            "SELECT id, held_on, setting FROM collaborative_conversations
             WHERE practitioner_id = $1 AND held_on >= $2",
        ),
    ];
    for (kind, sql) in kinds {
        for r in query(sql)
            .bind(practitioner)
            .bind(from)
            .fetch_all(pool)
            .await?
        {
            let text: String = r.try_get(2)?;
            let title = match kind {
                EvidenceKind::Supervision => {
                    crate::domain::reference::label_of("session_types", &text)
                }
                _ => short(&text),
            };
            out.push(EvidenceItem {
                kind,
                id: r.try_get(0)?,
                on: r.try_get(1)?,
                title,
            });
        }
    }
    out.sort_by(|a, b| b.on.cmp(&a.on).then(a.kind.cmp(&b.kind)));
    Ok(out)
}

/// The answers of each feedback response about the practitioner from `from`'s month on.
pub async fn feedback_answers(
    pool: &Pool,
    practitioner: i64,
    from: Date,
) -> Result<Vec<String>, sqlx::Error> {
    let month = format!("{:04}-{:02}", from.year(), u8::from(from.month()));
    query("SELECT answers FROM feedback_responses WHERE practitioner_id = $1 AND month >= $2")
        .bind(practitioner)
        .bind(month)
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// One of a practitioner's appraisals, as their list shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalHistoryLine)]
pub struct HistoryLine {
    pub id: i64,
    pub started_on: Date,
    pub completed_on: Option<Date>,
    pub appraiser: Option<String>,
}

/// A practitioner's appraisals, newest first.
pub async fn history(pool: &Pool, practitioner: i64) -> Result<Vec<HistoryLine>, sqlx::Error> {
    query(
        "SELECT a.id, a.started_on, a.completed_on, u.display_name FROM appraisals a
         LEFT JOIN users u ON u.id = a.appraiser_user_id
         WHERE a.practitioner_id = $1 ORDER BY a.started_on DESC, a.id DESC",
    )
    .bind(practitioner)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        Ok(HistoryLine {
            id: r.try_get(0)?,
            started_on: r.try_get(1)?,
            completed_on: r.try_get(2)?,
            appraiser: r.try_get(3)?,
        })
    })
    .collect()
}

/// A person in post, with what the overview needs: never what an appraisal says.
#[derive(Debug, Clone)]
pub struct PersonRow {
    pub id: i64,
    pub name: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub employer_org_id: i64,
    pub employer_name: String,
    pub start_date: Date,
    pub last_completed: Option<Date>,
    /// The appraisal in progress and its appraiser.
    pub open_id: Option<i64>,
    pub open_appraiser: Option<i64>,
}

/// Everyone in `scope` in post on `today`, by team and name.
pub async fn people(
    pool: &Pool,
    scope: &PractitionerScope,
    today: Date,
) -> Result<Vec<PersonRow>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.given_name || ' ' || p.family_name, p.team_id, t.name,
         p.employer_org_id, e.name, p.start_date,
         (SELECT MAX(a.completed_on) FROM appraisals a WHERE a.practitioner_id = p.id),
         o.id, o.appraiser_user_id
         FROM practitioners p JOIN organisations e ON e.id = p.employer_org_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN appraisals o ON o.practitioner_id = p.id AND o.completed_on IS NULL",
    );
    super::practitioners::push_scope(&mut sql, scope);
    sql.push(" AND p.start_date <= ")
        .bind(today)
        .push(" AND (p.end_date IS NULL OR p.end_date >= ")
        .bind(today)
        .push(") ORDER BY t.name, p.family_name, p.given_name, p.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            Ok(PersonRow {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                team_id: r.try_get(2)?,
                team_name: r.try_get(3)?,
                employer_org_id: r.try_get(4)?,
                employer_name: r.try_get(5)?,
                start_date: r.try_get(6)?,
                last_completed: r.try_get(7)?,
                open_id: r.try_get(8)?,
                open_appraiser: r.try_get(9)?,
            })
        })
        .collect()
}

/// The goals of the objectives in `org`'s appraisals started on or after `since`.
pub async fn objective_goals(
    pool: &Pool,
    org: i64,
    since: Date,
) -> Result<Vec<String>, sqlx::Error> {
    query(
        "SELECT o.goal FROM appraisal_objectives o JOIN appraisals a ON a.id = o.appraisal_id
         WHERE a.org_id = $1 AND a.started_on >= $2",
    )
    .bind(org)
    .bind(since)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// Of `org`'s appraisals completed on or after `since`: how many, and how many include
/// feedback from people who use services (LGA standard 6).
pub async fn completed_with_feedback(
    pool: &Pool,
    org: i64,
    since: Date,
) -> Result<(i64, i64), sqlx::Error> {
    let r = query(
        "SELECT COUNT(*), COUNT(f.appraisal_id) FROM appraisals a
         LEFT JOIN appraisal_evidence f ON f.appraisal_id = a.id AND f.kind = 'feedback'
         WHERE a.org_id = $1 AND a.completed_on >= $2",
    )
    .bind(org)
    .bind(since)
    .fetch_one(pool)
    .await?;
    Ok((r.try_get(0)?, r.try_get(1)?))
}

/// Every practitioner in post on `today`: (id, start date, last completed appraisal, the
/// appraiser of one in progress), for the reminders job.
pub async fn standings_all(
    pool: &Pool,
    today: Date,
) -> Result<Vec<(i64, Date, Option<Date>, Option<i64>)>, sqlx::Error> {
    query(
        "SELECT p.id, p.start_date, MAX(a.completed_on),
         MAX(CASE WHEN a.completed_on IS NULL THEN a.appraiser_user_id END)
         FROM practitioners p LEFT JOIN appraisals a ON a.practitioner_id = p.id
         WHERE p.start_date <= $1 AND (p.end_date IS NULL OR p.end_date >= $1)
         GROUP BY p.id, p.start_date",
    )
    .bind(today)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
    .collect()
}
