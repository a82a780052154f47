//! The draft strategic statement for social work in an organisation (issue 6), built from the
//! organisation's own figures and structured on chapters 4 to 9 of "Social work for better
//! mental health: a strategic statement" (Allen, Carr, Linde and Sewell, DH 2016;
//! docs/sources.md#social-work-for-better-mental-health): statutory social work; inclusion, rights and citizenship;
//! complexity and risk; the vital role of AMHPs; prevention and wellbeing across
//! communities; getting the organisational context right. LGA standard 1 asks for a
//! statement of the purpose, vision and values of social work (docs/sources.md#strategic-statement).
//!
//! `draft` is pure: every figure in the text comes from `StatementFacts`, and
//! `StatementFacts::numbers` lists every number the text may hold, so a test can check that
//! nothing was made up. The principal social worker edits the draft before it is used.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// A part of a whole: `n` of `of`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Share {
    pub n: i64,
    pub of: i64,
}

impl Share {
    /// "42 of 50 (84%)", or "None recorded" when the whole is empty.
    pub fn text(self) -> String {
        match percent(self.n, self.of) {
            Some(p) => format!("{} of {} ({p}%)", self.n, self.of),
            None => "None recorded".into(),
        }
    }
}

/// `n` as a whole percentage of `of` (half rounds up), or `None` when `of` is not positive.
pub fn percent(n: i64, of: i64) -> Option<i64> {
    if of <= 0 {
        return None;
    }
    let (n, of) = (i128::from(n), i128::from(of));
    let p = (n * 200 + of).div_euclid(of * 2);
    Some(i64::try_from(p).unwrap_or(if p < 0 { i64::MIN } else { i64::MAX }))
}

/// A whole-time equivalent total as written: one decimal place.
pub fn wte_text(wte: f64) -> String {
    format!("{wte:.1}")
}

/// An ISO date as people read it ("23 November 2026"), or the text unchanged when it is not
/// a date.
pub fn long_date(iso: &str) -> String {
    match time::Date::parse(iso, &time::format_description::well_known::Iso8601::DATE) {
        Ok(d) => format!("{} {} {}", d.day(), d.month(), d.year()),
        Err(_) => iso.to_string(),
    }
}

/// A label and how many.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FigureCount {
    pub label: String,
    pub count: i64,
}

/// A self-assessment domain named as a gap, with its RAG ("Red" or "Amber").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Gap {
    pub title: String,
    pub rag: String,
}

/// The latest signed-off self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AssessmentFacts {
    pub framework: String,
    pub cycle_title: String,
    /// ISO date.
    pub signed_off_on: String,
    /// Domains rated green.
    pub strengths: Vec<String>,
    /// Domains rated red or amber.
    pub gaps: Vec<Gap>,
}

/// An open action the draft names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ActionFact {
    pub title: String,
    /// ISO date.
    pub due_on: String,
    pub overdue: bool,
}

/// Every number and list the draft uses, from the organisation's live data on `as_of`. Kept
/// with the statement as JSON, so the page can say "figures as of" and a test can compare.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StatementFacts {
    pub organisation: String,
    /// ISO date the figures were read.
    pub as_of: String,
    /// The window, in months, of the "in the last ... months" figures.
    pub window_months: i64,
    pub current_staff: i64,
    pub registered: i64,
    pub registered_wte: f64,
    pub by_stage: Vec<FigureCount>,
    pub pq_roles: Vec<FigureCount>,
    pub amhps_current: i64,
    pub amhps_required: Option<i64>,
    pub amhp_hours_met: Share,
    pub amhp_hours_needed: i64,
    pub supervision_agreement: Share,
    pub supervision_in_date: Share,
    /// Pulse responses shown (none below the threshold).
    pub pulse_responses: Option<i64>,
    pub pulse_threshold: i64,
    /// Mean agreement, 1 to 5, as written ("3.9").
    pub pulse_mean: Option<String>,
    /// The top of the pulse's scale (strongly agree).
    pub pulse_scale_top: i64,
    pub registration_current: Share,
    pub cpd_ready: Share,
    /// First and last calendar years of the registration year.
    pub registration_year: (i32, i32),
    pub asye_on_track: Share,
    pub feedback_in_use: Share,
    pub conversations_in_use: Share,
    pub assessment: Option<AssessmentFacts>,
    pub open_actions: i64,
    pub overdue_actions: i64,
    /// A few open actions, overdue first.
    pub actions: Vec<ActionFact>,
}

