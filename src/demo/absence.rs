//! Sickness absence episodes for the trust's own staff, so that the absence page and the
//! board report's consideration 5 have something to show: about one person in three
//! with one episode in the last year (a few days of a cough or a back problem, now and
//! then a longer stress-related one), and one still absent. Fixed by each person's place
//! in the list, not random: the rest of the demo's streams are unchanged.

use crate::domain::absence::Episode;
use crate::store::Conn;
use crate::store::absence as store;
use crate::store::engine::query;
use time::{Date, Duration};

/// (reason, days) by turn.
const PATTERN: [(&str, i64); 6] = [
    ("S13", 3),
    ("S11", 5),
    ("S10", 28),
    ("S25", 2),
    ("S12", 9),
    ("S13", 4),
];

pub async fn build(
    conn: &mut Conn,
    trust: i64,
    recorded_by: i64,
    today: Date,
) -> anyhow::Result<()> {
    let people = query(
        "SELECT id, work_email FROM practitioners
         WHERE employer_org_id = $1 AND end_date IS NULL ORDER BY id",
    )
    .bind(trust)
    .fetch_all(&mut *conn)
    .await?;
    for (k, row) in people.iter().enumerate().filter(|(k, _)| k % 3 == 1) {
        let (id, email): (i64, String) = (row.try_get(0)?, row.try_get(1)?);
        let turn = k / 3;
        let (reason, days) = PATTERN[turn % PATTERN.len()];
        let first = today - Duration::days(20 + (turn as i64 * 37) % 320);
        // The first long episode is still going on.
        let last = (turn != 2).then(|| first + Duration::days(days - 1));
        let episode = Episode {
            work_email: email,
            first_day: first,
            last_day: last,
            reason: reason.into(),
        };
        store::insert(conn, trust, id, &episode, recorded_by).await?;
    }
    Ok(())
}
