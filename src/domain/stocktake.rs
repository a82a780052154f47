//! One organisation's return to the national stocktake (docs/stocktake.md, draft 0.1): read
//! from a table of text (`staff_import::read_table`, CSV or XLSX) into typed cells, and
//! checked as the specification says, every error naming its row and column. Pure: nothing
//! here stores a return or knows who sent it. Not yet used by any front door.

use super::staff_import::{Table, column_letter};
use time::Date;

mod checks;
mod codes;
mod generate;
pub mod national;
mod template;
#[cfg(test)]
mod tests;

use checks::check_cells;
use codes::Needs;
pub use codes::{AGE_GROUPS, DISABILITY, Dimension, Employer, Measure};
pub use generate::{Omitted, Person, Vacant, age_group_on, generate, to_csv};
pub use template::{EXAMPLE_ODS, template_csv, template_xlsx};

/// The headings of a return, in order.
pub const HEADINGS: [&str; 8] = [
    "collection_date",
    "ods_code",
    "measure",
    "employer",
    "dimension",
    "category",
    "headcount",
    "wte",
];

/// Whole-time equivalent in hundredths (1.00 WTE is 100), so sums are exact.
pub type Hundredths = u64;

/// One cell of a return.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    /// The row of the file it came from (the heading row is row 1).
    pub row: usize,
    pub measure: Measure,
    pub employer: Option<Employer>,
    pub dimension: Option<Dimension>,
    pub category: String,
    pub headcount: Option<u64>,
    pub wte: Option<Hundredths>,
}

/// A return that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StocktakeReturn {
    pub collection_date: Date,
    pub ods_code: String,
    pub cells: Vec<Cell>,
}

/// What is wrong, and where: a row (the heading row is 1) and a column, when there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReturnError {
    pub row: Option<usize>,
    pub column: Option<&'static str>,
    pub message: String,
}

impl std::fmt::Display for ReturnError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let column = |c: &str| {
            let i = HEADINGS.iter().position(|h| *h == c).unwrap_or(0);
            format!("column {} ({c})", column_letter(i))
        };
        match (self.row, self.column) {
            (Some(r), Some(c)) => write!(f, "Row {r}, {}: {}", column(c), self.message),
            (Some(r), None) => write!(f, "Row {r}: {}", self.message),
            (None, Some(c)) => write!(f, "{}: {}", column(c), self.message),
            (None, None) => f.write_str(&self.message),
        }
    }
}

pub(super) fn at(row: usize, column: &'static str, message: impl Into<String>) -> ReturnError {
    ReturnError {
        row: Some(row),
        column: Some(column),
        message: message.into(),
    }
}

/// Reads and checks a return. `today` bounds the collection date; `known_ods` says whether
/// an ODS code is an organisation's that mhsw knows. Every error found is returned, not
/// only the first.
pub fn read_return(
    table: &Table,
    today: Date,
    known_ods: impl Fn(&str) -> bool,
) -> Result<StocktakeReturn, Vec<ReturnError>> {
    check_headings(&table.headings)?;
    let mut errors = Vec::new();
    let mut cells = Vec::new();
    let mut date: Option<(Date, usize, &str)> = None;
    let mut ods: Option<(String, usize, &str)> = None;
    for values in table.rows() {
        let row = values.line;
        let get = |i: usize| values.get(i).map_or("", str::trim);
        same_on_every_row(
            row,
            "collection_date",
            get(0),
            &mut date,
            &mut errors,
            |s| parse_date(s, today),
        );
        same_on_every_row(row, "ods_code", get(1), &mut ods, &mut errors, |s| {
            let code = s.to_ascii_uppercase();
            if code.is_empty() {
                Err("Enter the organisation's ODS code".to_string())
            } else if known_ods(&code) {
                Ok(code)
            } else {
                Err(format!(
                    "{s} is not the ODS code of an organisation in mhsw"
                ))
            }
        });
        match read_cell(row, &|i| get(i)) {
            Ok(c) => cells.push(c),
            Err(mut e) => errors.append(&mut e),
        }
    }
    if table.is_empty() {
        errors.push(ReturnError {
            row: None,
            column: None,
            message: "The return has no rows below its headings".into(),
        });
    }
    if errors.is_empty() {
        errors.extend(check_cells(&cells));
    }
    match (date, ods) {
        (Some((collection_date, ..)), Some((ods_code, ..))) if errors.is_empty() => {
            Ok(StocktakeReturn {
                collection_date,
                ods_code,
                cells,
            })
        }
        _ => Err(errors),
    }
}

