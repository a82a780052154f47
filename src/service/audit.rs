//! Reading and exporting the audit trail (principal social worker and organisation admin,
//! their own organisation only). Reading it is itself audited.

use super::{ListQuery, audit, require};
use crate::domain::csv_file::CsvFile;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::audit::{self as store, AuditEntry, AuditFilter};
use crate::store::sql::Paged;
use serde::Deserialize;

#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(default)]
pub struct AuditQuery {
    /// Email of the person who acted.
    pub actor: String,
    /// practitioner, team, organisation, user, account.
    pub record_type: String,
    pub record_id: String,
}

impl AuditQuery {
    fn filter(&self) -> AuditFilter {
        AuditFilter {
            actor: self.actor.clone(),
            record_type: self.record_type.clone(),
            record_id: self.record_id.clone(),
        }
    }
}

pub async fn list(
    db: &Db,
    actor: &Actor,
    q: &ListQuery,
    f: &AuditQuery,
) -> AppResult<Paged<AuditEntry>> {
    require(actor, Capability::ViewAudit)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let page = store::list(&db.pool, org, &f.filter(), Some(&q.page())).await?;
    audit(db, actor, "read", "audit log", "", "").await?;
    Ok(page)
}

/// The whole filtered trail as CSV.
pub async fn export_csv(db: &Db, actor: &Actor, f: &AuditQuery) -> AppResult<String> {
    require(actor, Capability::ViewAudit)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let all = store::list(&db.pool, org, &f.filter(), None).await?;
    audit(
        db,
        actor,
        "export",
        "audit log",
        "",
        format!("{} rows", all.items.len()),
    )
    .await?;
    let mut file = CsvFile::new(&[
        "id",
        "at_utc",
        "actor",
        "action",
        "record_type",
        "record_id",
        "detail",
        "request_id",
    ]);
    for e in &all.items {
        file.row(&[
            e.id.to_string().as_str(),
            &e.at.to_string(),
            &e.actor_email,
            &e.action,
            &e.record_type,
            &e.record_id,
            &e.detail,
            &e.request_id,
        ]);
    }
    Ok(file.finish())
}
