//! Partnership agreements between organisations (2020 guidance, considerations 1 and 6:
//! "robust, proportionate partnership governance", memorandums of understanding, clear
//! accountability where statutory functions are delegated, agreed leads for disciplinary
//! and fitness to practise matters; docs/sources.md#partnership-governance).
//!
//! One party's organisation admin proposes an agreement; it takes effect only when the
//! other party's admin accepts it. While it is in force:
//! - a type that places staff lets the employer's staff work in the host's teams, and the
//!   host see (and, if the agreement says so, change) their records;
//! - equality data of a placed person stays with the employer's HR or workforce lead unless
//!   the agreement says the host's may handle it;
//! - an AMHP service agreement lets the host's supervisors be named AMHP supervisors of the
//!   employer's AMHPs (AMHP supervision "may sit outside the NHS trust").
//!
//! Dates are governance, not switches: an agreement stays in force past its end date until
//! either party ends it (agreements are often held over while they are renegotiated, and
//! cutting a host off from staff it manages every day would do harm). Review and end dates
//! reach both parties' admins and principal social workers as reminders, and an agreement
//! past its end date is flagged on both parties' pages.

use super::ParseError;
use super::dates;
use serde::Serialize;
use time::Date;

/// How many days before a review or end date both parties are told and the pages flag it
/// (a product choice: a quarter gives time to convene a review).
pub const LEAD_DAYS: u32 = 90;

/// Longest free text (functions delegated, description), in characters.
pub const MAX_LONG_TEXT: usize = 2000;
/// Longest name of a lead or reference, in characters.
pub const MAX_SHORT_TEXT: usize = 200;

/// The kinds of agreement the guidance names. Labels are data (`agreement_types`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementType {
    /// NHS Act 2006 section 75: a council delegates functions to an NHS body.
    #[serde(rename = "section_75")]
    Section75,
    Secondment,
    TupeTransfer,
    /// The council's AMHP service provided with, or supervised by, the partner.
    AmhpService,
    /// A student or temporary placement.
    Placement,
}

impl AgreementType {
    pub const ALL: [AgreementType; 5] = [
        AgreementType::Section75,
        AgreementType::Secondment,
        AgreementType::TupeTransfer,
        AgreementType::AmhpService,
        AgreementType::Placement,
    ];

    pub fn code(self) -> &'static str {
        match self {
            AgreementType::Section75 => "section_75",
            AgreementType::Secondment => "secondment",
            AgreementType::TupeTransfer => "tupe_transfer",
            AgreementType::AmhpService => "amhp_service",
            AgreementType::Placement => "placement",
        }
    }

    pub fn parse(code: &str) -> Option<AgreementType> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    /// Whether the employer's staff may work in the host's teams under it.
    pub fn places_staff(self) -> bool {
        self != AgreementType::AmhpService
    }

    /// Whether the host's supervisors may be named AMHP supervisors of the employer's AMHPs.
    pub fn provides_amhp_supervision(self) -> bool {
        self == AgreementType::AmhpService
    }
}

/// Where an agreement is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementStatus {
    /// Proposed by one party, waiting for the other.
    Proposed,
    /// Accepted by the other party: it has effect.
    InForce,
    /// The other party did not accept it.
    Declined,
    /// Ended by either party.
    Ended,
}

impl AgreementStatus {
    pub fn code(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "proposed",
            AgreementStatus::InForce => "in_force",
            AgreementStatus::Declined => "declined",
            AgreementStatus::Ended => "ended",
        }
    }

    pub fn parse(code: &str) -> Option<AgreementStatus> {
        [
            AgreementStatus::Proposed,
            AgreementStatus::InForce,
            AgreementStatus::Declined,
            AgreementStatus::Ended,
        ]
        .into_iter()
        .find(|s| s.code() == code)
    }

    pub fn label(self) -> &'static str {
        match self {
            AgreementStatus::Proposed => "Waiting for the other party",
            AgreementStatus::InForce => "In force",
            AgreementStatus::Declined => "Declined",
            AgreementStatus::Ended => "Ended",
        }
    }
}

