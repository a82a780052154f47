//! The reminders job: gather the facts, let `domain::reminders` decide what is due, claim
//! each reminder in the database, send it, record the outcome. `serve` runs it every
//! `[reminders] interval_seconds`; `mhsw reminders run` runs it once (cron, tests).
//!
//! Safe with several instances: a reminder is sent only by the instance whose claim insert
//! succeeded (`store::reminders::claim`). At most once, not exactly once: an instance that
//! dies between claim and send leaves the reminder claimed and unsent.

use super::reminder_mail::{self, Mailer};
use crate::config::Settings;
use crate::domain::registration::RegistrationStatus;
use crate::domain::reminders::{
    self as rules, Facts, Key, Kind, Person, PlannedSession, Registration, Reminder,
    UnconfirmedSession,
};
use crate::domain::supervision as supervision_rules;
use crate::error::AppResult;
use crate::store::Db;
use crate::store::audit::{NewAuditEntry, append};
use crate::store::reminders::{self as store, KeyRow, PersonRow};
use std::collections::{HashMap, HashSet};
use time::{Date, Duration};

/// A failed send is tried again on later runs until it has had this many attempts.
pub const MAX_ATTEMPTS: i64 = 3;

/// What one run did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunSummary {
    /// False when `[smtp]` has no host: nothing was looked at or sent.
    pub mail_configured: bool,
    pub due: usize,
    pub sent: usize,
    pub failed: usize,
    /// Claimed by another run, or the recipient has no usable address.
    pub skipped: usize,
}

impl std::fmt::Display for RunSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if !self.mail_configured {
            return write!(
                f,
                "Email is not configured ([smtp] host is empty): no reminders sent."
            );
        }
        write!(
            f,
            "{} reminders due: {} sent, {} failed, {} skipped.",
            self.due, self.sent, self.failed, self.skipped
        )
    }
}

/// The supervision due date of one person, by the same rules as the dashboard
/// (`domain::supervision_standing::next_due`): none without an agreement.
fn next_due(p: &PersonRow, today: Date, r: &supervision_rules::SupervisionRules) -> Option<Date> {
    let override_days = p.interval_override.map(|d| d as u32);
    let interval = supervision_rules::effective_interval_days(
        &p.career_stage,
        p.start_date,
        today,
        override_days,
        r,
    );
    crate::domain::supervision_standing::next_due(p.agreement_starts_on, p.last_held, interval)
}

/// Reads everything the rules need in a few statements. Returns the facts and each
/// practitioner's name (for the messages).
async fn gather(
    db: &Db,
    settings: &Settings,
    today: Date,
) -> AppResult<(Facts, HashMap<i64, String>)> {
    let pool = &db.pool;
    let rows = store::people(pool, today).await?;
    let names = rows.iter().map(|p| (p.id, p.name.clone())).collect();
    let people = rows
        .iter()
        .map(|p| Person {
            practitioner_id: p.id,
            user_id: p.user_id,
            employer_org_id: p.employer_org_id,
            line_manager: p.line_manager,
            professional_supervisor: p.professional_supervisor,
            next_due: next_due(p, today, &settings.supervision),
        })
        .collect();
    let until = today + Duration::days(i64::from(settings.reminders.upcoming_days));
    let planned = store::planned(pool, today, until)
        .await?
        .into_iter()
        .map(|(id, practitioner_id, supervisor, on)| PlannedSession {
            id,
            practitioner_id,
            supervisor,
            on,
        })
        .collect();
    let unconfirmed = store::unconfirmed(pool)
        .await?
        .into_iter()
        .map(|(id, practitioner_id, supervisor, on)| UnconfirmedSession {
            id,
            practitioner_id,
            supervisor,
            recorded_on: on,
        })
        .collect();
    let registrations = store::registrations(pool)
        .await?
        .into_iter()
        .filter_map(|(practitioner_id, status, since, until)| {
            Some(Registration {
                practitioner_id,
                status: RegistrationStatus::parse(&status)?,
                status_since: since,
                registered_until: until,
            })
        })
        .collect();
    let psws =
        store::users_with_role(pool, crate::domain::Role::PrincipalSocialWorker.code()).await?;
    let asye_reviews = super::asye::overdue_reviews(db, settings, today).await?;
    let approvals = crate::store::post_qualifying::open_approvals(pool)
        .await?
        .into_iter()
        .map(|(id, practitioner_id, expires_on)| rules::AmhpApproval {
            id,
            practitioner_id,
            expires_on,
        })
        .collect();
    let overdue_actions = crate::store::self_assessment::overdue_actions(pool, today)
        .await?
        .into_iter()
        .map(|a| rules::ActionFact {
            id: a.id,
            org_id: a.org_id,
            owner: a.owner_user_id,
            due: a.due_on,
        })
        .collect();
    Ok((
        Facts {
            people,
            planned,
            unconfirmed,
            registrations,
            psws,
            asye_reviews,
            approvals,
            reapproval_lead_months: settings.post_qualifying.reapproval_reminder_months.clone(),
            overdue_actions,
            org_admins: store::users_with_role(pool, crate::domain::Role::OrgAdmin.code()).await?,
            unanswered_concerns: crate::store::concerns::unanswered(pool)
                .await?
                .into_iter()
                .map(|(id, org_id, assigned, due)| rules::ConcernFact {
                    id,
                    org_id,
                    assigned,
                    due,
                })
                .collect(),
            overdue_appraisals: super::appraisal::reminder_facts(db, settings, today).await?,
            agreements: crate::store::partnerships::in_force(pool)
                .await?
                .into_iter()
                .map(|a| rules::AgreementFact {
                    id: a.id,
                    orgs: [a.employer_org_id, a.host_org_id],
                    review_on: a.terms.review_on,
                    ends_on: a.terms.ends_on,
                })
                .collect(),
        },
        names,
    ))
}

