//! Who took part in a cycle, and signing it off.

use super::*;
use crate::service::write::Write;

/// Who took part, as sent: the kind of participant, a description (never the names of
/// people using services) and how many people, if known.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ParticipantInput {
    /// `staff`, `partner_organisation`, `service_user`, `carer` or `other`.
    pub kind: String,
    pub description: String,
    pub people: String,
}

pub const PARTICIPANT_KINDS: [(&str, &str); 5] = [
    ("staff", "Staff"),
    ("partner_organisation", "Partner organisation"),
    ("service_user", "People who use services"),
    ("carer", "Carers"),
    ("other", "Other"),
];

pub async fn add_participant(
    db: &Db,
    actor: &Actor,
    cycle_id: i64,
    input: &ParticipantInput,
) -> AppResult<i64> {
    let org = own_org(actor, Capability::ManageSelfAssessment)?;
    let mut tx = Write::begin(db, actor).await?;
    open_for_change(&mut tx, org, cycle_id, "kind").await?;
    let mut errors = FieldErrors::default();
    let kind = input.kind.trim();
    if !PARTICIPANT_KINDS.iter().any(|(k, _)| *k == kind) {
        errors.add("kind", "Select who took part");
    }
    let description = input.description.trim();
    if description.is_empty() {
        errors.add(
            "description",
            "Describe who took part, for example \"Expert by experience panel\"",
        );
    } else if description.chars().count() > 300 {
        errors.add("description", "Description must be 300 characters or fewer");
    }
    let people = match optional(&input.people) {
        None => None,
        Some(p) => match p.parse::<i64>() {
            Ok(n) if (1..=100_000).contains(&n) => Some(n),
            _ => {
                errors.add(
                    "people",
                    "Number of people must be a whole number, 1 or more",
                );
                None
            }
        },
    };
    errors.into_result()?;
    let id = store::insert_participant(&mut tx, cycle_id, kind, description, people).await?;
    tx.commit(
        "update",
        RECORD,
        cycle_id,
        format!("participant {kind} added"),
    )
    .await?;
    Ok(id)
}

pub async fn remove_participant(db: &Db, actor: &Actor, cycle_id: i64, id: i64) -> AppResult<()> {
    let org = own_org(actor, Capability::ManageSelfAssessment)?;
    let mut tx = Write::begin(db, actor).await?;
    open_for_change(&mut tx, org, cycle_id, "kind").await?;
    if !store::delete_participant(&mut tx, cycle_id, id).await? {
        return Err(AppError::NotFound);
    }
    tx.commit("update", RECORD, cycle_id, "participant removed")
        .await?;
    Ok(())
}

/// Signs a cycle off and locks it. Refused, with the criteria named, while any criterion is
/// unanswered; refused while nobody is recorded as having taken part (the guidance asks for
/// the self-assessment to be done with staff, partners, people who use services and carers).
pub async fn sign_off(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    cycle_id: i64,
    today: Date,
) -> AppResult<()> {
    let org = own_org(actor, Capability::ManageSelfAssessment)?;
    let mut tx = Write::begin(db, actor).await?;
    let cycle = open_for_change(&mut tx, org, cycle_id, "sign_off").await?;
    let f = framework_of(settings, &cycle)?;
    let answers: BTreeMap<String, Answer> = store::answers(&mut tx, cycle_id)
        .await?
        .iter()
        .map(|a| (a.criterion_code.clone(), answer_of(a)))
        .collect();
    let missing = scoring::unanswered(&f, &answers);
    let mut errors = FieldErrors::default();
    if !missing.is_empty() {
        let shown: Vec<&str> = missing.iter().take(12).copied().collect();
        errors.add(
            "sign_off",
            format!(
                "{} of {} criteria are not rated yet ({}{}): rate them, or mark them not applicable where the framework allows, before signing off",
                missing.len(),
                f.criterion_count(),
                shown.join(", "),
                if missing.len() > shown.len() { ", ..." } else { "" }
            ),
        );
    }
    if store::participants(&mut tx, cycle_id).await?.is_empty() {
        errors.add(
            "sign_off",
            "Record who took part (staff, partners, people who use services, carers) before signing off",
        );
    }
    errors.into_result()?;
    if !store::sign_off(&mut tx, cycle_id, actor.user_id, today)
        .await?
        .changed()
    {
        return Err(AppError::NotFound);
    }
    tx.commit("sign_off", RECORD, cycle_id, "locked").await?;
    Ok(())
}

pub fn participant_label(kind: &str) -> &'static str {
    PARTICIPANT_KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map(|(_, l)| *l)
        .unwrap_or("")
}

/// The code of the domain a criterion of the cycle belongs to (where a page returns to).
pub async fn domain_of(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    cycle_id: i64,
    criterion_code: &str,
) -> AppResult<String> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let mut conn = db.connection().await?;
    let cycle = store::cycle(&mut conn, org, cycle_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = framework_of(settings, &cycle)?;
    let (d, _) = f.criterion(criterion_code).ok_or(AppError::NotFound)?;
    Ok(d.code.clone())
}
