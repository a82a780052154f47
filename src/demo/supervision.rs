//! Demo supervision: an agreement for everyone in a team, with their team's supervisor as
//! line manager, and about a year of sessions that look like real life: mostly on time,
//! some late, some cancelled and rebooked, a few shorter than the minimum, the latest not
//! yet confirmed, and the next one planned.

use crate::domain::Role;
use crate::domain::supervision::AgreementFields;
use crate::domain::supervision::{self as rules, SupervisionRules};
use crate::domain::user::UserFields;
use crate::store::Conn;
use crate::store::supervision::{self as store, NewSession, SessionNotes};
use crate::store::users;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

/// A current practitioner placed in a team.
struct Placed {
    id: i64,
    team_id: i64,
    host_org_id: i64,
    career_stage: String,
    start_date: Date,
    name: String,
}

async fn placed(conn: &mut Conn) -> anyhow::Result<Vec<Placed>> {
    let people = crate::store::demo::in_post(conn).await?;
    Ok(people
        .into_iter()
        .filter_map(|p| {
            Some(Placed {
                id: p.id,
                team_id: p.team_id?,
                host_org_id: p.host_org_id?,
                career_stage: p.career_stage,
                name: p.name,
                start_date: p.start_date,
            })
        })
        .collect())
}

/// Every team's supervisor: the given user for teams named in `known`, otherwise a new
/// user (who cannot sign in) linked to the team's first practitioner.
async fn team_supervisor(
    conn: &mut Conn,
    team_id: i64,
    host_org_id: i64,
    known: &[(i64, i64)],
    first_in_team: Option<&Placed>,
) -> anyhow::Result<i64> {
    if let Some((_, user)) = known.iter().find(|(t, _)| *t == team_id) {
        return Ok(*user);
    }
    let fields = UserFields {
        email: format!("supervisor.team{team_id}@demo.example"),
        // Named as their practitioner record is, so the two agree wherever they appear.
        display_name: first_in_team
            .map_or_else(|| format!("Team {team_id} Supervisor"), |p| p.name.clone()),
        org_id: Some(host_org_id),
        practitioner_id: first_in_team.map(|p| p.id),
        active: true,
        roles: vec![Role::Practitioner, Role::Supervisor],
    };
    Ok(users::insert(conn, &fields, None).await?)
}

/// Builds agreements and sessions for every placed practitioner. `known` maps team ids
/// to demo users who supervise them (so the demo sign-ins see their own supervisees).
pub async fn build(
    conn: &mut Conn,
    rng: &mut ChaCha8Rng,
    known: &[(i64, i64)],
    today: Date,
    history_months: u32,
) -> anyhow::Result<usize> {
    let r = SupervisionRules::default();
    let people = placed(conn).await?;
    let mut supervisors: Vec<(i64, i64)> = Vec::new();
    let mut sessions = 0;
    for p in &people {
        let sup = match supervisors.iter().find(|(t, _)| *t == p.team_id) {
            Some((_, u)) => *u,
            None => {
                let u = team_supervisor(conn, p.team_id, p.host_org_id, known, Some(p)).await?;
                supervisors.push((p.team_id, u));
                u
            }
        };
        let own_user = crate::store::demo::linked_user(conn, p.id).await?;
        if own_user == Some(sup) {
            // A supervisor's own supervision comes from elsewhere: left without an
            // agreement here, which the dashboard shows as a gap to close.
            continue;
        }
        let starts = p
            .start_date
            .max(rules::add_months_back(today, history_months));
        let agreement = AgreementFields {
            line_manager_user_id: sup,
            professional_supervisor_user_id: None,
            amhp_supervisor_user_id: None,
            line_manager_functions: ["decisions", "accountability", "workload", "development"]
                .map(String::from)
                .to_vec(),
            professional_supervisor_functions: Vec::new(),
            interval_days: None,
            override_reason: String::new(),
            minimum_minutes: i64::from(r.minimum_minutes),
            starts_on: starts,
            review_on: review_on(p.id, starts, today, &r),
        };
        let agreement_id = store::replace_agreement(conn, p.id, &agreement, sup).await?;
        store::acknowledge(conn, agreement_id, "line_manager", sup).await?;
        if let Some(user) = own_user
            && rng.gen_bool(0.85)
        {
            store::acknowledge(conn, agreement_id, "practitioner", user).await?;
        }
        sessions += history(conn, rng, p, sup, starts, today, &r).await?;
    }
    Ok(sessions)
}

/// Agreements are reviewed each year, so the next review is the anniversary after today;
/// for about one person in ten the review has passed unrecorded, as happens. By id, so the
/// random draws (and so the demo's people) stay as they were.
fn review_on(id: i64, starts: Date, today: Date, r: &SupervisionRules) -> Date {
    let mut due = rules::agreement_review_due(starts, r);
    if id % 10 != 0 {
        // Bounded: a review period of 0 months would never pass today.
        for _ in 0..200 {
            if due > today {
                break;
            }
            due = rules::agreement_review_due(due, r);
        }
    }
    due
}

/// About a year of sessions for one person, and the next one planned.
async fn history(
    conn: &mut Conn,
    rng: &mut ChaCha8Rng,
    p: &Placed,
    sup: i64,
    starts: Date,
    today: Date,
    r: &SupervisionRules,
) -> anyhow::Result<usize> {
    let mut on = starts + Duration::days(rng.gen_range(3..15));
    let mut count = 0;
    let session = |on: Date, held: Option<(Date, i64)>, rebooked_from_id| NewSession {
        practitioner_id: p.id,
        supervisor_user_id: sup,
        session_type: "professional".into(),
        scheduled_on: on,
        held,
        notes: SessionNotes::default(),
        rebooked_from_id,
    };
    while on <= today {
        let mut rebooked_from = None;
        if rng.gen_bool(0.08) {
            let id = store::insert_session(conn, &session(on, None, None)).await?;
            let cancelled =
                store::cancel(conn, id, on, "service", "Crisis work in the team").await?;
            super::expect_changed(cancelled, "session cancellation")?;
            rebooked_from = Some(id);
            on += Duration::days(rng.gen_range(2..12));
            if on > today {
                break;
            }
        }
        let minutes = if rng.gen_bool(0.1) {
            60
        } else {
            rng.gen_range(90..=120)
        };
        let id =
            store::insert_session(conn, &session(on, Some((on, minutes)), rebooked_from)).await?;
        if (today - on).whole_days() > 14 || rng.gen_bool(0.5) {
            let confirmed = store::confirm(conn, id, "").await?;
            super::expect_changed(confirmed, "session confirmation")?;
        }
        count += 1;
        let interval =
            rules::allowed_interval_days(&p.career_stage, p.start_date, on, r).unwrap_or(28);
        let late = if rng.gen_bool(0.12) {
            rng.gen_range(5..40)
        } else {
            0
        };
        on += Duration::days(i64::from(interval) - rng.gen_range(0..6) + late);
    }
    store::insert_session(conn, &session(on, None, None)).await?;
    Ok(count + 1)
}
