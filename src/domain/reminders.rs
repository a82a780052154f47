//! Which reminders are due today, to whom, and at which escalation level.
//!
//! Pure: the service gathers the facts (people with their next supervision due date, planned
//! and unconfirmed sessions, registrations, the principal social workers of each employer)
//! and the keys already sent; [`due`] returns what to send. Every reminder has a [`Key`]
//! (kind, subject, recipient, level) that the store claims before sending, so a reminder is
//! sent once however often, and by however many instances, the job runs.
//!
//! Escalation: LGA standard 5 asks the employer to monitor actual supervision against its
//! expectations, under a policy owned by the principal social worker (docs/sources.md#supervision),
//! and standard 1 (2025) makes the PSW responsible for upholding the standards (4.1). So a
//! problem that persists goes first to the parties, then also to the line manager, then
//! also to the PSW. The day counts are local policy, hence configuration (issue 3).

mod agreements;
mod registration;
mod roles;

use super::registration::RegistrationStatus;
use super::supervision::SupervisionRules;
pub use agreements::AgreementFact;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
use time::{Date, Duration};

/// The `[reminders]` configuration section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ReminderRules {
    /// How often `serve` runs the reminders job, in seconds (not used by the rules).
    pub interval_seconds: u64,
    /// Remind both parties of a planned session this many days before it (0: on the day).
    pub upcoming_days: u32,
    /// Add the line manager when supervision is still overdue, or a record still
    /// unconfirmed, this many days after it became so.
    pub escalate_to_manager_after_days: u32,
    /// Add the principal social worker(s) of the employer after this many days. At least
    /// `escalate_to_manager_after_days`.
    pub escalate_to_psw_after_days: u32,
    /// During the renewal window, repeat the renewal reminder every this many days until
    /// the register shows the next year.
    pub renewal_repeat_days: u32,
}

impl Default for ReminderRules {
    fn default() -> Self {
        ReminderRules {
            interval_seconds: 900,
            upcoming_days: 2,
            escalate_to_manager_after_days: 7,
            escalate_to_psw_after_days: 14,
            renewal_repeat_days: 14,
        }
    }
}

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    SessionUpcoming,
    SupervisionOverdue,
    SessionUnconfirmed,
    RenewalDue,
    RegistrationAlert,
    /// An ASYE review past its due date and not recorded (`domain::asye::review_due`).
    AsyeReviewOverdue,
    ReapprovalDue,
    /// A self-assessment action past its due date and not done or dropped.
    SelfAssessmentActionOverdue,
    /// A partnership agreement's review date is near or has come.
    AgreementReviewDue,
    /// A partnership agreement's end date is near or has passed.
    AgreementEnding,
    /// A concern raised has had no answer by the day it was due (`domain::concern`).
    ConcernAnswerOverdue,
    /// An appraisal past its due date and not completed (`domain::appraisal::standing`).
    AppraisalOverdue,
}

impl Kind {
    pub fn code(self) -> &'static str {
        match self {
            Kind::SessionUpcoming => "session_upcoming",
            Kind::SupervisionOverdue => "supervision_overdue",
            Kind::SessionUnconfirmed => "session_unconfirmed",
            Kind::RenewalDue => "renewal_due",
            Kind::RegistrationAlert => "registration_alert",
            Kind::AsyeReviewOverdue => "asye_review_overdue",
            Kind::ReapprovalDue => "reapproval_due",
            Kind::SelfAssessmentActionOverdue => "self_assessment_action_overdue",
            Kind::AgreementReviewDue => "agreement_review_due",
            Kind::AgreementEnding => "agreement_ending",
            Kind::ConcernAnswerOverdue => "concern_answer_overdue",
            Kind::AppraisalOverdue => "appraisal_overdue",
        }
    }

    pub fn parse(code: &str) -> Option<Kind> {
        [
            Kind::SessionUpcoming,
            Kind::SupervisionOverdue,
            Kind::SessionUnconfirmed,
            Kind::RenewalDue,
            Kind::RegistrationAlert,
            Kind::AsyeReviewOverdue,
            Kind::ReapprovalDue,
            Kind::SelfAssessmentActionOverdue,
            Kind::AgreementReviewDue,
            Kind::AgreementEnding,
            Kind::ConcernAnswerOverdue,
            Kind::AppraisalOverdue,
        ]
        .into_iter()
        .find(|k| k.code() == code)
    }
}

