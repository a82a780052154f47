//! Demo quality pulse answers. The pulse "started" a few months ago: supervisees answered
//! after most recent held sessions in most teams, but in every third team only a couple
//! did, so the demo shows both results and "not enough responses yet". The demo
//! supervisor's team is always a busy one, so their sign-in has results to see.

use crate::domain::supervision::add_months_back;
use crate::store::Conn;
use crate::store::pulse::{self as store, HeldSession, NewResponse};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// How far back answers go: the pulse started this many months ago.
const STARTED_MONTHS_AGO: u32 = 4;
/// Share of held sessions answered in a busy team.
const BUSY_SHARE: f64 = 0.7;
/// Most answers in a quiet team: below any threshold the configuration allows.
const QUIET_MOST: usize = 2;

/// A plausible answer to one statement: mostly agreement, some doubt, the odd disagreement.
/// Wellbeing and workload (index 2) is discussed a little less often.
fn score(rng: &mut ChaCha8Rng, statement: usize) -> i64 {
    let x: f64 = rng.r#gen();
    let shift = if statement == 2 { 0.1 } else { 0.0 };
    match x + shift {
        x if x < 0.04 => 1,
        x if x < 0.12 => 2,
        x if x < 0.32 => 3,
        x if x < 0.75 => 4,
        _ => 5,
    }
}

/// Teams with few answers: every third team by id, never the demo supervisor's.
fn quiet_teams(sessions: &[HeldSession], busy: &[i64]) -> BTreeSet<i64> {
    let teams: BTreeSet<i64> = sessions.iter().filter_map(|s| s.team_id).collect();
    teams
        .into_iter()
        .enumerate()
        .filter(|(i, t)| i % 3 == 1 && !busy.contains(t))
        .map(|(_, t)| t)
        .collect()
}

/// Answers for held sessions since the pulse started. Returns how many.
pub async fn build(
    conn: &mut Conn,
    rng: &mut ChaCha8Rng,
    busy_teams: &[i64],
    today: Date,
) -> anyhow::Result<usize> {
    let since = add_months_back(today, STARTED_MONTHS_AGO);
    let sessions = store::held_since(conn, since).await?;
    let quiet = quiet_teams(&sessions, busy_teams);
    let mut per_team: HashMap<Option<i64>, usize> = HashMap::new();
    let mut answered = 0;
    for s in &sessions {
        let count = per_team.entry(s.team_id).or_default();
        let is_quiet = s.team_id.is_some_and(|t| quiet.contains(&t));
        if (is_quiet && *count >= QUIET_MOST) || !rng.gen_bool(BUSY_SHARE) {
            continue;
        }
        *count += 1;
        let marked = store::mark_answered(conn, s.session_id).await?;
        super::expect_changed(marked, "pulse answer")?;
        let response = NewResponse {
            org_id: s.org_id,
            team_id: s.team_id,
            supervisor_user_id: s.supervisor_user_id,
            month: crate::service::pulse::month_of(s.held_on),
            scores: [0, 1, 2, 3].map(|i| score(rng, i)),
        };
        store::insert_response(conn, &response).await?;
        answered += 1;
    }
    Ok(answered)
}
