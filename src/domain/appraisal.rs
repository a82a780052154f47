//! The annual appraisal with a golden thread (docs/sources.md#appraisal).
//!
//! HEE 2020 consideration 6 asks for performance management that is "a golden thread
//! linking appraisal and HR systems to wider partnership and corporate and system goals",
//! appraisals guided by the social work capabilities, and (LGA standard 6) an appraisal that
//! includes feedback from people with lived experience, leading to a learning and
//! development plan. So an appraisal here holds: objectives, each tied to a [`Goal`] (a
//! chapter of the organisation's strategic statement, or a partnership agreement in
//! force); a review against each PCF domain (`data/reference-lists.toml` `pcf_domains`,
//! rated on `capability_ratings`); the evidence its practitioner chose to share; a plan;
//! and two signatures. How often it is due is configuration (`[appraisal]`): the guidance
//! does not say.

use super::dates;
use super::field_errors::FieldErrors;
use super::reference::items_of;
use super::supervision::add_months;
use serde::{Deserialize, Serialize};
use time::Date;

/// Longest text of any one field.
pub const MAX_TEXT: usize = 2000;
/// Rows the form offers for objectives and for the plan.
pub const MOST_OBJECTIVES: usize = 6;
pub const MOST_PLAN_ITEMS: usize = 6;

/// The `[appraisal]` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AppraisalRules {
    /// The next appraisal is due this many months after the last was completed.
    pub every_months: u32,
    /// A newcomer's first appraisal is due this many months after they started.
    pub first_after_months: u32,
    /// Shown as due soon this many days before the due date.
    pub due_soon_days: u32,
}

impl Default for AppraisalRules {
    fn default() -> Self {
        AppraisalRules {
            every_months: 12,
            first_after_months: 12,
            due_soon_days: 30,
        }
    }
}

/// What an objective serves.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Goal {
    /// A chapter of the organisation's strategic statement for social work, by its code
    /// (`domain::self_assessment::statement::CHAPTERS`).
    Statement(String),
    /// A partnership agreement in force, by its id.
    Partnership(i64),
}

impl Goal {
    /// As stored and sent by forms: `statement:<code>` or `partnership:<id>`.
    pub fn code(&self) -> String {
        match self {
            Goal::Statement(c) => format!("statement:{c}"),
            Goal::Partnership(id) => format!("partnership:{id}"),
        }
    }

    pub fn parse(code: &str) -> Option<Goal> {
        match code.trim().split_once(':')? {
            ("statement", c) if !c.is_empty() => Some(Goal::Statement(c.to_string())),
            ("partnership", id) => id.parse().ok().map(Goal::Partnership),
            _ => None,
        }
    }
}

/// A goal as a form lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalGoal)]
pub struct GoalOption {
    /// `statement:<code>` or `partnership:<id>`.
    pub code: String,
    pub label: String,
    /// "Organisation" or "Partnership".
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalObjective)]
pub struct Objective {
    pub objective: String,
    /// The goal's code.
    pub goal: String,
    /// How both will know it is met.
    pub measure: String,
}

/// One PCF domain's review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalCapability)]
pub struct CapabilityReview {
    pub domain: String,
    /// A `capability_ratings` code; empty while not rated.
    pub rating: String,
    pub comment: String,
}

/// One line of the learning and development plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalPlanItem)]
pub struct PlanItem {
    pub need: String,
    pub action: String,
    pub by_on: Option<Date>,
}

/// What the appraiser writes: everything but the evidence and the reflection, which are
/// the practitioner's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalDraft)]
pub struct Draft {
    pub meeting_on: Option<Date>,
    pub summary: String,
    pub objectives: Vec<Objective>,
    pub capabilities: Vec<CapabilityReview>,
    pub plan: Vec<PlanItem>,
}

fn field<'a>(fields: &'a [(String, String)], name: &str) -> &'a str {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map_or("", |(_, v)| v.trim())
}

fn text(e: &mut FieldErrors, name: &str, value: &str) -> String {
    if value.chars().count() > MAX_TEXT {
        e.add(name, format!("This must be {MAX_TEXT} characters or fewer"));
    }
    value.to_string()
}

