//! Self-assessment cycles: open one on a framework (starting from the last signed-off
//! cycle's answers), assign domain leads, rate criteria with evidence and links, record who
//! took part, and sign off (the principal social worker), after which the cycle is locked.

use super::evidence::{self, EvidenceFigure};
use super::{
    Colleague, MAX_EVIDENCE_CHARS, colleagues, frameworks, own_org, parse_colleague, parse_links,
};
use crate::config::Settings;
use crate::domain::self_assessment::scoring::{self, DomainScore};
use crate::domain::self_assessment::{Answer, Change, Framework, framework::Provenance};
use crate::error::{AppError, AppResult, FieldErrors};
use crate::policy::{Actor, Capability};
use crate::service::write::Write;
use crate::service::{audit, optional, parse_date};
use crate::store::Db;
use crate::store::self_assessment::{
    self as store, ActionRow, AnswerFields, AnswerRow, CycleRow, LeadRow, NewCycle, ParticipantRow,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use time::Date;

const RECORD: &str = "self_assessment_cycle";

/// A framework an organisation can open a cycle on.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct FrameworkLine {
    pub code: String,
    pub version: u32,
    pub title: String,
    pub short_title: String,
    pub published: String,
    pub provenance: Provenance,
    pub provenance_note: String,
    pub description: String,
    pub domains: usize,
    pub criteria: usize,
    /// The organisation's open cycle on it, if any.
    pub open_cycle_id: Option<i64>,
}

/// The self-assessment home: frameworks, cycles and the action plan's counts.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
#[schema(as = SelfAssessmentOverview)]
pub struct Overview {
    pub frameworks: Vec<FrameworkLine>,
    pub cycles: Vec<CycleRow>,
    pub actions: super::actions::ActionCounts,
    pub may_manage: bool,
    pub benchmark_consent: bool,
}

pub async fn overview(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    today: Date,
) -> AppResult<Overview> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let cycles = store::cycles(&db.pool, org).await?;
    let all = frameworks(settings)?;
    let frameworks = all
        .latest()
        .iter()
        .map(|f| FrameworkLine {
            code: f.framework.code.clone(),
            version: f.framework.version,
            title: f.framework.title.clone(),
            short_title: f.framework.short_title.clone(),
            published: f.framework.published.clone(),
            provenance: f.framework.provenance,
            provenance_note: f.framework.provenance_note.clone(),
            description: f.framework.description.clone(),
            domains: f.domains.len(),
            criteria: f.criterion_count(),
            open_cycle_id: cycles
                .iter()
                .find(|c| c.is_open() && c.framework_code == f.framework.code)
                .map(|c| c.id),
        })
        .collect();
    let actions = super::actions::counts(db, settings, org, today).await?;
    let mut conn = db.connection().await?;
    let benchmark_consent = store::consented(&mut conn, org).await?;
    Ok(Overview {
        frameworks,
        cycles,
        actions,
        may_manage: actor.can(Capability::ManageSelfAssessment),
        benchmark_consent,
    })
}

/// What the principal social worker sends to open a cycle.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct OpenCycleInput {
    /// A framework's code (its newest version is used).
    pub framework_code: String,
    /// Blank: the framework's short title and the year.
    pub title: String,
    /// When the organisation means to finish (optional, YYYY-MM-DD).
    pub due_on: String,
}

/// Opens a cycle on the newest version of a framework. When the organisation has signed off
/// a cycle on the same framework before, its answers (ratings, evidence, links) and domain
/// leads are copied in, marked as carried forward, for criteria whose code still exists.
pub async fn open(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    input: &OpenCycleInput,
    today: Date,
) -> AppResult<i64> {
    let org = own_org(actor, Capability::ManageSelfAssessment)?;
    let all = frameworks(settings)?;
    let mut errors = FieldErrors::default();
    let framework = all.latest_of(input.framework_code.trim());
    if framework.is_none() {
        errors.add("framework_code", "Select a framework from the list");
    }
    let title = input.title.trim();
    if title.chars().count() > 120 {
        errors.add("title", "Title must be 120 characters or fewer");
    }
    let due_on = match optional(&input.due_on) {
        None => None,
        Some(d) => match errors.take("due_on", parse_date("Due date", &d)) {
            Some(d) if d < today => {
                errors.add("due_on", "Due date must be today or later");
                None
            }
            other => other,
        },
    };
    errors.into_result()?;
    let f = framework.ok_or(AppError::NotFound)?;
    let mut tx = Write::begin(db, actor).await?;
    if store::open_cycle(&mut tx, org, &f.framework.code)
        .await?
        .is_some()
    {
        return Err(AppError::Invalid(FieldErrors::single(
            "framework_code",
            "There is already an open cycle on this framework: sign it off before opening another",
        )));
    }
    let title = if title.is_empty() {
        format!("{} {}", f.framework.short_title, today.year())
    } else {
        title.to_string()
    };
    let previous = store::last_signed_off(&mut tx, org, &f.framework.code, None).await?;
    let id = store::insert_cycle(
        &mut tx,
        &NewCycle {
            org_id: org,
            framework_code: &f.framework.code,
            framework_version: i64::from(f.framework.version),
            title: &title,
            opened_on: today,
            due_on,
            carried_from: previous.as_ref().map(|p| p.id),
            created_by: actor.user_id,
        },
    )
    .await?;
    let mut carried = 0;
    if let Some(p) = &previous {
        for a in store::answers(&mut tx, p.id).await? {
            if f.criterion(&a.criterion_code).is_none() {
                continue;
            }
            let rating = a
                .rating
                .filter(|r| (1..=i64::from(f.scale.max())).contains(r));
            let na = a.not_applicable && f.scale.allow_not_applicable;
            store::upsert_answer(
                &mut tx,
                id,
                &a.criterion_code,
                &AnswerFields {
                    rating,
                    not_applicable: na,
                    evidence: &a.evidence,
                    links: &a.links,
                    carried_forward: true,
                    updated_by: None,
                },
            )
            .await?;
            carried += 1;
        }
        for l in store::leads(&mut tx, p.id).await? {
            if f.domain(&l.domain_code).is_some() {
                store::set_lead(&mut tx, id, &l.domain_code, Some(l.user_id)).await?;
            }
        }
    }
    tx.commit(
        "create",
        RECORD,
        id,
        format!(
            "{} v{}, {carried} answers carried forward",
            f.framework.code, f.framework.version
        ),
    )
    .await?;
    Ok(id)
}

