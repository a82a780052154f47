//! Partnership agreements' review and end dates reach both parties' organisation admins and
//! principal social workers (`domain::partnership`): once when the date comes within
//! [`LEAD_DAYS`] (level 0), and again when it arrives or, for the end date, passes (level 1).

use super::{Facts, Kind, Party, Reminder, reminder};
use crate::domain::partnership::LEAD_DAYS;
use std::collections::BTreeSet;
use time::{Date, Duration};

/// An agreement in force and its dates.
#[derive(Debug, Clone)]
pub struct AgreementFact {
    pub id: i64,
    /// Employer and host.
    pub orgs: [i64; 2],
    pub review_on: Option<Date>,
    pub ends_on: Option<Date>,
}

/// Every admin and PSW of either party, each once (an admin who is also PSW as admin).
fn recipients(facts: &Facts, a: &AgreementFact) -> Vec<(i64, Party)> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (map, party) in [
        (&facts.org_admins, Party::OrgAdmin),
        (&facts.psws, Party::PrincipalSocialWorker),
    ] {
        for org in a.orgs {
            for u in map.get(&org).map(Vec::as_slice).unwrap_or_default() {
                if seen.insert(*u) {
                    out.push((*u, party));
                }
            }
        }
    }
    out
}

pub(super) fn agreement_dates(facts: &Facts, today: Date) -> Vec<Reminder> {
    let lead = Duration::days(i64::from(LEAD_DAYS));
    let mut out = Vec::new();
    for a in &facts.agreements {
        let mut due = Vec::new();
        if let Some(r) = a.review_on
            && today >= r - lead
        {
            due.push((Kind::AgreementReviewDue, "review", r, u8::from(today >= r)));
        }
        if let Some(e) = a.ends_on
            && today >= e - lead
        {
            due.push((Kind::AgreementEnding, "end", e, u8::from(today > e)));
        }
        for (kind, what, on, level) in due {
            let subject = format!("pa{}:{what}{on}", a.id);
            for (u, party) in recipients(facts, a) {
                let mut r = reminder(kind, &subject, u, level, party, 0, on);
                r.agreement_id = Some(a.id);
                out.push(r);
            }
        }
    }
    out
}