/// The runs of digits in `text` (with one decimal part, as in "39.6"): the numbers a reader
/// sees.
pub fn number_tokens(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            if i + 1 < chars.len() && chars[i] == '.' && chars[i + 1].is_ascii_digit() {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
            }
            out.push(chars[start..i].iter().collect());
        } else {
            i += 1;
        }
    }
    out
}

impl StatementFacts {
    /// Every number the draft may contain: each figure, each share's parts and percentage,
    /// the dates as written, and any digits in the names and titles it quotes.
    pub fn numbers(&self) -> BTreeSet<String> {
        let mut atoms: Vec<String> = vec![
            self.organisation.clone(),
            long_date(&self.as_of),
            self.window_months.to_string(),
            self.current_staff.to_string(),
            self.registered.to_string(),
            wte_text(self.registered_wte),
            self.amhps_current.to_string(),
            self.amhp_hours_needed.to_string(),
            self.pulse_threshold.to_string(),
            self.pulse_scale_top.to_string(),
            self.registration_year.0.to_string(),
            self.registration_year.1.to_string(),
            self.open_actions.to_string(),
            self.overdue_actions.to_string(),
        ];
        atoms.extend(self.amhps_required.map(|n| n.to_string()));
        atoms.extend(self.pulse_responses.map(|n| n.to_string()));
        atoms.extend(self.pulse_mean.clone());
        for c in self.by_stage.iter().chain(&self.pq_roles) {
            atoms.push(c.label.clone());
            atoms.push(c.count.to_string());
        }
        for s in [
            self.amhp_hours_met,
            self.supervision_agreement,
            self.supervision_in_date,
            self.registration_current,
            self.cpd_ready,
            self.asye_on_track,
            self.feedback_in_use,
            self.conversations_in_use,
        ] {
            atoms.push(s.n.to_string());
            atoms.push(s.of.to_string());
            atoms.extend(percent(s.n, s.of).map(|p| p.to_string()));
        }
        if let Some(a) = &self.assessment {
            atoms.push(a.framework.clone());
            atoms.push(a.cycle_title.clone());
            atoms.push(long_date(&a.signed_off_on));
            atoms.extend(a.strengths.iter().cloned());
            atoms.extend(a.gaps.iter().map(|g| g.title.clone()));
        }
        for a in &self.actions {
            atoms.push(a.title.clone());
            atoms.push(long_date(&a.due_on));
        }
        atoms.iter().flat_map(|a| number_tokens(a)).collect()
    }
}

/// One chapter of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Chapter {
    pub code: String,
    pub heading: String,
    pub body: String,
}

/// The six chapters, in order: code and heading (chapters 4 to 9 of the 2016 statement).
pub const CHAPTERS: [(&str, &str); 6] = [
    ("statutory", "Statutory social work"),
    ("inclusion", "Inclusion, rights and citizenship"),
    ("complexity", "Complexity and risk"),
    ("amhps", "The vital role of AMHPs"),
    ("prevention", "Prevention and wellbeing across communities"),
    (
        "organisation",
        "Getting the organisational context right for social work",
    ),
];

