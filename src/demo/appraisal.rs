//! Appraisals in the trust, so that the appraisal pages, the reminders, the self-assessment's
//! evidence and the board report have something to show. For each person in post for a
//! year or more, by a fixed rule on their id (no random stream, so the rest of the demo is
//! unchanged): most have one completed in the last year, some one completed over a year ago
//! (overdue now), a few none. The team manager appraises their own team, the PSW everyone
//! else. Pat's last was 13 months ago and the next is in progress with the team manager, so
//! both home pages show it. No objective serves "Prevention and wellbeing across
//! communities", so the golden thread shows a goal reaching nobody's work.

use crate::domain::appraisal::{CapabilityReview, Draft, EvidenceKind, Objective, Party, PlanItem};
use crate::domain::reference::items_of;
use crate::store::Conn;
use crate::store::appraisal as store;
use crate::store::engine::query;
use time::{Date, Duration};

/// The objectives' goals, in turn (a partnership agreement in force is added when there is one).
const GOALS: [&str; 4] = [
    "statement:statutory",
    "statement:inclusion",
    "statement:complexity",
    "statement:amhps",
];

const OBJECTIVES: [(&str, &str); 4] = [
    (
        "Complete Care Act assessments within the service's agreed timescale",
        "Timescale met in the quarterly audit",
    ),
    (
        "Use the Mental Health Act's guiding principles in every assessment write-up",
        "Peer audit of five write-ups",
    ),
    (
        "Build a safety plan with each person on the complex caseload",
        "Plans in place and reviewed in supervision",
    ),
    (
        "Start AMHP training or shadow the AMHP rota",
        "Place agreed on the next programme",
    ),
];

fn draft(id: i64, met_on: Date, goals: &[String]) -> Draft {
    let ratings = ["meeting", "meeting", "developing", "meeting", "exceeding"];
    let objectives = (0..2)
        .map(|k| {
            let n = (id as usize + k) % OBJECTIVES.len();
            Objective {
                objective: OBJECTIVES[n].0.into(),
                goal: goals[(id as usize + k) % goals.len()].clone(),
                measure: OBJECTIVES[n].1.into(),
            }
        })
        .collect();
    Draft {
        meeting_on: Some(met_on),
        summary: "A steady year; the objectives below were agreed together.".into(),
        objectives,
        capabilities: items_of("pcf_domains")
            .into_iter()
            .enumerate()
            .map(|(k, d)| CapabilityReview {
                domain: d.code,
                rating: ratings[(id as usize + k) % ratings.len()].into(),
                comment: String::new(),
            })
            .collect(),
        plan: vec![PlanItem {
            need: "Legal literacy refresher on the Mental Capacity Act".into(),
            action: "Trust training day and a reflective CPD record".into(),
            by_on: Some(met_on + Duration::days(180)),
        }],
    }
}

/// Whether the person has feedback from people who use services from `from`'s month on.
async fn has_feedback(conn: &mut Conn, id: i64, from: Date) -> anyhow::Result<bool> {
    let month = format!("{:04}-{:02}", from.year(), u8::from(from.month()));
    let n: i64 =
        query("SELECT COUNT(*) FROM feedback_responses WHERE practitioner_id = $1 AND month >= $2")
            .bind(id)
            .bind(month)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
    Ok(n > 0)
}

/// One completed appraisal, met and signed `days_ago`.
async fn completed(
    conn: &mut Conn,
    who: (i64, i64, i64),
    days_ago: i64,
    goals: &[String],
    today: Date,
) -> anyhow::Result<()> {
    let (id, org, appraiser) = who;
    let on = today - Duration::days(days_ago);
    let a = store::insert(conn, id, org, appraiser, on - Duration::days(14)).await?;
    store::save_draft(conn, a, &draft(id, on, goals)).await?;
    let shared: Vec<(EvidenceKind, i64)> =
        if has_feedback(conn, id, on - Duration::days(365)).await? {
            vec![(EvidenceKind::Feedback, 0)]
        } else {
            Vec::new()
        };
    store::save_evidence(conn, a, &shared, "").await?;
    store::sign(conn, a, Party::Appraiser, on, None).await?;
    store::sign(conn, a, Party::Practitioner, on, Some(on)).await?;
    Ok(())
}

/// `users` are the demo's sign-ins in their order (the team manager third, the PSW fourth);
/// `seniors` the first team's first three people (Pat, Sam, Terry).
pub async fn build(
    conn: &mut Conn,
    trust: i64,
    users: &[i64],
    seniors: &[i64],
    today: Date,
) -> anyhow::Result<()> {
    let (tm_user, psw) = (users[2], users[3]);
    let (pat, tm_practitioner) = (seniors.first().copied(), seniors.get(2).copied());
    let mut goals: Vec<String> = GOALS.iter().map(|g| g.to_string()).collect();
    let agreement: Option<i64> = query(
        "SELECT MIN(id) FROM partnership_agreements WHERE status = 'in_force'
         AND (employer_org_id = $1 OR host_org_id = $1)",
    )
    .bind(trust)
    .fetch_one(&mut *conn)
    .await?
    .try_get(0)?;
    if let Some(a) = agreement {
        goals.push(format!("partnership:{a}"));
    }
    let tm_team: Option<i64> = query("SELECT team_id FROM practitioners WHERE id = $1")
        .bind(tm_practitioner)
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?
        .flatten();
    let people: Vec<(i64, Option<i64>)> = query(
        "SELECT id, team_id FROM practitioners WHERE employer_org_id = $1 AND host_org_id = $1
         AND start_date <= $2 AND end_date IS NULL ORDER BY id",
    )
    .bind(trust)
    .bind(today - Duration::days(365))
    .fetch_all(&mut *conn)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect::<Result<_, sqlx::Error>>()?;
    for (id, team) in people {
        let appraiser = if team == tm_team && team.is_some() && Some(id) != tm_practitioner {
            tm_user
        } else {
            psw
        };
        let who = (id, trust, appraiser);
        if Some(id) == pat {
            completed(conn, who, 395, &goals, today).await?;
            let a = store::insert(conn, id, trust, tm_user, today - Duration::days(10)).await?;
            let mut d = draft(id, today - Duration::days(3), &goals);
            d.capabilities
                .iter_mut()
                .skip(4)
                .for_each(|c| c.rating.clear());
            d.plan.clear();
            store::save_draft(conn, a, &d).await?;
            continue;
        }
        match id % 10 {
            0 => {}
            1 | 2 => completed(conn, who, 380 + id % 60, &goals, today).await?,
            _ => completed(conn, who, 20 + (id * 37) % 320, &goals, today).await?,
        }
    }
    Ok(())
}
