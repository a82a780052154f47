//! The error half of the API contract, added to every operation of the OpenAPI document
//! in one place: each refusal mhsw can give, as RFC 9457 problem details
//! (`application/problem+json`, schema `Problem`), with the headers that go with it
//! (`Allow` on a 405, `Retry-After` on a 429). Handlers document only what is particular
//! to them; a `Problem` they name is served as `application/problem+json` here too.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{Content, HeaderBuilder, OpenApi, Ref, RefOr, ResponseBuilder};

pub const PROBLEM: &str = "application/problem+json";

/// Every operation may answer these.
const ALWAYS: &[(&str, &str)] = &[
    (
        "400",
        "The address or query could not be read (a malformed id or parameter)",
    ),
    (
        "401",
        "No bearer token, or one that is unknown, expired or revoked",
    ),
    ("403", "The token's user may not do this"),
    (
        "404",
        "No such record, or one outside the user's organisation and scope",
    ),
    (
        "405",
        "The path does not serve this method; Allow lists those it does",
    ),
    ("422", "The input is not valid; errors names each field"),
    (
        "429",
        "Too many requests; Retry-After says when to try again",
    ),
    (
        "500",
        "Something went wrong on the server; the request id identifies it in the logs",
    ),
];

/// Operations with a request body may also answer these.
const WITH_BODY: &[(&str, &str)] = &[
    ("413", "The body is larger than the service accepts"),
    (
        "415",
        "The body is not sent as application/json (or the documented type)",
    ),
];

pub struct ErrorResponses;

impl utoipa::Modify for ErrorResponses {
    fn modify(&self, openapi: &mut OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                add_errors(op);
            }
            if let Some(op) = &mut item.post {
                add_idempotency_key(op);
            }
        }
    }
}

/// Every POST takes an `Idempotency-Key` (`web::idempotency`) and may answer 409.
fn add_idempotency_key(op: &mut Operation) {
    use utoipa::openapi::path::{ParameterBuilder, ParameterIn};
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let key = ParameterBuilder::new()
        .name("Idempotency-Key")
        .parameter_in(ParameterIn::Header)
        .required(utoipa::openapi::Required::False)
        .description(Some(
            "Makes the request safe to retry: a retry with the same key gets the first answer (marked Idempotent-Replayed: true) instead of the write being done again. 1 to 255 visible ASCII characters, such as a UUID; kept for a day.",
        ))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .min_length(Some(1))
                .max_length(Some(255))
                .pattern(Some("^[\\x21-\\x7e]+$")),
        ))
        .build();
    op.parameters.get_or_insert_with(Vec::new).push(key);
    op.responses.responses.entry("409".into()).or_insert_with(|| {
        RefOr::T(problem_response(
            "409",
            "A request with this Idempotency-Key has not finished (still running, or interrupted)",
        ))
    });
}

fn add_errors(op: &mut Operation) {
    let body = op.request_body.is_some();
    let responses = &mut op.responses.responses;
    // A `Problem` a handler names is problem details, not plain JSON.
    for response in responses.values_mut() {
        if let RefOr::T(r) = response
            && let Some(c) = r.content.shift_remove("application/json")
        {
            let is_problem =
                matches!(&c.schema, Some(RefOr::Ref(re)) if re.ref_location.ends_with("/Problem"));
            r.content.insert(
                if is_problem {
                    PROBLEM
                } else {
                    "application/json"
                }
                .into(),
                c,
            );
        }
    }
    let wanted = ALWAYS.iter().chain(if body { WITH_BODY } else { &[] });
    for (status, description) in wanted {
        responses
            .entry(status.to_string())
            .or_insert_with(|| RefOr::T(problem_response(status, description)));
    }
}

fn problem_response(status: &str, description: &str) -> utoipa::openapi::Response {
    let mut r = ResponseBuilder::new().description(description).content(
        PROBLEM,
        Content::new(Some(RefOr::Ref(Ref::from_schema_name("Problem")))),
    );
    let header = |what: &str| {
        HeaderBuilder::new()
            .schema(utoipa::openapi::schema::Object::with_type(
                utoipa::openapi::schema::Type::String,
            ))
            .description(Some(what))
            .build()
    };
    match status {
        "405" => r = r.header("Allow", header("The methods this path serves")),
        "429" => r = r.header("Retry-After", header("Seconds to wait before trying again")),
        _ => {}
    }
    r.build()
}
