//! A staff list (CSV or XLSX bytes) through the checks before reading and the table reader:
//! never a panic, whatever the bytes, and a table read has every row as wide as its headings
//! with every cell readable (cells are slices of one string, `staff_import::Table`).
#![no_main]
use libfuzzer_sys::fuzz_target;
use mhsw::domain::{staff_import, upload_checks};

fuzz_target!(|bytes: &[u8]| {
    if upload_checks::check_file(bytes, upload_checks::STAFF_LIST_FILE).is_err() {
        return;
    }
    if upload_checks::is_zip(bytes) && upload_checks::formulas(bytes).is_err() {
        return;
    }
    if let Ok(table) = staff_import::read_table(bytes) {
        let width = table.headings.len();
        for row in table.rows() {
            assert_eq!(row.len(), width);
            assert!((0..width).all(|i| row.get(i).is_some()));
            assert_eq!(row.cells().count(), width);
        }
    }
});
