//! Demo post-qualifying roles: an AMHP approval for everyone current whose roles include
//! AMHP (and for Pat, the demo practitioner, so the journeys have an AMHP to sign in as),
//! spread so that some approvals end in the next quarters; training logged in each
//! approval year, most years meeting the 18 hours and a few short; some MHA assessment
//! counts; one suspension; and records of the other roles (BIA refreshers, PEPS stages,
//! practice supervisors, forensic social supervisors with reports due, Approved Clinician
//! training). Uses its own random stream, so the rest of the demo is unchanged.

use crate::domain::post_qualifying::{self as rules, approval_years};
use crate::domain::post_qualifying::{ApprovalWrite, RoleRecord};
use crate::store::Conn;
use crate::store::post_qualifying::{self as store, ActivityWrite};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

const COUNCILS: [&str; 3] = [
    "Northshire County Council",
    "Harbour City Council",
    "Eastvale Borough Council",
];

pub async fn build(
    conn: &mut Conn,
    seed: u64,
    pat: Option<i64>,
    admin_user: i64,
    today: Date,
) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x5051_524f_4c45);
    let people = crate::store::demo::in_post(conn).await?;
    let mut amhps = 0usize;
    for p in people.into_iter().filter(|p| p.career_stage != "student") {
        let (id, pq) = (p.id, p.pq_roles);
        let roles: Vec<&str> = pq.split(',').filter(|s| !s.is_empty()).collect();
        if roles.contains(&"amhp") || Some(id) == pat {
            amhp(
                conn,
                &mut rng,
                id,
                amhps,
                Some(id) == pat,
                admin_user,
                today,
            )
            .await?;
            amhps += 1;
        }
        for role in roles {
            let record = match role {
                "bia" => {
                    let q = today - Duration::days(rng.gen_range(400..3000));
                    let last = today - Duration::days(rng.gen_range(30..420));
                    Some(role_record(id, "bia", Some(q), "", Some(last)))
                }
                "practice_educator" => {
                    let stage = if rng.gen_bool(0.6) {
                        "peps_2"
                    } else {
                        "peps_1"
                    };
                    let q = today - Duration::days(rng.gen_range(200..2500));
                    Some(role_record(id, "practice_educator", Some(q), stage, None))
                }
                "practice_supervisor" => {
                    let q = today - Duration::days(rng.gen_range(100..1500));
                    Some(role_record(id, "practice_supervisor", Some(q), "", None))
                }
                _ => None,
            };
            if let Some(rec) = record {
                store::save_role(conn, &rec, admin_user).await?;
            }
        }
        // A few experienced staff supervise restricted patients or are on the AC route.
        if id % 11 == 3 {
            let mut rec = role_record(
                id,
                "forensic_social_supervisor",
                Some(today - Duration::days(rng.gen_range(300..2000))),
                "",
                None,
            );
            rec.allocations = rng.gen_range(1..5);
            rec.next_report_due = Some(today + Duration::days(rng.gen_range(-10..60)));
            store::save_role(conn, &rec, admin_user).await?;
        } else if id % 17 == 5 {
            let rec = role_record(id, "approved_clinician", None, "in_training", None);
            store::save_role(conn, &rec, admin_user).await?;
        }
    }
    Ok(())
}

fn role_record(
    id: i64,
    role: &str,
    qualified: Option<Date>,
    stage: &str,
    last: Option<Date>,
) -> RoleRecord {
    RoleRecord {
        practitioner_id: id,
        role: role.into(),
        qualified_on: qualified,
        stage: stage.into(),
        last_training_on: last,
        allocations: 0,
        next_report_due: None,
        notes: String::new(),
    }
}

/// One AMHP's approval and its logged training and assessments. The first two end within
/// six months (re-approval due); every fifth ended an earlier year short of the hours.
async fn amhp(
    conn: &mut Conn,
    rng: &mut ChaCha8Rng,
    id: i64,
    n: usize,
    is_pat: bool,
    admin_user: i64,
    today: Date,
) -> anyhow::Result<()> {
    let five_years_ago = rules::add_years(today, -5);
    let approved = if is_pat {
        today - Duration::days(200)
    } else if n < 2 {
        five_years_ago + Duration::days(rng.gen_range(40..170))
    } else {
        five_years_ago + Duration::days(rng.gen_range(40..1800))
    };
    let expires = rules::default_expiry(approved, 5);
    let write = ApprovalWrite {
        approving_council: COUNCILS[n % COUNCILS.len()].into(),
        approved_on: approved,
        expires_on: expires,
        warrant_number: format!("AMHP-{:04}", 1000 + id),
        warrant_issued_on: Some(approved),
        ended_on: None,
        end_reason: String::new(),
        user_id: admin_user,
    };
    let approval = store::insert_approval(conn, id, &write).await?;
    crate::store::practitioners::sync_amhp_role(conn, id).await?;
    let short_year = (n % 5 == 4).then_some(1);
    for y in approval_years(approved, expires)
        .into_iter()
        .filter(|y| y.starts <= today)
    {
        let last = y.ends.min(today);
        let span = (last - y.starts).whole_days().max(0);
        let target_hours = if y.ends >= today {
            // The current year: some way through, in proportion with some spread.
            (span as f64 / 365.0 * 22.0 * rng.gen_range(0.3..1.3)) as u32
        } else if Some(y.index) == short_year {
            rng.gen_range(8..15)
        } else {
            rng.gen_range(18..28)
        };
        let target_hours = if is_pat { 6 } else { target_hours };
        let mut logged = 0;
        while logged < target_hours {
            let h = rng.gen_range(2..7).min(target_hours - logged);
            let on = y.starts + Duration::days(rng.gen_range(0..=span));
            let title = [
                "Mental Health Act legal update",
                "AMHP forum: case law",
                "Mental Capacity Act and DoLS interface",
                "Risk assessment in community settings",
                "Working with families and nearest relatives",
            ][rng.gen_range(0..5)];
            let w = ActivityWrite {
                kind: "training",
                on_date: on,
                minutes: i64::from(h) * 60,
                assessments: 0,
                description: title.into(),
                user_id: None,
            };
            store::insert_activity(conn, approval, &w).await?;
            logged += h;
        }
        for _ in 0..rng.gen_range(1..4) {
            let w = ActivityWrite {
                kind: "assessments",
                on_date: y.starts + Duration::days(rng.gen_range(0..=span)),
                minutes: 0,
                assessments: rng.gen_range(1..4),
                description: String::new(),
                user_id: None,
            };
            store::insert_activity(conn, approval, &w).await?;
        }
    }
    if n == 3 {
        let from = today - Duration::days(20);
        store::insert_suspension(
            conn,
            approval,
            from,
            None,
            "Off the rota pending a competence review",
            admin_user,
        )
        .await?;
    }
    Ok(())
}
