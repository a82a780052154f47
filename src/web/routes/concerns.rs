//! Routes: raising concerns (`service::concerns`). A concern's own pages need one of the
//! two capabilities; the service then lets in only its principal social worker, the person
//! asked to answer it and its named sender (anyone else: not found).

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::{AnyOf, Cap};
use crate::web::*;

const READERS: &[C] = &[C::RaiseConcern, C::ManageConcerns];

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/concerns",
            AnyOf(READERS),
            get(html::concerns::list),
        ),
        route(
            "GET",
            "/concerns/new",
            Cap(C::RaiseConcern),
            get(html::concerns::new_form),
        ),
        route(
            "POST",
            "/concerns/new",
            Cap(C::RaiseConcern),
            post(html::concerns::create),
        ),
        // Following an anonymous concern: the reference goes in a form's body, never in
        // an address.
        route(
            "GET",
            "/concerns/follow",
            Cap(C::RaiseConcern),
            get(html::concerns::follow_form),
        ),
        route(
            "POST",
            "/concerns/follow",
            Cap(C::RaiseConcern),
            post(html::concerns::follow),
        ),
        route(
            "POST",
            "/concerns/follow/reply",
            Cap(C::RaiseConcern),
            post(html::concerns::follow_reply),
        ),
        route(
            "GET",
            "/concerns/{id}",
            AnyOf(READERS),
            get(html::concerns::show),
        ),
        route(
            "POST",
            "/concerns/{id}/reply",
            AnyOf(READERS),
            post(html::concerns::reply),
        ),
        route(
            "POST",
            "/concerns/{id}/assign",
            Cap(C::ManageConcerns),
            post(html::concerns::assign),
        ),
        route(
            "POST",
            "/concerns/{id}/close",
            Cap(C::ManageConcerns),
            post(html::concerns::close),
        ),
        route(
            "GET",
            "/api/v1/concerns",
            AnyOf(READERS),
            get(api_concerns::list),
        )
        .doc(Doc::of::<api_concerns::__path_list>()),
        route(
            "POST",
            "/api/v1/concerns",
            Cap(C::RaiseConcern),
            post(api_concerns::raise),
        )
        .doc(Doc::of::<api_concerns::__path_raise>()),
        route(
            "GET",
            "/api/v1/concerns/{id}",
            AnyOf(READERS),
            get(api_concerns::get),
        )
        .doc(Doc::of::<api_concerns::__path_get>()),
        route(
            "POST",
            "/api/v1/concerns/{id}/messages",
            AnyOf(READERS),
            post(api_concerns::message),
        )
        .doc(Doc::of::<api_concerns::__path_message>()),
    ]
}
