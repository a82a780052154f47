//! A sickness absence CSV: never a panic, and a refusal always names something.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mhsw::domain::absence::{AbsenceRules, read_csv};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return; // the front door refuses other encodings before this reader
    };
    let today = time::macros::date!(2026 - 12 - 01);
    let _ = read_csv(text, &AbsenceRules::default(), today);
});
