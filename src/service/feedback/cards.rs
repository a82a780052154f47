//! Feedback cards: single-use, expiring codes. A practitioner makes their own; an
//! organisation admin makes them for a practitioner (to post). The codes are shown once, on
//! the response that makes them (the page to print), and only their hashes are stored.

use super::super::require;
use crate::config::Settings;
use crate::domain::feedback::{self as rules, Audience, CardsInput};
use crate::error::{AppError, AppResult};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::store::Db;
use crate::store::feedback::{self as store, CardRow, NewCards};
use crate::store::orgs as orgs_store;
use rand::rngs::OsRng;
use serde::Serialize;
use time::{Date, Duration};

/// One new card. `code` is shown here and never again.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct NewCard {
    /// The card's number, printed on it and shown in the owner's list of cards, so that a
    /// card given to the wrong person can be told apart and withdrawn.
    pub number: i64,
    pub code: String,
    /// The code as printed, in two groups of five.
    pub display_code: String,
}

/// Cards just made, with what the printed card says.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MadeCards {
    pub practitioner_name: String,
    pub organisation_name: String,
    #[schema(value_type = String)]
    pub audience: Audience,
    pub audience_label: String,
    #[schema(value_type = String)]
    pub expires_on: Date,
    pub cards: Vec<NewCard>,
}

/// Cards for the actor's own practice.
pub async fn make_own(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &CardsInput,
    today: Date,
) -> AppResult<MadeCards> {
    require(actor, Capability::KeepOwnFeedback)?;
    let me = actor.practitioner_id.ok_or(AppError::NotFound)?;
    make(db, settings, actor, me, input, today).await
}

/// Cards an organisation admin makes for a practitioner of theirs, to post.
pub async fn make_for(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    practitioner_id: i64,
    input: &CardsInput,
    today: Date,
) -> AppResult<MadeCards> {
    require(actor, Capability::MakeFeedbackCards)?;
    make(db, settings, actor, practitioner_id, input, today).await
}

async fn make(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    practitioner_id: i64,
    input: &CardsInput,
    today: Date,
) -> AppResult<MadeCards> {
    let p = crate::service::access::practitioner_in_scope(db, actor, practitioner_id).await?;
    let rules_ = &settings.feedback;
    let (audience, count) = input
        .parse(rules_.max_cards_at_once)
        .map_err(AppError::Invalid)?;
    let org = orgs_store::get(&db.pool, p.employer_org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let expires_on = today + Duration::days(i64::from(rules_.link_valid_days));
    let codes: Vec<String> = (0..count).map(|_| rules::new_code(&mut OsRng)).collect();
    let hashes: Vec<String> = codes.iter().map(|c| rules::code_hash(c)).collect();
    let mut tx = Write::begin(db, actor).await?;
    let numbers = store::insert_cards(
        &mut tx,
        &NewCards {
            practitioner_id,
            audience: audience.code(),
            hashes: &hashes,
            created_by: Some(actor.user_id),
            created_on: today,
            expires_on,
        },
    )
    .await?;
    tx.commit(
        "create",
        "feedback_cards",
        practitioner_id,
        format!("{count} for {}", audience.code()),
    )
    .await?;
    Ok(MadeCards {
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        organisation_name: org.name,
        audience,
        audience_label: audience.label().into(),
        expires_on,
        cards: codes
            .into_iter()
            .zip(numbers)
            .map(|(code, number)| NewCard {
                display_code: rules::display_code(&code),
                number,
                code,
            })
            .collect(),
    })
}

/// A card in its owner's list. Whether it was used is never shown: a practitioner who knew
/// which card came back would know whose answers arrived.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CardView {
    pub id: i64,
    pub audience_label: String,
    pub created_on: Date,
    pub expires_on: Date,
    /// "Withdrawn", "Expired" or "Works until <date>".
    pub state: String,
    pub can_withdraw: bool,
}

pub fn views(rows: Vec<CardRow>, today: Date) -> Vec<CardView> {
    rows.into_iter()
        .map(|c| {
            let expired = c.expires_on < today;
            let state = if c.withdrawn {
                "Withdrawn".to_string()
            } else if expired {
                "Expired".to_string()
            } else {
                format!("Works until {}", crate::domain::dates::long(c.expires_on))
            };
            CardView {
                id: c.id,
                audience_label: super::audience_of(&c.audience)
                    .map(|a| a.label().to_string())
                    .unwrap_or(c.audience),
                created_on: c.created_on,
                can_withdraw: !c.withdrawn && !expired,
                expires_on: c.expires_on,
                state,
            }
        })
        .collect()
}

/// One of the actor's own cards (its confirmation page), else not found. Withdrawing an
/// already withdrawn card changes nothing, as the API's DELETE does.
pub async fn own_card(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    require(actor, Capability::KeepOwnFeedback)?;
    let me = actor.practitioner_id.ok_or(AppError::NotFound)?;
    let mine = store::cards(&db.pool, me).await?;
    if mine.iter().any(|c| c.id == id) {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Stops one of the actor's own cards working (used or not: it looks the same).
pub async fn withdraw(db: &Db, actor: &Actor, id: i64) -> AppResult<()> {
    require(actor, Capability::KeepOwnFeedback)?;
    let me = actor.practitioner_id.ok_or(AppError::NotFound)?;
    let mut tx = Write::begin(db, actor).await?;
    if !store::withdraw(&mut tx, me, id).await?.changed() {
        return Err(AppError::NotFound);
    }
    tx.commit("update", "feedback_card", id, "withdrawn")
        .await?;
    Ok(())
}
