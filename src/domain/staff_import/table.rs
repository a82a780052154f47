//! A file read into rows of text (`read_table`, CSV or XLSX), kept as one string with the
//! end of each cell, so that a million-row stocktake import does not allocate a `String`
//! for every cell it reads: a third of that import's own CPU had been `malloc` and `free`.

use super::csv_rows;
use std::io::Cursor;

/// A file read into rows of text: the heading row and each later row with its number in
/// the file (the heading row is row 1, as a spreadsheet numbers it). Every row has as many
/// cells as there are headings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Table {
    pub headings: Vec<String>,
    /// Every row's cells, one after another.
    text: String,
    /// Where each cell ends in `text`, `headings.len()` to a row.
    ends: Vec<usize>,
    /// Each row's line in the file.
    lines: Vec<usize>,
}

/// One row of a `Table`.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The row's line in the file (the heading row is 1).
    pub line: usize,
    text: &'a str,
    /// Where the row's first cell starts in `text`.
    start: usize,
    ends: &'a [usize],
}

impl<'a> Row<'a> {
    /// The cell in column `i` (from 0), as the file gave it.
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { self.start } else { self.ends[i - 1] };
        self.text.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The row's cells in order.
    pub fn cells(&self) -> impl Iterator<Item = &'a str> + 'a {
        let row = *self;
        (0..row.len()).map(move |i| row.get(i).unwrap_or(""))
    }
}

impl Table {
    /// The rows below the headings, in file order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Row<'_>> + '_ {
        let width = self.headings.len();
        self.lines.iter().enumerate().map(move |(k, &line)| Row {
            line,
            text: &self.text,
            start: if k == 0 { 0 } else { self.ends[k * width - 1] },
            ends: &self.ends[k * width..(k + 1) * width],
        })
    }

    /// How many rows there are below the headings.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Each row's line and cells as owned text.
    #[cfg(test)]
    pub fn owned_rows(&self) -> Vec<(usize, Vec<String>)> {
        self.rows()
            .map(|r| (r.line, r.cells().map(str::to_string).collect()))
            .collect()
    }
}

/// Reads a CSV (UTF-8, with or without a byte order mark) or XLSX file (its first sheet).
/// Blank rows are skipped; a row with more cells than headings is refused, naming it.
pub fn read_table(bytes: &[u8]) -> Result<Table, Vec<String>> {
    if bytes.starts_with(b"PK\x03\x04") {
        return read_xlsx(bytes);
    }
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(
        |_| {
            vec![
                "The file must be a CSV file saved as UTF-8 text, or an XLSX spreadsheet"
                    .to_string(),
            ]
        },
    )?;
    let mut table = TableBuilder::default();
    csv_rows::for_each_row(text, |line, cells| table.push(line, cells));
    table.finish()
}

fn read_xlsx(bytes: &[u8]) -> Result<Table, Vec<String>> {
    use calamine::{Reader, Xlsx};
    let unreadable =
        || vec!["The spreadsheet could not be read. Save it again as XLSX or as CSV".to_string()];
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).map_err(|_| unreadable())?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| vec!["The spreadsheet has no sheets".to_string()])?
        .map_err(|_| unreadable())?;
    let mut table = TableBuilder::default();
    for (i, r) in range.rows().enumerate() {
        let cells: Vec<String> = r.iter().map(cell_text).collect();
        table.push(i + 1, cells.iter().map(String::as_str));
    }
    table.finish()
}

