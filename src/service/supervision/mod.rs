//! Supervision: written agreements, planned, held and cancelled sessions with two-party
//! sign-off, and each practitioner's status against the frequency rules. Rules themselves
//! (when is supervision overdue? what is compliance? where does a person stand?) are pure
//! functions in `domain::supervision` (`status_of`, `flags_of`); this module gathers the
//! data, checks who may act, and audits.

use super::{audit, optional, parse_date, parse_id, require};
use crate::config::Settings;
use crate::domain::reference;
use crate::domain::supervision::{
    self as rules, AgreementFields, AgreementInput, StatusInput, SupervisionStatus,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::practitioners::Practitioner;
use crate::store::supervision::{
    self as store, Agreement, NewSession, Session, SessionNotes, Supervisor,
};
use serde::{Deserialize, Serialize};
use time::Date;

mod dashboard;
mod sessions;
pub use dashboard::{Dashboard, DashboardRow, dashboard, status_today};
pub use sessions::{
    CancelInput, ConfirmInput, HeldInput, SessionInput, SessionView, add_session, cancel, confirm,
    record_held, session,
};

/// The practitioner, if the actor may see their supervision record.
async fn visible_practitioner(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    crate::service::access::practitioner(db, actor, id, Capability::ViewSupervision).await
}

// ---------------------------------------------------------------------------------------
// One practitioner's record

/// A practitioner's supervision record as the actor may see it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionRecord {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    /// The register says they must not practise: the page shows a warning.
    pub must_not_practise: bool,
    pub career_stage: String,
    pub agreement: Option<Agreement>,
    /// Parties of the current agreement the actor is, and has not yet acknowledged as.
    pub awaiting_my_acknowledgement: Vec<String>,
    pub sessions: Vec<Session>,
    pub status: SupervisionStatus,
    /// Whether the actor may change the agreement and record sessions.
    pub can_manage: bool,
    /// Whether this is the actor's own record (they confirm sessions).
    pub is_own: bool,
}

/// Sessions shown on a record page; older ones stay in the reports.
const RECORD_SESSIONS: i64 = 100;

pub async fn record(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: Date,
) -> AppResult<SupervisionRecord> {
    let p = visible_practitioner(db, actor, id).await?;
    let agreement = store::current_agreement(&db.pool, id).await?;
    let sessions = store::sessions_for(&db.pool, id, RECORD_SESSIONS).await?;
    let counted = crate::domain::reference()
        .session_types
        .counting_towards(crate::domain::supervision::PROFESSIONAL);
    let held: Vec<Date> = sessions
        .iter()
        .filter(|s| s.status == "held" && counted.contains(&s.session_type.as_str()))
        .filter_map(|s| s.held_on)
        .collect();
    let unconfirmed = sessions
        .iter()
        .filter(|s| s.status == "held" && s.confirmed_at.is_none())
        .count() as i64;
    // The ASYE programme's start, when there is one, is the NQSW's supervision clock.
    let asye_start = super::asye::programme_start(db, id).await?;
    let status = rules::status_of(
        &StatusInput {
            career_stage: &p.career_stage,
            start_date: asye_start.unwrap_or(p.start_date),
            agreement_starts_on: agreement.as_ref().map(|a| a.starts_on),
            interval_override: agreement
                .as_ref()
                .and_then(|a| a.interval_days)
                .map(|d| d as u32),
            held: &held,
            unconfirmed,
        },
        today,
        &settings.supervision,
    );
    let awaiting = agreement
        .as_ref()
        .map(|a| {
            parties_of(a, actor)
                .into_iter()
                .filter(|party| !a.acknowledged_by.iter().any(|x| x == party))
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    audit(db, actor, "read", "supervision", id, "").await?;
    Ok(SupervisionRecord {
        practitioner_id: id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        must_not_practise: p.must_not_practise,
        career_stage: p.career_stage.clone(),
        agreement,
        awaiting_my_acknowledgement: awaiting,
        sessions,
        status,
        can_manage: actor.can(Capability::ManageSupervision),
        is_own: actor.practitioner_id == Some(id),
    })
}

/// Which parties of the agreement the actor is.
fn parties_of(a: &Agreement, actor: &Actor) -> Vec<&'static str> {
    let me = Some(actor.user_id);
    let mut out = Vec::new();
    if actor.practitioner_id == Some(a.practitioner_id) {
        out.push("practitioner");
    }
    if Some(a.line_manager_user_id) == me {
        out.push("line_manager");
    }
    if a.professional_supervisor_user_id == me {
        out.push("professional_supervisor");
    }
    if a.amhp_supervisor_user_id == me {
        out.push("amhp_supervisor");
    }
    out
}

// ---------------------------------------------------------------------------------------
// Agreements

/// Who may be named in agreements for (or record sessions with) this practitioner: people
/// with a supervising role in the employer or the host organisation.
pub async fn supervisor_choices(db: &Db, p: &Practitioner) -> AppResult<Vec<Supervisor>> {
    let mut orgs = vec![p.employer_org_id];
    if p.host_org_id != p.employer_org_id {
        orgs.push(p.host_org_id);
    }
    Ok(store::supervisors_in(&db.pool, &orgs).await?)
}

/// Who else may be a practitioner's AMHP supervisor, besides anyone who may supervise them
/// (`supervisor_choices`): the supervisors of an organisation that provides AMHP
/// supervision to their employer or host under an AMHP service agreement in force (AMHP
/// supervision "may sit outside the NHS trust", docs/sources.md#partnership-governance).
pub async fn partner_amhp_supervisors(db: &Db, p: &Practitioner) -> AppResult<Vec<Supervisor>> {
    let own = [p.employer_org_id, p.host_org_id];
    let partners = crate::store::partnerships::amhp_supervision_partners(&db.pool, &own).await?;
    let partners: Vec<i64> = partners.into_iter().filter(|o| !own.contains(o)).collect();
    Ok(store::supervisors_in(&db.pool, &partners).await?)
}

/// The partners' AMHP supervisors an agreement form offers besides `agreement_choices`.
pub async fn agreement_partner_amhp_choices(
    db: &Db,
    actor: &Actor,
    id: i64,
) -> AppResult<Vec<Supervisor>> {
    require(actor, Capability::ManageSupervision)?;
    let p = visible_practitioner(db, actor, id).await?;
    partner_amhp_supervisors(db, &p).await
}

/// The choices an agreement form offers, for a practitioner the actor may manage.
pub async fn agreement_choices(db: &Db, actor: &Actor, id: i64) -> AppResult<Vec<Supervisor>> {
    require(actor, Capability::ManageSupervision)?;
    let p = visible_practitioner(db, actor, id).await?;
    supervisor_choices(db, &p).await
}

/// Makes (or replaces) the practitioner's agreement. The person making it acknowledges
/// it for every party they are; the others acknowledge it themselves.
pub async fn save_agreement(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &AgreementInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::ManageSupervision)?;
    let p = visible_practitioner(db, actor, id).await?;
    let f = input
        .parse(&settings.supervision, today)
        .map_err(AppError::Invalid)?;
    check_parties(db, &p, &f).await?;
    let mut tx = Write::begin(db, actor).await?;
    let agreement_id = store::replace_agreement(&mut tx, id, &f, actor.user_id).await?;
    let parties = [
        (Some(f.line_manager_user_id), "line_manager"),
        (f.professional_supervisor_user_id, "professional_supervisor"),
        (f.amhp_supervisor_user_id, "amhp_supervisor"),
    ];
    for (user, party) in parties {
        if user == Some(actor.user_id) {
            store::acknowledge(&mut tx, agreement_id, party, actor.user_id).await?;
        }
    }
    tx.commit(
        "create",
        "supervision_agreement",
        agreement_id,
        format!("practitioner {id}"),
    )
    .await?;
    Ok(agreement_id)
}

