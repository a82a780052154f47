//! Collaborative conversations: a practitioner's structured reflective note of a
//! conversation about their practice with a person using services or a carer.
//!
//! Source: Department of Health (2016) "Making the difference together" describes two ways
//! of getting feedback on a social worker's practice from people using services and carers.
//! Guidance One is an anonymous questionnaire; Guidance Two is "gathering feedback through
//! collaborative conversations about practice between social workers and people using
//! services or carers" [VERIFIED]. The original's prompts or items for the conversation are
//! NOT FOUND: every field below, its wording and its limits are our design, not the
//! guidance's. Replace them when the original is sourced.
//!
//! The note never names the person: it records only whether they use services or care for
//! someone, where the conversation happened in a few words, and what was said about the
//! practitioner's practice. `looks_identifying` refuses the two identifiers we can recognise
//! (an NHS number, a full postcode); the form asks for no names or other details.

use super::cpd::long_date;
use crate::domain::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// Longest "setting" (a few words: "home visit", "ward review").
pub const MAX_SETTING: usize = 100;
/// Longest free-text answer. Long enough for a considered reflection, short enough that the
/// note stays a note (the character count on the form shows it).
pub const MAX_TEXT: usize = 2000;

/// A closed set of codes with labels: how the form's radios and the stored text map to
/// the enums below.
pub trait Coded: Copy + PartialEq + 'static {
    const ALL: &'static [Self];
    fn code(self) -> &'static str;
    fn label(self) -> &'static str;

    fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|v| v.code() == code.trim())
    }
}

/// Who the conversation was with: the kind of person, never who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WithWhom {
    /// A person using services.
    ServiceUser,
    Carer,
}

impl Coded for WithWhom {
    const ALL: &'static [WithWhom] = &[WithWhom::ServiceUser, WithWhom::Carer];

    fn code(self) -> &'static str {
        match self {
            WithWhom::ServiceUser => "service_user",
            WithWhom::Carer => "carer",
        }
    }

    fn label(self) -> &'static str {
        match self {
            WithWhom::ServiceUser => "A person using services",
            WithWhom::Carer => "A carer",
        }
    }
}

/// How far the practitioner and the person worked on the practice question together
/// (co-production). Our three-point scale; the guidance's own wording is NOT FOUND.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoProduction {
    /// We worked it out together, as equals.
    Together,
    /// Partly together: I led some of it.
    Partly,
    /// Mostly led by me.
    MostlyMe,
}

impl Coded for CoProduction {
    const ALL: &'static [CoProduction] = &[
        CoProduction::Together,
        CoProduction::Partly,
        CoProduction::MostlyMe,
    ];

    fn code(self) -> &'static str {
        match self {
            CoProduction::Together => "together",
            CoProduction::Partly => "partly",
            CoProduction::MostlyMe => "mostly_me",
        }
    }

    fn label(self) -> &'static str {
        match self {
            CoProduction::Together => "We worked it out together, as equals",
            CoProduction::Partly => "Partly together: I led some of it",
            CoProduction::MostlyMe => "Mostly led by me",
        }
    }
}

/// `{code, label}` items for radios.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    pub code: &'static str,
    pub label: &'static str,
}

pub fn choices<T: Coded>() -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            code: v.code(),
            label: v.label(),
        })
        .collect()
}

/// The label of a stored code, or the code itself if it is not one of `T`'s.
pub fn label_of<T: Coded>(code: &str) -> String {
    T::parse(code).map_or_else(|| code.to_string(), |v| v.label().to_string())
}

/// A note as sent by the form or the API: strings, parsed by `parse`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct ConversationInput {
    /// The date of the conversation, YYYY-MM-DD: not in the future, not more than a year ago.
    pub held_on: String,
    /// `service_user` or `carer`.
    pub with_whom: String,
    /// Where it took place, in a few words (for example "home visit"). No address.
    pub setting: String,
    /// What we talked about.
    pub discussed: String,
    /// What the person said helped in my practice (this or `did_not_help`, or both).
    pub helped: String,
    /// What the person said did not help.
    pub did_not_help: String,
    /// `together`, `partly` or `mostly_me`: how far we worked on it together.
    pub co_production: String,
    /// Optional: more about how we worked on it together.
    pub co_production_detail: String,
    /// What I learnt.
    pub learnt: String,
    /// What I will do differently.
    pub do_differently: String,
    /// `yes`: the person agreed to the conversation being used for my learning. Required.
    #[serde(deserialize_with = "crate::domain::input::yes_no")]
    #[schema(value_type = bool)]
    pub consent: String,
}

