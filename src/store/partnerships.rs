//! Partnership agreements between organisations (`domain::partnership`): kept, read with
//! their dates decoded here, and the SQL fragment that says which placed staff a host sees.

use super::sql::{Sql, now};
use crate::domain::partnership::{AgreementStatus, AgreementTerms, AgreementType};
use crate::store::Guarded;
use crate::store::engine::{Conn, Pool, Row, query};

/// The placing types' condition on `a`: an agreement in force that places staff.
const PLACING_IN_FORCE: &str = "a.status = 'in_force' AND a.agreement_type <> 'amhp_service'";

/// `p` (a practitioner row) is reached by organisation `$1`: employed by it, or placed in it
/// under an agreement in force. Used where the statement is fixed text.
pub const REACHED_BY_1: &str = "(p.employer_org_id = $1 OR (p.host_org_id = $1 AND EXISTS (
    SELECT 1 FROM partnership_agreements a WHERE a.employer_org_id = p.employer_org_id
    AND a.host_org_id = $1 AND a.status = 'in_force' AND a.agreement_type <> 'amhp_service')))";

/// As [`REACHED_BY_1`], onto a statement being built.
pub fn push_reached_by(sql: &mut Sql, org: i64) {
    sql.push("(p.employer_org_id = ")
        .bind(org)
        .push(" OR (p.host_org_id = ")
        .bind(org)
        .push(
            " AND EXISTS (SELECT 1 FROM partnership_agreements a
               WHERE a.employer_org_id = p.employer_org_id AND a.host_org_id = ",
        )
        .bind(org)
        .push(&format!(" AND {PLACING_IN_FORCE})))"));
}

/// One agreement as both parties see it.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PartnershipAgreement {
    pub id: i64,
    pub employer_org_id: i64,
    pub employer_name: String,
    pub host_org_id: i64,
    pub host_name: String,
    pub status: AgreementStatus,
    pub proposed_by_org_id: Option<i64>,
    pub proposed_by_name: Option<String>,
    pub responded_by_name: Option<String>,
    pub ended_by_name: Option<String>,
    #[serde(flatten)]
    pub terms: AgreementTerms,
}

const SELECT: &str = "SELECT a.id, a.employer_org_id, e.name AS employer_name, a.host_org_id,
    h.name AS host_name, a.agreement_type, a.status, a.proposed_by_org_id,
    pu.display_name AS proposed_by_name, ru.display_name AS responded_by_name,
    eu.display_name AS ended_by_name, a.starts_on, a.ends_on, a.review_on, a.description,
    a.delegated_functions, a.oversight_lead, a.disciplinary_lead, a.fitness_to_practise_lead,
    a.complaints_lead, a.enquiries_lead, a.mou_reference, a.host_may_change, a.host_sees_equality
    FROM partnership_agreements a
    JOIN organisations e ON e.id = a.employer_org_id
    JOIN organisations h ON h.id = a.host_org_id
    LEFT JOIN users pu ON pu.id = a.proposed_by_user_id
    LEFT JOIN users ru ON ru.id = a.responded_by_user_id
    LEFT JOIN users eu ON eu.id = a.ended_by_user_id";

fn decode_err(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("partnership_agreements.{what}: {value:?}").into())
}

fn from_row(r: &Row) -> Result<PartnershipAgreement, sqlx::Error> {
    let kind: String = r.try_get("agreement_type")?;
    let status: String = r.try_get("status")?;
    Ok(PartnershipAgreement {
        id: r.try_get("id")?,
        employer_org_id: r.try_get("employer_org_id")?,
        employer_name: r.try_get("employer_name")?,
        host_org_id: r.try_get("host_org_id")?,
        host_name: r.try_get("host_name")?,
        status: AgreementStatus::parse(&status).ok_or_else(|| decode_err("status", &status))?,
        proposed_by_org_id: r.try_get("proposed_by_org_id")?,
        proposed_by_name: r.try_get("proposed_by_name")?,
        responded_by_name: r.try_get("responded_by_name")?,
        ended_by_name: r.try_get("ended_by_name")?,
        terms: AgreementTerms {
            agreement_type: AgreementType::parse(&kind)
                .ok_or_else(|| decode_err("agreement_type", &kind))?,
            starts_on: r.try_get("starts_on")?,
            ends_on: r.try_get("ends_on")?,
            review_on: r.try_get("review_on")?,
            description: r.try_get("description")?,
            delegated_functions: r.try_get("delegated_functions")?,
            oversight_lead: r.try_get("oversight_lead")?,
            disciplinary_lead: r.try_get("disciplinary_lead")?,
            fitness_to_practise_lead: r.try_get("fitness_to_practise_lead")?,
            complaints_lead: r.try_get("complaints_lead")?,
            enquiries_lead: r.try_get("enquiries_lead")?,
            mou_reference: r.try_get("mou_reference")?,
            host_may_change: r.try_get("host_may_change")?,
            host_sees_equality: r.try_get("host_sees_equality")?,
        },
    })
}

/// Agreements `org` is a party to: open ones first, then by partner and start.
pub async fn list_for(pool: &Pool, org: i64) -> Result<Vec<PartnershipAgreement>, sqlx::Error> {
    let sql = format!(
        "{SELECT} WHERE a.employer_org_id = $1 OR a.host_org_id = $1
         ORDER BY CASE a.status WHEN 'proposed' THEN 0 WHEN 'in_force' THEN 1 ELSE 2 END,
         e.name, h.name, a.starts_on DESC, a.id"
    );
    let rows = query(&sql).bind(org).fetch_all(pool).await?;
    rows.iter().map(from_row).collect()
}

