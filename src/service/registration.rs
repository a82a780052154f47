//! Social Work England registration: each practitioner's status as the register shows it, the
//! organisation overview with renewal progress and must-not-practise alerts, and the register
//! check (export numbers in batches for the bulk search, import its CSV, preview, confirm).
//! The rules (registration year, renewal window, who must not practise, reading the CSV,
//! what it changes) are pure functions in `domain::registration` and `domain::register_check`.

use super::{audit, cpd, parse_date, require};
use crate::config::Settings;
use crate::domain::reference;
use crate::domain::register_check::{self as check, ImportDiff, RegisterFormat};
use crate::domain::registration::{
    RegistrationStatus, RenewalProgress, registration_year, renewal_progress,
};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability, PractitionerScope, practitioner_scope};
use crate::store::Db;
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use crate::store::registration::{
    self as store, RegisterLine, Registration, RegistrationEvent, RegistrationWrite,
};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use time::Date;

fn date_of(s: Option<&str>) -> Option<Date> {
    s.and_then(|s| parse_date("", s).ok())
}

/// Renewal progress in the window. `cpd_ready` comes from the CPD e-portfolio
/// (`service::cpd::ready_for_renewal`): whether the person's submitted CPD for the current
/// registration year meets SWE's requirement.
fn progress_of(
    r: Option<&Registration>,
    cpd_ready: bool,
    joined_on: Option<Date>,
    today: Date,
) -> Option<RenewalProgress> {
    // Only people on the register renew; applicants, students and removed people do not.
    let on_register = r
        .and_then(|r| RegistrationStatus::parse(&r.status))
        .is_some_and(|s| s.may_practise());
    if !on_register {
        return None;
    }
    let until = date_of(r.and_then(|r| r.registered_until.as_deref()));
    renewal_progress(today, until, Some(cpd_ready), joined_on)
}

fn must_not_practise(r: Option<&Registration>) -> bool {
    practitioners_store::must_not_practise(r.map(|r| r.status.as_str()))
}

// ---------------------------------------------------------------------------------------
// One person

/// A practitioner's registration as the record page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationRecord {
    pub practitioner_id: i64,
    pub practitioner_name: String,
    pub swe_number: Option<String>,
    pub registration: Option<Registration>,
    pub must_not_practise: bool,
    /// Renewal progress during the renewal window (1 September to 30 November), else none.
    #[schema(value_type = Option<String>)]
    pub renewal: Option<RenewalProgress>,
    pub history: Vec<RegistrationEvent>,
}

