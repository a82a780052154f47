//! Routes: The calendar feed and the public feedback form (a secret in the path is the credential), feedback cards and results.

use super::{Route, route};
use crate::policy::Need::{AnyOf, Cap, Public};
use crate::policy::{Capability as C, SHARED_FEEDBACK_READERS};
use crate::web::*;

pub(super) fn routes() -> Vec<Route> {
    use axum::routing::{delete, get, post, put};
    vec![
        // The secret token in the path is the credential (`service::calendar::feed`).
        route("GET", "/calendar/{feed}", Public, get(html::calendar::feed)),
        // The public feedback form: the single-use code in the path is the credential
        // (`service::feedback::public`), and the routes are rate-limited per client.
        route("GET", "/f", Public, get(html::feedback_public::enter_code)),
        route(
            "GET",
            "/f/thank-you",
            Public,
            get(html::feedback_public::thanks),
        ),
        route(
            "GET",
            "/f/privacy",
            Public,
            get(html::feedback_public::privacy),
        ),
        route("GET", "/f/{code}", Public, get(html::feedback_public::form)),
        route(
            "POST",
            "/f/{code}",
            Public,
            post(html::feedback_public::send),
        ),
        route(
            "GET",
            "/feedback",
            Cap(C::KeepOwnFeedback),
            get(html::feedback::mine),
        ),
        route(
            "POST",
            "/feedback/cards",
            Cap(C::KeepOwnFeedback),
            post(html::feedback::make_own),
        ),
        route(
            "POST",
            "/feedback/cards/{id}/withdraw",
            Cap(C::KeepOwnFeedback),
            post(html::feedback::withdraw),
        ),
        route(
            "POST",
            "/feedback/share",
            Cap(C::KeepOwnFeedback),
            post(html::feedback::share),
        ),
        route(
            "POST",
            "/feedback/cpd",
            Cap(C::KeepOwnCpd),
            post(html::feedback::draft_cpd),
        ),
        route(
            "GET",
            "/feedback/overview",
            Cap(C::ViewFeedbackOverview),
            get(html::feedback::overview),
        ),
        route(
            "GET",
            "/feedback/questionnaires",
            Cap(C::ManageFeedbackQuestionnaires),
            get(html::feedback::questionnaires_page),
        ),
        route(
            "GET",
            "/feedback/questionnaires/{audience}/adapt",
            Cap(C::ManageFeedbackQuestionnaires),
            get(html::feedback::adapt_form),
        ),
        route(
            "POST",
            "/feedback/questionnaires/{audience}/adapt",
            Cap(C::ManageFeedbackQuestionnaires),
            post(html::feedback::adapt),
        ),
        // Shared results: a supervisor named in the practitioner's agreement (checked in the
        // service), or the practitioner previewing what their supervisors see.
        route(
            "GET",
            "/practitioners/{id}/feedback",
            AnyOf(SHARED_FEEDBACK_READERS),
            get(html::feedback::shared),
        ),
        route(
            "GET",
            "/practitioners/{id}/feedback/cards",
            Cap(C::MakeFeedbackCards),
            get(html::feedback::admin_form),
        ),
        route(
            "POST",
            "/practitioners/{id}/feedback/cards",
            Cap(C::MakeFeedbackCards),
            post(html::feedback::make_for),
        ),
        route(
            "GET",
            "/api/v1/me/feedback",
            Cap(C::KeepOwnFeedback),
            get(api_feedback::mine),
        ),
        route(
            "POST",
            "/api/v1/me/feedback/cards",
            Cap(C::KeepOwnFeedback),
            post(api_feedback::make_own),
        ),
        route(
            "DELETE",
            "/api/v1/feedback/cards/{id}",
            Cap(C::KeepOwnFeedback),
            delete(api_feedback::withdraw),
        ),
        route(
            "PUT",
            "/api/v1/me/feedback/shared",
            Cap(C::KeepOwnFeedback),
            put(api_feedback::share),
        ),
        route(
            "POST",
            "/api/v1/me/feedback/cpd",
            Cap(C::KeepOwnCpd),
            post(api_feedback::draft_cpd),
        ),
        route(
            "GET",
            "/api/v1/practitioners/{id}/feedback",
            AnyOf(SHARED_FEEDBACK_READERS),
            get(api_feedback::shared),
        ),
        route(
            "POST",
            "/api/v1/practitioners/{id}/feedback/cards",
            Cap(C::MakeFeedbackCards),
            post(api_feedback::make_for),
        ),
        route(
            "GET",
            "/api/v1/feedback/overview",
            Cap(C::ViewFeedbackOverview),
            get(api_feedback::overview),
        ),
        route(
            "GET",
            "/api/v1/feedback/questionnaires",
            Cap(C::ManageFeedbackQuestionnaires),
            get(api_feedback::questionnaires),
        ),
        route(
            "POST",
            "/api/v1/feedback/questionnaires/{audience}",
            Cap(C::ManageFeedbackQuestionnaires),
            post(api_feedback::adapt),
        ),
    ]
}