/// The terms both parties agree to, as typed values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgreementTerms {
    pub agreement_type: AgreementType,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub review_on: Option<Date>,
    pub description: String,
    /// The statutory functions delegated, in words (for example "Mental Health Act 1983
    /// AMHP functions; Care Act 2014 assessments").
    pub delegated_functions: String,
    /// The council's statutory principal social worker or director who keeps oversight of
    /// the delegated functions.
    pub oversight_lead: String,
    pub disciplinary_lead: String,
    pub fitness_to_practise_lead: String,
    pub complaints_lead: String,
    /// Who leads on MP and councillor enquiries.
    pub enquiries_lead: String,
    /// The memorandum of understanding's reference.
    pub mou_reference: String,
    /// Whether the host may change a placed person's record (it may always see it).
    pub host_may_change: bool,
    /// Whether the host's HR or workforce lead may see and change placed people's
    /// equality data (otherwise only the employer's may).
    pub host_sees_equality: bool,
}

/// The terms as text, the way a form sends them (the API sends the same, booleans as
/// "yes"/"no" through `domain::input::yes_no`).
#[derive(Debug, Clone, Default)]
pub struct TermsText<'a> {
    pub agreement_type: &'a str,
    pub starts_on: &'a str,
    pub ends_on: &'a str,
    pub review_on: &'a str,
    pub description: &'a str,
    pub delegated_functions: &'a str,
    pub oversight_lead: &'a str,
    pub disciplinary_lead: &'a str,
    pub fitness_to_practise_lead: &'a str,
    pub complaints_lead: &'a str,
    pub enquiries_lead: &'a str,
    pub mou_reference: &'a str,
    pub host_may_change: &'a str,
    pub host_sees_equality: &'a str,
}

type Problems = Vec<(&'static str, ParseError)>;

fn bounded(field: &'static str, what: &str, s: &str, max: usize, p: &mut Problems) -> String {
    let t = s.trim();
    if t.chars().count() > max {
        p.push((field, format!("{what} must be {max} characters or fewer")));
    }
    t.to_string()
}

fn optional_date(field: &'static str, what: &str, s: &str, p: &mut Problems) -> Option<Date> {
    if s.trim().is_empty() {
        return None;
    }
    dates::parse(what, s).map_err(|e| p.push((field, e))).ok()
}

fn yes(field: &'static str, what: &str, s: &str, p: &mut Problems) -> bool {
    super::input::answer_yes(s).unwrap_or_else(|| {
        p.push((field, format!("Select whether {what}")));
        false
    })
}

/// Reads the terms, naming each field that is wrong. Dates must run in order (start,
/// review, end); delegated functions need a named oversight lead, as the guidance asks for
/// clear accountability where functions are delegated.
pub fn parse(t: &TermsText) -> Result<AgreementTerms, Problems> {
    let mut p = Problems::new();
    let agreement_type = AgreementType::parse(t.agreement_type.trim());
    if agreement_type.is_none() {
        p.push(("agreement_type", "Select the type of agreement".to_string()));
    }
    let starts_on = dates::parse("Start date", t.starts_on)
        .map_err(|e| p.push(("starts_on", e)))
        .ok();
    let ends_on = optional_date("ends_on", "End date", t.ends_on, &mut p);
    let review_on = optional_date("review_on", "Review date", t.review_on, &mut p);
    if let (Some(s), Some(e)) = (starts_on, ends_on)
        && e < s
    {
        p.push((
            "ends_on",
            "End date must be the same as or after the start date".to_string(),
        ));
    }
    if let (Some(s), Some(r)) = (starts_on, review_on)
        && r <= s
    {
        p.push((
            "review_on",
            "Review date must be after the start date".to_string(),
        ));
    }
    if let (Some(r), Some(e)) = (review_on, ends_on)
        && r > e
    {
        p.push((
            "review_on",
            "Review date must be on or before the end date".to_string(),
        ));
    }
    let long = |f, w, s, p: &mut Problems| bounded(f, w, s, MAX_LONG_TEXT, p);
    let short = |f, w, s, p: &mut Problems| bounded(f, w, s, MAX_SHORT_TEXT, p);
    let description = long("description", "Description", t.description, &mut p);
    let delegated_functions = long(
        "delegated_functions",
        "Functions delegated",
        t.delegated_functions,
        &mut p,
    );
    let oversight_lead = short("oversight_lead", "Oversight lead", t.oversight_lead, &mut p);
    if !delegated_functions.is_empty() && oversight_lead.is_empty() {
        p.push((
            "oversight_lead",
            "Enter who keeps oversight of the delegated functions".to_string(),
        ));
    }
    let terms = AgreementTerms {
        agreement_type: agreement_type.unwrap_or(AgreementType::Section75),
        starts_on: starts_on.unwrap_or(Date::MIN),
        ends_on,
        review_on,
        description,
        delegated_functions,
        oversight_lead,
        disciplinary_lead: short(
            "disciplinary_lead",
            "Disciplinary lead",
            t.disciplinary_lead,
            &mut p,
        ),
        fitness_to_practise_lead: short(
            "fitness_to_practise_lead",
            "Fitness to practise lead",
            t.fitness_to_practise_lead,
            &mut p,
        ),
        complaints_lead: short(
            "complaints_lead",
            "Complaints lead",
            t.complaints_lead,
            &mut p,
        ),
        enquiries_lead: short("enquiries_lead", "Enquiries lead", t.enquiries_lead, &mut p),
        mou_reference: short(
            "mou_reference",
            "Memorandum of understanding reference",
            t.mou_reference,
            &mut p,
        ),
        host_may_change: yes(
            "host_may_change",
            "the host may change records",
            t.host_may_change,
            &mut p,
        ),
        host_sees_equality: yes(
            "host_sees_equality",
            "the host may handle equality data",
            t.host_sees_equality,
            &mut p,
        ),
    };
    if p.is_empty() { Ok(terms) } else { Err(p) }
}

/// What one organisation may do with an agreement it is a party to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct AgreementMoves {
    /// Accept or decline: only the party that did not propose it, while it is proposed.
    pub respond: bool,
    /// Withdraw (the proposer, while proposed) or end (either party, while in force).
    pub end: bool,
}

