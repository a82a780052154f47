//! Routes: the board report across the eight considerations (page, XLSX, PDF and API).

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::Cap;
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::get;
    vec![
        route(
            "GET",
            "/board-report",
            Cap(C::ViewBoardReport),
            get(html::board_report::page),
        ),
        route(
            "GET",
            "/board-report.xlsx",
            Cap(C::ViewBoardReport),
            get(html::board_report::xlsx),
        ),
        route(
            "GET",
            "/board-report.pdf",
            Cap(C::ViewBoardReport),
            get(html::board_report::pdf),
        ),
        route(
            "GET",
            "/api/v1/board-report",
            Cap(C::ViewBoardReport),
            get(api_board_report::report),
        )
        .doc(Doc::of::<api_board_report::__path_report>()),
    ]
}
