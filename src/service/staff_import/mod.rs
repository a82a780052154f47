//! Loading existing staff from a CSV or XLSX file (layout: `domain::staff_import`,
//! docs/staff-import.md): teams, practitioners and user accounts. A file is read, checked
//! whole and kept with the fingerprint of what it would change (the preview); applying it
//! writes everything in one transaction, or nothing, and only if the records still give
//! the previewed changes. A person is matched by registration number, else by work email,
//! so importing the same file again changes nothing.

use super::{audit, require};
use crate::domain::Role;
use crate::domain::practitioner::PractitionerFields;
use crate::domain::staff_import as layout;
use crate::domain::team::TeamFields;
use crate::domain::user::UserFields;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::practitioners as practitioners_store;
use crate::store::staff_imports as store;
use crate::store::teams as teams_store;
use crate::store::users as users_store;
use plan::plan;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use time::Date;

mod plan;

/// One person in the plan.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PlannedPerson {
    /// The row in the file (the heading row is row 1).
    pub row: usize,
    pub name: String,
    /// The existing record, when the row matches one.
    pub practitioner_id: Option<i64>,
    /// What would change on an existing record, as people name the fields.
    pub changes: Vec<String>,
    /// The roles of a user account to make for the person, if any.
    pub new_account_roles: Vec<String>,
    #[serde(skip)]
    pub(super) fields: Option<PractitionerFields>,
    #[serde(skip)]
    pub(super) new_team: Option<(i64, String)>,
}

/// What a staff list would change.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffImportPreview {
    pub import_id: i64,
    pub file_name: String,
    pub fingerprint: String,
    pub people: usize,
    /// Teams to add, as "name (organisation)".
    pub teams_to_add: Vec<String>,
    pub to_add: Vec<PlannedPerson>,
    pub to_change: Vec<PlannedPerson>,
    /// Rows that match a record exactly: nothing to do.
    pub unchanged: usize,
    pub accounts_to_add: usize,
}

/// What applying a staff list did.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StaffImportApplied {
    pub teams_added: usize,
    pub added: usize,
    pub changed: usize,
    pub unchanged: usize,
    pub accounts_added: usize,
}

/// The plan for a table: what it would change, or every problem with it.
pub(super) struct Plan {
    people: Vec<PlannedPerson>,
    unchanged: usize,
    teams: Vec<(i64, String, String)>,
}

pub(super) fn invalid(messages: Vec<String>) -> AppError {
    let mut e = FieldErrors::default();
    for m in messages {
        e.add("file", m);
    }
    AppError::Invalid(e)
}

/// Reads a staff list, checks it whole and keeps it for `apply`; nothing changes yet.
pub async fn preview(
    db: &Db,
    actor: &Actor,
    file_name: &str,
    bytes: &[u8],
    today: Date,
) -> AppResult<StaffImportPreview> {
    require(actor, Capability::EditPractitioners)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(invalid(vec![
            "Select the staff list: a CSV or XLSX file".into(),
        ]));
    }
    check_upload(bytes)?;
    let table = layout::read_table(bytes).map_err(invalid)?;
    let rows_csv = table_csv(&table);
    let plan = plan(db, actor, &table, today).await?;
    let fingerprint = fingerprint(&plan);
    let import_id = store::insert(
        &db.pool,
        org,
        actor.user_id,
        file_name,
        &rows_csv,
        &fingerprint,
    )
    .await?;
    audit(
        db,
        actor,
        "preview",
        "staff_import",
        import_id,
        summary_detail(&plan),
    )
    .await?;
    Ok(view(import_id, file_name, fingerprint, plan))
}

/// Checks before the file is read, as the stocktake's: its size, how far a workbook expands
/// (a zip bomb would otherwise be unpacked whole), and a workbook's formulas, refused with
/// their cells, since the reader would take the value a formula last gave, which the person
/// may never have seen.
fn check_upload(bytes: &[u8]) -> AppResult<()> {
    use crate::domain::upload_checks;
    upload_checks::check_file(bytes, upload_checks::STAFF_LIST_FILE)
        .map_err(|m| invalid(vec![m]))?;
    if !upload_checks::is_zip(bytes) {
        return Ok(());
    }
    let found = upload_checks::formulas(bytes).map_err(|m| invalid(vec![m.to_string()]))?;
    if found.is_empty() {
        return Ok(());
    }
    Err(invalid(
        found
            .iter()
            .map(|f| {
                format!(
                    "Row {}, column {}: \"={}\" is a formula: enter the value itself (formulas are not evaluated)",
                    f.row + 1,
                    layout::column_letter(f.column),
                    f.text.trim()
                )
            })
            .collect(),
    ))
}

/// The preview of a kept staff list again (the confirmation page after a refresh).
pub async fn pending(
    db: &Db,
    actor: &Actor,
    import_id: i64,
    today: Date,
) -> AppResult<StaffImportPreview> {
    require(actor, Capability::EditPractitioners)?;
    let (import, plan) = kept_plan(db, actor, import_id, today).await?;
    let fingerprint = fingerprint(&plan);
    Ok(view(import.id, &import.file_name, fingerprint, plan))
}

