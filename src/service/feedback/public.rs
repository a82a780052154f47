//! The public form behind a card: no account, no JavaScript, nothing that identifies the
//! person answering. Sending stores the answers with the month only, uses the card, and is
//! not audited (an exact time in the audit log would line the answers up with the card).

use super::questionnaires;
use crate::config::Settings;
use crate::domain::feedback::{self as rules, Audience, Format};
use crate::domain::reference::RefItem;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::PractitionerScope;
use crate::store::Db;
use crate::store::feedback::{self as store, CardLookup};
use crate::store::orgs as orgs_store;
use crate::store::practitioners::{self as practitioners_store, Practitioner};
use serde::Serialize;
use std::collections::BTreeMap;
use time::Date;

/// Why a code does not open the form: each gets a kind page of its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CardProblem {
    /// Not a code, or not one of ours.
    Unknown,
    Used,
    Withdrawn,
    Expired,
}

/// One question as the form shows it.
#[derive(Debug, Clone, Serialize)]
pub struct FormQuestion {
    pub field: String,
    pub number: usize,
    pub text: String,
}

/// Everything the form page needs.
#[derive(Debug, Clone, Serialize)]
pub struct PublicForm {
    pub code: String,
    pub practitioner_name: String,
    pub organisation_name: String,
    pub audience: Audience,
    pub easy_read: bool,
    pub title: String,
    pub questions: Vec<FormQuestion>,
    pub scale: Vec<RefItem>,
    pub urgent_help: String,
    pub complaints: String,
    /// The same in easy read, one short sentence a line.
    pub urgent_help_easy_read: Vec<String>,
    pub complaints_easy_read: Vec<String>,
    pub own_threshold: u32,
    pub manager_threshold: u32,
    pub max_comment_chars: usize,
}

/// What happened to a sent form.
#[derive(Debug)]
pub enum Sent {
    Thanks,
    Card(CardProblem),
    Invalid(FieldErrors),
}

async fn lookup(
    db: &Db,
    code_input: &str,
    today: Date,
) -> AppResult<Result<(String, CardLookup), CardProblem>> {
    let Some(code) = rules::normalise_code(code_input) else {
        return Ok(Err(CardProblem::Unknown));
    };
    let Some(card) = store::card_by_hash(&db.pool, &rules::code_hash(&code)).await? else {
        return Ok(Err(CardProblem::Unknown));
    };
    let problem = if card.withdrawn {
        Some(CardProblem::Withdrawn)
    } else if card.used {
        Some(CardProblem::Used)
    } else if card.expires_on < today {
        Some(CardProblem::Expired)
    } else {
        None
    };
    Ok(match problem {
        Some(p) => Err(p),
        None => Ok((code, card)),
    })
}

/// Which questionnaire a card opens, and whose practice it is about.
async fn card_owner(db: &Db, card: &CardLookup) -> AppResult<(Audience, Practitioner)> {
    let audience =
        Audience::parse(&card.audience).map_err(|m| AppError::Internal(anyhow::anyhow!(m)))?;
    let p = practitioners_store::get_in_scope(
        &db.pool,
        &PractitionerScope::Own(card.practitioner_id),
        card.practitioner_id,
    )
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((audience, p))
}

/// The form a code opens, or why it does not.
pub async fn open(
    db: &Db,
    settings: &Settings,
    code_input: &str,
    format: Format,
    today: Date,
) -> AppResult<Result<PublicForm, CardProblem>> {
    let (code, card) = match lookup(db, code_input, today).await? {
        Ok(found) => found,
        Err(p) => return Ok(Err(p)),
    };
    let (audience, p) = card_owner(db, &card).await?;
    let org = orgs_store::get(&db.pool, p.employer_org_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let q = questionnaires::current(db, p.employer_org_id, audience)
        .await?
        .questionnaire;
    let easy = format == Format::EasyRead;
    let f = &settings.feedback;
    Ok(Ok(PublicForm {
        code: rules::display_code(&code),
        practitioner_name: format!("{} {}", p.given_name, p.family_name),
        organisation_name: org.name,
        audience,
        easy_read: easy,
        title: if easy {
            q.easy_read_title.clone()
        } else {
            q.title.clone()
        },
        questions: q
            .questions
            .iter()
            .enumerate()
            .map(|(i, x)| FormQuestion {
                field: rules::field_for(&x.code),
                number: i + 1,
                text: if easy {
                    x.easy_read.clone()
                } else {
                    x.text.clone()
                },
            })
            .collect(),
        scale: format.scale().items.clone(),
        urgent_help: f.urgent_help().to_string(),
        complaints: f.complaints().to_string(),
        urgent_help_easy_read: f.urgent_help_easy_read(),
        complaints_easy_read: f.complaints_easy_read(),
        own_threshold: f.own_threshold(),
        manager_threshold: f.manager_threshold(),
        max_comment_chars: f.max_comment_chars,
    }))
}

/// Checks and stores the answers and uses the card, in one transaction.
pub async fn send(
    db: &Db,
    settings: &Settings,
    code_input: &str,
    format: Format,
    fields: &BTreeMap<String, String>,
    comment: &str,
    today: Date,
) -> AppResult<Sent> {
    let (_, card) = match lookup(db, code_input, today).await? {
        Ok(found) => found,
        Err(p) => return Ok(Sent::Card(p)),
    };
    let (audience, p) = card_owner(db, &card).await?;
    let current = questionnaires::current(db, p.employer_org_id, audience).await?;
    let answers = match rules::parse_answers(
        &current.questionnaire,
        format,
        fields,
        comment,
        settings.feedback.max_comment_chars,
    ) {
        Ok(a) => a,
        Err(list) => {
            let mut e = FieldErrors::default();
            for (field, message) in list {
                e.add(&field, message);
            }
            return Ok(Sent::Invalid(e));
        }
    };
    // Not audited: an entry would say when the card was used, which could trace the
    // response back to the person who gave it. Committed together with the answers sent at
    // the same moment (`store::group_commit`), each in the same all-or-nothing transaction
    // as its card's use.
    let stored = db
        .public_answers
        .run(store::QueuedAnswer {
            card_id: card.id,
            today,
            org_id: p.employer_org_id,
            team_id: p.team_id,
            practitioner_id: p.id,
            audience: audience.code().to_string(),
            questionnaire: current.key.clone(),
            month: super::month_of(today),
            answers: super::encode_answers(&answers),
            comment: answers.comment.clone(),
        })
        .await?;
    if !stored {
        // Sent twice at once: the first one counted.
        return Ok(Sent::Card(CardProblem::Used));
    }
    Ok(Sent::Thanks)
}
