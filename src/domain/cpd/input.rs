//! A CPD record as a practitioner writes it, in Social Work England's fields: a draft needs
//! only a date and a description; submitting needs what SWE asks for (the type, what was
//! learnt, the impact), and a peer reflection needs the peer.

use super::{CpdStatus, MAX_TEXT, year_ending_in};
use crate::domain::field_errors::FieldErrors;
use crate::domain::registration::RegistrationYear;
use crate::domain::{dates, reference};
use serde::{Deserialize, Serialize};
use time::Date;

/// A CPD record as sent by the form or the API: strings, parsed by `parse`.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct CpdInput {
    /// A code from the cpd_types list (required to submit).
    pub cpd_type: String,
    /// The date of the activity, YYYY-MM-DD: not in the future, inside `year` when given.
    pub activity_on: String,
    /// A short description of the activity and why it is relevant.
    pub description: String,
    /// What you learnt (required to submit).
    pub learning: String,
    /// The positive impact it has had, or will have, on your practice and the people you
    /// work with (required to submit).
    pub impact: String,
    /// Optional: what you learnt from discussing it with a peer.
    pub peer_reflection: String,
    /// Who the peer was: a code from cpd_peer_categories (required with a peer reflection).
    pub peer_category: String,
    /// Codes from cpd_standard4_parts.
    pub standard4_parts: Vec<String>,
    /// Codes from professional_standards.
    pub professional_standards: Vec<String>,
    /// The registration year the record is filed under, by the calendar year it ends in
    /// (for example `2027` for 1 December 2026 to 30 November 2027). Optional.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub year: String,
    /// `draft` (the default) or `submitted`. Only submitted records count for renewal.
    pub status: String,
}

/// Validated fields of a record, as written.
#[derive(Debug, Clone)]
pub struct CpdWrite {
    pub status: CpdStatus,
    pub cpd_type: String,
    pub activity_on: Date,
    pub description: String,
    pub learning: String,
    pub impact: String,
    pub peer_reflection: String,
    pub peer_category: String,
    pub standard4_parts: Vec<String>,
    pub professional_standards: Vec<String>,
    pub content_key: String,
}

impl CpdWrite {
    /// A draft started from something already in mhsw (a held session, feedback results):
    /// the practitioner only adds what they learnt. Tagged to professional standard 4.
    pub fn draft_from(
        cpd_type: &str,
        activity_on: Date,
        description: String,
        standard4_parts: &[&str],
        peer_category: &str,
    ) -> CpdWrite {
        CpdWrite {
            status: CpdStatus::Draft,
            cpd_type: cpd_type.into(),
            activity_on,
            content_key: super::content_key(&description, "", ""),
            description,
            learning: String::new(),
            impact: String::new(),
            peer_reflection: String::new(),
            peer_category: peer_category.into(),
            standard4_parts: standard4_parts.iter().map(|p| (*p).to_string()).collect(),
            professional_standards: vec!["4".into()],
        }
    }
}

fn text(e: &mut FieldErrors, field: &str, value: &str, required: Option<&str>) -> String {
    let v = value.trim();
    if v.chars().count() > MAX_TEXT {
        e.add(field, format!("Keep this under {MAX_TEXT} characters"));
    } else if v.is_empty()
        && let Some(message) = required
    {
        e.add(field, message);
    }
    v.to_string()
}

fn codes_from(e: &mut FieldErrors, field: &str, list: &str, values: &[String]) -> Vec<String> {
    let Some(known) = reference::list_named(list) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for v in values.iter().map(|v| v.trim()).filter(|v| !v.is_empty()) {
        if known.contains(v) {
            if !out.iter().any(|o| o == v) {
                out.push(v.to_string());
            }
        } else {
            e.add(field, "Select from the list");
            return Vec::new();
        }
    }
    out
}

/// Parses the registration year a form is filed under ("2027"), if any.
pub fn parse_year(s: &str) -> Result<Option<RegistrationYear>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    match t.parse::<i32>() {
        Ok(y) if (2020..=9998).contains(&y) => Ok(Some(year_ending_in(y))),
        _ => Err("Select a registration year from 2019 to 2020 onwards".into()),
    }
}

