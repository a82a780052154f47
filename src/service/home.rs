//! "What needs me today": the counts each person's home page leads with, each a link to the
//! list it counts. The figures come from the same service calls as those lists (the
//! supervision dashboard, the supervision record, the action plan), so the home page and
//! the page it links to cannot disagree. Registration and AMHP counts come from the
//! registration overview and the post-qualifying overview in the same way.

use super::{leavers, post_qualifying, registration, supervision};
use crate::config::Settings;
use crate::domain::Role;
use crate::domain::figures;
use crate::domain::leaving::ExitStanding;
use crate::domain::people_filter::NOT_RECORDED;
use crate::domain::registration::RenewalProgress;
use crate::error::AppResult;
use crate::policy::{Actor, Capability};
use crate::store::Db;
use serde::Serialize;
use time::Date;

/// One thing waiting for the person, with how many and where to see them.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Need {
    pub count: i64,
    /// Says what the count is, as a sentence after the number ("people overdue for
    /// supervision").
    pub what: String,
    pub href: String,
    /// The headline figure this count is (`domain::figures`), when it is one.
    pub figure: Option<&'static str>,
}

fn need(count: impl TryInto<i64>, one: &str, many: &str, href: String) -> Option<Need> {
    let count = count.try_into().unwrap_or(0);
    (count > 0).then(|| Need {
        count,
        what: if count == 1 { one } else { many }.to_string(),
        href,
        figure: None,
    })
}

/// Everything waiting for this person today, most urgent first; empty when nothing is.
pub async fn needs_today(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<Need>> {
    let mut needs = Vec::new();
    if actor.practitioner_id.is_some()
        && actor.can(Capability::AnswerExitQuestionnaire)
        && let ExitStanding::Open { .. } = leavers::standing(db, settings, actor, today).await?
    {
        needs.extend(need(
            1,
            "exit questionnaire is open to you before you leave",
            "",
            "/exit-questionnaire".into(),
        ));
    }
    if actor.practitioner_id.is_some() && actor.can(Capability::AnswerWellbeingSurvey) {
        let waiting = super::survey::mine(db, actor, today)
            .await?
            .iter()
            .filter(|(_, answered)| !answered)
            .count();
        needs.extend(need(
            waiting,
            "wellbeing survey is open for your answers",
            "wellbeing surveys are open for your answers",
            "/wellbeing-survey".into(),
        ));
    }
    needs.extend(appraisal_needs(db, settings, actor, today).await?);
    if let Some(me) = actor.practitioner_id
        && actor.can(Capability::ConfirmOwnSupervision)
    {
        let mine = supervision::record(db, settings, actor, me, today).await?;
        needs.extend(need(
            mine.status.unconfirmed,
            "supervision record is waiting for you to confirm it",
            "supervision records are waiting for you to confirm them",
            format!("/practitioners/{me}/supervision"),
        ));
    }
    if actor.can(Capability::ViewSupervisionDashboard) {
        // A supervisor's own supervisees; a team manager's or PSW's whole scope.
        let only_mine = !(actor.has(Role::TeamManager) || actor.has(Role::PrincipalSocialWorker));
        let d = supervision::dashboard(db, settings, actor, only_mine, &Default::default(), today)
            .await?;
        let href = if only_mine {
            "/supervision?mine=true"
        } else {
            "/supervision"
        }
        .to_string();
        needs.extend(
            need(
                d.overdue,
                "person is overdue for supervision",
                "people are overdue for supervision",
                href.clone(),
            )
            .map(|n| Need {
                figure: (!only_mine).then_some(figures::OVERDUE_SUPERVISION),
                ..n
            }),
        );
        needs.extend(need(
            d.never_supervised,
            "person has an agreement and has not yet been supervised",
            "people have an agreement and have not yet been supervised",
            href.clone(),
        ));
        needs.extend(need(
            d.without_agreement,
            "person has no supervision agreement",
            "people have no supervision agreement",
            href.clone(),
        ));
        needs.extend(need(
            d.flagged,
            "person's supervision has something to act on",
            "people's supervision has something to act on",
            href,
        ));
    }
    if actor.can(Capability::ViewRegistrationOverview) {
        needs.extend(registration_needs(db, settings, actor, today).await?);
    }
    if actor.can(Capability::ViewPostQualifyingOverview) {
        let pq = post_qualifying::overview(db, actor, today, settings, &Default::default()).await?;
        needs.extend(need(
            pq.reapproval_due.len(),
            "AMHP's approval ends within 6 months: re-approval is due",
            "AMHPs' approvals end within 6 months: re-approval is due",
            "/post-qualifying#reapproval-heading".into(),
        ));
    }
    if actor.can(Capability::ViewPartnerships) {
        let agreements = super::partnerships::list(db, actor, today).await?;
        needs.extend(need(
            agreements.iter().filter(|a| a.moves.respond).count(),
            "partnership agreement is waiting for your organisation to accept or decline it",
            "partnership agreements are waiting for your organisation to accept or decline them",
            "/partnerships".into(),
        ));
        needs.extend(need(
            agreements
                .iter()
                .filter(|a| !a.attention.is_empty())
                .count(),
            "partnership agreement is due for review, ending or past its end date",
            "partnership agreements are due for review, ending or past their end dates",
            "/partnerships".into(),
        ));
    }
    Ok(needs)
}

/// In the renewal window, registered people who have not started renewing; all year,
/// people with no registration recorded (each a link to the filtered list).
async fn registration_needs(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<Need>> {
    let o = registration::overview(db, settings, actor, &Default::default(), today).await?;
    let count = |code: &str| {
        o.renewal
            .iter()
            .find(|c| c.code == code)
            .map_or(0, |c| c.count)
    };
    let mut needs = Vec::new();
    needs.extend(need(
        count(RenewalProgress::NotStarted.code()),
        "registered person has not started renewing their registration",
        "registered people have not started renewing their registration",
        "/registration#renewal-heading".into(),
    ));
    needs.extend(need(
        o.not_recorded,
        "person has no registration recorded",
        "people have no registration recorded",
        format!("/registration?registration={NOT_RECORDED}"),
    ));
    Ok(needs)
}

/// One's own appraisal when it is overdue or waiting for one's part; for team managers and
/// the leads, the people in their scope overdue (`service::appraisal`).
async fn appraisal_needs(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Vec<Need>> {
    use crate::domain::appraisal::Standing;
    let mut needs = Vec::new();
    if actor.practitioner_id.is_some() && actor.can(Capability::KeepOwnAppraisal) {
        let mine = super::appraisal::mine(db, settings, actor, today).await?;
        let open = mine.appraisals.iter().any(|a| a.completed_on.is_none());
        if let (false, Standing::Overdue { .. }) = (open, mine.standing) {
            needs.extend(need(
                1,
                "appraisal of yours is overdue: ask your manager to start it",
                "",
                "/my-appraisals".into(),
            ));
        }
        needs.extend(need(
            i64::from(open),
            "appraisal of yours is in progress: choose your evidence and sign",
            "",
            "/my-appraisals".into(),
        ));
    }
    if actor.can(Capability::ViewAppraisalCompletion) {
        let overdue = super::appraisal::overdue_count(db, settings, actor, today).await?;
        needs.extend(need(
            overdue,
            "person is overdue an appraisal",
            "people are overdue an appraisal",
            "/appraisals".into(),
        ));
    }
    Ok(needs)
}
