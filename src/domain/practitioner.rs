//! A practitioner's record as an employer keeps it: who they are, where they are employed
//! and work, their role, career stage, band, hours and dates, and the optional equality
//! data. Each field is checked against the reference lists and the rules between fields (a
//! role needing registration needs an SWE number; an end date not before the start).

use super::dates::parse as parse_date;
use super::field_errors::FieldErrors;
use super::input::{optional, parse_id};
use super::{PersonName, RefList, SweNumber, WorkEmail, Wte, reference};
use serde::Deserialize;
use time::Date;

/// A practitioner as sent by a form or the API. Text fields are parsed by `parse`.
#[derive(Debug, Clone, Default, Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct PractitionerInput {
    pub given_name: String,
    pub family_name: String,
    pub work_email: String,
    /// Social Work England registration number, like SW12345 (optional for students and
    /// non-social-work roles).
    pub swe_number: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub employer_org_id: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = i64)]
    pub host_org_id: String,
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = Option<i64>)]
    pub team_id: String,
    pub role_category: String,
    pub career_stage: String,
    pub band: String,
    /// Whole-time equivalent, more than 0 and at most 1.0.
    #[serde(deserialize_with = "crate::domain::input::text")]
    #[schema(value_type = f64)]
    pub wte: String,
    /// YYYY-MM-DD
    pub start_date: String,
    /// YYYY-MM-DD, when they left (optional).
    pub end_date: String,
    /// Post-qualifying role codes.
    pub pq_roles: Vec<String>,
    /// Equality data: used only when the actor is the workforce lead.
    pub ethnic_category: String,
    pub date_of_birth: String,
    pub age_band: String,
    pub sex: String,
    pub disability: String,
}

/// Validated fields for a new or changed practitioner.
#[derive(Debug, Clone)]
pub struct PractitionerFields {
    pub given_name: String,
    pub family_name: String,
    pub work_email: String,
    pub swe_number: Option<String>,
    pub employer_org_id: i64,
    pub host_org_id: i64,
    pub team_id: Option<i64>,
    pub role_category: String,
    pub career_stage: String,
    pub band: String,
    pub wte: f64,
    pub start_date: Date,
    pub end_date: Option<Date>,
    pub pq_roles: Vec<String>,
}

/// Special-category equality data for one practitioner.
#[derive(
    Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema, PartialEq,
)]
pub struct Equality {
    pub ethnic_category: Option<String>,
    pub date_of_birth: Option<Date>,
    pub age_band: Option<String>,
    pub sex: Option<String>,
    pub disability: Option<String>,
}

impl PractitionerInput {
    /// Parses every field, collecting all the problems at once. `today` bounds the date of
    /// birth.
    pub fn parse(&self, today: Date) -> Result<(PractitionerFields, Equality), FieldErrors> {
        let r = reference();
        let mut e = FieldErrors::default();
        let given = e.take(
            "given_name",
            PersonName::parse("a first name", &self.given_name),
        );
        let family = e.take(
            "family_name",
            PersonName::parse("a last name", &self.family_name),
        );
        let email = e.take("work_email", WorkEmail::parse(&self.work_email));
        let swe = e.take(
            "swe_number",
            match optional(&self.swe_number) {
                None => Ok(None),
                Some(s) => SweNumber::parse(&s).map(Some),
            },
        );
        let employer = e.take(
            "employer_org_id",
            parse_id("the employer", &self.employer_org_id)
                .and_then(|v| v.ok_or_else(|| "Select the employer".to_string())),
        );
        let host = e.take(
            "host_org_id",
            parse_id("the host organisation", &self.host_org_id)
                .and_then(|v| v.ok_or_else(|| "Select the host organisation".to_string())),
        );
        let team = e.take("team_id", parse_id("a team", &self.team_id));
        let role_category = e.take(
            "role_category",
            r.role_categories
                .parse("the role category", &self.role_category),
        );
        let career_stage = e.take(
            "career_stage",
            r.career_stages
                .parse("the career stage", &self.career_stage),
        );
        let band = e.take("band", r.bands.parse("the band or grade", &self.band));
        let wte = e.take("wte", Wte::parse(&self.wte));
        let start = e.take("start_date", parse_date("Start date", &self.start_date));
        let end = e.take(
            "end_date",
            match optional(&self.end_date) {
                None => Ok(None),
                Some(s) => parse_date("End date", &s).map(Some),
            },
        );
        if let (Some(s), Some(Some(end))) = (start, end)
            && end < s
        {
            e.add(
                "end_date",
                "End date must be the same as or after the start date",
            );
        }
        let mut pq = Vec::new();
        for code in self.pq_roles.iter().filter(|c| !c.trim().is_empty()) {
            if let Some(c) = e.take(
                "pq_roles",
                r.post_qualifying_roles.parse("post-qualifying roles", code),
            ) && !pq.contains(&c)
            {
                pq.push(c);
            }
        }
        if swe.as_ref().is_some_and(Option::is_none)
            && role_category.as_deref() == Some("sw_required")
            && career_stage.as_deref() != Some("student")
        {
            e.add("swe_number", "Enter the Social Work England registration number: this role requires a registered social worker");
        }
        let equality = self.parse_equality(&mut e, today);
        if !e.is_empty() {
            return Err(e);
        }
        let (
            Some(given),
            Some(family),
            Some(email),
            Some(swe),
            Some(employer),
            Some(host),
            Some(team),
            Some(role_category),
            Some(career_stage),
            Some(band),
            Some(wte),
            Some(start),
            Some(end),
        ) = (
            given,
            family,
            email,
            swe,
            employer,
            host,
            team,
            role_category,
            career_stage,
            band,
            wte,
            start,
            end,
        )
        else {
            return Err(e);
        };
        Ok((
            PractitionerFields {
                given_name: given.as_str().into(),
                family_name: family.as_str().into(),
                work_email: email.as_str().into(),
                swe_number: swe.map(|s| s.as_str().to_string()),
                employer_org_id: employer,
                host_org_id: host,
                team_id: team,
                role_category,
                career_stage,
                band,
                wte: wte.value(),
                start_date: start,
                end_date: end,
                pq_roles: pq,
            },
            equality,
        ))
    }

