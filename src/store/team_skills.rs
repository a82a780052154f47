//! A team's skills audit and role-clarity reviews (`domain::team_skills`).

use crate::domain::team_skills::Review;
use crate::store::engine::{Conn, Pool, query, query_as};
use std::collections::BTreeMap;
use time::Date;

/// The team's people in post today: (id, name, post-qualifying roles, skills marked here).
pub async fn members(
    pool: &Pool,
    team: i64,
    today: Date,
) -> Result<Vec<(i64, String, Vec<String>)>, sqlx::Error> {
    let rows = query(
        "SELECT p.id, p.given_name || ' ' || p.family_name, p.pq_roles FROM practitioners p
         WHERE p.team_id = $1 AND p.start_date <= $2 AND (p.end_date IS NULL OR p.end_date >= $2)
         ORDER BY p.family_name, p.given_name, p.id",
    )
    .bind(team)
    .bind(today)
    .fetch_all(pool)
    .await?;
    let marked = query(
        "SELECT s.practitioner_id, s.skill FROM practitioner_skills s
         JOIN practitioners p ON p.id = s.practitioner_id WHERE p.team_id = $1",
    )
    .bind(team)
    .fetch_all(pool)
    .await?;
    let mut by: BTreeMap<i64, Vec<String>> = BTreeMap::new();
    for r in &marked {
        by.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            let pq: String = r.try_get(2)?;
            let mut skills = super::practitioners::role_codes(&pq);
            skills.extend(by.remove(&id).unwrap_or_default());
            Ok((id, r.try_get(1)?, skills))
        })
        .collect()
}

pub async fn needs(pool: &Pool, team: i64) -> Result<BTreeMap<String, u32>, sqlx::Error> {
    let rows = query("SELECT skill, needed FROM team_skill_needs WHERE team_id = $1")
        .bind(team)
        .fetch_all(pool)
        .await?;
    rows.iter()
        .map(|r| {
            let n: i64 = r.try_get(1)?;
            Ok((r.try_get(0)?, u32::try_from(n).unwrap_or(0)))
        })
        .collect()
}

/// Replaces the team's needs and the marked skills of `people` (the team's members), and
/// records the audit.
pub async fn save_audit(
    conn: &mut Conn,
    team: i64,
    needs: &BTreeMap<String, u32>,
    people: &[(i64, Vec<String>)],
    on: Date,
    by: i64,
) -> Result<i64, sqlx::Error> {
    query("DELETE FROM team_skill_needs WHERE team_id = $1")
        .bind(team)
        .execute(&mut *conn)
        .await?;
    for (skill, n) in needs {
        query("INSERT INTO team_skill_needs (team_id, skill, needed) VALUES ($1, $2, $3)")
            .bind(team)
            .bind(skill.as_str())
            .bind(i64::from(*n))
            .execute(&mut *conn)
            .await?;
    }
    for (pid, skills) in people {
        query("DELETE FROM practitioner_skills WHERE practitioner_id = $1")
            .bind(*pid)
            .execute(&mut *conn)
            .await?;
        for s in skills {
            query("INSERT INTO practitioner_skills (practitioner_id, skill) VALUES ($1, $2)")
                .bind(*pid)
                .bind(s.as_str())
                .execute(&mut *conn)
                .await?;
        }
    }
    query(
        "INSERT INTO team_skill_audits (team_id, audited_on, audited_by_user_id)
         VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(team)
    .bind(on)
    .bind(by)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// The last audit's day of each team of `org` that has one.
pub async fn last_audits(pool: &Pool, org: i64) -> Result<BTreeMap<i64, Date>, sqlx::Error> {
    last_of(pool, org, "team_skill_audits", "audited_on").await
}

/// The last role-clarity review's day of each team of `org` that has one.
pub async fn last_reviews(pool: &Pool, org: i64) -> Result<BTreeMap<i64, Date>, sqlx::Error> {
    last_of(pool, org, "role_clarity_reviews", "held_on").await
}

async fn last_of(
    pool: &Pool,
    org: i64,
    table: &str,
    column: &str,
) -> Result<BTreeMap<i64, Date>, sqlx::Error> {
    let rows = query(format!(
        "SELECT x.team_id, MAX(x.{column}) FROM {table} x JOIN teams t ON t.id = x.team_id
         WHERE t.org_id = $1 GROUP BY x.team_id"
    ))
    .bind(org)
    .fetch_all(pool)
    .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// One role-clarity review as its readers see it.
#[derive(Debug, Clone, sqlx::FromRow, serde::Serialize, utoipa::ToSchema)]
#[schema(as = RoleClarityReview)]
pub struct ReviewRow {
    pub id: i64,
    pub held_on: Date,
    pub found: String,
    pub actions: String,
    pub recorded_by: Option<String>,
}

pub async fn reviews(pool: &Pool, team: i64) -> Result<Vec<ReviewRow>, sqlx::Error> {
    query_as(
        "SELECT r.id, r.held_on, r.found, r.actions, u.display_name AS recorded_by
         FROM role_clarity_reviews r LEFT JOIN users u ON u.id = r.recorded_by_user_id
         WHERE r.team_id = $1 ORDER BY r.held_on DESC, r.id DESC",
    )
    .bind(team)
    .fetch_all(pool)
    .await
}

pub async fn insert_review(
    conn: &mut Conn,
    team: i64,
    r: &Review,
    by: i64,
) -> Result<i64, sqlx::Error> {
    query(
        "INSERT INTO role_clarity_reviews (team_id, held_on, found, actions, recorded_by_user_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(team)
    .bind(r.held_on)
    .bind(r.found.as_str())
    .bind(r.actions.as_str())
    .bind(by)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)
}

/// The organisation's teams, by id.
pub async fn team_ids(pool: &Pool, org: i64) -> Result<Vec<i64>, sqlx::Error> {
    let rows = query("SELECT id FROM teams WHERE org_id = $1 ORDER BY id")
        .bind(org)
        .fetch_all(pool)
        .await?;
    rows.iter().map(|r| r.try_get(0)).collect()
}
