//! An extra self-assessment framework file (TOML), as `[self_assessment]` loads them: never
//! a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mhsw::domain::self_assessment::framework::Framework;

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };
    let _ = Framework::parse(text);
});
