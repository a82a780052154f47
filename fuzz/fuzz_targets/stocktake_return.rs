//! A stocktake return (CSV or XLSX bytes) read whole, as `mhsw stocktake import` and the API
//! read it: never a panic, and a refusal always says something.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mhsw::service::stocktake::{STOCKTAKE_FILE, read_file};

fuzz_target!(|bytes: &[u8]| {
    let today = time::macros::date!(2026 - 12 - 01);
    if let Err(problems) = read_file(bytes, today, STOCKTAKE_FILE, |code| code == "R9N") {
        assert!(!problems.is_empty() && problems.iter().all(|p| !p.message.is_empty()));
    }
});
