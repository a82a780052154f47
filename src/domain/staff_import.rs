//! The staff list layout (docs/staff-import.md): which columns a CSV or XLSX file of existing
//! staff may have, under which headings (ours, and those of an ESR extract or a typical
//! spreadsheet), and how a file is read into rows of text. Pure: the service matches rows to
//! records and writes them.

mod csv_rows;
mod table;

pub use table::{Row, Table, read_table};

/// A column of the staff list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    GivenName,
    FamilyName,
    WorkEmail,
    SweNumber,
    Employer,
    Host,
    Team,
    TeamType,
    RoleCategory,
    CareerStage,
    Band,
    Wte,
    StartDate,
    EndDate,
    Roles,
}

impl Column {
    pub const ALL: [Column; 15] = [
        Column::GivenName,
        Column::FamilyName,
        Column::WorkEmail,
        Column::SweNumber,
        Column::Employer,
        Column::Host,
        Column::Team,
        Column::TeamType,
        Column::RoleCategory,
        Column::CareerStage,
        Column::Band,
        Column::Wte,
        Column::StartDate,
        Column::EndDate,
        Column::Roles,
    ];

    /// The headings that mean this column, ours first. Compared without case, spaces or
    /// punctuation ("First Name" and "first_name" are the same heading).
    pub fn headings(self) -> &'static [&'static str] {
        match self {
            Column::GivenName => &["Given name", "First name", "Forename", "Known as"],
            Column::FamilyName => &["Family name", "Last name", "Surname"],
            Column::WorkEmail => &["Work email", "Email address", "Email", "Work email address"],
            Column::SweNumber => &[
                "SWE number",
                "Registration number",
                "Professional registration number",
                "Professional registration",
            ],
            Column::Employer => &[
                "Employer",
                "Employer code",
                "Employer ODS code",
                "Employing organisation",
            ],
            Column::Host => &["Host", "Host code", "Host ODS code", "Host organisation"],
            Column::Team => &["Team", "Team name"],
            Column::TeamType => &["Team type", "Team service model", "Service model"],
            Column::RoleCategory => &["Role category"],
            Column::CareerStage => &["Career stage"],
            Column::Band => &["Band", "Grade", "Pay band", "Pay grade"],
            Column::Wte => &["WTE", "FTE", "Whole time equivalent", "Contracted WTE"],
            Column::StartDate => &[
                "Start date",
                "Assignment start date",
                "Date started",
                "Hire date",
            ],
            Column::EndDate => &["End date", "Leaving date", "Assignment end date"],
            Column::Roles => &["Roles", "Account roles", "User roles"],
        }
    }

    /// What the column holds, as the layout explains it.
    pub fn holds(self) -> &'static str {
        match self {
            Column::GivenName => "First name",
            Column::FamilyName => "Last name",
            Column::WorkEmail => {
                "Work email address; with the registration number, how a person is matched on a later import"
            }
            Column::SweNumber => {
                "Social Work England registration number, like SW12345 (needed for roles that require a social worker)"
            }
            Column::Employer => {
                "The employer's ODS code (like R9N) or name, as the organisations page shows it"
            }
            Column::Host => {
                "Where they work, if not the employer (a seconded council social worker): ODS code or name"
            }
            Column::Team => "Team name in the host organisation; a new name adds the team",
            Column::TeamType => {
                "Only for a new team: its type, like Community mental health or Crisis and home treatment"
            }
            Column::RoleCategory => {
                "Role requiring a social work qualification (the default when empty), Professional role open to social workers, and so on"
            }
            Column::CareerStage => {
                "Student, Newly qualified (ASYE), Qualified social worker, Senior social worker, Advanced practitioner or consultant, or Manager"
            }
            Column::Band => {
                "Agenda for Change band (6, Band 6 or NHS AfC: Band 6), Council grade, or Not known"
            }
            Column::Wte => "Whole-time equivalent, more than 0 and at most 1, like 0.8",
            Column::StartDate => {
                "Start date, like 01/04/2019 (a spreadsheet's date cells are read as dates)"
            }
            Column::EndDate => "Only if they have left",
            Column::Roles => {
                "Only to make sign-in accounts (organisation administrators): roles separated by semicolons, like Practitioner; Supervisor"
            }
        }
    }

    /// Our heading for it.
    pub fn heading(self) -> &'static str {
        self.headings()[0]
    }

    /// Columns every file must have.
    pub fn required(self) -> bool {
        matches!(
            self,
            Column::GivenName
                | Column::FamilyName
                | Column::WorkEmail
                | Column::Employer
                | Column::CareerStage
                | Column::Band
                | Column::Wte
                | Column::StartDate
        )
    }
}

fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Where each known column is in a table, and the heading the file gave it.
#[derive(Debug, Clone)]
pub struct Columns {
    found: Vec<(Column, usize, String)>,
}

impl Columns {
    /// Finds the columns by heading. Errors name every missing required column, every
    /// heading given twice and every heading that means nothing here (so a typing mistake
    /// is not silently ignored).
    pub fn find(headings: &[String]) -> Result<Columns, Vec<String>> {
        let mut found: Vec<(Column, usize, String)> = Vec::new();
        let mut errors = Vec::new();
        for (i, h) in headings.iter().enumerate() {
            let key = squash(h);
            if key.is_empty() {
                continue;
            }
            let letter = column_letter(i);
            match Column::ALL
                .iter()
                .find(|c| c.headings().iter().any(|a| squash(a) == key))
            {
                Some(c) if found.iter().any(|(f, _, _)| f == c) => errors.push(format!(
                    "Column {letter} (\"{h}\"): a second {} column; keep one",
                    c.heading()
                )),
                Some(c) => found.push((*c, i, h.trim().to_string())),
                None => errors.push(format!(
                    "Column {letter} (\"{h}\"): not a column this import reads. Rename it to one of the headings in the layout, or remove it"
                )),
            }
        }
        for c in Column::ALL.iter().filter(|c| c.required()) {
            if !found.iter().any(|(f, _, _)| f == c) {
                errors.push(format!(
                    "The file has no {} column (a heading such as \"{}\")",
                    c.heading(),
                    c.headings().join("\", \"")
                ));
            }
        }
        if errors.is_empty() {
            Ok(Columns { found })
        } else {
            Err(errors)
        }
    }

    /// The cell of `column` in `row`, trimmed ("" when the file has no such column).
    pub fn cell<'a>(&self, row: Row<'a>, column: Column) -> &'a str {
        self.found
            .iter()
            .find(|(c, _, _)| *c == column)
            .and_then(|(_, i, _)| row.get(*i))
            .map_or("", str::trim)
    }

    pub fn has(&self, column: Column) -> bool {
        self.found.iter().any(|(c, _, _)| *c == column)
    }

    /// How a message names the column: its letter and the heading the file gave it.
    pub fn name(&self, column: Column) -> String {
        match self.found.iter().find(|(c, _, _)| *c == column) {
            Some((_, i, h)) => format!("column {} (\"{h}\")", column_letter(*i)),
            None => format!("column \"{}\"", column.heading()),
        }
    }
}

