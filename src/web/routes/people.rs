//! Routes about people: registration, calendar feeds, the ASYE and post-qualifying roles.

use crate::web::*;
use axum::routing::MethodRouter;

pub(super) fn registration_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_registration as a;
    use axum::routing::{get, post, put};
    use html::registration as h;
    vec![
        ("GET", "/registration", get(h::overview)),
        ("GET", "/registration/check", get(h::check)),
        ("POST", "/registration/check", post(h::upload)),
        ("GET", "/registration/check/batches/{n}", get(h::batch_csv)),
        (
            "GET",
            "/registration/check/problems/{id}",
            get(h::problems_csv),
        ),
        ("GET", "/registration/check/imports/{id}", get(h::preview)),
        (
            "POST",
            "/registration/check/imports/{id}/apply",
            post(h::apply),
        ),
        ("GET", "/practitioners/{id}/registration", get(h::record)),
        (
            "GET",
            "/practitioners/{id}/registration/edit",
            get(h::edit_form),
        ),
        (
            "POST",
            "/practitioners/{id}/registration/edit",
            post(h::save),
        ),
        ("GET", "/api/v1/registration", get(a::overview)),
        (
            "GET",
            "/api/v1/practitioners/{id}/registration",
            get(a::record),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}/registration",
            put(a::save),
        ),
        ("GET", "/api/v1/registration/check/batches", get(a::batches)),
        (
            "POST",
            "/api/v1/registration/check/imports",
            post(a::preview),
        ),
        (
            "POST",
            "/api/v1/registration/check/imports/{id}/apply",
            post(a::apply),
        ),
    ]
}

/// The private calendar feed: the page to manage it, and the feed (no session).
pub(super) fn calendar_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post};
    use html::calendar as c;
    vec![
        ("GET", "/account", get(html::account::show)),
        ("POST", "/account/tokens", post(html::account::create)),
        (
            "POST",
            "/account/tokens/{id}/revoke",
            post(html::account::revoke),
        ),
        ("GET", "/api/v1/me/tokens", get(api_account::list)),
        (
            "DELETE",
            "/api/v1/me/tokens/{id}",
            axum::routing::delete(api_account::revoke),
        ),
        ("GET", "/account/calendar", get(c::show)),
        ("POST", "/account/calendar", post(c::create)),
        ("POST", "/account/calendar/revoke", post(c::revoke)),
        ("GET", "/calendar/{feed}", get(c::feed)),
        (
            "POST",
            "/api/v1/me/calendar-feed",
            post(api_calendar::create),
        ),
        (
            "DELETE",
            "/api/v1/me/calendar-feed",
            axum::routing::delete(api_calendar::revoke),
        ),
    ]
}

pub(super) fn asye_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_asye as a;
    use axum::routing::{get, post, put};
    use html::asye as h;
    vec![
        ("GET", "/asye", get(h::cohort)),
        ("GET", "/practitioners/{id}/asye", get(h::record)),
        (
            "GET",
            "/practitioners/{id}/asye/programme",
            get(h::programme_form),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/programme",
            post(h::save_programme),
        ),
        (
            "GET",
            "/practitioners/{id}/asye/reviews/new",
            get(h::review_form),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/reviews/new",
            post(h::save_review),
        ),
        (
            "GET",
            "/practitioners/{id}/asye/evidence/new",
            get(h::evidence_form),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/evidence/new",
            post(h::save_evidence),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/evidence/sign-off",
            post(h::sign_off),
        ),
        (
            "GET",
            "/practitioners/{id}/asye/protected-time/new",
            get(h::time_form),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/protected-time/new",
            post(h::save_time),
        ),
        (
            "GET",
            "/practitioners/{id}/asye/pauses/new",
            get(h::pause_form),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/pauses/new",
            post(h::save_pause),
        ),
        (
            "GET",
            "/practitioners/{id}/asye/pauses/end",
            get(h::end_pause_form),
        ),
        (
            "POST",
            "/practitioners/{id}/asye/pauses/end",
            post(h::save_end_pause),
        ),
        ("GET", "/practitioners/{id}/asye/panel", get(h::panel_form)),
        (
            "POST",
            "/practitioners/{id}/asye/panel",
            post(h::save_panel),
        ),
        ("GET", "/api/v1/asye", get(a::cohort)),
        ("GET", "/api/v1/practitioners/{id}/asye", get(a::record)),
        (
            "PUT",
            "/api/v1/practitioners/{id}/asye",
            put(a::save_programme),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/reviews",
            post(a::review),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/evidence",
            post(a::evidence),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/evidence/sign-off",
            post(a::sign_off),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/protected-time",
            post(a::protected_time),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/pauses",
            post(a::pause),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/pauses/end",
            post(a::end_pause),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/asye/panel",
            post(a::panel),
        ),
    ]
}

/// Post-qualifying roles: the organisation view, each person's record and its forms, API.
pub(super) fn post_qualifying_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)>
{
    use api_post_qualifying as a;
    use axum::routing::{get, post, put};
    use html::post_qualifying as h;
    vec![
        ("GET", "/post-qualifying", get(h::overview)),
        (
            "GET",
            "/post-qualifying/amhps-needed",
            get(html::amhps_needed::form),
        ),
        (
            "POST",
            "/post-qualifying/amhps-needed",
            post(html::amhps_needed::save),
        ),
        ("GET", "/practitioners/{id}/post-qualifying", get(h::record)),
        (
            "GET",
            "/practitioners/{id}/post-qualifying/approval",
            get(h::approval_form),
        ),
        (
            "POST",
            "/practitioners/{id}/post-qualifying/approval",
            post(h::save_approval),
        ),
        (
            "GET",
            "/practitioners/{id}/post-qualifying/suspension",
            get(h::suspension_form),
        ),
        (
            "POST",
            "/practitioners/{id}/post-qualifying/suspension",
            post(h::add_suspension),
        ),
        (
            "GET",
            "/practitioners/{id}/post-qualifying/roles",
            get(h::role_form),
        ),
        (
            "POST",
            "/practitioners/{id}/post-qualifying/roles",
            post(h::save_role),
        ),
        (
            "GET",
            "/practitioners/{id}/post-qualifying/training",
            get(h::training_form),
        ),
        (
            "POST",
            "/practitioners/{id}/post-qualifying/training",
            post(h::log_training),
        ),
        (
            "GET",
            "/practitioners/{id}/post-qualifying/assessments",
            get(h::assessments_form),
        ),
        (
            "POST",
            "/practitioners/{id}/post-qualifying/assessments",
            post(h::log_assessments),
        ),
        (
            "POST",
            "/practitioners/{id}/post-qualifying/activity/remove",
            post(h::remove_activity),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/post-qualifying/activity/remove",
            post(a::remove_activity),
        ),
        ("GET", "/api/v1/post-qualifying", get(a::overview)),
        (
            "PUT",
            "/api/v1/post-qualifying/amhps-needed",
            put(a::set_amhps_needed),
        ),
        (
            "GET",
            "/api/v1/practitioners/{id}/post-qualifying",
            get(a::record),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}/post-qualifying/approval",
            put(a::save_approval),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/post-qualifying/suspensions",
            post(a::add_suspension),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}/post-qualifying/roles",
            put(a::save_role),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/post-qualifying/training",
            post(a::log_training),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/post-qualifying/assessments",
            post(a::log_assessments),
        ),
    ]
}