async fn visible(db: &Db, actor: &Actor, id: i64) -> AppResult<Practitioner> {
    require(actor, Capability::ViewPractitioners)?;
    practitioners_store::get_in_scope(&db.pool, &practitioner_scope(actor), id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn record(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    today: Date,
) -> AppResult<RegistrationRecord> {
    let p = visible(db, actor, id).await?;
    let cpd = cpd::ready_for_renewal(db, &PractitionerScope::Own(id), today, &settings.cpd).await?;
    let registration = store::get(&db.pool, id).await?;
    let history = store::events(&db.pool, id).await?;
    let joined = store::joined_on(&db.pool, &PractitionerScope::Own(id)).await?;
    audit(&db.pool, actor, "read", "registration", id, "").await?;
    Ok(RegistrationRecord {
        practitioner_id: id,
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        swe_number: p.swe_number,
        must_not_practise: must_not_practise(registration.as_ref()),
        renewal: progress_of(
            registration.as_ref(),
            cpd.get(&id).copied().unwrap_or(false),
            joined.get(&id).copied(),
            today,
        ),
        registration,
        history,
    })
}

/// The registration form as sent (HTML form or JSON): strings, parsed by `parse`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RegistrationInput {
    pub status: String,
    /// ISO date; required while registered.
    pub registered_until: String,
    pub conditions: String,
    /// Annotations the register shows: `amhp`, `bia`.
    pub annotations: Vec<String>,
    pub last_checked_on: String,
    pub checked_how: String,
}

impl RegistrationInput {
    pub fn from_registration(r: &Registration) -> RegistrationInput {
        let mut annotations = Vec::new();
        if r.amhp_annotation {
            annotations.push("amhp".to_string());
        }
        if r.bia_annotation {
            annotations.push("bia".to_string());
        }
        RegistrationInput {
            status: r.status.clone(),
            registered_until: r.registered_until.clone().unwrap_or_default(),
            conditions: r.conditions.clone(),
            annotations,
            last_checked_on: r.last_checked_on.clone().unwrap_or_default(),
            checked_how: r.checked_how.clone(),
        }
    }

    /// Parses every field, naming each problem; `today` bounds the check date.
    pub fn parse(&self, today: Date, user_id: i64) -> Result<RegistrationWrite, FieldErrors> {
        let mut e = FieldErrors::default();
        let status = RegistrationStatus::parse(&self.status);
        if status.is_none() {
            e.add("status", "Select the status the register shows");
        }
        let until = if self.registered_until.trim().is_empty() {
            if status.is_some_and(|s| s.may_practise()) {
                e.add(
                    "registered_until",
                    "Enter the registered-until date the register shows",
                );
            }
            None
        } else {
            e.take(
                "registered_until",
                parse_date("Registered until", &self.registered_until),
            )
        };
        let conditions = self.conditions.trim().to_string();
        if status == Some(RegistrationStatus::RegisteredWithConditions) && conditions.is_empty() {
            e.add("conditions", "Enter the conditions the register shows");
        }
        if conditions.len() > 2000 {
            e.add("conditions", "Conditions must be 2,000 characters or fewer");
        }
        let checked = e.take(
            "last_checked_on",
            parse_date("The date you checked", &self.last_checked_on),
        );
        if checked.is_some_and(|d| d > today) {
            e.add(
                "last_checked_on",
                "The date you checked must be today or in the past",
            );
        }
        if !reference()
            .registration_check_methods
            .contains(&self.checked_how)
        {
            e.add("checked_how", "Select how you checked");
        }
        if self.annotations.iter().any(|a| a != "amhp" && a != "bia") {
            e.add("annotations", "Select AMHP, BIA or neither");
        }
        if !e.is_empty() {
            return Err(e);
        }
        Ok(RegistrationWrite {
            status: status.map(|s| s.code().to_string()).unwrap_or_default(),
            registered_until: until.map(|d| d.to_string()),
            conditions,
            amhp_annotation: self.annotations.iter().any(|a| a == "amhp"),
            bia_annotation: self.annotations.iter().any(|a| a == "bia"),
            checked_on: checked.map(|d| d.to_string()).unwrap_or_default(),
            checked_how: self.checked_how.clone(),
            user_id: Some(user_id),
        })
    }
}

/// Records what the register shows for one practitioner, in one transaction with its audit
/// entry (and a history event when the status changes).
pub async fn save(
    db: &Db,
    actor: &Actor,
    id: i64,
    input: &RegistrationInput,
    today: Date,
) -> AppResult<()> {
    require(actor, Capability::ManageRegistration)?;
    visible(db, actor, id).await?;
    let write = input
        .parse(today, actor.user_id)
        .map_err(AppError::Invalid)?;
    let mut tx = db.begin().await?;
    let changed = store::save(&mut tx, id, &write).await?;
    let detail = if changed {
        format!("status {}", write.status)
    } else {
        String::new()
    };
    audit(&mut *tx, actor, "update", "registration", id, detail).await?;
    tx.commit().await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------
// The organisation's view

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Count {
    pub code: String,
    pub label: String,
    pub count: usize,
}

/// One person in the overview.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct OverviewLine {
    #[serde(flatten)]
    pub line: RegisterLine,
    pub must_not_practise: bool,
    #[schema(value_type = Option<String>)]
    pub renewal: Option<RenewalProgress>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RegistrationOverview {
    /// The registration year today falls in (1 December to 30 November).
    pub year_starts: String,
    pub year_ends: String,
    pub in_renewal_window: bool,
    pub people: usize,
    pub by_status: Vec<Count>,
    /// People with no registration recorded yet.
    pub not_recorded: usize,
    pub without_number: usize,
    /// During the renewal window: people on the register by renewal progress.
    pub renewal: Vec<Count>,
    /// People the register shows as lapsed, suspended (final or interim) or removed.
    pub must_not_practise: Vec<OverviewLine>,
    pub lines: Vec<OverviewLine>,
}

/// Everyone current in the actor's scope with their registration, counted by status and,
/// in the renewal window, by renewal progress.
pub async fn overview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    filter: &crate::domain::people_filter::PeopleFilter,
    today: Date,
) -> AppResult<RegistrationOverview> {
    require(actor, Capability::ViewRegistrationOverview)?;
    let scope = practitioner_scope(actor).narrowed(filter);
    let lines = store::lines(&db.pool, &scope).await?;
    let cpd = cpd::ready_for_renewal(db, &scope, today, &settings.cpd).await?;
    let joined = store::joined_on(&db.pool, &scope).await?;
    audit(
        &db.pool,
        actor,
        "read",
        "registration_overview",
        "",
        format!("{} people", lines.len()),
    )
    .await?;
    Ok(summarise(lines, &cpd, &joined, today))
}

/// Counts and lines as on `today` (the overview, and the governance report's last day).
/// `cpd_ready` holds the people whose CPD is ready for renewal (absent: not ready);
/// `joined` the day each person last joined or was restored to the register.
pub fn summarise(
    lines: Vec<RegisterLine>,
    cpd_ready: &HashMap<i64, bool>,
    joined: &HashMap<i64, Date>,
    today: Date,
) -> RegistrationOverview {
    let year = registration_year(today);
    let lines: Vec<OverviewLine> = lines
        .into_iter()
        .map(|line| OverviewLine {
            must_not_practise: must_not_practise(line.registration.as_ref()),
            renewal: progress_of(
                line.registration.as_ref(),
                cpd_ready
                    .get(&line.practitioner_id)
                    .copied()
                    .unwrap_or(false),
                joined.get(&line.practitioner_id).copied(),
                today,
            ),
            line,
        })
        .collect();
    let by_status = RegistrationStatus::ALL
        .iter()
        .map(|s| Count {
            code: s.code().into(),
            label: s.label().into(),
            count: lines
                .iter()
                .filter(|l| {
                    l.line
                        .registration
                        .as_ref()
                        .is_some_and(|r| r.status == s.code())
                })
                .count(),
        })
        .collect();
    let in_window = crate::domain::registration::in_renewal_window(today);
    let renewal = if in_window {
        RenewalProgress::ALL
            .iter()
            .map(|p| Count {
                code: p.code().into(),
                label: p.label().into(),
                count: lines.iter().filter(|l| l.renewal == Some(*p)).count(),
            })
            .collect()
    } else {
        Vec::new()
    };
    RegistrationOverview {
        year_starts: year.starts.to_string(),
        year_ends: year.ends.to_string(),
        in_renewal_window: in_window,
        people: lines.len(),
        by_status,
        not_recorded: lines
            .iter()
            .filter(|l| l.line.registration.is_none())
            .count(),
        without_number: lines.iter().filter(|l| l.line.swe_number.is_none()).count(),
        renewal,
        must_not_practise: lines
            .iter()
            .filter(|l| l.must_not_practise)
            .cloned()
            .collect(),
        lines,
    }
}

/// People in scope who must not practise: the alert on a manager's or principal social
/// worker's home page. Empty for roles without the overview.
pub async fn alerts(db: &Db, actor: &Actor) -> AppResult<Vec<RegisterLine>> {
    if !actor.can(Capability::ViewRegistrationOverview) {
        return Ok(Vec::new());
    }
    let alerting: Vec<&str> = RegistrationStatus::ALL
        .iter()
        .filter(|s| s.needs_alert())
        .map(|s| s.code())
        .collect();
    let flagged = store::lines_with_status(&db.pool, &practitioner_scope(actor), &alerting).await?;
    if !flagged.is_empty() {
        let ids: Vec<String> = flagged
            .iter()
            .map(|l| l.practitioner_id.to_string())
            .collect();
        audit(
            &db.pool,
            actor,
            "list",
            "registration_alert",
            "",
            format!("ids {}", ids.join(" ")),
        )
        .await?;
    }
    Ok(flagged)
}

// ---------------------------------------------------------------------------------------
// The register check

/// The organisation's registration numbers (current practitioners in scope), in batches of
/// at most 100 for the register's bulk search.
pub async fn export_batches(db: &Db, actor: &Actor) -> AppResult<Vec<Vec<String>>> {
    require(actor, Capability::ManageRegistration)?;
    let lines = store::lines(&db.pool, &practitioner_scope(actor)).await?;
    let numbers: Vec<String> = lines.into_iter().filter_map(|l| l.swe_number).collect();
    audit(
        &db.pool,
        actor,
        "export",
        "registration_numbers",
        "",
        format!("{} numbers", numbers.len()),
    )
    .await?;
    Ok(check::batches(&numbers))
}

/// The register CSV format: the shipped one, or the file named in the settings.
pub fn register_format(settings: &Settings) -> AppResult<RegisterFormat> {
    match &settings.registration.register_csv_format {
        None => Ok(RegisterFormat::shipped()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("reading {path}: {e}")))?;
            RegisterFormat::parse(&text)
                .map_err(|e| AppError::Internal(anyhow::anyhow!("{path}: {e}")))
        }
    }
}