    fn parse_equality(&self, e: &mut FieldErrors, today: Date) -> Equality {
        let r = reference();
        let mut pick = |field: &str, list: &RefList, value: &str| -> Option<String> {
            optional(value).and_then(|v| e.take(field, list.parse(field, &v)))
        };
        let ethnic_category = pick(
            "ethnic_category",
            &r.ethnic_categories,
            &self.ethnic_category,
        );
        let age_band = pick("age_band", &r.age_bands, &self.age_band);
        let sex = pick("sex", &r.sexes, &self.sex);
        let disability = pick("disability", &r.disability, &self.disability);
        let date_of_birth = optional(&self.date_of_birth).and_then(|d| {
            e.take(
                "date_of_birth",
                parse_date("Date of birth", &d).and_then(|dob| {
                    if dob >= today {
                        Err("Date of birth must be in the past".to_string())
                    } else {
                        Ok(dob)
                    }
                }),
            )
        });
        Equality {
            ethnic_category,
            date_of_birth,
            age_band,
            sex,
            disability,
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

    fn valid() -> PractitionerInput {
        PractitionerInput {
            given_name: " Mary ".into(),
            family_name: "Seacole".into(),
            work_email: "Mary.Seacole@trust.nhs.uk".into(),
            swe_number: "sw 012345".into(),
            employer_org_id: "1".into(),
            host_org_id: "2".into(),
            team_id: String::new(),
            role_category: "sw_required".into(),
            career_stage: "qualified".into(),
            band: "6".into(),
            wte: "0.6".into(),
            start_date: "2024-04-01".into(),
            end_date: String::new(),
            pq_roles: vec!["bia".into(), "bia".into(), " ".into()],
            ethnic_category: "M".into(),
            date_of_birth: "1980-05-06".into(),
            ..PractitionerInput::default()
        }
    }

    #[test]
    fn a_valid_practitioner_parses_to_its_fields_and_equality() {
        let (f, eq) = valid().parse(TODAY).unwrap();
        assert_eq!(
            (f.given_name.as_str(), f.family_name.as_str()),
            ("Mary", "Seacole")
        );
        assert_eq!(f.work_email, "mary.seacole@trust.nhs.uk");
        assert_eq!(f.swe_number.as_deref(), Some("SW12345"));
        assert_eq!((f.employer_org_id, f.host_org_id, f.team_id), (1, 2, None));
        assert_eq!(f.wte, 0.6);
        assert_eq!((f.start_date, f.end_date), (date!(2024 - 04 - 01), None));
        assert_eq!(f.pq_roles, ["bia"]);
        assert_eq!(eq.ethnic_category.as_deref(), Some("M"));
        assert_eq!(eq.date_of_birth, Some(date!(1980 - 05 - 06)));
        assert_eq!(eq.sex, None);
    }

    #[test]
    fn a_date_of_birth_is_before_today() {
        let born = |d: &str| PractitionerInput {
            date_of_birth: d.into(),
            ..valid()
        };
        assert!(born("2026-11-19").parse(TODAY).is_ok());
        let e = born("2026-11-20").parse(TODAY).unwrap_err();
        assert_eq!(
            e.message_for("date_of_birth"),
            Some("Date of birth must be in the past")
        );
    }

    #[test]
    fn a_role_needing_registration_needs_an_swe_number_unless_a_student() {
        let unregistered = PractitionerInput {
            swe_number: String::new(),
            ..valid()
        };
        assert!(
            unregistered
                .parse(TODAY)
                .unwrap_err()
                .message_for("swe_number")
                .is_some()
        );
        let student = PractitionerInput {
            career_stage: "student".into(),
            ..unregistered
        };
        assert!(student.parse(TODAY).is_ok());
    }

    proptest! {
        #[test]
        fn every_error_names_a_field_of_the_input(
            work_email in typed(&["a@b.nhs.uk", "nope"]),
            swe_number in typed(&["SW12345", "12345", "SW"]),
            employer_org_id in typed(&["1", "x"]),
            team_id in typed(&["3", "team"]),
            role_category in typed(&["sw_required", "non_social_work"]),
            career_stage in typed(&["student", "qualified"]),
            wte in typed(&["1.0", "0", "1.5"]),
            start_date in typed(&["2024-04-01", "2024-13-01"]),
            end_date in typed(&["2023-01-01", "2025-01-01", "2025-02-30"]),
            pq_role in typed(&["amhp", "bia", "wizard"]),
            date_of_birth in typed(&["1980-01-01", "2030-01-01"]),
            sex in typed(&["female", "F"]),
        ) {
            let input = PractitionerInput {
                work_email, swe_number, employer_org_id, team_id, role_category, career_stage,
                wte, start_date, end_date, pq_roles: vec![pq_role], date_of_birth, sex,
                ..valid()
            };
            if let Err(e) = input.parse(TODAY) {
                prop_assert!(!e.is_empty());
                prop_assert!(unknown_fields(&input, &e).is_empty(), "{:?}", e);
            }
        }
    }
}