/// The moves open to `org`, one of the parties, given who proposed the agreement.
pub fn moves(status: AgreementStatus, proposed_by: Option<i64>, org: i64) -> AgreementMoves {
    match status {
        AgreementStatus::Proposed => AgreementMoves {
            respond: proposed_by != Some(org),
            end: proposed_by == Some(org),
        },
        AgreementStatus::InForce => AgreementMoves {
            respond: false,
            end: true,
        },
        AgreementStatus::Declined | AgreementStatus::Ended => AgreementMoves {
            respond: false,
            end: false,
        },
    }
}

/// A date that needs the parties' attention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgreementAttention {
    /// The review date is within the lead time, or has passed.
    ReviewDue,
    /// The end date is within the lead time.
    Ending,
    /// The end date has passed and the agreement is still in force.
    PastEnd,
}

/// What needs attention on `today` for an agreement in force, looking `lead_days` ahead.
/// A review is due from `lead_days` before its date until the date is moved on.
pub fn attention(
    status: AgreementStatus,
    review_on: Option<Date>,
    ends_on: Option<Date>,
    today: Date,
    lead_days: u32,
) -> Vec<AgreementAttention> {
    if status != AgreementStatus::InForce {
        return Vec::new();
    }
    let lead = time::Duration::days(i64::from(lead_days));
    let mut out = Vec::new();
    if review_on.is_some_and(|r| today >= r - lead) {
        out.push(AgreementAttention::ReviewDue);
    }
    match ends_on {
        Some(e) if today > e => out.push(AgreementAttention::PastEnd),
        Some(e) if today >= e - lead => out.push(AgreementAttention::Ending),
        _ => {}
    }
    out
}

mod input;
pub use input::{PartnershipInput, Proposal};

#[cfg(test)]
mod tests;