/// A parsed note: every field known to be valid.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversationNote {
    pub held_on: Date,
    pub with_whom: WithWhom,
    pub setting: String,
    pub discussed: String,
    pub helped: String,
    pub did_not_help: String,
    pub co_production: CoProduction,
    pub co_production_detail: String,
    pub learnt: String,
    pub do_differently: String,
}

/// The same calendar date a year before `today` (29 February goes to 28 February).
pub fn a_year_before(today: Date) -> Date {
    let year = today.year() - 1;
    Date::from_calendar_date(year, today.month(), today.day())
        .or_else(|_| Date::from_calendar_date(year, Month::February, 28))
        .unwrap_or(Date::MIN)
}

/// The conversation's date: written as YYYY-MM-DD, on or before `today`, and no more than a
/// year before it (a reflective note is written while the conversation is fresh).
pub fn parse_held_on(s: &str, today: Date) -> Result<Date, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("Enter the date of the conversation".into());
    }
    let on = super::dates::parse("The date of the conversation", t)?;
    check_held_on(on, today)?;
    Ok(on)
}

/// The date rule alone, for a date already parsed.
pub fn check_held_on(on: Date, today: Date) -> Result<(), String> {
    if on > today {
        return Err("The date of the conversation must be today or in the past".into());
    }
    let earliest = a_year_before(today);
    if on < earliest {
        return Err(format!(
            "The conversation must have been in the last year: on or after {}",
            long_date(earliest)
        ));
    }
    Ok(())
}

/// Whether `text` holds something that identifies a person that we can recognise: a
/// 10-digit NHS number (with a valid check digit, spaced or not) or a full UK postcode in
/// capitals. Names cannot be recognised: the form asks for none.
pub fn looks_identifying(text: &str) -> Option<&'static str> {
    if has_nhs_number(text) {
        Some("an NHS number")
    } else if has_postcode(text) {
        Some("a postcode")
    } else {
        None
    }
}

