//! Routes: the exit questionnaire (`service::leavers`). Anyone who may be a social worker
//! opens it (the service checks that their leaving day is recorded); the organisation's
//! leads read the answers in aggregate. It is answered through the web form only: an API
//! request carries the leaver's own token, and a kept replay of it would link what they
//! said to them.

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::Cap;
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/exit-questionnaire",
            Cap(C::AnswerExitQuestionnaire),
            get(html::leavers::form),
        ),
        route(
            "POST",
            "/exit-questionnaire",
            Cap(C::AnswerExitQuestionnaire),
            post(html::leavers::answer),
        ),
        route(
            "GET",
            "/workforce/leavers",
            Cap(C::ViewWorkforceIntelligence),
            get(html::leavers::results),
        ),
        route(
            "GET",
            "/api/v1/workforce/leavers",
            Cap(C::ViewWorkforceIntelligence),
            get(api_workforce::leavers),
        )
        .doc(Doc::of::<api_workforce::__path_leavers>()),
    ]
}
