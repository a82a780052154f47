//! The template a return is filled in on: the headings and an example row for each measure,
//! served as CSV and XLSX. The example is itself a valid return (a test reads it back), so
//! that an organisation that edits its figures in keeps a return that adds up.

use super::HEADINGS;

/// The example's ODS code: replace it with your own.
pub const EXAMPLE_ODS: &str = "ABC";

/// The example's collection date (a fixed past census day, so the template never changes
/// with the day it is downloaded).
pub const EXAMPLE_DATE: &str = "2026-09-30";

/// The template's rows below the headings: (measure, employer, dimension, category,
/// headcount, wte).
const EXAMPLE: [[&str; 6]; 13] = [
    ["in_post", "nhs", "total", "all", "12", "11.20"],
    ["in_post", "nhs", "band", "6", "7", "6.60"],
    ["in_post", "nhs", "band", "7", "4", "3.60"],
    ["in_post", "nhs", "band", "8a", "1", "1.00"],
    ["in_post", "nhs", "age_group", "30_39", "5", "4.60"],
    ["in_post", "nhs", "age_group", "40_49", "7", "6.60"],
    ["in_post", "other", "total", "all", "3", "3.00"],
    ["amhp", "nhs", "total", "all", "4", "3.80"],
    ["bia", "nhs", "total", "all", "1", "1.00"],
    ["vacancies", "nhs", "total", "all", "", "2.00"],
    ["starters", "nhs", "total", "all", "2", ""],
    ["leavers", "nhs", "total", "all", "1", ""],
    ["registered_population", "", "", "", "250000", ""],
];

/// The headings and the example rows, each a full row of the layout.
pub fn template_rows() -> Vec<Vec<String>> {
    let mut rows = vec![HEADINGS.iter().map(|h| h.to_string()).collect()];
    for r in EXAMPLE {
        let mut row = vec![EXAMPLE_DATE.to_string(), EXAMPLE_ODS.to_string()];
        row.extend(r.iter().map(|s| s.to_string()));
        rows.push(row);
    }
    rows
}

/// The template as CSV text.
pub fn template_csv() -> String {
    let mut out = String::new();
    for row in template_rows() {
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}

/// The template as an XLSX workbook: numbers as numbers, everything else as text (so that
/// a spreadsheet does not turn the date or the band "8a" into something else).
pub fn template_xlsx() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Return")?;
    for (r, row) in template_rows().iter().enumerate() {
        for (c, value) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            let numeric = r > 0 && c >= 6 && !value.is_empty();
            match value.parse::<f64>() {
                Ok(n) if numeric => sheet.write_number(r, c, n)?,
                _ => sheet.write_string(r, c, value)?,
            };
        }
    }
    book.save_to_buffer()
}
