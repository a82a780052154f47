//! The register check: reading Social Work England's bulk-search CSV and working out what it
//! changes, before anything is written.
//!
//! SWE lets employers search up to 100 registration numbers at a time and download the
//! results as CSV (docs/sources.md#registration-and-renewal) [VERIFIED]. The file's headings and status wording are
//! not published (NOT FOUND), so they come from `data/register-csv.toml` (a `RegisterFormat`),
//! and any column we do not know is refused rather than guessed at.

use super::SweNumber;
use super::registration::RegistrationStatus;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use time::Date;

/// The register's bulk search takes at most this many numbers at once (docs/sources.md#registration-and-renewal).
pub const BULK_SEARCH_LIMIT: usize = 100;

/// The numbers to search, in batches the register accepts.
pub fn batches(numbers: &[String]) -> Vec<Vec<String>> {
    numbers
        .chunks(BULK_SEARCH_LIMIT)
        .map(|c| c.to_vec())
        .collect()
}

/// How to read the register's CSV (see `data/register-csv.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegisterFormat {
    pub columns: Columns,
    pub required: Vec<String>,
    pub statuses: BTreeMap<String, String>,
    pub not_found: Vec<String>,
    pub annotations: AnnotationWords,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Columns {
    pub number: Vec<String>,
    pub status: Vec<String>,
    pub registered_until: Vec<String>,
    pub conditions: Vec<String>,
    pub annotations: Vec<String>,
    pub ignored: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnotationWords {
    pub amhp: Vec<String>,
    pub bia: Vec<String>,
}

const DEFAULT_FORMAT: &str = include_str!("../../data/register-csv.toml");

impl RegisterFormat {
    /// Parses and checks a format file: every status must map to a known status and every
    /// required column must be a column this reader has.
    pub fn parse(text: &str) -> Result<RegisterFormat, String> {
        let f: RegisterFormat = toml::from_str(text).map_err(|e| e.to_string())?;
        for (wording, code) in &f.statuses {
            if RegistrationStatus::parse(code).is_none() {
                return Err(format!(
                    "status \"{wording}\" maps to unknown status {code}"
                ));
            }
        }
        for r in &f.required {
            if !Field::ALL.iter().any(|x| x.key() == r) {
                return Err(format!("required column {r} is not a column mhsw reads"));
            }
        }
        Ok(f)
    }

    /// The format shipped in `data/register-csv.toml`.
    pub fn shipped() -> RegisterFormat {
        Self::parse(DEFAULT_FORMAT).expect("data/register-csv.toml is checked by a unit test")
    }

    /// The columns this format reads, for the page that says what file is expected.
    pub fn columns_for_display(&self) -> Vec<ColumnDoc> {
        let mut out: Vec<ColumnDoc> = Field::ALL
            .iter()
            .map(|f| ColumnDoc {
                name: field_label(*f),
                required: self.required.iter().any(|r| r == f.key()),
                headings: self.headings(*f).to_vec(),
            })
            .collect();
        out.push(ColumnDoc {
            name: "read but not used",
            required: false,
            headings: self.columns.ignored.clone(),
        });
        out
    }

    fn headings(&self, field: Field) -> &[String] {
        let c = &self.columns;
        match field {
            Field::Number => &c.number,
            Field::Status => &c.status,
            Field::RegisteredUntil => &c.registered_until,
            Field::Conditions => &c.conditions,
            Field::Annotations => &c.annotations,
        }
    }

    /// The field a heading names, `Ok(None)` for a known column mhsw ignores, or `Err` for
    /// an unknown heading.
    fn classify(&self, heading: &str) -> Result<Option<Field>, ()> {
        let h = fold(heading);
        for field in Field::ALL {
            if self.headings(field).iter().any(|x| fold(x) == h) {
                return Ok(Some(field));
            }
        }
        if self.columns.ignored.iter().any(|x| fold(x) == h) {
            return Ok(None);
        }
        Err(())
    }
}

/// One column as the register-check page describes it.
#[derive(Debug, Clone, Serialize)]
pub struct ColumnDoc {
    pub name: &'static str,
    pub required: bool,
    pub headings: Vec<String>,
}

/// A heading with case, spaces and punctuation removed, so "Registration No." matches
/// "registration_no".
fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Number,
    Status,
    RegisteredUntil,
    Conditions,
    Annotations,
}

