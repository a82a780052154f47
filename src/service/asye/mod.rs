//! The ASYE: a newly qualified social worker's programme record (assessor, support
//! agreement, reviews, pauses, evidence checklist, protected development time, panel
//! outcome) and the cohort view. The rules (due dates, targets, statuses, and where a
//! programme stands: `domain::asye::standing`) are in `domain::asye`; this module checks
//! who may act, parses input, reads the stored facts for the rules and audits.
//!
//! Who may do what: the NQSW sees their own programme, logs protected time and adds
//! evidence; the assessor (a registered social worker) and the supervisors and team
//! managers in scope record reviews and sign evidence off; the PSW starts programmes,
//! pauses them and records the panel's outcome; the cohort is for supervisors (the people
//! they assess), team managers, the PSW and the workforce lead.

use super::{audit, optional, parse_date, parse_id, require};
use crate::config::Settings;
use crate::domain::asye::{
    self as rules, AsyeRules, CohortStatus, EvidenceKind, PANEL_OUTCOMES, PAUSE_REASONS, Pause,
    REVIEW_OUTCOMES, ReviewPoint, Standing, StandingInput,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::asye::{
    self as store, Evidence, EvidenceFields, PauseRow, Programme, ProgrammeFields, ProtectedTime,
    Review,
};
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use serde::{Deserialize, Serialize};
use time::Date;

/// The practitioner, if the actor may see their ASYE: within their scope, or as its assessor.
async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    match crate::service::access::practitioner(db, actor, id, Capability::ViewAsye).await {
        Err(AppError::NotFound) => {}
        within_scope_or_refused => return within_scope_or_refused,
    }
    // An assessor also sees the person they assess, wherever they are in the organisation.
    match actor.org_id {
        Some(org) if store::is_assessor(&db.pool, id, actor.user_id).await? => {
            practitioners_store::get_in_scope(&db.pool, &PractitionerScope::Organisation(org), id)
                .await?
                .ok_or(AppError::NotFound)
        }
        _ => Err(AppError::NotFound),
    }
}

/// The programme, or a field error saying there is none yet.
async fn programme_of(db: &Db, id: i64) -> AppResult<Programme> {
    store::programme_for(&db.pool, id).await?.ok_or_else(|| {
        let mut e = FieldErrors::default();
        e.add(
            "programme",
            "There is no ASYE programme for this practitioner yet: the principal social worker starts it",
        );
        AppError::Invalid(e)
    })
}

fn pauses_of(rows: &[(Date, Option<Date>)]) -> Vec<Pause> {
    rows.iter().map(|&(from, to)| Pause { from, to }).collect()
}

// ---------------------------------------------------------------------------------------
// Where a programme stands: `domain::asye::standing`, fed from the stored programme

/// A stored review point or evidence kind, by its exact code: a code the rules do not know
/// counts for nothing.
fn point_of(code: &str) -> Option<ReviewPoint> {
    ReviewPoint::ALL.into_iter().find(|p| p.code() == code)
}

fn kind_of(code: &str) -> Option<EvidenceKind> {
    EvidenceKind::ALL.into_iter().find(|k| k.code() == code)
}

/// The stored programme's own facts for `domain::asye::standing`, with nothing held,
/// recorded or logged yet: callers add those.
fn programme_input(p: &Programme) -> StandingInput<'_> {
    StandingInput {
        starts_on: p.starts_on,
        nine_month_review: p.nine_month_review,
        panel_outcome: p.panel_outcome.as_deref(),
        extended_to: p.extended_to,
        pauses: &[],
        held: &[],
        recorded: &[],
        signed_off: &[],
        minutes: 0,
        wte: 0.0,
    }
}

// ---------------------------------------------------------------------------------------
// One practitioner's programme

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AsyeRecord {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub career_stage: String,
    pub wte: f64,
    pub must_not_practise: bool,
    /// None until the PSW starts the programme.
    pub programme: Option<Programme>,
    pub standing: Option<Standing>,
    pub reviews: Vec<Review>,
    pub pauses: Vec<PauseRow>,
    pub evidence: Vec<Evidence>,
    pub protected_time: Vec<ProtectedTime>,
    /// What the actor may do here.
    pub can_manage: bool,
    pub can_assess: bool,
    pub can_add_evidence: bool,
    pub can_log_time: bool,
    pub is_own: bool,
}

