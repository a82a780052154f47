//! Routes: returns to the national stocktake (the page, the API, the templates), its
//! results, and the FHIR export of practitioners (workforce interoperability).

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::{Cap, Public};
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/stocktake",
            Cap(C::SubmitStocktakeReturn),
            get(html::stocktake::page),
        ),
        route(
            "POST",
            "/stocktake",
            Cap(C::SubmitStocktakeReturn),
            post(html::stocktake::upload),
        ),
        route(
            "GET",
            "/stocktake/returns/{id}",
            Cap(C::SubmitStocktakeReturn),
            get(html::stocktake::show),
        ),
        route(
            "GET",
            "/stocktake/generate",
            Cap(C::GenerateStocktakeReturn),
            get(html::stocktake::review),
        ),
        route(
            "POST",
            "/stocktake/generate",
            Cap(C::GenerateStocktakeReturn),
            post(html::stocktake::send_generated),
        ),
        route(
            "GET",
            "/api/v1/stocktake/generated",
            Cap(C::GenerateStocktakeReturn),
            get(api_stocktake::generated),
        )
        .doc(Doc::of::<api_stocktake::__path_generated>()),
        route(
            "POST",
            "/api/v1/stocktake/generated",
            Cap(C::GenerateStocktakeReturn),
            post(api_stocktake::send_generated),
        )
        .doc(Doc::of::<api_stocktake::__path_send_generated>()),
        route(
            "GET",
            "/stocktake/national",
            Cap(C::ViewWorkforceAggregates),
            get(html::stocktake::national),
        ),
        route(
            "GET",
            "/stocktake/national.xlsx",
            Cap(C::ViewWorkforceAggregates),
            get(html::stocktake::national_xlsx),
        ),
        route(
            "GET",
            "/api/v1/stocktake/national",
            Cap(C::ViewWorkforceAggregates),
            get(api_stocktake::national),
        )
        .doc(Doc::of::<api_stocktake::__path_national>()),
        route(
            "GET",
            "/api/v1/fhir/practitioners",
            Cap(C::ViewPractitioners),
            get(api_fhir::practitioners),
        )
        .doc(Doc::of::<api_fhir::__path_practitioners>()),
        // The templates hold no data, and organisations not using mhsw fill them in too.
        route(
            "GET",
            "/stocktake/template.csv",
            Public,
            get(html::stocktake::template_csv),
        ),
        route(
            "GET",
            "/stocktake/template.xlsx",
            Public,
            get(html::stocktake::template_xlsx),
        ),
        route(
            "POST",
            "/api/v1/stocktake/returns",
            Cap(C::SubmitStocktakeReturn),
            post(api_stocktake::send),
        )
        .doc(Doc::of::<api_stocktake::__path_send>()),
        route(
            "GET",
            "/api/v1/stocktake/returns",
            Cap(C::SubmitStocktakeReturn),
            get(api_stocktake::list),
        )
        .doc(Doc::of::<api_stocktake::__path_list>()),
        route(
            "GET",
            "/api/v1/stocktake/returns/{id}",
            Cap(C::SubmitStocktakeReturn),
            get(api_stocktake::show),
        )
        .doc(Doc::of::<api_stocktake::__path_show>()),
    ]
}
