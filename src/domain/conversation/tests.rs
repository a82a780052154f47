use super::*;
use proptest::prelude::*;
use time::Duration;
use time::macros::date;

const TODAY: Date = date!(2026 - 11 - 20);

fn complete() -> ConversationInput {
    ConversationInput {
        held_on: "2026-11-18".into(),
        with_whom: "carer".into(),
        setting: "Home visit".into(),
        discussed: "How I explained the discharge plan".into(),
        helped: "Being given time to ask questions".into(),
        did_not_help: String::new(),
        co_production: "partly".into(),
        co_production_detail: String::new(),
        learnt: "Families need the plan in writing".into(),
        do_differently: "Send a written summary after each meeting".into(),
        consent: "yes".into(),
    }
}

fn fields(e: &FieldErrors) -> Vec<&str> {
    e.0.iter().map(|f| f.field.as_str()).collect()
}

#[test]
fn a_complete_note_parses_to_typed_values() {
    let n = complete().parse(TODAY).unwrap();
    assert_eq!(n.held_on, date!(2026 - 11 - 18));
    assert_eq!(n.with_whom, WithWhom::Carer);
    assert_eq!(n.co_production, CoProduction::Partly);
    assert_eq!(n.setting, "Home visit");
}

#[test]
fn an_empty_note_names_every_required_field() {
    let e = ConversationInput::default().parse(TODAY).unwrap_err();
    assert_eq!(
        fields(&e),
        vec![
            "held_on",
            "with_whom",
            "setting",
            "discussed",
            "helped",
            "co_production",
            "learnt",
            "do_differently",
            "consent"
        ]
    );
}

#[test]
fn either_what_helped_or_what_did_not_is_enough() {
    let mut i = complete();
    i.helped = String::new();
    i.did_not_help = "Being rushed at the end".into();
    assert!(i.parse(TODAY).is_ok());
}

#[test]
fn nothing_is_kept_without_the_persons_agreement() {
    for (consent, message) in [
        ("no", "Only keep"),
        ("", "Select whether"),
        ("maybe", "Select whether"),
    ] {
        let mut i = complete();
        i.consent = consent.into();
        let e = i.parse(TODAY).unwrap_err();
        assert_eq!(fields(&e), vec!["consent"]);
        assert!(e.0[0].message.starts_with(message), "{consent}: {e:?}");
    }
}

#[test]
fn unknown_codes_and_long_text_are_refused_by_field() {
    let mut i = complete();
    i.with_whom = "neighbour".into();
    i.co_production = "always".into();
    i.setting = "x".repeat(MAX_SETTING + 1);
    i.learnt = "y".repeat(MAX_TEXT + 1);
    let e = i.parse(TODAY).unwrap_err();
    assert_eq!(
        fields(&e),
        vec!["with_whom", "setting", "co_production", "learnt"]
    );
    // At the limit is fine.
    let mut ok = complete();
    ok.setting = "x".repeat(MAX_SETTING);
    ok.learnt = "é".repeat(MAX_TEXT);
    assert!(ok.parse(TODAY).is_ok());
}

#[test]
fn identifiers_we_can_recognise_are_refused() {
    // 943 476 5919 is the NHS's own example of a valid number.
    for (field, text) in [
        ("discussed", "Her NHS number 943 476 5919 was on the letter"),
        ("setting", "Home visit, SW1A 1AA"),
        ("learnt", "9434765919"),
    ] {
        let mut i = complete();
        match field {
            "discussed" => i.discussed = text.into(),
            "setting" => i.setting = text.into(),
            _ => i.learnt = text.into(),
        }
        let e = i.parse(TODAY).unwrap_err();
        assert_eq!(fields(&e), vec![field], "{text}");
    }
    assert_eq!(looks_identifying("seen on 2026-11-18 at 10:30"), None);
    assert_eq!(looks_identifying("ward 10, bed 4, 3 days"), None);
    assert_eq!(looks_identifying("943 476 5918"), None, "wrong check digit");
    assert_eq!(looks_identifying("call 01632 960 001"), None);
    assert_eq!(looks_identifying("M1 1AE"), Some("a postcode"));
}

#[test]
fn dates_a_year_back_and_leap_days() {
    assert_eq!(a_year_before(date!(2028 - 02 - 29)), date!(2027 - 02 - 28));
    assert_eq!(a_year_before(TODAY), date!(2025 - 11 - 20));
    assert!(parse_held_on("2025-11-20", TODAY).is_ok());
    assert!(
        parse_held_on("2025-11-19", TODAY)
            .unwrap_err()
            .contains("on or after 20 November 2025")
    );
    assert!(
        parse_held_on("2026-11-21", TODAY)
            .unwrap_err()
            .contains("today or in the past")
    );
    assert!(
        parse_held_on("20/11/2026", TODAY)
            .unwrap_err()
            .contains("real date")
    );
    assert!(
        parse_held_on(" ", TODAY)
            .unwrap_err()
            .contains("Enter the date")
    );
}