/// The error for a spreadsheet cell holding a formula, at `row` (the heading row is 1) and
/// column `i` (from 0): refused, not evaluated, as a return states its figures.
pub fn formula_at(row: usize, i: usize, formula: &str) -> ReturnError {
    let message = format!(
        "\"{}\" is a formula: enter the figure itself (formulas are not evaluated)",
        formula.trim()
    );
    match HEADINGS.get(i) {
        Some(column) => at(row, column, message),
        None => ReturnError {
            row: Some(row),
            column: None,
            message: format!("column {}: {message}", column_letter(i)),
        },
    }
}

fn check_headings(headings: &[String]) -> Result<(), Vec<ReturnError>> {
    let given: Vec<String> = headings
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if given == HEADINGS {
        return Ok(());
    }
    let mut errors = Vec::new();
    for (i, h) in given.iter().enumerate() {
        match HEADINGS.get(i) {
            Some(want) if h == want => {}
            Some(want) => errors.push(ReturnError {
                row: Some(1),
                column: None,
                message: format!(
                    "Column {} is headed \"{}\"; it should be \"{want}\"",
                    column_letter(i),
                    headings[i].trim()
                ),
            }),
            None => errors.push(ReturnError {
                row: Some(1),
                column: None,
                message: format!(
                    "Column {} (\"{}\") is not in the return's layout; remove it",
                    column_letter(i),
                    headings[i].trim()
                ),
            }),
        }
    }
    for (i, want) in HEADINGS.iter().enumerate().skip(given.len()) {
        errors.push(ReturnError {
            row: Some(1),
            column: None,
            message: format!("Column {} should be headed \"{want}\"", column_letter(i)),
        });
    }
    Err(errors)
}

/// Checks that `value` parses and is the same as on the first row that gave one.
fn same_on_every_row<'t, T: PartialEq + std::fmt::Display>(
    row: usize,
    column: &'static str,
    value: &'t str,
    first: &mut Option<(T, usize, &'t str)>,
    errors: &mut Vec<ReturnError>,
    parse: impl Fn(&str) -> Result<T, String>,
) {
    // The same text as the first row's reads the same: not parsed again on every row.
    if first.as_ref().is_some_and(|(_, _, text)| *text == value) {
        return;
    }
    match parse(value) {
        Err(m) => errors.push(at(row, column, m)),
        Ok(v) => match first {
            None => *first = Some((v, row, value)),
            Some((f, r, _)) if *f != v => errors.push(at(
                row,
                column,
                format!("{v} differs from row {r}'s {f}: a return is for one {column}"),
            )),
            Some(_) => {}
        },
    }
}

fn parse_date(s: &str, today: Date) -> Result<Date, String> {
    let d = Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
        .map_err(|_| format!("\"{s}\" is not a date written as YYYY-MM-DD"))?;
    if d > today {
        return Err(format!("{d} is in the future"));
    }
    Ok(d)
}

