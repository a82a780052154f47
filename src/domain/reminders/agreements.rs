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

#[cfg(test)]
mod tests {
    use super::super::{Facts, Kind, Party, ReminderRules, due};
    use super::AgreementFact;
    use crate::domain::supervision::SupervisionRules;
    use std::collections::{HashMap, HashSet};
    use time::Duration;
    use time::macros::date;

    fn facts() -> Facts {
        Facts {
            psws: HashMap::from([(1, vec![10]), (2, vec![20])]),
            org_admins: HashMap::from([(1, vec![11, 10]), (2, vec![21])]),
            agreements: vec![AgreementFact {
                id: 7,
                orgs: [1, 2],
                review_on: Some(date!(2027 - 03 - 01)),
                ends_on: Some(date!(2027 - 09 - 30)),
            }],
            ..Facts::default()
        }
    }

    fn sent(on: time::Date) -> Vec<(Kind, i64, Party, u8)> {
        let mut out: Vec<_> = due(
            &facts(),
            on,
            &ReminderRules::default(),
            &SupervisionRules::default(),
            &HashSet::new(),
        )
        .into_iter()
        .map(|r| (r.key.kind, r.key.recipient, r.party, r.key.level))
        .collect();
        out.sort();
        out
    }

    #[test]
    fn both_parties_admins_and_psws_hear_of_a_review_each_once() {
        let lead = Duration::days(i64::from(crate::domain::partnership::LEAD_DAYS));
        assert!(sent(date!(2027 - 03 - 01) - lead - Duration::days(1)).is_empty());
        let first = sent(date!(2027 - 03 - 01) - lead);
        let who: Vec<(i64, Party)> = first.iter().map(|(_, u, p, _)| (*u, *p)).collect();
        assert_eq!(
            who,
            vec![
                (10, Party::OrgAdmin),
                (11, Party::OrgAdmin),
                (20, Party::PrincipalSocialWorker),
                (21, Party::OrgAdmin),
            ]
        );
        assert!(
            first
                .iter()
                .all(|(k, _, _, l)| *k == Kind::AgreementReviewDue && *l == 0)
        );
        assert!(
            sent(date!(2027 - 03 - 01))
                .iter()
                .all(|(_, _, _, l)| *l == 1)
        );
    }

    #[test]
    fn the_end_date_is_announced_before_and_again_once_past() {
        let ending = sent(date!(2027 - 09 - 30));
        assert!(
            ending
                .iter()
                .any(|(k, _, _, l)| *k == Kind::AgreementEnding && *l == 0)
        );
        let past = sent(date!(2027 - 10 - 01));
        assert!(
            past.iter()
                .any(|(k, _, _, l)| *k == Kind::AgreementEnding && *l == 1)
        );
    }
}
