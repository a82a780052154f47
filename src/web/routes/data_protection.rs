//! Routes: the data protection officer's part (`service::data_protection`): finding a
//! person, the subject access export (page, JSON download, API) and the retention
//! schedule's preview. The officer alone; the service keeps them to their organisation.

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::Cap;
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::get;
    let need = Cap(C::ActOnDataRights);
    vec![
        route(
            "GET",
            "/data-protection",
            need,
            get(html::data_protection::index),
        ),
        route(
            "GET",
            "/data-protection/people/{id}",
            need,
            get(html::data_protection::practitioner),
        ),
        route(
            "GET",
            "/data-protection/people/{id}/export.json",
            need,
            get(html::data_protection::practitioner_json),
        ),
        route(
            "GET",
            "/data-protection/accounts/{id}",
            need,
            get(html::data_protection::account),
        ),
        route(
            "GET",
            "/data-protection/accounts/{id}/export.json",
            need,
            get(html::data_protection::account_json),
        ),
        route(
            "GET",
            "/data-protection/retention",
            need,
            get(html::data_protection::retention),
        ),
        route(
            "GET",
            "/api/v1/data-protection/subjects",
            need,
            get(api_data_protection::search),
        )
        .doc(Doc::of::<api_data_protection::__path_search>()),
        route(
            "GET",
            "/api/v1/data-protection/people/{id}",
            need,
            get(api_data_protection::practitioner),
        )
        .doc(Doc::of::<api_data_protection::__path_practitioner>()),
        route(
            "GET",
            "/api/v1/data-protection/accounts/{id}",
            need,
            get(api_data_protection::account),
        )
        .doc(Doc::of::<api_data_protection::__path_account>()),
        route(
            "GET",
            "/api/v1/data-protection/retention",
            need,
            get(api_data_protection::retention),
        )
        .doc(Doc::of::<api_data_protection::__path_retention>()),
    ]
}
