//! What the FHIR export reads: practitioners in a scope with their employer, team and
//! post-qualifying roles, in two set-based reads.

use super::sql::Sql;
use crate::policy::PractitionerScope;
use crate::store::engine::Pool;
use std::collections::BTreeMap;
use time::Date;

/// One practitioner's row for the export.
#[derive(Debug, Clone)]
pub struct ExportRow {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub work_email: String,
    pub swe_number: Option<String>,
    pub employer_ods: String,
    pub employer_name: String,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub career_stage: String,
    pub service_model: Option<String>,
    /// Post-qualifying role codes on the record.
    pub pq_roles: Vec<String>,
}

/// The practitioners in `scope`, by id.
pub async fn people(pool: &Pool, scope: &PractitionerScope) -> Result<Vec<ExportRow>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.given_name, p.family_name, p.work_email, p.swe_number, o.ods_code, o.name,
                p.start_date, p.end_date, p.career_stage, t.service_model, p.pq_roles
         FROM practitioners p JOIN organisations o ON o.id = p.employer_org_id
         LEFT JOIN teams t ON t.id = p.team_id",
    );
    super::practitioners::push_scope(&mut sql, scope);
    sql.push(" ORDER BY p.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let pq: String = r.try_get("pq_roles")?;
            Ok(ExportRow {
                id: r.try_get("id")?,
                given_name: r.try_get("given_name")?,
                family_name: r.try_get("family_name")?,
                work_email: r.try_get("work_email")?,
                swe_number: r.try_get("swe_number")?,
                employer_ods: r.try_get("ods_code")?,
                employer_name: r.try_get("name")?,
                start_date: r.try_get("start_date")?,
                end_date: r.try_get("end_date")?,
                career_stage: r.try_get("career_stage")?,
                service_model: r.try_get("service_model")?,
                pq_roles: super::practitioners::role_codes(&pq),
            })
        })
        .collect()
}

/// When each of the scope's practitioners gained each post-qualifying role, where recorded
/// (the role's record, or for AMHPs their first approval).
pub async fn roles_since(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<BTreeMap<(i64, String), Date>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT x.practitioner_id, x.role, x.since FROM (
           SELECT practitioner_id, role, qualified_on AS since FROM pq_role_records
           WHERE qualified_on IS NOT NULL
           UNION ALL
           SELECT practitioner_id, 'amhp' AS role, MIN(approved_on) AS since FROM amhp_approvals
           GROUP BY practitioner_id
         ) x JOIN practitioners p ON p.id = x.practitioner_id",
    );
    super::practitioners::push_scope(&mut sql, scope);
    let mut out = BTreeMap::new();
    for r in sql.query().fetch_all(pool).await? {
        let since: Option<Date> = r.try_get("since")?;
        if let Some(d) = since {
            out.insert((r.try_get("practitioner_id")?, r.try_get("role")?), d);
        }
    }
    Ok(out)
}