/// One criterion as the cycle page shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CriterionView {
    pub code: String,
    pub text: String,
    pub guidance: String,
    pub evidence_prompts: Vec<String>,
    pub reference: String,
    pub answer: Option<AnswerRow>,
    /// The rating's label on the scale ("" when not rated; "Not applicable").
    pub rating_label: String,
    /// What mhsw knows, from live data.
    pub figures: Vec<EvidenceFigure>,
    /// The rating in the cycle compared with, if any.
    pub previous_rating: Option<i64>,
    pub change: Option<Change>,
    pub actions: Vec<ActionRow>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DomainView {
    pub code: String,
    pub title: String,
    pub summary: String,
    pub reference: String,
    pub lead: Option<LeadRow>,
    pub score: DomainScore,
    /// The domain's mean rating in the compared cycle.
    pub previous_mean: Option<f64>,
    /// The actor may rate this domain's criteria (its lead, or the principal social worker).
    pub may_rate: bool,
    pub criteria: Vec<CriterionView>,
}

/// A cycle with everything its pages, exports and API need.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CycleView {
    pub cycle: CycleRow,
    pub framework_title: String,
    pub framework_short_title: String,
    pub provenance: Provenance,
    pub provenance_note: String,
    pub scale: crate::domain::self_assessment::Scale,
    pub domains: Vec<DomainView>,
    pub participants: Vec<ParticipantRow>,
    /// Criterion codes not yet rated (or marked not applicable): sign-off needs none.
    pub unanswered: Vec<String>,
    /// Answers copied from the last cycle and not yet looked at in this one.
    pub carried_forward_unreviewed: usize,
    pub rated: usize,
    pub criteria: usize,
    /// The cycle compared with (the last signed-off one before it on the same framework).
    pub compared_with: Option<CycleRow>,
    pub may_manage: bool,
    pub colleagues: Vec<Colleague>,
}

impl CycleView {
    pub fn criterion(&self, code: &str) -> Option<(&DomainView, &CriterionView)> {
        self.domains
            .iter()
            .flat_map(|d| d.criteria.iter().map(move |c| (d, c)))
            .find(|(_, c)| c.code == code)
    }
}

pub(crate) fn answer_of(a: &AnswerRow) -> Answer {
    Answer {
        rating: a.rating.and_then(|r| u8::try_from(r).ok()),
        not_applicable: a.not_applicable,
    }
}

/// The framework version a cycle was opened on.
pub fn framework_of(settings: &Settings, c: &CycleRow) -> AppResult<Arc<Framework>> {
    let version = u32::try_from(c.framework_version).unwrap_or(0);
    frameworks(settings)?
        .get(&c.framework_code, version)
        .ok_or_else(|| {
            AppError::Internal(anyhow::anyhow!(
                "cycle {} names framework {} version {version}, which is not loaded",
                c.id,
                c.framework_code
            ))
        })
}

