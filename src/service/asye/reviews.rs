//! ASYE reviews: recording one at each review point.

use super::*;
use crate::service::write::Write;

#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ReviewInput {
    /// `3_month`, `6_month`, `9_month` or `12_month`.
    pub point: String,
    /// YYYY-MM-DD, within the programme and not in the future.
    pub held_on: String,
    /// `on_track`, `some_concerns` or `not_on_track`.
    pub outcome: String,
    pub notes: String,
}

pub async fn record_review(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    input: &ReviewInput,
    today: Date,
) -> AppResult<i64> {
    require(actor, Capability::AssessAsye)?;
    visible(db, actor, id).await?;
    let prog = programme_of(db, id).await?;
    let mut e = FieldErrors::default();
    let point = e.take("point", ReviewPoint::parse(&input.point));
    if point == Some(ReviewPoint::NineMonth) && !prog.nine_month_review {
        e.add(
            "point",
            "The 9-month review is not planned for this programme",
        );
    }
    let held = within(
        &mut e,
        "held_on",
        "The date of the review",
        &input.held_on,
        &prog,
        &settings.asye,
        today,
    );
    let outcome = e.take(
        "outcome",
        code_in(
            &REVIEW_OUTCOMES,
            &input.outcome,
            "Select the outcome of the review",
        ),
    );
    let notes = text(&mut e, "notes", "The notes", &input.notes, 4000);
    let (Some(point), Some(held), Some(outcome), true) = (point, held, outcome, e.is_empty())
    else {
        return Err(AppError::Invalid(e));
    };
    // Nobody assesses their own ASYE.
    if actor.practitioner_id == Some(id) {
        return Err(AppError::Forbidden);
    }
    let mut tx = Write::begin(db, actor).await?;
    let rid = store::save_review(
        &mut tx,
        prog.id,
        point.code(),
        held,
        &outcome,
        &notes,
        actor.user_id,
    )
    .await?;
    tx.commit(
        "record",
        "asye_review",
        rid,
        format!("practitioner {id}, {}", point.code()),
    )
    .await?;
    Ok(rid)
}
