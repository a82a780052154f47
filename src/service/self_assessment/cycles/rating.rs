//! Rating a criterion, and naming the leads of each domain.

use super::*;
use crate::service::write::Write;

/// A rating with its evidence, as a lead or the principal social worker sends it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct RatingInput {
    /// 1 to the scale's top value, `na` where the framework allows it, or "" for not yet.
    #[serde(deserialize_with = "crate::domain::input::text")]
    pub rating: String,
    pub evidence: String,
    /// Links to documents, one per line (https).
    pub links: String,
}

/// An open cycle of the actor's organisation, or a field error saying it is locked.
pub(super) async fn open_for_change(
    conn: &mut crate::store::Conn,
    org: i64,
    id: i64,
    field: &str,
) -> AppResult<CycleRow> {
    let c = store::cycle(conn, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !c.is_open() {
        return Err(AppError::Invalid(FieldErrors::single(
            field,
            format!(
                "This cycle was signed off on {} and is locked: open a new cycle to change answers",
                c.signed_off_on
                    .map(crate::domain::dates::long)
                    .unwrap_or_default()
            ),
        )));
    }
    Ok(c)
}

/// Records one criterion's rating, evidence and links. The domain's lead or the principal
/// social worker may; the cycle must be open; the rating must be on the framework's scale.
pub async fn rate(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    cycle_id: i64,
    criterion_code: &str,
    input: &RatingInput,
) -> AppResult<()> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let mut tx = Write::begin(db, actor).await?;
    let cycle = open_for_change(&mut tx, org, cycle_id, "rating").await?;
    let f = framework_of(settings, &cycle)?;
    let (domain, _) = f.criterion(criterion_code).ok_or(AppError::NotFound)?;
    let leads = store::leads(&mut tx, cycle_id).await?;
    let is_lead = leads
        .iter()
        .any(|l| l.domain_code == domain.code && l.user_id == actor.user_id);
    if !(is_lead || actor.can(Capability::ManageSelfAssessment)) {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::default();
    let answer = errors.take("rating", scoring::parse_rating(&f.scale, &input.rating));
    let evidence = input.evidence.trim();
    if evidence.chars().count() > MAX_EVIDENCE_CHARS {
        errors.add(
            "evidence",
            format!("Evidence must be {MAX_EVIDENCE_CHARS} characters or fewer"),
        );
    }
    let links = errors.take("links", parse_links(&input.links));
    errors.into_result()?;
    let (answer, links) = (answer.unwrap_or_default(), links.unwrap_or_default());
    store::upsert_answer(
        &mut tx,
        cycle_id,
        criterion_code,
        &AnswerFields {
            rating: answer.rating.map(i64::from),
            not_applicable: answer.not_applicable,
            evidence,
            links: &links,
            carried_forward: false,
            updated_by: Some(actor.user_id),
        },
    )
    .await?;
    tx.commit(
        "update",
        RECORD,
        cycle_id,
        format!(
            "criterion {criterion_code}: {}",
            match (answer.rating, answer.not_applicable) {
                (Some(r), _) => r.to_string(),
                (None, true) => "not applicable".into(),
                _ => "not rated".into(),
            }
        ),
    )
    .await?;
    Ok(())
}

/// Domain leads as a form sends them: domain code to user id ("" for none).
pub type LeadsInput = BTreeMap<String, String>;

/// Names (or clears) each domain's lead. Every user named must be an active colleague.
pub async fn assign_leads(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    cycle_id: i64,
    input: &LeadsInput,
) -> AppResult<()> {
    let org = own_org(actor, Capability::ManageSelfAssessment)?;
    let people = colleagues(db, org).await?;
    let mut tx = Write::begin(db, actor).await?;
    let cycle = open_for_change(&mut tx, org, cycle_id, "leads").await?;
    let f = framework_of(settings, &cycle)?;
    let mut errors = FieldErrors::default();
    let mut chosen = Vec::new();
    for (code, user) in input {
        let Some(d) = f.domain(code) else {
            errors.add(
                &format!("lead_{code}"),
                "There is no such domain in this framework",
            );
            continue;
        };
        let user = if user.trim().is_empty() {
            None
        } else {
            parse_colleague(
                &mut errors,
                &format!("lead_{code}"),
                &format!("a lead for {}", d.title),
                user,
                &people,
            )
        };
        chosen.push((code.clone(), user));
    }
    errors.into_result()?;
    for (code, user) in &chosen {
        store::set_lead(&mut tx, cycle_id, code, *user).await?;
    }
    tx.commit(
        "update",
        RECORD,
        cycle_id,
        format!("{} domain leads", chosen.len()),
    )
    .await?;
    Ok(())
}
