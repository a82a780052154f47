//! Reminders about programmes and roles: ASYE reviews overdue, AMHP re-approval due, and
//! self-assessment actions overdue.

use super::{
    Facts, Kind, Party, Person, Reminder, ReminderRules, days_between, escalation_level,
    recipients, reminder,
};
use std::collections::{BTreeSet, HashMap};
use time::Date;

/// An ASYE review not recorded by its due date (docs/sources.md#asye-reviews: reviews at 3, 6,
/// optional 9 and 12 months): the NQSW and their assessor, then the line manager, then the
/// PSW, who owns the ASYE (the same escalation as overdue supervision). Keyed on the point
/// and due date, so a pause that moves the date makes a new reminder.
pub(super) fn asye_overdue(
    facts: &Facts,
    people: &HashMap<i64, &Person>,
    today: Date,
    rules: &ReminderRules,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for a in facts.asye_reviews.iter().filter(|a| today > a.due) {
        let Some(p) = people.get(&a.practitioner_id) else {
            continue;
        };
        let p = Person {
            professional_supervisor: Some(a.assessor),
            ..(*p).clone()
        };
        let level = escalation_level(days_between(a.due, today), rules);
        let subject = format!("p{}:asye:{}:{}", a.practitioner_id, a.point, a.due);
        for (u, party) in recipients(&p, level, &facts.psws) {
            out.push(reminder(
                Kind::AsyeReviewOverdue,
                &subject,
                u,
                level,
                party,
                a.practitioner_id,
                a.due,
            ));
        }
    }
    out
}

/// AMHP re-approval due (`domain::post_qualifying::reapproval_stage`: 6, 3 and 1 months
/// before approval ends by default): the AMHP and the employer's PSW(s), who supports
/// post-qualifying roles (guidance considerations 2 and 4), once per approval and stage.
pub(super) fn reapproval(
    facts: &Facts,
    people: &HashMap<i64, &Person>,
    today: Date,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for a in &facts.approvals {
        let Some(stage) = crate::domain::post_qualifying::reapproval_stage(
            a.expires_on,
            today,
            &facts.reapproval_lead_months,
        ) else {
            continue;
        };
        let Some(p) = people.get(&a.practitioner_id) else {
            continue;
        };
        let subject = format!("a{}:{}:{stage}m", a.id, a.expires_on);
        let psws = facts.psws.get(&p.employer_org_id).map(Vec::as_slice);
        let mut list = vec![(p.user_id, Party::Practitioner)];
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
            out.push(reminder(
                Kind::ReapprovalDue,
                &subject,
                u,
                0,
                party,
                a.practitioner_id,
                a.expires_on,
            ));
        }
    }
    out
}

/// A self-assessment action not done by its due date (issue 6: overdue actions in the
/// reminders): its owner, and once it is `escalate_to_psw_after_days` late the
/// organisation's PSW(s) too, who sign the self-assessment off. The action plan is the
/// organisation's, so the reminder is about no practitioner (`practitioner_id` 0). Keyed on
/// the action and its due date: a new due date makes a new reminder.
pub(super) fn self_assessment_actions(
    facts: &Facts,
    today: Date,
    rules: &ReminderRules,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for a in facts.overdue_actions.iter().filter(|a| today > a.due) {
        let level = if escalation_level(days_between(a.due, today), rules) >= 2 {
            2
        } else {
            0
        };
        let subject = format!("sa{}:{}", a.id, a.due);
        let mut list = vec![(a.owner, Party::Practitioner)];
        if level == 2 {
            let psws = facts.psws.get(&a.org_id).map(Vec::as_slice);
            list.extend(
                psws.unwrap_or_default()
                    .iter()
                    .map(|u| (*u, Party::PrincipalSocialWorker)),
            );
        }
        let mut seen = BTreeSet::new();
        for (u, party) in list.into_iter().filter(|(u, _)| seen.insert(*u)) {
            let mut r = reminder(
                Kind::SelfAssessmentActionOverdue,
                &subject,
                u,
                level,
                party,
                0,
                a.due,
            );
            r.action_id = Some(a.id);
            out.push(r);
        }
    }
    out
}

/// A concern with no answer by the day due (HEE consideration 5: concerns answered within
/// set times, with escalation): the person asked to answer it, or the organisation's
/// PSW(s) while nobody is; once it is `escalate_to_psw_after_days` late, the PSW(s) as well.
/// The message names no one and says nothing of the concern but its link. Keyed on the
/// concern and its due day.
pub(super) fn concerns_unanswered(
    facts: &Facts,
    today: Date,
    rules: &ReminderRules,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for c in facts.unanswered_concerns.iter().filter(|c| today > c.due) {
        let level = if escalation_level(days_between(c.due, today), rules) >= 2 {
            2
        } else {
            0
        };
        let psws = facts
            .psws
            .get(&c.org_id)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut list: Vec<(i64, Party)> = c
            .assigned
            .map(|u| (u, Party::Supervisor))
            .into_iter()
            .collect();
        if level == 2 || c.assigned.is_none() {
            list.extend(psws.iter().map(|u| (*u, Party::PrincipalSocialWorker)));
        }
        let subject = format!("c{}:{}", c.id, c.due);
        let mut seen = BTreeSet::new();
        for (u, party) in list.into_iter().filter(|(u, _)| seen.insert(*u)) {
            let mut r = reminder(
                Kind::ConcernAnswerOverdue,
                &subject,
                u,
                level,
                party,
                0,
                c.due,
            );
            r.concern_id = Some(c.id);
            out.push(r);
        }
    }
    out
}

/// An appraisal not completed by its due date (HEE consideration 6, LGA standard 6;
/// docs/sources.md#appraisal): the practitioner and whoever appraises them (the appraiser
/// of one in progress, else their line manager), then the employer's PSW(s). Keyed on the
/// person and the due date, so completing one and falling due again makes a new reminder.
pub(super) fn appraisals_overdue(
    facts: &Facts,
    people: &HashMap<i64, &Person>,
    today: Date,
    rules: &ReminderRules,
) -> Vec<Reminder> {
    let mut out = Vec::new();
    for a in facts.overdue_appraisals.iter().filter(|a| today > a.due) {
        let Some(p) = people.get(&a.practitioner_id) else {
            continue;
        };
        let level = if escalation_level(days_between(a.due, today), rules) >= 2 {
            2
        } else {
            0
        };
        let mut list = vec![
            (p.user_id, Party::Practitioner),
            (a.appraiser.or(p.line_manager), Party::LineManager),
        ];
        if level == 2 {
            let psws = facts.psws.get(&p.employer_org_id).map(Vec::as_slice);
            list.extend(
                psws.unwrap_or_default()
                    .iter()
                    .map(|u| (Some(*u), Party::PrincipalSocialWorker)),
            );
        }
        let subject = format!("p{}:appraisal:{}", a.practitioner_id, a.due);
        let mut seen = BTreeSet::new();
        for (u, party) in list {
            let Some(u) = u.filter(|u| seen.insert(*u)) else {
                continue;
            };
            out.push(reminder(
                Kind::AppraisalOverdue,
                &subject,
                u,
                level,
                party,
                a.practitioner_id,
                a.due,
            ));
        }
    }
    out
}
