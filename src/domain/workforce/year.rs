//! The figures an organisation enters for a year ending 31 March (the WRES data year,
//! docs/sources.md#wres): student placements offered, and the counts behind the race
//! equality likelihoods. Every figure may be left blank: the likelihoods are shown "where
//! the data exists".

use crate::domain::field_errors::FieldErrors;
use serde::{Deserialize, Serialize};
use time::{Date, Month};

/// The most any figure may be: a guard against a mistyped number.
pub const MOST: u64 = 100_000;

/// As typed (a form or the API), before it is read.
#[derive(Debug, Clone, Default, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct YearInput {
    /// The year the data year ends in: 2026 is 1 April 2025 to 31 March 2026.
    pub year_ending: String,
    pub student_placements: String,
    pub shortlisted_white: String,
    pub appointed_white: String,
    pub shortlisted_bme: String,
    pub appointed_bme: String,
    pub disciplinary_white: String,
    pub disciplinary_bme: String,
}

/// One organisation's figures for one year.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct YearFigures {
    /// 31 March of the year the data year ends in.
    pub year_ending: Option<Date>,
    pub student_placements: Option<u64>,
    pub shortlisted_white: Option<u64>,
    pub appointed_white: Option<u64>,
    pub shortlisted_bme: Option<u64>,
    pub appointed_bme: Option<u64>,
    pub disciplinary_white: Option<u64>,
    pub disciplinary_bme: Option<u64>,
}

/// The 31 March a data year ends on.
pub fn year_end(year: i32) -> Option<Date> {
    Date::from_calendar_date(year, Month::March, 31).ok()
}

/// The data year `day` falls in: its 31 March.
pub fn year_ending_for(day: Date) -> Date {
    let end = year_end(day.year()).expect("31 March exists");
    if day <= end {
        end
    } else {
        year_end(day.year() + 1).expect("31 March exists")
    }
}

impl YearInput {
    /// Reads every field, naming each one that is wrong; `today` bounds the year.
    pub fn parse(&self, today: Date) -> Result<YearFigures, FieldErrors> {
        let mut e = FieldErrors::default();
        let latest = year_ending_for(today).year();
        let year = match self.year_ending.trim().parse::<i32>() {
            Ok(y) if (2015..=latest).contains(&y) => year_end(y),
            _ => {
                e.add(
                    "year_ending",
                    format!("Enter the year the data year ends in, from 2015 to {latest}, for example {latest}"),
                );
                None
            }
        };
        let mut count = |field: &str, raw: &str, what: &str| -> Option<u64> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match raw.parse::<u64>() {
                Ok(n) if n <= MOST => Some(n),
                _ => {
                    e.add(
                        field,
                        format!(
                            "Enter {what} as a whole number from 0 to {MOST}, or leave it blank"
                        ),
                    );
                    None
                }
            }
        };
        let f = YearFigures {
            year_ending: year,
            student_placements: count(
                "student_placements",
                &self.student_placements,
                "the student placements offered",
            ),
            shortlisted_white: count(
                "shortlisted_white",
                &self.shortlisted_white,
                "the white applicants shortlisted",
            ),
            appointed_white: count(
                "appointed_white",
                &self.appointed_white,
                "the white applicants appointed",
            ),
            shortlisted_bme: count(
                "shortlisted_bme",
                &self.shortlisted_bme,
                "the Black, Asian and minority ethnic applicants shortlisted",
            ),
            appointed_bme: count(
                "appointed_bme",
                &self.appointed_bme,
                "the Black, Asian and minority ethnic applicants appointed",
            ),
            disciplinary_white: count(
                "disciplinary_white",
                &self.disciplinary_white,
                "the white staff entering a formal disciplinary process",
            ),
            disciplinary_bme: count(
                "disciplinary_bme",
                &self.disciplinary_bme,
                "the Black, Asian and minority ethnic staff entering a formal disciplinary process",
            ),
        };
        let mut more_than = |field: &str, appointed: Option<u64>, shortlisted: Option<u64>| {
            if let (Some(a), Some(s)) = (appointed, shortlisted)
                && a > s
            {
                e.add(
                    field,
                    format!("Appointed ({a}) cannot be more than shortlisted ({s})"),
                );
            }
        };
        more_than("appointed_white", f.appointed_white, f.shortlisted_white);
        more_than("appointed_bme", f.appointed_bme, f.shortlisted_bme);
        if e.is_empty() { Ok(f) } else { Err(e) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 12 - 04);

    #[test]
    fn the_data_year_ends_on_31_march() {
        assert_eq!(
            year_ending_for(date!(2026 - 03 - 31)),
            date!(2026 - 03 - 31)
        );
        assert_eq!(
            year_ending_for(date!(2026 - 04 - 01)),
            date!(2027 - 03 - 31)
        );
    }

    #[test]
    fn each_wrong_field_is_named() {
        let input = YearInput {
            year_ending: "2031".into(),
            student_placements: "-1".into(),
            shortlisted_white: "10".into(),
            appointed_white: "12".into(),
            disciplinary_bme: "two".into(),
            ..YearInput::default()
        };
        let e = input.parse(TODAY).unwrap_err();
        for field in [
            "year_ending",
            "student_placements",
            "appointed_white",
            "disciplinary_bme",
        ] {
            assert!(e.message_for(field).is_some(), "{field}");
        }
        let ok = YearInput {
            year_ending: "2026".into(),
            ..YearInput::default()
        }
        .parse(TODAY)
        .unwrap();
        assert_eq!(ok.year_ending, Some(date!(2026 - 03 - 31)));
        assert_eq!(ok.student_placements, None, "blank stays blank");
    }

    proptest! {
        #[test]
        fn whatever_is_typed_is_read_or_refused_by_name(
            s in "[0-9 -]{0,7}", a in "[0-9a]{0,7}", year in 2000i32..2040,
        ) {
            let input = YearInput { year_ending: year.to_string(), shortlisted_bme: s.clone(), appointed_bme: a.clone(), ..YearInput::default() };
            match input.parse(TODAY) {
                Ok(f) => {
                    prop_assert!(f.year_ending.is_some());
                    if let (Some(x), Some(y)) = (f.appointed_bme, f.shortlisted_bme) { prop_assert!(x <= y); }
                }
                Err(e) => prop_assert!(!e.0.is_empty()),
            }
        }
    }
}
