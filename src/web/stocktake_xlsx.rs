//! The national stocktake's results as an XLSX workbook: England's headline figures, each
//! region's, then one sheet per distribution with England and every region side by side.
//! Hidden counts are written as "*", exactly as the page and the API show them.

use crate::domain::disclosure::Shown;
use crate::domain::reference::reference;
use crate::service::stocktake::national::NationalView;
use crate::web::html::stocktake::group_label;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn shown(sheet: &mut Worksheet, r: u32, c: u16, s: Shown) -> Result<(), XlsxError> {
    match s {
        Shown::Value(v) => sheet.write_number(r, c, v as f64)?,
        Shown::Suppressed => sheet.write_string(r, c, "*")?,
    };
    Ok(())
}

fn maybe(sheet: &mut Worksheet, r: u32, c: u16, v: Option<f64>) -> Result<(), XlsxError> {
    match v {
        Some(x) => sheet.write_number(r, c, x)?,
        None => sheet.write_string(r, c, "*")?,
    };
    Ok(())
}

fn header(sheet: &mut Worksheet, headings: &[&str], bold: &Format) -> Result<(), XlsxError> {
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, bold)?;
        sheet.set_column_width(c as u16, if c == 0 { 34 } else { 16 })?;
    }
    Ok(())
}

/// The workbook for `v` (which has a collection: the caller checks).
pub fn national_xlsx(v: &NationalView) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let regions = &reference().regions;
    let areas: Vec<&crate::domain::stocktake::national::AreaFigures> =
        v.england.iter().chain(v.regions.iter()).collect();
    let name = |area: &str| {
        if area == "england" {
            "England".to_string()
        } else {
            regions.label(area).to_string()
        }
    };
    let summary = book.add_worksheet().set_name("Summary")?;
    header(
        summary,
        &[
            "Area",
            "Organisations",
            "Employing none",
            "People",
            "WTE",
            "NHS-employed WTE",
            "Others' WTE",
            "NHS-employed share (%)",
            "WTE per 100,000",
            "Per organisation: mean",
            "Per organisation: lowest",
            "Per organisation: highest",
            "AMHPs",
            "BIAs",
        ],
        &bold,
    )?;
    for (i, a) in areas.iter().enumerate() {
        let r = i as u32 + 1;
        summary.write_string(r, 0, name(&a.area))?;
        summary.write_number(r, 1, a.organisations as f64)?;
        summary.write_number(r, 2, a.employing_none as f64)?;
        shown(summary, r, 3, a.headcount)?;
        maybe(summary, r, 4, a.wte)?;
        maybe(summary, r, 5, a.nhs_wte)?;
        maybe(summary, r, 6, a.other_wte)?;
        maybe(summary, r, 7, a.nhs_share)?;
        maybe(summary, r, 8, a.wte_per_100k)?;
        maybe(summary, r, 9, a.per_organisation.map(|s| s.mean))?;
        maybe(summary, r, 10, a.per_organisation.map(|s| s.min))?;
        maybe(summary, r, 11, a.per_organisation.map(|s| s.max))?;
        shown(summary, r, 12, a.amhps)?;
        shown(summary, r, 13, a.bias)?;
    }
    let note_row = areas.len() as u32 + 2;
    if let Some(day) = v.collection_date {
        summary.write_string(note_row, 0, format!("Collection date {day}"))?;
    }
    summary.write_string(note_row + 1, 0, &v.disclosure_note)?;
    let Some(england) = &v.england else {
        return book.save_to_buffer();
    };
    for (d, dist) in england.distributions.iter().enumerate() {
        let sheet = book.add_worksheet().set_name(&dist.dimension)?;
        let mut headings = vec![
            dist.dimension.as_str(),
            "Code",
            "England",
            "England share (%)",
        ];
        let region_names: Vec<String> = v.regions.iter().map(|r| name(&r.area)).collect();
        headings.extend(region_names.iter().map(String::as_str));
        header(sheet, &headings, &bold)?;
        for (i, g) in dist.groups.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, group_label(&dist.dimension, &g.code))?;
            sheet.write_string(r, 1, &g.code)?;
            shown(sheet, r, 2, g.headcount)?;
            maybe(sheet, r, 3, g.share)?;
            for (k, region) in v.regions.iter().enumerate() {
                let cell = region.distributions[d].groups.get(i).map(|g| g.headcount);
                shown(sheet, r, 4 + k as u16, cell.unwrap_or(Shown::Suppressed))?;
            }
        }
    }
    book.save_to_buffer()
}