#[test]
fn the_cpd_description_says_when_and_with_whom_only() {
    assert_eq!(
        cpd_description(WithWhom::Carer, date!(2026 - 11 - 18)),
        "A collaborative conversation about my practice with a carer on 18 November 2026."
    );
    assert_eq!(
        cpd_description(WithWhom::ServiceUser, date!(2026 - 01 - 02)),
        "A collaborative conversation about my practice with a person using services on 2 January 2026."
    );
}

fn any_date() -> impl Strategy<Value = Date> {
    // 2000-01-01 plus up to about 60 years.
    (0i64..22_000).prop_map(|d| date!(2000 - 01 - 01) + Duration::days(d))
}

/// A valid NHS number: nine digits and the check digit they give (skipping those whose
/// check would be 10, which are never issued).
fn nhs_number() -> impl Strategy<Value = Vec<u32>> {
    proptest::collection::vec(0u32..10, 9).prop_filter_map("check digit 10", |mut d| {
        let sum: u32 = d.iter().zip((2..=10).rev()).map(|(x, w)| x * w).sum();
        match 11 - (sum % 11) {
            10 => None,
            11 => {
                d.push(0);
                Some(d)
            }
            c => {
                d.push(c);
                Some(d)
            }
        }
    })
}

proptest! {
    /// A date is accepted exactly when it is from a year before today to today.
    #[test]
    fn held_on_is_accepted_exactly_within_the_last_year(today in any_date(), back in -400i64..800) {
        let on = today - Duration::days(back);
        let ok = check_held_on(on, today).is_ok();
        prop_assert_eq!(ok, on <= today && on >= a_year_before(today));
        prop_assert_eq!(parse_held_on(&on.to_string(), today).is_ok(), ok);
    }

    /// A year before is 365 or 366 days before, never after, and in the previous year.
    #[test]
    fn a_year_before_is_one_calendar_year_back(today in any_date()) {
        let y = a_year_before(today);
        let days = (today - y).whole_days();
        prop_assert!((365..=366).contains(&days), "{} days", days);
        prop_assert_eq!(y.year(), today.year() - 1);
    }

    /// Whatever the form sends, parsing either gives a note or names at least one field,
    /// and a note's text is within the limits.
    #[test]
    fn parsing_never_panics_and_bounds_what_it_keeps(
        held in "\\PC{0,12}", whom in "\\PC{0,14}", setting in "\\PC{0,120}",
        text in "\\PC{0,60}", consent in prop_oneof![Just("yes".to_string()), "\\PC{0,4}"],
    ) {
        let i = ConversationInput {
            held_on: held, with_whom: whom, setting, discussed: text.clone(), helped: text.clone(),
            did_not_help: String::new(), co_production: "together".into(),
            co_production_detail: String::new(), learnt: text.clone(), do_differently: text, consent,
        };
        match i.parse(TODAY) {
            Ok(n) => {
                prop_assert!(n.setting.chars().count() <= MAX_SETTING);
                prop_assert!(!n.discussed.is_empty());
                prop_assert!(check_held_on(n.held_on, TODAY).is_ok());
            }
            Err(e) => prop_assert!(!e.is_empty()),
        }
    }

    /// Every valid NHS number is recognised, written together or spaced 3 3 4, in any text.
    #[test]
    fn valid_nhs_numbers_are_recognised(d in nhs_number(), before in "[a-z ]{0,20}", after in "[a-z ]{0,20}") {
        let plain: String = d.iter().map(|x| char::from_digit(*x, 10).unwrap()).collect();
        let spaced = format!("{} {} {}", &plain[..3], &plain[3..6], &plain[6..]);
        let together = format!("{before} {plain} {after}");
        let apart = format!("{before} {spaced}. {after}");
        prop_assert!(looks_identifying(&together).is_some());
        prop_assert!(looks_identifying(&apart).is_some());
        prop_assert!(nhs_check_digit_ok(&d));
    }

    /// Text with no digits holds no NHS number and no postcode.
    #[test]
    fn text_without_digits_is_never_flagged(s in "[^0-9]{0,200}") {
        prop_assert_eq!(looks_identifying(&s), None);
    }

    #[test]
    fn codes_round_trip(i in 0usize..5) {
        if let Some(w) = WithWhom::ALL.get(i) {
            prop_assert_eq!(WithWhom::parse(w.code()), Some(*w));
        }
        if let Some(c) = CoProduction::ALL.get(i) {
            prop_assert_eq!(CoProduction::parse(c.code()), Some(*c));
        }
    }
}
