//! Identifiers that arrive from people and other systems, parsed once at the edge.

use super::ParseError;
use serde::Serialize;
use std::fmt;

/// A Social Work England registration number in its canonical form: `SW` then digits with
/// no leading zero (SWE removed leading zeros: "SW000*** ... will now be removed").
/// Accepts `sw 12345` and `SW012345` on input. Source: SWE FAQs
/// (docs/sources.md#registration-number); the format itself is an inference, so the rule
/// is deliberately loose (1 to 7 digits).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SweNumber(String);

impl SweNumber {
    pub fn parse(input: &str) -> Result<SweNumber, ParseError> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let upper = compact.to_ascii_uppercase();
        let digits = upper.strip_prefix("SW").ok_or_else(|| {
            "Enter a Social Work England registration number that starts with SW, like SW12345"
                .to_string()
        })?;
        if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err("Enter SW followed by numbers only, like SW12345".into());
        }
        let trimmed = digits.trim_start_matches('0');
        if trimmed.is_empty() || trimmed.len() > 7 {
            return Err("Enter a registration number with 1 to 7 digits after SW".into());
        }
        Ok(SweNumber(format!("SW{trimmed}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SweNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ODS code: 3 to 9 upper-case letters and digits ("ODS codes consist of 1 to 9
/// alphanumeric characters"; organisations have at least 3). Validated loosely on purpose
/// (an NHS Organisation Data Service rule): no per-type rules are hard-coded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OdsCode(String);

impl OdsCode {
    pub fn parse(input: &str) -> Result<OdsCode, ParseError> {
        let code = input.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err("Enter an ODS code".into());
        }
        if !(3..=9).contains(&code.len()) || !code.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err("Enter an ODS code of 3 to 9 letters and numbers, like RX4".into());
        }
        Ok(OdsCode(code))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A work email address, lower-cased. Checks shape only (one @, a dot in the domain, no
/// spaces): deliverability is the mail system's business.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WorkEmail(String);

impl WorkEmail {
    pub fn parse(input: &str) -> Result<WorkEmail, ParseError> {
        let email = input.trim().to_ascii_lowercase();
        if email.is_empty() {
            return Err("Enter an email address".into());
        }
        let valid = email.len() <= 254
            && !email
                .chars()
                .any(|c| c.is_whitespace() || c == '<' || c == '>')
            && match email.split_once('@') {
                Some((local, domain)) => {
                    !local.is_empty()
                        && !domain.contains('@')
                        && domain.contains('.')
                        && !domain.starts_with('.')
                        && !domain.ends_with('.')
                }
                None => false,
            };
        if !valid {
            return Err(
                "Enter an email address in the correct format, like name@example.nhs.uk".into(),
            );
        }
        Ok(WorkEmail(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn swe_numbers_are_canonicalised() {
        assert_eq!(SweNumber::parse("sw 12345").unwrap().as_str(), "SW12345");
        assert_eq!(SweNumber::parse("SW000123").unwrap().as_str(), "SW123");
        assert!(SweNumber::parse("12345").is_err());
        assert!(SweNumber::parse("SW").is_err());
        assert!(SweNumber::parse("SW0000").is_err());
        assert!(SweNumber::parse("SW12a45").is_err());
        assert!(SweNumber::parse("SW12345678").is_err());
    }

    #[test]
    fn ods_codes_are_upper_cased_and_bounded() {
        assert_eq!(OdsCode::parse(" rx4 ").unwrap().as_str(), "RX4");
        assert!(OdsCode::parse("R1").is_err());
        assert!(OdsCode::parse("RX4-01").is_err());
        assert!(OdsCode::parse("ABCDEFGHIJ").is_err());
    }

    #[test]
    fn emails_need_one_at_and_a_dotted_domain() {
        assert_eq!(
            WorkEmail::parse(" A.B@Trust.NHS.uk ").unwrap().as_str(),
            "a.b@trust.nhs.uk"
        );
        for bad in [
            "", "a", "a@b", "a@@b.uk", "@b.uk", "a b@c.uk", "a@.uk", "a@b.uk.",
        ] {
            assert!(WorkEmail::parse(bad).is_err(), "{bad}");
        }
    }

    proptest! {
        #[test]
        fn every_valid_swe_number_round_trips(n in 1u32..9_999_999, zeros in 0usize..3, space in any::<bool>()) {
            let input = format!("{}{}{}", if space { "sw " } else { "SW" }, "0".repeat(zeros), n);
            let parsed = SweNumber::parse(&input).unwrap();
            prop_assert_eq!(parsed.as_str(), format!("SW{n}"));
            prop_assert_eq!(SweNumber::parse(parsed.as_str()).unwrap(), parsed);
        }

        #[test]
        fn parsers_never_panic(s in ".{0,40}") {
            let _ = SweNumber::parse(&s);
            let _ = OdsCode::parse(&s);
            let _ = WorkEmail::parse(&s);
        }

        #[test]
        fn accepted_ods_codes_are_canonical(s in "[a-zA-Z0-9]{3,9}") {
            let code = OdsCode::parse(&s).unwrap();
            prop_assert_eq!(code.as_str(), s.to_ascii_uppercase());
        }
    }
}
