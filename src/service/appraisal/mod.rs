//! The annual appraisal with a golden thread (`domain::appraisal`, docs/sources.md#appraisal).
//!
//! Two parties, and only they read what an appraisal says: the practitioner, and the
//! appraiser who started it (a team manager for their own team, or the principal social
//! worker). The appraiser writes the objectives (each tied to a goal), the review against
//! the PCF domains, the plan and a summary; the practitioner chooses which of their own
//! records to share as evidence and writes their reflection. Any change clears both
//! signatures; the second signature completes it and nothing in it changes after. Others
//! see dates only, in `overview`.

mod overview;

pub use overview::{
    AppraisalOverview, Mine, OrgAppraisals, PersonLine, RateLine, for_org, mine, overdue_count,
    overview_all, overview_page, reminder_facts,
};

use super::write::Write;
use super::{access, audit, require};
use crate::config::Settings;
use crate::domain::Role;
use crate::domain::appraisal::{
    self as rules, Draft, EvidenceKind, FeedbackSummary, GoalOption, MAX_TEXT, Party,
};
use crate::domain::partnership::AgreementStatus;
use crate::domain::self_assessment::statement::CHAPTERS;
use crate::domain::supervision::add_months_back;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::appraisal::{self as store, EvidenceItem, Heading};
use serde::Serialize;
use time::Date;

/// Whether the actor may appraise this practitioner (already within their scope): not
/// themselves; the PSW anyone; a team manager the people of their own team.
pub(crate) fn may_appraise(actor: &Actor, practitioner_id: i64, team_id: Option<i64>) -> bool {
    actor.can(Capability::ConductAppraisals)
        && actor.practitioner_id != Some(practitioner_id)
        && (actor.has(Role::PrincipalSocialWorker)
            || (actor.has(Role::TeamManager)
                && actor.team_id.is_some()
                && actor.team_id == team_id))
}

/// The goals an objective of `org`'s appraisals may serve: the chapters of its strategic
/// statement, then the partnership agreements in force it is a party to.
pub async fn goals(db: &Db, org: i64) -> AppResult<Vec<GoalOption>> {
    let mut out: Vec<GoalOption> = CHAPTERS
        .iter()
        .map(|(code, heading)| GoalOption {
            code: rules::Goal::Statement((*code).into()).code(),
            label: (*heading).into(),
            source: "Strategic statement".into(),
        })
        .collect();
    for a in crate::store::partnerships::list_for(&db.pool, org).await? {
        if a.status != AgreementStatus::InForce {
            continue;
        }
        let partner = if a.employer_org_id == org {
            &a.host_name
        } else {
            &a.employer_name
        };
        let what = a.terms.description.trim();
        out.push(GoalOption {
            code: rules::Goal::Partnership(a.id).code(),
            label: if what.is_empty() {
                format!(
                    "{} with {partner}",
                    crate::domain::reference::label_of(
                        "agreement_types",
                        a.terms.agreement_type.code()
                    )
                )
            } else {
                format!(
                    "{} with {partner}: {what}",
                    crate::domain::reference::label_of(
                        "agreement_types",
                        a.terms.agreement_type.code()
                    )
                )
            },
            source: "Partnership".into(),
        });
    }
    Ok(out)
}

/// Starts an appraisal of a practitioner, with the actor as appraiser; the one in progress
/// when the actor already holds it.
pub async fn start(db: &Db, actor: &Actor, practitioner_id: i64, today: Date) -> AppResult<i64> {
    let p = access::practitioner(db, actor, practitioner_id, Capability::ConductAppraisals).await?;
    if actor.practitioner_id == Some(p.id) {
        return Err(AppError::Invalid(FieldErrors::single(
            "practitioner",
            "You cannot appraise yourself: your own manager starts your appraisal",
        )));
    }
    if !may_appraise(actor, p.id, p.team_id) {
        return Err(AppError::Forbidden);
    }
    if let Some(open) = store::open_for(&db.pool, p.id).await? {
        let h = store::heading(&db.pool, open)
            .await?
            .ok_or(AppError::NotFound)?;
        if h.appraiser_user_id == Some(actor.user_id) {
            return Ok(open);
        }
        return Err(AppError::Invalid(FieldErrors::single(
            "practitioner",
            format!(
                "{} already has an appraisal in progress with {}",
                h.practitioner_name,
                h.appraiser_name
                    .as_deref()
                    .unwrap_or("someone who has left")
            ),
        )));
    }
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let mut w = Write::begin(db, actor).await?;
    let id = store::insert(&mut w, p.id, org, actor.user_id, today).await?;
    w.commit("create", "appraisal", id, format!("practitioner {}", p.id))
        .await?;
    Ok(id)
}

