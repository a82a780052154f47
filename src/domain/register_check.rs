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

    /// Every heading the format knows, folded once, with the field it names (`None` for a
    /// column mhsw ignores); where a heading is listed twice, the first field in
    /// `Field::ALL` order names it. Folding the format's headings again for each of a
    /// file's headings cost a fuzzed file of 100,000 headings seconds.
    fn headings_known(&self) -> HashMap<String, Option<Field>> {
        let mut known = HashMap::new();
        for field in Field::ALL {
            for h in self.headings(field) {
                known.entry(fold(h)).or_insert(Some(field));
            }
        }
        for h in &self.columns.ignored {
            known.entry(fold(h)).or_insert(None);
        }
        known
    }
}

/// The field a heading names, `Ok(None)` for a known column mhsw ignores, or `Err` for an
/// unknown heading.
fn classify(known: &HashMap<String, Option<Field>>, heading: &str) -> Result<Option<Field>, ()> {
    known.get(&fold(heading)).copied().ok_or(())
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
    let known = format.headings_known();
    for (i, h) in headers.iter().enumerate() {
        match classify(&known, h) {
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
mod tests;
