//! Reads for an organisation's workforce intelligence (`service::workforce::intelligence`)
//! and the writes only it makes: team establishments, the post history and the figures an
//! organisation enters for a year. Each read is one set-based statement, whatever the
//! number of people.

use super::partnerships::push_reached_by;
use super::sql::{Sql, now};
use crate::domain::stocktake::{Hundredths, age_group_on};
use crate::domain::workforce::year::YearFigures;
use crate::domain::workforce::{Arrangement, Person};
use crate::store::engine::{Conn, Pool, query};
use std::collections::HashMap;
use time::Date;

/// Everyone employed by or working in `org` (as every page's organisation scope reaches
/// them) who was in post at any time after `since`, with their age group on `day`, each
/// with their record's id.
pub async fn people(
    pool: &Pool,
    org: i64,
    since: Date,
    day: Date,
) -> Result<Vec<(i64, Person)>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT p.id, p.employer_org_id, p.host_org_id, e.org_type, p.team_id, t.service_model,
                p.role_category, p.career_stage, p.band, p.wte, p.start_date, p.end_date,
                q.date_of_birth, q.age_band, q.ethnic_category, q.sex, q.disability
         FROM practitioners p
         JOIN organisations e ON e.id = p.employer_org_id
         LEFT JOIN teams t ON t.id = p.team_id
         LEFT JOIN practitioner_equality q ON q.practitioner_id = p.id
         WHERE ",
    );
    push_reached_by(&mut sql, org);
    sql.push(" AND (p.end_date IS NULL OR p.end_date > ")
        .bind(since)
        .push(") ORDER BY p.id");
    sql.query()
        .fetch_all(pool)
        .await?
        .iter()
        .map(|r| {
            let wte: f64 = r.try_get("wte")?;
            let org_type: String = r.try_get("org_type")?;
            let born: Option<Date> = r.try_get("date_of_birth")?;
            let band: Option<String> = r.try_get("age_band")?;
            Ok((
                r.try_get("id")?,
                Person {
                    team_id: r.try_get("team_id")?,
                    service_model: r.try_get("service_model")?,
                    arrangement: Arrangement::of(
                        org,
                        r.try_get("employer_org_id")?,
                        r.try_get("host_org_id")?,
                        &org_type,
                    ),
                    role_category: r.try_get("role_category")?,
                    career_stage: r.try_get("career_stage")?,
                    band: r.try_get("band")?,
                    wte: (wte * 100.0).round().max(0.0) as Hundredths,
                    start_date: r.try_get("start_date")?,
                    end_date: r.try_get("end_date")?,
                    age_group: age_group_on(born, band.as_deref(), day),
                    ethnic_category: r.try_get("ethnic_category")?,
                    sex: r.try_get("sex")?,
                    disability: r.try_get("disability")?,
                },
            ))
        })
        .collect()
}

/// Each practitioner's band history (effective from, band) in date order, for those
/// `people` reads: one statement over the same scope.
pub async fn band_histories(
    pool: &Pool,
    org: i64,
    since: Date,
) -> Result<HashMap<i64, Vec<(Date, String)>>, sqlx::Error> {
    let mut sql = Sql::new(
        "SELECT h.practitioner_id, h.effective_from, h.band
         FROM practitioner_posts h JOIN practitioners p ON p.id = h.practitioner_id
         WHERE ",
    );
    push_reached_by(&mut sql, org);
    sql.push(" AND (p.end_date IS NULL OR p.end_date > ")
        .bind(since)
        .push(") ORDER BY h.practitioner_id, h.effective_from, h.id");
    let mut out: HashMap<i64, Vec<(Date, String)>> = HashMap::new();
    for r in sql.query().fetch_all(pool).await? {
        out.entry(r.try_get(0)?)
            .or_default()
            .push((r.try_get(1)?, r.try_get(2)?));
    }
    Ok(out)
}

/// One practitioner's post history, newest first (the practitioner's page).
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PostLine {
    pub effective_from: Date,
    pub team_name: Option<String>,
    pub role_category: String,
    pub career_stage: String,
    pub band: String,
    /// Whole-time equivalent, as a number (1.0 is full time).
    pub wte: f64,
}

pub async fn history_of(pool: &Pool, practitioner_id: i64) -> Result<Vec<PostLine>, sqlx::Error> {
    query(
        "SELECT h.effective_from, t.name, h.role_category, h.career_stage, h.band, h.wte_hundredths
         FROM practitioner_posts h LEFT JOIN teams t ON t.id = h.team_id
         WHERE h.practitioner_id = $1 ORDER BY h.effective_from DESC, h.id DESC",
    )
    .bind(practitioner_id)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let w: i64 = r.try_get(5)?;
        Ok(PostLine {
            effective_from: r.try_get(0)?,
            team_name: r.try_get(1)?,
            role_category: r.try_get(2)?,
            career_stage: r.try_get(3)?,
            band: r.try_get(4)?,
            wte: w as f64 / 100.0,
        })
    })
    .collect()
}