async fn kept_plan(
    db: &Db,
    actor: &Actor,
    import_id: i64,
    today: Date,
) -> AppResult<(store::StaffImport, Plan)> {
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let import = store::get(&db.pool, import_id, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let table = layout::read_table(import.rows_csv.as_bytes()).map_err(invalid)?;
    let plan = plan(db, actor, &table, today).await?;
    Ok((import, plan))
}

/// Applies a previewed staff list in one transaction, if it still gives the previewed
/// changes. Teams first, then people, then accounts; each write audited.
pub async fn apply(
    db: &Db,
    actor: &Actor,
    import_id: i64,
    today: Date,
) -> AppResult<StaffImportApplied> {
    require(actor, Capability::EditPractitioners)?;
    let (import, plan) = kept_plan(db, actor, import_id, today).await?;
    if import.applied_at.is_some() {
        return Err(invalid(vec![
            "This staff list has already been imported".into(),
        ]));
    }
    if fingerprint(&plan) != import.fingerprint {
        return Err(invalid(vec![
            "Records changed after this preview. Upload the file again to see the changes as they are now".into(),
        ]));
    }
    let mut tx = Write::begin(db, actor).await?;
    if !store::mark_applied(&mut tx, import_id).await?.changed() {
        return Err(invalid(vec![
            "This staff list has already been imported".into(),
        ]));
    }
    let mut team_ids: HashMap<(i64, String), i64> = HashMap::new();
    for (org, name, model) in &plan.teams {
        let fields = TeamFields {
            name: name.clone(),
            service_model: model.clone(),
        };
        let id = teams_store::insert(&mut tx, *org, &fields).await?;
        tx.audit("create", "team", id, "staff import").await?;
        team_ids.insert((*org, name.to_lowercase()), id);
    }
    let (mut added, mut changed, mut accounts) = (0, 0, 0);
    for p in &plan.people {
        let Some(mut fields) = p.fields.clone() else {
            continue;
        };
        if let Some((org, name)) = &p.new_team {
            fields.team_id = team_ids.get(&(*org, name.to_lowercase())).copied();
        }
        let id = match p.practitioner_id {
            Some(id) => {
                practitioners_store::update(&mut tx, id, &fields).await?;
                crate::store::workforce::record_post(&mut tx, id, today).await?;
                tx.audit("update", "practitioner", id, "staff import")
                    .await?;
                changed += 1;
                id
            }
            None => {
                let id = practitioners_store::insert(&mut tx, &fields).await?;
                crate::store::workforce::record_post(&mut tx, id, fields.start_date).await?;
                tx.audit("create", "practitioner", id, "staff import")
                    .await?;
                added += 1;
                id
            }
        };
        if !p.new_account_roles.is_empty() {
            let roles = p
                .new_account_roles
                .iter()
                .filter_map(|r| Role::parse(r).ok())
                .collect();
            let user = UserFields {
                email: fields.work_email.clone(),
                display_name: format!("{} {}", fields.given_name, fields.family_name),
                org_id: actor.org_id,
                practitioner_id: Some(id),
                active: true,
                roles,
            };
            let uid = users_store::insert(&mut tx, &user, None).await?;
            tx.audit("create", "user", uid, "staff import, no password yet")
                .await?;
            accounts += 1;
        }
    }
    tx.commit("apply", "staff_import", import_id, summary_detail(&plan))
        .await?;
    Ok(StaffImportApplied {
        teams_added: plan.teams.len(),
        added,
        changed,
        unchanged: plan.unchanged,
        accounts_added: accounts,
    })
}

fn summary_detail(plan: &Plan) -> String {
    let add = plan
        .people
        .iter()
        .filter(|p| p.practitioner_id.is_none())
        .count();
    format!(
        "{} to add, {} to change, {} unchanged, {} teams",
        add,
        plan.people.len() - add,
        plan.unchanged,
        plan.teams.len()
    )
}

fn view(import_id: i64, file_name: &str, fingerprint: String, plan: Plan) -> StaffImportPreview {
    let accounts_to_add = plan
        .people
        .iter()
        .filter(|p| !p.new_account_roles.is_empty())
        .count();
    let (to_change, to_add): (Vec<_>, Vec<_>) = plan
        .people
        .into_iter()
        .partition(|p| p.practitioner_id.is_some());
    StaffImportPreview {
        import_id,
        file_name: file_name.to_string(),
        fingerprint,
        people: to_add.len() + to_change.len() + plan.unchanged,
        teams_to_add: plan.teams.iter().map(|(_, n, _)| n.clone()).collect(),
        to_add,
        to_change,
        unchanged: plan.unchanged,
        accounts_to_add,
    }
}

/// The fingerprint of a plan: what each row would write, so `apply` refuses if the records
/// moved since the preview.
fn fingerprint(plan: &Plan) -> String {
    let mut h = Sha256::new();
    for p in &plan.people {
        h.update(format!(
            "{}|{:?}|{:?}|{:?}|{:?}\n",
            p.row, p.practitioner_id, p.changes, p.new_account_roles, p.new_team
        ));
    }
    for t in &plan.teams {
        h.update(format!("{t:?}\n"));
    }
    h.update(plan.unchanged.to_string());
    format!("{:x}", h.finalize())
}

fn table_csv(t: &layout::Table) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(&t.headings);
    let mut line = 1;
    for row in t.rows() {
        // Blank lines keep each row's number as the file gave it.
        while line + 1 < row.line {
            let _ = w.write_record(vec![""; t.headings.len()]);
            line += 1;
        }
        let _ = w.write_record(row.cells());
        line = row.line;
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
