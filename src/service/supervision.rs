//! Supervision: written agreements, planned, held and cancelled sessions with two-party
//! sign-off, and each practitioner's status against the frequency rules. Rules themselves
//! (when is supervision overdue? what is compliance?) are pure functions in
//! `domain::supervision`; this module gathers the data, checks who may act, and audits.

use super::{audit, optional, parse_date, parse_id, require};
use crate::config::Settings;
use crate::domain::reference;
use crate::domain::supervision::{self as rules, SupervisionRules};
use crate::domain::supervision_standing::{self as standing, SupervisionStanding};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, practitioner_scope};
use crate::store::Db;
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use crate::store::supervision::{
    self as store, Agreement, AgreementFields, NewSession, Session, SessionNotes, Supervisor,
};
use serde::{Deserialize, Serialize};
use time::Date;

fn iso(d: Date) -> String {
    d.to_string()
}

fn date_of(s: &str) -> Option<Date> {
    parse_date("", s).ok()
}

/// The practitioner, if the actor may see their supervision record.
async fn visible_practitioner(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    require(actor, Capability::ViewSupervision)?;
    practitioners_store::get_in_scope(&db.pool, &practitioner_scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)
}

// ---------------------------------------------------------------------------------------
// Status of one person against the rules

/// Where one practitioner stands today.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupervisionStatus {
    /// The longest allowed gap between held sessions today, if any applies.
    pub interval_days: Option<u32>,
    pub last_held: Option<String>,
    /// The date the next session is due, where an agreement and a rule give one.
    pub next_due: Option<String>,
    /// Where the person stands: each standing has its own count, and `overdue` is true
    /// only for `overdue` (supervised before, and the gap is too long).
    pub standing: SupervisionStanding,
    pub overdue: bool,
    /// Share of days in the last 3, 6 and 12 months on which supervision was in date
    /// (0 to 1), or none when no expectation applied in the window.
    pub compliance_3m: Option<f64>,
    pub compliance_6m: Option<f64>,
    pub compliance_12m: Option<f64>,
    /// Held sessions the supervisee has not yet confirmed.
    pub unconfirmed: i64,
}

/// What the status calculation needs about one person.
pub struct StatusInput<'a> {
    pub career_stage: &'a str,
    /// The ASYE programme's start if there is one, otherwise the employment start: the ASYE
    /// clock and the expectation start without an agreement.
    pub start_date: Date,
    pub agreement_starts_on: Option<Date>,
    pub interval_override: Option<u32>,
    /// Held session dates (any order).
    pub held: &'a [Date],
    pub unconfirmed: i64,
}