/// A spreadsheet's column letter: 0 is A, 25 is Z, 26 is AA.
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut s = Vec::new();
    while n > 0 {
        let r = (n - 1) % 26;
        s.push(b'A' + r as u8);
        n = (n - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

/// An Excel serial day (1900 system: day 1 is 1 January 1900, with its phantom 29 February)
/// as an ISO date.
pub fn excel_day(serial: f64) -> Option<String> {
    if !(1.0..2_958_466.0).contains(&serial) {
        return None;
    }
    let base = time::macros::date!(1899 - 12 - 30);
    base.checked_add(time::Duration::days(serial.floor() as i64))
        .map(|d| d.to_string())
}

/// A reference value given as its code or its words ("6", "Band 6", "NHS AfC: Band 6";
/// "senior" or "Senior social worker"): the words are matched without case, and a pay band's
/// "Band" and "AfC" prefixes are dropped. Unknown text is returned as typed, for the
/// reference list to refuse with its own message.
pub fn reference_code(list: &crate::domain::RefList, typed: &str) -> String {
    let t = typed.trim();
    if let Some(item) = list
        .items
        .iter()
        .find(|i| i.code.eq_ignore_ascii_case(t) || i.label.eq_ignore_ascii_case(t))
    {
        return item.code.clone();
    }
    let lower = t.to_lowercase();
    let stripped = lower
        .trim_start_matches("nhs")
        .trim_start_matches([' ', ':'])
        .trim_start_matches("afc")
        .trim_start_matches([' ', ':'])
        .trim_start_matches("band")
        .trim();
    list.items
        .iter()
        .find(|i| i.code.eq_ignore_ascii_case(stripped))
        .map_or_else(|| t.to_string(), |i| i.code.clone())
}

/// A date as typed in a staff list: ISO ("2019-04-01") or as people in England write it
/// ("01/04/2019", "1/4/2019"), as ISO text. Other text is returned as typed, for the date
/// rule to refuse with its own message.
pub fn typed_date(typed: &str) -> String {
    let t = typed.trim();
    let parts: Vec<&str> = t.split('/').collect();
    match parts.as_slice() {
        [d, m, y] if y.len() == 4 => super::dates::from_parts(d, m, y),
        _ => t.to_string(),
    }
}

/// The roles in a Roles cell: codes or words, separated by commas or semicolons.
pub fn roles_in(typed: &str) -> Vec<String> {
    typed
        .split([',', ';'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    const OURS: [&str; 8] = [
        "Given name",
        "Family name",
        "Work email",
        "Employer",
        "Career stage",
        "Band",
        "WTE",
        "Start date",
    ];

    #[test]
    fn esr_style_headings_are_read() {
        let c = Columns::find(&headings(&[
            "First Name",
            "Last Name",
            "Email Address",
            "Employer",
            "Career stage",
            "Grade",
            "FTE",
            "Assignment Start Date",
            "Professional Registration Number",
        ]))
        .unwrap();
        assert!(c.has(Column::SweNumber) && c.has(Column::Band));
        let table = read_table(
            b"First Name,Last Name,Email Address,Employer,Career stage,Grade,FTE,Start,Number\n\
              Ada,Byron,a@x,R9N,senior,Band 6, 0.8 ,01/04/2019,SW1\n",
        )
        .unwrap();
        let row = table.rows().next().unwrap();
        assert_eq!(c.cell(row, Column::Wte), "0.8");
        assert_eq!(c.name(Column::Band), "column F (\"Grade\")");
    }

    #[test]
    fn missing_unknown_and_repeated_columns_are_all_named() {
        let mut h = headings(&OURS[1..]);
        h.push("Shoe size".into());
        h.push("Band".into());
        let errors = Columns::find(&h).unwrap_err();
        assert!(errors.iter().any(|e| e.contains("no Given name column")));
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("Column H (\"Shoe size\")"))
        );
        assert!(errors.iter().any(|e| e.contains("a second Band column")));
    }

    #[test]
    fn bands_stages_and_dates_are_read_as_people_write_them() {
        let r = crate::domain::reference();
        for typed in ["6", "Band 6", "NHS AfC: Band 6", "band 6", "AfC Band 6"] {
            assert_eq!(reference_code(&r.bands, typed), "6", "{typed}");
        }
        assert_eq!(reference_code(&r.bands, "Band 8A"), "8a");
        assert_eq!(
            reference_code(&r.career_stages, "Senior social worker"),
            "senior"
        );
        assert_eq!(reference_code(&r.bands, "Band 12"), "Band 12");
        assert_eq!(typed_date("01/04/2019"), "2019-04-01");
        assert_eq!(typed_date("1/4/2019"), "2019-04-01");
        assert_eq!(typed_date("2019-04-01"), "2019-04-01");
        assert_eq!(excel_day(43556.0).as_deref(), Some("2019-04-01"));
        assert_eq!(
            roles_in("practitioner; supervisor,"),
            vec!["practitioner", "supervisor"]
        );
    }

    #[test]
    fn column_letters_run_like_a_spreadsheet() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }
}
