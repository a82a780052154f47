//! The FHIR export of practitioners: through the API (the caller's scope, audited) and the
//! command line. `scripts/check-fhir` validates the same output with an independent FHIR
//! library in CI.

use crate::helpers::*;
use serde_json::Value;

fn resources<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["resource"])
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

#[tokio::test]
async fn the_api_exports_the_practitioners_the_caller_sees_as_a_uk_core_bundle() {
    let t = TestApp::new().await;
    let r = t
        .api(PSW)
        .await
        .get("/api/v1/fhir/practitioners")
        .await
        .expect(200);
    assert_eq!(r.headers["content-type"], "application/fhir+json");
    let bundle = r.json();
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    let people = resources(&bundle, "Practitioner");
    let roles = resources(&bundle, "PractitionerRole");
    assert_eq!(people.len(), roles.len());
    assert_eq!(bundle["total"], people.len() * 2);
    let numbered = people.iter().find(|p| p["identifier"].is_array()).unwrap();
    assert_eq!(
        numbered["identifier"][0]["system"],
        mhsw::domain::fhir::FhirSettings::default().swe_number_system
    );
    assert!(
        numbered["identifier"][0]["value"]
            .as_str()
            .unwrap()
            .starts_with("SW")
    );
    assert!(
        people.iter().any(|p| p["qualification"].is_array()),
        "post-qualifying roles"
    );
    assert!(
        roles
            .iter()
            .all(|r| r["organization"]["identifier"]["system"]
                == "https://fhir.nhs.uk/Id/ods-organization-code")
    );
    // No equality data travels in it.
    let text = bundle.to_string();
    for word in ["ethnic", "disability", "birthDate", "gender"] {
        assert!(!text.contains(word), "{word} in the export");
    }
    let audited = t
        .scalar_i64("SELECT COUNT(*) FROM audit_log WHERE action = 'export' AND record_type = 'practitioners (FHIR)'")
        .await;
    assert_eq!(audited, 1);

    // Another organisation's admin exports their own people only.
    let theirs = t
        .api(HARBOUR_ADMIN)
        .await
        .get("/api/v1/fhir/practitioners")
        .await
        .expect(200)
        .json();
    assert!(!theirs.to_string().contains("\"R9N\""));
    assert!(resources(&theirs, "Practitioner").len() < people.len());
}

#[tokio::test]
async fn the_command_line_writes_an_organisations_bundle_to_a_file() {
    let t = TestApp::new().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("bundle.json");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .env("MHSW_LOG", "error")
        .args([
            "export",
            "fhir",
            "--database-url",
            &t.url,
            "--org",
            "r9n",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let bundle: Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert!(resources(&bundle, "PractitionerRole").len() > 10);
    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_mhsw"))
        .args(["export", "fhir", "--database-url", &t.url, "--org", "NOPE"])
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(
        String::from_utf8_lossy(&unknown.stderr).contains("No organisation has the ODS code NOPE")
    );
}
