//! Routes for learning and feedback: CPD, feedback from people who use services, collaborative conversations.

use crate::web::*;
use axum::routing::MethodRouter;

/// The CPD e-portfolio and the employer's readiness views: pages, files and API.
pub(super) fn cpd_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{delete, get, post, put};
    use html::cpd as c;
    vec![
        ("GET", "/cpd", get(c::portfolio)),
        ("POST", "/cpd/declaration", post(c::declare)),
        ("PUT", "/api/v1/me/cpd/declaration", put(api_cpd::declare)),
        ("GET", "/cpd/new", get(c::new_form)),
        ("POST", "/cpd/new", post(c::create)),
        ("GET", "/cpd/records/{id}", get(c::show)),
        ("GET", "/cpd/records/{id}/edit", get(c::edit_form)),
        ("POST", "/cpd/records/{id}/edit", post(c::update)),
        ("POST", "/cpd/records/{id}/delete", post(c::delete)),
        ("POST", "/cpd/records/{id}/share", post(c::share)),
        ("GET", "/cpd/export", get(c::export_page)),
        ("GET", "/cpd/export.txt", get(c::export_text)),
        ("GET", "/cpd/export.xlsx", get(c::export_xlsx)),
        (
            "POST",
            "/supervision/sessions/{id}/cpd",
            post(c::draft_from_session),
        ),
        ("GET", "/cpd/readiness", get(c::readiness)),
        ("GET", "/practitioners/{id}/cpd", get(c::person)),
        ("GET", "/api/v1/me/cpd", get(api_cpd::portfolio)),
        ("POST", "/api/v1/me/cpd", post(api_cpd::create)),
        ("GET", "/api/v1/cpd/records/{id}", get(api_cpd::record)),
        ("PUT", "/api/v1/cpd/records/{id}", put(api_cpd::update)),
        (
            "DELETE",
            "/api/v1/cpd/records/{id}",
            delete(api_cpd::delete),
        ),
        (
            "PUT",
            "/api/v1/cpd/records/{id}/shared",
            put(api_cpd::share),
        ),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/cpd",
            post(api_cpd::draft_from_session),
        ),
        ("GET", "/api/v1/cpd/readiness", get(api_cpd::readiness)),
        (
            "GET",
            "/api/v1/practitioners/{id}/cpd",
            get(api_cpd::person),
        ),
    ]
}

/// Feedback from people who use services and carers: the public form, the practitioner's
/// page, cards, sharing, team views and questionnaires; pages and API.
pub(super) fn feedback_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{delete, get, post, put};
    use html::feedback as f;
    use html::feedback_public as public;
    vec![
        ("GET", "/f", get(public::enter_code)),
        ("GET", "/f/thank-you", get(public::thanks)),
        ("GET", "/f/privacy", get(public::privacy)),
        ("GET", "/f/{code}", get(public::form)),
        ("POST", "/f/{code}", post(public::send)),
        ("GET", "/feedback", get(f::mine)),
        ("POST", "/feedback/cards", post(f::make_own)),
        ("POST", "/feedback/cards/{id}/withdraw", post(f::withdraw)),
        ("POST", "/feedback/share", post(f::share)),
        ("POST", "/feedback/cpd", post(f::draft_cpd)),
        ("GET", "/feedback/overview", get(f::overview)),
        (
            "GET",
            "/feedback/questionnaires",
            get(f::questionnaires_page),
        ),
        (
            "GET",
            "/feedback/questionnaires/{audience}/adapt",
            get(f::adapt_form),
        ),
        (
            "POST",
            "/feedback/questionnaires/{audience}/adapt",
            post(f::adapt),
        ),
        ("GET", "/practitioners/{id}/feedback", get(f::shared)),
        (
            "GET",
            "/practitioners/{id}/feedback/cards",
            get(f::admin_form),
        ),
        (
            "POST",
            "/practitioners/{id}/feedback/cards",
            post(f::make_for),
        ),
        ("GET", "/api/v1/me/feedback", get(api_feedback::mine)),
        (
            "POST",
            "/api/v1/me/feedback/cards",
            post(api_feedback::make_own),
        ),
        (
            "DELETE",
            "/api/v1/feedback/cards/{id}",
            delete(api_feedback::withdraw),
        ),
        (
            "PUT",
            "/api/v1/me/feedback/shared",
            put(api_feedback::share),
        ),
        (
            "POST",
            "/api/v1/me/feedback/cpd",
            post(api_feedback::draft_cpd),
        ),
        (
            "GET",
            "/api/v1/practitioners/{id}/feedback",
            get(api_feedback::shared),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/feedback/cards",
            post(api_feedback::make_for),
        ),
        (
            "GET",
            "/api/v1/feedback/overview",
            get(api_feedback::overview),
        ),
        (
            "GET",
            "/api/v1/feedback/questionnaires",
            get(api_feedback::questionnaires),
        ),
        (
            "POST",
            "/api/v1/feedback/questionnaires/{audience}",
            post(api_feedback::adapt),
        ),
    ]
}

/// Collaborative conversation notes: pages and API.
pub(super) fn conversation_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_conversations as a;
    use axum::routing::{delete, get, post, put};
    use html::conversations as h;
    vec![
        ("GET", "/conversations", get(h::list)),
        ("GET", "/conversations/new", get(h::new_form)),
        ("POST", "/conversations/new", post(h::create)),
        ("GET", "/conversations/{id}", get(h::show)),
        ("GET", "/conversations/{id}/edit", get(h::edit_form)),
        ("POST", "/conversations/{id}/edit", post(h::update)),
        ("POST", "/conversations/{id}/share", post(h::share)),
        ("POST", "/conversations/{id}/cpd", post(h::draft_cpd)),
        ("POST", "/conversations/{id}/delete", post(h::delete)),
        ("GET", "/api/v1/me/conversations", get(a::list)),
        ("POST", "/api/v1/me/conversations", post(a::create)),
        ("GET", "/api/v1/conversations/{id}", get(a::get)),
        ("PUT", "/api/v1/conversations/{id}", put(a::update)),
        ("PUT", "/api/v1/conversations/{id}/shared", put(a::share)),
        ("POST", "/api/v1/conversations/{id}/cpd", post(a::draft_cpd)),
        ("DELETE", "/api/v1/conversations/{id}", delete(a::delete)),
    ]
}
