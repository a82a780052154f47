//! Social Work England's bulk-search CSV, read with the shipped format: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mhsw::domain::register_check::{RegisterFormat, parse_csv};

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = parse_csv(text, &RegisterFormat::shipped());
});
