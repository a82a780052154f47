//! The strategic statement for social work (issue 6): a draft generated from the
//! organisation's live figures (`evidence::measures`), its latest signed-off self-assessment
//! (`domain::self_assessment::scoring::domain_scores`) and its action plan
//! (`actions::counts`, `actions::is_overdue`), written by the pure
//! `domain::self_assessment::statement::draft`, then edited by the principal social worker
//! (`Capability::EditStrategicStatement`) and read by managers, the PSW and the workforce
//! lead (`Capability::ViewStrategicStatement`). The facts are kept with the statement, so the
//! page says "figures as of" and a test can compare every number.

use super::actions::{self, is_overdue};
use super::cycles::{answer_of, framework_of};
use super::evidence;
use super::own_org;
use crate::config::Settings;
use crate::domain::self_assessment::scoring::domain_scores;
use crate::domain::self_assessment::statement::{
    ActionFact, AssessmentFacts, CHAPTERS, Chapter, FigureCount, Gap, StatementFacts, draft,
};
use crate::domain::self_assessment::{Answer, Rag};
use crate::domain::timestamp::Timestamp;
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::audit;
use crate::service::write::Write;
use crate::store::Db;
use crate::store::self_assessment as sa_store;
use crate::store::strategic_statement as store;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

const RECORD: &str = "strategic_statement";
/// The longest chapter, in characters.
pub const MAX_CHAPTER_CHARS: usize = 10_000;
/// How many open actions the draft names.
const ACTIONS_NAMED: usize = 3;
/// The window of "in the last ... months" figures.
const WINDOW_MONTHS: i64 = 12;

/// Every fact the draft uses, from the organisation's live data on `today`.
pub async fn facts(
    db: &Db,
    settings: &Settings,
    org: i64,
    today: Date,
) -> AppResult<StatementFacts> {
    let m = evidence::measures(db, settings, org, today).await?;
    let organisation = crate::store::orgs::get(&db.pool, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let counts = |v: &[(String, i64)]| -> Vec<FigureCount> {
        v.iter()
            .map(|(label, count)| FigureCount {
                label: label.clone(),
                count: *count,
            })
            .collect()
    };
    // The latest signed-off cycle on any framework.
    let latest = sa_store::cycles(&db.pool, org)
        .await?
        .into_iter()
        .filter(|c| !c.is_open())
        .max_by(|a, b| (&a.signed_off_on, a.id).cmp(&(&b.signed_off_on, b.id)));
    let assessment = match latest {
        Some(c) => {
            let f = framework_of(settings, &c)?;
            let mut conn = db.connection().await?;
            let answers: BTreeMap<String, Answer> = sa_store::answers(&mut conn, c.id)
                .await?
                .iter()
                .map(|a| (a.criterion_code.clone(), answer_of(a)))
                .collect();
            drop(conn);
            let scores = domain_scores(&f, &answers);
            Some(AssessmentFacts {
                framework: f.framework.title.clone(),
                cycle_title: c.title.clone(),
                signed_off_on: c.signed_off_on.map(|d| d.to_string()).unwrap_or_default(),
                strengths: scores
                    .iter()
                    .filter(|s| s.rag == Rag::Green)
                    .map(|s| s.title.clone())
                    .collect(),
                gaps: scores
                    .iter()
                    .filter(|s| matches!(s.rag, Rag::Red | Rag::Amber))
                    .map(|s| Gap {
                        title: s.title.clone(),
                        rag: s.rag.label().into(),
                    })
                    .collect(),
            })
        }
        None => None,
    };
    let action_counts = actions::counts(db, settings, org, today).await?;
    let open: Vec<sa_store::ActionRow> = sa_store::actions(&db.pool, org)
        .await?
        .into_iter()
        .filter(|a| matches!(a.status.as_str(), "not_started" | "in_progress"))
        .collect();
    let mut named: Vec<&sa_store::ActionRow> =
        open.iter().filter(|a| is_overdue(a, today)).collect();
    named.extend(open.iter().filter(|a| !is_overdue(a, today)));
    Ok(StatementFacts {
        organisation,
        as_of: today.to_string(),
        window_months: WINDOW_MONTHS,
        current_staff: m.current_staff,
        registered: m.registered,
        registered_wte: m.registered_wte,
        by_stage: counts(&m.by_stage),
        pq_roles: counts(&m.pq_roles),
        amhps_current: m.amhps_current,
        amhps_required: m.amhps_required,
        amhp_hours_met: m.amhp_hours_met,
        amhp_hours_needed: m.amhp_hours_needed,
        supervision_agreement: m.agreement,
        supervision_in_date: m.in_date,
        pulse_responses: m.pulse_responses,
        pulse_threshold: m.pulse_threshold,
        pulse_mean: m.pulse_mean,
        pulse_scale_top: m.pulse_scale_top,
        registration_current: m.registration_current,
        cpd_ready: m.cpd_ready,
        registration_year: m.registration_year,
        asye_on_track: m.asye_on_track,
        feedback_in_use: m.feedback_in_use,
        conversations_in_use: m.conversations_in_use,
        assessment,
        open_actions: action_counts.open as i64,
        overdue_actions: action_counts.overdue as i64,
        actions: named
            .into_iter()
            .take(ACTIONS_NAMED)
            .map(|a| ActionFact {
                title: a.title.clone(),
                due_on: a.due_on.to_string(),
                overdue: is_overdue(a, today),
            })
            .collect(),
    })
}

/// The statement as the page, the print page and the API show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct StatementView {
    pub organisation: String,
    /// False until the first draft is generated.
    pub exists: bool,
    /// ISO date the figures were read.
    pub figures_as_of: Option<Date>,
    pub generated_at: Option<Timestamp>,
    pub generated_by_name: Option<String>,
    pub updated_at: Option<Timestamp>,
    pub updated_by_name: Option<String>,
    pub chapters: Vec<Chapter>,
    /// The facts the draft was generated from.
    pub facts: Option<StatementFacts>,
    /// Whether the reader may generate and edit (the principal social worker).
    pub may_edit: bool,
}

