//! Small values with rules: names and whole-time equivalence.

use super::ParseError;
use serde::Serialize;

/// A person's or organisation's name: trimmed, 1 to 120 characters, no control characters.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PersonName(String);

impl PersonName {
    pub fn parse(what: &str, input: &str) -> Result<PersonName, ParseError> {
        let name = input.trim();
        if name.is_empty() {
            return Err(format!("Enter {what}"));
        }
        if name.chars().count() > 120 {
            return Err(format!(
                "{} must be 120 characters or fewer",
                capitalise(what)
            ));
        }
        if name.chars().any(char::is_control) {
            return Err(format!(
                "{} must not contain special characters",
                capitalise(what)
            ));
        }
        Ok(PersonName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Whole-time equivalent: more than 0 and at most 1.0 for one post, two decimal places.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Wte(f64);

impl Wte {
    pub fn parse(input: &str) -> Result<Wte, ParseError> {
        let t = input.trim();
        if t.is_empty() {
            return Err("Enter the whole-time equivalent, like 1.0 or 0.6".into());
        }
        let v: f64 = t.parse().map_err(|_| {
            "Enter the whole-time equivalent as a number, like 1.0 or 0.6".to_string()
        })?;
        // Round first, so that what is stored is what was checked (0.001 is not a post).
        let rounded = (v * 100.0).round() / 100.0;
        if !(rounded > 0.0 && rounded <= 1.0) {
            return Err("Whole-time equivalent must be between 0.01 and 1.0".into());
        }
        Ok(Wte(rounded))
    }

    pub fn value(self) -> f64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(
            PersonName::parse("a first name", "  Ada ")
                .unwrap()
                .as_str(),
            "Ada"
        );
        assert_eq!(
            PersonName::parse("a first name", " ").unwrap_err(),
            "Enter a first name"
        );
        assert!(PersonName::parse("a name", &"x".repeat(121)).is_err());
    }

    #[test]
    fn wte_is_within_one_post() {
        assert_eq!(Wte::parse("0.6").unwrap().value(), 0.6);
        for bad in ["0", "-1", "1.01", "abc", "", "NaN"] {
            assert!(Wte::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn accepted_wte_is_in_range(v in -2.0f64..3.0) {
            if let Ok(w) = Wte::parse(&v.to_string()) {
                prop_assert!(w.value() > 0.0 && w.value() <= 1.0);
            }
        }
    }
}
