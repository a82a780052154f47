//! Routes: single sign-on through the organisation's identity provider (anyone may start
//! and return; the service checks everything that comes back), and the organisation
//! admin's claim-to-role rules, as a page and in the API.

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::{Cap, Public};
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{delete, get, post};
    let admin = Cap(C::ManageUsers);
    vec![
        route(
            "GET",
            "/sign-in/sso/{provider}",
            Public,
            get(html::sso::start),
        ),
        route(
            "GET",
            "/sign-in/sso/{provider}/callback",
            Public,
            get(html::sso::callback),
        ),
        route(
            "GET",
            "/sign-in/sso/{provider}/signed-out",
            Public,
            get(html::sso::signed_out),
        ),
        route(
            "GET",
            "/sign-in/sso/{provider}/jwks.json",
            Public,
            get(html::sso::public_keys),
        ),
        route(
            "GET",
            "/users/single-sign-on",
            admin,
            get(html::sso::rules_show),
        ),
        route(
            "POST",
            "/users/single-sign-on/{provider}/rules",
            admin,
            post(html::sso::rules_add),
        ),
        route(
            "POST",
            "/users/single-sign-on/rules/{id}/remove",
            admin,
            post(html::sso::rules_remove),
        ),
        route(
            "GET",
            "/api/v1/single-sign-on/providers",
            admin,
            get(api_sso::providers),
        )
        .doc(Doc::of::<api_sso::__path_providers>()),
        route(
            "POST",
            "/api/v1/single-sign-on/providers/{provider}/rules",
            admin,
            post(api_sso::add_rule),
        )
        .doc(Doc::of::<api_sso::__path_add_rule>()),
        route(
            "DELETE",
            "/api/v1/single-sign-on/rules/{id}",
            admin,
            delete(api_sso::remove_rule),
        )
        .doc(Doc::of::<api_sso::__path_remove_rule>()),
    ]
}
