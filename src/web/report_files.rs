//! The governance report as files: the same tables as the page, as CSV (one long table:
//! section, row, column, value) and as XLSX (one sheet per table). Built from the one
//! `GovernanceReport`, so the page, the API and the files cannot disagree.

use crate::domain::csv_file::CsvFile;
use crate::domain::governance::ComplianceRow;
use crate::service::governance::GovernanceReport;
use crate::service::pulse::PulseGroup;
use rust_xlsxwriter::{Format, Workbook};

/// A cell: text or a number (numbers stay numbers in the spreadsheet).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn count(n: impl TryInto<i64>) -> Cell {
        Cell::Number(n.try_into().unwrap_or(0) as f64)
    }

    fn percent(x: Option<f64>) -> Cell {
        x.map_or(Cell::Empty, |x| Cell::Number((x * 1000.0).round() / 10.0))
    }

    fn shown(&self) -> String {
        match self {
            Cell::Text(s) => s.clone(),
            Cell::Number(n) => format!("{n}"),
            Cell::Empty => String::new(),
        }
    }
}

pub struct Table {
    pub name: &'static str,
    pub headers: Vec<&'static str>,
    pub rows: Vec<Vec<Cell>>,
}

fn compliance_table(name: &'static str, first: &'static str, rows: &[ComplianceRow]) -> Table {
    Table {
        name,
        headers: vec![
            first,
            "People",
            "Overdue on the last day",
            "In date over the range (%)",
        ],
        rows: rows
            .iter()
            .map(|r| {
                vec![
                    Cell::text(&r.label),
                    Cell::count(r.people as i64),
                    Cell::count(r.overdue as i64),
                    Cell::percent(r.compliance),
                ]
            })
            .collect(),
    }
}

fn pulse_rows(groups: &[&PulseGroup]) -> Vec<Vec<Cell>> {
    groups
        .iter()
        .map(|g| {
            let mut row = vec![Cell::text(format!("{} ({})", g.name, g.kind))];
            match &g.results {
                None => row.push(Cell::text("Not enough responses")),
                Some(r) => {
                    row.push(Cell::count(r.responses as i64));
                    row.extend(
                        r.statements
                            .iter()
                            .map(|s| Cell::Number((s.mean * 10.0).round() / 10.0)),
                    );
                }
            }
            row
        })
        .collect()
}

