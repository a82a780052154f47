//! Supervision routes: agreements and sessions (pages and API), the quality pulse, the governance report.

use crate::web::*;
use axum::routing::MethodRouter;

pub(super) fn supervision_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post};
    use html::supervision as s;
    vec![
        ("GET", "/supervision", get(s::dashboard)),
        ("GET", "/my-supervision", get(s::mine)),
        ("GET", "/practitioners/{id}/supervision", get(s::record)),
        (
            "GET",
            "/practitioners/{id}/supervision/agreement",
            get(s::agreement_form),
        ),
        (
            "POST",
            "/practitioners/{id}/supervision/agreement",
            post(s::save_agreement),
        ),
        (
            "POST",
            "/practitioners/{id}/supervision/agreement/acknowledge",
            post(s::acknowledge),
        ),
        (
            "GET",
            "/practitioners/{id}/supervision/sessions/new",
            get(s::session_form),
        ),
        (
            "POST",
            "/practitioners/{id}/supervision/sessions/new",
            post(s::add_session),
        ),
        ("GET", "/supervision/sessions/{id}", get(s::session)),
        (
            "POST",
            "/supervision/sessions/{id}/held",
            post(s::record_held),
        ),
        ("POST", "/supervision/sessions/{id}/cancel", post(s::cancel)),
        (
            "POST",
            "/supervision/sessions/{id}/confirm",
            post(s::confirm),
        ),
    ]
}

pub(super) fn supervision_api_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)>
{
    use api_supervision as s;
    use axum::routing::{get, post, put};
    vec![
        (
            "GET",
            "/api/v1/practitioners/{id}/supervision",
            get(s::record),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}/supervision/agreement",
            put(s::save_agreement),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/supervision/agreement/acknowledge",
            post(s::acknowledge),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/supervision/sessions",
            post(s::add_session),
        ),
        ("GET", "/api/v1/supervision/sessions/{id}", get(s::session)),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/held",
            post(s::record_held),
        ),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/cancel",
            post(s::cancel),
        ),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/confirm",
            post(s::confirm),
        ),
        ("GET", "/api/v1/supervision/dashboard", get(s::dashboard)),
    ]
}

pub(super) fn pulse_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post};
    use html::pulse as h;
    vec![
        ("GET", "/supervision/pulse", get(h::summary)),
        ("GET", "/supervision/sessions/{id}/pulse", get(h::form)),
        ("POST", "/supervision/sessions/{id}/pulse", post(h::answer)),
        ("GET", "/api/v1/supervision/pulse", get(api_pulse::summary)),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/pulse",
            post(api_pulse::answer),
        ),
    ]
}

/// The governance report: page, files and API.
pub(super) fn governance_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::get;
    use html::governance as g;
    vec![
        ("GET", "/governance", get(g::page)),
        ("GET", "/governance.csv", get(g::csv)),
        ("GET", "/governance.xlsx", get(g::xlsx)),
        ("GET", "/api/v1/governance", get(api_governance::report)),
    ]
}