/// Whether the actor is the appraisal's `party`.
fn holds(h: &Heading, actor: &Actor, party: Party) -> bool {
    match party {
        Party::Practitioner => {
            actor.practitioner_id == Some(h.practitioner_id)
                && actor.can(Capability::KeepOwnAppraisal)
        }
        Party::Appraiser => {
            h.appraiser_user_id == Some(actor.user_id)
                && actor.can(Capability::ConductAppraisals)
                && actor.org_id == Some(h.org_id)
        }
    }
}

/// The appraisal and the reader's part in it; not found for anyone but its two parties.
async fn party_to(db: &Db, actor: &Actor, id: i64) -> AppResult<(Heading, Party)> {
    let h = store::heading(&db.pool, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let party = [Party::Practitioner, Party::Appraiser]
        .into_iter()
        .find(|p| holds(&h, actor, *p))
        .ok_or(AppError::NotFound)?;
    Ok((h, party))
}

/// An appraisal as its parties read it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AppraisalView {
    pub heading: Heading,
    pub party: Party,
    pub draft: Draft,
    pub goals: Vec<GoalOption>,
    /// What the practitioner shares.
    pub evidence: Vec<EvidenceItem>,
    /// Their feedback over the year, when shared.
    pub feedback: Option<FeedbackSummary>,
    /// The records the practitioner may choose from (only they see this list).
    pub offered: Vec<EvidenceItem>,
    /// What is still missing before signing (field, message).
    pub missing: Vec<crate::domain::field_errors::FieldError>,
    pub completed: bool,
}

/// The practitioner's records of the year before the appraisal started, and a line for
/// their feedback results when there is any.
async fn offered(
    db: &Db,
    settings: &Settings,
    h: &Heading,
) -> AppResult<(Vec<EvidenceItem>, FeedbackSummary)> {
    let from = add_months_back(h.started_on, settings.appraisal.every_months);
    let mut items = store::evidence_offered(&db.pool, h.practitioner_id, from).await?;
    let answers = store::feedback_answers(&db.pool, h.practitioner_id, from).await?;
    let summary = rules::feedback_summary(&answers, settings.feedback.own_threshold());
    if summary.responses > 0 {
        items.insert(
            0,
            EvidenceItem {
                kind: EvidenceKind::Feedback,
                id: 0,
                on: h.started_on,
                title: format!(
                    "{} responses in the year before the appraisal started",
                    summary.responses
                ),
            },
        );
    }
    Ok((items, summary))
}

pub async fn view(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
) -> AppResult<AppraisalView> {
    let (heading, party) = party_to(db, actor, id).await?;
    let draft = store::draft(&db.pool, id).await?;
    let (offered, summary) = offered(db, settings, &heading).await?;
    let chosen = store::chosen_evidence(&db.pool, id).await?;
    let evidence: Vec<EvidenceItem> = offered
        .iter()
        .filter(|i| chosen.contains(&(i.kind, i.id)))
        .cloned()
        .collect();
    let feedback = chosen
        .iter()
        .any(|c| c.0 == EvidenceKind::Feedback)
        .then_some(summary);
    let missing = match rules::ready_to_sign(&draft) {
        Ok(()) => Vec::new(),
        Err(e) => e.0,
    };
    audit(db, actor, "read", "appraisal", id, format!("as {party:?}")).await?;
    Ok(AppraisalView {
        goals: goals(db, heading.org_id).await?,
        completed: heading.completed_on.is_some(),
        offered: if party == Party::Practitioner {
            offered
        } else {
            Vec::new()
        },
        heading,
        party,
        draft,
        evidence,
        feedback,
        missing,
    })
}