fn key_row(k: &Key) -> KeyRow {
    (
        k.kind.code().to_string(),
        k.subject.clone(),
        k.recipient,
        i64::from(k.level),
    )
}

async fn settled(db: &Db) -> AppResult<HashSet<Key>> {
    Ok(store::settled_keys(&db.pool, MAX_ATTEMPTS)
        .await?
        .into_iter()
        .filter_map(|(kind, subject, recipient, level)| {
            Some(Key {
                kind: Kind::parse(&kind)?,
                subject,
                recipient,
                level: u8::try_from(level).ok()?,
            })
        })
        .collect())
}

/// The reminders due on `today` that nobody has claimed yet, without sending anything.
pub async fn pending(
    db: &Db,
    settings: &Settings,
    today: Date,
) -> AppResult<(Vec<Reminder>, HashMap<i64, String>)> {
    let (facts, names) = gather(db, settings, today).await?;
    let sent = settled(db).await?;
    let due = rules::due(
        &facts,
        today,
        &settings.reminders,
        &settings.supervision,
        &sent,
    );
    Ok((due, names))
}

/// One run: decide, claim, send, record. Does nothing when email is not configured.
pub async fn run_once(db: &Db, settings: &Settings, today: Date) -> AppResult<RunSummary> {
    let Some(mailer) = Mailer::from_settings(&settings.smtp, &settings.deployment.service_name)?
    else {
        return Ok(RunSummary::default());
    };
    let (due, names) = pending(db, settings, today).await?;
    let boxes = store::mailboxes(&db.pool).await?;
    let mut summary = RunSummary {
        mail_configured: true,
        due: due.len(),
        ..RunSummary::default()
    };
    for r in &due {
        let Some((email, recipient_name)) = boxes.get(&r.key.recipient) else {
            summary.skipped += 1;
            continue;
        };
        let k = key_row(&r.key);
        if !store::claim(&db.pool, &k, MAX_ATTEMPTS).await? {
            summary.skipped += 1;
            continue;
        }
        let about = names
            .get(&r.practitioner_id)
            .map(String::as_str)
            .unwrap_or("");
        let text = reminder_mail::compose(r, about, recipient_name, mailer.service_name());
        let outcome = mailer.send(email, recipient_name, &text).await;
        if let Err(e) = &outcome {
            tracing::warn!(kind = r.key.kind.code(), recipient_user_id = r.key.recipient, error = %e, "reminder not sent");
        }
        store::settle(&db.pool, &k, outcome.as_ref().err().map(String::as_str)).await?;
        if outcome.is_ok() {
            summary.sent += 1
        } else {
            summary.failed += 1
        }
    }
    if summary.sent + summary.failed > 0 {
        audit_run(db, &summary).await?;
    }
    Ok(summary)
}

/// One audit entry per run that sent anything: messages name practitioners to their
/// managers, so the trail shows the job did.
async fn audit_run(db: &Db, s: &RunSummary) -> AppResult<()> {
    append(
        &db.pool,
        &NewAuditEntry {
            actor_user_id: None,
            actor_email: "reminders job",
            org_id: None,
            action: "send",
            record_type: "reminders",
            record_id: String::new(),
            detail: format!("{} sent, {} failed", s.sent, s.failed),
            request_id: "",
        },
    )
    .await?;
    Ok(())
}

/// The loop `serve` spawns: one run every `interval_seconds`, measured from UTC today.
/// Without `[smtp] host` it logs once and returns. Errors are logged and the loop goes on.
pub async fn job(
    db: Db,
    settings: std::sync::Arc<Settings>,
    clock: crate::clock::Clock,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) {
    if !settings.smtp.is_configured() {
        tracing::info!(
            "reminders: email is not configured ([smtp] host is empty), so none will be sent"
        );
        return;
    }
    let every = std::time::Duration::from_secs(settings.reminders.interval_seconds.max(1));
    let mut ticker = tokio::time::interval(every);
    ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        ticker.tick().await;
        let today = clock.today();
        match run_once(&db, &settings, today).await {
            Ok(s) => {
                metrics.ran("reminders", crate::metrics::Outcome::Ok);
                tracing::info!(
                    due = s.due,
                    sent = s.sent,
                    failed = s.failed,
                    skipped = s.skipped,
                    "reminders run"
                )
            }
            Err(e) => {
                metrics.ran("reminders", crate::metrics::Outcome::Failed);
                tracing::error!(error = %e, "reminders run failed")
            }
        }
    }
}
