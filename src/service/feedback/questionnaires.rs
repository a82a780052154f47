//! Questionnaire versions: every organisation starts on the first versions shipped in
//! `data/feedback.toml` (version 1), and its principal social worker adapts them with service
//! users and carers. Each adapted version records who co-produced it; the newest is the one
//! the public form asks. Results group answers by question code across versions.

use super::super::require;
use crate::domain::feedback::{self as rules, Audience, Question, QuestionRow, Questionnaire};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::feedback::{self as store, NewVersion, VersionRow};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// The version the form asks now, and how responses name it.
#[derive(Debug, Clone)]
pub struct Current {
    /// `shipped`, or the stored version's id.
    pub key: String,
    pub version: i64,
    pub questionnaire: Questionnaire,
}

fn parse_content(row: &VersionRow) -> AppResult<Questionnaire> {
    Questionnaire::deserialize(&row.content).map_err(|e| {
        AppError::Internal(anyhow::anyhow!(
            "feedback questionnaire {} is not readable: {e}",
            row.id
        ))
    })
}

/// The organisation's current version for an audience.
pub async fn current(db: &Db, org_id: i64, audience: Audience) -> AppResult<Current> {
    let versions = store::versions(&db.pool, org_id, audience.code()).await?;
    match versions.first() {
        Some(v) => Ok(Current {
            key: v.id.to_string(),
            version: v.version,
            questionnaire: parse_content(v)?,
        }),
        None => Ok(Current {
            key: "shipped".into(),
            version: 1,
            questionnaire: rules::shipped(audience).clone(),
        }),
    }
}

/// Per audience: the current questions, and every question any earlier version asked (so
/// answers to a question since removed are still reported under its last wording).
pub async fn wording(
    db: &Db,
    org_id: i64,
) -> AppResult<BTreeMap<Audience, (Vec<Question>, Vec<Question>)>> {
    let mut out = BTreeMap::new();
    for audience in Audience::ALL {
        let versions = store::versions(&db.pool, org_id, audience.code()).await?;
        let mut all: Vec<Questionnaire> = Vec::new();
        for v in &versions {
            all.push(parse_content(v)?);
        }
        all.push(rules::shipped(audience).clone());
        let current = all[0].questions.clone();
        let earlier = all[1..]
            .iter()
            .flat_map(|q| q.questions.iter().cloned())
            .collect();
        out.insert(audience, (current, earlier));
    }
    Ok(out)
}

/// One version as the questionnaires page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct VersionView {
    pub version: i64,
    pub questionnaire: Questionnaire,
    /// Empty for the shipped first version.
    pub co_produced_with: String,
    pub change_note: String,
    pub created_by_name: Option<String>,
    pub created_on: Option<Date>,
}

/// An audience's versions, newest first (the first is the one in use).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AudienceVersions {
    #[schema(value_type = String)]
    pub audience: Audience,
    pub label: String,
    pub versions: Vec<VersionView>,
}

/// Every version of both questionnaires, for the principal social worker.
pub async fn list(db: &Db, actor: &Actor) -> AppResult<Vec<AudienceVersions>> {
    require(actor, Capability::ManageFeedbackQuestionnaires)?;
    let org = actor.own_org().ok_or(AppError::Forbidden)?;
    let mut out = Vec::new();
    for audience in Audience::ALL {
        let mut versions = Vec::new();
        for v in store::versions(&db.pool, org, audience.code()).await? {
            versions.push(VersionView {
                version: v.version,
                questionnaire: parse_content(&v)?,
                co_produced_with: v.co_produced_with,
                change_note: v.change_note,
                created_by_name: v.created_by_name,
                created_on: Some(v.created_on),
            });
        }
        versions.push(VersionView {
            version: 1,
            questionnaire: rules::shipped(audience).clone(),
            co_produced_with: String::new(),
            change_note: rules::data().source.clone(),
            created_by_name: None,
            created_on: None,
        });
        out.push(AudienceVersions {
            audience,
            label: audience.label().into(),
            versions,
        });
    }
    Ok(out)
}

/// A new version as the form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct AdaptInput {
    pub title: String,
    pub easy_read_title: String,
    /// The questions in order: existing ones keep their code; new ones have none.
    pub questions: Vec<QuestionRow>,
    /// Who co-produced this version with the organisation, for example "service user and
    /// carer reference group (4 members), 12 November 2026". Required.
    pub co_produced_with: String,
    /// What changed and why.
    pub change_note: String,
}

/// Longest "co-produced with" and change note.
const MAX_NOTE_CHARS: usize = 500;

fn parse_adapt(
    audience: Audience,
    version: i64,
    input: &AdaptInput,
) -> Result<Questionnaire, FieldErrors> {
    let mut errors = FieldErrors::default();
    let q = rules::parse_version(
        audience,
        version,
        &input.title,
        &input.easy_read_title,
        &input.questions,
    );
    if let Err(list) = &q {
        for (field, message) in list {
            errors.add(field, message.clone());
        }
    }
    let co = input.co_produced_with.trim();
    if co.is_empty() {
        errors.add(
            "co_produced_with",
            "Enter who co-produced this version, for example your service user and carer reference group",
        );
    } else if co.chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "co_produced_with",
            format!("Who co-produced this version must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    if input.change_note.trim().chars().count() > MAX_NOTE_CHARS {
        errors.add(
            "change_note",
            format!("What changed must be {MAX_NOTE_CHARS} characters or fewer"),
        );
    }
    match q {
        Ok(q) if errors.is_empty() => Ok(q),
        _ => Err(errors),
    }
}

/// Stores a new version, which the form asks from now on. Returns its version number.
pub async fn adapt(
    db: &Db,
    actor: &Actor,
    audience: Audience,
    input: &AdaptInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::ManageFeedbackQuestionnaires)?;
    let org = actor.own_org().ok_or(AppError::Forbidden)?;
    let version = current(db, org, audience).await?.version + 1;
    let q = parse_adapt(audience, version, input).map_err(AppError::Invalid)?;
    let content = serde_json::to_value(&q).map_err(|e| AppError::Internal(e.into()))?;
    let mut tx = Write::begin(db, actor).await?;
    let id = store::insert_version(
        &mut tx,
        &NewVersion {
            org_id: org,
            audience: audience.code(),
            version,
            content: &content,
            co_produced_with: input.co_produced_with.trim(),
            change_note: input.change_note.trim(),
            created_by: actor.user_id,
            created_on: today,
        },
    )
    .await?;
    tx.commit(
        "create",
        "feedback_questionnaire",
        id,
        format!("{} version {version}", audience.code()),
    )
    .await?;
    Ok(version)
}

/// The rows the adapt form starts from: the current questions, then blank rows for new ones.
pub fn rows_for(q: &Questionnaire, blank_rows: usize) -> Vec<QuestionRow> {
    let mut rows: Vec<QuestionRow> = q
        .questions
        .iter()
        .map(|x| QuestionRow {
            code: x.code.clone(),
            category: x.category.clone(),
            text: x.text.clone(),
            easy_read: x.easy_read.clone(),
            remove: false,
        })
        .collect();
    rows.extend(std::iter::repeat_n(QuestionRow::default(), blank_rows));
    rows
}
