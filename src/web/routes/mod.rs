//! Every route with its handler, per area; `web::router` mounts them.

use crate::web::*;
use axum::routing::MethodRouter;

mod learning;
mod organisation;
mod people;
mod supervision;

/// Every route with its handler. `router` refuses to build if one is missing from
/// `policy::ROUTES`; the integration suite checks the converse.
pub(super) fn routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post, put};
    let mut v: Vec<(&'static str, &'static str, MethodRouter<AppState>)> = vec![
        ("GET", "/health", get(html::pages::health)),
        ("GET", "/assets/{*path}", get(assets::serve)),
        ("GET", "/sign-in", get(html::session::sign_in_page)),
        ("POST", "/sign-in", post(html::session::sign_in)),
        ("POST", "/sign-out", post(html::session::sign_out)),
        ("GET", "/accessibility", get(html::pages::accessibility)),
        ("GET", "/privacy", get(html::pages::privacy)),
        ("GET", "/", get(html::pages::home)),
        ("GET", "/development", get(html::pages::development)),
        ("GET", "/organisations", get(html::orgs::list)),
        ("GET", "/organisations/{id}", get(html::orgs::show)),
        (
            "GET",
            "/social-work-lead",
            get(html::social_work_lead::form),
        ),
        (
            "POST",
            "/social-work-lead",
            post(html::social_work_lead::save),
        ),
        (
            "PUT",
            "/api/v1/social-work-lead",
            put(api_social_work_lead::set_social_work_lead),
        ),
        ("GET", "/partnerships", get(html::partnerships::list)),
        ("POST", "/partnerships", post(html::partnerships::create)),
        (
            "GET",
            "/partnerships/new",
            get(html::partnerships::new_page),
        ),
        ("GET", "/partnerships/{id}", get(html::partnerships::show)),
        (
            "POST",
            "/partnerships/{id}/accept",
            post(html::partnerships::accept),
        ),
        (
            "POST",
            "/partnerships/{id}/decline",
            post(html::partnerships::decline),
        ),
        (
            "POST",
            "/partnerships/{id}/end",
            post(html::partnerships::end),
        ),
        ("GET", "/api/v1/partnerships", get(api_partnerships::list)),
        (
            "POST",
            "/api/v1/partnerships",
            post(api_partnerships::propose),
        ),
        (
            "GET",
            "/api/v1/partnerships/{id}",
            get(api_partnerships::get),
        ),
        (
            "POST",
            "/api/v1/partnerships/{id}/accept",
            post(api_partnerships::accept),
        ),
        (
            "POST",
            "/api/v1/partnerships/{id}/decline",
            post(api_partnerships::decline),
        ),
        (
            "POST",
            "/api/v1/partnerships/{id}/end",
            post(api_partnerships::end),
        ),
        (
            "GET",
            "/organisations/{id}/edit",
            get(html::orgs::edit_page),
        ),
        ("POST", "/organisations/{id}/edit", post(html::orgs::edit)),
        ("GET", "/teams", get(html::teams::list)),
        ("GET", "/teams/new", get(html::teams::new_page)),
        ("POST", "/teams/new", post(html::teams::create)),
        ("GET", "/teams/{id}", get(html::teams::show)),
        ("GET", "/teams/{id}/edit", get(html::teams::edit_page)),
        ("POST", "/teams/{id}/edit", post(html::teams::edit)),
        ("GET", "/practitioners", get(html::practitioners::list)),
        (
            "GET",
            "/practitioners/new",
            get(html::practitioners::new_page),
        ),
        (
            "POST",
            "/practitioners/new",
            post(html::practitioners::create),
        ),
        (
            "GET",
            "/practitioners/import",
            get(html::staff_import::page),
        ),
        (
            "POST",
            "/practitioners/import",
            post(html::staff_import::upload),
        ),
        (
            "GET",
            "/practitioners/import/{id}",
            get(html::staff_import::preview),
        ),
        (
            "POST",
            "/practitioners/import/{id}/apply",
            post(html::staff_import::apply),
        ),
        (
            "POST",
            "/api/v1/practitioners/imports",
            post(api_staff_import::preview),
        ),
        (
            "POST",
            "/api/v1/practitioners/imports/{id}/apply",
            post(api_staff_import::apply),
        ),
        ("GET", "/practitioners/{id}", get(html::practitioners::show)),
        (
            "GET",
            "/practitioners/{id}/edit",
            get(html::practitioners::edit_page),
        ),
        (
            "POST",
            "/practitioners/{id}/edit",
            post(html::practitioners::edit),
        ),
        ("GET", "/users", get(html::users::list)),
        ("GET", "/users/new", get(html::users::new_page)),
        ("POST", "/users/new", post(html::users::create)),
        ("GET", "/users/{id}/edit", get(html::users::edit_page)),
        ("POST", "/users/{id}/edit", post(html::users::edit)),
        ("GET", "/audit", get(html::audit::list)),
        ("GET", "/audit.csv", get(html::audit::csv)),
        ("GET", "/workforce", get(html::pages::workforce)),
        ("GET", "/api/openapi.json", get(api::openapi_json)),
    ];
    v.extend([
        ("GET", "/api/v1/me", get(api::me)),
        ("GET", "/api/v1/organisations", get(api::list_organisations)),
        (
            "GET",
            "/api/v1/organisations/{id}",
            get(api::get_organisation),
        ),
        (
            "PUT",
            "/api/v1/organisations/{id}",
            put(api::update_organisation),
        ),
        ("GET", "/api/v1/teams", get(api::list_teams)),
        ("POST", "/api/v1/teams", post(api::create_team)),
        ("GET", "/api/v1/teams/{id}", get(api::get_team)),
        ("PUT", "/api/v1/teams/{id}", put(api::update_team)),
        ("GET", "/api/v1/practitioners", get(api::list_practitioners)),
        (
            "POST",
            "/api/v1/practitioners",
            post(api::create_practitioner),
        ),
        (
            "GET",
            "/api/v1/practitioners/{id}",
            get(api::get_practitioner),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}",
            put(api::update_practitioner),
        ),
        ("GET", "/api/v1/users", get(api::list_users)),
        ("POST", "/api/v1/users", post(api::create_user)),
        ("PUT", "/api/v1/users/{id}", put(api::update_user)),
        ("GET", "/api/v1/audit", get(api::list_audit)),
        ("GET", "/api/v1/workforce", get(api::workforce)),
    ]);
    v.extend(people::calendar_routes());
    v.extend(supervision::supervision_routes());
    v.extend(supervision::supervision_api_routes());
    v.extend(people::registration_routes());
    v.extend(supervision::pulse_routes());
    v.extend(supervision::governance_routes());
    v.extend(learning::cpd_routes());
    v.extend(learning::feedback_routes());
    v.extend(learning::conversation_routes());
    v.extend(people::asye_routes());
    v.extend(people::post_qualifying_routes());
    v.extend(organisation::self_assessment_routes());
    v.extend(organisation::strategic_statement_routes());
    v.extend(organisation::benchmark_routes());
    v
}

/// (method, path) of every registered route, for the policy coverage test.
pub fn registered_routes() -> Vec<(&'static str, &'static str)> {
    routes().into_iter().map(|(m, p, _)| (m, p)).collect()
}
