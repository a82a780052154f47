//! The register check: batches to search, an uploaded register CSV previewed, then applied exactly as previewed in one transaction.

use super::*;
use crate::service::write::Write;

/// The organisation's registration numbers (current practitioners in scope), in batches of
/// at most 100 for the register's bulk search.
pub async fn export_batches(db: &Db, actor: &Actor) -> AppResult<Vec<Vec<String>>> {
    require(actor, Capability::ManageRegistration)?;
    let lines = store::lines(&db.pool, &practitioner_scope(actor)).await?;
    let numbers: Vec<String> = lines.into_iter().filter_map(|l| l.swe_number).collect();
    audit(
        db,
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
        registered_until: r.registered_until,
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
        db,
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
    let on = today;
    let mut tx = Write::begin(db, actor).await?;
    if !store::mark_import_applied(&mut tx, import_id)
        .await?
        .changed()
    {
        return Err(stale("This register check has already been applied"));
    }
    for c in &diff.changed {
        let write = RegistrationWrite {
            status: c.new.status.code().to_string(),
            registered_until: c.new.registered_until,
            conditions: c.new.conditions.clone(),
            amhp_annotation: c.new.amhp,
            bia_annotation: c.new.bia,
            checked_on: on,
            checked_how: how.to_string(),
            user_id: Some(actor.user_id),
        };
        store::save(&mut tx, c.practitioner_id, &write).await?;
        let fields: Vec<&str> = c.changes.iter().map(|f| f.field).collect();
        tx.audit(
            "update",
            "registration",
            c.practitioner_id,
            format!("register check {import_id}: {}", fields.join(", ")),
        )
        .await?;
    }
    for id in &diff.unchanged {
        store::mark_checked(&mut tx, *id, on, how).await?;
    }
    tx.commit(
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
    Ok(ImportApplied {
        changed: diff.changed.len(),
        confirmed: diff.unchanged.len(),
        not_on_register: diff.not_on_register.len(),
        not_ours: diff.not_ours.len(),
    })
}
