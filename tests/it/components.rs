//! Our NHS design system macros against nhsuk-frontend's own expected-HTML fixtures
//! (copied from the pinned npm package into tests/fixtures/nhsuk/).

use mhsw::web::templates::Templates;
use minijinja::{Value, context};

fn fixture(component: &str, name: &str) -> (serde_json::Value, String) {
    let text = std::fs::read_to_string(format!(
        "{}/tests/fixtures/nhsuk/{component}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let all: serde_json::Value = serde_json::from_str(&text).unwrap();
    let f = all["fixtures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == name)
        .unwrap_or_else(|| panic!("no fixture {component}/{name}"));
    (
        f["context"].clone(),
        f["html"].as_str().unwrap().to_string(),
    )
}

/// Compares markup ignoring indentation and whitespace between tags.
fn normalise(html: &str) -> String {
    let collapsed: String = html.split_whitespace().collect::<Vec<_>>().join(" ");
    collapsed
        .replace("> <", "><")
        .replace("> ", ">")
        .replace(" <", "<")
}

fn check(component: &str, name: &str, call: &str, ctx: Value) {
    let (_, expected) = fixture(component, name);
    let actual = Templates::new().render_macro(call, ctx).unwrap();
    assert_eq!(
        normalise(&actual),
        normalise(&expected),
        "{component}/{name}"
    );
}

#[test]
fn error_summary_matches() {
    let (ctx, _) = fixture("error-summary", "default");
    let items: Vec<_> = ctx["errorList"].as_array().unwrap().iter().map(|e| serde_json::json!({"field": e["href"].as_str().unwrap().trim_start_matches('#'), "message": e["text"]})).collect();
    check(
        "error-summary",
        "default",
        "{{ m.error_summary(items) }}",
        context! { items => Value::from_serialize(items) },
    );
}

#[test]
fn button_matches() {
    check(
        "button",
        "default",
        "{{ m.button('Save and continue') }}",
        context! {},
    );
}

#[test]
fn back_link_matches() {
    check(
        "back-link",
        "default",
        "{{ m.back_link('#') }}",
        context! {},
    );
}

#[test]
fn input_matches_without_and_with_an_error() {
    check(
        "input",
        "without heading",
        "{{ m.input('example', 'What is your NHS number?', id='without-heading', width=10, code=true, inputmode='numeric', spellcheck=false) }}",
        context! {},
    );
    check(
        "input",
        "with error message, without heading",
        "{{ m.input('example', 'What is your NHS number?', id='with-error-message', error='Enter NHS number', width=10, code=true, inputmode='numeric', spellcheck=false) }}",
        context! {},
    );
}

#[test]
fn skip_link_in_the_layout_matches() {
    let (_, expected) = fixture("skip-link", "default");
    let layout = include_str!("../../templates/layout.html");
    assert!(normalise(layout).contains(&normalise(&expected)));
}

#[test]
fn radios_with_an_error_match() {
    let (ctx, _) = fixture("radios", "with error message, without heading");
    let items: Vec<_> = ctx["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| serde_json::json!({"code": i["value"], "label": i["text"]}))
        .collect();
    // The fixture's idPrefix is its field name here: our first input's id is the name.
    let html = Templates::new()
        .render_macro(
            "{{ m.radios(name, legend, items, error=error) }}",
            context! {
                name => ctx["idPrefix"].as_str().unwrap(),
                legend => ctx["fieldset"]["legend"]["text"].as_str().unwrap(),
                items => Value::from_serialize(items),
                error => ctx["errorMessage"]["text"].as_str().unwrap(),
            },
        )
        .unwrap();
    let (_, expected) = fixture("radios", "with error message, without heading");
    let expected = expected.replace("name=\"example\"", "name=\"with-error-message\"");
    assert_eq!(normalise(&html), normalise(&expected));
}

#[test]
fn a_textarea_with_a_character_count_matches_without_and_with_an_error_and_hint() {
    for name in [
        "without heading",
        "with error message and hint, without heading",
    ] {
        let (ctx, expected) = fixture("character-count", name);
        let label = ctx["label"]
            .as_str()
            .or(ctx["label"]["text"].as_str())
            .unwrap();
        // Our ids are the field names: the fixture's id stands for both here.
        let id = ctx["id"].as_str().unwrap();
        let html = Templates::new()
            .render_macro(
                "{{ m.textarea(name, label, value, error=error, hint=hint, rows=5, maxlength=maxlength) }}",
                context! {
                    name => id,
                    label => label,
                    value => ctx["value"].as_str().unwrap_or(""),
                    error => ctx["errorMessage"]["text"].as_str(),
                    hint => ctx["hint"]["text"].as_str(),
                    maxlength => ctx["maxlength"].as_i64().unwrap(),
                },
            )
            .unwrap();
        let expected = expected.replace("name=\"example\"", &format!("name=\"{id}\""));
        assert_eq!(normalise(&html), normalise(&expected), "{name}");
    }
}

#[test]
fn date_input_with_an_error_and_hint_matches() {
    let (ctx, expected) = fixture("date-input", "with error message and hint, without heading");
    let html = Templates::new()
        .render_macro(
            "{{ m.date_input(name, legend, error=error, hint=hint) }}",
            context! {
                name => ctx["id"].as_str().unwrap(),
                legend => ctx["fieldset"]["legend"].as_str().unwrap(),
                error => ctx["errorMessage"]["text"].as_str().unwrap(),
                hint => ctx["hint"]["text"].as_str().unwrap(),
            },
        )
        .unwrap();
    // Our fields are named after the date ("example[day]"), so that a form can hold several
    // dates; the fixture's have no prefix ("day"). Everything else is the same markup.
    let ours = html
        .replace("name=\"example[", "name=\"")
        .replace("]\" type", "\" type");
    assert_eq!(normalise(&ours), normalise(&expected));
}

/// A count with its noun: "1 hour", never "1 hours"; "1 person", "2 people".
#[test]
fn counts_name_their_noun_in_the_right_number() {
    let t = Templates::new();
    let r = |call: &str| t.render_macro(call, context! {}).unwrap();
    assert_eq!(r(r#"{{ 1|counted("hour") }}"#), "1 hour");
    assert_eq!(r(r#"{{ "1.5"|counted("hour") }}"#), "1.5 hours");
    assert_eq!(r(r#"{{ 1|counted("person", "people") }}"#), "1 person");
    assert_eq!(r(r#"{{ 2|counted("person", "people") }}"#), "2 people");
    assert_eq!(r(r#"{{ 1|counted("practitioner") }}"#), "1 practitioner");
}

/// Templates compile on first use (`Templates::new` only registers where they come from):
/// every one must compile, including those no other test renders.
#[test]
fn every_template_compiles() {
    let compiled = Templates::new().compile_all().unwrap();
    assert!(compiled > 100, "{compiled} templates");
}
