use super::*;
use proptest::prelude::*;

/// RFC 6238 appendix B's SHA-1 secret and times, whose 8-digit codes end in these 6.
#[test]
fn the_rfc_6238_test_vectors() {
    let secret = b"12345678901234567890";
    for (time, code) in [
        (59, 287_082),
        (1_111_111_109, 81_804),
        (1_111_111_111, 50_471),
        (1_234_567_890, 5_924),
        (2_000_000_000, 279_037),
        (20_000_000_000, 353_130),
    ] {
        assert_eq!(code_at(secret, step_at(time)), code, "at {time}");
    }
}

#[test]
fn base32_reads_what_it_writes_and_the_rfc_4648_vectors() {
    assert_eq!(base32(b"foobar"), "MZXW6YTBOI");
    assert_eq!(base32(b"f"), "MY");
    assert_eq!(from_base32("mzxw 6ytb oi======").unwrap(), b"foobar");
    assert_eq!(from_base32("MZ1"), None);
}

#[test]
fn a_code_is_accepted_once_and_only_near_its_time() {
    let secret = b"12345678901234567890";
    let now = 1_700_000_000;
    let code = code_at(secret, step_at(now));
    let used = verify(secret, code, now, None).unwrap();
    assert_eq!(used, step_at(now));
    assert_eq!(verify(secret, code, now, Some(used)), None, "not twice");
    assert_eq!(
        verify(secret, code, now + 30, None),
        Some(used),
        "a step late is fine"
    );
    assert_eq!(
        verify(secret, code, now + 90, None),
        None,
        "three steps late is not"
    );
}

#[test]
fn codes_are_typed_as_six_digits() {
    assert_eq!(parse_code(" 012 345 "), Ok(12_345));
    assert!(parse_code("12345").is_err());
    assert!(parse_code("12345a").is_err());
}

#[test]
fn the_link_names_the_issuer_and_account() {
    let uri = otpauth_uri("mhsw", "pat@example.nhs.uk", b"foobar");
    assert_eq!(
        uri,
        "otpauth://totp/mhsw:pat@example.nhs.uk?secret=MZXW6YTBOI&issuer=mhsw&algorithm=SHA1&digits=6&period=30"
    );
}

proptest! {
    #[test]
    fn base32_round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        prop_assert_eq!(from_base32(&base32(&bytes)).unwrap(), bytes);
    }

    #[test]
    fn a_code_is_always_six_digits_or_fewer(secret in proptest::collection::vec(any::<u8>(), 1..40), step in 0i64..i64::MAX / 2) {
        prop_assert!(code_at(&secret, step) < 1_000_000);
    }
}