pub async fn record(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: Date,
) -> AppResult<AsyeRecord> {
    let p = visible(db, actor, id).await?;
    let programme = store::programme_for(&db.pool, id).await?;
    let is_own = actor.practitioner_id == Some(id);
    let can_assess = actor.can(Capability::AssessAsye) && !is_own;
    let mut rec = AsyeRecord {
        practitioner_id: id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        career_stage: p.career_stage.clone(),
        wte: p.wte,
        must_not_practise: p.must_not_practise,
        programme: None,
        standing: None,
        reviews: Vec::new(),
        pauses: Vec::new(),
        evidence: Vec::new(),
        protected_time: Vec::new(),
        can_manage: actor.can(Capability::ManageAsye),
        can_assess,
        can_add_evidence: is_own || can_assess,
        can_log_time: is_own || actor.can(Capability::ManageAsye),
        is_own,
    };
    if let Some(prog) = programme {
        rec.reviews = store::reviews(&db.pool, prog.id).await?;
        rec.pauses = store::pauses(&db.pool, prog.id).await?;
        rec.evidence = store::evidence(&db.pool, prog.id).await?;
        rec.protected_time = store::protected_time(&db.pool, prog.id).await?;
        let pauses: Vec<Pause> = rec
            .pauses
            .iter()
            .map(|x| Pause {
                from: x.starts_on,
                to: x.ends_on,
            })
            .collect();
        let held: Vec<(ReviewPoint, Option<Date>)> = rec
            .reviews
            .iter()
            .filter_map(|r| Some((point_of(&r.point)?, Some(r.held_on))))
            .collect();
        let recorded: Vec<EvidenceKind> = rec
            .evidence
            .iter()
            .filter_map(|e| kind_of(&e.kind))
            .collect();
        let signed_off: Vec<EvidenceKind> = rec
            .evidence
            .iter()
            .filter(|e| e.signed_off_at.is_some())
            .filter_map(|e| kind_of(&e.kind))
            .collect();
        rec.standing = Some(rules::standing(
            &StandingInput {
                pauses: &pauses,
                held: &held,
                recorded: &recorded,
                signed_off: &signed_off,
                minutes: rec.protected_time.iter().map(|t| t.minutes).sum(),
                wte: p.wte,
                ..programme_input(&prog)
            },
            today,
            &settings.asye,
        ));
        rec.programme = Some(prog);
    }
    audit(db, actor, "read", "asye", id, "").await?;
    Ok(rec)
}

/// Within the programme: on or after its start, not after today or its latest finish.
fn within(
    e: &mut FieldErrors,
    field: &str,
    what: &str,
    value: &str,
    prog: &Programme,
    settings: &AsyeRules,
    today: Date,
) -> Option<Date> {
    let d = match optional(value) {
        None => {
            e.add(field, format!("Enter {}", what.to_lowercase()));
            return None;
        }
        Some(v) => e.take(field, parse_date(what, &v))?,
    };
    let start = prog.starts_on;
    let last = rules::latest_finish(start, settings).min(today);
    if d < start || d > last {
        e.add(
            field,
            format!("{what} must be within the programme, from {start} to {last}"),
        );
        return None;
    }
    Some(d)
}

fn code_in(list: &[(&str, &str)], value: &str, message: &str) -> Result<String, String> {
    let v = value.trim();
    list.iter()
        .find(|(c, _)| *c == v)
        .map(|(c, _)| c.to_string())
        .ok_or_else(|| message.to_string())
}

fn text(e: &mut FieldErrors, field: &str, what: &str, value: &str, max: usize) -> String {
    let t = value.trim().to_string();
    if t.chars().count() > max {
        e.add(field, format!("{what} must be {max} characters or fewer"));
    }
    t
}

