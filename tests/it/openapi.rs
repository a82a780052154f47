//! The OpenAPI document is a contract: snapshot it, and check it describes every API route.

use crate::helpers::*;

#[tokio::test]
async fn the_openapi_document_is_served_and_stable() {
    let t = TestApp::new().await;
    let doc = t
        .anonymous()
        .get("/api/openapi.json")
        .await
        .expect(200)
        .json();
    assert_eq!(doc["openapi"], "3.1.0");
    for rule in mhsw::web::routes::RULES
        .iter()
        .filter(|r| r.path.starts_with("/api/v1/"))
    {
        let op = &doc["paths"][rule.path][rule.method.to_lowercase()];
        assert!(
            op.is_object(),
            "{} {} is not documented",
            rule.method,
            rule.path
        );
    }
    insta::assert_json_snapshot!("openapi", doc);
}

/// utoipa names a schema after its type, so two types of one name would share (and
/// overwrite) one schema: the feedback overview once pointed at the self-assessment's.
/// Every type deriving `ToSchema` must have a name of its own (`#[schema(as = ...)]`).
#[test]
fn no_two_schemas_share_a_name() {
    fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                files(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut paths = Vec::new();
    files(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut paths,
    );
    let mut seen: std::collections::BTreeMap<String, String> = Default::default();
    let mut clashes = Vec::new();
    for path in paths {
        let text = std::fs::read_to_string(&path).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        for (i, line) in lines.iter().enumerate() {
            if !(line.trim_start().starts_with("#[derive(") && line.contains("ToSchema")) {
                continue;
            }
            let mut renamed = None;
            let mut name = None;
            for next in &lines[i + 1..] {
                let t = next.trim_start();
                if let Some(rest) = t.strip_prefix("#[schema(as = ") {
                    renamed = rest
                        .split([')', ','])
                        .next()
                        .map(str::trim)
                        .map(String::from);
                }
                if let Some(rest) = t
                    .strip_prefix("pub struct ")
                    .or_else(|| t.strip_prefix("pub enum "))
                    .or_else(|| t.strip_prefix("struct "))
                    .or_else(|| t.strip_prefix("enum "))
                {
                    name = rest
                        .split(['<', ' ', '{', '(', ';'])
                        .next()
                        .map(String::from);
                    break;
                }
            }
            let Some(name) = renamed.or(name) else {
                continue;
            };
            let place = format!("{}:{}", path.display(), i + 1);
            if let Some(first) = seen.insert(name.clone(), place.clone()) {
                clashes.push(format!("{name}: {first} and {place}"));
            }
        }
    }
    assert!(seen.len() > 50, "the scan found {} schemas", seen.len());
    assert!(
        clashes.is_empty(),
        "schemas sharing a name:\n{}",
        clashes.join("\n")
    );
}
