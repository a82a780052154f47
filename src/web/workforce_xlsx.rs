//! An organisation's workforce intelligence as an XLSX workbook: a summary sheet, one sheet
//! of every breakdown (headcount and WTE), vacancies by team, and the entered years. Hidden
//! counts are written as "*", exactly as the page and the API show them.

use crate::domain::disclosure::Shown;
use crate::domain::workforce::equality::Published;
use crate::service::workforce::intelligence::{Intelligence, WteShown};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

fn header(
    sheet: &mut Worksheet,
    r: u32,
    headings: &[&str],
    bold: &Format,
) -> Result<(), XlsxError> {
    for (c, h) in headings.iter().enumerate() {
        sheet.write_string_with_format(r, c as u16, *h, bold)?;
        sheet.set_column_width(c as u16, if c == 0 { 40 } else { 16 })?;
    }
    Ok(())
}

fn shown(sheet: &mut Worksheet, r: u32, c: u16, s: Shown) -> Result<(), XlsxError> {
    match s {
        Shown::Value(v) => sheet.write_number(r, c, v as f64)?,
        Shown::Suppressed => sheet.write_string(r, c, "*")?,
    };
    Ok(())
}

fn opt(sheet: &mut Worksheet, r: u32, c: u16, v: Option<f64>, none: &str) -> Result<(), XlsxError> {
    match v {
        Some(x) => sheet.write_number(r, c, x)?,
        None => sheet.write_string(r, c, none)?,
    };
    Ok(())
}

fn published(p: Published) -> Option<f64> {
    match p {
        Published::Value { value } => Some(value),
        Published::TooFew => None,
    }
}

pub fn workforce_xlsx(v: &Intelligence) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let s = book.add_worksheet().set_name("Summary")?;
    header(s, 0, &["Measure", "Value"], &bold)?;
    let scope = if v.filtered_to.is_empty() {
        v.organisation.clone()
    } else {
        format!("{}: {}", v.organisation, v.filtered_to)
    };
    s.write_string(1, 0, "Workforce of")?;
    s.write_string(1, 1, &scope)?;
    s.write_string(2, 0, "On")?;
    s.write_string(2, 1, v.day.to_string())?;
    let mut r = 3;
    let mut line = |s: &mut Worksheet, label: &str, value: Option<f64>| -> Result<u32, XlsxError> {
        s.write_string(r, 0, label)?;
        opt(s, r, 1, value, "")?;
        r += 1;
        Ok(r)
    };
    line(s, "Headcount in post", Some(v.headcount as f64))?;
    line(s, "Whole-time equivalent in post", Some(v.wte))?;
    line(s, "WTE per 100,000 registered population", v.wte_per_100k)?;
    line(s, "Funded establishment (WTE)", v.establishment_total)?;
    line(s, "Vacancies (WTE)", v.vacancy_total)?;
    line(
        s,
        "Newly qualified (ASYE)",
        Some(v.skill_mix.newly_qualified as f64),
    )?;
    line(s, "Senior and advanced", Some(v.skill_mix.senior as f64))?;
    line(s, "Newly qualified per senior", v.skill_mix.per_senior)?;
    line(s, "Starters in 12 months", Some(v.movement.starters as f64))?;
    line(s, "Leavers in 12 months", Some(v.movement.leavers as f64))?;
    line(s, "Turnover (%)", v.movement.turnover_percent)?;
    line(s, "AMHPs approved", Some(v.amhp.current as f64))?;
    line(s, "AMHPs needed", v.amhp.required.map(f64::from))?;
    line(s, "AMHP training", Some(v.amhp.in_training as f64))?;
    // A hidden count is left empty, as the equality cells are.
    line(
        s,
        &format!("AMHPs aged {} or over", v.amhp.succession_age),
        v.amhp.succession_count.parse::<f64>().ok(),
    )?;
    if let Some(re) = &v.race_equality {
        line(
            s,
            "BME share at band 8a and above (%)",
            published(re.representation.senior_share),
        )?;
        line(
            s,
            "BME share of the whole (%)",
            published(re.representation.whole_share),
        )?;
        line(
            s,
            "Relative likelihood of moving up a band (white to BME)",
            published(re.progression),
        )?;
        if let Some(a) = &re.appointment {
            line(
                s,
                "Relative likelihood of appointment from shortlisting (white to BME)",
                published(a.likelihood),
            )?;
        }
        if let Some(d) = &re.disciplinary {
            line(
                s,
                "Relative likelihood of entering a formal disciplinary process (BME to white)",
                published(d.likelihood),
            )?;
        }
    }
    let last = line(s, "", None)?;
    s.write_string(last, 0, &v.disclosure_note)?;
    let all = v.breakdowns.iter().chain(v.equality.iter().flatten());
    for b in all {
        let name: String = b.title.trim_start_matches("By ").chars().take(31).collect();
        let sheet = book.add_worksheet().set_name(capitalise(&name))?;
        header(sheet, 0, &["Group", "Headcount", "WTE"], &bold)?;
        for (i, row) in b.rows.iter().enumerate() {
            let r = i as u32 + 1;
            sheet.write_string(r, 0, &row.label)?;
            shown(sheet, r, 1, row.headcount)?;
            match row.wte {
                WteShown::Exact(w) => {
                    sheet.write_number(r, 2, w)?;
                }
                WteShown::Controlled(s) => shown(sheet, r, 2, s)?,
            }
        }
    }
    let sheet = book.add_worksheet().set_name("Vacancies")?;
    header(
        sheet,
        0,
        &[
            "Team",
            "Service model",
            "Establishment (WTE)",
            "In post (WTE)",
            "Vacancy (WTE)",
        ],
        &bold,
    )?;
    for (i, t) in v.vacancies.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, &t.team)?;
        sheet.write_string(r, 1, &t.service_model)?;
        opt(sheet, r, 2, t.establishment, "not entered")?;
        sheet.write_number(r, 3, t.in_post)?;
        opt(sheet, r, 4, t.vacancy, "")?;
    }
    let sheet = book.add_worksheet().set_name("Years")?;
    header(
        sheet,
        0,
        &[
            "Year ending",
            "Student placements",
            "Shortlisted (white)",
            "Appointed (white)",
            "Shortlisted (BME)",
            "Appointed (BME)",
            "Disciplinary (white)",
            "Disciplinary (BME)",
        ],
        &bold,
    )?;
    for (i, y) in v.years.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, y.year_ending.to_string())?;
        opt(sheet, r, 1, y.student_placements.map(|n| n as f64), "")?;
        let counts = [
            y.shortlisted_white,
            y.appointed_white,
            y.shortlisted_bme,
            y.appointed_bme,
            y.disciplinary_white,
            y.disciplinary_bme,
        ];
        for (c, n) in counts.iter().enumerate() {
            match n {
                Some(s) => shown(sheet, r, c as u16 + 2, *s)?,
                None => {
                    sheet.write_string(r, c as u16 + 2, "")?;
                }
            }
        }
    }
    book.save_to_buffer()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}