async fn view(db: &Db, actor: &Actor, org: i64) -> AppResult<StatementView> {
    let organisation = crate::store::orgs::get(&db.pool, org)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let may_edit = actor.can(Capability::EditStrategicStatement);
    let Some(s) = store::statement(&db.pool, org).await? else {
        return Ok(StatementView {
            organisation,
            exists: false,
            figures_as_of: None,
            generated_at: None,
            generated_by_name: None,
            updated_at: None,
            updated_by_name: None,
            chapters: Vec::new(),
            facts: None,
            may_edit,
        });
    };
    let chapters = store::chapters(&db.pool, s.id)
        .await?
        .into_iter()
        .map(|c| Chapter {
            code: c.code,
            heading: c.heading,
            body: c.body,
        })
        .collect();
    Ok(StatementView {
        organisation,
        exists: true,
        figures_as_of: Some(s.figures_as_of),
        generated_at: Some(s.generated_at),
        generated_by_name: s.generated_by_name,
        updated_at: Some(s.updated_at),
        updated_by_name: s.updated_by_name,
        chapters,
        facts: StatementFacts::deserialize(&s.facts).ok(),
        may_edit,
    })
}

/// The organisation's statement (or that there is none yet), audited as a read.
pub async fn get(db: &Db, actor: &Actor) -> AppResult<StatementView> {
    let org = own_org(actor, Capability::ViewStrategicStatement)?;
    let v = view(db, actor, org).await?;
    audit(
        db,
        actor,
        "read",
        RECORD,
        org,
        if v.exists { "statement" } else { "none yet" },
    )
    .await?;
    Ok(v)
}

/// Whether generating replaces an existing statement: the form asks to confirm first.
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct GenerateInput {
    /// True to replace an existing statement (the page's form sends "yes").
    #[schema(value_type = bool)]
    pub confirm: ConfirmValue,
}

/// A confirmation sent as a form's text or as JSON true.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(untagged)]
pub enum ConfirmValue {
    Bool(bool),
    Text(String),
    #[default]
    Missing,
}

impl ConfirmValue {
    pub fn is_yes(&self) -> bool {
        match self {
            ConfirmValue::Bool(b) => *b,
            ConfirmValue::Text(t) => matches!(t.trim(), "yes" | "true"),
            ConfirmValue::Missing => false,
        }
    }
}