/// Every table of the report, in page order.
pub fn tables(r: &GovernanceReport) -> Vec<Table> {
    let reg = &r.registration;
    let mut registration: Vec<Vec<Cell>> = reg
        .by_status
        .iter()
        .map(|c| vec![Cell::text(&c.label), Cell::count(c.count as i64)])
        .collect();
    registration.push(vec![
        Cell::text("No registration recorded"),
        Cell::count(reg.not_recorded as i64),
    ]);
    registration.extend(reg.renewal.iter().map(|c| {
        vec![
            Cell::text(format!("Renewal: {}", c.label)),
            Cell::count(c.count as i64),
        ]
    }));
    registration.extend(r.status_changes.iter().map(|c| {
        vec![
            Cell::text(format!("Changed in the range to: {}", c.label)),
            Cell::count(c.count as i64),
        ]
    }));
    let mut out = vec![
        Table {
            name: "Registration",
            headers: vec!["Status", "People"],
            rows: registration,
        },
        compliance_table(
            "Supervision overall",
            "Group",
            std::slice::from_ref(&r.overall),
        ),
        compliance_table("By team", "Team", &r.by_team),
        compliance_table("By employer", "Employer", &r.by_employer),
        compliance_table("By career stage", "Career stage", &r.by_stage),
        Table {
            name: "By session type",
            headers: vec![
                "Type",
                "Held",
                "Cancelled",
                "Hours held",
                "Shorter than the minimum",
            ],
            rows: r
                .by_type
                .iter()
                .map(|t| {
                    vec![
                        Cell::text(&t.session_type),
                        Cell::count(t.held),
                        Cell::count(t.cancelled),
                        Cell::Number((t.held_minutes as f64 / 6.0).round() / 10.0),
                        Cell::count(t.short),
                    ]
                })
                .collect(),
        },
        Table {
            name: "Trend",
            headers: vec!["Day", "People", "In date", "In date (%)"],
            rows: r
                .trend
                .iter()
                .map(|p| {
                    vec![
                        Cell::text(&p.on),
                        Cell::count(p.people as i64),
                        Cell::count(p.in_date as i64),
                        Cell::percent(p.share),
                    ]
                })
                .collect(),
        },
        Table {
            name: "Overdue",
            headers: vec!["Name", "Team", "Status", "Last held", "Next due"],
            rows: r
                .overdue
                .iter()
                .map(|o| {
                    vec![
                        Cell::text(&o.name),
                        Cell::text(o.team_name.clone().unwrap_or_default()),
                        Cell::text(o.standing.label()),
                        Cell::text(o.last_held.clone().unwrap_or_default()),
                        Cell::text(o.next_due.clone().unwrap_or_default()),
                    ]
                })
                .collect(),
        },
        Table {
            name: "Not confirmed",
            headers: vec!["Name", "Supervisor", "Held on"],
            rows: r
                .unconfirmed
                .iter()
                .map(|u| {
                    vec![
                        Cell::text(&u.name),
                        Cell::text(&u.supervisor_name),
                        Cell::text(u.held_on.to_string()),
                    ]
                })
                .collect(),
        },
        Table {
            name: "Supervisors",
            headers: vec![
                "Supervisor",
                "Supervisees",
                "Practice supervisor training",
                "Hours held in the range",
            ],
            rows: r
                .capacity
                .supervisors
                .iter()
                .map(|s| {
                    vec![
                        Cell::text(&s.name),
                        Cell::count(s.supervisees),
                        Cell::text(if s.practice_supervisor_trained {
                            "Yes"
                        } else {
                            "No"
                        }),
                        Cell::Number((s.held_minutes as f64 / 6.0).round() / 10.0),
                    ]
                })
                .collect(),
        },
        Table {
            name: "Team cover",
            headers: vec![
                "Team",
                "Newly qualified (ASYE)",
                "Senior social workers",
                "ASYEs without senior cover",
            ],
            rows: r
                .capacity
                .teams
                .iter()
                .map(|t| {
                    vec![
                        Cell::text(&t.team_name),
                        Cell::count(t.asye),
                        Cell::count(t.senior),
                        Cell::text(if t.asye > 0 && t.senior == 0 {
                            "Yes"
                        } else {
                            "No"
                        }),
                    ]
                })
                .collect(),
        },
    ];
    if let Some(p) = &r.pulse {
        let groups: Vec<&PulseGroup> = p.organisation.iter().chain(p.teams.iter()).collect();
        out.push(Table {
            name: "Quality pulse",
            headers: vec![
                "Group",
                "Responses",
                "Reflective space (mean 1-5)",
                "Decisions supported",
                "Wellbeing and workload",
                "Actions clear",
            ],
            rows: pulse_rows(&groups),
        });
    }
    out
}

/// CSV in long form: one line per cell, so every table fits one file.
pub fn csv(r: &GovernanceReport) -> String {
    let mut file = CsvFile::new(&["section", "row", "column", "value", "from", "to"]);
    for t in tables(r) {
        for row in &t.rows {
            let label = row.first().map(Cell::shown).unwrap_or_default();
            for (header, cell) in t.headers.iter().zip(row).skip(1) {
                file.row(&[t.name, &label, header, &cell.shown(), &r.from, &r.to]);
            }
        }
    }
    file.finish()
}