// ---------------------------------------------------------------------------------------
// Starting (or changing) the programme

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ProgrammeInput {
    /// User id of the assessor: a registered social worker in the employer or host.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub assessor_user_id: String,
    /// YYYY-MM-DD, on or after the practitioner's employment start.
    pub starts_on: String,
    /// YYYY-MM-DD the support and assessment agreement was made (optional).
    pub agreement_on: String,
    pub agreement_notes: String,
    /// `yes` when the optional 9-month review is planned.
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub nine_month_review: String,
}

pub async fn save_programme(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ProgrammeInput,
) -> AppResult<i64> {
    require(actor, Capability::ManageAsye)?;
    let p = visible(db, actor, id).await?;
    let existing = store::programme_for(&db.pool, id).await?;
    let mut e = FieldErrors::default();
    let assessor = e
        .take(
            "assessor_user_id",
            parse_id("the assessor", &input.assessor_user_id),
        )
        .flatten();
    if assessor.is_none() && e.message_for("assessor_user_id").is_none() {
        e.add("assessor_user_id", "Select the assessor");
    }
    let starts = match optional(&input.starts_on) {
        None => {
            e.add("starts_on", "Enter the start date");
            None
        }
        Some(s) => e.take("starts_on", parse_date("The start date", &s)),
    };
    if let Some(s) = starts
        && s < p.start_date
    {
        e.add(
            "starts_on",
            format!(
                "The start date must be on or after they joined, {}",
                p.start_date
            ),
        );
    }
    if existing.is_none() && p.career_stage != "asye" {
        e.add(
            "starts_on",
            "Only a practitioner at the ASYE career stage starts a programme: change their career stage first",
        );
    }
    let agreement_on = optional(&input.agreement_on).and_then(|a| {
        let d = e.take("agreement_on", parse_date("The agreement date", &a))?;
        match starts {
            Some(s) if d < s || d > rules::latest_finish(s, &settings.asye) => {
                e.add(
                    "agreement_on",
                    "The agreement date must be within the programme, on or after its start",
                );
                None
            }
            _ => Some(d),
        }
    });
    let notes = text(
        &mut e,
        "agreement_notes",
        "The agreement notes",
        &input.agreement_notes,
        4000,
    );
    let nine = match input.nine_month_review.trim() {
        "yes" | "true" => true,
        "" | "no" | "false" => false,
        _ => {
            e.add("nine_month_review", "Select yes or no");
            false
        }
    };
    if let Some(a) = assessor {
        let ours = super::supervision::supervisor_choices(db, &p)
            .await?
            .iter()
            .any(|s| s.user_id == a);
        if !ours || !store::user_is_registered_social_worker(&db.pool, a).await? {
            e.add(
                "assessor_user_id",
                "The assessor must be a registered social worker with a supervising role here",
            );
        } else if crate::store::users::get(&db.pool, db.backend, a)
            .await?
            .is_some_and(|u| u.practitioner_id == Some(id))
        {
            e.add("assessor_user_id", "The assessor cannot be the NQSW");
        }
    }
    let (Some(assessor), Some(starts), true) = (assessor, starts, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let f = ProgrammeFields {
        assessor_user_id: assessor,
        starts_on: starts,
        agreement_on,
        agreement_notes: notes,
        nine_month_review: nine,
    };
    let mut tx = Write::begin(db, actor).await?;
    let pid = store::save_programme(&mut tx, id, &f, actor.user_id).await?;
    let action = if existing.is_some() {
        "update"
    } else {
        "create"
    };
    tx.commit(action, "asye_programme", pid, format!("practitioner {id}"))
        .await?;
    Ok(pid)
}

/// Registered social workers who may be named as assessor.
pub async fn assessor_choices(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> AppResult<Vec<crate::store::supervision::Supervisor>> {
    require(actor, Capability::ManageAsye)?;
    let p = visible(db, actor, id).await?;
    Ok(super::supervision::supervisor_choices(db, &p)
        .await?
        .into_iter()
        .filter(|s| s.registered_social_worker)
        .collect())
}

mod cohort;
mod evidence;
mod panel;
mod pauses;
mod protected_time;
mod reviews;

pub use cohort::*;
pub use evidence::*;
pub use panel::*;
pub use pauses::*;
pub use protected_time::*;
pub use reviews::*;

#[cfg(test)]
mod tests;
