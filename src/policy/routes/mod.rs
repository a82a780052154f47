//! What every route needs, kept per area. `policy::ROUTES` joins them in this order, which
//! is the order the route x role walk visits them in.

use super::RouteRule;

mod asye;
mod cpd;
mod general;
mod post_qualifying;
mod self_assessment;
mod supervision;

/// The areas' rules, in order.
pub(super) const AREAS: [&[RouteRule]; 6] = [
    general::ROUTES,
    supervision::ROUTES,
    cpd::ROUTES,
    self_assessment::ROUTES,
    asye::ROUTES,
    post_qualifying::ROUTES,
];
