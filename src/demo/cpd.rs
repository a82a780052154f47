//! Demo CPD: what an organisation's portfolios look like in late November. Most people
//! met last year's requirement; this year most are ready, some have one record or only
//! drafts, a few have nothing yet. The demo practitioner (Pat) has one submitted record
//! without a peer reflection and one draft, so adding a record with a peer reflection turns
//! their readiness green (the browser journey does exactly that).

use crate::domain::cpd::CpdWrite;
use crate::domain::cpd::{CpdStatus, content_key, counting_window, year_ending_in};
use crate::domain::registration::registration_year;
use crate::store::Conn;
use crate::store::cpd as store;
use rand::Rng;
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

/// (type, description, learning, impact, standard 4 parts, peer reflection)
type Activity = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static str,
);

const ACTIVITIES: &[Activity] = &[
    (
        "course",
        "Mental Health Act refresher day run by the council's AMHP service; relevant because I act as an AMHP on the rota.",
        "Changes in case law on the nearest relative and on least restrictive options.",
        "I now check alternatives to admission more explicitly and record them in the assessment.",
        &["4.3", "4.4"],
        "Discussing it with a fellow AMHP helped me see how I could explain the options to families.",
    ),
    (
        "reading_research",
        "Read a research summary on trauma-informed practice in community mental health teams.",
        "How earlier trauma can shape engagement with services.",
        "I plan first visits more slowly and ask people what helps them feel safe.",
        &["4.3", "4.6"],
        "",
    ),
    (
        "supervision",
        "Reflective supervision on a complex safeguarding case.",
        "How my own anxiety about risk was shaping my decisions.",
        "I separated my worry from the evidence and shared a clearer plan with the person.",
        &["4.2", "4.6"],
        "My supervisor challenged my assumptions and helped me weigh the person's own view of the risk.",
    ),
    (
        "feedback",
        "Feedback from a carer about how I explained a hospital discharge.",
        "What families need to hear first, and in which words.",
        "I now give a written summary after discharge planning meetings.",
        &["4.1", "4.8"],
        "",
    ),
    (
        "peer_learning",
        "Team action learning set on working with people who use several services.",
        "Ways to share information across services while respecting consent.",
        "I agreed information-sharing plans with two people and their GPs.",
        &["4.5", "4.6"],
        "Colleagues in the set shared how they handle consent conversations; I adapted their approach.",
    ),
    (
        "webinar_podcast",
        "Webinar on the Care Act and mental health: eligibility and carers' assessments.",
        "How to frame eligibility decisions for people with fluctuating needs.",
        "My assessments now describe needs over time, not only on the day.",
        &["4.4"],
        "",
    ),
];

fn write_of(i: usize, on: Date, status: CpdStatus, with_peer: bool) -> CpdWrite {
    let (t, d, l, imp, parts, p) = ACTIVITIES[i % ACTIVITIES.len()];
    let peer = if with_peer && !p.is_empty() { p } else { "" };
    CpdWrite {
        status,
        cpd_type: t.into(),
        activity_on: on,
        description: d.into(),
        learning: l.into(),
        impact: imp.into(),
        peer_reflection: peer.into(),
        peer_category: if peer.is_empty() {
            String::new()
        } else if t == "supervision" {
            "line_manager_or_supervisor".into()
        } else {
            "registered_social_worker".into()
        },
        standard4_parts: parts.iter().map(|s| s.to_string()).collect(),
        professional_standards: vec!["4".into()],
        content_key: content_key(d, l, imp),
    }
}

/// A random date from `from` to `to` inclusive.
fn day_between(rng: &mut ChaCha8Rng, from: Date, to: Date) -> Date {
    let span = (to - from).whole_days().max(0);
    from + Duration::days(rng.gen_range(0..=span))
}

pub async fn build(conn: &mut Conn, rng: &mut ChaCha8Rng, today: Date) -> anyhow::Result<()> {
    let people = crate::store::demo::in_post(conn).await?;
    let this_year = registration_year(today);
    let last_year = year_ending_in(this_year.ends.year() - 1);
    for p in people.into_iter().filter(|p| p.career_stage != "student") {
        let (id, email, started) = (p.id, p.email, p.start_date);
        let first = rng.gen_range(0..ACTIVITIES.len());
        let mut writes = Vec::new();
        // Last year: nearly everyone in post then was ready.
        let (ls, le) = counting_window(&last_year);
        if started <= le {
            for k in 0..rng.gen_range(2..=4) {
                let on = day_between(rng, ls.max(started), le);
                writes.push(write_of(first + k, on, CpdStatus::Submitted, k == 0));
            }
        }
        let (ts, _) = counting_window(&this_year);
        let from = ts.max(started);
        if from <= today {
            let is_pat = email.as_deref() == Some("practitioner@northshire.example.nhs.uk");
            let (submitted, drafts, peer) = if is_pat {
                (1, 1, false)
            } else {
                match rng.gen_range(0..100) {
                    0..=64 => (rng.gen_range(2..=4), 0, true),
                    65..=79 => (1, 1, rng.gen_bool(0.5)),
                    80..=89 => (0, 1, false),
                    _ => (0, 0, false),
                }
            };
            for k in 0..submitted + drafts {
                let on = day_between(rng, from, today);
                let status = if k < submitted {
                    CpdStatus::Submitted
                } else {
                    CpdStatus::Draft
                };
                // Pat's first record is the reading, which has no peer reflection.
                let i = if is_pat { 1 + k } else { first + 2 + k };
                writes.push(write_of(i, on, status, peer && k < submitted));
            }
        }
        for w in &writes {
            store::insert(conn, id, w, None).await?;
        }
    }
    Ok(())
}
