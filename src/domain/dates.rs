//! Dates as people in England read and write them (the NHS service manual's content
//! style: "4 December 2026"; "04/12/2026" where space is tight). Stored and sent in the API
//! as ISO 8601; shown in these forms.

use time::Date;
use time::macros::format_description;

/// The day of an ISO date ("2026-12-04") or of an RFC 3339 timestamp (its UTC day).
pub fn parse_iso_day(s: &str) -> Option<Date> {
    let day = s.get(..10)?;
    let rest = &s[10..];
    if !(rest.is_empty() || rest.starts_with('T')) {
        return None;
    }
    Date::parse(day, format_description!("[year]-[month]-[day]")).ok()
}

/// "4 December 2026".
pub fn long(d: Date) -> String {
    d.format(format_description!(
        "[day padding:none] [month repr:long] [year]"
    ))
    .unwrap_or_default()
}

/// "04/12/2026 10:15" for an RFC 3339 timestamp (its UTC day and time).
pub fn short_time(s: &str) -> Option<String> {
    let day = parse_iso_day(s)?;
    let time = s
        .get(11..16)
        .filter(|t| t.as_bytes().get(2) == Some(&b':'))?;
    Some(format!("{} {time}", short(day)))
}

/// An ISO date or timestamp in words ("4 December 2026"); other text unchanged. For
/// messages written in Rust that name a stored date.
pub fn long_text(s: &str) -> String {
    parse_iso_day(s).map(long).unwrap_or_else(|| s.to_string())
}

/// "04/12/2026".
pub fn short(d: Date) -> String {
    d.format(format_description!("[day]/[month]/[year]"))
        .unwrap_or_default()
}

/// The ISO text for a date typed in the NHS date-input pattern (day, month and year
/// fields, as people type them: "5", "3", "2027"). Whole numbers are padded ("2027-03-05");
/// anything else is kept as typed, in its place, so that [`parse`] can say what is wrong.
/// Three empty fields are no date at all ("").
pub fn from_parts(day: &str, month: &str, year: &str) -> String {
    let (d, m, y) = (day.trim(), month.trim(), year.trim());
    if d.is_empty() && m.is_empty() && y.is_empty() {
        return String::new();
    }
    let pad = |p: &str| match p.parse::<u8>() {
        Ok(n) if p.len() <= 2 => format!("{n:02}"),
        _ => p.to_string(),
    };
    format!("{y}-{}-{}", pad(m), pad(d))
}

/// The day, month and year fields for a stored or typed date, as a person reads them
/// ("2027-03-05" gives "5", "3", "2027").
pub fn to_parts(value: &str) -> (String, String, String) {
    let mut it = value.trim().splitn(3, '-');
    let (y, m, d) = (
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
        it.next().unwrap_or(""),
    );
    let unpad = |p: &str| match p.parse::<u8>() {
        Ok(n) => n.to_string(),
        Err(_) => p.to_string(),
    };
    (unpad(d), unpad(m), y.to_string())
}

/// Reads a date given as ISO text (the API's form, and what [`from_parts`] makes of the
/// date-input fields), saying what is wrong in the NHS service manual's words.
pub fn parse(what: &str, s: &str) -> Result<Date, String> {
    let t = s.trim();
    if let Ok(d) = Date::parse(t, format_description!("[year]-[month]-[day]")) {
        return Ok(d);
    }
    let parts: Vec<&str> = t.splitn(3, '-').collect();
    if parts.len() == 3 {
        let missing: Vec<&str> = [("day", parts[2]), ("month", parts[1]), ("year", parts[0])]
            .into_iter()
            .filter(|(_, p)| p.is_empty())
            .map(|(n, _)| n)
            .collect();
        match missing.as_slice() {
            [] => {}
            [one] => return Err(format!("{what} must include a {one}")),
            [a, b] => return Err(format!("{what} must include a {a} and {b}")),
            _ => return Err(format!("Enter {}", what.to_lowercase())),
        }
        if parts[0].len() != 4 || !parts[0].bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("{what}: the year must include 4 numbers"));
        }
    }
    Err(format!("{what} must be a real date, for example 27 3 2024"))
}

/// A date as the NHS date-input hint shows it: "27 3 2024".
pub fn hint(d: Date) -> String {
    format!("{} {} {}", d.day(), u8::from(d.month()), d.year())
}