/// What a register file would change, for the preview page and the API.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportPreview {
    pub import_id: i64,
    pub fingerprint: String,
    #[schema(value_type = Object)]
    pub diff: ImportDiff,
    /// Names of the practitioners the preview mentions, keyed by practitioner id (as
    /// text: JSON object keys always are).
    #[schema(value_type = HashMap<String, String>)]
    pub names: HashMap<i64, String>,
}

async fn held_and_diff(
    db: &Db,
    actor: &Actor,
    file_text: &str,
    format: &RegisterFormat,
) -> AppResult<(ImportDiff, HashMap<i64, String>)> {
    let rows = check::parse_csv(file_text, format).map_err(|messages| {
        let mut e = FieldErrors::default();
        for m in messages {
            e.add("file", m);
        }
        AppError::Invalid(e)
    })?;
    let lines = store::lines(&db.pool, &practitioner_scope(actor)).await?;
    let held: Vec<check::Held> = lines
        .iter()
        .filter_map(|l| {
            Some(check::Held {
                practitioner_id: l.practitioner_id,
                number: l.swe_number.clone()?,
                entry: l.registration.as_ref().and_then(entry_of),
            })
        })
        .collect();
    let names = lines
        .into_iter()
        .map(|l| (l.practitioner_id, l.name))
        .collect();
    Ok((check::diff(&held, &rows), names))
}