/// Why the recipient gets it: decides the wording, never who may read what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Party {
    /// The practitioner the reminder is about.
    Practitioner,
    Supervisor,
    LineManager,
    PrincipalSocialWorker,
    /// An organisation admin (partnership agreements).
    OrgAdmin,
}

/// The identity of one reminder: claimed once, sent once.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Key {
    pub kind: Kind,
    /// What it is about, e.g. `p12:due2026-10-01` or `s55`: a new episode gets a new key.
    pub subject: String,
    pub recipient: i64,
    /// 0: the parties; 1: line manager added; 2: principal social worker added.
    pub level: u8,
}

/// One reminder to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reminder {
    pub key: Key,
    pub party: Party,
    pub practitioner_id: i64,
    /// The date the message is about: the session, the due date, the confirmation
    /// deadline, the end of the registration year, or the status change.
    pub date: Date,
    pub session_id: Option<i64>,
    pub status: Option<RegistrationStatus>,
    /// The self-assessment action an overdue-action reminder is about.
    pub action_id: Option<i64>,
    /// The partnership agreement a review or end reminder is about.
    pub agreement_id: Option<i64>,
    /// The concern an overdue-answer reminder is about (never its words).
    pub concern_id: Option<i64>,
}

/// A current practitioner and the people around them.
#[derive(Debug, Clone)]
pub struct Person {
    pub practitioner_id: i64,
    /// Their own user account, if they have one.
    pub user_id: Option<i64>,
    pub employer_org_id: i64,
    /// From the current supervision agreement.
    pub line_manager: Option<i64>,
    pub professional_supervisor: Option<i64>,
    /// When the next session is due under `domain::supervision` (none without an
    /// expectation, e.g. a student without an agreed interval).
    pub next_due: Option<Date>,
}

impl Person {
    /// Who supervises them: the professional supervisor, else the line manager.
    fn supervisor(&self) -> Option<i64> {
        self.professional_supervisor.or(self.line_manager)
    }
}

#[derive(Debug, Clone)]
pub struct PlannedSession {
    pub id: i64,
    pub practitioner_id: i64,
    pub supervisor: i64,
    pub on: Date,
}

/// A held session the supervisee has not confirmed.
#[derive(Debug, Clone)]
pub struct UnconfirmedSession {
    pub id: i64,
    pub practitioner_id: i64,
    pub supervisor: i64,
    pub recorded_on: Date,
}

#[derive(Debug, Clone)]
pub struct Registration {
    pub practitioner_id: i64,
    pub status: RegistrationStatus,
    pub status_since: Date,
    pub registered_until: Option<Date>,
}

/// An ASYE review that is overdue (worked out by `service::asye::standing`).
#[derive(Debug, Clone)]
pub struct AsyeReviewFact {
    pub practitioner_id: i64,
    /// The assessor's user id: addressed as the supervisor.
    pub assessor: i64,
    /// The review point code (`3_month`, ...): part of the key, never of the message.
    pub point: String,
    pub due: Date,
}

/// Everything the rules look at.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub people: Vec<Person>,
    pub planned: Vec<PlannedSession>,
    pub unconfirmed: Vec<UnconfirmedSession>,
    pub registrations: Vec<Registration>,
    /// Active principal social workers by organisation id.
    pub psws: HashMap<i64, Vec<i64>>,
    pub asye_reviews: Vec<AsyeReviewFact>,
    /// AMHP approvals not ended, and the `[post_qualifying] reapproval_reminder_months`.
    pub approvals: Vec<AmhpApproval>,
    pub reapproval_lead_months: Vec<u32>,
    /// Open self-assessment actions past their due date (`store::self_assessment::overdue_actions`).
    pub overdue_actions: Vec<ActionFact>,
    /// Active organisation admins by organisation id.
    pub org_admins: HashMap<i64, Vec<i64>>,
    /// Partnership agreements in force.
    pub agreements: Vec<AgreementFact>,
    /// Concerns not closed and never answered (`store::concerns::unanswered`).
    pub unanswered_concerns: Vec<ConcernFact>,
    /// Appraisals overdue (`service::appraisal::reminder_facts`).
    pub overdue_appraisals: Vec<AppraisalFact>,
}