/// Generates a fresh draft from the live data on `today` and keeps it with its facts,
/// replacing the organisation's statement (only when confirmed, if there is one). One
/// transaction, audited.
pub async fn generate(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &GenerateInput,
    today: Date,
) -> AppResult<StatementView> {
    let org = own_org(actor, Capability::EditStrategicStatement)?;
    let existing = store::statement(&db.pool, org).await?;
    if existing.is_some() && !input.confirm.is_yes() {
        return Err(AppError::Invalid(FieldErrors::single(
            "confirm",
            "Confirm that the new draft should replace the current statement, including any edits",
        )));
    }
    let f = facts(db, settings, org, today).await?;
    let chapters: Vec<(String, String, String)> = draft(&f)
        .into_iter()
        .map(|c| (c.code, c.heading, c.body))
        .collect();
    let json = serde_json::to_value(&f).map_err(|e| AppError::Internal(e.into()))?;
    let mut tx = Write::begin(db, actor).await?;
    let id = store::replace(&mut tx, org, &json, today, actor.user_id, &chapters).await?;
    tx.commit(
        if existing.is_some() {
            "update"
        } else {
            "create"
        },
        RECORD,
        id,
        format!("draft generated from figures as of {}", f.as_of),
    )
    .await?;
    view(db, actor, org).await
}

/// New chapter texts by chapter code (the form's field names are the codes too).
#[derive(Debug, Clone, Default, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct EditInput {
    pub chapters: BTreeMap<String, String>,
}

/// Checks every chapter sent: a known chapter, not empty, at most `MAX_CHAPTER_CHARS`.
/// Each message names its chapter's field.
pub fn parse_edit(input: &EditInput) -> Result<Vec<(String, String)>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut out = Vec::new();
    if input.chapters.is_empty() {
        e.add(CHAPTERS[0].0, "Enter the text of at least one chapter");
    }
    for (code, text) in &input.chapters {
        let Some((_, heading)) = CHAPTERS.iter().find(|(c, _)| c == code) else {
            e.add(code, format!("There is no chapter called \"{code}\""));
            continue;
        };
        let body = text.replace("\r\n", "\n").trim().to_string();
        if body.is_empty() {
            e.add(code, format!("Enter the text of \"{heading}\""));
        } else if body.chars().count() > MAX_CHAPTER_CHARS {
            e.add(
                code,
                format!("\"{heading}\" must be {MAX_CHAPTER_CHARS} characters or fewer"),
            );
        } else {
            out.push((code.clone(), body));
        }
    }
    if e.is_empty() { Ok(out) } else { Err(e) }
}

/// Saves the principal social worker's edits: all chapters sent, checked first, written in
/// one transaction with the audit entry. 404 before the first draft.
pub async fn edit(db: &Db, actor: &Actor, input: &EditInput) -> AppResult<StatementView> {
    let org = own_org(actor, Capability::EditStrategicStatement)?;
    let s = store::statement(&db.pool, org)
        .await?
        .ok_or(AppError::NotFound)?;
    let chapters = parse_edit(input).map_err(AppError::Invalid)?;
    let mut tx = Write::begin(db, actor).await?;
    for (code, body) in &chapters {
        if !store::set_body(&mut tx, s.id, code, body).await? {
            return Err(AppError::Invalid(FieldErrors::single(
                code,
                "This chapter is not in the statement: generate a new draft",
            )));
        }
    }
    store::touch(&mut tx, s.id, actor.user_id).await?;
    tx.commit(
        "update",
        RECORD,
        s.id,
        format!(
            "edited: {}",
            chapters
                .iter()
                .map(|(c, _)| c.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
    )
    .await?;
    view(db, actor, org).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_name_the_chapter_that_is_wrong() {
        let mut chapters = BTreeMap::new();
        chapters.insert("statutory".to_string(), "  \r\n ".to_string());
        chapters.insert("amhps".to_string(), "x".repeat(MAX_CHAPTER_CHARS + 1));
        chapters.insert("prevention".to_string(), "Fine.\r\nText".to_string());
        chapters.insert("nonsense".to_string(), "x".to_string());
        let e = parse_edit(&EditInput { chapters }).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|x| x.field.as_str()).collect();
        assert_eq!(fields, ["amhps", "nonsense", "statutory"]);
        assert!(
            e.message_for("statutory")
                .unwrap()
                .contains("Statutory social work")
        );
        let mut ok = BTreeMap::new();
        ok.insert("prevention".to_string(), " Fine.\r\nText ".to_string());
        assert_eq!(
            parse_edit(&EditInput { chapters: ok }).unwrap(),
            [("prevention".to_string(), "Fine.\nText".to_string())]
        );
    }
}