fn optional_date(e: &mut FieldErrors, name: &str, what: &str, value: &str) -> Option<Date> {
    if value.trim_matches('-').trim().is_empty() {
        return None;
    }
    dates::parse(what, value).map_err(|m| e.add(name, m)).ok()
}

/// Reads the appraiser's form: `meeting_on`, `summary`, rows `objective_N`, `goal_N`,
/// `measure_N` and `need_N`, `action_N`, `by_N` (blank rows are skipped), and
/// `rating_<domain>`, `comment_<domain>` for each PCF domain. `goals` are the codes an
/// objective may serve. Every problem is named by its field.
pub fn parse_form(
    fields: &[(String, String)],
    goals: &[String],
    today: Date,
) -> Result<Draft, FieldErrors> {
    let mut e = FieldErrors::default();
    let meeting_on = optional_date(
        &mut e,
        "meeting_on",
        "Date of the appraisal meeting",
        field(fields, "meeting_on"),
    );
    if meeting_on.is_some_and(|d| d > today) {
        e.add(
            "meeting_on",
            "Date of the appraisal meeting must be today or in the past",
        );
    }
    let summary = text(&mut e, "summary", field(fields, "summary"));
    let mut objectives = Vec::new();
    for n in 1..=MOST_OBJECTIVES {
        let (o, g, m) = (
            format!("objective_{n}"),
            format!("goal_{n}"),
            format!("measure_{n}"),
        );
        let (ov, gv, mv) = (field(fields, &o), field(fields, &g), field(fields, &m));
        if ov.is_empty() && gv.is_empty() && mv.is_empty() {
            continue;
        }
        if ov.is_empty() {
            e.add(
                &o,
                format!("Enter objective {n}, or clear its goal and measure"),
            );
        }
        if gv.is_empty() {
            e.add(&g, format!("Select the goal objective {n} serves"));
        } else if !goals.iter().any(|c| c == gv) {
            e.add(
                &g,
                format!("Select the goal objective {n} serves from the list"),
            );
        }
        objectives.push(Objective {
            objective: text(&mut e, &o, ov),
            goal: gv.to_string(),
            measure: text(&mut e, &m, mv),
        });
    }
    let ratings = items_of("capability_ratings");
    let capabilities = items_of("pcf_domains")
        .into_iter()
        .map(|d| {
            let (r, c) = (format!("rating_{}", d.code), format!("comment_{}", d.code));
            let rating = field(fields, &r);
            if !rating.is_empty() && !ratings.iter().any(|i| i.code == rating) {
                e.add(&r, format!("Select a rating for {} from the list", d.label));
            }
            CapabilityReview {
                domain: d.code,
                rating: rating.to_string(),
                comment: text(&mut e, &c, field(fields, &c)),
            }
        })
        .collect();
    let mut plan = Vec::new();
    for n in 1..=MOST_PLAN_ITEMS {
        let (nd, ac, by) = (
            format!("need_{n}"),
            format!("action_{n}"),
            format!("by_{n}"),
        );
        let (nv, av, bv) = (field(fields, &nd), field(fields, &ac), field(fields, &by));
        if nv.is_empty() && av.is_empty() && bv.trim_matches('-').is_empty() {
            continue;
        }
        if nv.is_empty() {
            e.add(&nd, format!("Enter the learning need of plan line {n}"));
        }
        if av.is_empty() {
            e.add(&ac, format!("Enter how plan line {n} will be met"));
        }
        plan.push(PlanItem {
            need: text(&mut e, &nd, nv),
            action: text(&mut e, &ac, av),
            by_on: optional_date(&mut e, &by, &format!("Plan line {n}'s date"), bv),
        });
    }
    if e.is_empty() {
        Ok(Draft {
            meeting_on,
            summary,
            objectives,
            capabilities,
            plan,
        })
    } else {
        Err(e)
    }
}