/// "a, b and c".
fn list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn people(n: i64, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Paragraphs joined by blank lines.
fn body(paragraphs: Vec<String>) -> String {
    paragraphs
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The draft: six chapters built only from `f`.
pub fn draft(f: &StatementFacts) -> Vec<Chapter> {
    let org = if f.organisation.trim().is_empty() {
        "The organisation".to_string()
    } else {
        f.organisation.trim().to_string()
    };
    let months = f.window_months;
    let bodies = [
        statutory(f, &org),
        inclusion(f, months),
        complexity(f, months),
        amhps(f),
        prevention(f, months),
        organisation(f, &org),
    ];
    CHAPTERS
        .iter()
        .zip(bodies)
        .map(|((code, heading), body)| Chapter {
            code: (*code).into(),
            heading: (*heading).into(),
            body,
        })
        .collect()
}

fn statutory(f: &StatementFacts, org: &str) -> String {
    let mut p = vec![
        "Social workers make sure that people can get the statutory social care and social work support, advice and protection they are entitled to, and that the organisation meets its legal duties in a way that puts the person first.".to_string(),
    ];
    if f.registered > 0 {
        let mut s = format!(
            "{org} employs or hosts {} ({} whole-time equivalent).",
            people(
                f.registered,
                "registered social worker",
                "registered social workers"
            ),
            wte_text(f.registered_wte)
        );
        let stages: Vec<String> = f
            .by_stage
            .iter()
            .filter(|c| c.count > 0)
            .map(|c| format!("{}: {}", c.label, c.count))
            .collect();
        if !stages.is_empty() {
            s.push_str(&format!(" By career stage: {}.", list(&stages)));
        }
        p.push(s);
    } else {
        p.push(format!(
            "mhsw holds no records yet of registered social workers employed or hosted by {org}."
        ));
    }
    let mut reg = Vec::new();
    if f.registration_current.of > 0 {
        reg.push(format!(
            "{} current staff have a current registration with Social Work England.",
            f.registration_current.text()
        ));
    } else {
        reg.push("No registrations with Social Work England are recorded yet.".to_string());
    }
    let (y0, y1) = f.registration_year;
    if f.cpd_ready.of > 0 {
        reg.push(format!(
            "For the {y0} to {y1} registration year, {} registered social workers have CPD records that meet the renewal requirement.",
            f.cpd_ready.text()
        ));
    } else {
        reg.push(format!(
            "There are no CPD figures yet for the {y0} to {y1} registration year."
        ));
    }
    p.push(reg.join(" "));
    if f.asye_on_track.of > 0 {
        p.push(format!(
            "Of the newly qualified social workers in their assessed and supported year in employment (ASYE), {} are on track.",
            f.asye_on_track.text()
        ));
    } else {
        p.push(
            "No newly qualified social workers are in their assessed and supported year in employment (ASYE) at present.".to_string(),
        );
    }
    body(p)
}

fn inclusion(f: &StatementFacts, months: i64) -> String {
    let mut p = vec![
        "Social work promotes recovery, social inclusion and people's rights as citizens, working alongside people who use services, their families and carers rather than doing things to them.".to_string(),
    ];
    if f.feedback_in_use.of > 0 && f.feedback_in_use.n > 0 {
        p.push(format!(
            "Hearing from people about our practice is part of this. In the last {months} months, {} current staff asked people who use services and carers for feedback on their practice.",
            f.feedback_in_use.text()
        ));
    } else {
        p.push(format!(
            "No social worker has asked people who use services or carers for feedback through mhsw in the last {months} months. Making feedback part of everyday practice is a priority."
        ));
    }
    if f.conversations_in_use.n > 0 && f.conversations_in_use.of > 0 {
        p.push(format!(
            "{} current staff recorded a collaborative conversation about their practice with a person using services or a carer in the last {months} months.",
            f.conversations_in_use.text()
        ));
    } else {
        p.push(format!(
            "No collaborative conversations about practice have been recorded in the last {months} months."
        ));
    }
    body(p)
}

fn complexity(f: &StatementFacts, months: i64) -> String {
    let mut p = vec![
        "Social workers bring professional leadership and skill to situations of high social need, conflict, complexity and risk. Good supervision is how the organisation supports them to do this safely.".to_string(),
    ];
    let mut s = Vec::new();
    if f.supervision_agreement.of > 0 {
        s.push(format!(
            "{} current staff have a current supervision agreement.",
            f.supervision_agreement.text()
        ));
    } else {
        s.push("No supervision agreements are recorded yet.".to_string());
    }
    if f.supervision_in_date.of > 0 {
        s.push(format!(
            "On {}, supervision was in date for {} of the staff expected to have it.",
            long_date(&f.as_of),
            f.supervision_in_date.text()
        ));
    } else {
        s.push("No supervision expectations are recorded yet.".to_string());
    }
    p.push(s.join(" "));
    match (f.pulse_responses, &f.pulse_mean) {
        (Some(n), Some(mean)) => p.push(format!(
            "Staff answered the supervision quality pulse {n} times in the last {months} months, with an average of {mean} out of {} across its statements.",
            f.pulse_scale_top
        )),
        (Some(n), None) => p.push(format!(
            "Staff answered the supervision quality pulse {n} times in the last {months} months."
        )),
        (None, _) => p.push(format!(
            "Fewer than {} staff answered the supervision quality pulse in the last {months} months, so there are no results to report yet.",
            f.pulse_threshold
        )),
    }
    body(p)
}

fn amhps(f: &StatementFacts) -> String {
    let mut p = vec![
        "Approved mental health professionals (AMHPs) lead on the least restrictive, rights-based response when someone may need to be detained, and social workers are the large majority of them.".to_string(),
    ];
    let mut s = match f.amhps_required {
        Some(req) => format!(
            "The organisation has {} today, against {req} it needs.",
            people(f.amhps_current, "approved AMHP", "approved AMHPs")
        ),
        None => format!(
            "The organisation has {} today. The number it needs has not been set yet.",
            people(f.amhps_current, "approved AMHP", "approved AMHPs")
        ),
    };
    if f.amhp_hours_met.of > 0 {
        s.push_str(&format!(
            " {} have completed this approval year's {} hours of training.",
            f.amhp_hours_met.text(),
            f.amhp_hours_needed
        ));
    }
    p.push(s);
    let roles: Vec<String> = f
        .pq_roles
        .iter()
        .filter(|c| c.count > 0)
        .map(|c| format!("{}: {}", c.label, c.count))
        .collect();
    if roles.is_empty() {
        p.push("No post-qualifying roles are recorded for registered social workers yet.".into());
    } else {
        p.push(format!(
            "Post-qualifying roles recorded for registered social workers: {}.",
            list(&roles)
        ));
    }
    body(p)
}

fn prevention(f: &StatementFacts, months: i64) -> String {
    let mut p = vec![
        "Social workers work with local communities to build community capacity, personal and family resilience, earlier help and active citizenship, so that fewer people reach crisis.".to_string(),
        "mhsw holds no figures on community and preventive work. Describe here the partnerships, community projects and early help that social workers lead or take part in.".to_string(),
    ];
    if f.conversations_in_use.n > 0 && f.conversations_in_use.of > 0 {
        p.push(format!(
            "Collaborative conversations with people using services and carers, recorded by {} current staff in the last {months} months, are one way practice learns from the people and communities it serves.",
            f.conversations_in_use.text()
        ));
    }
    body(p)
}

fn organisation(f: &StatementFacts, org: &str) -> String {
    let mut p = vec![format!(
        "Social work needs the right organisational context: clear professional leadership, supervision, manageable workloads, learning and development, and a voice in how services are run. This is how {org} assesses itself and what it is doing about it."
    )];
    match &f.assessment {
        Some(a) => {
            let mut s = format!(
                "The latest self-assessment, \"{}\" on {}, was signed off on {}.",
                a.cycle_title,
                a.framework,
                long_date(&a.signed_off_on)
            );
            if a.strengths.is_empty() {
                s.push_str(" No domain was rated green.");
            } else {
                s.push_str(&format!(
                    " Strengths (rated green): {}.",
                    list(&a.strengths)
                ));
            }
            if a.gaps.is_empty() {
                s.push_str(" No domain was rated red or amber.");
            } else {
                let gaps: Vec<String> = a
                    .gaps
                    .iter()
                    .map(|g| format!("{} ({})", g.title, g.rag.to_lowercase()))
                    .collect();
                s.push_str(&format!(" Gaps (rated red or amber): {}.", list(&gaps)));
            }
            p.push(s);
        }
        None => p.push(
            "The organisation has not signed off a self-assessment in mhsw yet, so there are no strengths or gaps to report.".into(),
        ),
    }
    if f.open_actions > 0 {
        let mut s = format!(
            "The action plan has {} open, {} of them overdue.",
            people(f.open_actions, "action", "actions"),
            f.overdue_actions
        );
        let named: Vec<String> = f
            .actions
            .iter()
            .map(|a| {
                format!(
                    "\"{}\" (due {}{})",
                    a.title,
                    long_date(&a.due_on),
                    if a.overdue { ", overdue" } else { "" }
                )
            })
            .collect();
        if !named.is_empty() {
            s.push_str(&format!(" They include {}.", list(&named)));
        }
        p.push(s);
    } else {
        p.push("There are no open actions in the self-assessment action plan.".into());
    }
    body(p)
}

#[cfg(test)]
mod tests;
