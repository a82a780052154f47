//! Wellbeing survey cycles in the trust, so that the survey's pages, the self-assessment's
//! evidence and the board report have something to show: last year's, closed, answered by
//! about four in five of the staff employed then; and this year's, open, answered by about
//! half so far (Pat, the demo practitioner, has not answered, so the home page shows
//! it waiting). Answers come from a fixed rule, not a random stream, so the rest of the
//! demo is unchanged; workload and wellbeing agree least, as health checks tend to find.

use crate::domain::survey::{Answers, current, tallies};
use crate::store::Conn;
use crate::store::engine::query;
use crate::store::survey::{self as store, NewCycle};
use time::{Date, Duration};

/// A practitioner's answer in a cycle: each statement's point from a small hash of who,
/// which cycle and which statement, pulled down for the workload and wellbeing standards.
fn answers(practitioner: i64, cycle: i64) -> Answers {
    let i = current();
    let mut values = Vec::new();
    for (s_index, s) in i.standards.iter().enumerate() {
        let harder = matches!(s.code.as_str(), "workload" | "wellbeing");
        for (k, st) in s.statements.iter().enumerate() {
            let h = (practitioner * 31 + cycle * 17 + (s_index * 7 + k) as i64 * 13) % 10;
            let point = match (harder, h) {
                (_, 0) => 1,
                (true, 1..=4) | (false, 1..=2) => 2,
                (true, 5) | (false, 3) => 3,
                (_, 9) => 5,
                _ => 4,
            };
            values.push((st.code.clone(), point));
        }
    }
    for (q, c) in i.choices.iter().enumerate() {
        let option = ((practitioner + cycle + q as i64 * 3) % c.options.len() as i64) as u8;
        values.push((c.code.clone(), option + 1));
    }
    Answers { values }
}

/// Opens a cycle as the PSW and answers it for every `every`-th invited person but Pat.
async fn cycle(
    conn: &mut Conn,
    c: &NewCycle<'_>,
    every: i64,
    pat: Option<i64>,
    close: Option<Date>,
) -> anyhow::Result<()> {
    let (id, _) = store::open(conn, c).await?;
    let invited: Vec<i64> = query(
        "SELECT practitioner_id FROM survey_invitations WHERE cycle_id = $1 ORDER BY practitioner_id",
    )
    .bind(id)
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<Result<_, _>>()?;
    for p in invited {
        if p % every == 0 || Some(p) == pat {
            continue;
        }
        let (org, profile) = store::profile(conn, id, p).await?;
        store::mark_answered(conn, id, p).await?;
        store::add(conn, id, org, &tallies(&profile, &answers(p, id))).await?;
    }
    if let Some(on) = close {
        store::close(conn, id, on).await?;
    }
    Ok(())
}

pub async fn build(
    conn: &mut Conn,
    trust: i64,
    psw: i64,
    pat: Option<i64>,
    today: Date,
) -> anyhow::Result<()> {
    let code = &current().code;
    let last_year = today - Duration::days(365);
    let earlier = NewCycle {
        org_id: trust,
        partner_org_id: None,
        instrument: code,
        title: "Wellbeing survey, last year",
        opened_on: last_year,
        closes_on: last_year + Duration::days(28),
        opened_by: Some(psw),
    };
    cycle(
        conn,
        &earlier,
        5,
        None,
        Some(last_year + Duration::days(28)),
    )
    .await?;
    let this_year = NewCycle {
        title: "Wellbeing survey, this year",
        opened_on: today - Duration::days(10),
        closes_on: today + Duration::days(18),
        ..earlier
    };
    cycle(conn, &this_year, 2, pat, None).await
}
