//! A team's skills audit and its yearly role-clarity review (docs/sources.md#team-skills).
//!
//! The skills are data: the post-qualifying roles (AMHP, BIA, practice educator, practice
//! supervisor), read from each person's record, and the skills the deployment lists in
//! `[team_skills] skills` (family work, open dialogue and the like), which the team
//! manager marks per person. The team manager says how many people the team needs with
//! each; a gap is the need less those who hold it. How often the audit and the review are
//! due is configuration (NOT FOUND in the guidance: "regularly").

use super::dates;
use super::field_errors::FieldErrors;
use super::supervision::add_months_back;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;

/// Longest text of a review.
pub const MAX_TEXT: usize = 4000;
/// The most people a team may need with one skill.
pub const MOST_NEEDED: i64 = 99;

/// A skill a team manager records per person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Skill {
    pub code: String,
    pub label: String,
}

/// The `[team_skills]` configuration section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct TeamSkillRules {
    /// Skills beyond the post-qualifying roles.
    pub skills: Vec<Skill>,
    /// The audit and the review are due this many months after the last.
    pub audit_every_months: u32,
    pub review_every_months: u32,
}

impl Default for TeamSkillRules {
    fn default() -> Self {
        let s = |code: &str, label: &str| Skill {
            code: code.into(),
            label: label.into(),
        };
        TeamSkillRules {
            skills: vec![
                s("family_work", "Family work"),
                s("open_dialogue", "Open dialogue"),
                s("psychosocial_interventions", "Psychosocial interventions"),
                s("dbt", "Dialectical behaviour therapy (DBT)"),
                s("safeguarding_lead", "Safeguarding adults lead"),
            ],
            audit_every_months: 12,
            review_every_months: 12,
        }
    }
}

/// Where a yearly task stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "standing", rename_all = "snake_case")]
#[schema(as = YearlyStanding)]
pub enum Yearly {
    Never,
    Done { last: Date },
    Due { last: Date },
}

impl Yearly {
    pub fn of(last: Option<Date>, every_months: u32, today: Date) -> Yearly {
        match last {
            None => Yearly::Never,
            Some(l) if l <= add_months_back(today, every_months) => Yearly::Due { last: l },
            Some(last) => Yearly::Done { last },
        }
    }

    pub fn is_done(self) -> bool {
        matches!(self, Yearly::Done { .. })
    }
}

/// One skill's line in a team's audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[schema(as = TeamSkillLine)]
pub struct SkillLine {
    pub code: String,
    pub label: String,
    /// Read from records (a post-qualifying role), not marked here.
    pub from_records: bool,
    pub needed: u32,
    pub held: u32,
    /// Needed less held, never below 0.
    pub gap: u32,
    /// Who holds it, by name.
    pub holders: Vec<String>,
}

/// A person in the team and the skills they hold (codes).
#[derive(Debug, Clone)]
pub struct Member {
    pub name: String,
    pub skills: Vec<String>,
}

/// The audit's lines: each skill (`(code, label, from_records)`) with its need, holders and gap.
pub fn lines(
    skills: &[(String, String, bool)],
    needs: &BTreeMap<String, u32>,
    members: &[Member],
) -> Vec<SkillLine> {
    skills
        .iter()
        .map(|(code, label, from_records)| {
            let holders: Vec<String> = members
                .iter()
                .filter(|m| m.skills.iter().any(|s| s == code))
                .map(|m| m.name.clone())
                .collect();
            let needed = needs.get(code).copied().unwrap_or(0);
            let held = holders.len() as u32;
            SkillLine {
                code: code.clone(),
                label: label.clone(),
                from_records: *from_records,
                needed,
                held,
                gap: needed.saturating_sub(held),
                holders,
            }
        })
        .collect()
}

/// The needs typed into the audit form (`needed_<code>` fields), each a whole number.
pub fn parse_needs(
    fields: &[(String, String)],
    skills: &[(String, String, bool)],
) -> Result<BTreeMap<String, u32>, FieldErrors> {
    let mut e = FieldErrors::default();
    let mut needs = BTreeMap::new();
    for (code, label, _) in skills {
        let name = format!("needed_{code}");
        let typed = fields
            .iter()
            .find(|(k, _)| *k == name)
            .map_or("", |(_, v)| v.as_str());
        let what = format!("People needed with {}", label.to_lowercase());
        match super::input::whole_number(&what, typed, 0, MOST_NEEDED) {
            Ok(n) => {
                needs.insert(code.clone(), n.unwrap_or(0) as u32);
            }
            Err(m) => e.add(&name, m),
        }
    }
    if e.is_empty() { Ok(needs) } else { Err(e) }
}

/// A role-clarity review as typed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
#[schema(as = RoleClarityInput)]
pub struct ReviewInput {
    /// YYYY-MM-DD.
    pub held_on: String,
    /// What the team found about how its roles are understood and used.
    pub found: String,
    /// The actions the team agreed.
    pub actions: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    pub held_on: Date,
    pub found: String,
    pub actions: String,
}

impl ReviewInput {
    pub fn parse(&self, today: Date) -> Result<Review, FieldErrors> {
        let mut e = FieldErrors::default();
        let held_on = match dates::parse("Date of the review", &self.held_on) {
            Ok(d) if d > today => {
                e.add("held_on", "Date of the review must be today or in the past");
                None
            }
            Ok(d) => Some(d),
            Err(m) => {
                e.add("held_on", m);
                None
            }
        };
        let text = |e: &mut FieldErrors, field: &str, v: &str, missing: &str| {
            let t = v.trim().to_string();
            if t.is_empty() {
                e.add(field, missing);
            } else if t.chars().count() > MAX_TEXT {
                e.add(
                    field,
                    format!("This must be {MAX_TEXT} characters or fewer"),
                );
            }
            t
        };
        let found = text(&mut e, "found", &self.found, "Enter what the team found");
        let actions = text(
            &mut e,
            "actions",
            &self.actions,
            "Enter the actions the team agreed",
        );
        match held_on {
            Some(held_on) if e.is_empty() => Ok(Review {
                held_on,
                found,
                actions,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests;
