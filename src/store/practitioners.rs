//! Practitioner records and their special-category equality data (kept in its own table
//! and read only through `equality`).

use super::partnerships::{REACHED_BY_1, push_reached_by};
use super::sql::{Page, Paged, Sql, contains_pattern, now};
use crate::domain::people_filter::{PeopleFilter, RegistrationFilter};
use crate::domain::practitioner::{Equality, PractitionerFields};
use crate::policy::PractitionerScope;
use crate::store::engine::{Conn, Pool, Row, query};
use time::Date;

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Practitioner {
    pub id: i64,
    pub given_name: String,
    pub family_name: String,
    pub work_email: String,
    pub swe_number: Option<String>,
    pub employer_org_id: i64,
    pub employer_name: String,
    pub host_org_id: i64,
    pub host_name: String,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub role_category: String,
    pub career_stage: String,
    pub band: String,
    pub wte: f64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    /// Post-qualifying role codes (AMHP, BIA, practice educator, practice supervisor).
    pub pq_roles: Vec<String>,
    /// What the register last said (`RegistrationStatus` code), if recorded.
    pub registration_status: Option<String>,
    /// Lapsed, suspended (final or interim) or removed: flagged wherever the person
    /// is shown, because they must not practise as a social worker.
    pub must_not_practise: bool,
}

pub(crate) const SELECT: &str =
    "SELECT p.id, p.given_name, p.family_name, p.work_email, p.swe_number,
    p.employer_org_id, e.name AS employer_name, p.host_org_id, h.name AS host_name,
    p.team_id, t.name AS team_name, p.role_category, p.career_stage, p.band, p.wte,
    p.start_date, p.end_date, p.pq_roles, rg.status AS registration_status
    FROM practitioners p
    LEFT JOIN registrations rg ON rg.practitioner_id = p.id
    JOIN organisations e ON e.id = p.employer_org_id
    JOIN organisations h ON h.id = p.host_org_id
    LEFT JOIN teams t ON t.id = p.team_id";

pub(crate) fn from_row(r: &Row) -> Result<Practitioner, sqlx::Error> {
    let pq: String = r.try_get("pq_roles")?;
    let registration_status: Option<String> = r.try_get("registration_status")?;
    Ok(Practitioner {
        must_not_practise: must_not_practise(registration_status.as_deref()),
        registration_status,
        id: r.try_get("id")?,
        given_name: r.try_get("given_name")?,
        family_name: r.try_get("family_name")?,
        work_email: r.try_get("work_email")?,
        swe_number: r.try_get("swe_number")?,
        employer_org_id: r.try_get("employer_org_id")?,
        employer_name: r.try_get("employer_name")?,
        host_org_id: r.try_get("host_org_id")?,
        host_name: r.try_get("host_name")?,
        team_id: r.try_get("team_id")?,
        team_name: r.try_get("team_name")?,
        role_category: r.try_get("role_category")?,
        career_stage: r.try_get("career_stage")?,
        band: r.try_get("band")?,
        wte: r.try_get("wte")?,
        start_date: r.try_get("start_date")?,
        end_date: r.try_get("end_date")?,
        pq_roles: role_codes(&pq),
    })
}