impl Field {
    const ALL: [Field; 5] = [
        Field::Number,
        Field::Status,
        Field::RegisteredUntil,
        Field::Conditions,
        Field::Annotations,
    ];

    fn key(self) -> &'static str {
        match self {
            Field::Number => "number",
            Field::Status => "status",
            Field::RegisteredUntil => "registered_until",
            Field::Conditions => "conditions",
            Field::Annotations => "annotations",
        }
    }
}

/// What the register says about one number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegisterEntry {
    pub status: RegistrationStatus,
    pub registered_until: Option<Date>,
    pub conditions: String,
    pub amhp: bool,
    pub bia: bool,
}

/// One data row of the file. `entry` is `None` when the register has no entry for the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    /// The row as a spreadsheet numbers it: the heading is row 1.
    pub row: usize,
    pub number: String,
    pub entry: Option<RegisterEntry>,
}

/// Reads the register's CSV. Every problem is reported, each naming its row or column; a file
/// with any problem yields no rows at all.
pub fn parse_csv(text: &str, format: &RegisterFormat) -> Result<Vec<RegisterRow>, Vec<String>> {
    let text = text.trim_start_matches('\u{feff}');
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| vec![format!("The file could not be read as CSV: {e}")])?
        .clone();
    let columns = map_columns(&headers, format)?;
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    let mut first_seen: HashMap<String, usize> = HashMap::new();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                errors.push(format!("Row {row}: could not be read as CSV ({e})"));
                continue;
            }
        };
        if record.iter().all(str::is_empty) {
            continue;
        }
        // Read flexibly so that every such row is named, not just the first.
        if record.len() != headers.len() {
            let n = record.len();
            errors.push(format!(
                "Row {row}: has {n} field{} but the headings have {}; a value may hold an unquoted comma",
                if n == 1 { "" } else { "s" },
                headers.len()
            ));
            continue;
        }
        match parse_row(row, &record, &columns, format) {
            Ok(r) => {
                if let Some(first) = first_seen.insert(r.number.clone(), row) {
                    errors.push(format!(
                        "Row {row}: registration number {} is also on row {first}; each number must appear once",
                        r.number
                    ));
                } else {
                    rows.push(r);
                }
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if rows.is_empty() && errors.is_empty() {
        errors.push("The file has no rows under its headings".to_string());
    }
    if errors.is_empty() {
        Ok(rows)
    } else {
        Err(errors)
    }
}

/// Column positions of the fields we read, checking headings against the format.
fn map_columns(
    headers: &csv::StringRecord,
    format: &RegisterFormat,
) -> Result<Vec<(usize, Field)>, Vec<String>> {
    let mut errors = Vec::new();
    let mut columns: Vec<(usize, Field)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match format.classify(h) {
            Ok(Some(field)) if columns.iter().any(|(_, f)| *f == field) => errors.push(format!(
                "Column {} (\"{h}\") repeats the {} column",
                i + 1,
                field_label(field)
            )),
            Ok(Some(field)) => columns.push((i, field)),
            Ok(None) => {}
            Err(()) if h.is_empty() => {
                errors.push(format!("Column {} has no heading", i + 1));
            }
            Err(()) => errors.push(format!(
                "Column {} (\"{h}\") is not a column mhsw knows; see the expected headings on this page",
                i + 1
            )),
        }
    }
    for key in &format.required {
        if let Some(field) = Field::ALL.into_iter().find(|f| f.key() == key)
            && !columns.iter().any(|(_, f)| *f == field)
        {
            errors.push(format!(
                "The file has no {} column (expected a heading such as \"{}\")",
                field_label(field),
                format.headings(field).first().map_or("", String::as_str)
            ));
        }
    }
    if errors.is_empty() {
        Ok(columns)
    } else {
        Err(errors)
    }
}