/// The appraisal, for one party to change: 403 for its other party, not found for anyone
/// else, and refused once it is complete.
async fn open_to(db: &Db, actor: &Actor, id: i64, party: Party) -> AppResult<Heading> {
    let (h, _) = party_to(db, actor, id).await?;
    if !holds(&h, actor, party) {
        return Err(AppError::Forbidden);
    }
    if h.completed_on.is_some() {
        return Err(AppError::Invalid(FieldErrors::single(
            "appraisal",
            "This appraisal is complete and signed by both: it can no longer change",
        )));
    }
    Ok(h)
}

/// Saves what the appraiser wrote (`domain::appraisal::parse_form`); both signatures go.
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: i64,
    fields: &[(String, String)],
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ConductAppraisals)?;
    let h = open_to(db, actor, id, Party::Appraiser).await?;
    let codes: Vec<String> = goals(db, h.org_id)
        .await?
        .into_iter()
        .map(|g| g.code)
        .collect();
    let draft = rules::parse_form(fields, &codes, today).map_err(AppError::Invalid)?;
    let mut w = Write::begin(db, actor).await?;
    store::save_draft(&mut w, id, &draft).await?;
    w.commit(
        "update",
        "appraisal",
        id,
        format!(
            "{} objectives, {} plan lines; signatures cleared",
            draft.objectives.len(),
            draft.plan.len()
        ),
    )
    .await
}

/// Saves the evidence the practitioner shares (`evidence` values `<kind>:<id>`) and their
/// reflection; both signatures go.
pub async fn save_evidence(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    fields: &[(String, String)],
) -> AppResult<()> {
    require(actor, Capability::KeepOwnAppraisal)?;
    let h = open_to(db, actor, id, Party::Practitioner).await?;
    let (offered, _) = offered(db, settings, &h).await?;
    let ids: Vec<(EvidenceKind, i64)> = offered.iter().map(|i| (i.kind, i.id)).collect();
    let chosen = rules::parse_choices(fields, &ids).map_err(AppError::Invalid)?;
    let reflection = fields
        .iter()
        .find(|(k, _)| k == "reflection")
        .map_or("", |(_, v)| v.trim());
    if reflection.chars().count() > MAX_TEXT {
        return Err(AppError::Invalid(FieldErrors::single(
            "reflection",
            format!("Your reflection must be {MAX_TEXT} characters or fewer"),
        )));
    }
    let mut w = Write::begin(db, actor).await?;
    store::save_evidence(&mut w, id, &chosen, reflection).await?;
    w.commit(
        "update",
        "appraisal",
        id,
        format!("{} records shared; signatures cleared", chosen.len()),
    )
    .await
}

/// Signs as the actor's party; the second signature completes the appraisal.
pub async fn sign(db: &Db, actor: &Actor, id: i64, today: Date) -> AppResult<bool> {
    let (_, party) = party_to(db, actor, id).await?;
    let h = open_to(db, actor, id, party).await?;
    rules::ready_to_sign(&store::draft(&db.pool, id).await?).map_err(AppError::Invalid)?;
    if h.signatures.has_signed(party) {
        return Ok(false);
    }
    let signatures = h.signatures.signed(party, today);
    let completed = signatures.completed_on();
    let mut w = Write::begin(db, actor).await?;
    store::sign(&mut w, id, party, today, completed).await?;
    w.commit(
        "update",
        "appraisal",
        id,
        format!(
            "signed as {party:?}{}",
            if completed.is_some() {
                "; complete"
            } else {
                ""
            }
        ),
    )
    .await?;
    Ok(completed.is_some())
}