/// Joins the fields of each NHS date input (`held_on[day]`, `held_on[month]`,
/// `held_on[year]`) into the one field handlers read (`held_on`, ISO text:
/// `domain::dates::from_parts`), in the place of its first part.
pub fn join_date_inputs(pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    use std::collections::BTreeMap;
    let split = |k: &str| {
        ["day", "month", "year"].into_iter().find_map(|part| {
            k.strip_suffix(&format!("[{part}]"))
                .map(|name| (name.to_string(), part))
        })
    };
    let mut parts: BTreeMap<String, [String; 3]> = BTreeMap::new();
    for (k, v) in &pairs {
        if let Some((name, part)) = split(k) {
            let i = match part {
                "day" => 0,
                "month" => 1,
                _ => 2,
            };
            parts.entry(name).or_default()[i] = v.clone();
        }
    }
    let mut out = Vec::with_capacity(pairs.len());
    for (k, v) in pairs {
        match split(&k) {
            None => out.push((k, v)),
            Some((name, _)) => {
                if let Some([d, m, y]) = parts.remove(&name) {
                    out.push((name, from_parts(&d, &m, &y)));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    #[test]
    fn dates_read_as_in_england() {
        assert_eq!(long(date!(2026 - 12 - 04)), "4 December 2026");
        assert_eq!(short(date!(2026 - 12 - 04)), "04/12/2026");
        assert_eq!(long(date!(2028 - 02 - 29)), "29 February 2028");
        assert_eq!(
            parse_iso_day("2026-12-04T09:30:00Z"),
            Some(date!(2026 - 12 - 04))
        );
        assert_eq!(parse_iso_day("2026-12-04"), Some(date!(2026 - 12 - 04)));
        for not_a_date in ["", "2026-13-01", "04/12/2026", "2026-12-041", "none"] {
            assert_eq!(parse_iso_day(not_a_date), None, "{not_a_date}");
        }
    }

    #[test]
    fn typed_parts_become_iso_and_say_what_is_missing() {
        assert_eq!(from_parts("5", "3", "2027"), "2027-03-05");
        assert_eq!(from_parts(" 05 ", "12", "2026"), "2026-12-05");
        assert_eq!(from_parts("", "", ""), "");
        assert_eq!(
            parse("The date", &from_parts("5", "3", "2027")),
            Ok(date!(2027 - 03 - 05))
        );
        let said = |d: &str, m: &str, y: &str| parse("The date", &from_parts(d, m, y)).unwrap_err();
        assert_eq!(said("", "3", "2027"), "The date must include a day");
        assert_eq!(said("5", "", "2027"), "The date must include a month");
        assert_eq!(said("5", "3", ""), "The date must include a year");
        assert_eq!(
            said("", "", "2027"),
            "The date must include a day and month"
        );
        assert_eq!(
            said("5", "3", "27"),
            "The date: the year must include 4 numbers"
        );
        assert_eq!(
            said("31", "2", "2027"),
            "The date must be a real date, for example 27 3 2024"
        );
        assert_eq!(
            said("x", "3", "2027"),
            "The date must be a real date, for example 27 3 2024"
        );
        assert_eq!(
            to_parts("2027-03-05"),
            ("5".into(), "3".into(), "2027".into())
        );
        assert_eq!(to_parts("2027--x"), ("x".into(), "".into(), "2027".into()));
        assert_eq!(hint(date!(2024 - 03 - 27)), "27 3 2024");
    }

    proptest! {
        #[test]
        fn typed_parts_round_trip(days in 0i64..40_000) {
            let d = date!(1950 - 01 - 01) + time::Duration::days(days);
            let (day, month, year) = to_parts(&d.to_string());
            prop_assert_eq!(parse("x", &from_parts(&day, &month, &year)), Ok(d));
        }

        #[test]
        fn every_day_reads_back(days in 0i64..40_000) {
            let d = date!(1950 - 01 - 01) + time::Duration::days(days);
            prop_assert_eq!(parse_iso_day(&d.to_string()), Some(d));
            let l = long(d);
            prop_assert!(l.ends_with(&d.year().to_string()));
            prop_assert!(l.starts_with(&d.day().to_string()));
        }
    }

    fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn date_inputs_become_one_iso_field_in_place() {
        let joined = join_date_inputs(pairs(&[
            ("title", "Review"),
            ("due_on[day]", "5"),
            ("due_on[month]", "3"),
            ("due_on[year]", "2027"),
            ("held_on[day]", ""),
            ("held_on[month]", ""),
            ("held_on[year]", ""),
            ("note", "x"),
        ]));
        assert_eq!(
            joined,
            pairs(&[
                ("title", "Review"),
                ("due_on", "2027-03-05"),
                ("held_on", ""),
                ("note", "x")
            ])
        );
        // Forms without date inputs pass unchanged.
        let plain = pairs(&[("a", "1"), ("b", "2026-01-01")]);
        assert_eq!(join_date_inputs(plain.clone()), plain);
    }
}
