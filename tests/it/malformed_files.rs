//! The malformed corpus (`tests/corpus/malformed`, made by `scripts/make-malformed-corpus`):
//! every file is sent to its importer's front door (absence through the HR page's upload;
//! the register check, staff lists and stocktake returns through the API) and must be
//! refused whole: an answer that is not a success and not a server error, a message (naming
//! the row the file's defect is in, where the manifest says which), and nothing written.

use crate::helpers::*;
use std::path::Path;

/// The tables an importer could write to (a refusal must leave every count as it was).
const TABLES: [&str; 7] = [
    "absence_episodes",
    "registration_imports",
    "registrations",
    "staff_imports",
    "practitioners",
    "stocktake_returns",
    "stocktake_cells",
];

async fn counts(t: &TestApp) -> Vec<i64> {
    let mut out = Vec::new();
    for table in TABLES {
        out.push(t.count(table).await);
    }
    out
}

#[tokio::test]
async fn every_malformed_file_is_refused_whole_naming_its_row_and_nothing_is_written() {
    let t = TestApp::new().await;
    let hr = t.signed_in(WORKFORCE).await;
    let psw = t.api(PSW).await;
    let workforce = t.api(WORKFORCE).await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/malformed");
    let manifest = std::fs::read_to_string(dir.join("MANIFEST.tsv")).unwrap();
    let mut failures = Vec::new();
    let mut files = 0;
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let (file, expected) = line.split_once('\t').unwrap();
        let bytes = std::fs::read(dir.join(file)).unwrap();
        let (importer, name) = file.split_once('/').unwrap();
        let content_type = if name.ends_with(".xlsx") {
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        } else {
            "text/csv"
        };
        let before = counts(&t).await;
        let res = match importer {
            "absence" => {
                hr.post_file_bytes("/workforce/absence/import", "file", name, &bytes)
                    .await
            }
            "register" => {
                psw.send_bytes(
                    "POST",
                    "/api/v1/registration/check/imports",
                    content_type,
                    bytes,
                )
                .await
            }
            "staff" => {
                psw.send_bytes("POST", "/api/v1/practitioners/imports", content_type, bytes)
                    .await
            }
            "stocktake" => {
                workforce
                    .send_bytes(
                        "POST",
                        &format!("/api/v1/stocktake/returns?file_name={name}"),
                        content_type,
                        bytes,
                    )
                    .await
            }
            other => panic!("{file}: no importer called {other}"),
        };
        files += 1;
        let status = res.status.as_u16();
        let said = said(importer, &res.body);
        if !(400..500).contains(&status) {
            failures.push(format!("{file}: answered {status}: {}", said.join(" | ")));
        } else if said.is_empty() {
            failures.push(format!("{file}: refused ({status}) without saying why"));
        } else if !expected.is_empty() && !said.iter().any(|m| m.contains(expected)) {
            failures.push(format!("{file}: no message names {expected:?}: {said:?}"));
        }
        if counts(&t).await != before {
            failures.push(format!("{file}: something was written"));
        }
    }
    assert!(files >= 200, "the corpus has {files} files");
    assert!(
        failures.is_empty(),
        "{} of {files} files:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// What the refusal said: the problem details' messages, or the page's error summary.
fn said(importer: &str, body: &str) -> Vec<String> {
    if importer == "absence" {
        let Some((_, summary)) = body.split_once("nhsuk-error-summary__list") else {
            return Vec::new();
        };
        let summary = summary.split("</ul>").next().unwrap_or_default();
        return summary
            .split("<li>")
            .skip(1)
            .map(|li| {
                let text = li.split("</li>").next().unwrap_or_default();
                page_text(text)
            })
            .filter(|m| !m.trim().is_empty())
            .collect();
    }
    let Ok(v) = serde_json::from_str::<serde_json::Value>(body) else {
        return Vec::new();
    };
    let mut out: Vec<String> = v["errors"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|e| e["message"].as_str().map(str::to_string))
        .collect();
    if out.is_empty()
        && let Some(d) = v["detail"].as_str()
    {
        out.push(d.to_string());
    }
    out
}
