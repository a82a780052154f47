//! Routes about the organisation: the self-assessment, its benchmark and the strategic statement.

use crate::web::*;
use axum::routing::MethodRouter;

/// The organisational self-assessment: pages and API.
pub(super) fn self_assessment_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)>
{
    use api_self_assessment as a;
    use axum::routing::{get, post, put};
    use html::self_assessment as h;
    vec![
        ("GET", "/self-assessment", get(h::overview)),
        ("GET", "/self-assessment/cycles/new", get(h::open_form)),
        ("POST", "/self-assessment/cycles/new", post(h::open)),
        ("GET", "/self-assessment/cycles/{id}", get(h::cycle)),
        (
            "POST",
            "/self-assessment/cycles/{id}/sign-off",
            post(h::sign_off),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/domains/{domain}",
            get(h::domain),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/criteria/{code}",
            get(h::criterion_form),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/criteria/{code}",
            post(h::rate),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/leads",
            get(h::leads_form),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/leads",
            post(h::assign_leads),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/participants",
            get(h::participants),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/participants",
            post(h::add_participant),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/participants/remove",
            post(h::remove_participant),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/compare",
            get(h::compare),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/export.xlsx",
            get(h::export_xlsx),
        ),
        ("GET", "/self-assessment/cycles/{id}/print", get(h::print)),
        (
            "GET",
            "/self-assessment/cycles/{id}/actions/new",
            get(h::new_action_form),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/actions/new",
            post(h::add_action),
        ),
        ("GET", "/self-assessment/actions", get(h::action_plan)),
        ("GET", "/self-assessment/actions/{id}", get(h::action)),
        (
            "POST",
            "/self-assessment/actions/{id}",
            post(h::update_action),
        ),
        ("GET", "/api/v1/self-assessment", get(a::overview)),
        (
            "GET",
            "/api/v1/self-assessment/frameworks",
            get(a::frameworks),
        ),
        ("POST", "/api/v1/self-assessment/cycles", post(a::open)),
        ("GET", "/api/v1/self-assessment/cycles/{id}", get(a::cycle)),
        (
            "PUT",
            "/api/v1/self-assessment/cycles/{id}/criteria/{code}",
            put(a::rate),
        ),
        (
            "PUT",
            "/api/v1/self-assessment/cycles/{id}/leads",
            put(a::leads),
        ),
        (
            "POST",
            "/api/v1/self-assessment/cycles/{id}/participants",
            post(a::add_participant),
        ),
        (
            "POST",
            "/api/v1/self-assessment/cycles/{id}/sign-off",
            post(a::sign_off),
        ),
        (
            "POST",
            "/api/v1/self-assessment/cycles/{id}/actions",
            post(a::add_action),
        ),
        (
            "GET",
            "/api/v1/self-assessment/actions",
            get(a::action_plan),
        ),
        (
            "GET",
            "/api/v1/self-assessment/actions/{id}",
            get(a::action),
        ),
        (
            "PUT",
            "/api/v1/self-assessment/actions/{id}",
            put(a::update_action),
        ),
    ]
}

/// The self-assessment benchmark: an organisation against its peers, consent, the national view.
pub(super) fn benchmark_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_benchmark as a;
    use axum::routing::{get, post, put};
    use html::benchmark as h;
    vec![
        ("GET", "/self-assessment/benchmark", get(h::show)),
        (
            "POST",
            "/self-assessment/benchmark/consent",
            post(h::consent),
        ),
        ("GET", "/national/self-assessment", get(h::national)),
        ("GET", "/api/v1/self-assessment/benchmark", get(a::mine)),
        (
            "PUT",
            "/api/v1/self-assessment/benchmark/consent",
            put(a::consent),
        ),
        ("GET", "/api/v1/national/self-assessment", get(a::national)),
    ]
}

/// The strategic statement for social work: page, edit form, print page and API.
pub(super) fn strategic_statement_routes()
-> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_strategic_statement as a;
    use axum::routing::{get, post, put};
    use html::strategic_statement as h;
    vec![
        ("GET", "/strategic-statement", get(h::page)),
        ("POST", "/strategic-statement/generate", post(h::generate)),
        ("GET", "/strategic-statement/edit", get(h::edit_form)),
        ("POST", "/strategic-statement/edit", post(h::edit)),
        ("GET", "/strategic-statement/print", get(h::print)),
        ("GET", "/api/v1/strategic-statement", get(a::get)),
        ("PUT", "/api/v1/strategic-statement", put(a::update)),
        (
            "POST",
            "/api/v1/strategic-statement/generate",
            post(a::generate),
        ),
    ]
}