/// A cycle of the actor's organisation, compared with `compare_with` (another of its
/// cycles on the same framework) or, by default, the last signed-off cycle before it.
pub async fn get(
    db: &Db,
    settings: &Settings,
    actor: &Actor,
    id: i64,
    compare_with: Option<i64>,
    today: Date,
) -> AppResult<CycleView> {
    let org = own_org(actor, Capability::ViewSelfAssessment)?;
    let mut conn = db.connection().await?;
    let cycle = store::cycle(&mut conn, org, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let f = framework_of(settings, &cycle)?;
    let compared_with = match compare_with {
        Some(other) => {
            let o = store::cycle(&mut conn, org, other)
                .await?
                .ok_or(AppError::NotFound)?;
            if o.framework_code != cycle.framework_code || o.id == cycle.id {
                return Err(AppError::Invalid(FieldErrors::single(
                    "compare_with",
                    "Compare with another cycle on the same framework",
                )));
            }
            Some(o)
        }
        None => {
            store::last_signed_off(&mut conn, org, &cycle.framework_code, Some(cycle.id)).await?
        }
    };
    let rows = store::answers(&mut conn, id).await?;
    let before: BTreeMap<String, Option<i64>> = match &compared_with {
        Some(o) => store::answers(&mut conn, o.id)
            .await?
            .into_iter()
            .map(|a| (a.criterion_code, a.rating))
            .collect(),
        None => BTreeMap::new(),
    };
    let leads = store::leads(&mut conn, id).await?;
    let participants = store::participants(&mut conn, id).await?;
    let actions = store::actions_of_cycle(&mut conn, id).await?;
    drop(conn);
    let figures = evidence::figures(db, settings, org, today).await?;
    let answers: BTreeMap<String, Answer> = rows
        .iter()
        .map(|a| (a.criterion_code.clone(), answer_of(a)))
        .collect();
    let scores = scoring::domain_scores(&f, &answers);
    let before_answers: BTreeMap<String, Answer> = before
        .iter()
        .map(|(code, r)| {
            let rating = r.and_then(|r| u8::try_from(r).ok());
            (
                code.clone(),
                Answer {
                    rating,
                    not_applicable: rating.is_none(),
                },
            )
        })
        .collect();
    let previous_scores = scoring::domain_scores(&f, &before_answers);
    let may_manage = actor.can(Capability::ManageSelfAssessment);
    let by_code: BTreeMap<&str, &AnswerRow> = rows
        .iter()
        .map(|a| (a.criterion_code.as_str(), a))
        .collect();
    let domains = f
        .domains
        .iter()
        .zip(scores)
        .zip(previous_scores)
        .map(|((d, score), previous)| {
            let lead = leads.iter().find(|l| l.domain_code == d.code).cloned();
            let may_rate = cycle.is_open()
                && (may_manage || lead.as_ref().is_some_and(|l| l.user_id == actor.user_id));
            let criteria = d
                .criteria
                .iter()
                .map(|c| {
                    let answer = by_code.get(c.code.as_str()).map(|a| (*a).clone());
                    let a = answer.as_ref().map(answer_of).unwrap_or_default();
                    let previous_rating = before.get(&c.code).copied().flatten();
                    CriterionView {
                        code: c.code.clone(),
                        text: c.text.clone(),
                        guidance: c.guidance.clone(),
                        evidence_prompts: c.evidence_prompts.clone(),
                        reference: c.reference.clone(),
                        rating_label: match (a.rating, a.not_applicable) {
                            (Some(r), _) => f.scale.label(r).to_string(),
                            (None, true) => "Not applicable".to_string(),
                            _ => String::new(),
                        },
                        answer,
                        figures: c
                            .evidence
                            .iter()
                            .filter_map(|k| figures.get(k).cloned())
                            .collect(),
                        previous_rating,
                        change: compared_with.as_ref().map(|_| {
                            scoring::change(
                                previous_rating.and_then(|r| u8::try_from(r).ok()),
                                a.rating,
                            )
                        }),
                        actions: actions
                            .iter()
                            .filter(|x| x.criterion_code == c.code)
                            .cloned()
                            .collect(),
                    }
                })
                .collect();
            DomainView {
                code: d.code.clone(),
                title: d.title.clone(),
                summary: d.summary.clone(),
                reference: d.reference.clone(),
                lead,
                score,
                previous_mean: compared_with.as_ref().and(previous.mean),
                may_rate,
                criteria,
            }
        })
        .collect();
    audit(db, actor, "read", RECORD, id, "").await?;
    Ok(CycleView {
        unanswered: scoring::unanswered(&f, &answers)
            .into_iter()
            .map(String::from)
            .collect(),
        carried_forward_unreviewed: rows.iter().filter(|a| a.carried_forward).count(),
        rated: answers.values().filter(|a| a.is_answered()).count(),
        criteria: f.criterion_count(),
        framework_title: f.framework.title.clone(),
        framework_short_title: f.framework.short_title.clone(),
        provenance: f.framework.provenance,
        provenance_note: f.framework.provenance_note.clone(),
        scale: f.scale.clone(),
        cycle,
        domains,
        participants,
        compared_with,
        may_manage,
        colleagues: if may_manage {
            colleagues(db, org).await?
        } else {
            Vec::new()
        },
    })
}

mod participants;
mod rating;

pub use participants::*;
pub use rating::*;