impl CpdInput {
    /// Every field to a value or a message naming it. A draft needs a date and a
    /// description; submitting needs SWE's required fields too.
    pub fn parse(&self, today: Date) -> Result<CpdWrite, FieldErrors> {
        let mut e = FieldErrors::default();
        let status = match self.status.trim() {
            "" | "draft" => CpdStatus::Draft,
            "submitted" => CpdStatus::Submitted,
            _ => {
                e.add("status", "Choose to save a draft or submit the record");
                CpdStatus::Draft
            }
        };
        let submitting = status == CpdStatus::Submitted;
        let year = e.take("year", parse_year(&self.year)).flatten();
        let activity_on = if self.activity_on.trim().is_empty() {
            e.add("activity_on", "Enter the date of the activity");
            None
        } else {
            e.take(
                "activity_on",
                dates::parse("The date of the activity", &self.activity_on),
            )
            .and_then(|d| {
                e.take(
                    "activity_on",
                    super::check_date(d, year.as_ref(), today).map(|_| d),
                )
            })
        };
        let cpd_type = if self.cpd_type.trim().is_empty() {
            if submitting {
                e.add("cpd_type", "Select the type of CPD");
            }
            String::new()
        } else {
            e.take(
                "cpd_type",
                reference::reference()
                    .cpd_types
                    .parse("the type of CPD", &self.cpd_type),
            )
            .unwrap_or_default()
        };
        let description = text(
            &mut e,
            "description",
            &self.description,
            Some("Describe the activity and why it is relevant"),
        );
        let required = |m| submitting.then_some(m);
        let learning = text(
            &mut e,
            "learning",
            &self.learning,
            required("Enter what you learnt"),
        );
        let impact = text(
            &mut e,
            "impact",
            &self.impact,
            required("Enter the impact on your practice and the people you work with"),
        );
        let peer_reflection = text(&mut e, "peer_reflection", &self.peer_reflection, None);
        let peer_category = if self.peer_category.trim().is_empty() {
            if !peer_reflection.is_empty() {
                e.add("peer_category", "Select who the peer was");
            }
            String::new()
        } else {
            e.take(
                "peer_category",
                reference::reference()
                    .cpd_peer_categories
                    .parse("who the peer was", &self.peer_category),
            )
            .unwrap_or_default()
        };
        if submitting && !peer_category.is_empty() && peer_reflection.is_empty() {
            e.add(
                "peer_reflection",
                "Enter what you learnt from discussing it with your peer, or clear who the peer was",
            );
        }
        let standard4_parts = codes_from(
            &mut e,
            "standard4_parts",
            "cpd_standard4_parts",
            &self.standard4_parts,
        );
        let professional_standards = codes_from(
            &mut e,
            "professional_standards",
            "professional_standards",
            &self.professional_standards,
        );
        match (e.is_empty(), activity_on) {
            (true, Some(activity_on)) => Ok(CpdWrite {
                status,
                content_key: super::content_key(&description, &learning, &impact),
                cpd_type,
                activity_on,
                description,
                learning,
                impact,
                peer_reflection,
                peer_category,
                standard4_parts,
                professional_standards,
            }),
            _ => Err(e),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::input::testing::{typed, unknown_fields};
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 20);

    fn submitted() -> CpdInput {
        CpdInput {
            cpd_type: "reading_research".into(),
            activity_on: "2026-11-02".into(),
            description: " Read the code of practice ".into(),
            learning: "The nearest relative's rights".into(),
            impact: "Clearer explanations to families".into(),
            peer_reflection: "We compared notes".into(),
            peer_category: "registered_social_worker".into(),
            standard4_parts: vec!["4.1".into(), "4.1".into()],
            professional_standards: vec!["1".into(), " ".into()],
            year: "2026".into(),
            status: "submitted".into(),
        }
    }

    #[test]
    fn a_submitted_record_parses_to_the_write() {
        let w = submitted().parse(TODAY).unwrap();
        assert_eq!(w.status, CpdStatus::Submitted);
        assert_eq!(w.activity_on, date!(2026 - 11 - 02));
        assert_eq!(w.description, "Read the code of practice");
        assert_eq!(w.standard4_parts, ["4.1"]);
        assert_eq!(w.professional_standards, ["1"]);
        assert_eq!(
            w.content_key,
            super::super::content_key(&w.description, &w.learning, &w.impact)
        );
    }

    #[test]
    fn a_draft_needs_only_a_date_and_a_description() {
        let e = CpdInput::default().parse(TODAY).unwrap_err();
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["activity_on", "description"]);
        let draft = CpdInput {
            activity_on: "2026-11-02".into(),
            description: "Read a paper".into(),
            ..CpdInput::default()
        };
        assert_eq!(draft.parse(TODAY).unwrap().status, CpdStatus::Draft);
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            cpd_type in typed(&["course", "holiday"]),
            activity_on in typed(&["2026-11-02", "2026-11-21", "2025-01-01"]),
            learning in typed(&["Something"]),
            peer_reflection in typed(&["We talked"]),
            peer_category in typed(&["registered_social_worker", "friend"]),
            part in typed(&["4.1", "4.9"]),
            standard in typed(&["1", "12"]),
            year in typed(&["2026", "2027", "2019", "next"]),
            status in typed(&["draft", "submitted", "sent"]),
        ) {
            let input = CpdInput {
                cpd_type, activity_on, learning, peer_reflection, peer_category,
                standard4_parts: vec![part], professional_standards: vec![standard], year,
                status, ..submitted()
            };
            if let Err(e) = input.parse(TODAY) {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
