//! Registration reminders: renewal in the renewal window, and alerts when the register
//! shows someone may no longer practise.

use super::{Facts, Kind, Party, Person, Reminder, ReminderRules, days_between, reminder};
use crate::domain::registration::{in_renewal_window, registration_year};
use std::collections::BTreeSet;
use std::collections::HashMap;
use time::Date;

/// In the renewal window (1 September to 30 November, docs/sources.md#registration-and-renewal) a practitioner
/// who may practise and whose `registered_until` is not beyond the current registration
/// year has not renewed yet: remind them, every `renewal_repeat_days`. Not renewing means
/// the registration lapses on 1 December (1.1).
pub(super) fn renewal(
    facts: &Facts,
    people: &HashMap<i64, &Person>,
    today: Date,
    rules: &ReminderRules,
) -> Vec<Reminder> {
    if !in_renewal_window(today) {
        return Vec::new();
    }
    let year = registration_year(today);
    let opens = crate::domain::registration::renewal_window(&year).0;
    let round = days_between(opens, today) / i64::from(rules.renewal_repeat_days.max(1));
    let mut out = Vec::new();
    for r in &facts.registrations {
        let renewed = r.registered_until.is_some_and(|u| u > year.ends);
        if renewed || !r.status.may_practise() {
            continue;
        }
        let Some(u) = people.get(&r.practitioner_id).and_then(|p| p.user_id) else {
            continue;
        };
        let subject = format!("p{}:{}:{}", r.practitioner_id, year.ends, round);
        out.push(reminder(
            Kind::RenewalDue,
            &subject,
            u,
            0,
            Party::Practitioner,
            r.practitioner_id,
            year.ends,
        ));
    }
    out
}

/// A registration status that stops the person practising (`needs_alert`: lapsed,
/// suspended, interim suspension, removed; docs/sources.md#registration-alerts): alert
/// the line manager and the employer's PSW(s), once per status change (keyed on
/// `status_since`).
pub(super) fn registration_alerts(facts: &Facts, people: &HashMap<i64, &Person>) -> Vec<Reminder> {
    let mut out = Vec::new();
    for r in facts
        .registrations
        .iter()
        .filter(|r| r.status.needs_alert())
    {
        let Some(p) = people.get(&r.practitioner_id) else {
            continue;
        };
        let subject = format!(
            "p{}:{}:{}",
            r.practitioner_id,
            r.status.code(),
            r.status_since
        );
        let psws = facts.psws.get(&p.employer_org_id).map(Vec::as_slice);
        let mut list = vec![(p.line_manager, Party::LineManager)];
        list.extend(
            psws.unwrap_or_default()
                .iter()
                .map(|u| (Some(*u), Party::PrincipalSocialWorker)),
        );
        let mut seen = BTreeSet::new();
        for (u, party) in list {
            let Some(u) = u.filter(|u| seen.insert(*u)) else {
                continue;
            };
            let mut rem = reminder(
                Kind::RegistrationAlert,
                &subject,
                u,
                0,
                party,
                r.practitioner_id,
                r.status_since,
            );
            rem.status = Some(r.status);
            out.push(rem);
        }
    }
    out
}