/// A spreadsheet cell as text: whole numbers without ".0" (band 6, not 6.0), dates as ISO.
fn cell_text(c: &calamine::Data) -> String {
    use calamine::Data;
    match c {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) => super::excel_day(d.as_f64()).unwrap_or_else(|| d.to_string()),
        Data::DateTimeIso(s) => s.get(..10).unwrap_or(s).to_string(),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// A table built row by row as a file is read: blank rows are skipped, the first other
/// row is the headings, trailing blank cells beyond the headings are dropped, short rows
/// are filled with empty cells, and a row still longer than the headings is an error.
#[derive(Default)]
struct TableBuilder {
    table: Table,
    /// Whether the heading row has been read.
    headed: bool,
    errors: Vec<String>,
}

impl TableBuilder {
    fn push<'c>(&mut self, line: usize, cells: impl Iterator<Item = &'c str> + Clone) {
        let (mut count, mut last_filled) = (0, None);
        for (i, c) in cells.clone().enumerate() {
            count = i + 1;
            if !c.trim().is_empty() {
                last_filled = Some(i);
            }
        }
        let Some(last_filled) = last_filled else {
            return;
        };
        let t = &mut self.table;
        if !self.headed {
            self.headed = true;
            t.headings = cells.map(str::to_string).collect();
            return;
        }
        let width = t.headings.len();
        if last_filled >= width {
            self.errors.push(format!(
                "Row {line}: {} cells, but the heading row has {width}. Check for a comma inside a value that is not in quotes",
                last_filled + 1
            ));
        }
        for c in cells.take(width) {
            t.text.push_str(c);
            t.ends.push(t.text.len());
        }
        for _ in count.min(width)..width {
            t.ends.push(t.text.len());
        }
        t.lines.push(line);
    }

    fn finish(mut self) -> Result<Table, Vec<String>> {
        if !self.headed {
            return Err(vec![
                "The file is empty: it needs a heading row and a row for each person".to_string(),
            ]);
        }
        if self.table.is_empty() {
            self.errors
                .push("The file has headings but no one in it".to_string());
        }
        if self.errors.is_empty() {
            Ok(self.table)
        } else {
            Err(self.errors)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn texts(h: &[&str]) -> Vec<String> {
        h.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_ragged_row_is_named() {
        let errors = read_table(b"A,B\n1,2\n3,4,5\n").unwrap_err();
        assert_eq!(errors.len(), 1);
        assert!(errors[0].starts_with("Row 3: 3 cells"), "{errors:?}");
        let t = read_table(b"\xEF\xBB\xBFA,B\n\n1,\n").unwrap();
        assert_eq!(t.headings, texts(&["A", "B"]));
        assert_eq!(t.owned_rows(), vec![(3, texts(&["1", ""]))]);
        assert!(read_table(b"\xff\xfe").is_err());
    }

    #[test]
    fn short_rows_are_filled_and_trailing_blanks_dropped() {
        let t = read_table(b"A,B,C\n1\n2,,, ,\n\"x,y\",\"\",z\n").unwrap();
        assert_eq!(
            t.owned_rows(),
            vec![
                (2, texts(&["1", "", ""])),
                (3, texts(&["2", "", ""])),
                (4, texts(&["x,y", "", "z"])),
            ]
        );
        let row = t.rows().nth(2).unwrap();
        assert_eq!(
            (row.get(0), row.get(2), row.get(3)),
            (Some("x,y"), Some("z"), None)
        );
        assert_eq!(
            read_table(b"\n ,\n").unwrap_err()[0],
            "The file is empty: it needs a heading row and a row for each person"
        );
        assert_eq!(
            read_table(b"A\n\n").unwrap_err(),
            vec!["The file has headings but no one in it"]
        );
    }

    #[test]
    fn each_row_is_named_by_the_line_it_starts_on() {
        // Blank lines, Windows line ends and a quoted cell over two lines all move the
        // count as a spreadsheet's would.
        let t = read_table(b"A,B\r\n\r\n1,\"two\nlines\"\n3,4\n\n\n5,6\n").unwrap();
        let lines: Vec<usize> = t.rows().map(|r| r.line).collect();
        assert_eq!(lines, vec![3, 5, 8]);
    }

    /// The table as it was read before cells were kept in one string: each row's cells as
    /// `String`s, trailing blanks beyond the headings popped, then filled to the width.
    fn as_it_was_read(text: &str) -> Result<Vec<(usize, Vec<String>)>, Vec<String>> {
        let mut rows = csv_rows::csv_rows(text)
            .into_iter()
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
        let Some((_, headings)) = rows.next() else {
            return Err(vec!["empty".into()]);
        };
        let width = headings.len();
        let mut out = Vec::new();
        let mut errors = Vec::new();
        for (n, mut cells) in rows {
            while cells.last().is_some_and(|c| c.trim().is_empty()) && cells.len() > width {
                cells.pop();
            }
            if cells.len() > width {
                errors.push(format!("Row {n}: {} cells", cells.len()));
            }
            cells.resize(width, String::new());
            out.push((n, cells));
        }
        if errors.is_empty() && !out.is_empty() {
            Ok(out)
        } else {
            Err(errors)
        }
    }

    proptest! {
        /// Any CSV text reads without panicking, and every problem names a row, a column
        /// or the file.
        #[test]
        fn any_text_reads_or_says_where(text in "[a-zA-Z0-9,\"\n ;/-]{0,200}") {
            match read_table(text.as_bytes()) {
                Ok(t) => prop_assert!(t.rows().all(|r| r.len() == t.headings.len())),
                Err(errors) => prop_assert!(errors.iter().all(|e| e.starts_with("Row ") || e.starts_with("The file"))),
            }
        }

        /// The rows and cells are the ones the earlier reading, a `String` a cell, gave.
        #[test]
        fn cells_are_the_ones_read_a_string_a_cell(text in "[ab,\"\r\n ]{0,120}") {
            match (read_table(text.as_bytes()), as_it_was_read(&text)) {
                (Ok(t), Ok(rows)) => prop_assert_eq!(t.owned_rows(), rows),
                (Err(e), Err(old)) => {
                    let rows_named = |v: &[String]| v.iter().filter(|m| m.starts_with("Row ")).map(|m| m.split(" cells").next().unwrap_or("").to_string()).collect::<Vec<_>>();
                    prop_assert_eq!(rows_named(&e), rows_named(&old));
                }
                (a, b) => prop_assert!(false, "{:?} against {:?}", a, b),
            }
        }
    }
}
