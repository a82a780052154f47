//! Demo collaborative conversation notes: about a third of the current practitioners have
//! one to three notes from the last year, none naming anyone. The demo practitioner (Pat)
//! has two, one shared with the people named in their supervision agreement, so the demo
//! supervisor (Sam) finds it under "Shared with you". Built last, on its own random stream,
//! so the rest of the demo is unchanged. No CPD drafts are made from them: the demo's CPD
//! readiness stays as `demo::cpd` describes.

use crate::domain::conversation::{CoProduction, ConversationNote, WithWhom};
use crate::store::Conn;
use crate::store::conversations as store;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use time::{Date, Duration};

/// (with whom, setting, discussed, helped, did not help, co-production, detail, learnt, do differently)
type Note = (
    WithWhom,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    CoProduction,
    &'static str,
    &'static str,
    &'static str,
);

const NOTES: &[Note] = &[
    (
        WithWhom::Carer,
        "Home visit",
        "How I explained the plan for discharge from hospital and what would happen next.",
        "Being given time to ask questions, and my ringing back when I said I would.",
        "Too many letters and abbreviations in the discharge meeting.",
        CoProduction::Partly,
        "We agreed together what the written summary should say.",
        "Carers need the plan in plain words and in writing, not only in the meeting.",
        "Send a short written summary after each planning meeting and check it makes sense.",
    ),
    (
        WithWhom::ServiceUser,
        "Community team office",
        "How our reviews have gone since the change in my caseload.",
        "That I asked what mattered to them before talking about risk.",
        "",
        CoProduction::Together,
        "",
        "Starting with what matters to the person changes the whole conversation.",
        "Open every review by asking what the person wants from it.",
    ),
    (
        WithWhom::ServiceUser,
        "Ward review",
        "The Mental Health Act assessment and how it felt to be on the other side of it.",
        "",
        "Not knowing who everyone in the room was, or why they were there.",
        CoProduction::MostlyMe,
        "The person was tired; I suggested we talk again when they were home.",
        "Introductions I think are obvious are not, when someone is frightened.",
        "Introduce everyone and their role at the start, and offer to pause.",
    ),
    (
        WithWhom::Carer,
        "Telephone call",
        "Being involved in decisions about support at home.",
        "Being asked for their view before the support plan was written.",
        "Hearing about a change to the care package from the provider first.",
        CoProduction::Partly,
        "",
        "Carers notice when they are consulted after the decision, not before.",
        "Tell carers about changes myself, before anyone else does.",
    ),
    (
        WithWhom::ServiceUser,
        "Walk in the park",
        "What has helped with their recovery over the last six months.",
        "Meeting somewhere other than the office, and going at their pace.",
        "",
        CoProduction::Together,
        "We planned the next steps together and they wrote them down.",
        "Where we meet shapes what people feel able to say.",
        "Offer people a choice of where to meet.",
    ),
];

fn note_of(i: usize, on: Date) -> ConversationNote {
    let (w, s, d, h, n, c, cd, l, dd) = NOTES[i % NOTES.len()];
    ConversationNote {
        held_on: on,
        with_whom: w,
        setting: s.into(),
        discussed: d.into(),
        helped: h.into(),
        did_not_help: n.into(),
        co_production: c,
        co_production_detail: cd.into(),
        learnt: l.into(),
        do_differently: dd.into(),
    }
}

pub async fn build(conn: &mut Conn, seed: u64, today: Date) -> anyhow::Result<()> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed ^ 0x434f_4e56_4552_5341);
    let people = crate::store::demo::in_post(conn).await?;
    for p in people.into_iter().filter(|p| p.career_stage != "student") {
        let (id, email) = (p.id, p.email);
        let is_pat = email.as_deref() == Some("practitioner@northshire.example.nhs.uk");
        let count = if is_pat {
            2
        } else if rng.gen_range(0..3) == 0 {
            rng.gen_range(1..=3)
        } else {
            0
        };
        let first = rng.gen_range(0..NOTES.len());
        for k in 0..count {
            let on = today - Duration::days(rng.gen_range(1..=330));
            let note_id = store::insert(conn, id, &note_of(first + k, on)).await?;
            if (is_pat && k == 0) || (!is_pat && rng.gen_bool(0.3)) {
                store::set_shared(conn, note_id, true).await?;
            }
        }
    }
    Ok(())
}
