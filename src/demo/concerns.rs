//! A few concerns raised in the trust, so that the concerns pages and the board report's
//! consideration 5 have something to show: one named and closed with its outcome, one
//! anonymous and answered, and one named and just raised (its answer not yet due). None is
//! overdue, so the demo sends no concern reminders. Fixed, not random: the rest of the
//! demo's streams are unchanged.

use crate::domain::concern::{Category, ConcernRules, NewConcern, reference_hash};
use crate::store::Conn;
use crate::store::concerns::{self as store, NewRow};
use time::{Date, Duration};

pub struct People {
    pub psw: i64,
    pub supervisor: i64,
}

pub async fn build(
    conn: &mut Conn,
    trust: i64,
    people: &People,
    today: Date,
) -> anyhow::Result<()> {
    let rules = ConcernRules::default();
    let concerns = [
        (
            Category::Workload,
            "Caseloads in the north team above the agreed limit",
            "Since two posts were left vacant in the spring, each of us holds about forty cases and nobody can visit weekly.",
            Some(people.supervisor),
            40,
            Some((
                3,
                "We have agreed to move six cases each to the agency social workers starting next month.",
            )),
            Some((
                "Caseloads rebalanced with agency cover while the posts are filled",
                "A weekly caseload review in the team meeting",
            )),
        ),
        (
            Category::Resources,
            "No interpreter budget for Mental Health Act assessments",
            "Twice this month an assessment was delayed because no interpreter could be booked out of hours.",
            None,
            20,
            Some((
                5,
                "Thank you for raising this. The out-of-hours interpreter contract is being extended; until then, call the duty manager, who can approve a booking.",
            )),
            None,
        ),
        (
            Category::InappropriatePractice,
            "Discharge planning meetings held without the carer",
            "Carers are told of discharge plans after the meeting rather than invited to it.",
            Some(people.supervisor),
            2,
            None,
            None,
        ),
    ];
    for (i, (category, summary, details, sender, days_ago, answer, closed)) in
        concerns.into_iter().enumerate()
    {
        let raised_on = today - Duration::days(days_ago);
        let id = store::insert(
            conn,
            &NewRow {
                org_id: trust,
                concern: &NewConcern {
                    category,
                    summary: summary.into(),
                    details: details.into(),
                    anonymous: sender.is_none(),
                },
                raised_by_user_id: sender,
                // Not a reference anyone holds: the demo's anonymous sender is nobody.
                reference_hash: &reference_hash(&format!("demo-{trust}-{i}")),
                raised_on,
                answer_due_on: rules.answer_due(raised_on),
            },
        )
        .await?;
        if let Some((after, text)) = answer {
            store::add_message(
                conn,
                id,
                false,
                Some(people.psw),
                text,
                raised_on + Duration::days(after),
            )
            .await?;
        }
        if let Some((outcome, changed)) = closed {
            store::close(conn, id, outcome, changed, raised_on + Duration::days(30)).await?;
        }
    }
    Ok(())
}
