//! Two-step sign-in for local accounts: time-based one-time codes (TOTP, RFC 6238), as
//! authenticator apps compute them: HMAC-SHA1 of the 30-second step since the Unix epoch,
//! 6 digits (RFC 4226's dynamic truncation), the secret shown as base32 (RFC 4648) in an
//! `otpauth://` link (the key URI format authenticator apps read from a QR code).
//! docs/sources.md#two-step-sign-in.
//!
//! A code is accepted for the step it was made in and the one either side (a phone's
//! clock a little out), and only for a step later than the last one used, so a code seen
//! over someone's shoulder cannot be used again.

use hmac::{Hmac, Mac};
use sha1::Sha1;

/// Seconds in one step.
pub const STEP_SECONDS: i64 = 30;
/// Digits in a code.
pub const DIGITS: u32 = 6;
/// Steps either side of now that a code is accepted for.
pub const WINDOW: i64 = 1;
/// Bytes of a secret: 160 bits, RFC 4226's recommendation.
pub const SECRET_BYTES: usize = 20;

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32, without padding (authenticator apps accept it so).
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(ALPHABET[((buffer >> bits) & 31) as usize] as char);
        }
    }
    if bits > 0 {
        out.push(ALPHABET[((buffer << (5 - bits)) & 31) as usize] as char);
    }
    out
}

/// Reads base32 (any case, spaces and padding ignored); `None` for another character.
pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let (mut buffer, mut bits) = (0u32, 0u32);
    for c in text.chars().filter(|c| !c.is_whitespace() && *c != '=') {
        let v = ALPHABET
            .iter()
            .position(|a| *a as char == c.to_ascii_uppercase())?;
        buffer = (buffer << 5) | v as u32;
        bits += 5;
        if bits >= 8 {
            bits -= 8;
            out.push(((buffer >> bits) & 0xff) as u8);
        }
    }
    Some(out)
}

/// The step an instant (seconds since the Unix epoch) falls in.
pub fn step_at(unix_seconds: i64) -> i64 {
    unix_seconds.div_euclid(STEP_SECONDS)
}

/// The code for one step (RFC 4226 HOTP with the step as counter).
pub fn code_at(secret: &[u8], step: i64) -> u32 {
    let mut mac = Hmac::<Sha1>::new_from_slice(secret).expect("HMAC takes a key of any length");
    mac.update(&step.to_be_bytes());
    let digest = mac.finalize().into_bytes();
    let offset = (digest[19] & 0x0f) as usize;
    let value = u32::from_be_bytes([
        digest[offset] & 0x7f,
        digest[offset + 1],
        digest[offset + 2],
        digest[offset + 3],
    ]);
    value % 10u32.pow(DIGITS)
}

/// The code as typed: digits only once spaces are removed, `DIGITS` long.
pub fn parse_code(typed: &str) -> Result<u32, String> {
    let digits: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if digits.len() != DIGITS as usize || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "Enter the {DIGITS}-digit code from your authenticator app"
        ));
    }
    digits.parse().map_err(|_| "Enter the code".to_string())
}

/// The step the code was made for, if it is right for now (within `WINDOW`) and later
/// than `last_used`.
pub fn verify(secret: &[u8], code: u32, unix_seconds: i64, last_used: Option<i64>) -> Option<i64> {
    let now = step_at(unix_seconds);
    (now - WINDOW..=now + WINDOW)
        .filter(|s| last_used.is_none_or(|l| *s > l))
        .find(|s| code_at(secret, *s) == code)
}

/// The link an authenticator app reads from the QR code.
pub fn otpauth_uri(issuer: &str, account: &str, secret: &[u8]) -> String {
    let enc = |s: &str| super::input::percent_encode(s, b"@");
    format!(
        "otpauth://totp/{}:{}?secret={}&issuer={}&algorithm=SHA1&digits={DIGITS}&period={STEP_SECONDS}",
        enc(issuer),
        enc(account),
        base32(secret),
        enc(issuer)
    )
}

#[cfg(test)]
mod tests;