/// NHS numbers: 10 digits, the last a modulus 11 check digit; written together or as
/// 3 3 4 with spaces or hyphens.
fn has_nhs_number(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() && (i == 0 || !chars[i - 1].is_ascii_alphanumeric()) {
            // Gather digits, allowing single spaces or hyphens between groups.
            let mut digits = Vec::new();
            let mut j = i;
            while j < chars.len() && digits.len() < 11 {
                if let Some(d) = chars[j].to_digit(10) {
                    digits.push(d);
                    j += 1;
                } else if (chars[j] == ' ' || chars[j] == '-')
                    && j + 1 < chars.len()
                    && chars[j + 1].is_ascii_digit()
                    && matches!(digits.len(), 3 | 6)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let ends_cleanly = j >= chars.len() || !chars[j].is_ascii_alphanumeric();
            if digits.len() == 10 && ends_cleanly && nhs_check_digit_ok(&digits) {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

/// The NHS number's modulus 11 check: weights 10 down to 2 on the first nine digits.
pub fn nhs_check_digit_ok(digits: &[u32]) -> bool {
    if digits.len() != 10 {
        return false;
    }
    let sum: u32 = digits[..9]
        .iter()
        .zip((2..=10).rev())
        .map(|(d, w)| d * w)
        .sum();
    let check = 11 - (sum % 11);
    match check {
        11 => digits[9] == 0,
        10 => false,
        c => digits[9] == c,
    }
}

/// A full UK postcode in capitals ("SW1A 1AA", "M1 1AE"): an outward code (a letter or two,
/// a digit, then an optional letter or digit) and an inward code (a digit and two letters).
fn has_postcode(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect();
    words
        .windows(2)
        .any(|w| is_outward(w[0]) && is_inward(w[1]))
}

fn is_outward(w: &str) -> bool {
    let b = w.as_bytes();
    let letters = b.iter().take_while(|c| c.is_ascii_uppercase()).count();
    if !(1..=2).contains(&letters) || b.len() < letters + 1 || b.len() > letters + 2 {
        return false;
    }
    let rest = &b[letters..];
    rest[0].is_ascii_digit()
        && rest
            .get(1)
            .is_none_or(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
}

fn is_inward(w: &str) -> bool {
    let b = w.as_bytes();
    b.len() == 3 && b[0].is_ascii_digit() && b[1..].iter().all(|c| c.is_ascii_uppercase())
}

/// One of `T`'s codes, or `message` against the field (empty or unknown alike: the form
/// only offers the codes).
fn choice<T: Coded>(e: &mut FieldErrors, field: &str, value: &str, message: &str) -> Option<T> {
    let v = T::parse(value);
    if v.is_none() {
        e.add(field, message);
    }
    v
}

/// A free-text answer, trimmed: within `max` characters, present when `required` (the
/// message), and holding nothing we recognise as identifying.
fn text(
    e: &mut FieldErrors,
    field: &str,
    value: &str,
    max: usize,
    required: Option<&str>,
) -> String {
    let v = value.trim();
    if v.chars().count() > max {
        e.add(field, format!("Keep this to {max} characters or fewer"));
    } else if v.is_empty() {
        if let Some(message) = required {
            e.add(field, message);
        }
    } else if let Some(what) = looks_identifying(v) {
        e.add(
            field,
            format!(
                "This looks like it includes {what}: remove anything that could identify the person"
            ),
        );
    }
    v.to_string()
}

impl ConversationInput {
    /// Every field to a value or a message naming it. Nothing is kept unless the person
    /// agreed to the conversation being used for the practitioner's learning.
    pub fn parse(&self, today: Date) -> Result<ConversationNote, FieldErrors> {
        let mut e = FieldErrors::default();
        let held_on = e.take("held_on", parse_held_on(&self.held_on, today));
        let with_whom = choice(
            &mut e,
            "with_whom",
            &self.with_whom,
            "Select who the conversation was with",
        );
        let setting = text(
            &mut e,
            "setting",
            &self.setting,
            MAX_SETTING,
            Some("Enter where the conversation took place, in a few words"),
        );
        let discussed = text(
            &mut e,
            "discussed",
            &self.discussed,
            MAX_TEXT,
            Some("Enter what you talked about"),
        );
        let helped = text(&mut e, "helped", &self.helped, MAX_TEXT, None);
        let did_not_help = text(&mut e, "did_not_help", &self.did_not_help, MAX_TEXT, None);
        if helped.is_empty()
            && did_not_help.is_empty()
            && e.message_for("helped").is_none()
            && e.message_for("did_not_help").is_none()
        {
            e.add(
                "helped",
                "Enter what the person said helped in your practice, what did not, or both",
            );
        }
        let co_production = choice(
            &mut e,
            "co_production",
            &self.co_production,
            "Select how far you worked on it together",
        );
        let co_production_detail = text(
            &mut e,
            "co_production_detail",
            &self.co_production_detail,
            MAX_TEXT,
            None,
        );
        let learnt = text(
            &mut e,
            "learnt",
            &self.learnt,
            MAX_TEXT,
            Some("Enter what you learnt"),
        );
        let do_differently = text(
            &mut e,
            "do_differently",
            &self.do_differently,
            MAX_TEXT,
            Some("Enter what you will do differently"),
        );
        match self.consent.trim() {
            "yes" => {}
            "no" => e.add(
                "consent",
                "Only keep a note of a conversation the person agreed to you using for your learning",
            ),
            _ => e.add(
                "consent",
                "Select whether the person agreed to the conversation being used for your learning",
            ),
        }
        match (e.is_empty(), held_on, with_whom, co_production) {
            (true, Some(held_on), Some(with_whom), Some(co_production)) => Ok(ConversationNote {
                held_on,
                with_whom,
                setting,
                discussed,
                helped,
                did_not_help,
                co_production,
                co_production_detail,
                learnt,
                do_differently,
            }),
            _ => Err(e),
        }
    }
}

/// The description of the CPD draft made from a conversation: when, and with whom in
/// general terms. It copies nothing the note says.
pub fn cpd_description(with_whom: WithWhom, held_on: Date) -> String {
    let whom = match with_whom {
        WithWhom::ServiceUser => "a person using services",
        WithWhom::Carer => "a carer",
    };
    format!(
        "A collaborative conversation about my practice with {whom} on {}.",
        long_date(held_on)
    )
}

#[cfg(test)]
mod tests;
