//! ASYE evidence: items added by the NQSW or assessor and signed off by the assessor.

use super::*;
use crate::service::write::Write;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EvidenceInput {
    /// A kind code (`direct_observation`, `feedback_person_supported`,
    /// `feedback_professional`, `written_report`, `reflection_6_month`, `reflection_12_month`).
    pub kind: String,
    /// A short title: no names of people supported.
    pub title: String,
    /// YYYY-MM-DD, within the programme and not in the future.
    pub occurred_on: String,
    pub notes: String,
}

pub async fn add_evidence(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &EvidenceInput,
    today: Date,
) -> AppResult<i64> {
    visible(db, actor, id).await?;
    let is_own = actor.practitioner_id == Some(id);
    if !is_own && !actor.can(Capability::AssessAsye) {
        return Err(AppError::Forbidden);
    }
    let prog = programme_of(db, id).await?;
    let mut e = FieldErrors::default();
    let kind = e.take("kind", EvidenceKind::parse(&input.kind));
    let title = text(&mut e, "title", "The title", &input.title, 200);
    if title.is_empty() {
        e.add("title", "Enter a short title");
    }
    let on = within(
        &mut e,
        "occurred_on",
        "The date",
        &input.occurred_on,
        &prog,
        &settings.asye,
        today,
    );
    let notes = text(&mut e, "notes", "The notes", &input.notes, 4000);
    let (Some(kind), Some(on), true) = (kind, on, e.is_empty()) else {
        return Err(AppError::Invalid(e));
    };
    let mut tx = Write::begin(db, actor).await?;
    let eid = store::add_evidence(
        &mut tx,
        prog.id,
        &EvidenceFields {
            kind: kind.code().into(),
            title,
            occurred_on: on,
            notes,
        },
        actor.user_id,
    )
    .await?;
    // The kind only: titles and notes are about people supported and stay out of the log.
    tx.commit(
        "create",
        "asye_evidence",
        eid,
        format!("practitioner {id}, {}", kind.code()),
    )
    .await?;
    Ok(eid)
}

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct SignOffInput {
    /// The evidence item to sign off.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub evidence_id: String,
}

pub async fn sign_off(db: &Db, actor: &Actor, id: i64, input: &SignOffInput) -> AppResult<()> {
    require(actor, Capability::AssessAsye)?;
    visible(db, actor, id).await?;
    let mut e = FieldErrors::default();
    let item = e
        .take("evidence_id", parse_id("the evidence", &input.evidence_id))
        .flatten();
    let Some(item) = item else {
        if e.is_empty() {
            e.add("evidence_id", "Select the evidence to sign off");
        }
        return Err(AppError::Invalid(e));
    };
    let prog = programme_of(db, id).await?;
    if actor.practitioner_id == Some(id) {
        return Err(AppError::Forbidden);
    }
    let mut tx = Write::begin(db, actor).await?;
    if !store::sign_off(&mut tx, prog.id, item, actor.user_id)
        .await?
        .changed()
    {
        e.add(
            "evidence_id",
            "That evidence is not part of this programme, or is already signed off",
        );
        return Err(AppError::Invalid(e));
    }
    tx.commit(
        "sign_off",
        "asye_evidence",
        item,
        format!("practitioner {id}"),
    )
    .await?;
    Ok(())
}