/// Adds a row to the practitioner's post history, effective from `on` (or their start
/// date, if later), when their team, role category, career stage, band or WTE differs from
/// the latest row: call it in the same transaction as every write to those fields.
pub async fn record_post(
    conn: &mut Conn,
    practitioner_id: i64,
    on: Date,
) -> Result<(), sqlx::Error> {
    query(
        "INSERT INTO practitioner_posts (practitioner_id, effective_from, team_id, role_category,
             career_stage, band, wte_hundredths, recorded_at)
         SELECT p.id, CASE WHEN p.start_date > $2 THEN p.start_date ELSE $2 END, p.team_id,
                p.role_category, p.career_stage, p.band, CAST(ROUND(p.wte * 100) AS INTEGER), $3
         FROM practitioners p
         WHERE p.id = $1 AND NOT EXISTS (
             SELECT 1 FROM practitioner_posts h
             WHERE h.id = (SELECT MAX(l.id) FROM practitioner_posts l WHERE l.practitioner_id = p.id)
               AND h.team_id IS NOT DISTINCT FROM p.team_id AND h.role_category = p.role_category
               AND h.career_stage = p.career_stage AND h.band = p.band
               AND h.wte_hundredths = CAST(ROUND(p.wte * 100) AS INTEGER))",
    )
    .bind(practitioner_id)
    .bind(on)
    .bind(now())
    .execute(conn)
    .await?;
    Ok(())
}

/// A team of the organisation with its establishment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamEstablishment {
    pub id: i64,
    pub name: String,
    pub service_model: String,
    pub establishment: Option<Hundredths>,
}

pub async fn teams_of(pool: &Pool, org: i64) -> Result<Vec<TeamEstablishment>, sqlx::Error> {
    query(
        "SELECT id, name, service_model, establishment_wte_hundredths FROM teams
         WHERE org_id = $1 ORDER BY name, id",
    )
    .bind(org)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let e: Option<i64> = r.try_get(3)?;
        Ok(TeamEstablishment {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            service_model: r.try_get(2)?,
            establishment: e.map(|e| e.max(0) as Hundredths),
        })
    })
    .collect()
}

pub async fn set_establishment(
    conn: &mut Conn,
    team_id: i64,
    establishment: Option<Hundredths>,
) -> Result<(), sqlx::Error> {
    query("UPDATE teams SET establishment_wte_hundredths = $1, updated_at = $2 WHERE id = $3")
        .bind(establishment.map(|e| e as i64))
        .bind(now())
        .bind(team_id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The figures an organisation entered for each year, newest first.
pub async fn years_of(pool: &Pool, org: i64) -> Result<Vec<YearFigures>, sqlx::Error> {
    query(
        "SELECT year_ending, student_placements, shortlisted_white, appointed_white,
                shortlisted_bme, appointed_bme, disciplinary_white, disciplinary_bme
         FROM workforce_years WHERE org_id = $1 ORDER BY year_ending DESC",
    )
    .bind(org)
    .fetch_all(pool)
    .await?
    .iter()
    .map(|r| {
        let n = |i: usize| -> Result<Option<u64>, sqlx::Error> {
            Ok(r.try_get::<Option<i64>, _>(i)?.map(|v| v.max(0) as u64))
        };
        Ok(YearFigures {
            year_ending: Some(r.try_get(0)?),
            student_placements: n(1)?,
            shortlisted_white: n(2)?,
            appointed_white: n(3)?,
            shortlisted_bme: n(4)?,
            appointed_bme: n(5)?,
            disciplinary_white: n(6)?,
            disciplinary_bme: n(7)?,
        })
    })
    .collect()
}

/// Sets an organisation's figures for one year (the year's earlier figures are replaced).
pub async fn set_year(
    conn: &mut Conn,
    org: i64,
    f: &YearFigures,
    user_id: Option<i64>,
) -> Result<(), sqlx::Error> {
    let n = |v: Option<u64>| v.map(|v| v as i64);
    query(
        "INSERT INTO workforce_years (org_id, year_ending, student_placements, shortlisted_white,
             appointed_white, shortlisted_bme, appointed_bme, disciplinary_white, disciplinary_bme,
             updated_at, updated_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (org_id, year_ending) DO UPDATE SET
             student_placements = excluded.student_placements,
             shortlisted_white = excluded.shortlisted_white,
             appointed_white = excluded.appointed_white,
             shortlisted_bme = excluded.shortlisted_bme,
             appointed_bme = excluded.appointed_bme,
             disciplinary_white = excluded.disciplinary_white,
             disciplinary_bme = excluded.disciplinary_bme,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by",
    )
    .bind(org)
    .bind(f.year_ending)
    .bind(n(f.student_placements))
    .bind(n(f.shortlisted_white))
    .bind(n(f.appointed_white))
    .bind(n(f.shortlisted_bme))
    .bind(n(f.appointed_bme))
    .bind(n(f.disciplinary_white))
    .bind(n(f.disciplinary_bme))
    .bind(now())
    .bind(user_id)
    .execute(conn)
    .await?;
    Ok(())
}
