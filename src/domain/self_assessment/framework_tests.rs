use super::*;

/// A small valid framework; tests break it one way at a time.
pub(crate) const MINIMAL: &str = r#"
[framework]
code = "amhp-service-standards"
version = 1
title = "Example: AMHP service standards, added as data"
short_title = "AMHP standards (example)"
published = "2019"
source = "An organisation's own copy"
provenance = "source"
description = "Shows that a framework is data."

[scale]
source = "mhsw's own four-point scale"
allow_not_applicable = false
amber_from = 2.0
green_from = 3.0
levels = [
  { value = 1, label = "Not in place", description = "a" },
  { value = 2, label = "Partly in place", description = "b" },
  { value = 3, label = "Mostly in place", description = "c" },
  { value = 4, label = "Fully in place", description = "d" },
]

[[domains]]
code = "1"
title = "Rota"
summary = "s"
reference = "r"

[[domains.criteria]]
code = "1.1"
text = "There are enough AMHPs for a 24-hour service"
guidance = "g"
evidence_prompts = ["the rota"]
reference = "r"
evidence = ["amhp_numbers"]
"#;

fn broken(from: &str, to: &str) -> String {
    assert!(MINIMAL.contains(from), "fixture lacks {from}");
    Framework::parse(&MINIMAL.replacen(from, to, 1)).unwrap_err()
}

#[test]
fn the_minimal_framework_is_valid() {
    let f = Framework::parse(MINIMAL).unwrap();
    assert_eq!(f.criterion_count(), 1);
    assert_eq!(f.scale.max(), 4);
}

#[test]
fn malformed_files_are_refused_with_a_message_saying_what_is_wrong() {
    assert!(broken("short_title", "shorter_title").contains("unknown field"));
    assert!(broken("code = \"1.1\"", "code = \"1\"\nextra = 1").contains("unknown field"));
    assert!(broken("{ value = 3,", "{ value = 5,").contains("numbered 1, 2, 3"));
    assert!(broken("[\"amhp_numbers\"]", "[\"amhp_rota_gaps\"]").contains("not a measure"));
    assert!(broken("green_from = 3.0", "green_from = 5.0").contains("amber_from < green_from"));
    assert!(
        broken("provenance = \"source\"", "provenance = \"adapted\"").contains("provenance_note")
    );
    assert!(broken("code = \"amhp-service-standards\"", "code = \"AMHP\"").contains("lower-case"));
    assert!(broken("version = 1", "version = 0").contains("version"));
    assert!(broken("text = \"There", "text = \"\"\nx = \"").contains("unknown field"));
    assert!(
        broken("evidence_prompts = [\"the rota\"]", "evidence_prompts = []")
            .contains("evidence_prompts")
    );
    let twice = MINIMAL.to_string()
        + "\n[[domains.criteria]]\ncode = \"1.1\"\ntext = \"t\"\nguidance = \"g\"\nevidence_prompts = [\"p\"]\nreference = \"r\"\n";
    assert!(Framework::parse(&twice).unwrap_err().contains("used twice"));
    assert!(Framework::parse("not toml [").is_err());
}

#[test]
fn the_shipped_frameworks_load_and_are_what_the_issue_asks_for() {
    let all = Frameworks::load(None).expect("every file in data/frameworks is valid");
    let hee = all
        .latest_of("hee-considerations")
        .expect("the HEE considerations");
    assert_eq!(hee.domains.len(), 8, "eight organisational considerations");
    assert!(
        hee.criterion_count() >= 40,
        "every action point is a criterion"
    );
    let lga = all
        .latest_of("lga-employer-standards")
        .expect("the LGA standards");
    assert_eq!(lga.framework.version, 2020);
    let titles: Vec<&str> = lga.domains.iter().map(|d| d.title.as_str()).collect();
    assert_eq!(titles[0], "Strong and clear social work framework");
    assert_eq!(titles[4], "Supervision");
    assert_eq!(titles.len(), 8);
    let swbmh = all
        .latest_of("swbmh-mental-health-adapted")
        .expect("the adapted framework");
    assert_eq!(swbmh.framework.provenance, Provenance::Adapted);
    assert_eq!(
        swbmh.domains.len(),
        6,
        "five roles and the organisational context"
    );
    for f in all.latest() {
        assert!(
            f.criteria().any(|(_, c)| !c.evidence.is_empty()),
            "{} shows some of mhsw's own evidence",
            f.framework.code
        );
    }
}

#[test]
fn a_framework_dropped_into_the_extra_directory_joins_without_a_code_change() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("amhp.toml"), MINIMAL).unwrap();
    std::fs::write(dir.path().join("notes.txt"), "ignored").unwrap();
    let all = Frameworks::load(Some(dir.path())).unwrap();
    assert!(all.get("amhp-service-standards", 1).is_some());
    std::fs::write(dir.path().join("broken.toml"), "[framework]\ncode = 1").unwrap();
    let err = Frameworks::load(Some(dir.path())).unwrap_err();
    assert!(err.contains("broken.toml"), "{err}");
}

#[test]
fn the_same_code_and_version_twice_is_refused_and_the_newest_version_is_latest() {
    let v2 = MINIMAL.replacen("version = 1", "version = 2", 1);
    let all = Frameworks::from_texts([("a".to_string(), MINIMAL), ("b".to_string(), v2.as_str())])
        .unwrap();
    assert_eq!(
        all.latest_of("amhp-service-standards")
            .unwrap()
            .framework
            .version,
        2
    );
    let err = Frameworks::from_texts([("a".to_string(), MINIMAL), ("b".to_string(), MINIMAL)])
        .unwrap_err();
    assert!(err.contains("defined twice"));
}