/// The post-qualifying role codes kept on a record, comma-separated in `pq_roles`.
pub(crate) fn role_codes(pq_roles: &str) -> Vec<String> {
    pq_roles
        .split(',')
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// The people employed by or working in `org` whose registration says they must not
/// practise, with the user account linked to each (if any): every page that names a person,
/// or a user such as a supervisor, flags them (`Chrome::must_not_practise`).
pub async fn must_not_practise_ids(
    pool: &Pool,
    org: i64,
) -> Result<Vec<(i64, Option<i64>)>, sqlx::Error> {
    use crate::domain::registration::RegistrationStatus;
    let alerting: Vec<&str> = RegistrationStatus::ALL
        .into_iter()
        .filter(|s| s.needs_alert())
        .map(RegistrationStatus::code)
        .collect();
    let marks = (0..alerting.len())
        .map(|i| format!("${}", i + 2))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!(
        "SELECT p.id, u.id AS user_id FROM practitioners p
         JOIN registrations rg ON rg.practitioner_id = p.id
         LEFT JOIN users u ON u.practitioner_id = p.id
         WHERE {REACHED_BY_1} AND rg.status IN ({marks})
         ORDER BY p.id"
    );
    let mut q = query(&sql).bind(org);
    for code in alerting {
        q = q.bind(code.to_string());
    }
    q.fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get::<i64, _>(0)?, r.try_get::<Option<i64>, _>(1)?)))
        .collect()
}

/// Whether a stored registration status means the person must not practise.
pub fn must_not_practise(status: Option<&str>) -> bool {
    status
        .and_then(crate::domain::registration::RegistrationStatus::parse)
        .is_some_and(|s| s.needs_alert())
}

/// Filters a practitioner list can take.
#[derive(Debug, Clone, Default)]
pub struct PractitionerFilter {
    pub search: String,
    pub pq_role: String,
    /// Include people who have left (an end date in the past).
    pub include_leavers: bool,
}

pub fn sort_sql(key: &str) -> &'static str {
    match key {
        "team" => "t.name, p.family_name, p.given_name",
        "stage" => "p.career_stage, p.family_name",
        "employer" => "e.name, p.family_name",
        "swe" => "p.swe_number",
        "wte" => "p.wte",
        _ => "p.family_name, p.given_name",
    }
}

pub(crate) fn push_scope(sql: &mut Sql, scope: &PractitionerScope) {
    match scope {
        PractitionerScope::Organisation(org) => {
            sql.push(" WHERE ");
            push_reached_by(sql, *org);
        }
        PractitionerScope::Team {
            team_id,
            own,
            user_id,
        } => {
            sql.push(" WHERE (p.team_id = ").bind(team_id.unwrap_or(-1));
            sql.push(" OR p.id = ").bind(own.unwrap_or(-1));
            sql.push(
                " OR p.id IN (SELECT a.practitioner_id FROM supervision_agreements a
                   WHERE a.ended_on IS NULL AND (a.line_manager_user_id = ",
            )
            .bind(*user_id)
            .push(" OR a.professional_supervisor_user_id = ")
            .bind(*user_id)
            .push(" OR a.amhp_supervisor_user_id = ")
            .bind(*user_id)
            .push(")))");
        }
        PractitionerScope::Own(id) => {
            sql.push(" WHERE p.id = ").bind(*id);
        }
        PractitionerScope::Nothing => {
            sql.push(" WHERE 1 = 0");
        }
        PractitionerScope::Narrowed { within, filter } => {
            push_scope(sql, within);
            push_people_filter(sql, filter);
        }
    }
}

/// The list filters, as conditions on `p` after the scope's WHERE.
pub(crate) fn push_people_filter(sql: &mut Sql, f: &PeopleFilter) {
    if let Some(team) = f.team_id {
        sql.push(" AND p.team_id = ").bind(team);
    }
    if let Some(org) = f.employer_org_id {
        sql.push(" AND p.employer_org_id = ").bind(org);
    }
    if let Some(stage) = &f.career_stage {
        sql.push(" AND p.career_stage = ").bind(stage.clone());
    }
    match f.registration {
        Some(RegistrationFilter::Status(status)) => {
            sql.push(" AND p.id IN (SELECT f_rg.practitioner_id FROM registrations f_rg WHERE f_rg.status = ")
                .bind(status.code())
                .push(")");
        }
        Some(RegistrationFilter::NotRecorded) => {
            sql.push(" AND p.id NOT IN (SELECT f_rg.practitioner_id FROM registrations f_rg)");
        }
        None => {}
    }
}

fn push_filter(sql: &mut Sql, scope: &PractitionerScope, f: &PractitionerFilter) {
    push_scope(sql, scope);
    let term = f.search.trim();
    if !term.is_empty() {
        let pat = contains_pattern(term);
        sql.push(" AND (LOWER(p.given_name || ' ' || p.family_name) LIKE ")
            .bind(pat.clone())
            .push(" ESCAPE '\\'");
        sql.push(" OR LOWER(p.work_email) LIKE ")
            .bind(pat.clone())
            .push(" ESCAPE '\\'");
        sql.push(" OR LOWER(COALESCE(p.swe_number, '')) LIKE ")
            .bind(pat)
            .push(" ESCAPE '\\')");
    }
    if !f.pq_role.is_empty() {
        sql.push(" AND (',' || p.pq_roles || ',') LIKE ")
            .bind(format!("%,{},%", f.pq_role.replace(['%', '_'], "")));
    }
    if !f.include_leavers {
        sql.push(" AND p.end_date IS NULL");
    }
}

pub async fn list(
    pool: &Pool,
    scope: &PractitionerScope,
    f: &PractitionerFilter,
    sort: &str,
    desc: bool,
    page: &Page,
) -> Result<Paged<Practitioner>, sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) FROM practitioners p");
    push_filter(&mut count, scope, f);
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;
    let mut select = Sql::new(SELECT);
    push_filter(&mut select, scope, f);
    select.push(&format!(
        " ORDER BY {} {}, p.id LIMIT ",
        sort_sql(sort),
        if desc { "DESC" } else { "ASC" }
    ));
    select.bind(page.size).push(" OFFSET ").bind(page.offset());
    let items = select
        .query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(from_row)
        .collect::<Result<_, _>>()?;
    Ok(Paged {
        items,
        total,
        page: page.number,
        page_size: page.size,
    })
}