/// What must be in place before either party signs, each named by the field to fix.
pub fn ready_to_sign(d: &Draft) -> Result<(), FieldErrors> {
    let mut e = FieldErrors::default();
    if d.meeting_on.is_none() {
        e.add(
            "meeting_on",
            "Enter the date of the appraisal meeting before signing",
        );
    }
    if d.objectives.is_empty() {
        e.add("objective_1", "Agree at least one objective before signing");
    }
    if let Some(c) = d.capabilities.iter().find(|c| c.rating.is_empty()) {
        let label = super::reference::label_of("pcf_domains", &c.domain);
        e.add(
            &format!("rating_{}", c.domain),
            format!("Rate every capability before signing, starting with {label}"),
        );
    }
    if d.plan.is_empty() {
        e.add(
            "need_1",
            "Agree at least one line of the learning and development plan before signing",
        );
    }
    if e.is_empty() { Ok(()) } else { Err(e) }
}

/// Who signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AppraisalParty)]
pub enum Party {
    Practitioner,
    Appraiser,
}

/// The two signatures. A change to what was signed clears both.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalSignatures)]
pub struct Signatures {
    pub practitioner_on: Option<Date>,
    pub appraiser_on: Option<Date>,
}

impl Signatures {
    pub fn signed(self, party: Party, on: Date) -> Signatures {
        match party {
            Party::Practitioner => Signatures {
                practitioner_on: Some(on),
                ..self
            },
            Party::Appraiser => Signatures {
                appraiser_on: Some(on),
                ..self
            },
        }
    }

    /// Complete on the day of the second signature.
    pub fn completed_on(self) -> Option<Date> {
        Some(self.practitioner_on?.max(self.appraiser_on?))
    }

    pub fn has_signed(self, party: Party) -> bool {
        match party {
            Party::Practitioner => self.practitioner_on.is_some(),
            Party::Appraiser => self.appraiser_on.is_some(),
        }
    }
}

/// Where one person's appraisal stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "standing", rename_all = "snake_case")]
#[schema(as = AppraisalStanding)]
pub enum Standing {
    /// Completed within the period; the next is due on `due`.
    InDate {
        due: Date,
    },
    /// Never appraised, and the first is not due yet.
    NotYetDue {
        due: Date,
    },
    /// Due within `[appraisal] due_soon_days`.
    DueSoon {
        due: Date,
    },
    Overdue {
        due: Date,
    },
}

impl Standing {
    pub fn due(self) -> Date {
        match self {
            Standing::InDate { due }
            | Standing::NotYetDue { due }
            | Standing::DueSoon { due }
            | Standing::Overdue { due } => due,
        }
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Standing::Overdue { .. })
    }

    /// Counted in the completion rate: anyone whose appraisal has been due.
    pub fn is_expected(self, last_completed: Option<Date>) -> bool {
        last_completed.is_some() || self.is_overdue()
    }
}

/// When the next appraisal is due: `every_months` after the last completed, or
/// `first_after_months` after starting. Overdue the day after it was due.
pub fn standing(
    started: Date,
    last_completed: Option<Date>,
    rules: &AppraisalRules,
    today: Date,
) -> Standing {
    let due = match last_completed {
        Some(l) => add_months(l, rules.every_months),
        None => add_months(started, rules.first_after_months),
    };
    if today > due {
        Standing::Overdue { due }
    } else if (due - today).whole_days() < i64::from(rules.due_soon_days) {
        Standing::DueSoon { due }
    } else if last_completed.is_some() {
        Standing::InDate { due }
    } else {
        Standing::NotYetDue { due }
    }
}

/// A completion rate: of those whose appraisal has been due (`expected`), how many have
/// one completed and not yet due again (`done`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalCompletion)]
pub struct Completion {
    pub done: u32,
    pub expected: u32,
    /// Whole percent, rounded down; none when nobody is expected.
    pub percent: Option<u32>,
}