/// Someone whose appraisal is overdue: since when, and who holds the one in progress.
#[derive(Debug, Clone)]
pub struct AppraisalFact {
    pub practitioner_id: i64,
    pub due: Date,
    /// The appraiser of an appraisal in progress, if one is.
    pub appraiser: Option<i64>,
}

/// A concern still waiting for its first answer: who answers it, and when it was due.
#[derive(Debug, Clone)]
pub struct ConcernFact {
    pub id: i64,
    pub org_id: i64,
    /// The person asked to answer it, if anyone is yet.
    pub assigned: Option<i64>,
    pub due: Date,
}

/// A self-assessment action that is not done or dropped, with its owner and due date.
#[derive(Debug, Clone)]
pub struct ActionFact {
    pub id: i64,
    pub org_id: i64,
    pub owner: i64,
    pub due: Date,
}

/// An AMHP approval that has not ended, with its last day.
#[derive(Debug, Clone)]
pub struct AmhpApproval {
    pub id: i64,
    pub practitioner_id: i64,
    pub expires_on: Date,
}

/// The escalation level `days_late` days after a problem began (day 1 is the first day it
/// exists). Monotone in `days_late`, so a level never goes down while a problem persists.
pub fn escalation_level(days_late: i64, rules: &ReminderRules) -> u8 {
    if days_late > i64::from(rules.escalate_to_psw_after_days) {
        2
    } else if days_late > i64::from(rules.escalate_to_manager_after_days) {
        1
    } else {
        0
    }
}

/// Every reminder due on `today` that is not in `sent`, each key once. A problem is
/// announced at its current level only: a job that did not run for a while sends the
/// latest level, not every level it missed.
pub fn due(
    facts: &Facts,
    today: Date,
    rules: &ReminderRules,
    supervision: &SupervisionRules,
    sent: &HashSet<Key>,
) -> Vec<Reminder> {
    let people: HashMap<i64, &Person> = facts
        .people
        .iter()
        .map(|p| (p.practitioner_id, p))
        .collect();
    let mut out = Vec::new();
    out.extend(upcoming(facts, &people, today, rules));
    out.extend(overdue(facts, today, rules));
    out.extend(unconfirmed(facts, &people, today, rules, supervision));
    out.extend(registration::renewal(facts, &people, today, rules));
    out.extend(registration::registration_alerts(facts, &people));
    out.extend(roles::asye_overdue(facts, &people, today, rules));
    out.extend(roles::reapproval(facts, &people, today));
    out.extend(roles::self_assessment_actions(facts, today, rules));
    out.extend(roles::concerns_unanswered(facts, today, rules));
    out.extend(roles::appraisals_overdue(facts, &people, today, rules));
    out.extend(agreements::agreement_dates(facts, today));
    let mut seen = HashSet::new();
    out.retain(|r| !sent.contains(&r.key) && seen.insert(r.key.clone()));
    out
}

/// Recipients of a problem at `level`, each user once (the first party wins, so someone who
/// is both supervisor and line manager is addressed as the supervisor).
fn recipients(p: &Person, level: u8, psws: &HashMap<i64, Vec<i64>>) -> Vec<(i64, Party)> {
    let mut list: Vec<(Option<i64>, Party)> = vec![
        (p.user_id, Party::Practitioner),
        (p.supervisor(), Party::Supervisor),
    ];
    if level >= 1 {
        list.push((p.line_manager, Party::LineManager));
    }
    if level >= 2 {
        let orgs = psws.get(&p.employer_org_id).map(Vec::as_slice);
        for u in orgs.unwrap_or_default() {
            list.push((Some(*u), Party::PrincipalSocialWorker));
        }
    }
    let mut seen = BTreeSet::new();
    list.into_iter()
        .filter_map(|(u, party)| u.map(|u| (u, party)))
        .filter(|(u, _)| seen.insert(*u))
        .collect()
}

fn days_between(from: Date, to: Date) -> i64 {
    (to - from).whole_days()
}

