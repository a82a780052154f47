use super::*;
use proptest::prelude::*;
use time::macros::date;

fn fmt() -> RegisterFormat {
    RegisterFormat::shipped()
}

#[test]
fn the_shipped_format_parses() {
    let f = fmt();
    assert!(f.required.contains(&"number".to_string()));
    assert!(RegisterFormat::parse("[columns]\nnumber = []").is_err());
}

#[test]
fn a_format_mapping_to_an_unknown_status_is_refused() {
    let bad = DEFAULT_FORMAT.replace("\"lapsed\" = \"lapsed\"", "\"lapsed\" = \"gone_fishing\"");
    let err = RegisterFormat::parse(&bad).unwrap_err();
    assert!(err.contains("gone_fishing"), "{err}");
}

#[test]
fn reads_headings_in_any_order_and_case() {
    let csv = "Surname,STATUS,Registration No.,Registered until,Annotations,Conditions\n\
                   Okafor,Registered,sw 1234,30/11/2027,AMHP; BIA,None\n\
                   Patel,Lapsed,SW99,,,\n\
                   Smith,Not found,SW5,,,\n";
    let rows = parse_csv(csv, &fmt()).unwrap();
    assert_eq!(rows.len(), 3);
    let e = rows[0].entry.as_ref().unwrap();
    assert_eq!(rows[0].number, "SW1234");
    assert_eq!(rows[0].row, 2);
    assert_eq!(e.status, RegistrationStatus::Registered);
    assert_eq!(e.registered_until, Some(date!(2027 - 11 - 30)));
    assert!(e.amhp && e.bia);
    assert_eq!(e.conditions, "");
    assert_eq!(
        rows[1].entry.as_ref().unwrap().status,
        RegistrationStatus::Lapsed
    );
    assert_eq!(rows[2].entry, None);
}

#[test]
fn unknown_and_missing_columns_are_named() {
    let errs = parse_csv("Registration number,Shoe size\nSW1,9\n", &fmt()).unwrap_err();
    assert!(
        errs.iter().any(|e| e.contains("Column 2 (\"Shoe size\")")),
        "{errs:?}"
    );
    assert!(
        errs.iter().any(|e| e.contains("no status column")),
        "{errs:?}"
    );
}

#[test]
fn duplicate_numbers_name_both_rows() {
    let csv = "Registration number,Status\nSW1,Registered\nSW2,Registered\nsw1,Lapsed\n";
    let errs = parse_csv(csv, &fmt()).unwrap_err();
    assert_eq!(
        errs,
        ["Row 4: registration number SW1 is also on row 2; each number must appear once"]
    );
}

#[test]
fn bad_cells_name_row_and_column() {
    let csv =
        "Registration number,Status,Registered until\nSW1,Dancing,31/02/2027\nXX,Registered,\n";
    let errs = parse_csv(csv, &fmt()).unwrap_err();
    assert!(
        errs.iter().any(|e| e.starts_with("Row 2, status")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("Row 2, registered until")),
        "{errs:?}"
    );
    assert!(
        errs.iter()
            .any(|e| e.starts_with("Row 3, registration number")),
        "{errs:?}"
    );
}

#[test]
fn rows_with_more_or_fewer_fields_than_headings_are_refused_by_row() {
    let csv = "Registration number,Status\nSW1,Registered\nSW2,Registered,Extra\nSW3\nSW4,Lapsed\n";
    let errs = parse_csv(csv, &fmt()).unwrap_err();
    assert_eq!(
        errs,
        [
            "Row 3: has 3 fields but the headings have 2; a value may hold an unquoted comma",
            "Row 4: has 1 field but the headings have 2; a value may hold an unquoted comma",
        ]
    );
}

#[test]
fn an_empty_file_is_refused() {
    assert!(parse_csv("Registration number,Status\n", &fmt()).is_err());
    assert!(parse_csv("", &fmt()).is_err());
}

#[test]
fn dates_in_register_and_iso_forms() {
    assert_eq!(
        parse_register_date("1/12/2026"),
        Ok(Some(date!(2026 - 12 - 01)))
    );
    assert_eq!(
        parse_register_date("2026-12-01"),
        Ok(Some(date!(2026 - 12 - 01)))
    );
    assert_eq!(
        parse_register_date("30 November 2027"),
        Ok(Some(date!(2027 - 11 - 30)))
    );
    assert_eq!(parse_register_date(" "), Ok(None));
    assert!(parse_register_date("tomorrow").is_err());
}

#[test]
fn batches_hold_at_most_one_hundred() {
    let numbers: Vec<String> = (1..=250).map(|i| format!("SW{i}")).collect();
    let b = batches(&numbers);
    assert_eq!(b.iter().map(Vec::len).collect::<Vec<_>>(), [100, 100, 50]);
    assert_eq!(b.concat(), numbers);
}