/// The rate over people's `(last completed, standing)`.
pub fn completion<'a>(
    people: impl IntoIterator<Item = &'a (Option<Date>, Standing)>,
) -> Completion {
    let (mut done, mut expected) = (0u32, 0u32);
    for (last, s) in people {
        if s.is_expected(*last) {
            expected += 1;
            if !s.is_overdue() {
                done += 1;
            }
        }
    }
    Completion {
        done,
        expected,
        percent: (expected > 0).then(|| done * 100 / expected),
    }
}

/// The kinds of evidence a practitioner may choose to share with their appraiser.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = AppraisalEvidenceKind)]
pub enum EvidenceKind {
    Cpd,
    Supervision,
    Feedback,
    Conversation,
}

impl EvidenceKind {
    pub const ALL: [EvidenceKind; 4] = [
        EvidenceKind::Cpd,
        EvidenceKind::Supervision,
        EvidenceKind::Feedback,
        EvidenceKind::Conversation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EvidenceKind::Cpd => "cpd",
            EvidenceKind::Supervision => "supervision",
            EvidenceKind::Feedback => "feedback",
            EvidenceKind::Conversation => "conversation",
        }
    }

    pub fn parse(code: &str) -> Option<EvidenceKind> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            EvidenceKind::Cpd => "CPD record",
            EvidenceKind::Supervision => "Supervision session",
            EvidenceKind::Feedback => "Feedback from people who use services and carers",
            EvidenceKind::Conversation => "Collaborative conversation",
        }
    }
}

/// Reads the evidence a practitioner chose (`evidence` values `<kind>:<id>`), each one of
/// `offered`.
pub fn parse_choices(
    fields: &[(String, String)],
    offered: &[(EvidenceKind, i64)],
) -> Result<Vec<(EvidenceKind, i64)>, FieldErrors> {
    let mut out = Vec::new();
    for (_, v) in fields.iter().filter(|(k, _)| k == "evidence") {
        let parsed = v
            .split_once(':')
            .and_then(|(k, id)| Some((EvidenceKind::parse(k)?, id.parse::<i64>().ok()?)))
            .filter(|c| offered.contains(c));
        match parsed {
            Some(c) if !out.contains(&c) => out.push(c),
            Some(_) => {}
            None => {
                return Err(FieldErrors::single(
                    "evidence",
                    "Select evidence only from your own records listed",
                ));
            }
        }
    }
    out.sort();
    Ok(out)
}

/// The practitioner's feedback over the appraisal year, as the appraiser sees it when it
/// is shared: how many responses, and the share of answers that agree (4 or 5 of 5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalFeedbackSummary)]
pub struct FeedbackSummary {
    pub responses: u32,
    /// None below `threshold` responses: too few to show.
    pub agree_percent: Option<u32>,
}

/// From each response's answers (`code=score` pairs, comma separated).
pub fn feedback_summary(answers: &[String], threshold: u32) -> FeedbackSummary {
    let scores: Vec<u32> = answers
        .iter()
        .flat_map(|a| a.split(','))
        .filter_map(|p| p.split_once('=')?.1.trim().parse().ok())
        .collect();
    let responses = answers.len() as u32;
    let agree = scores.iter().filter(|s| **s >= 4).count() as u32;
    FeedbackSummary {
        responses,
        agree_percent: (responses >= threshold.max(1) && !scores.is_empty())
            .then(|| agree * 100 / scores.len() as u32),
    }
}

/// One goal and how many objectives serve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = AppraisalThreadLine)]
pub struct ThreadLine {
    pub goal: GoalOption,
    pub objectives: u32,
}

/// The golden thread across an organisation: how many objectives serve each goal, goals
/// with none included (in the order given), and those whose goal is no longer offered.
pub fn thread(goals: &[GoalOption], objective_goals: &[String]) -> (Vec<ThreadLine>, u32) {
    let lines = goals
        .iter()
        .map(|g| ThreadLine {
            goal: g.clone(),
            objectives: objective_goals.iter().filter(|o| **o == g.code).count() as u32,
        })
        .collect();
    let other = objective_goals
        .iter()
        .filter(|o| !goals.iter().any(|g| g.code == **o))
        .count() as u32;
    (lines, other)
}

#[cfg(test)]
mod tests;
