//! Organisations and the partnerships between them.

use super::sql::{Page, Paged, Sql, contains_pattern, now};
use crate::domain::organisation::OrganisationFields;
use crate::store::engine::{Conn, Pool, Row, query};

#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct Organisation {
    pub id: i64,
    pub name: String,
    pub ods_code: String,
    pub org_type: String,
    pub region: String,
    pub population: Option<i64>,
    pub is_nhs_body: bool,
}

/// Which organisations a list shows.
#[derive(Debug, Clone, Copy)]
pub enum OrgVisibility {
    All,
    /// One organisation and those it has an agreement in force with, either way round.
    WithPartners(i64),
}

const COLUMNS: &str = "id, name, ods_code, org_type, region, population, is_nhs_body";

fn from_row(r: &Row) -> Result<Organisation, sqlx::Error> {
    Ok(Organisation {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        ods_code: r.try_get("ods_code")?,
        org_type: r.try_get("org_type")?,
        region: r.try_get("region")?,
        population: r.try_get("population")?,
        is_nhs_body: r.try_get("is_nhs_body")?,
    })
}

fn push_visibility(sql: &mut Sql, vis: OrgVisibility) {
    match vis {
        OrgVisibility::All => {
            sql.push(" WHERE 1 = 1");
        }
        OrgVisibility::WithPartners(org) => {
            sql.push(" WHERE (id = ").bind(org);
            sql.push(
                " OR id IN (SELECT host_org_id FROM partnership_agreements
                   WHERE status = 'in_force' AND employer_org_id = ",
            )
            .bind(org);
            sql.push(
                ") OR id IN (SELECT employer_org_id FROM partnership_agreements
                   WHERE status = 'in_force' AND host_org_id = ",
            )
            .bind(org);
            sql.push("))");
        }
    }
}

/// Sort keys a list page may ask for, each mapped to fixed SQL.
pub fn sort_sql(key: &str) -> &'static str {
    match key {
        "ods" => "ods_code",
        "type" => "org_type, name",
        "region" => "region, name",
        _ => "name",
    }
}

pub async fn list(
    pool: &Pool,
    vis: OrgVisibility,
    search: &str,
    sort: &str,
    desc: bool,
    page: &Page,
) -> Result<Paged<Organisation>, sqlx::Error> {
    let mut filter = Sql::default();
    push_visibility(&mut filter, vis);
    let mut count = Sql::new("SELECT COUNT(*) FROM organisations");
    let mut select = Sql::new(&format!("SELECT {COLUMNS} FROM organisations"));
    for sql in [&mut count, &mut select] {
        push_visibility(sql, vis);
        if !search.trim().is_empty() {
            let pat = contains_pattern(search.trim());
            sql.push(" AND (LOWER(name) LIKE ")
                .bind(pat.clone())
                .push(" ESCAPE '\\' OR LOWER(ods_code) LIKE ")
                .bind(pat)
                .push(" ESCAPE '\\')");
        }
    }
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;
    select.push(&format!(
        " ORDER BY {} {}, id LIMIT ",
        sort_sql(sort),
        if desc { "DESC" } else { "ASC" }
    ));
    select.bind(page.size).push(" OFFSET ").bind(page.offset());
    let rows = select.query().fetch_all(pool).await?;
    Ok(Paged {
        items: rows.iter().map(from_row).collect::<Result<_, _>>()?,
        total,
        page: page.number,
        page_size: page.size,
    })
}

/// Whether `id` is visible under `vis`.
pub async fn is_visible(pool: &Pool, vis: OrgVisibility, id: i64) -> Result<bool, sqlx::Error> {
    let mut sql = Sql::new("SELECT COUNT(*) FROM organisations");
    push_visibility(&mut sql, vis);
    sql.push(" AND id = ").bind(id);
    Ok(sql.query().fetch_one(pool).await?.try_get::<i64, _>(0)? > 0)
}

pub async fn get(pool: &Pool, id: i64) -> Result<Option<Organisation>, sqlx::Error> {
    query(format!("SELECT {COLUMNS} FROM organisations WHERE id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await?
        .as_ref()
        .map(from_row)
        .transpose()
}

pub async fn all(pool: &Pool) -> Result<Vec<Organisation>, sqlx::Error> {
    query(format!("SELECT {COLUMNS} FROM organisations ORDER BY name"))
        .fetch_all(pool)
        .await?
        .iter()
        .map(from_row)
        .collect()
}

pub async fn insert(conn: &mut Conn, f: &OrganisationFields) -> Result<i64, sqlx::Error> {
    let t = now();
    query(
        "INSERT INTO organisations (name, ods_code, org_type, region, population, is_nhs_body, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id",
    )
    .bind(f.name.clone())
    .bind(f.ods_code.clone())
    .bind(f.org_type.clone())
    .bind(f.region.clone())
    .bind(f.population)
    .bind(f.is_nhs_body)
    .bind(t)
    .fetch_one(conn)
    .await?
    .try_get(0)
}

pub async fn update(conn: &mut Conn, id: i64, f: &OrganisationFields) -> Result<(), sqlx::Error> {
    query(
        "UPDATE organisations SET name = $1, ods_code = $2, org_type = $3, region = $4, population = $5,
         is_nhs_body = $6, updated_at = $7 WHERE id = $8",
    )
    .bind(f.name.clone())
    .bind(f.ods_code.clone())
    .bind(f.org_type.clone())
    .bind(f.region.clone())
    .bind(f.population)
    .bind(f.is_nhs_body)
    .bind(now())
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

/// The number of AMHPs the organisation says it needs, if it has said.
pub async fn amhps_required(pool: &Pool, org: i64) -> Result<Option<i64>, sqlx::Error> {
    query("SELECT amhps_required FROM organisations WHERE id = $1")
        .bind(org)
        .fetch_optional(pool)
        .await?
        .map_or(Ok(None), |r| r.try_get(0))
}

pub async fn set_amhps_required(
    conn: &mut Conn,
    org: i64,
    required: Option<i64>,
) -> Result<(), sqlx::Error> {
    query("UPDATE organisations SET amhps_required = $1, updated_at = $2 WHERE id = $3")
        .bind(required)
        .bind(now())
        .bind(org)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The organisation's principal social worker or senior social work lead post.
pub async fn social_work_lead(
    pool: &Pool,
    org: i64,
) -> Result<crate::domain::social_work_lead::SocialWorkLead, sqlx::Error> {
    let row =
        query("SELECT psw_post, psw_level, psw_line_to_board FROM organisations WHERE id = $1")
            .bind(org)
            .fetch_optional(pool)
            .await?;
    Ok(match row {
        Some(r) => crate::domain::social_work_lead::SocialWorkLead {
            post: r.try_get(0)?,
            level: r.try_get(1)?,
            line_to_board: r.try_get(2)?,
        },
        None => Default::default(),
    })
}

pub async fn set_social_work_lead(
    conn: &mut Conn,
    org: i64,
    lead: &crate::domain::social_work_lead::SocialWorkLead,
) -> Result<(), sqlx::Error> {
    query(
        "UPDATE organisations SET psw_post = $1, psw_level = $2, psw_line_to_board = $3, updated_at = $4
         WHERE id = $5",
    )
    .bind(lead.post.clone())
    .bind(lead.level.clone())
    .bind(lead.line_to_board.clone())
    .bind(now())
    .bind(org)
    .execute(conn)
    .await
    .map(|_| ())
}