#[test]
fn diff_sorts_rows_into_changed_unchanged_missing_and_foreign() {
    let reg = |status| RegisterEntry {
        status,
        registered_until: Some(date!(2026 - 11 - 30)),
        conditions: String::new(),
        amhp: false,
        bia: false,
    };
    let held = vec![
        Held {
            practitioner_id: 1,
            number: "SW1".into(),
            entry: Some(reg(RegistrationStatus::Registered)),
        },
        Held {
            practitioner_id: 2,
            number: "SW2".into(),
            entry: Some(reg(RegistrationStatus::Registered)),
        },
        Held {
            practitioner_id: 3,
            number: "SW3".into(),
            entry: None,
        },
    ];
    let rows = vec![
        RegisterRow {
            row: 2,
            number: "SW1".into(),
            entry: Some(reg(RegistrationStatus::Registered)),
        },
        RegisterRow {
            row: 3,
            number: "SW2".into(),
            entry: Some(reg(RegistrationStatus::Lapsed)),
        },
        RegisterRow {
            row: 4,
            number: "SW3".into(),
            entry: None,
        },
        RegisterRow {
            row: 5,
            number: "SW9".into(),
            entry: None,
        },
    ];
    let d = diff(&held, &rows);
    assert_eq!(d.unchanged, [1]);
    assert_eq!(d.changed.len(), 1);
    assert_eq!(
        d.changed[0].changes,
        [FieldChange {
            field: "status",
            from: "Registered".into(),
            to: "Lapsed".into()
        }]
    );
    assert_eq!(d.not_on_register, [(4, "SW3".to_string(), 3)]);
    assert_eq!(d.not_ours, [(5, "SW9".to_string())]);
}

fn any_entry() -> impl Strategy<Value = Option<RegisterEntry>> {
    proptest::option::of(
        (
            0usize..8,
            proptest::option::of(0i32..800),
            "[a-z ]{0,6}",
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(s, d, c, amhp, bia)| RegisterEntry {
                status: RegistrationStatus::ALL[s],
                registered_until: d.map(|d| date!(2025 - 01 - 01) + time::Duration::days(d.into())),
                conditions: c.trim().to_string(),
                amhp,
                bia,
            }),
    )
}

proptest! {
    /// Applying what the preview says and comparing again leaves nothing to change, and
    /// every row lands in exactly one bucket.
    #[test]
    fn applying_a_diff_settles_it(
        held_entries in proptest::collection::vec(any_entry(), 1..20),
        file_entries in proptest::collection::vec(any_entry(), 1..20),
    ) {
        let held: Vec<Held> = held_entries.iter().enumerate().map(|(i, e)| Held {
            practitioner_id: i as i64, number: format!("SW{}", i + 1), entry: e.clone(),
        }).collect();
        let rows: Vec<RegisterRow> = file_entries.iter().enumerate().map(|(i, e)| RegisterRow {
            row: i + 2, number: format!("SW{}", i + 1), entry: e.clone(),
        }).collect();
        let d = diff(&held, &rows);
        prop_assert_eq!(
            d.changed.len() + d.unchanged.len() + d.not_on_register.len() + d.not_ours.len(),
            rows.len()
        );
        let mut after = held.clone();
        for c in &d.changed {
            after[c.practitioner_id as usize].entry = Some(c.new.clone());
        }
        let again = diff(&after, &rows);
        prop_assert!(again.changed.is_empty());
        prop_assert_eq!(again.fingerprint() == d.fingerprint(), d.changed.is_empty());
    }
}

/// How a heading was classified before the format's headings were folded once: each of
/// them folded again for every heading of the file, the first field in order winning.
fn classified_by_scanning(format: &RegisterFormat, heading: &str) -> Result<Option<Field>, ()> {
    let h = fold(heading);
    for field in Field::ALL {
        if format.headings(field).iter().any(|x| fold(x) == h) {
            return Ok(Some(field));
        }
    }
    if format.columns.ignored.iter().any(|x| fold(x) == h) {
        return Ok(None);
    }
    Err(())
}

#[test]
fn every_heading_the_shipped_format_knows_is_classified_as_by_scanning() {
    let f = fmt();
    let known = f.headings_known();
    let every = Field::ALL
        .iter()
        .flat_map(|field| f.headings(*field).to_vec())
        .chain(f.columns.ignored.clone());
    for h in every {
        for written in [h.clone(), h.to_uppercase(), format!(" {h}. ")] {
            assert_eq!(
                classify(&known, &written),
                classified_by_scanning(&f, &written),
                "{written}"
            );
        }
    }
}

proptest! {
    #[test]
    fn any_heading_is_classified_as_by_scanning(heading in "[A-Za-z _.]{0,24}") {
        let f = fmt();
        prop_assert_eq!(classify(&f.headings_known(), &heading), classified_by_scanning(&f, &heading));
    }
}
