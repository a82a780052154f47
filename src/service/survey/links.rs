//! Emailing single-use links: the first invitation, then reminders to those who have not
//! answered. Each message carries a fresh secret whose hash alone is kept; a reminder's
//! link replaces the one before. The audit entry and the page say how many were sent,
//! never to whom.

use super::{RECORD, get};
use crate::config::Settings;
use crate::domain::dates;
use crate::domain::survey::CycleState;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::accounts::{random_secret, sha256_hex};
use crate::service::reminder_mail::{Mailer, Text};
use crate::service::require;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::survey as store;
use serde::Serialize;
use time::Date;

/// What a send did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct LinksSent {
    pub sent: usize,
    /// Messages the mail server refused (their links were replaced, so a later reminder
    /// reaches them).
    pub failed: usize,
}

fn text(
    reminder: bool,
    title: &str,
    closes_on: Date,
    url: &str,
    service: &str,
    min_group: u64,
) -> Text {
    let opening = if reminder {
        "This is a reminder: if you have already answered, thank you, and please ignore this message. Nobody can see who has answered."
    } else {
        "Your organisation asks every social worker it employs how work is for them: workload, wellbeing, supervision, development, registration, leadership and inclusion. It takes about 10 minutes."
    };
    let body = format!(
        "{opening}\n\n{title}\n\nAnswer here (this link works once, for you only; please do not forward it):\n{url}\n\nThe survey closes at the end of {}. Your answers are added to counts as soon as you send them and are never kept with your name, your link or the time. Results are shown only once the survey has closed, and only for groups of at least {min_group} people.\n\n{service}",
        dates::long(closes_on)
    );
    Text {
        subject: if reminder {
            format!("Reminder: {title}")
        } else {
            title.to_string()
        },
        body,
    }
}

/// Emails a link to each of the actor's organisation's staff invited to cycle `id` who
/// have not answered: with `reminder` false, to those not emailed before; with it true, to
/// all of them, at most once in `[wellbeing_survey] remind_every_days`.
pub async fn send_links(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    base_url: &str,
    reminder: bool,
    today: Date,
) -> AppResult<LinksSent> {
    require(actor, Capability::RunWellbeingSurvey)?;
    let c = get(db, actor, id, today).await?;
    if c.state != CycleState::Open {
        return Err(AppError::Conflict(
            "This survey is closed: no more links can be sent.".into(),
        ));
    }
    let rules = settings.wellbeing_survey;
    if reminder
        && let Some(last) = c.last_reminded_on
        && (today - last).whole_days() < rules.remind_every_days
    {
        return Err(AppError::Conflict(format!(
            "A reminder was sent on {}. Reminders go at most once every {} days.",
            dates::long(last),
            rules.remind_every_days
        )));
    }
    let Some(mailer) = Mailer::from_settings(&settings.smtp, &settings.deployment.service_name)?
    else {
        return Err(AppError::Conflict(
            "Email is not set up for this service ([smtp] host), so no links can be sent. \
             Staff can answer from their home page when they are signed in."
                .into(),
        ));
    };
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let mut w = Write::begin(db, actor).await?;
    let to = store::unanswered(&mut w, id, org, !reminder).await?;
    let mut links = Vec::with_capacity(to.len());
    for (practitioner, email, name) in to {
        let secret = random_secret();
        store::set_token(&mut w, id, practitioner, &sha256_hex(&secret)).await?;
        links.push((email, name, format!("{base_url}/survey/{secret}")));
    }
    if reminder {
        store::set_reminded(&mut w, id, today).await?;
    }
    let what = if reminder { "reminders" } else { "invitations" };
    w.commit(
        "update",
        RECORD,
        id,
        format!("{} {what} emailed (recipients not recorded)", links.len()),
    )
    .await?;
    let mut failed = 0;
    for (email, name, url) in &links {
        let t = text(
            reminder,
            &c.title,
            c.closes_on,
            url,
            mailer.service_name(),
            rules.min_group(),
        );
        if let Err(e) = mailer.send(email, name, &t).await {
            tracing::warn!(cycle = id, error = %e, "a survey link could not be sent");
            failed += 1;
        }
    }
    Ok(LinksSent {
        sent: links.len() - failed,
        failed,
    })
}