fn read_cell<'a>(row: usize, get: &dyn Fn(usize) -> &'a str) -> Result<Cell, Vec<ReturnError>> {
    let mut errors = Vec::new();
    let measure_code = get(2);
    let Some(measure) = Measure::from_code(measure_code) else {
        let list: Vec<&str> = Measure::ALL.iter().map(|m| m.code()).collect();
        return Err(vec![at(
            row,
            "measure",
            format!(
                "\"{measure_code}\" is not a measure: use one of {}",
                list.join(", ")
            ),
        )]);
    };
    let population = measure == Measure::RegisteredPopulation;
    let employer = match (get(3), population) {
        ("", true) => None,
        (e, false) if Employer::from_code(e).is_some() => Employer::from_code(e),
        (e, true) => {
            errors.push(at(
                row,
                "employer",
                format!("leave it empty for {measure_code}, not \"{e}\""),
            ));
            None
        }
        (e, false) => {
            errors.push(at(
                row,
                "employer",
                format!("\"{e}\" is not an employer: use nhs or other"),
            ));
            None
        }
    };
    let dimension = read_dimension(row, measure, get(4), &mut errors);
    let category = get(5).to_string();
    match dimension {
        Some(d) if !d.accepts(&category) => errors.push(at(
            row,
            "category",
            format!(
                "\"{category}\" is not a {} category: use one of {}",
                d.code(),
                d.categories().join(", ")
            ),
        )),
        None if population && !category.is_empty() => errors.push(at(
            row,
            "category",
            format!("leave it empty for {measure_code}"),
        )),
        _ => {}
    }
    let (needs_headcount, needs_wte) = measure.needs();
    let headcount = read_number(
        row,
        "headcount",
        get(6),
        needs_headcount,
        measure_code,
        &mut errors,
        whole,
    );
    let wte = read_number(
        row,
        "wte",
        get(7),
        needs_wte,
        measure_code,
        &mut errors,
        hundredths,
    );
    if let (Some(h), Some(w)) = (headcount, wte)
        && w > h * 100
    {
        errors.push(at(
            row,
            "wte",
            format!("{} WTE is more than {h} people can work", show_wte(w)),
        ));
    }
    if errors.is_empty() {
        Ok(Cell {
            row,
            measure,
            employer,
            dimension,
            category,
            headcount,
            wte,
        })
    } else {
        Err(errors)
    }
}

fn read_dimension(
    row: usize,
    measure: Measure,
    code: &str,
    errors: &mut Vec<ReturnError>,
) -> Option<Dimension> {
    if measure == Measure::RegisteredPopulation {
        if !code.is_empty() {
            errors.push(at(
                row,
                "dimension",
                format!("leave it empty for {}", measure.code()),
            ));
        }
        return None;
    }
    let Some(d) = Dimension::from_code(code) else {
        let list: Vec<&str> = Dimension::ALL.iter().map(|d| d.code()).collect();
        errors.push(at(
            row,
            "dimension",
            format!(
                "\"{code}\" is not a dimension: use one of {}",
                list.join(", ")
            ),
        ));
        return None;
    };
    if !measure.allows(d) {
        errors.push(at(
            row,
            "dimension",
            format!("{} is not broken down by {}", measure.code(), d.code()),
        ));
        return None;
    }
    Some(d)
}

fn read_number(
    row: usize,
    column: &'static str,
    text: &str,
    needs: Needs,
    measure: &str,
    errors: &mut Vec<ReturnError>,
    parse: fn(&str) -> Result<u64, String>,
) -> Option<u64> {
    match (needs, text) {
        (Needs::Empty, "") => None,
        (Needs::Empty, t) => {
            errors.push(at(
                row,
                column,
                format!("leave it empty for {measure}, not \"{t}\""),
            ));
            None
        }
        (Needs::Number, "") => {
            errors.push(at(row, column, format!("enter the {column} for {measure}")));
            None
        }
        (Needs::Number, t) => match parse(t) {
            Ok(n) => Some(n),
            Err(m) => {
                errors.push(at(row, column, m));
                None
            }
        },
    }
}

fn whole(t: &str) -> Result<u64, String> {
    if t.starts_with('=') {
        return Err("a formula is not read: enter the number itself".into());
    }
    t.parse::<u64>()
        .map_err(|_| format!("\"{t}\" is not a whole number from 0"))
}

/// A WTE with at most two decimals, in hundredths.
fn hundredths(t: &str) -> Result<u64, String> {
    let bad = || format!("\"{t}\" is not a WTE: a number from 0 with at most two decimals");
    if t.starts_with('=') {
        return Err("a formula is not read: enter the number itself".into());
    }
    let (units, fraction) = t.split_once('.').unwrap_or((t, ""));
    if units.is_empty() && fraction.is_empty()
        || fraction.len() > 2
        || !units.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let units: u64 = if units.is_empty() {
        0
    } else {
        units.parse().map_err(|_| bad())?
    };
    // One or two digits (checked above): ".5" is fifty hundredths, ".05" five.
    let mut digits = fraction.bytes().map(|b| u64::from(b - b'0'));
    let fraction = digits.next().unwrap_or(0) * 10 + digits.next().unwrap_or(0);
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(fraction))
        .ok_or_else(bad)
}

/// A WTE in hundredths as people write it.
pub fn show_wte(h: Hundredths) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}
