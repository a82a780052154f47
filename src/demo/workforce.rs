//! The trust's workforce plan figures, on their own random stream (so the rest of the
//! demo is unchanged): team establishments (most teams a little above their WTE in post,
//! one not entered), two data years of placements and recruitment figures, some band
//! moves in the last year, and a few people in the AMHP and BIA pipelines.

use crate::domain::post_qualifying::RoleRecord;
use crate::domain::workforce::year::{YearFigures, year_end, year_ending_for};
use crate::store::Conn;
use crate::store::engine::query;
use crate::store::{post_qualifying, workforce};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

pub async fn build(
    conn: &mut Conn,
    seed: u64,
    trust: i64,
    psw_user: i64,
    today: Date,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5746_4f52_4345);
    // Each team of the trust with the WTE in post in it, in hundredths.
    let teams: Vec<(i64, u64)> = query(
        "SELECT t.id, COALESCE(SUM(CASE WHEN p.end_date IS NULL THEN p.wte ELSE 0.0 END), 0.0)
         FROM teams t LEFT JOIN practitioners p ON p.team_id = t.id
         WHERE t.org_id = $1 GROUP BY t.id ORDER BY t.id",
    )
    .bind(trust)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| {
        let wte: f64 = r.try_get(1)?;
        Ok((r.try_get(0)?, (wte * 100.0).round().max(0.0) as u64))
    })
    .collect::<Result<_, sqlx::Error>>()?;
    for (i, (team, in_post)) in teams.iter().enumerate() {
        // The last team has not entered its establishment.
        if i + 1 == teams.len() {
            continue;
        }
        let extra: u64 = rng.gen_range(0..=4) * 50;
        workforce::set_establishment(conn, *team, Some(in_post.div_ceil(50) * 50 + extra)).await?;
    }
    let latest = year_ending_for(today).year() - 1;
    for (year, scale) in [(latest - 1, 1), (latest, 2)] {
        let f = YearFigures {
            year_ending: year_end(year),
            student_placements: Some(rng.gen_range(8..=14)),
            shortlisted_white: Some(40 * scale + rng.gen_range(0..10)),
            appointed_white: Some(12 * scale + rng.gen_range(0..4)),
            shortlisted_bme: Some(30 * scale + rng.gen_range(0..10)),
            appointed_bme: Some(6 * scale + rng.gen_range(0..4)),
            disciplinary_white: Some(rng.gen_range(0..3)),
            disciplinary_bme: Some(rng.gen_range(0..3)),
        };
        workforce::set_year(conn, trust, &f, Some(psw_user)).await?;
    }
    // Band moves: a few of the trust's own band 7s were band 6 until some day this year.
    let sevens: Vec<(i64, Date)> = query(
        "SELECT p.id, p.start_date FROM practitioners p
         WHERE p.employer_org_id = $1 AND p.host_org_id = $1 AND p.band = '7'
           AND p.end_date IS NULL AND p.start_date < $2 ORDER BY p.id",
    )
    .bind(trust)
    .bind(today - Duration::days(800))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_, sqlx::Error>>()?;
    for (id, _) in sevens.iter().step_by(3) {
        query("UPDATE practitioner_posts SET band = '6' WHERE practitioner_id = $1")
            .bind(*id)
            .execute(&mut *conn)
            .await?;
        let moved_on = today - Duration::days(rng.gen_range(20..330));
        workforce::record_post(conn, *id, moved_on).await?;
    }
    // The pipeline: two senior social workers training for AMHP approval, one for BIA.
    let seniors: Vec<i64> = query(
        "SELECT p.id FROM practitioners p WHERE p.host_org_id = $1 AND p.career_stage = 'senior'
           AND p.end_date IS NULL AND p.pq_roles NOT LIKE '%amhp%' ORDER BY p.id LIMIT 3",
    )
    .bind(trust)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, sqlx::Error>>()?;
    for (i, id) in seniors.iter().enumerate() {
        let role = if i < 2 {
            "amhp_training"
        } else {
            "bia_training"
        };
        let record = RoleRecord {
            practitioner_id: *id,
            role: role.into(),
            qualified_on: None,
            stage: "in_training".into(),
            last_training_on: None,
            allocations: 0,
            next_report_due: None,
            notes: String::new(),
        };
        post_qualifying::save_role(conn, &record, psw_user).await?;
    }
    Ok(())
}
