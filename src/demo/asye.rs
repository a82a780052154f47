//! Demo ASYE programmes: every current NQSW (career stage `asye`) working in the trust has a
//! programme assessed by the demo supervisor, at different points of the year: reviews held
//! a few days after they fell due, evidence signed off at an even pace and protected time
//! logged fortnightly; one has a review overdue, one is paused for parental leave, one is
//! behind with evidence. No randomness, so the rest of the demo is unchanged.

use crate::domain::asye::{self as rules, EvidenceKind, ReviewPoint};
use crate::domain::supervision::add_months_back;
use crate::store::Conn;
use crate::store::asye::{self as store, EvidenceFields, ProgrammeFields};
use time::{Date, Duration};

/// Months into the programme, by position in the list.
const MONTHS_IN: [u32; 6] = [2, 5, 8, 4, 10, 7];

pub async fn build(conn: &mut Conn, trust: i64, assessor: i64, today: Date) -> anyhow::Result<()> {
    let people = crate::store::demo::in_post(conn).await?;
    let in_trust = people.into_iter().filter(|p| {
        p.career_stage == "asye" && (p.employer_org_id == trust || p.host_org_id == Some(trust))
    });
    for (i, p) in in_trust.enumerate() {
        let (id, wte, joined) = (p.id, p.wte, p.start_date);
        let case = i % MONTHS_IN.len();
        let start = add_months_back(today, MONTHS_IN[case])
            .max(joined)
            .min(today);
        let fields = ProgrammeFields {
            assessor_user_id: assessor,
            starts_on: start,
            agreement_on: Some((start + Duration::days(7)).min(today)),
            agreement_notes: "Workload at 90% of a second-year social worker's; protected time on Friday mornings; supervision weekly for 6 weeks, then fortnightly to 6 months, then monthly.".into(),
            nine_month_review: case == 4,
        };
        let programme = store::save_programme(conn, id, &fields, assessor).await?;
        // Case 3 is paused for parental leave since three weeks ago.
        let mut pauses = Vec::new();
        if case == 3 {
            let from = (today - Duration::days(21)).max(start);
            store::add_pause(conn, programme, from, None, "parental_leave", assessor).await?;
            pauses.push(rules::Pause { from, to: None });
        }
        for point in ReviewPoint::planned(fields.nine_month_review) {
            let Some(due) = rules::review_due(start, point, &pauses) else {
                continue;
            };
            let held = due + Duration::days(3);
            // Case 2 has its latest due review not yet held (overdue).
            let latest_due = rules::review_due(start, point, &pauses)
                .is_some_and(|d| add_months_back(today, 3) < d);
            if held > today || (case == 2 && latest_due) {
                continue;
            }
            store::save_review(
                conn,
                programme,
                point.code(),
                held,
                "on_track",
                "Progressing well; reflective in supervision.",
                assessor,
            )
            .await?;
        }
        let elapsed = rules::elapsed_months(start, today, &pauses);
        for kind in EvidenceKind::ALL {
            // Case 4 is behind with direct observations.
            let due = if case == 4 && kind == EvidenceKind::DirectObservation {
                0
            } else {
                kind.expected_by(elapsed)
            };
            for n in 0..due {
                let on = (start + Duration::days(30 * i64::from(n + 1))).min(today);
                let item = store::add_evidence(
                    conn,
                    programme,
                    &EvidenceFields {
                        kind: kind.code().into(),
                        title: format!("{} {}", kind.label(), n + 1),
                        occurred_on: on,
                        notes: String::new(),
                    },
                    assessor,
                )
                .await?;
                let signed = store::sign_off(conn, programme, item, assessor).await?;
                super::expect_changed(signed, "ASYE evidence sign-off")?;
            }
        }
        // Protected time every other Friday-ish: 10% of a fortnight's contracted hours.
        let minutes = (37.5 * wte * 2.0 * 0.1 * 60.0).round() as i64;
        let mut on = start + Duration::days(4);
        while on <= today {
            if !rules::paused_on(on, &pauses) {
                store::log_time(
                    conn,
                    programme,
                    on,
                    minutes,
                    "Reading and reflection",
                    assessor,
                )
                .await?;
            }
            on += Duration::days(14);
        }
    }
    Ok(())
}