/// Applies the rules to one person's history. Pure, so the dashboard, the record page and
/// the API cannot disagree.
pub fn status_of(input: &StatusInput, today: Date, r: &SupervisionRules) -> SupervisionStatus {
    let expectation_start = input.agreement_starts_on.unwrap_or(input.start_date);
    let interval = |on: Date| {
        rules::effective_interval_days(
            input.career_stage,
            input.start_date,
            on,
            input.interval_override,
            r,
        )
    };
    let last_held = input.held.iter().filter(|d| **d <= today).max().copied();
    let now_interval = interval(today);
    let now_standing =
        standing::standing(input.agreement_starts_on, last_held, now_interval, today);
    // 3, 6 and 12 months in one walk of the days.
    let froms = [3, 6, 12].map(|months| rules::add_months_back(today, months));
    let windows = rules::compliance_windows(input.held, expectation_start, &froms, today, interval);
    let window = |i: usize| windows.get(i).copied().flatten();
    SupervisionStatus {
        interval_days: now_interval,
        last_held: last_held.map(iso),
        next_due: standing::next_due(input.agreement_starts_on, last_held, now_interval).map(iso),
        standing: now_standing,
        overdue: now_standing == SupervisionStanding::Overdue,
        compliance_3m: window(0),
        compliance_6m: window(1),
        compliance_12m: window(2),
        unconfirmed: input.unconfirmed,
    }
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
    let held: Vec<Date> = sessions
        .iter()
        .filter(|s| s.status == "held")
        .filter_map(|s| s.held_on.as_deref().and_then(date_of))
        .collect();
    let unconfirmed = sessions
        .iter()
        .filter(|s| s.status == "held" && s.confirmed_at.is_none())
        .count() as i64;
    // The ASYE programme's start, when there is one, is the NQSW's supervision clock.
    let asye_start = super::asye::programme_start(db, id).await?;
    let status = status_of(
        &StatusInput {
            career_stage: &p.career_stage,
            start_date: asye_start
                .or_else(|| date_of(&p.start_date))
                .unwrap_or(today),
            agreement_starts_on: agreement.as_ref().and_then(|a| date_of(&a.starts_on)),
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
    audit(&db.pool, actor, "read", "supervision", id, "").await?;
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

/// An agreement as sent by a form or the API.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AgreementInput {
    /// User id of the line manager.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub line_manager_user_id: String,
    /// User id of the professional supervisor: required when the line manager is not a
    /// registered social worker.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub professional_supervisor_user_id: String,
    /// User id of the AMHP supervisor: required for an AMHP.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub amhp_supervisor_user_id: String,
    /// Function codes the line manager covers.
    pub line_manager_functions: Vec<String>,
    /// Function codes the professional supervisor covers.
    pub professional_supervisor_functions: Vec<String>,
    /// Days allowed between sessions, only to override the career-stage rule.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub interval_days: String,
    /// Why the interval differs from the rule (required with an override).
    pub override_reason: String,
    /// Minimum length of a session in minutes (defaults to the rule).
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub minimum_minutes: String,
    /// YYYY-MM-DD (defaults to today).
    pub starts_on: String,
}

impl AgreementInput {
    /// Parses the fields that need no database. `rules` supplies the defaults.
    fn parse(&self, r: &SupervisionRules, today: Date) -> Result<AgreementFields, FieldErrors> {
        let mut e = FieldErrors::default();
        let lm = e
            .take(
                "line_manager_user_id",
                parse_id("the line manager", &self.line_manager_user_id),
            )
            .flatten();
        if lm.is_none() && !e.0.iter().any(|f| f.field == "line_manager_user_id") {
            e.add("line_manager_user_id", "Select the line manager");
        }
        let ps = e
            .take(
                "professional_supervisor_user_id",
                parse_id(
                    "the professional supervisor",
                    &self.professional_supervisor_user_id,
                ),
            )
            .flatten();
        let am = e
            .take(
                "amhp_supervisor_user_id",
                parse_id("the AMHP supervisor", &self.amhp_supervisor_user_id),
            )
            .flatten();
        let lm_fns = functions(
            &mut e,
            "line_manager_functions",
            &self.line_manager_functions,
        );
        let ps_fns = functions(
            &mut e,
            "professional_supervisor_functions",
            &self.professional_supervisor_functions,
        );
        if ps.is_none() && !ps_fns.is_empty() {
            e.add(
                "professional_supervisor_functions",
                "Select a professional supervisor, or untick their functions",
            );
        }
        let covered: Vec<&String> = lm_fns.iter().chain(ps_fns.iter()).collect();
        let missing: Vec<String> = reference()
            .supervision_functions
            .items
            .iter()
            .filter(|f| !covered.contains(&&f.code))
            .map(|f| f.label.to_lowercase())
            .collect();
        if !missing.is_empty() {
            e.add(
                "line_manager_functions",
                format!("Say who covers: {}", missing.join("; ")),
            );
        }
        let interval = e
            .take(
                "interval_days",
                whole_number("The interval", &self.interval_days, 1, 366),
            )
            .flatten();
        let reason = self.override_reason.trim().to_string();
        if interval.is_some() && reason.is_empty() {
            e.add(
                "override_reason",
                "Enter why the interval differs from the rule",
            );
        }
        let minimum = e
            .take(
                "minimum_minutes",
                whole_number("The minimum length", &self.minimum_minutes, 1, 480),
            )
            .flatten()
            .unwrap_or(i64::from(r.minimum_minutes));
        let starts = match optional(&self.starts_on) {
            None => Some(today),
            Some(s) => e.take("starts_on", parse_date("The start date", &s)),
        };
        match (lm, starts, e.0.is_empty()) {
            (Some(lm), Some(starts), true) => Ok(AgreementFields {
                line_manager_user_id: lm,
                professional_supervisor_user_id: ps,
                amhp_supervisor_user_id: am,
                line_manager_functions: lm_fns,
                professional_supervisor_functions: ps_fns,
                interval_days: interval,
                override_reason: if interval.is_some() {
                    reason
                } else {
                    String::new()
                },
                minimum_minutes: minimum,
                starts_on: iso(starts),
                review_on: iso(rules::agreement_review_due(starts, r)),
            }),
            _ => Err(e),
        }
    }
}

fn functions(e: &mut FieldErrors, field: &str, codes: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for c in codes.iter().map(|c| c.trim()).filter(|c| !c.is_empty()) {
        if let Some(code) = e.take(
            field,
            reference()
                .supervision_functions
                .parse("a function of supervision", c),
        ) && !out.contains(&code)
        {
            out.push(code);
        }
    }
    out
}

/// An optional whole number between `min` and `max`.
fn whole_number(what: &str, s: &str, min: i64, max: i64) -> Result<Option<i64>, String> {
    let Some(t) = optional(s) else {
        return Ok(None);
    };
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(format!("{what} must be a whole number from {min} to {max}")),
    }
}

/// Who may be named in agreements for (or record sessions with) this practitioner: people
/// with a supervising role in the employer or the host organisation.
pub async fn supervisor_choices(db: &Db, p: &Practitioner) -> AppResult<Vec<Supervisor>> {
    let mut orgs = vec![p.employer_org_id];
    if p.host_org_id != p.employer_org_id {
        orgs.push(p.host_org_id);
    }
    Ok(store::supervisors_in(&db.pool, &orgs).await?)
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
    let mut tx = db.begin().await?;
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
    audit(
        &mut *tx,
        actor,
        "create",
        "supervision_agreement",
        agreement_id,
        format!("practitioner {id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(agreement_id)
}

/// Every named person supervises in the employer or host organisation; a professional
/// supervisor who is a registered social worker is named when the line manager is not one
/// (LGA standard 5, domain-facts.md 6.1); an AMHP has an AMHP supervisor.
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
    if f.amhp_supervisor_user_id.is_some() && find(f.amhp_supervisor_user_id).is_none() {
        e.add("amhp_supervisor_user_id", outside);
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
    let mut tx = db.begin().await?;
    for party in &parties {
        store::acknowledge(&mut tx, a.id, party, actor.user_id).await?;
    }
    audit(
        &mut *tx,
        actor,
        "acknowledge",
        "supervision_agreement",
        a.id,
        parties.join(" "),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn invalid(field: &str, message: &str) -> AppError {
    let mut e = FieldErrors::default();
    e.add(field, message);
    AppError::Invalid(e)
}

// ---------------------------------------------------------------------------------------
// Sessions

/// A session as sent by a form or the API: planned (a future or past date, not yet held)
/// or recorded as held.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SessionInput {
    /// A code from the session types list.
    pub session_type: String,
    /// YYYY-MM-DD: when it is planned for, or when it was held.
    pub date: String,
    /// `held` to record a session that took place; anything else plans one.
    pub held: String,
    /// Length in minutes (for a held session).
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub minutes: String,
    /// Seen only by the supervisor and the supervisee.
    pub notes: String,
    pub agreed_actions: String,
    /// Id of the cancelled session this rebooks, if any.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub rebooks: String,
}

/// The held part of a session input: date, length and notes.
/// A held session's date and length. `on` is the date already parsed (its error, if any,
/// recorded once by the caller against `date_field`).
fn parse_held(
    on: Option<Date>,
    date_field: &str,
    minutes: &str,
    today: Date,
    e: &mut FieldErrors,
) -> Option<(String, i64)> {
    if on.is_some_and(|d| d > today) {
        e.add(
            date_field,
            "A session cannot be recorded as held on a date in the future",
        );
    }
    let length = if optional(minutes).is_none() {
        e.add("minutes", "Enter how long the session lasted, in minutes");
        None
    } else {
        e.take("minutes", whole_number("The length", minutes, 1, 480))
            .flatten()
    };
    match (on, length) {
        (Some(d), Some(m)) if d <= today => Some((iso(d), m)),
        _ => None,
    }
}

fn notes_of(notes: &str, actions: &str) -> SessionNotes {
    SessionNotes {
        notes: notes.trim().to_string(),
        agreed_actions: actions.trim().to_string(),
    }
}

/// Plans a session, or records one already held, with the actor as supervisor.
pub async fn add_session(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &SessionInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::ManageSupervision)?;
    let p = visible_practitioner(db, actor, id).await?;
    let mut e = FieldErrors::default();
    let session_type = e.take(
        "session_type",
        reference()
            .session_types
            .parse("the type of session", &input.session_type),
    );
    // One date, parsed once: it is when the session was held, or is planned for.
    let scheduled = e.take("date", parse_date("The date", &input.date));
    let held = if input.held == "held" {
        parse_held(scheduled, "date", &input.minutes, today, &mut e)
    } else {
        None
    };
    let rebooks = e
        .take("rebooks", parse_id("the cancelled session", &input.rebooks))
        .flatten();
    if let Some(r) = rebooks {
        match store::get_session(&db.pool, r).await? {
            Some(s) if s.practitioner_id == id && s.status == "cancelled" => {}
            _ => e.add("rebooks", "Select a cancelled session of this practitioner"),
        }
    }
    if !supervisor_choices(db, &p)
        .await?
        .iter()
        .any(|s| s.user_id == actor.user_id)
    {
        e.add(
            "session_type",
            "Only someone who supervises in the employer or host organisation can record supervision",
        );
    }
    e.into_result()?;
    let (Some(session_type), Some(scheduled)) = (session_type, scheduled) else {
        return Err(invalid("date", "Enter the date"));
    };
    let new = NewSession {
        practitioner_id: id,
        supervisor_user_id: actor.user_id,
        session_type,
        scheduled_on: iso(scheduled),
        held,
        notes: notes_of(&input.notes, &input.agreed_actions),
        rebooked_from_id: rebooks,
    };
    let mut tx = db.begin().await?;
    let session_id = store::insert_session(&mut tx, &new).await?;
    let what = if new.held.is_some() {
        "held"
    } else {
        "planned"
    };
    audit(
        &mut *tx,
        actor,
        "create",
        "supervision_session",
        session_id,
        format!("practitioner {id}, {what}"),
    )
    .await?;
    tx.commit().await?;
    Ok(session_id)
}

/// A session with its notes when the actor is one of its two parties.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SessionView {
    pub session: Session,
    pub practitioner_name: String,
    /// The register says they must not practise: the page shows a warning.
    pub must_not_practise: bool,
    /// Present only for the supervisor and the supervisee.
    pub notes: Option<SessionNotes>,
    pub is_supervisor: bool,
    pub is_supervisee: bool,
    /// Whether the supervisee's confirmation is late.
    pub confirmation_overdue: bool,
    pub short: bool,
}

/// The session, if the actor may see the practitioner's supervision record.
async fn visible_session(
    db: &Db,
    actor: &Actor,
    session_id: i64,
) -> AppResult<(Session, Practitioner)> {
    let s = store::get_session(&db.pool, session_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = visible_practitioner(db, actor, s.practitioner_id).await?;
    Ok((s, p))
}

pub async fn session(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    session_id: i64,
    today: Date,
) -> AppResult<SessionView> {
    let (s, p) = visible_session(db, actor, session_id).await?;
    let is_supervisor = s.supervisor_user_id == actor.user_id;
    let is_supervisee = actor.practitioner_id == Some(s.practitioner_id);
    let notes = if is_supervisor || is_supervisee {
        Some(store::session_notes(&db.pool, session_id).await?)
    } else {
        None
    };
    let detail = if notes.is_some() { "with notes" } else { "" };
    audit(
        &db.pool,
        actor,
        "read",
        "supervision_session",
        session_id,
        detail,
    )
    .await?;
    let r = &settings.supervision;
    let recorded = s
        .recorded_at
        .as_deref()
        .and_then(|t| date_of(t.get(..10).unwrap_or("")));
    Ok(SessionView {
        confirmation_overdue: recorded
            .is_some_and(|d| rules::confirmation_overdue(d, s.confirmed_at.is_some(), today, r)),
        short: s.minutes.is_some_and(|m| rules::is_short(m as u32, r)),
        session: s,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        must_not_practise: p.must_not_practise,
        notes,
        is_supervisor,
        is_supervisee,
    })
}

/// Recording a planned session as held, by its supervisor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeldInput {
    /// YYYY-MM-DD, not in the future.
    pub held_on: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub minutes: String,
    pub notes: String,
    pub agreed_actions: String,
}

pub async fn record_held(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    input: &HeldInput,
    today: Date,
) -> AppResult<()> {
    let (s, _) = visible_session(db, actor, session_id).await?;
    supervisor_only(&s, actor)?;
    let mut e = FieldErrors::default();
    if s.status != "planned" {
        e.add("held_on", "Only a planned session can be recorded as held");
    }
    let held_on = e.take("held_on", parse_date("The date", &input.held_on));
    let parsed = parse_held(held_on, "held_on", &input.minutes, today, &mut e);
    e.into_result()?;
    let Some((on, minutes)) = parsed else {
        return Err(invalid("held_on", "Enter the date it was held"));
    };
    let mut tx = db.begin().await?;
    store::mark_held(
        &mut tx,
        session_id,
        &on,
        minutes,
        &notes_of(&input.notes, &input.agreed_actions),
    )
    .await?;
    audit(
        &mut *tx,
        actor,
        "update",
        "supervision_session",
        session_id,
        "held",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

fn supervisor_only(s: &Session, actor: &Actor) -> AppResult<()> {
    if s.supervisor_user_id == actor.user_id && actor.can(Capability::ManageSupervision) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Cancelling a planned session: by whom and why.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CancelInput {
    /// A code from the cancelled_by list.
    pub cancelled_by: String,
    pub reason: String,
}

pub async fn cancel(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    input: &CancelInput,
    today: Date,
) -> AppResult<()> {
    let (s, _) = visible_session(db, actor, session_id).await?;
    let may =
        supervisor_only(&s, actor).is_ok() || actor.practitioner_id == Some(s.practitioner_id);
    if !may {
        return Err(AppError::Forbidden);
    }
    let mut e = FieldErrors::default();
    if s.status != "planned" {
        e.add("cancelled_by", "Only a planned session can be cancelled");
    }
    let by = e.take(
        "cancelled_by",
        reference()
            .cancelled_by
            .parse("who cancelled", &input.cancelled_by),
    );
    let reason = input.reason.trim();
    if reason.is_empty() {
        e.add("reason", "Enter why the session was cancelled");
    }
    e.into_result()?;
    let by = by.unwrap_or_default();
    let mut tx = db.begin().await?;
    store::cancel(&mut tx, session_id, &iso(today), &by, reason).await?;
    audit(
        &mut *tx,
        actor,
        "update",
        "supervision_session",
        session_id,
        "cancelled",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The supervisee's sign-off of a held session.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConfirmInput {
    /// Optional: anything the supervisee disagrees with or wants to add.
    pub comment: String,
}

pub async fn confirm(
    db: &Db,
    actor: &Actor,
    session_id: i64,
    input: &ConfirmInput,
) -> AppResult<()> {
    require(actor, Capability::ConfirmOwnSupervision)?;
    let (s, _) = visible_session(db, actor, session_id).await?;
    if actor.practitioner_id != Some(s.practitioner_id) {
        return Err(AppError::Forbidden);
    }
    if s.status != "held" {
        return Err(invalid(
            "comment",
            "Only a session that was held can be confirmed",
        ));
    }
    if s.confirmed_at.is_some() {
        return Err(invalid(
            "comment",
            "You have already confirmed this session",
        ));
    }
    let mut tx = db.begin().await?;
    store::confirm(&mut tx, session_id, input.comment.trim()).await?;
    audit(
        &mut *tx,
        actor,
        "confirm",
        "supervision_session",
        session_id,
        "",
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// Dashboard

/// One row of the compliance dashboard.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DashboardRow {
    pub practitioner_id: i64,
    pub name: String,
    pub team_name: Option<String>,
    pub career_stage: String,
    pub supervisor_name: Option<String>,
    pub has_agreement: bool,
    /// Lapsed, suspended, interim order or removed on the register.
    pub must_not_practise: bool,
    pub status: SupervisionStatus,
    pub flags: SupervisionFlags,
}

/// Things a manager should look at besides overdue supervision, over the last 12 months.
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SupervisionFlags {
    /// Held sessions shorter than the agreed minimum.
    pub short_sessions: usize,
    /// Cancelled sessions not rebooked within the set number of working days (a record of
    /// the 12 months, rebooked late or not at all).
    pub cancelled_not_rebooked: usize,
    /// Of those, the ones still to rebook: not rebooked, and no session held since.
    pub cancelled_to_rebook: usize,
    /// Records the supervisee has not confirmed within the set number of days.
    pub confirmation_late: usize,
    /// The agreement's review date, and whether it has passed.
    pub review_on: Option<String>,
    pub review_overdue: bool,
}

impl SupervisionFlags {
    /// Something a person can act on now (rebook, ask for a confirmation, review the
    /// agreement): `domain::supervision_standing::needs_action`. Past short sessions are
    /// shown on the record but are not something to act on.
    pub fn any(&self) -> bool {
        standing::needs_action(
            self.review_overdue,
            self.confirmation_late,
            self.cancelled_to_rebook,
        )
    }
}

/// What the flags need about one person: their history in the window and their agreement.
pub struct FlagInput<'a> {
    pub history: &'a store::HeldHistory,
    pub minimum_minutes: Option<i64>,
    pub review_on: Option<&'a str>,
}

/// Applies the flag rules (each in `domain::supervision`) to one person. Pure.
pub fn flags_of(
    input: &FlagInput,
    today: Date,
    r: &SupervisionRules,
    holidays: &[Date],
) -> SupervisionFlags {
    let agreed = SupervisionRules {
        minimum_minutes: input
            .minimum_minutes
            .map_or(r.minimum_minutes, |m| m.max(0) as u32),
        ..r.clone()
    };
    let h = input.history;
    let review = input.review_on.and_then(date_of);
    let last_held = h
        .held_since
        .iter()
        .chain(h.last_before.iter())
        .filter_map(|d| date_of(d))
        .filter(|d| *d <= today)
        .max();
    let cancellations: Vec<(Date, Option<Date>)> = h
        .cancelled
        .iter()
        .filter_map(|(on, rebooked)| Some((date_of(on)?, rebooked.as_deref().and_then(date_of))))
        .collect();
    SupervisionFlags {
        cancelled_to_rebook: cancellations
            .iter()
            .filter(|(on, rebooked)| {
                standing::still_to_rebook(*on, *rebooked, last_held)
                    && rules::cancellation_unrebooked(*on, *rebooked, today, r, holidays)
            })
            .count(),
        short_sessions: h
            .minutes_since
            .iter()
            .flatten()
            .filter(|m| rules::is_short(**m as u32, &agreed))
            .count(),
        cancelled_not_rebooked: cancellations
            .iter()
            .filter(|(on, rebooked)| {
                rules::cancellation_unrebooked(*on, *rebooked, today, r, holidays)
            })
            .count(),
        confirmation_late: h
            .unconfirmed_recorded_at
            .iter()
            .filter_map(|at| date_of(at.get(..10)?))
            .filter(|d| rules::confirmation_overdue(*d, false, today, r))
            .count(),
        review_on: review.map(iso),
        review_overdue: review.is_some_and(|d| today > d),
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Dashboard {
    pub rows: Vec<DashboardRow>,
    pub people: usize,
    /// Supervised before, and the gap is longer than the rules allow.
    pub overdue: usize,
    /// An agreement, no session held, and the first was due.
    pub never_supervised: usize,
    pub without_agreement: usize,
    pub unconfirmed: i64,
    /// People with any flag (short sessions, cancellations not rebooked, late
    /// confirmations, agreement review overdue).
    pub flagged: usize,
    /// Mean 12-month compliance over people with an expectation, 0 to 1.
    pub mean_compliance_12m: Option<f64>,
}

/// Where someone read by `store::supervision::supervised_people`, with their
/// `held_history`, stands today: shared by the dashboard and the self-assessment's evidence
/// (`service::self_assessment::evidence`).
pub fn status_today(
    p: &store::SupervisedPerson,
    h: &store::HeldHistory,
    today: Date,
    r: &SupervisionRules,
) -> SupervisionStatus {
    let held: Vec<Date> = h
        .held_since
        .iter()
        .chain(h.last_before.iter())
        .filter_map(|d| date_of(d))
        .collect();
    status_of(
        &StatusInput {
            career_stage: &p.career_stage,
            start_date: date_of(&p.start_date).unwrap_or(today),
            agreement_starts_on: p.agreement_starts_on.as_deref().and_then(date_of),
            interval_override: p.interval_override.map(|d| d as u32),
            held: &held,
            unconfirmed: h.unconfirmed,
        },
        today,
        r,
    )
}

/// Everyone in the actor's scope (or, with `mine`, only people whose agreement names
/// the actor) with their status today.
pub async fn dashboard(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    mine: bool,
    today: Date,
) -> AppResult<Dashboard> {
    require(actor, Capability::ViewSupervisionDashboard)?;
    let scope = practitioner_scope(actor);
    // The window's sessions, plus each person's last one before it (`last_before`), are all
    // the 12-month compliance needs.
    let since = rules::add_months_back(today, 12);
    let people = store::supervised_people(&db.pool, &scope, mine.then_some(actor.user_id)).await?;
    let history = store::held_history(&db.pool, db.backend, &scope, &iso(since)).await?;
    let rows: Vec<DashboardRow> = people
        .into_iter()
        .map(|p| {
            let h = history.get(&p.id).cloned().unwrap_or_default();
            let status = status_today(&p, &h, today, &settings.supervision);
            DashboardRow {
                practitioner_id: p.id,
                name: p.name,
                team_name: p.team_name,
                career_stage: p.career_stage,
                supervisor_name: p.supervisor_name,
                has_agreement: p.agreement_starts_on.is_some(),
                must_not_practise: p.must_not_practise,
                status,
                flags: flags_of(
                    &FlagInput {
                        history: &h,
                        minimum_minutes: p.minimum_minutes,
                        review_on: p.review_on.as_deref(),
                    },
                    today,
                    &settings.supervision,
                    &settings.calendar.holidays,
                ),
            }
        })
        .collect();
    let with_expectation: Vec<f64> = rows
        .iter()
        .filter_map(|r| r.status.compliance_12m)
        .collect();
    audit(
        &db.pool,
        actor,
        "read",
        "supervision_dashboard",
        "",
        format!("{} people", rows.len()),
    )
    .await?;
    Ok(Dashboard {
        people: rows.len(),
        overdue: rows.iter().filter(|r| r.status.overdue).count(),
        never_supervised: rows
            .iter()
            .filter(|r| r.status.standing == SupervisionStanding::NeverSupervised)
            .count(),
        without_agreement: rows.iter().filter(|r| !r.has_agreement).count(),
        flagged: rows.iter().filter(|r| r.flags.any()).count(),
        unconfirmed: rows.iter().map(|r| r.status.unconfirmed).sum(),
        mean_compliance_12m: (!with_expectation.is_empty())
            .then(|| with_expectation.iter().sum::<f64>() / with_expectation.len() as f64),
        rows,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn history(minutes: &[i64], cancelled: &[(&str, Option<&str>)]) -> store::HeldHistory {
        store::HeldHistory {
            minutes_since: minutes.iter().map(|m| Some(*m)).collect(),
            cancelled: cancelled
                .iter()
                .map(|(on, r)| (on.to_string(), r.map(str::to_string)))
                .collect(),
            ..Default::default()
        }
    }

    #[test]
    fn flags_follow_the_agreed_minimum_and_the_rebooking_deadline() {
        let rules = SupervisionRules::default();
        let today = date!(2026 - 11 - 23);
        let h = history(
            &[90, 60, 120],
            &[
                ("2026-11-02", None),
                ("2026-11-09", Some("2026-11-10")),
                ("2026-11-20", None),
            ],
        );
        let f = flags_of(
            &FlagInput {
                history: &h,
                minimum_minutes: None,
                review_on: Some("2026-11-01"),
            },
            today,
            &rules,
            &[],
        );
        assert_eq!(f.short_sessions, 1);
        // 2 Nov: five working days passed without a rebooking; 20 Nov: still time.
        assert_eq!(f.cancelled_not_rebooked, 1);
        assert!(f.review_overdue);
        assert!(f.any());
        // An agreement asking for two hours makes both shorter sessions short.
        let f = flags_of(
            &FlagInput {
                history: &h,
                minimum_minutes: Some(120),
                review_on: None,
            },
            today,
            &rules,
            &[],
        );
        assert_eq!(f.short_sessions, 2);
        assert!(!f.review_overdue);
    }
}
