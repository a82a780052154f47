//! A subject access export: everything mhsw holds about one person, as JSON and as a page
//! (`store::subject_access` lists the tables). What it leaves out, and why, is part of the
//! export: secrets' hashes (no one's information), and what people who use services said
//! about the practitioner (third-party information that could identify them: the UK GDPR
//! lets a controller withhold it, and mhsw promises them anonymity).

use super::super::{audit, require};
use crate::domain::timestamp::Timestamp;
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::store::Db;
use crate::store::data_protection::{self as people, Subject};
use crate::store::subject_access::{self as store, SOURCES};
use serde::Serialize;
use serde_json::{Map, Value};

/// One table's worth of what is held.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubjectAccessSection {
    pub key: &'static str,
    pub title: &'static str,
    pub about: &'static str,
    /// How many rows are held; `rows` holds them all unless the section has a limit
    /// (the audit trail's), when it holds the newest.
    pub total: i64,
    #[schema(value_type = Vec<Object>)]
    pub rows: Vec<Map<String, Value>>,
}

/// Something held about the person and not given, with why.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Withheld {
    pub what: String,
    pub count: i64,
    pub why: String,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SubjectAccessExport {
    pub subject: Subject,
    pub generated_at: Timestamp,
    /// The email of the officer who made it.
    pub generated_by: String,
    pub sections: Vec<SubjectAccessSection>,
    pub withheld: Vec<Withheld>,
}

/// Everything held about a practitioner the officer's organisation employs, and their
/// account.
pub async fn practitioner(db: &Db, actor: &Actor, id: i64) -> AppResult<SubjectAccessExport> {
    require(actor, Capability::ActOnDataRights)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let subject = people::practitioner(&db.pool, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let export = gather(db, actor, subject).await?;
    audit(db, actor, "export", "subject_access", id, summary(&export)).await?;
    Ok(export)
}

/// Everything held about an account of the organisation with no practitioner record.
pub async fn account(db: &Db, actor: &Actor, user_id: i64) -> AppResult<SubjectAccessExport> {
    require(actor, Capability::ActOnDataRights)?;
    let org = actor.org_id.ok_or(AppError::Forbidden)?;
    let subject = people::account(&db.pool, org, user_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let export = gather(db, actor, subject).await?;
    audit(
        db,
        actor,
        "export",
        "subject_access_account",
        user_id,
        summary(&export),
    )
    .await?;
    Ok(export)
}

fn summary(e: &SubjectAccessExport) -> String {
    let rows: i64 = e.sections.iter().map(|s| s.total).sum();
    format!("{rows} rows in {} sections", e.sections.len())
}

async fn gather(db: &Db, actor: &Actor, subject: Subject) -> AppResult<SubjectAccessExport> {
    let accounts = match subject.practitioner_id {
        Some(p) => people::accounts_of(&db.pool, p).await?,
        None => subject.user_id.into_iter().collect(),
    };
    let mut sections = Vec::new();
    for source in SOURCES {
        let (rows, total) =
            store::rows(&db.pool, source, subject.practitioner_id, &accounts).await?;
        sections.push(SubjectAccessSection {
            key: source.key,
            title: source.title,
            about: source.about,
            total,
            rows,
        });
    }
    let mut withheld = Vec::new();
    if let Some(p) = subject.practitioner_id {
        withheld.push(Withheld {
            what: "Feedback answers from people who use services and carers".into(),
            count: store::feedback_answers(&db.pool, p).await?,
            why: "Third-party information that could identify who gave it. The practitioner \
                  sees their results in aggregate on their feedback page."
                .into(),
        });
    }
    Ok(SubjectAccessExport {
        subject,
        generated_at: Timestamp::now(),
        generated_by: actor.email.clone(),
        sections,
        withheld,
    })
}
