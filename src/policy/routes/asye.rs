//! Route rules: the ASYE.

use crate::policy::Need::Cap;
use crate::policy::{Capability as C, RouteRule, r};

pub(super) const ROUTES: &[RouteRule] = &[
    // ASYE (service::asye): the NQSW, assessor, supervisors and managers, PSW, cohort.
    r("GET", "/asye", Cap(C::ViewAsyeCohort)),
    r("GET", "/practitioners/{id}/asye", Cap(C::ViewAsye)),
    r(
        "GET",
        "/practitioners/{id}/asye/programme",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/programme",
        Cap(C::ManageAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/reviews/new",
        Cap(C::AssessAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/reviews/new",
        Cap(C::AssessAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/evidence/new",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/evidence/new",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/evidence/sign-off",
        Cap(C::AssessAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/protected-time/new",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/protected-time/new",
        Cap(C::ViewAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/pauses/new",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/pauses/new",
        Cap(C::ManageAsye),
    ),
    r(
        "GET",
        "/practitioners/{id}/asye/pauses/end",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/practitioners/{id}/asye/pauses/end",
        Cap(C::ManageAsye),
    ),
    r("GET", "/practitioners/{id}/asye/panel", Cap(C::ManageAsye)),
    r("POST", "/practitioners/{id}/asye/panel", Cap(C::ManageAsye)),
    r("GET", "/api/v1/asye", Cap(C::ViewAsyeCohort)),
    r("GET", "/api/v1/practitioners/{id}/asye", Cap(C::ViewAsye)),
    r("PUT", "/api/v1/practitioners/{id}/asye", Cap(C::ManageAsye)),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/reviews",
        Cap(C::AssessAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/evidence",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/evidence/sign-off",
        Cap(C::AssessAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/protected-time",
        Cap(C::ViewAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/pauses",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/pauses/end",
        Cap(C::ManageAsye),
    ),
    r(
        "POST",
        "/api/v1/practitioners/{id}/asye/panel",
        Cap(C::ManageAsye),
    ),
];