/// XLSX: a cover sheet with the range, then one sheet per table.
pub fn xlsx(r: &GovernanceReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let cover = book.add_worksheet().set_name("Report")?;
    cover.write_string_with_format(
        0,
        0,
        "Supervision and registration governance report",
        &bold,
    )?;
    cover.write_string(1, 0, format!("From {} to {}", r.from, r.to))?;
    cover.write_string(
        2,
        0,
        format!(
            "Generated on {}",
            crate::domain::dates::long_text(&r.generated_on)
        ),
    )?;
    cover.set_column_width(0, 60)?;
    for t in tables(r) {
        let sheet = book.add_worksheet().set_name(t.name)?;
        for (c, h) in t.headers.iter().enumerate() {
            sheet.write_string_with_format(0, c as u16, *h, &bold)?;
            sheet.set_column_width(c as u16, if c == 0 { 36 } else { 18 })?;
        }
        for (i, row) in t.rows.iter().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (ri, ci) = (i as u32 + 1, c as u16);
                match cell {
                    Cell::Text(s) => {
                        sheet.write_string(ri, ci, s)?;
                    }
                    Cell::Number(n) => {
                        sheet.write_number(ri, ci, *n)?;
                    }
                    Cell::Empty => {}
                }
            }
        }
    }
    book.save_to_buffer()
}

/// A year's CPD portfolio as XLSX: one row per record, columns in Social Work England's form
/// order (`service::cpd::export_fields`), then the record's status.
pub fn cpd_xlsx(p: &crate::service::cpd::Portfolio) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let lists = crate::domain::reference::reference();
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet().set_name("CPD")?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "CPD for the registration year {} to {}: {}",
            p.readiness.year_starts, p.readiness.year_ends, p.practitioner_name
        ),
        &bold,
    )?;
    sheet.write_string(
        1,
        0,
        if p.readiness.ready {
            "Ready for renewal".to_string()
        } else {
            format!("Not ready yet: {}", p.readiness.missing.join("; "))
        },
    )?;
    let header_row = 3;
    for (i, r) in p.records.iter().enumerate() {
        let fields = crate::service::cpd::export_fields(r, lists);
        let row = header_row + 1 + i as u32;
        for (c, (label, value)) in fields.iter().enumerate() {
            if i == 0 {
                sheet.write_string_with_format(header_row, c as u16, *label, &bold)?;
                sheet.set_column_width(c as u16, 30)?;
            }
            sheet.write_string_with_format(row, c as u16, value, &wrap)?;
        }
        let status_col = fields.len() as u16;
        if i == 0 {
            sheet.write_string_with_format(header_row, status_col, "Status", &bold)?;
        }
        sheet.write_string(row, status_col, &r.status)?;
    }
    if p.records.is_empty() {
        sheet.write_string(header_row, 0, "No CPD records dated in this year")?;
    }
    book.save_to_buffer()
}