fn field_label(f: Field) -> &'static str {
    match f {
        Field::Number => "registration number",
        Field::Status => "status",
        Field::RegisteredUntil => "registered until",
        Field::Conditions => "conditions",
        Field::Annotations => "annotations",
    }
}

fn parse_row(
    row: usize,
    record: &csv::StringRecord,
    columns: &[(usize, Field)],
    format: &RegisterFormat,
) -> Result<RegisterRow, Vec<String>> {
    let cell = |field: Field| {
        columns
            .iter()
            .find(|(_, f)| *f == field)
            .and_then(|(i, _)| record.get(*i))
            .unwrap_or("")
    };
    let mut errors = Vec::new();
    let number = match SweNumber::parse(cell(Field::Number)) {
        Ok(n) => n.as_str().to_string(),
        Err(e) => {
            errors.push(format!("Row {row}, registration number: {e}"));
            String::new()
        }
    };
    let status_text = cell(Field::Status);
    let status_key = status_text.trim().to_lowercase();
    let found = !format
        .not_found
        .iter()
        .any(|w| w.to_lowercase() == status_key);
    let status = if found {
        match format
            .statuses
            .get(&status_key)
            .and_then(|c| RegistrationStatus::parse(c))
        {
            Some(s) => Some(s),
            None => {
                errors.push(format!(
                    "Row {row}, status: \"{status_text}\" is not a register status mhsw knows"
                ));
                None
            }
        }
    } else {
        None
    };
    let registered_until = match parse_register_date(cell(Field::RegisteredUntil)) {
        Ok(d) => d,
        Err(e) => {
            errors.push(format!("Row {row}, registered until: {e}"));
            None
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let annotations = cell(Field::Annotations).to_lowercase();
    let has = |words: &[String]| {
        words
            .iter()
            .any(|w| annotations.contains(&w.to_lowercase()))
    };
    Ok(RegisterRow {
        row,
        number,
        entry: status.map(|status| RegisterEntry {
            status,
            registered_until,
            conditions: normalise_conditions(cell(Field::Conditions)),
            amhp: has(&format.annotations.amhp),
            bia: has(&format.annotations.bia),
        }),
    })
}

/// "None" and similar placeholders mean no conditions.
fn normalise_conditions(s: &str) -> String {
    let t = s.trim();
    if ["none", "n/a", "-", "no"].contains(&t.to_lowercase().as_str()) {
        String::new()
    } else {
        t.to_string()
    }
}

/// Dates as the register or a spreadsheet may write them: 30/11/2027, 2027-11-30 or
/// 30 November 2027. Empty is `None`.
pub fn parse_register_date(s: &str) -> Result<Option<Date>, String> {
    use time::macros::format_description as fd;
    let t = s.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let formats = [
        fd!("[day padding:none]/[month padding:none]/[year]"),
        fd!("[year]-[month]-[day]"),
        fd!("[day padding:none] [month repr:long case_sensitive:false] [year]"),
        fd!("[day padding:none] [month repr:short case_sensitive:false] [year]"),
    ];
    formats
        .iter()
        .find_map(|f| Date::parse(t, f).ok())
        .map(Some)
        .ok_or_else(|| format!("\"{t}\" is not a date (use 30/11/2027 or 2027-11-30)"))
}

// ---------------------------------------------------------------------------------------
// What the file changes

/// What mhsw holds for one practitioner in the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub practitioner_id: i64,
    pub number: String,
    /// `None` when nothing has been recorded yet.
    pub entry: Option<RegisterEntry>,
}

/// One field that would change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    pub field: &'static str,
    pub from: String,
    pub to: String,
}

