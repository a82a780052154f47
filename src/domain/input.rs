//! Reading input that arrives both as a form (every value text) and as JSON (numbers as
//! numbers, booleans as booleans). Input types keep each value as the text a form would
//! send, so one `parse` step checks both; these deserializers accept the JSON value's own
//! type and turn it into that text. The OpenAPI document declares the JSON type
//! (`#[schema(value_type = ...)]`).

use serde::Deserializer;
use serde::de::{self, Visitor};
use std::fmt;

/// A JSON string, number or boolean (or null, as empty) as text.
pub fn text<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(Text {
        booleans: ("true", "false"),
    })
}

/// As [`text`], a JSON boolean becoming "yes" or "no", the words the forms send.
pub fn yes_no<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    d.deserialize_any(Text {
        booleans: ("yes", "no"),
    })
}

/// A yes/no answer as a form or [`yes_no`] gives it: "yes" (or "true"), "no" (or "false"),
/// or empty for not answered, which reads as no. Anything else is `None`.
pub fn answer_yes(s: &str) -> Option<bool> {
    match s.trim() {
        "yes" | "true" => Some(true),
        "" | "no" | "false" => Some(false),
        _ => None,
    }
}

/// An optional trimmed string: empty means absent.
pub fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    if t.is_empty() {
        None
    } else {
        Some(t.to_string())
    }
}

/// An id sent as text ("" is `None`); anything else than a whole number asks to choose
/// `what` from the list, where the form offers it.
pub fn parse_id(what: &str, s: &str) -> Result<Option<i64>, String> {
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    t.parse::<i64>()
        .map(Some)
        .map_err(|_| format!("Select {what} from the list"))
}

/// An optional whole number from `min` to `max` ("" is `None`).
pub fn whole_number(what: &str, s: &str, min: i64, max: i64) -> Result<Option<i64>, String> {
    let Some(t) = optional(s) else {
        return Ok(None);
    };
    match t.parse::<i64>() {
        Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
        _ => Err(format!("{what} must be a whole number from {min} to {max}")),
    }
}

struct Text {
    booleans: (&'static str, &'static str),
}

impl<'de> Visitor<'de> for Text {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
        Ok(v.to_string())
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
        Ok(if v { self.booleans.0 } else { self.booleans.1 }.to_string())
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<String, D::Error> {
        d.deserialize_any(self)
    }
}

/// Support for the parsers' tests: the names an input type's fields are sent under, and
/// text as a person might type it into a field.
#[cfg(test)]
pub(crate) mod testing {
    use super::super::field_errors::FieldErrors;
    use proptest::prelude::*;
    use serde::Serialize;

    /// The fields of `input` as sent (its JSON properties, which are its form fields).
    pub fn field_names<T: Serialize>(input: &T) -> Vec<String> {
        match serde_json::to_value(input) {
            Ok(serde_json::Value::Object(m)) => m.keys().cloned().collect(),
            _ => Vec::new(),
        }
    }

    /// The fields `e` names that `input` does not have: none, for a form that can show
    /// every message beside its field.
    pub fn unknown_fields<T: Serialize>(input: &T, e: &FieldErrors) -> Vec<String> {
        let known = field_names(input);
        e.0.iter()
            .map(|f| f.field.clone())
            .filter(|f| !known.contains(f))
            .collect()
    }

    /// Blank, one of `examples` (valid and nearly valid values), or any short text.
    pub fn typed(examples: &'static [&'static str]) -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            proptest::sample::select(examples).prop_map(String::from),
            "\\PC{0,12}",
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn a_yes_no_answer_is_yes_no_or_unreadable() {
        for (s, want) in [
            ("yes", Some(true)),
            ("true", Some(true)),
            (" no ", Some(false)),
            ("", Some(false)),
            ("false", Some(false)),
            ("maybe", None),
        ] {
            assert_eq!(answer_yes(s), want, "{s:?}");
        }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Input {
        #[serde(default, deserialize_with = "text")]
        count: String,
        #[serde(default, deserialize_with = "yes_no")]
        active: String,
    }

    #[test]
    fn json_values_of_any_type_become_the_text_a_form_sends() {
        let json: Input = serde_json::from_str(r#"{"count": 3, "active": true}"#).unwrap();
        assert_eq!((json.count.as_str(), json.active.as_str()), ("3", "yes"));
        let json: Input = serde_json::from_str(r#"{"count": 2.5, "active": false}"#).unwrap();
        assert_eq!((json.count.as_str(), json.active.as_str()), ("2.5", "no"));
        let json: Input = serde_json::from_str(r#"{"count": "7", "active": null}"#).unwrap();
        assert_eq!((json.count.as_str(), json.active.as_str()), ("7", ""));
        let form: Input = serde_html_form::from_str("count=12&active=yes").unwrap();
        assert_eq!((form.count.as_str(), form.active.as_str()), ("12", "yes"));
        assert!(serde_json::from_str::<Input>(r#"{"count": [1]}"#).is_err());
    }
}

/// Percent-encodes `text` for a URL, leaving letters, digits, `-._~` and the bytes in
/// `also_keep` as they are (`/` in a path, `@` in an `otpauth://` label).
pub fn percent_encode(text: &str, also_keep: &[u8]) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) || also_keep.contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