/// Every agreement in force (the reminders job's facts).
pub async fn in_force(pool: &Pool) -> Result<Vec<PartnershipAgreement>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE a.status = 'in_force' ORDER BY a.id");
    let rows = query(&sql).fetch_all(pool).await?;
    rows.iter().map(from_row).collect()
}

pub async fn get(pool: &Pool, id: i64) -> Result<Option<PartnershipAgreement>, sqlx::Error> {
    let sql = format!("{SELECT} WHERE a.id = $1");
    let row = query(&sql).bind(id).fetch_optional(pool).await?;
    row.as_ref().map(from_row).transpose()
}

/// Who proposes (or, from the command line, makes) an agreement.
#[derive(Debug, Clone, Copy)]
pub struct Proposer {
    pub org_id: Option<i64>,
    pub user_id: Option<i64>,
}

pub async fn insert(
    conn: &mut Conn,
    employer: i64,
    host: i64,
    terms: &AgreementTerms,
    status: AgreementStatus,
    by: Proposer,
) -> Result<i64, sqlx::Error> {
    let t = now();
    query(
        "INSERT INTO partnership_agreements (employer_org_id, host_org_id, agreement_type, status,
           proposed_by_org_id, proposed_by_user_id, starts_on, ends_on, review_on, description,
           delegated_functions, oversight_lead, disciplinary_lead, fitness_to_practise_lead,
           complaints_lead, enquiries_lead, mou_reference, host_may_change, host_sees_equality,
           created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20)
         RETURNING id",
    )
    .bind(employer)
    .bind(host)
    .bind(terms.agreement_type.code())
    .bind(status.code())
    .bind(by.org_id)
    .bind(by.user_id)
    .bind(terms.starts_on)
    .bind(terms.ends_on)
    .bind(terms.review_on)
    .bind(terms.description.clone())
    .bind(terms.delegated_functions.clone())
    .bind(terms.oversight_lead.clone())
    .bind(terms.disciplinary_lead.clone())
    .bind(terms.fitness_to_practise_lead.clone())
    .bind(terms.complaints_lead.clone())
    .bind(terms.enquiries_lead.clone())
    .bind(terms.mou_reference.clone())
    .bind(terms.host_may_change)
    .bind(terms.host_sees_equality)
    .bind(t)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// AgreementMoves an agreement from `from` to `to`, recording who did it. False when it was no
/// longer in `from` (someone else got there first).
pub async fn transition(
    conn: &mut Conn,
    id: i64,
    from: &[AgreementStatus],
    to: AgreementStatus,
    user_id: i64,
) -> Result<Guarded, sqlx::Error> {
    let (who, when) = if to == AgreementStatus::Ended {
        ("ended_by_user_id", "ended_at")
    } else {
        ("responded_by_user_id", "responded_at")
    };
    let marks: Vec<String> = (0..from.len()).map(|i| format!("${}", i + 5)).collect();
    let sql = format!(
        "UPDATE partnership_agreements SET status = $1, {who} = $2, {when} = $3, updated_at = $3
         WHERE id = $4 AND status IN ({})",
        marks.join(", ")
    );
    let mut q = query(&sql)
        .bind(to.code())
        .bind(user_id)
        .bind(now())
        .bind(id);
    for s in from {
        q = q.bind(s.code());
    }
    Ok(Guarded::of(q.execute(conn).await?))
}

/// Whether `employer` may place staff in `host`'s teams: the same organisation, or an
/// agreement in force of a type that places staff.
pub async fn may_host(pool: &Pool, employer: i64, host: i64) -> Result<bool, sqlx::Error> {
    if employer == host {
        return Ok(true);
    }
    Ok(host_terms(pool, employer, host).await?.is_some())
}

/// What `host` may do with the records of `employer`'s placed staff, from the placing
/// agreements in force between them (any one granting is enough): (may change, may handle
/// equality data). None when no such agreement is in force.
pub async fn host_terms(
    pool: &Pool,
    employer: i64,
    host: i64,
) -> Result<Option<(bool, bool)>, sqlx::Error> {
    let sql = format!(
        "SELECT COUNT(*) AS n, MAX(CASE WHEN a.host_may_change THEN 1 ELSE 0 END) AS c,
            MAX(CASE WHEN a.host_sees_equality THEN 1 ELSE 0 END) AS q
         FROM partnership_agreements a WHERE a.employer_org_id = $1 AND a.host_org_id = $2
         AND {PLACING_IN_FORCE}"
    );
    let r = query(&sql)
        .bind(employer)
        .bind(host)
        .fetch_one(pool)
        .await?;
    let n: i64 = r.try_get("n")?;
    if n == 0 {
        return Ok(None);
    }
    let flag = |c: &str| -> Result<bool, sqlx::Error> {
        Ok(r.try_get::<Option<i64>, _>(c)?.unwrap_or(0) != 0)
    };
    Ok(Some((flag("c")?, flag("q")?)))
}

/// Organisations providing AMHP supervision to any of `employers` under an AMHP service
/// agreement in force.
pub async fn amhp_supervision_partners(
    pool: &Pool,
    employers: &[i64],
) -> Result<Vec<i64>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT DISTINCT a.host_org_id FROM partnership_agreements a
         WHERE a.status = 'in_force' AND a.agreement_type = 'amhp_service' AND a.employer_org_id IN (",
    );
    for (i, e) in employers.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*e);
    }
    if employers.is_empty() {
        sql.push("NULL");
    }
    sql.push(") ORDER BY a.host_org_id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}
