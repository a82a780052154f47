//! A staff list (CSV or XLSX bytes) through the checks before reading and the table reader:
//! never a panic, whatever the bytes.
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
    let _ = staff_import::read_table(bytes);
});
