//! The breakdowns a survey's results offer, and the counters one answer adds to.
//!
//! Each breakdown is counted on its own: an answer adds 1 to "people in this group who
//! answered" and 1 to "people in this group who gave this value to this item", once per
//! breakdown. No counter names two breakdowns, so what is stored cannot say, for instance,
//! how the one disabled person in a team answered, even to someone reading the database.

use super::Answers;
use serde::Serialize;

/// A way of dividing those who answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Dimension {
    Everyone,
    Team,
    Role,
    CareerStage,
    Employer,
    EthnicGroup,
    Disability,
    Sex,
}

impl Dimension {
    pub const ALL: [Dimension; 8] = [
        Dimension::Everyone,
        Dimension::Team,
        Dimension::Role,
        Dimension::CareerStage,
        Dimension::Employer,
        Dimension::EthnicGroup,
        Dimension::Disability,
        Dimension::Sex,
    ];

    /// The code stored and used in addresses (`?by=team`).
    pub fn code(self) -> &'static str {
        match self {
            Dimension::Everyone => "everyone",
            Dimension::Team => "team",
            Dimension::Role => "role",
            Dimension::CareerStage => "career_stage",
            Dimension::Employer => "employer",
            Dimension::EthnicGroup => "ethnic_group",
            Dimension::Disability => "disability",
            Dimension::Sex => "sex",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Dimension::Everyone => "Everyone",
            Dimension::Team => "Team",
            Dimension::Role => "Role",
            Dimension::CareerStage => "Career stage",
            Dimension::Employer => "Employer",
            Dimension::EthnicGroup => "Ethnic group",
            Dimension::Disability => "Disability",
            Dimension::Sex => "Sex",
        }
    }

    pub fn parse(code: &str) -> Option<Dimension> {
        Dimension::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Breakdowns by special-category data (UK GDPR article 9).
    pub fn special_category(self) -> bool {
        matches!(
            self,
            Dimension::EthnicGroup | Dimension::Disability | Dimension::Sex
        )
    }
}

/// What the breakdowns need to know of the person answering, read from their record when
/// they answer and never stored as such. Each value is a group code: a team id, a role or
/// career stage code, an employer organisation id, `white`, `bme` or `not_known`, or a
/// reference list code (`not_recorded` when the record holds none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Profile {
    pub team: String,
    pub role: String,
    pub career_stage: String,
    pub employer: String,
    pub ethnic_group: String,
    pub disability: String,
    pub sex: String,
}

/// The group code for "the record says nothing".
pub const NOT_RECORDED: &str = "not_recorded";

impl Profile {
    pub fn group(&self, d: Dimension) -> &str {
        match d {
            Dimension::Everyone => "all",
            Dimension::Team => &self.team,
            Dimension::Role => &self.role,
            Dimension::CareerStage => &self.career_stage,
            Dimension::Employer => &self.employer,
            Dimension::EthnicGroup => &self.ethnic_group,
            Dimension::Disability => &self.disability,
            Dimension::Sex => &self.sex,
        }
    }
}

/// One counter: in this breakdown's group, this many gave `value` to `item`. The group's
/// count of people who answered is the counter with an empty item and value 0.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Tally {
    pub dimension: Dimension,
    pub group: String,
    pub item: String,
    pub value: u8,
}

/// The counters one answer adds 1 to: per breakdown, its group's head count and each
/// item's chosen value.
pub fn tallies(profile: &Profile, answers: &Answers) -> Vec<Tally> {
    let mut out = Vec::with_capacity(Dimension::ALL.len() * (answers.values.len() + 1));
    for d in Dimension::ALL {
        let group = profile.group(d).to_string();
        out.push(Tally {
            dimension: d,
            group: group.clone(),
            item: String::new(),
            value: 0,
        });
        for (item, value) in &answers.values {
            out.push(Tally {
                dimension: d,
                group: group.clone(),
                item: item.clone(),
                value: *value,
            });
        }
    }
    out
}
