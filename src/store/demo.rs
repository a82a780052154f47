//! What the demo generator reads back while it builds: the people in post as it left
//! them so far. One query, decoded once here; each step of the generator picks the people
//! it works on (every step keeps the order of ids, so the demo stays deterministic).

use crate::store::engine::{Conn, Pool, query};
use time::Date;

/// A practitioner in post (no end date), as the demo generator needs them.
#[derive(Debug, Clone)]
pub struct InPost {
    pub id: i64,
    pub team_id: Option<i64>,
    pub employer_org_id: i64,
    pub host_org_id: Option<i64>,
    pub career_stage: String,
    pub start_date: Date,
    pub wte: f64,
    pub swe_number: Option<String>,
    pub pq_roles: String,
    /// Given and family name.
    pub name: String,
    /// Their user account, if they have one: the first made, and the first email.
    pub user_id: Option<i64>,
    pub email: Option<String>,
}

/// Everyone in post, by id.
pub async fn in_post(conn: &mut Conn) -> anyhow::Result<Vec<InPost>> {
    let rows = query(
        "SELECT p.id, p.team_id, p.employer_org_id, p.host_org_id, p.career_stage, p.start_date,
            p.wte, p.swe_number, p.pq_roles, p.given_name || ' ' || p.family_name AS name,
            (SELECT MIN(u.id) FROM users u WHERE u.practitioner_id = p.id) AS user_id,
            (SELECT MIN(u.email) FROM users u WHERE u.practitioner_id = p.id) AS email
         FROM practitioners p WHERE p.end_date IS NULL ORDER BY p.id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InPost {
                id: r.try_get("id")?,
                team_id: r.try_get("team_id")?,
                employer_org_id: r.try_get("employer_org_id")?,
                host_org_id: r.try_get("host_org_id")?,
                career_stage: r.try_get("career_stage")?,
                start_date: r.try_get("start_date")?,
                wte: r.try_get("wte")?,
                swe_number: r.try_get("swe_number")?,
                pq_roles: r.try_get("pq_roles")?,
                name: r.try_get("name")?,
                user_id: r.try_get("user_id")?,
                email: r.try_get("email")?,
            })
        })
        .collect()
}

/// The first user account linked to a practitioner, if any.
pub async fn linked_user(
    conn: &mut Conn,
    practitioner_id: i64,
) -> Result<Option<i64>, sqlx::Error> {
    query("SELECT id FROM users WHERE practitioner_id = $1 ORDER BY id LIMIT 1")
        .bind(practitioner_id)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// How many organisations and teams the database holds: what the demo says it made, counted
/// rather than added up from the steps that made them (the benchmark peers are theirs too).
pub async fn organisations_and_teams(pool: &Pool) -> anyhow::Result<(usize, usize)> {
    let r = query(
        "SELECT (SELECT COUNT(*) FROM organisations) AS organisations,
                (SELECT COUNT(*) FROM teams) AS teams",
    )
    .fetch_one(pool)
    .await?;
    let n =
        |name: &str| -> anyhow::Result<usize> { Ok(usize::try_from(r.try_get::<i64, _>(name)?)?) };
    Ok((n("organisations")?, n("teams")?))
}