/// A practitioner whose record the file changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub row: usize,
    pub practitioner_id: i64,
    pub number: String,
    pub changes: Vec<FieldChange>,
    pub new: RegisterEntry,
}

/// Everything the file would do, computed before anything is written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportDiff {
    pub changed: Vec<Change>,
    /// Practitioners the file confirms as already recorded (their check date moves on).
    pub unchanged: Vec<i64>,
    /// Our practitioners whose number the register did not find: (row, number, id).
    pub not_on_register: Vec<(usize, String, i64)>,
    /// Numbers in the file that belong to nobody in this organisation: (row, number).
    pub not_ours: Vec<(usize, String)>,
}

impl ImportDiff {
    /// A short fingerprint of the changes, so that a confirmation applies exactly what was
    /// previewed (if the records moved on in between, the fingerprints differ).
    pub fn fingerprint(&self) -> String {
        use sha2::{Digest, Sha256};
        let json = serde_json::to_string(self).unwrap_or_default();
        let hash = Sha256::digest(json.as_bytes());
        hash.iter().take(12).map(|b| format!("{b:02x}")).collect()
    }
}

fn show_date(d: Option<Date>) -> String {
    d.map_or_else(String::new, |d| d.to_string())
}

fn show_annotations(e: &RegisterEntry) -> String {
    let mut v = Vec::new();
    if e.amhp {
        v.push("AMHP");
    }
    if e.bia {
        v.push("BIA");
    }
    v.join(", ")
}

/// The fields of `new` that differ from `old` (everything, when nothing was held).
fn field_changes(old: Option<&RegisterEntry>, new: &RegisterEntry) -> Vec<FieldChange> {
    let mut out = Vec::new();
    let mut push = |field, from: String, to: String| {
        if from != to {
            out.push(FieldChange { field, from, to });
        }
    };
    push(
        "status",
        old.map_or_else(String::new, |o| o.status.label().to_string()),
        new.status.label().to_string(),
    );
    push(
        "registered_until",
        old.map_or_else(String::new, |o| show_date(o.registered_until)),
        show_date(new.registered_until),
    );
    push(
        "conditions",
        old.map_or_else(String::new, |o| o.conditions.clone()),
        new.conditions.clone(),
    );
    push(
        "annotations",
        old.map_or_else(String::new, show_annotations),
        show_annotations(new),
    );
    out
}

