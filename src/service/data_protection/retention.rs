//! The retention schedule applied (`domain::retention` says what is due; `store::
//! data_protection` deletes and anonymises). `mhsw retention run` applies it to every
//! organisation in one transaction, or with `--dry-run` counts what it would change; the
//! data protection officer's page previews it for their own organisation.

use super::super::{audit, require, write::Write};
use crate::config::Settings;
use crate::domain::retention::{self as rules, LeaverStage, RetentionRules};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::data_protection::{self as store, ACCOUNT_DETAIL, DETAIL, Leaver};
use crate::store::engine::Conn;
use serde::Serialize;
use time::Date;

/// Rows of one table a run changed (or would change).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TableRows {
    pub table: &'static str,
    pub rows: i64,
}

/// What a run does to one leaver.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct LeaverChange {
    pub practitioner_id: i64,
    pub org_id: i64,
    pub left_on: Date,
    pub stage: LeaverStage,
    /// Detail deleted (or cleared), by table; empty when it had gone already.
    pub detail: Vec<TableRows>,
    /// The rows of `detail`, added up.
    pub detail_rows: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RetentionReport {
    pub today: Date,
    /// False for a dry run or a preview: nothing was changed.
    pub applied: bool,
    #[schema(value_type = Object)]
    pub rules: RetentionRules,
    pub leavers: Vec<LeaverChange>,
    /// Audit entries made before `audit_kept_from`, deleted (or to be).
    pub audit_kept_from: Date,
    pub audit_entries: i64,
}

impl RetentionReport {
    pub fn detail_rows(&self) -> i64 {
        self.leavers.iter().map(|l| l.detail_rows).sum()
    }

    pub fn anonymised(&self) -> usize {
        self.leavers
            .iter()
            .filter(|l| l.stage == LeaverStage::Anonymise)
            .count()
    }
}

/// The schedule, from the command line: every organisation. With `apply` false nothing is
/// written. Applied, it is one transaction audited as "command line": an entry per leaver
/// and one for the run.
pub async fn run(
    db: &Db,
    settings: &Settings,
    today: Date,
    apply: bool,
) -> AppResult<RetentionReport> {
    let r = &settings.retention;
    let leavers = due_leavers(db, r, today, None).await?;
    if !apply {
        let mut conn = db.connection().await?;
        return report(&mut conn, r, today, leavers, None, false).await;
    }
    let mut tx = Write::begin_command_line(db, None).await?;
    let report = report(&mut tx, r, today, leavers, None, true).await?;
    for l in &report.leavers {
        let rows = l.detail_rows;
        let what = match l.stage {
            LeaverStage::Anonymise => "retention: anonymised",
            _ => "retention: detail deleted",
        };
        tx.audit(
            what,
            "practitioner",
            l.practitioner_id,
            format!("rows of detail: {rows}"),
        )
        .await?;
    }
    let detail = format!(
        "{} leavers, {} rows of detail, {} anonymised, {} audit entries before {}",
        report.leavers.len(),
        report.detail_rows(),
        report.anonymised(),
        report.audit_entries,
        report.audit_kept_from
    );
    tx.commit("retention run", "retention", "", detail).await?;
    Ok(report)
}

/// What a run today would change in the officer's organisation (nothing is written).
pub async fn preview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<RetentionReport> {
    require(actor, Capability::ActOnDataRights)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let r = &settings.retention;
    let leavers = due_leavers(db, r, today, Some(org)).await?;
    let mut conn = db.connection().await?;
    let report = report(&mut conn, r, today, leavers, Some(org), false).await?;
    audit(
        db,
        actor,
        "preview",
        "retention",
        "",
        format!("{} leavers due", report.leavers.len()),
    )
    .await?;
    Ok(report)
}

/// Leavers with something due today, in one organisation or all.
async fn due_leavers(
    db: &Db,
    r: &RetentionRules,
    today: Date,
    org: Option<i64>,
) -> AppResult<Vec<(Leaver, LeaverStage)>> {
    let found = store::leavers(&db.pool, rules::detail_left_by(today, r)).await?;
    let mut due = Vec::new();
    for mut l in found {
        let stage = rules::leaver_stage(l.left_on, l.born_on, today, r);
        if stage == LeaverStage::Keep || org.is_some_and(|o| o != l.org_id) {
            continue;
        }
        l.accounts = store::accounts_of(&db.pool, l.practitioner_id).await?;
        due.push((l, stage));
    }
    Ok(due)
}

/// Counts (or, with `apply`, makes) each leaver's changes; leavers whose detail has gone
/// already and who are not due to be anonymised are left out.
async fn report(
    conn: &mut Conn,
    r: &RetentionRules,
    today: Date,
    leavers: Vec<(Leaver, LeaverStage)>,
    org: Option<i64>,
    apply: bool,
) -> AppResult<RetentionReport> {
    let kept_from = rules::audit_kept_from(today, r);
    if apply {
        store::permit(conn, kept_from).await?;
    }
    let mut changes = Vec::new();
    for (l, stage) in leavers {
        let detail = detail(conn, &l, apply).await?;
        if detail.is_empty() && stage == LeaverStage::DeleteDetail {
            continue;
        }
        if apply && stage == LeaverStage::Anonymise {
            store::anonymise(conn, l.practitioner_id, &l.accounts, today).await?;
        }
        changes.push(LeaverChange {
            practitioner_id: l.practitioner_id,
            org_id: l.org_id,
            left_on: l.left_on,
            stage,
            detail_rows: detail.iter().map(|t| t.rows).sum(),
            detail,
        });
    }
    let audit_entries = store::audit_before(conn, kept_from, org, apply).await?;
    if apply {
        store::end_permit(conn).await?;
    }
    Ok(RetentionReport {
        today,
        applied: apply,
        rules: *r,
        leavers: changes,
        audit_kept_from: kept_from,
        audit_entries,
    })
}

async fn detail(conn: &mut Conn, l: &Leaver, apply: bool) -> AppResult<Vec<TableRows>> {
    let mut out = Vec::new();
    for (table, filter) in DETAIL {
        let rows = store::count_or_delete(conn, table, filter, l.practitioner_id, apply).await?;
        if rows > 0 {
            out.push(TableRows { table, rows });
        }
    }
    let cleared = store::clear_equality(conn, l.practitioner_id, apply).await?;
    if cleared > 0 {
        out.push(TableRows {
            table: "practitioner_equality",
            rows: cleared,
        });
    }
    for &user in &l.accounts {
        for (table, filter) in ACCOUNT_DETAIL {
            let rows = store::count_or_delete(conn, table, filter, user, apply).await?;
            if rows > 0 {
                out.push(TableRows { table, rows });
            }
        }
        if apply {
            store::deactivate_account(conn, user).await?;
        }
    }
    Ok(out)
}