/// A self-assessment cycle as XLSX: domains with their mean and RAG, every criterion with
/// its rating, the compared cycle's rating, the change, evidence and links; the actions; who
/// took part.
pub fn self_assessment_xlsx(
    v: &crate::service::self_assessment::cycles::CycleView,
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let wrap = Format::new().set_text_wrap();
    let status = if v.cycle.is_open() {
        "open".to_string()
    } else {
        format!(
            "signed off on {} by {}",
            v.cycle
                .signed_off_on
                .map(crate::domain::dates::long)
                .unwrap_or_default(),
            v.cycle.signed_off_by_name.as_deref().unwrap_or("")
        )
    };
    let heading = format!("{}: {} ({status})", v.cycle.title, v.framework_title);
    let header = |sheet: &mut rust_xlsxwriter::Worksheet, cols: &[(&str, f64)]| {
        sheet.write_string_with_format(0, 0, &heading, &bold)?;
        for (c, (label, width)) in cols.iter().enumerate() {
            sheet.write_string_with_format(2, c as u16, *label, &bold)?;
            sheet.set_column_width(c as u16, *width)?;
        }
        Ok::<(), rust_xlsxwriter::XlsxError>(())
    };
    let sheet = book.add_worksheet().set_name("Domains")?;
    header(
        sheet,
        &[
            ("Domain", 10.0),
            ("Title", 50.0),
            ("Criteria", 10.0),
            ("Rated", 10.0),
            ("Not applicable", 14.0),
            ("Mean rating", 12.0),
            ("RAG", 10.0),
        ],
    )?;
    for (i, d) in v.domains.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(row, 0, &d.code)?;
        sheet.write_string_with_format(row, 1, &d.title, &wrap)?;
        sheet.write_number(row, 2, d.score.criteria as f64)?;
        sheet.write_number(row, 3, d.score.rated as f64)?;
        sheet.write_number(row, 4, d.score.not_applicable as f64)?;
        if let Some(m) = d.score.mean {
            sheet.write_number(row, 5, (m * 100.0).round() / 100.0)?;
        }
        sheet.write_string(row, 6, d.score.rag.label())?;
    }
    let sheet = book.add_worksheet().set_name("Criteria")?;
    header(
        sheet,
        &[
            ("Domain", 8.0),
            ("Criterion", 10.0),
            ("Statement", 60.0),
            ("Rating", 8.0),
            ("Rating label", 18.0),
            ("Previous rating", 15.0),
            ("Change", 14.0),
            ("Evidence", 60.0),
            ("Links", 40.0),
            ("Carried forward, not reviewed", 16.0),
        ],
    )?;
    let mut row = 3;
    for d in &v.domains {
        for c in &d.criteria {
            sheet.write_string(row, 0, &d.code)?;
            sheet.write_string(row, 1, &c.code)?;
            sheet.write_string_with_format(row, 2, &c.text, &wrap)?;
            if let Some(r) = c.answer.as_ref().and_then(|a| a.rating) {
                sheet.write_number(row, 3, r as f64)?;
            }
            sheet.write_string(row, 4, &c.rating_label)?;
            if let Some(p) = c.previous_rating {
                sheet.write_number(row, 5, p as f64)?;
            }
            if let Some(ch) = c.change {
                sheet.write_string(row, 6, ch.label())?;
            }
            if let Some(a) = &c.answer {
                sheet.write_string_with_format(row, 7, &a.evidence, &wrap)?;
                sheet.write_string_with_format(row, 8, &a.links, &wrap)?;
                sheet.write_string(row, 9, if a.carried_forward { "Yes" } else { "" })?;
            }
            row += 1;
        }
    }
    let sheet = book.add_worksheet().set_name("Actions")?;
    header(
        sheet,
        &[
            ("Criterion", 10.0),
            ("Action", 60.0),
            ("Owner", 24.0),
            ("Due", 12.0),
            ("Status", 14.0),
            ("Completed", 12.0),
        ],
    )?;
    let mut row = 3;
    for c in v.domains.iter().flat_map(|d| &d.criteria) {
        for a in &c.actions {
            sheet.write_string(row, 0, &a.criterion_code)?;
            sheet.write_string_with_format(row, 1, &a.title, &wrap)?;
            sheet.write_string(row, 2, &a.owner_name)?;
            sheet.write_string(row, 3, a.due_on.to_string())?;
            sheet.write_string(
                row,
                4,
                crate::service::self_assessment::actions::status_label(&a.status),
            )?;
            sheet.write_string(
                row,
                5,
                a.completed_on.map(|d| d.to_string()).unwrap_or_default(),
            )?;
            row += 1;
        }
    }
    let sheet = book.add_worksheet().set_name("Who took part")?;
    header(
        sheet,
        &[("Who", 26.0), ("Description", 60.0), ("People", 10.0)],
    )?;
    for (i, p) in v.participants.iter().enumerate() {
        let row = 3 + i as u32;
        sheet.write_string(
            row,
            0,
            crate::service::self_assessment::cycles::participant_label(&p.kind),
        )?;
        sheet.write_string_with_format(row, 1, &p.description, &wrap)?;
        if let Some(n) = p.people {
            sheet.write_number(row, 2, n as f64)?;
        }
    }
    book.save_to_buffer()
}
