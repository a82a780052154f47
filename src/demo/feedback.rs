//! Demo feedback from people who use services and carers: about a third of practitioners
//! have used cards over the last 18 months, mostly with good results and a few lower
//! scores, so the practitioner's page, shared results and the team and organisation views
//! all have something to show. Pat (the demo practitioner) has enough answers to see results,
//! with comments, and some cards still out.

use crate::domain::feedback::{self as rules, Answers, Audience};
use crate::service::feedback::{encode_answers, month_of};
use crate::store::Conn;
use crate::store::feedback::{self as store, NewCards, NewResponse};
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

const COMMENTS: &[&str] = &[
    "She always rang back when she said she would.",
    "I felt listened to for the first time in years.",
    "Helped me sort out my benefits and my housing.",
    "Sometimes hard to get hold of, but worth the wait.",
    "He explained my rights under the Mental Health Act clearly.",
    "I would have liked more say in my care plan.",
    "Treated my son with respect and kept me in the loop.",
    "Very kind and patient with me.",
];

/// A score leaning to agree: mostly 4 and 5, sometimes lower.
fn score(rng: &mut ChaCha8Rng, leaning: u8) -> Option<u8> {
    match rng.gen_range(0..100) {
        0..=6 => None,
        n if n < 40 + leaning as i32 => Some(5),
        n if n < 80 + leaning as i32 => Some(4),
        n if n < 92 => Some(3),
        n if n < 97 => Some(2),
        _ => Some(1),
    }
}

fn answers(rng: &mut ChaCha8Rng, audience: Audience, leaning: u8) -> Answers {
    let mut a = Answers::default();
    for q in &rules::shipped(audience).questions {
        if let Some(s) = score(rng, leaning) {
            a.scores.insert(q.code.clone(), s);
        }
    }
    if rng.gen_bool(0.3) {
        a.comment = COMMENTS[rng.gen_range(0..COMMENTS.len())].to_string();
    }
    a
}

pub async fn build(conn: &mut Conn, rng: &mut ChaCha8Rng, today: Date) -> anyhow::Result<()> {
    let people = crate::store::demo::in_post(conn).await?;
    let qualified = people
        .into_iter()
        .filter(|p| !matches!(p.career_stage.as_str(), "student" | "asye"));
    for p in qualified {
        let (id, team_id, org_id, email) = (p.id, p.team_id, p.employer_org_id, p.email);
        let is_pat = email.as_deref() == Some("practitioner@northshire.example.nhs.uk");
        if !is_pat && !rng.gen_bool(0.35) {
            continue;
        }
        let responses = if is_pat { 9 } else { rng.gen_range(2..=12) };
        let leaning: u8 = rng.gen_range(0..15);
        for _ in 0..responses {
            let audience = if rng.gen_bool(0.7) {
                Audience::ServiceUser
            } else {
                Audience::Carer
            };
            // Pat's answers all arrived in the last few completed months.
            let days_back = if is_pat {
                rng.gen_range(35..150)
            } else {
                rng.gen_range(35..540)
            };
            let a = answers(rng, audience, leaning);
            store::insert_response(
                conn,
                &NewResponse {
                    org_id,
                    team_id,
                    practitioner_id: id,
                    audience: audience.code(),
                    questionnaire: "shipped",
                    month: &month_of(today - Duration::days(days_back)),
                    answers: &encode_answers(&a),
                    comment: &a.comment,
                },
            )
            .await?;
        }
        let made = today - Duration::days(if is_pat { 10 } else { rng.gen_range(10..300) });
        let hashes: Vec<String> = (0..responses + 3)
            .map(|_| rules::code_hash(&rules::new_code(rng)))
            .collect();
        store::insert_cards(
            conn,
            &NewCards {
                practitioner_id: id,
                audience: Audience::ServiceUser.code(),
                hashes: &hashes,
                created_by: None,
                created_on: made,
                expires_on: made + Duration::days(42),
            },
        )
        .await?;
    }
    Ok(())
}