/// Compares the file with what is held. Pure: the preview and the confirmation both call it,
/// and applying `changed` then comparing again yields no changes.
pub fn diff(held: &[Held], rows: &[RegisterRow]) -> ImportDiff {
    let by_number: HashMap<&str, &Held> = held.iter().map(|h| (h.number.as_str(), h)).collect();
    let mut out = ImportDiff::default();
    for r in rows {
        let Some(h) = by_number.get(r.number.as_str()) else {
            out.not_ours.push((r.row, r.number.clone()));
            continue;
        };
        match &r.entry {
            None => out
                .not_on_register
                .push((r.row, r.number.clone(), h.practitioner_id)),
            Some(new) => {
                let changes = field_changes(h.entry.as_ref(), new);
                if changes.is_empty() {
                    out.unchanged.push(h.practitioner_id);
                } else {
                    out.changed.push(Change {
                        row: r.row,
                        practitioner_id: h.practitioner_id,
                        number: r.number.clone(),
                        changes,
                        new: new.clone(),
                    });
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

    fn fmt() -> RegisterFormat {
        RegisterFormat::shipped()
    }

    #[test]
    fn the_shipped_format_parses() {
        let f = fmt();
        assert!(f.required.contains(&"number".to_string()));
        assert!(RegisterFormat::parse("[columns]\nnumber = []").is_err());
    }

    #[test]
    fn a_format_mapping_to_an_unknown_status_is_refused() {
        let bad =
            DEFAULT_FORMAT.replace("\"lapsed\" = \"lapsed\"", "\"lapsed\" = \"gone_fishing\"");
        let err = RegisterFormat::parse(&bad).unwrap_err();
        assert!(err.contains("gone_fishing"), "{err}");
    }

    #[test]
    fn reads_headings_in_any_order_and_case() {
        let csv = "Surname,STATUS,Registration No.,Registered until,Annotations,Conditions\n\
                   Okafor,Registered,sw 1234,30/11/2027,AMHP; BIA,None\n\
                   Patel,Lapsed,SW99,,,\n\
                   Smith,Not found,SW5,,,\n";
        let rows = parse_csv(csv, &fmt()).unwrap();
        assert_eq!(rows.len(), 3);
        let e = rows[0].entry.as_ref().unwrap();
        assert_eq!(rows[0].number, "SW1234");
        assert_eq!(rows[0].row, 2);
        assert_eq!(e.status, RegistrationStatus::Registered);
        assert_eq!(e.registered_until, Some(date!(2027 - 11 - 30)));
        assert!(e.amhp && e.bia);
        assert_eq!(e.conditions, "");
        assert_eq!(
            rows[1].entry.as_ref().unwrap().status,
            RegistrationStatus::Lapsed
        );
        assert_eq!(rows[2].entry, None);
    }

    #[test]
    fn unknown_and_missing_columns_are_named() {
        let errs = parse_csv("Registration number,Shoe size\nSW1,9\n", &fmt()).unwrap_err();
        assert!(
            errs.iter().any(|e| e.contains("Column 2 (\"Shoe size\")")),
            "{errs:?}"
        );
        assert!(
            errs.iter().any(|e| e.contains("no status column")),
            "{errs:?}"
        );
    }

    #[test]
    fn duplicate_numbers_name_both_rows() {
        let csv = "Registration number,Status\nSW1,Registered\nSW2,Registered\nsw1,Lapsed\n";
        let errs = parse_csv(csv, &fmt()).unwrap_err();
        assert_eq!(
            errs,
            ["Row 4: registration number SW1 is also on row 2; each number must appear once"]
        );
    }

    #[test]
    fn bad_cells_name_row_and_column() {
        let csv =
            "Registration number,Status,Registered until\nSW1,Dancing,31/02/2027\nXX,Registered,\n";
        let errs = parse_csv(csv, &fmt()).unwrap_err();
        assert!(
            errs.iter().any(|e| e.starts_with("Row 2, status")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("Row 2, registered until")),
            "{errs:?}"
        );
        assert!(
            errs.iter()
                .any(|e| e.starts_with("Row 3, registration number")),
            "{errs:?}"
        );
    }

    #[test]
    fn rows_with_more_or_fewer_fields_than_headings_are_refused_by_row() {
        let csv =
            "Registration number,Status\nSW1,Registered\nSW2,Registered,Extra\nSW3\nSW4,Lapsed\n";
        let errs = parse_csv(csv, &fmt()).unwrap_err();
        assert_eq!(
            errs,
            [
                "Row 3: has 3 fields but the headings have 2; a value may hold an unquoted comma",
                "Row 4: has 1 field but the headings have 2; a value may hold an unquoted comma",
            ]
        );
    }

    #[test]
    fn an_empty_file_is_refused() {
        assert!(parse_csv("Registration number,Status\n", &fmt()).is_err());
        assert!(parse_csv("", &fmt()).is_err());
    }

    #[test]
    fn dates_in_register_and_iso_forms() {
        assert_eq!(
            parse_register_date("1/12/2026"),
            Ok(Some(date!(2026 - 12 - 01)))
        );
        assert_eq!(
            parse_register_date("2026-12-01"),
            Ok(Some(date!(2026 - 12 - 01)))
        );
        assert_eq!(
            parse_register_date("30 November 2027"),
            Ok(Some(date!(2027 - 11 - 30)))
        );
        assert_eq!(parse_register_date(" "), Ok(None));
        assert!(parse_register_date("tomorrow").is_err());
    }

    #[test]
    fn batches_hold_at_most_one_hundred() {
        let numbers: Vec<String> = (1..=250).map(|i| format!("SW{i}")).collect();
        let b = batches(&numbers);
        assert_eq!(b.iter().map(Vec::len).collect::<Vec<_>>(), [100, 100, 50]);
        assert_eq!(b.concat(), numbers);
    }

    #[test]
    fn diff_sorts_rows_into_changed_unchanged_missing_and_foreign() {
        let reg = |status| RegisterEntry {
            status,
            registered_until: Some(date!(2026 - 11 - 30)),
            conditions: String::new(),
            amhp: false,
            bia: false,
        };
        let held = vec![
            Held {
                practitioner_id: 1,
                number: "SW1".into(),
                entry: Some(reg(RegistrationStatus::Registered)),
            },
            Held {
                practitioner_id: 2,
                number: "SW2".into(),
                entry: Some(reg(RegistrationStatus::Registered)),
            },
            Held {
                practitioner_id: 3,
                number: "SW3".into(),
                entry: None,
            },
        ];
        let rows = vec![
            RegisterRow {
                row: 2,
                number: "SW1".into(),
                entry: Some(reg(RegistrationStatus::Registered)),
            },
            RegisterRow {
                row: 3,
                number: "SW2".into(),
                entry: Some(reg(RegistrationStatus::Lapsed)),
            },
            RegisterRow {
                row: 4,
                number: "SW3".into(),
                entry: None,
            },
            RegisterRow {
                row: 5,
                number: "SW9".into(),
                entry: None,
            },
        ];
        let d = diff(&held, &rows);
        assert_eq!(d.unchanged, [1]);
        assert_eq!(d.changed.len(), 1);
        assert_eq!(
            d.changed[0].changes,
            [FieldChange {
                field: "status",
                from: "Registered".into(),
                to: "Lapsed".into()
            }]
        );
        assert_eq!(d.not_on_register, [(4, "SW3".to_string(), 3)]);
        assert_eq!(d.not_ours, [(5, "SW9".to_string())]);
    }

    fn any_entry() -> impl Strategy<Value = Option<RegisterEntry>> {
        proptest::option::of(
            (
                0usize..8,
                proptest::option::of(0i32..800),
                "[a-z ]{0,6}",
                any::<bool>(),
                any::<bool>(),
            )
                .prop_map(|(s, d, c, amhp, bia)| RegisterEntry {
                    status: RegistrationStatus::ALL[s],
                    registered_until: d
                        .map(|d| date!(2025 - 01 - 01) + time::Duration::days(d.into())),
                    conditions: c.trim().to_string(),
                    amhp,
                    bia,
                }),
        )
    }

    proptest! {
        /// Applying what the preview says and comparing again leaves nothing to change, and
        /// every row lands in exactly one bucket.
        #[test]
        fn applying_a_diff_settles_it(
            held_entries in proptest::collection::vec(any_entry(), 1..20),
            file_entries in proptest::collection::vec(any_entry(), 1..20),
        ) {
            let held: Vec<Held> = held_entries.iter().enumerate().map(|(i, e)| Held {
                practitioner_id: i as i64, number: format!("SW{}", i + 1), entry: e.clone(),
            }).collect();
            let rows: Vec<RegisterRow> = file_entries.iter().enumerate().map(|(i, e)| RegisterRow {
                row: i + 2, number: format!("SW{}", i + 1), entry: e.clone(),
            }).collect();
            let d = diff(&held, &rows);
            prop_assert_eq!(
                d.changed.len() + d.unchanged.len() + d.not_on_register.len() + d.not_ours.len(),
                rows.len()
            );
            let mut after = held.clone();
            for c in &d.changed {
                after[c.practitioner_id as usize].entry = Some(c.new.clone());
            }
            let again = diff(&after, &rows);
            prop_assert!(again.changed.is_empty());
            prop_assert_eq!(again.fingerprint() == d.fingerprint(), d.changed.is_empty());
        }
    }
}
