use super::protected_time::minutes_of;

#[test]
fn hours_must_be_positive() {
    assert_eq!(minutes_of("3.5"), Ok(210));
    assert!(minutes_of("-1").is_err());
    assert!(minutes_of("0").is_err());
    assert!(minutes_of("25").is_err());
    assert!(minutes_of("NaN").is_err());
}
