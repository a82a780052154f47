//! One organisation's return to the national stocktake (docs/stocktake.md, draft 0.1): read
//! from a table of text (`staff_import::read_table`, CSV or XLSX) into typed cells, and
//! checked as the specification says, every error naming its row and column. Pure: nothing
//! here stores a return or knows who sent it. Not yet used by any front door.

use super::staff_import::{Table, column_letter};
use crate::domain::reference::reference;
use std::collections::BTreeMap;
use time::Date;

#[cfg(test)]
mod tests;

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

/// What a row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Measure {
    InPost,
    Amhp,
    Bia,
    Vacancies,
    Starters,
    Leavers,
    RegisteredPopulation,
}

/// Whether a column must hold a number, must be empty, or is not a number column at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Number,
    Empty,
}

impl Measure {
    pub const ALL: [Measure; 7] = [
        Measure::InPost,
        Measure::Amhp,
        Measure::Bia,
        Measure::Vacancies,
        Measure::Starters,
        Measure::Leavers,
        Measure::RegisteredPopulation,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Measure::InPost => "in_post",
            Measure::Amhp => "amhp",
            Measure::Bia => "bia",
            Measure::Vacancies => "vacancies",
            Measure::Starters => "starters",
            Measure::Leavers => "leavers",
            Measure::RegisteredPopulation => "registered_population",
        }
    }

    /// (headcount, wte) as the specification's table of measures says.
    fn needs(self) -> (Needs, Needs) {
        match self {
            Measure::InPost | Measure::Amhp | Measure::Bia => (Needs::Number, Needs::Number),
            Measure::Vacancies => (Needs::Empty, Needs::Number),
            Measure::Starters | Measure::Leavers | Measure::RegisteredPopulation => {
                (Needs::Number, Needs::Empty)
            }
        }
    }

    fn allows(self, d: Dimension) -> bool {
        match self {
            Measure::InPost => true,
            Measure::Vacancies => matches!(
                d,
                Dimension::Total | Dimension::Band | Dimension::ServiceModel
            ),
            Measure::Amhp | Measure::Bia | Measure::Starters | Measure::Leavers => {
                d == Dimension::Total
            }
            Measure::RegisteredPopulation => false,
        }
    }
}

/// Who employs the people a row counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Employer {
    Nhs,
    Other,
}

/// How a row's figure is broken down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Dimension {
    Total,
    Band,
    AgeGroup,
    EthnicCategory,
    Sex,
    Disability,
    ServiceModel,
}

/// The stocktake's own age groups, which mhsw's five-year bands each lie wholly inside.
pub const AGE_GROUPS: [&str; 5] = ["under_30", "30_39", "40_49", "50_plus", "not_known"];
/// Disability status as the stocktake reports it (preferring not to say is not recorded).
pub const DISABILITY: [&str; 3] = ["yes", "no", "not_recorded"];

impl Dimension {
    pub const ALL: [Dimension; 7] = [
        Dimension::Total,
        Dimension::Band,
        Dimension::AgeGroup,
        Dimension::EthnicCategory,
        Dimension::Sex,
        Dimension::Disability,
        Dimension::ServiceModel,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Dimension::Total => "total",
            Dimension::Band => "band",
            Dimension::AgeGroup => "age_group",
            Dimension::EthnicCategory => "ethnic_category",
            Dimension::Sex => "sex",
            Dimension::Disability => "disability",
            Dimension::ServiceModel => "service_model",
        }
    }

    /// The categories this dimension accepts.
    pub fn categories(self) -> Vec<String> {
        let r = reference();
        let list = |l: &crate::domain::RefList| l.items.iter().map(|i| i.code.clone()).collect();
        match self {
            Dimension::Total => vec!["all".to_string()],
            Dimension::Band => list(&r.bands),
            Dimension::AgeGroup => AGE_GROUPS.iter().map(|s| s.to_string()).collect(),
            Dimension::EthnicCategory => list(&r.ethnic_categories),
            Dimension::Sex => list(&r.sexes),
            Dimension::Disability => DISABILITY.iter().map(|s| s.to_string()).collect(),
            Dimension::ServiceModel => list(&r.service_models),
        }
    }
}

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

