//! Route rules: the CPD e-portfolio and collaborative conversations.

use crate::policy::Need::Cap;
use crate::policy::{Capability as C, RouteRule, r};

pub(super) const ROUTES: &[RouteRule] = &[
    // CPD e-portfolio. A record page is also read by a supervisor it is shared with;
    // `KeepOwnCpd`'s roles include every `ViewSharedCpd` role, and `service::cpd::view`
    // decides per record.
    r("GET", "/cpd", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/declaration", Cap(C::KeepOwnCpd)),
    r("PUT", "/api/v1/me/cpd/declaration", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/new", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/new", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/records/{id}/edit", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/records/{id}/edit", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/records/{id}/delete", Cap(C::KeepOwnCpd)),
    r("POST", "/cpd/records/{id}/share", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/export", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/export.txt", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/export.xlsx", Cap(C::KeepOwnCpd)),
    r("POST", "/supervision/sessions/{id}/cpd", Cap(C::KeepOwnCpd)),
    r("GET", "/cpd/readiness", Cap(C::ViewCpdReadiness)),
    r("GET", "/practitioners/{id}/cpd", Cap(C::ViewCpdReadiness)),
    r("GET", "/api/v1/me/cpd", Cap(C::KeepOwnCpd)),
    r("POST", "/api/v1/me/cpd", Cap(C::KeepOwnCpd)),
    r("GET", "/api/v1/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("PUT", "/api/v1/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("DELETE", "/api/v1/cpd/records/{id}", Cap(C::KeepOwnCpd)),
    r("PUT", "/api/v1/cpd/records/{id}/shared", Cap(C::KeepOwnCpd)),
    r(
        "POST",
        "/api/v1/supervision/sessions/{id}/cpd",
        Cap(C::KeepOwnCpd),
    ),
    r("GET", "/api/v1/cpd/readiness", Cap(C::ViewCpdReadiness)),
    r(
        "GET",
        "/api/v1/practitioners/{id}/cpd",
        Cap(C::ViewCpdReadiness),
    ),
    // Collaborative conversations (service::conversations). A note is also read by a
    // supervisor it is shared with: `KeepOwnConversations`' roles include every
    // `ViewSharedConversations` role, and `service::conversations::view` decides per note.
    r("GET", "/conversations", Cap(C::KeepOwnConversations)),
    r("GET", "/conversations/new", Cap(C::KeepOwnConversations)),
    r("POST", "/conversations/new", Cap(C::KeepOwnConversations)),
    r("GET", "/conversations/{id}", Cap(C::KeepOwnConversations)),
    r(
        "GET",
        "/conversations/{id}/edit",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/edit",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/share",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/cpd",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/conversations/{id}/delete",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "GET",
        "/api/v1/me/conversations",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/api/v1/me/conversations",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "GET",
        "/api/v1/conversations/{id}",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "PUT",
        "/api/v1/conversations/{id}",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "PUT",
        "/api/v1/conversations/{id}/shared",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "POST",
        "/api/v1/conversations/{id}/cpd",
        Cap(C::KeepOwnConversations),
    ),
    r(
        "DELETE",
        "/api/v1/conversations/{id}",
        Cap(C::KeepOwnConversations),
    ),
];
