//! The board report as files: an XLSX (one sheet per consideration, numbers as numbers)
//! and a tagged PDF (`board_report_pdf`), both from the same `BoardReport` as the page.

use crate::service::board_report::{BoardReport, Figure};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn figure(sheet: &mut Worksheet, r: u32, c: u16, f: Option<&Figure>) -> Result<(), XlsxError> {
    match f {
        Some(Figure { value: Some(v), .. }) => {
            sheet.write_number(r, c, *v)?;
        }
        Some(f) => {
            sheet.write_string(r, c, &f.text)?;
        }
        None => {
            sheet.write_string(r, c, "Not kept over time")?;
        }
    }
    Ok(())
}

pub fn xlsx(report: &BoardReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let summary = book.add_worksheet().set_name("Summary")?;
    summary.set_column_width(0, 60)?;
    summary.set_column_width(1, 16)?;
    summary.set_column_width(2, 16)?;
    summary.write_string_with_format(
        0,
        0,
        format!("Board report: {}", report.organisation),
        &bold,
    )?;
    summary.write_string(
        1,
        0,
        format!(
            "Period {} to {}; the period before {} to {}",
            report.period.from, report.period.to, report.previous.from, report.previous.to
        ),
    )?;
    summary.write_string(2, 0, &report.disclosure_note)?;
    summary.write_string_with_format(4, 0, "Consideration", &bold)?;
    summary.write_string_with_format(4, 1, "Rating (1 to 4)", &bold)?;
    summary.write_string_with_format(4, 2, "The period before", &bold)?;
    for (i, s) in report.sections.iter().enumerate() {
        let r = 5 + i as u32;
        summary.write_string(r, 0, format!("{}. {}", s.code, s.title))?;
        match s.rating {
            Some(v) => summary.write_number(r, 1, v)?,
            None => summary.write_string(r, 1, "Not rated")?,
        };
        match s.rating_before {
            Some(v) => summary.write_number(r, 2, v)?,
            None => summary.write_string(r, 2, "Not rated")?,
        };
    }
    for s in &report.sections {
        let sheet = book
            .add_worksheet()
            .set_name(format!("Consideration {}", s.code))?;
        sheet.set_column_width(0, 60)?;
        sheet.set_column_width(1, 18)?;
        sheet.set_column_width(2, 18)?;
        sheet.set_column_width(3, 60)?;
        sheet.write_string_with_format(0, 0, format!("{}. {}", s.code, s.title), &bold)?;
        for (c, h) in ["Measure", "This period", "The period before", "Source"]
            .iter()
            .enumerate()
        {
            sheet.write_string_with_format(2, c as u16, *h, &bold)?;
        }
        for (i, l) in s.lines.iter().enumerate() {
            let r = 3 + i as u32;
            sheet.write_string(r, 0, &l.label)?;
            figure(sheet, r, 1, Some(&l.now))?;
            figure(sheet, r, 2, l.before.as_ref())?;
            sheet.write_string(r, 3, &l.source)?;
        }
        if let Some(n) = &s.not_recorded {
            sheet.write_string(4 + s.lines.len() as u32, 0, n)?;
        }
    }
    let sheet = book.add_worksheet().set_name("By employer")?;
    sheet.set_column_width(0, 50)?;
    for (c, h) in [
        "Employer",
        "In post today",
        "Registration current today (%)",
        "CPD ready for renewal today (%)",
        "People with a supervision expectation",
        "Supervision in date (%)",
        "Overdue on the last day",
        "In date, the period before (%)",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    for (i, e) in report.by_employer.iter().enumerate() {
        let r = 1 + i as u32;
        sheet.write_string(r, 0, &e.employer)?;
        sheet.write_number(r, 1, e.in_post as f64)?;
        figure(sheet, r, 2, Some(&e.registration_current))?;
        figure(sheet, r, 3, Some(&e.cpd_ready))?;
        sheet.write_number(r, 4, e.people as f64)?;
        figure(sheet, r, 5, Some(&e.compliance))?;
        sheet.write_number(r, 6, e.overdue as f64)?;
        figure(sheet, r, 7, e.compliance_before.as_ref())?;
    }
    book.save_to_buffer()
}

pub use super::board_report_pdf::pdf;