fn entry_of(r: &Registration) -> Option<check::RegisterEntry> {
    Some(check::RegisterEntry {
        status: RegistrationStatus::parse(&r.status)?,
        registered_until: date_of(r.registered_until.as_deref()),
        conditions: r.conditions.clone(),
        amhp: r.amhp_annotation,
        bia: r.bia_annotation,
    })
}

fn org_of(actor: &Actor) -> AppResult<i64> {
    actor.org_id.ok_or(AppError::Forbidden)
}

/// Reads a register file and keeps it, unapplied, with the fingerprint of what it changes.
/// A file with any problem is refused whole, each problem naming its row or column.
pub async fn preview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    file_text: &str,
) -> AppResult<ImportPreview> {
    require(actor, Capability::ManageRegistration)?;
    let org = org_of(actor)?;
    if file_text.trim().is_empty() {
        return Err(AppError::Invalid(FieldErrors::single(
            "file",
            "Select the CSV file the register's bulk search gave you",
        )));
    }
    let format = register_format(settings)?;
    let (diff, mut names) = held_and_diff(db, actor, file_text, &format).await?;
    let fingerprint = diff.fingerprint();
    let import_id =
        store::insert_import(&db.pool, org, actor.user_id, file_text, &fingerprint).await?;
    keep_mentioned(&mut names, &diff);
    audit(
        &db.pool,
        actor,
        "preview",
        "registration_import",
        import_id,
        format!("{} changes", diff.changed.len()),
    )
    .await?;
    Ok(ImportPreview {
        import_id,
        fingerprint,
        diff,
        names,
    })
}

