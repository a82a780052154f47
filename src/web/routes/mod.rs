//! Every route, declared once: its method, path, what it needs (`policy::Need`) and its
//! handler, kept per area. The router mounts them, `guard` enforces each one's need, and
//! the `Allow` header and the navigation's links read the same list, so a route cannot be
//! served without a rule. The areas are joined in this order, which is the order the
//! route x role walk in the integration suite visits them in (the calendar feed before
//! `/account/calendar`, for one). The JSON routes' documents are the `#[utoipa::path]` on
//! each handler, registered in `web::api`; the suite checks every `/api/v1` route has one.

use crate::domain::Role;
use crate::policy::{Capability, Need, RouteRule};
use crate::web::AppState;
use axum::routing::MethodRouter;
use std::sync::LazyLock;

mod account;
mod asye;
mod cpd;
mod feedback;
mod general;
mod post_qualifying;
mod self_assessment;
mod supervision;

#[cfg(test)]
mod tests;

/// One route: where, what it needs, and what serves it.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
    pub handler: MethodRouter<AppState>,
}

/// One entry of an area's list. Paths use axum's `{param}` syntax.
pub(super) fn route(
    method: &'static str,
    path: &'static str,
    need: Need,
    handler: MethodRouter<AppState>,
) -> Route {
    Route {
        method,
        path,
        need,
        handler,
    }
}

/// Every route the application serves, the areas in walk order.
pub fn routes() -> Vec<Route> {
    [
        general::routes(),
        feedback::routes(),
        account::routes(),
        supervision::routes(),
        cpd::routes(),
        self_assessment::routes(),
        asye::routes(),
        post_qualifying::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What every route needs, in the same order (without the handlers).
pub static RULES: LazyLock<Vec<RouteRule>> = LazyLock::new(|| {
    routes()
        .into_iter()
        .map(|r| RouteRule {
            method: r.method,
            path: r.path,
            need: r.need,
        })
        .collect()
});

/// The rule for a matched route, if there is one.
pub fn rule_for(method: &str, path: &str) -> Option<&'static RouteRule> {
    RULES.iter().find(|r| r.method == method && r.path == path)
}

/// The rule a request meets: HEAD is served wherever GET is, under GET's rule.
pub fn rule_for_request(method: &str, path: &str) -> Option<&'static RouteRule> {
    rule_for(if method == "HEAD" { "GET" } else { method }, path)
}

/// The methods a route path serves, for the `Allow` header of a 405: every method with a
/// rule, and HEAD wherever GET is.
pub fn allowed_methods(path: &str) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for m in ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"] {
        if rule_for_request(m, path).is_some() {
            methods.push(m);
        }
    }
    methods.join(", ")
}

/// Whether someone holding `roles` may open `path` (a route template such as
/// `/practitioners/{id}/supervision`) with `method`: the route's rule only, so a page can
/// show a link just where its target opens. Scope (which record) is the service's.
pub fn roles_may_open(roles: &[Role], method: &str, path: &str) -> bool {
    let Some(rule) = rule_for(method, path) else {
        return false;
    };
    let may = |c: Capability| c.roles().iter().any(|r| roles.contains(r));
    match rule.need {
        Need::Public | Need::SignedIn => true,
        Need::Cap(c) => may(c),
        Need::AnyOf(cs) => cs.iter().any(|c| may(*c)),
    }
}
