//! Feedback from people who use services and carers on a practitioner's practice
//! ("Making the difference together", Guidance One). Four parts:
//!
//! * `cards`: single-use, expiring codes a practitioner (or an admin for them) hands out or
//!   posts, as links, QR codes and short codes;
//! * `public`: the form behind a code, with no account: it stores no IP address, user agent,
//!   time or card link with the answers (see the migration);
//! * `results`: the practitioner's own results (threshold 3), what they share with their
//!   supervisor, the link to CPD, and team and organisation views (threshold 5), all through
//!   `domain::feedback::summarise`;
//! * `questionnaires`: the versions a principal social worker adapts with service users and
//!   carers, recording who co-produced each.

pub mod cards;
pub mod public;
pub mod questionnaires;
pub mod results;

use crate::domain::feedback::{Answers, Audience};
use time::Date;

/// YYYY-MM of a date: the finest time a response ever holds.
pub fn month_of(d: Date) -> String {
    format!("{:04}-{:02}", d.year(), u8::from(d.month()))
}

/// Results look back this many months (older responses are kept but not shown).
pub const RESULT_WINDOW_MONTHS: u32 = 24;

/// Stored answers (`code=score,code=score`) back into `Answers` about a practitioner;
/// malformed pairs are skipped.
pub fn decode_answers(stored: &str, comment: &str, about: i64) -> Answers {
    let scores = stored
        .split(',')
        .filter_map(|pair| {
            let (code, score) = pair.split_once('=')?;
            let score: u8 = score.parse().ok()?;
            (1..=5).contains(&score).then(|| (code.to_string(), score))
        })
        .collect();
    Answers {
        scores,
        comment: comment.to_string(),
        about,
    }
}

/// `Answers` as stored.
pub fn encode_answers(a: &Answers) -> String {
    a.scores
        .iter()
        .map(|(code, score)| format!("{code}={score}"))
        .collect::<Vec<_>>()
        .join(",")
}

fn audience_of(code: &str) -> Option<Audience> {
    Audience::parse(code).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_round_trip_through_storage() {
        let mut a = Answers::default();
        a.scores.insert("listened".into(), 5);
        a.scores.insert("v3_1".into(), 2);
        assert_eq!(decode_answers(&encode_answers(&a), "", 0), a);
        assert!(decode_answers("x=9,bad,y=", "", 0).scores.is_empty());
    }
}