/// Every named person supervises in the employer or host organisation (an AMHP supervisor
/// may also come from an AMHP service partner); a professional
/// supervisor who is a registered social worker is named when the line manager is not one
/// (LGA standard 5, docs/sources.md#supervision); an AMHP has an AMHP supervisor.
async fn check_parties(db: &Db, p: &Practitioner, f: &AgreementFields) -> AppResult<()> {
    let choices = supervisor_choices(db, p).await?;
    let find = |id: Option<i64>| id.and_then(|id| choices.iter().find(|s| s.user_id == id));
    let mut e = FieldErrors::default();
    let outside = "Select someone who supervises in the employer or host organisation";
    let lm = find(Some(f.line_manager_user_id));
    if lm.is_none() {
        e.add("line_manager_user_id", outside);
    }
    let ps = find(f.professional_supervisor_user_id);
    if f.professional_supervisor_user_id.is_some() && ps.is_none() {
        e.add("professional_supervisor_user_id", outside);
    }
    if let Some(am) = f.amhp_supervisor_user_id
        && find(Some(am)).is_none()
    {
        let partners = partner_amhp_supervisors(db, p).await?;
        if !partners.iter().any(|s| s.user_id == am) {
            e.add(
                "amhp_supervisor_user_id",
                "Select someone who supervises in the employer or host organisation, or in an organisation with an AMHP service agreement in force with them",
            );
        }
    }
    if lm.is_some_and(|l| !l.registered_social_worker)
        && ps.is_none_or(|s| !s.registered_social_worker)
    {
        e.add(
            "professional_supervisor_user_id",
            "The line manager is not a registered social worker: select a professional supervisor who is",
        );
    }
    if p.pq_roles.iter().any(|r| r == "amhp") && f.amhp_supervisor_user_id.is_none() {
        e.add(
            "amhp_supervisor_user_id",
            "Select an AMHP supervisor for this AMHP",
        );
    }
    e.into_result()
}

/// The actor acknowledges the current agreement for every party they are.
pub async fn acknowledge(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    visible_practitioner(db, actor, id).await?;
    let Some(a) = store::current_agreement(&db.pool, id).await? else {
        return Err(invalid(
            "agreement",
            "There is no agreement to acknowledge yet",
        ));
    };
    let parties = parties_of(&a, actor);
    if parties.is_empty() {
        return Err(invalid("agreement", "You are not named in this agreement"));
    }
    let mut tx = Write::begin(db, actor).await?;
    for party in &parties {
        store::acknowledge(&mut tx, a.id, party, actor.user_id).await?;
    }
    tx.commit(
        "acknowledge",
        "supervision_agreement",
        a.id,
        parties.join(" "),
    )
    .await?;
    Ok(())
}

fn invalid(field: &str, message: &str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, message);
    AppError::Invalid(e)
}
