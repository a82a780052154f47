//! Every route, declared once: its method, path, what it needs (`policy::Need`) and its
//! handler, kept per area. The router mounts them, `guard` enforces each one's need, and
//! the `Allow` header and the navigation's links read the same list, so a route cannot be
//! served without a rule. The areas are joined in this order, which is the order the
//! route x role walk in the integration suite visits them in (the calendar feed before
//! `/account/calendar`, for one). A JSON route also names its OpenAPI operation (the
//! `#[utoipa::path]` on its handler) with `.doc(..)`; `web::api::openapi_document` builds
//! the document's paths from this list, and a test checks each operation's method and
//! path are the route's.

use crate::domain::Role;
use crate::policy::{Capability, Need, RouteRule};
use crate::web::AppState;
use axum::routing::MethodRouter;
use std::sync::LazyLock;
use utoipa::__dev::SchemaReferences;
use utoipa::openapi::path::{HttpMethod, PathItemBuilder, PathsBuilder};
use utoipa::openapi::{RefOr, schema::Schema};

mod absence;
mod account;
mod appraisal;
mod asye;
mod board_report;
mod concerns;
mod cpd;
mod data_protection;
mod feedback;
mod general;
mod leavers;
mod post_qualifying;
mod self_assessment;
mod sso;
mod stocktake;
mod supervision;
mod survey;
mod team_skills;

#[cfg(test)]
mod tests;

/// One route: where, what it needs, and what serves it.
pub struct Route {
    pub method: &'static str,
    pub path: &'static str,
    pub need: Need,
    pub handler: MethodRouter<AppState>,
    /// The OpenAPI operation of a JSON route.
    pub doc: Option<Doc>,
}

/// A JSON route's OpenAPI operation: the `#[utoipa::path]` on its handler (the
/// `__path_<handler>` type utoipa generates), and the schemas it refers to.
#[derive(Clone, Copy)]
pub struct Doc {
    pub method: fn() -> Vec<HttpMethod>,
    pub path: fn() -> String,
    pub add_path: fn(PathsBuilder) -> PathsBuilder,
    pub add_schemas: fn(&mut Vec<(String, RefOr<Schema>)>),
}

impl Doc {
    pub fn of<P: utoipa::Path + SchemaReferences>() -> Doc {
        Doc {
            method: P::methods,
            path: P::path,
            add_path: add_path::<P>,
            add_schemas: P::schemas,
        }
    }
}

/// Adds `P`'s operation, tagged with its area: the handler's module (`web::api_cpd`
/// is `cpd`; `web::api`'s own handlers are the `records`).
fn add_path<P: utoipa::Path>(paths: PathsBuilder) -> PathsBuilder {
    let module = std::any::type_name::<P>()
        .rsplit("::")
        .nth(1)
        .unwrap_or_default();
    let tag = match module.strip_prefix("api_") {
        Some(area) => area.replace('_', "-"),
        None => "records".to_string(),
    };
    let mut operation = P::operation();
    operation.tags = Some(vec![tag]);
    let item = P::methods()
        .into_iter()
        .fold(PathItemBuilder::new(), |item, method| {
            item.operation(method, operation.clone())
        })
        .build();
    paths.path(P::path(), item)
}

impl Route {
    /// Names the route's OpenAPI operation.
    pub(super) fn doc(mut self, doc: Doc) -> Route {
        self.doc = Some(doc);
        self
    }
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
        doc: None,
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
        stocktake::routes(),
        board_report::routes(),
        concerns::routes(),
        leavers::routes(),
        data_protection::routes(),
        sso::routes(),
        absence::routes(),
        team_skills::routes(),
        survey::routes(),
        appraisal::routes(),
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
