//! The demo trust's current self-assessment: an open cycle on the HEE considerations,
//! opened five weeks ago, starting from the last signed-off cycle's answers when the demo
//! has one (`demo::benchmark_peers` signs one off a year ago), with three domain leads, the
//! groups who took part, about half the criteria reviewed, and an action plan with one
//! action overdue, one due soon, one done and one not started, so every state shows.
//! Deterministic: no randomness.

use crate::domain::self_assessment::Frameworks;
use crate::store::Conn;
use crate::store::self_assessment::{self as store, AnswerFields, NewAction, NewCycle};
use time::{Date, Duration};

/// The users who lead domains and own actions: the PSW, the supervisor, the workforce lead.
pub struct People {
    pub psw: i64,
    pub supervisor: i64,
    pub workforce_lead: i64,
}

pub async fn build(
    conn: &mut Conn,
    trust: i64,
    people: &People,
    today: Date,
) -> anyhow::Result<()> {
    let all = Frameworks::load(None).map_err(anyhow::Error::msg)?;
    let Some(f) = all.latest_of("hee-considerations") else {
        return Ok(());
    };
    let previous = store::last_signed_off(conn, trust, &f.framework.code, None).await?;
    let opened = today - Duration::days(35);
    let due = today + Duration::days(60);
    let id = store::insert_cycle(
        conn,
        &NewCycle {
            org_id: trust,
            framework_code: &f.framework.code,
            framework_version: i64::from(f.framework.version),
            title: &format!("Self-assessment {}", today.year()),
            opened_on: opened,
            due_on: Some(due),
            carried_from: previous.as_ref().map(|p| p.id),
            created_by: people.psw,
        },
    )
    .await?;
    let before = match &previous {
        Some(p) => store::answers(conn, p.id).await?,
        None => Vec::new(),
    };
    let max = i64::from(f.scale.max());
    for (i, (_, c)) in f.criteria().enumerate() {
        let old = before.iter().find(|a| a.criterion_code == c.code);
        // Every other criterion reviewed this cycle, a few of them one step better.
        let reviewed = i % 2 == 0;
        let rating = match (old.and_then(|a| a.rating), reviewed) {
            (Some(r), true) if i % 6 == 0 => Some((r + 1).min(max)),
            (Some(r), _) => Some(r),
            (None, true) => Some(1 + (i as i64 * 7 % max)),
            (None, false) => continue,
        };
        let evidence = if reviewed {
            "Discussed at the social work professional forum; see the minutes.".to_string()
        } else {
            old.map(|a| a.evidence.clone()).unwrap_or_default()
        };
        store::upsert_answer(
            conn,
            id,
            &c.code,
            &AnswerFields {
                rating,
                not_applicable: false,
                evidence: &evidence,
                links: "",
                carried_forward: !reviewed,
                updated_by: reviewed.then_some(people.psw),
            },
        )
        .await?;
    }
    for (domain, user) in [
        ("1", people.psw),
        ("2", people.supervisor),
        ("7", people.workforce_lead),
    ] {
        if f.domain(domain).is_some() {
            store::set_lead(conn, id, domain, Some(user)).await?;
        }
    }
    for (kind, description, n) in [
        (
            "staff",
            "Social workers from the community and inpatient teams",
            Some(14),
        ),
        (
            "service_user",
            "The trust's expert by experience panel",
            Some(6),
        ),
        ("carer", "Carers' group at the recovery college", Some(4)),
        (
            "partner_organisation",
            "Northshire County Council adult social care",
            None,
        ),
    ] {
        store::insert_participant(conn, id, kind, description, n).await?;
    }
    let actions = [
        (
            "2.1",
            "Agree a three-way supervision agreement template with line managers",
            people.supervisor,
            -10,
            "in_progress",
        ),
        (
            "7.1",
            "Add social workers to the trust's workforce plan and safe staffing review",
            people.workforce_lead,
            9,
            "not_started",
        ),
        (
            "1.1",
            "Present the partnership narrative for social work to the board",
            people.psw,
            -20,
            "done",
        ),
        (
            "5.1",
            "Include social workers in the staff wellbeing survey analysis",
            people.psw,
            90,
            "not_started",
        ),
    ];
    for (code, title, owner, days, status) in actions {
        if f.criterion(code).is_none() {
            continue;
        }
        let due_on = today + Duration::days(days);
        let action = store::insert_action(
            conn,
            &NewAction {
                org_id: trust,
                cycle_id: id,
                criterion_code: code,
                title,
                owner_user_id: owner,
                due_on,
                created_by: people.psw,
            },
        )
        .await?;
        let completed = (status == "done").then(|| today - Duration::days(25));
        store::update_action(conn, action, status, due_on, owner, completed).await?;
        if status != "not_started" {
            store::insert_action_note(
                conn,
                action,
                "Discussed at the professional forum; first draft shared.",
                owner,
            )
            .await?;
        }
    }
    Ok(())
}