/// One practitioner if it is inside `scope`; `None` both when missing and when out of scope.
pub async fn get_in_scope(
    pool: &Pool,
    scope: &PractitionerScope,
    id: i64,
) -> Result<Option<Practitioner>, sqlx::Error> {
    let mut sql = Sql::new(SELECT);
    push_scope(&mut sql, scope);
    sql.push(" AND p.id = ").bind(id);
    sql.query()
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn insert(conn: &mut Conn, f: &PractitionerFields) -> Result<i64, sqlx::Error> {
    let t = now();
    query(
        "INSERT INTO practitioners (given_name, family_name, work_email, swe_number, employer_org_id, host_org_id,
         team_id, role_category, career_stage, band, wte, start_date, end_date, pq_roles, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING id",
    )
    .bind(f.given_name.clone())
    .bind(f.family_name.clone())
    .bind(f.work_email.clone())
    .bind(f.swe_number.clone())
    .bind(f.employer_org_id)
    .bind(f.host_org_id)
    .bind(f.team_id)
    .bind(f.role_category.clone())
    .bind(f.career_stage.clone())
    .bind(f.band.clone())
    .bind(f.wte)
    .bind(f.start_date)
    .bind(f.end_date)
    .bind(f.pq_roles.join(","))
    .bind(t)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

/// Sets a practitioner's name alone (the demo names its sign-in people's records after them).
pub async fn set_name(
    conn: &mut Conn,
    id: i64,
    given_name: &str,
    family_name: &str,
) -> Result<(), sqlx::Error> {
    query("UPDATE practitioners SET given_name = $1, family_name = $2 WHERE id = $3")
        .bind(given_name.to_string())
        .bind(family_name.to_string())
        .bind(id)
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn update(conn: &mut Conn, id: i64, f: &PractitionerFields) -> Result<(), sqlx::Error> {
    query(
        "UPDATE practitioners SET given_name = $1, family_name = $2, work_email = $3, swe_number = $4,
         employer_org_id = $5, host_org_id = $6, team_id = $7, role_category = $8, career_stage = $9, band = $10,
         wte = $11, start_date = $12, end_date = $13, pq_roles = $14, updated_at = $15 WHERE id = $16",
    )
    .bind(f.given_name.clone())
    .bind(f.family_name.clone())
    .bind(f.work_email.clone())
    .bind(f.swe_number.clone())
    .bind(f.employer_org_id)
    .bind(f.host_org_id)
    .bind(f.team_id)
    .bind(f.role_category.clone())
    .bind(f.career_stage.clone())
    .bind(f.band.clone())
    .bind(f.wte)
    .bind(f.start_date)
    .bind(f.end_date)
    .bind(f.pq_roles.join(","))
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn equality(pool: &Pool, id: i64) -> Result<Equality, sqlx::Error> {
    let row = query("SELECT ethnic_category, date_of_birth, age_band, sex, disability FROM practitioner_equality WHERE practitioner_id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await?;
    Ok(match row {
        None => Equality::default(),
        Some(r) => Equality {
            ethnic_category: r.try_get("ethnic_category")?,
            date_of_birth: r.try_get("date_of_birth")?,
            age_band: r.try_get("age_band")?,
            sex: r.try_get("sex")?,
            disability: r.try_get("disability")?,
        },
    })
}

pub async fn set_equality(conn: &mut Conn, id: i64, e: &Equality) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO practitioner_equality (practitioner_id, ethnic_category, date_of_birth, age_band, sex, disability, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (practitioner_id) DO UPDATE SET ethnic_category = excluded.ethnic_category,
         date_of_birth = excluded.date_of_birth, age_band = excluded.age_band, sex = excluded.sex,
         disability = excluded.disability, updated_at = excluded.updated_at",
    )
    .bind(id)
    .bind(e.ethnic_category.clone())
    .bind(e.date_of_birth)
    .bind(e.age_band.clone())
    .bind(e.sex.clone())
    .bind(e.disability.clone())
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// Counts of current practitioners grouped by one column, for aggregate views. `column`
/// is one of a fixed set; the caller applies disclosure control.
pub async fn count_by(
    pool: &Pool,
    org: Option<i64>,
    column: GroupBy,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let (expr, join) = match column {
        GroupBy::Region => (
            "o.region",
            "JOIN organisations o ON o.id = p.employer_org_id",
        ),
        GroupBy::CareStage => ("p.career_stage", ""),
        GroupBy::Band => ("p.band", ""),
        GroupBy::EthnicCategory => (
            "COALESCE(q.ethnic_category, '99')",
            "LEFT JOIN practitioner_equality q ON q.practitioner_id = p.id",
        ),
        GroupBy::OrgType => (
            "o.org_type",
            "JOIN organisations o ON o.id = p.employer_org_id",
        ),
    };
    let mut sql = Sql::new(&format!(
        "SELECT {expr} AS k, COUNT(*) AS n FROM practitioners p {join} WHERE p.end_date IS NULL"
    ));
    if let Some(org) = org {
        sql.push(" AND ");
        push_reached_by(&mut sql, org);
    }
    sql.push(&format!(" GROUP BY {expr} ORDER BY {expr}"));
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get("k")?, r.try_get("n")?)))
        .collect()
}

/// Practitioners in post by employer, for national aggregates: one pass over the table
/// without a join (the caller knows each organisation's region and type).
pub async fn count_by_employer(
    pool: &Pool,
    backend: super::Backend,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    query(format!(
        "SELECT employer_org_id, COUNT(*) FROM {} WHERE end_date IS NULL
         GROUP BY employer_org_id",
        super::dialect::whole_table(backend, "practitioners")
    ))
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupBy {
    Region,
    OrgType,
    CareStage,
    Band,
    EthnicCategory,
}

/// Adds a post-qualifying role code to the person's `pq_roles` unless it is there: an AMHP
/// approval makes the employer's record say "AMHP" too, so lists and counts agree.
/// Sets the AMHP role on the record from the approvals (`domain::pq_roles`): held while
/// an approval has not been ended. Runs in the transaction that writes an approval.
pub async fn sync_amhp_role(conn: &mut crate::store::Conn, id: i64) -> Result<(), sqlx::Error> {
    let row = query(
        "SELECT p.pq_roles, (SELECT COUNT(*) FROM amhp_approvals a
           WHERE a.practitioner_id = p.id AND a.ended_on IS NULL) AS open
         FROM practitioners p WHERE p.id = $1",
    )
    .bind(id)
    .fetch_one(&mut *conn)
    .await?;
    let before: String = row.try_get("pq_roles")?;
    let open: i64 = row.try_get("open")?;
    let roles: Vec<String> = before
        .split(',')
        .filter(|c| !c.is_empty())
        .map(String::from)
        .collect();
    let after =
        crate::domain::pq_roles::with_role(&roles, crate::domain::amhp_supervision::AMHP, open > 0)
            .join(",");
    if after != before {
        query("UPDATE practitioners SET pq_roles = $1, updated_at = $2 WHERE id = $3")
            .bind(after)
            .bind(super::sql::now())
            .bind(id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// What the organisation's workforce figures need about one current practitioner (no names):
/// the self-assessment evidence and the strategic statement count these.
#[derive(Debug, Clone)]
pub struct WorkforceLine {
    pub id: i64,
    pub career_stage: String,
    pub role_category: String,
    pub wte: f64,
    pub pq_roles: Vec<String>,
    /// `RegistrationStatus` code, if recorded.
    pub registration_status: Option<String>,
    /// The employing organisation's name: the board report splits by it.
    pub employer_name: String,
}

/// Current practitioners in `scope` (no end date), one set-based read.
pub async fn workforce_lines(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<Vec<WorkforceLine>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.career_stage, p.role_category, p.wte, p.pq_roles, rg.status,
            e.name AS employer_name
         FROM practitioners p LEFT JOIN registrations rg ON rg.practitioner_id = p.id
         JOIN organisations e ON e.id = p.employer_org_id",
    );
    push_scope(&mut sql, scope);
    sql.push(" AND p.end_date IS NULL ORDER BY p.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let pq: String = r.try_get("pq_roles")?;
            Ok(WorkforceLine {
                id: r.try_get("id")?,
                career_stage: r.try_get("career_stage")?,
                role_category: r.try_get("role_category")?,
                wte: r.try_get("wte")?,
                pq_roles: role_codes(&pq),
                registration_status: r.try_get("status")?,
                employer_name: r.try_get("employer_name")?,
            })
        })
        .collect()
}

/// The teams and employers of the people in `scope` who are in post, each once and by
/// name: the choices a list's filter offers (never a team or employer the viewer cannot see).
pub async fn filter_choices(
    pool: &Pool,
    scope: &PractitionerScope,
) -> Result<(Vec<(i64, String)>, Vec<(i64, String)>), sqlx::Error> {
    let read = |select: &str, join: &str| {
        let mut sql = Sql::new(&format!("{select} FROM practitioners p {join}"));
        push_scope(&mut sql, scope);
        sql.push(" AND p.end_date IS NULL ORDER BY 2, 1");
        sql
    };
    let pairs = |rows: Vec<Row>| -> Result<Vec<(i64, String)>, sqlx::Error> {
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    };
    let teams = read(
        "SELECT DISTINCT t.id, t.name",
        "JOIN teams t ON t.id = p.team_id",
    )
    .query()
    .fetch_all(pool)
    .await?;
    let employers = read(
        "SELECT DISTINCT o.id, o.name",
        "JOIN organisations o ON o.id = p.employer_org_id",
    )
    .query()
    .fetch_all(pool)
    .await?;
    Ok((pairs(teams)?, pairs(employers)?))
}