fn add_days(d: Date, n: u32) -> Date {
    d.checked_add(Duration::days(i64::from(n)))
        .unwrap_or(Date::MAX)
}

/// A planned session within `upcoming_days`: remind the supervisee and the supervisor
/// (issue 3; keeping sessions booked and attended is the point of LGA standard 5,
/// docs/sources.md#supervision-monitoring). Once per session and date.
fn upcoming(
    facts: &Facts,
    people: &HashMap<i64, &Person>,
    today: Date,
    rules: &ReminderRules,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for s in &facts.planned {
        let ahead = days_between(today, s.on);
        if !(0..=i64::from(rules.upcoming_days)).contains(&ahead) {
            continue;
        }
        let own = people.get(&s.practitioner_id).and_then(|p| p.user_id);
        let subject = format!("s{}:{}", s.id, s.on);
        let mut seen = BTreeSet::new();
        for (u, party) in [
            (own, Party::Practitioner),
            (Some(s.supervisor), Party::Supervisor),
        ] {
            let Some(u) = u.filter(|u| seen.insert(*u)) else {
                continue;
            };
            out.push(
                reminder(
                    Kind::SessionUpcoming,
                    &subject,
                    u,
                    0,
                    party,
                    s.practitioner_id,
                    s.on,
                )
                .with_session(s.id),
            );
        }
    }
    out
}

/// Supervision overdue (`domain::supervision::is_overdue`: today after the next due date):
/// the practitioner and supervisor, then escalation (LGA standard 5 monitoring,
/// docs/sources.md#supervision). The subject includes the due date, so a new overdue period after
/// a held session is a new reminder.
fn overdue(facts: &Facts, today: Date, rules: &ReminderRules) -> Vec<Reminder> {
    let mut out = Vec::new();
    for p in &facts.people {
        let Some(due) = p.next_due.filter(|d| today > *d) else {
            continue;
        };
        let level = escalation_level(days_between(due, today), rules);
        let subject = format!("p{}:{}", p.practitioner_id, due);
        for (u, party) in recipients(p, level, &facts.psws) {
            out.push(reminder(
                Kind::SupervisionOverdue,
                &subject,
                u,
                level,
                party,
                p.practitioner_id,
                due,
            ));
        }
    }
    out
}

/// A held session not confirmed by the supervisee within `confirm_days` of being recorded
/// (`domain::supervision::confirmation_overdue`; two-party sign-off, docs/sources.md#supervision):
/// the supervisee and the supervisor who recorded it, then escalation.
fn unconfirmed(
    facts: &Facts,
    people: &HashMap<i64, &Person>,
    today: Date,
    rules: &ReminderRules,
    supervision: &SupervisionRules,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for s in &facts.unconfirmed {
        let deadline = add_days(s.recorded_on, supervision.confirm_days);
        if today <= deadline {
            continue;
        }
        let Some(p) = people.get(&s.practitioner_id) else {
            continue;
        };
        // The session's own supervisor, not the agreement's, is the other party.
        let p = Person {
            professional_supervisor: Some(s.supervisor),
            ..(*p).clone()
        };
        let level = escalation_level(days_between(deadline, today), rules);
        let subject = format!("s{}", s.id);
        for (u, party) in recipients(&p, level, &facts.psws) {
            out.push(
                reminder(
                    Kind::SessionUnconfirmed,
                    &subject,
                    u,
                    level,
                    party,
                    s.practitioner_id,
                    deadline,
                )
                .with_session(s.id),
            );
        }
    }
    out
}

fn reminder(
    kind: Kind,
    subject: &str,
    recipient: i64,
    level: u8,
    party: Party,
    practitioner_id: i64,
    date: Date,
) -> Reminder {
    Reminder {
        key: Key {
            kind,
            subject: subject.to_string(),
            recipient,
            level,
        },
        party,
        practitioner_id,
        date,
        session_id: None,
        status: None,
        action_id: None,
        agreement_id: None,
        concern_id: None,
    }
}

impl Reminder {
    fn with_session(mut self, id: i64) -> Reminder {
        self.session_id = Some(id);
        self
    }
}

#[cfg(test)]
mod tests;