fn at(row: usize, column: &'static str, message: impl Into<String>) -> ReturnError {
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
    let mut date: Option<(Date, usize)> = None;
    let mut ods: Option<(String, usize)> = None;
    for (row, values) in &table.rows {
        let row = *row;
        let get = |i: usize| values.get(i).map_or("", |s| s.trim());
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
    if table.rows.is_empty() {
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
        (Some((collection_date, _)), Some((ods_code, _))) if errors.is_empty() => {
            Ok(StocktakeReturn {
                collection_date,
                ods_code,
                cells,
            })
        }
        _ => Err(errors),
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
fn same_on_every_row<T: PartialEq + std::fmt::Display>(
    row: usize,
    column: &'static str,
    value: &str,
    first: &mut Option<(T, usize)>,
    errors: &mut Vec<ReturnError>,
    parse: impl Fn(&str) -> Result<T, String>,
) {
    match parse(value) {
        Err(m) => errors.push(at(row, column, m)),
        Ok(v) => match first {
            None => *first = Some((v, row)),
            Some((f, r)) if *f != v => errors.push(at(
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
    let Some(measure) = Measure::ALL.into_iter().find(|m| m.code() == measure_code) else {
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
        ("nhs", false) => Some(Employer::Nhs),
        ("other", false) => Some(Employer::Other),
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
        Some(d) if !d.categories().contains(&category) => errors.push(at(
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
    let Some(d) = Dimension::ALL.into_iter().find(|d| d.code() == code) else {
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
    let fraction: u64 = format!("{fraction:0<2}").parse().map_err(|_| bad())?;
    units
        .checked_mul(100)
        .and_then(|u| u.checked_add(fraction))
        .ok_or_else(bad)
}

/// A WTE in hundredths as people write it.
pub fn show_wte(h: Hundredths) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

/// The checks across rows: no cell twice, totals present and matched by each dimension,
/// AMHPs and BIAs within those in post, one population.
fn check_cells(cells: &[Cell]) -> Vec<ReturnError> {
    let mut errors = Vec::new();
    type Key<'a> = (Measure, Option<Employer>, Option<Dimension>, &'a str);
    let mut seen: BTreeMap<Key, usize> = BTreeMap::new();
    for c in cells {
        let key = (c.measure, c.employer, c.dimension, c.category.as_str());
        if let Some(first) = seen.insert(key, c.row) {
            errors.push(ReturnError {
                row: Some(c.row),
                column: None,
                message: format!("the same cell as row {first}: give each cell once"),
            });
        }
    }
    let population_rows = cells
        .iter()
        .filter(|c| c.measure == Measure::RegisteredPopulation)
        .count();
    if population_rows != 1 {
        errors.push(ReturnError {
            row: None,
            column: Some("measure"),
            message: "give the registered_population once".into(),
        });
    }
    for measure in Measure::ALL {
        for employer in [Employer::Nhs, Employer::Other] {
            let of: Vec<&Cell> = cells
                .iter()
                .filter(|c| c.measure == measure && c.employer == Some(employer))
                .collect();
            if of.is_empty() {
                continue;
            }
            let total = of.iter().find(|c| c.dimension == Some(Dimension::Total));
            let Some(total) = total else {
                errors.push(ReturnError {
                    row: Some(of[0].row),
                    column: Some("dimension"),
                    message: format!(
                        "{} for {} has cells but no total row",
                        measure.code(),
                        employer_code(employer)
                    ),
                });
                continue;
            };
            errors.extend(check_sums(total, &of));
        }
    }
    errors.extend(check_within_in_post(cells));
    errors
}

fn employer_code(e: Employer) -> &'static str {
    match e {
        Employer::Nhs => "nhs",
        Employer::Other => "other",
    }
}

/// Each dimension's cells add up to the total: headcount exactly, WTE within 0.01 a cell.
fn check_sums(total: &Cell, of: &[&Cell]) -> Vec<ReturnError> {
    let mut errors = Vec::new();
    for d in Dimension::ALL.into_iter().skip(1) {
        let cells: Vec<&&Cell> = of.iter().filter(|c| c.dimension == Some(d)).collect();
        if cells.is_empty() {
            continue;
        }
        let where_ = |column: &'static str, message: String| ReturnError {
            row: Some(cells[0].row),
            column: Some(column),
            message,
        };
        if let Some(t) = total.headcount {
            let sum: u64 = cells.iter().filter_map(|c| c.headcount).sum();
            if sum != t {
                errors.push(where_(
                    "headcount",
                    format!(
                        "the {} cells of {} add up to {sum}, not the total {t} (row {})",
                        d.code(),
                        total.measure.code(),
                        total.row
                    ),
                ));
            }
        }
        if let Some(t) = total.wte {
            let sum: u64 = cells.iter().filter_map(|c| c.wte).sum();
            if sum.abs_diff(t) > cells.len() as u64 {
                errors.push(where_(
                    "wte",
                    format!(
                        "the {} cells of {} add up to {} WTE, not the total {} (row {})",
                        d.code(),
                        total.measure.code(),
                        show_wte(sum),
                        show_wte(t),
                        total.row
                    ),
                ));
            }
        }
    }
    errors
}

/// AMHPs and BIAs are people in post, so never more than them.
fn check_within_in_post(cells: &[Cell]) -> Vec<ReturnError> {
    let total = |m: Measure, e: Employer| {
        cells.iter().find(|c| {
            c.measure == m && c.employer == Some(e) && c.dimension == Some(Dimension::Total)
        })
    };
    let mut errors = Vec::new();
    for e in [Employer::Nhs, Employer::Other] {
        let in_post = total(Measure::InPost, e);
        for m in [Measure::Amhp, Measure::Bia] {
            if let Some(c) = total(m, e) {
                let most = in_post.and_then(|p| p.headcount).unwrap_or(0);
                if c.headcount.unwrap_or(0) > most {
                    errors.push(at(
                        c.row,
                        "headcount",
                        format!(
                            "{} {} are more than the {most} in post",
                            c.headcount.unwrap_or(0),
                            m.code()
                        ),
                    ));
                }
            }
        }
    }
    errors
}
