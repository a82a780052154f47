//! Teams and services.

use super::sql::{Page, Paged, Sql, contains_pattern, now};
use crate::domain::team::TeamFields;
use crate::store::engine::{Conn, Pool, query, query_as};

#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
pub struct Team {
    pub id: i64,
    pub org_id: i64,
    pub org_name: String,
    pub name: String,
    pub service_model: String,
    /// Practitioners currently in the team (no end date).
    pub practitioner_count: i64,
}

const SELECT: &str = "SELECT t.id, t.org_id, o.name AS org_name, t.name, t.service_model,
    (SELECT COUNT(*) FROM practitioners p WHERE p.team_id = t.id AND p.end_date IS NULL) AS practitioner_count
    FROM teams t JOIN organisations o ON o.id = t.org_id";

pub fn sort_sql(key: &str) -> &'static str {
    match key {
        "service" => "t.service_model, t.name",
        "size" => "practitioner_count",
        _ => "t.name",
    }
}

fn push_filter(sql: &mut Sql, org: i64, search: &str, service_model: &str) {
    sql.push(" WHERE t.org_id = ").bind(org);
    if !search.trim().is_empty() {
        sql.push(" AND LOWER(t.name) LIKE ")
            .bind(contains_pattern(search.trim()))
            .push(" ESCAPE '\\'");
    }
    if !service_model.is_empty() {
        sql.push(" AND t.service_model = ").bind(service_model);
    }
}

pub async fn list(
    pool: &Pool,
    org: i64,
    search: &str,
    service_model: &str,
    sort: &str,
    desc: bool,
    page: &Page,
) -> Result<Paged<Team>, sqlx::Error> {
    let mut count = Sql::new("SELECT COUNT(*) FROM teams t");
    push_filter(&mut count, org, search, service_model);
    let total: i64 = count.query().fetch_one(pool).await?.try_get(0)?;
    let mut select = Sql::new(SELECT);
    push_filter(&mut select, org, search, service_model);
    select.push(&format!(
        " ORDER BY {} {}, t.id LIMIT ",
        sort_sql(sort),
        if desc { "DESC" } else { "ASC" }
    ));
    select.bind(page.size).push(" OFFSET ").bind(page.offset());
    let items = select.query_as().fetch_all(pool).await?;
    Ok(Paged {
        items,
        total,
        page: page.number,
        page_size: page.size,
    })
}

/// Every team of the given organisations, for choosing one on a form.
pub async fn for_orgs(pool: &Pool, orgs: &[i64]) -> Result<Vec<Team>, sqlx::Error> {
    let mut sql = Sql::new(SELECT);
    sql.push(" WHERE t.org_id IN (");
    for (i, o) in orgs.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        sql.bind(*o);
    }
    if orgs.is_empty() {
        sql.push("NULL");
    }
    sql.push(") ORDER BY o.name, t.name");
    sql.query_as().fetch_all(pool).await
}

pub async fn get(pool: &Pool, id: i64) -> Result<Option<Team>, sqlx::Error> {
    query_as(format!("{SELECT} WHERE t.id = $1"))
        .bind(id)
        .fetch_optional(pool)
        .await
}

pub async fn insert(conn: &mut Conn, org: i64, f: &TeamFields) -> Result<i64, sqlx::Error> {
    let t = now();
    query("INSERT INTO teams (org_id, name, service_model, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id")
        .bind(org)
        .bind(f.name.clone())
        .bind(f.service_model.clone())
        .bind(t)
        .fetch_one(conn)
        .await?
        .try_get(0)
}

pub async fn update(conn: &mut Conn, id: i64, f: &TeamFields) -> Result<(), sqlx::Error> {
    query("UPDATE teams SET name = $1, service_model = $2, updated_at = $3 WHERE id = $4")
        .bind(f.name.clone())
        .bind(f.service_model.clone())
        .bind(now())
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}
