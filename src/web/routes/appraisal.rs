//! Routes: appraisals (`service::appraisal`). Only an appraisal's two parties read or change
//! it (checked per appraisal in the service: anyone else gets not found); the overview of
//! who is due, with completion rates, is for team managers and the organisation's leads.

use super::{Doc, Route, route};
use crate::policy::Capability as C;
use crate::policy::Need::{AnyOf, Cap};
use crate::web::*;

/// Either party: the practitioner, or the appraiser.
const PARTIES: &[C] = &[C::KeepOwnAppraisal, C::ConductAppraisals];

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{get, post};
    vec![
        route(
            "GET",
            "/appraisals",
            Cap(C::ViewAppraisalCompletion),
            get(html::appraisal::overview),
        ),
        route(
            "GET",
            "/my-appraisals",
            Cap(C::KeepOwnAppraisal),
            get(html::appraisal::mine),
        ),
        route(
            "POST",
            "/practitioners/{id}/appraisals",
            Cap(C::ConductAppraisals),
            post(html::appraisal::start),
        ),
        route(
            "GET",
            "/appraisals/{id}",
            AnyOf(PARTIES),
            get(html::appraisal::page),
        ),
        route(
            "POST",
            "/appraisals/{id}",
            Cap(C::ConductAppraisals),
            post(html::appraisal::save),
        ),
        route(
            "POST",
            "/appraisals/{id}/evidence",
            Cap(C::KeepOwnAppraisal),
            post(html::appraisal::save_evidence),
        ),
        route(
            "POST",
            "/appraisals/{id}/sign",
            AnyOf(PARTIES),
            post(html::appraisal::sign),
        ),
        route(
            "GET",
            "/api/v1/appraisals",
            Cap(C::ViewAppraisalCompletion),
            get(api_appraisal::overview),
        )
        .doc(Doc::of::<api_appraisal::__path_overview>()),
        route(
            "GET",
            "/api/v1/appraisals/{id}",
            AnyOf(PARTIES),
            get(api_appraisal::get),
        )
        .doc(Doc::of::<api_appraisal::__path_get>()),
    ]
}
