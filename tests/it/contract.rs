//! The API as a contract. Every response the suite receives under `/api/v1` passes through
//! [`check`] (called by `Client::send`): its path and method are documented in the
//! OpenAPI document the server serves, its status is one of the operation's documented
//! responses, its content type is the documented one, and its body matches the documented
//! schema, checked by an independent JSON Schema validator (the `jsonschema` crate, draft
//! 2020-12, as OpenAPI 3.1 uses). A test that gets an undocumented answer fails.

use jsonschema::Validator;
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

struct Operation {
    method: String,
    template: String,
    segments: Vec<String>,
}

struct Contract {
    doc: Value,
    operations: Vec<Operation>,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

fn contract() -> &'static Contract {
    static CONTRACT: OnceLock<Contract> = OnceLock::new();
    CONTRACT.get_or_init(|| {
        let doc = serde_json::to_value(mhsw::web::api::openapi_document()).unwrap();
        let mut operations = Vec::new();
        for (template, item) in doc["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                operations.push(Operation {
                    method: method.to_uppercase(),
                    template: template.clone(),
                    segments: template.split('/').map(String::from).collect(),
                });
            }
        }
        Contract {
            doc,
            operations,
            validators: Mutex::new(HashMap::new()),
        }
    })
}

impl Contract {
    /// The documented operation for a request path: templates match segment by segment,
    /// `{param}` any one; the one with the most literal segments wins.
    fn operation(&self, method: &str, path: &str) -> Option<&Operation> {
        let parts: Vec<&str> = path.split('/').collect();
        self.operations
            .iter()
            .filter(|o| o.method == method && o.segments.len() == parts.len())
            .filter(|o| {
                o.segments
                    .iter()
                    .zip(&parts)
                    .all(|(s, p)| s.starts_with('{') || s == p)
            })
            .max_by_key(|o| o.segments.iter().filter(|s| !s.starts_with('{')).count())
    }

    fn validator(&self, key: &str, schema: &Value) -> Result<Arc<Validator>, String> {
        let mut cache = self.validators.lock().unwrap();
        if let Some(v) = cache.get(key) {
            return Ok(v.clone());
        }
        // References point into the document's components: carry them along.
        let mut rooted = schema.clone();
        if let Some(obj) = rooted.as_object_mut() {
            obj.insert("components".into(), self.doc["components"].clone());
        }
        let v = Arc::new(
            jsonschema::draft202012::new(&rooted)
                .map_err(|e| format!("the document's schema for {key} is not valid: {e}"))?,
        );
        cache.insert(key.to_string(), v.clone());
        Ok(v)
    }

    fn validate(&self, key: &str, schema: &Value, body: &str) -> Result<(), String> {
        let instance: Value =
            serde_json::from_str(body).map_err(|e| format!("{key}: the body is not JSON ({e})"))?;
        let validator = self.validator(key, schema)?;
        let errors: Vec<String> = validator
            .iter_errors(&instance)
            .take(5)
            .map(|e| format!("at {}: {e}", e.instance_path()))
            .collect();
        if errors.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{key}: the body does not match the documented schema:\n  {}\nbody: {}",
                errors.join("\n  "),
                &body[..body.len().min(1500)]
            ))
        }
    }
}

/// Checks one response against the served document; `Err` says what does not match.
pub fn check(
    method: &str,
    uri: &str,
    status: u16,
    content_type: Option<&str>,
    body: &str,
) -> Result<(), String> {
    let path = uri.split(['?', '#']).next().unwrap_or(uri);
    if !path.starts_with("/api/v1/") {
        return Ok(());
    }
    let c = contract();
    let content_type = content_type
        .map(|t| t.split(';').next().unwrap_or(t).trim())
        .unwrap_or("");
    let served_as = if method == "HEAD" { "GET" } else { method };
    let Some(op) = c.operation(served_as, path) else {
        // No such operation: only a refusal, as problem details, is right.
        if method == "HEAD" && status >= 400 {
            return Ok(());
        }
        if status < 400 {
            return Err(format!(
                "{method} {path} answered {status} but is not documented"
            ));
        }
        if content_type != "application/problem+json" {
            return Err(format!(
                "{method} {path}: a {status} as {content_type:?}, not problem details"
            ));
        }
        let problem = json!({"$ref": "#/components/schemas/Problem"});
        return c.validate("Problem", &problem, body);
    };
    let key = format!("{} {} {status}", op.method, op.template);
    let responses = &c.doc["paths"][&op.template][op.method.to_lowercase()]["responses"];
    let response = responses
        .get(status.to_string())
        .or_else(|| responses.get("default"))
        .ok_or_else(|| format!("{key}: status {status} is not documented"))?;
    let Some(content) = response.get("content").and_then(Value::as_object) else {
        return if body.is_empty() {
            Ok(())
        } else {
            Err(format!("{key}: documented without a body, but one came"))
        };
    };
    if method == "HEAD" {
        return Ok(());
    }
    let media = content.get(content_type).ok_or_else(|| {
        format!(
            "{key}: content type {content_type:?} is not documented (documented: {:?})",
            content.keys().collect::<Vec<_>>()
        )
    })?;
    match media.get("schema") {
        Some(schema) if content_type.ends_with("json") => {
            c.validate(&format!("{key} {content_type}"), schema, body)
        }
        _ => Ok(()),
    }
}