fn keep_mentioned(names: &mut HashMap<i64, String>, diff: &ImportDiff) {
    let mentioned: std::collections::HashSet<i64> = diff
        .changed
        .iter()
        .map(|c| c.practitioner_id)
        .chain(diff.not_on_register.iter().map(|(_, _, id)| *id))
        .collect();
    names.retain(|id, _| mentioned.contains(id));
}

/// The preview of a kept import again (the confirmation page after a refresh).
pub async fn pending(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    import_id: i64,
) -> AppResult<ImportPreview> {
    require(actor, Capability::ManageRegistration)?;
    let import = store::get_import(&db.pool, import_id, org_of(actor)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let format = register_format(settings)?;
    let (diff, mut names) = held_and_diff(db, actor, &import.file_text, &format).await?;
    keep_mentioned(&mut names, &diff);
    Ok(ImportPreview {
        import_id,
        fingerprint: diff.fingerprint(),
        diff,
        names,
    })
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ImportApplied {
    pub changed: usize,
    pub confirmed: usize,
    pub not_on_register: usize,
    pub not_ours: usize,
}

/// Applies a previewed register file, all of it in one transaction, provided the records
/// still give the changes that were previewed.
pub async fn apply(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    import_id: i64,
    today: Date,
) -> AppResult<ImportApplied> {
    require(actor, Capability::ManageRegistration)?;
    let import = store::get_import(&db.pool, import_id, org_of(actor)?)
        .await?
        .ok_or(AppError::NotFound)?;
    let stale = |m: &str| AppError::Invalid(FieldErrors::single("file", m));
    if import.applied_at.is_some() {
        return Err(stale("This register check has already been applied"));
    }
    let format = register_format(settings)?;
    let (diff, _) = held_and_diff(db, actor, &import.file_text, &format).await?;
    if diff.fingerprint() != import.fingerprint {
        return Err(stale(
            "Registration records changed after this preview. Upload the file again to see the changes as they are now",
        ));
    }
    let how = "register_bulk_import";
    let on = today.to_string();
    let mut tx = db.begin().await?;
    if !store::mark_import_applied(&mut tx, import_id).await? {
        return Err(stale("This register check has already been applied"));
    }
    for c in &diff.changed {
        let write = RegistrationWrite {
            status: c.new.status.code().to_string(),
            registered_until: c.new.registered_until.map(|d| d.to_string()),
            conditions: c.new.conditions.clone(),
            amhp_annotation: c.new.amhp,
            bia_annotation: c.new.bia,
            checked_on: on.clone(),
            checked_how: how.to_string(),
            user_id: Some(actor.user_id),
        };
        store::save(&mut tx, c.practitioner_id, &write).await?;
        let fields: Vec<&str> = c.changes.iter().map(|f| f.field).collect();
        audit(
            &mut *tx,
            actor,
            "update",
            "registration",
            c.practitioner_id,
            format!("register check {import_id}: {}", fields.join(", ")),
        )
        .await?;
    }
    for id in &diff.unchanged {
        store::mark_checked(&mut tx, *id, &on, how).await?;
    }
    audit(
        &mut *tx,
        actor,
        "apply",
        "registration_import",
        import_id,
        format!(
            "{} changed, {} confirmed",
            diff.changed.len(),
            diff.unchanged.len()
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(ImportApplied {
        changed: diff.changed.len(),
        confirmed: diff.unchanged.len(),
        not_on_register: diff.not_on_register.len(),
        not_ours: diff.not_ours.len(),
    })
}
