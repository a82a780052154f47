//! Routes: sickness absence (`service::absence`). The organisation's leads read the
//! aggregates; the HR lead (workforce lead) records and imports episodes.

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::Cap;
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/workforce/absence",
            Cap(C::ViewWorkforceIntelligence),
            get(html::absence::page),
        ),
        route(
            "POST",
            "/workforce/absence",
            Cap(C::ManageAbsence),
            post(html::absence::record),
        ),
        route(
            "POST",
            "/workforce/absence/import",
            Cap(C::ManageAbsence),
            post(html::absence::import),
        ),
        route(
            "GET",
            "/api/v1/workforce/absence",
            Cap(C::ViewWorkforceIntelligence),
            get(api_workforce::absence),
        )
        .doc(Doc::of::<api_workforce::__path_absence>()),
        route(
            "POST",
            "/api/v1/workforce/absence/episodes",
            Cap(C::ManageAbsence),
            post(api_workforce::record_absence),
        )
        .doc(Doc::of::<api_workforce::__path_record_absence>()),
    ]
}
