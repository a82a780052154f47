//! Checks of an uploaded file before anything reads its contents: its size, and for an XLSX
//! workbook (a zip of XML parts) how far it expands and whether any cell holds a formula.
//! A spreadsheet's cell keeps the value its formula last gave, which a reader would take as
//! typed; a return must state its figures, so a formula is refused rather than trusted.

use std::io::{Cursor, Read};

/// What a file may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimits {
    /// The largest file accepted, in bytes, before it is read.
    pub max_bytes: usize,
    /// The most an XLSX workbook's parts may expand to, together, in bytes.
    pub max_expanded: u64,
    /// The most its parts may expand to, as a multiple of the file's own size.
    pub max_ratio: u64,
}

/// The stocktake specification's limits (docs/stocktake.md, "Files").
pub const STOCKTAKE_FILE: FileLimits = FileLimits {
    max_bytes: 10 * 1024 * 1024,
    max_expanded: 50 * 1024 * 1024,
    max_ratio: 100,
};

/// A staff list's limits: the stocktake's, which a list of a large trust's staff is far
/// inside (a few thousand rows).
pub const STAFF_LIST_FILE: FileLimits = STOCKTAKE_FILE;

/// Whether the bytes are a zip archive (an XLSX workbook is one).
pub fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

/// "10 MB", for messages.
pub fn megabytes(bytes: u64) -> String {
    format!("{} MB", bytes / (1024 * 1024))
}

/// Refuses a file over the size limit, and an XLSX workbook that expands too far (by
/// decompressing each part with a cap, so a part whose header understates it is caught
/// too) or that has no readable zip structure. Formulas are checked by [`formulas`].
pub fn check_file(bytes: &[u8], limits: FileLimits) -> Result<(), String> {
    if bytes.len() > limits.max_bytes {
        return Err(format!(
            "The file is {}; a return must be smaller than {}",
            size_in_words(bytes.len() as u64),
            megabytes(limits.max_bytes as u64)
        ));
    }
    if is_zip(bytes) {
        check_expansion(bytes, limits)?;
    }
    Ok(())
}

fn size_in_words(n: u64) -> String {
    if n >= 1024 * 1024 {
        format!("{:.1} MB", n as f64 / (1024.0 * 1024.0))
    } else {
        format!("{} KB", n.div_ceil(1024))
    }
}

fn check_expansion(bytes: &[u8], limits: FileLimits) -> Result<(), String> {
    let unreadable = || "The spreadsheet could not be read. Save it again as XLSX or as CSV";
    let cap = limits
        .max_expanded
        .min((bytes.len() as u64).saturating_mul(limits.max_ratio));
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive.by_index(i).map_err(|_| unreadable())?;
        let left = cap - total;
        let mut counted = part.take(left + 1);
        let n = std::io::copy(&mut counted, &mut std::io::sink()).map_err(|_| unreadable())?;
        total += n;
        if total > cap {
            return Err(format!(
                "The spreadsheet expands to more than {} when opened (more than {} times its size): \
                 it is refused as it may be a zip bomb. Save it again as XLSX or as CSV",
                size_in_words(cap),
                limits.max_ratio
            ));
        }
    }
    Ok(())
}

/// A cell holding a formula: its row and column (from 0) and the formula.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formula {
    pub row: usize,
    pub column: usize,
    pub text: String,
}

/// The formulas on an XLSX workbook's first sheet (the one a reader reads). Call after
/// [`check_file`], which has bounded the work.
pub fn formulas(bytes: &[u8]) -> Result<Vec<Formula>, String> {
    use calamine::{Reader, Xlsx};
    let unreadable = || "The spreadsheet could not be read. Save it again as XLSX or as CSV";
    let mut book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(bytes)).map_err(|_| unreadable())?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Ok(Vec::new());
    };
    let range = book.worksheet_formula(&first).map_err(|_| unreadable())?;
    let (top, left) = range.start().unwrap_or((0, 0));
    Ok(range
        .cells()
        .filter(|(_, _, f)| !f.is_empty())
        .map(|(r, c, f)| Formula {
            row: r + top as usize,
            column: c + left as usize,
            text: f.clone(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated);
            for (name, data) in parts {
                w.start_file(*name, opts).unwrap();
                w.write_all(data).unwrap();
            }
            w.finish().unwrap();
        }
        out.into_inner()
    }

    #[test]
    fn a_file_over_the_limit_is_refused_before_it_is_read() {
        let big = vec![b'a'; STOCKTAKE_FILE.max_bytes + 1];
        let e = check_file(&big, STOCKTAKE_FILE).unwrap_err();
        assert!(e.contains("smaller than 10 MB"), "{e}");
        assert!(check_file(b"collection_date\n", STOCKTAKE_FILE).is_ok());
    }

    #[test]
    fn a_zip_that_expands_far_beyond_its_size_is_refused() {
        let zeros = vec![0u8; 60 * 1024 * 1024];
        let bomb = zip_of(&[("xl/worksheets/sheet1.xml", &zeros)]);
        assert!(
            bomb.len() < 1024 * 1024,
            "the bomb is small: {}",
            bomb.len()
        );
        let e = check_file(&bomb, STOCKTAKE_FILE).unwrap_err();
        assert!(e.contains("zip bomb"), "{e}");
        // Well within both limits: accepted.
        let fine = zip_of(&[("a.xml", b"<a>hello</a>")]);
        assert_eq!(check_file(&fine, STOCKTAKE_FILE), Ok(()));
    }

    #[test]
    fn the_ratio_binds_before_the_total_for_a_small_file() {
        let limits = FileLimits {
            max_bytes: 1 << 20,
            max_expanded: 1 << 30,
            max_ratio: 10,
        };
        let zeros = vec![0u8; 200 * 1024];
        let z = zip_of(&[("a.xml", &zeros)]);
        assert!(check_file(&z, limits).unwrap_err().contains("10 times"));
    }

    #[test]
    fn a_file_that_only_starts_like_a_zip_is_unreadable() {
        let e = check_file(b"PK\x03\x04 not really", STOCKTAKE_FILE).unwrap_err();
        assert!(e.contains("could not be read"), "{e}");
    }

    #[test]
    fn formulas_are_found_on_the_first_sheet() {
        let mut book = rust_xlsxwriter::Workbook::new();
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, "headcount").unwrap();
        sheet.write_number(1, 0, 3).unwrap();
        sheet
            .write_formula(2, 0, rust_xlsxwriter::Formula::new("=A2*2"))
            .unwrap();
        let bytes = book.save_to_buffer().unwrap();
        let found = formulas(&bytes).unwrap();
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].row, found[0].column), (2, 0));
        assert!(found[0].text.contains("A2*2"), "{:?}", found[0].text);
    }
}
