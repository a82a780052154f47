//! The rows of a CSV file's text, read with `csv_core` by a reader whose tables are built
//! once a thread and reset for each file. `csv::ReaderBuilder` builds them afresh for every
//! file (its DFA, about 14 microseconds), which was a tenth of the time `mhsw stocktake
//! import` took over 20,000 small returns. (A reader is reset rather than cloned:
//! `csv_core` 0.1's `Clone` for its DFA copies only part of it.)
//!
//! It reads exactly as `csv::ReaderBuilder::new().has_headers(false).flexible(true)` did
//! (the property tests below hold it to that): fields split at commas, quotes and doubled
//! quotes understood, CR, LF and CRLF each ending a row, blank lines skipped, rows of any
//! length.
use csv_core::{ReadRecordResult, Reader};
use std::cell::RefCell;

thread_local! {
    /// This thread's reader, reset before each file.
    static READER: RefCell<Reader> = RefCell::new(Reader::new());
}

/// Calls `row` with each row's line (as a spreadsheet numbers lines: blank lines count)
/// and its cells, borrowed from the reader's buffer (no `String` a cell).
pub fn for_each_row<F>(text: &str, row: F)
where
    F: FnMut(usize, Cells<'_>),
{
    READER.with_borrow_mut(|reader| {
        reader.reset();
        rows_of(reader, text, row);
    });
}

/// Each row with the line it starts on and its cells, as owned text.
#[cfg(test)]
pub fn csv_rows(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut rows = Vec::new();
    for_each_row(text, |line, cells| {
        rows.push((line, cells.map(str::to_string).collect()));
    });
    rows
}

/// A row's cells: its unquoted text and where each cell ends in it.
#[derive(Clone)]
pub struct Cells<'a> {
    text: &'a str,
    ends: std::slice::Iter<'a, usize>,
    from: usize,
}

impl<'a> Iterator for Cells<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let to = *self.ends.next()?;
        let cell = self.text.get(self.from..to).unwrap_or("");
        self.from = to;
        Some(cell)
    }
}

fn rows_of(reader: &mut Reader, text: &str, mut row: impl FnMut(usize, Cells<'_>)) {
    let bytes = text.as_bytes();
    // A row's fields, unquoted, are never longer than the text they came from.
    let mut output = vec![0u8; bytes.len().max(1)];
    let mut ends = vec![0usize; 16];
    let mut at = 0;
    // Newlines counted so far, up to `counted_to`: each row's line number comes from the
    // bytes since the previous row's, so a file of many rows is read in one pass.
    let (mut counted_to, mut newlines) = (0usize, 0usize);
    loop {
        let start = at;
        let (mut written, mut ended) = (0, 0);
        loop {
            let (result, read, wrote, end) =
                reader.read_record(&bytes[at..], &mut output[written..], &mut ends[ended..]);
            at += read;
            written += wrote;
            ended += end;
            match result {
                // Once the text is all read, an empty input says that it has ended.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => output.resize(output.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => ends.resize(ends.len() * 2, 0),
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return,
            }
        }
        // The row starts after the line endings before it.
        let mut first = start;
        while first < bytes.len() && (bytes[first] == b'\n' || bytes[first] == b'\r') {
            first += 1;
        }
        if first >= counted_to {
            newlines += bytes[counted_to..first]
                .iter()
                .filter(|b| **b == b'\n')
                .count();
            counted_to = first;
        }
        // Cells end only at ASCII bytes of the UTF-8 text read, so the row's text is UTF-8
        // and each cell a slice of it on character boundaries.
        let text = std::str::from_utf8(&output[..written]).unwrap_or("");
        let cells = Cells {
            text,
            ends: ends[..ended].iter(),
            from: 0,
        };
        row(newlines + 1, cells);
    }
}

#[cfg(test)]
mod tests {
    use super::csv_rows;
    use proptest::prelude::*;

    /// How `csv` read the same text, with the line each row starts on worked out the same
    /// way from its byte position.
    fn as_csv_read_it(text: &str) -> Vec<(usize, Vec<String>)> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_reader(text.as_bytes());
        let bytes = text.as_bytes();
        reader
            .records()
            .map(|r| {
                let r = r.unwrap();
                let mut at = r.position().unwrap().byte() as usize;
                while at < bytes.len() && (bytes[at] == b'\n' || bytes[at] == b'\r') {
                    at += 1;
                }
                let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                (line, r.iter().map(str::to_string).collect())
            })
            .collect()
    }

    #[test]
    fn rows_fields_and_lines_of_a_small_file() {
        let text = "a,b\r\n\r\n\"x, \"\"y\"\"\",\n\nlast";
        assert_eq!(
            csv_rows(text),
            vec![
                (1, vec!["a".to_string(), "b".to_string()]),
                (3, vec!["x, \"y\"".to_string(), String::new()]),
                (5, vec!["last".to_string()]),
            ]
        );
        assert_eq!(csv_rows(text), as_csv_read_it(text));
        assert!(csv_rows("").is_empty());
    }

    proptest! {
        /// Whatever the text (quotes, line endings, blank lines, a row longer than any
        /// before), the rows and their lines are the ones `csv` reads.
        #[test]
        fn any_text_reads_as_csv_reads_it(text in "[a,\"\r\n é]{0,60}") {
            prop_assert_eq!(csv_rows(&text), as_csv_read_it(&text));
        }

        #[test]
        fn many_fields_and_long_fields_read_as_csv_reads_them(
            fields in proptest::collection::vec("[a-z\"]{0,40}", 0..70)
        ) {
            let text = fields.join(",") + "\n" + &fields.join("\r\n");
            prop_assert_eq!(csv_rows(&text), as_csv_read_it(&text));
        }
    }
}
