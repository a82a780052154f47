//! The HTTP front doors: HTML pages (`html`), the JSON API (`api`), static assets, and the
//! middleware every request passes through. Handlers here only translate: they parse
//! input, call `crate::service`, and render. No SQL and no role checks live here; the
//! route table in `crate::policy` says what each route needs and `guard` enforces it.

pub mod api;
pub mod api_account;
pub mod api_asye;
pub mod api_benchmark;
pub mod api_calendar;
pub mod api_conversations;
pub mod api_cpd;
pub mod api_errors;
pub mod api_feedback;
pub mod api_governance;
pub mod api_partnerships;
pub mod api_post_qualifying;
pub mod api_pulse;
pub mod api_registration;
pub mod api_self_assessment;
pub mod api_social_work_lead;
pub mod api_staff_import;
pub mod api_strategic_statement;
pub mod api_supervision;
pub mod assets;
pub mod charts;
pub mod forms;
pub mod html;
pub mod idempotency;
pub mod middleware;
pub mod qr;
pub mod rate_limit;
pub mod report_files;
pub mod templates;

use crate::clock::Clock;
use crate::config::Settings;
use crate::store::Db;
use axum::Router;
use axum::routing::MethodRouter;
use std::sync::Arc;

/// Shared by every handler.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub templates: Arc<templates::Templates>,
    /// The public feedback form's per-client limit (`[feedback] public_requests_per_minute`).
    pub public_limit: Arc<rate_limit::RateLimiter>,
    /// Where "today" comes from: the system clock, or a fixed day in tests and demos.
    pub clock: Clock,
}

impl AppState {
    pub fn new(db: Db, settings: Settings) -> AppState {
        AppState {
            db,
            public_limit: Arc::new(rate_limit::RateLimiter::per_minute(
                settings.feedback.public_requests_per_minute,
            )),
            settings: Arc::new(settings),
            templates: Arc::new(templates::Templates::new()),
            clock: Clock::System,
        }
    }

    /// The same state measuring every rule on `clock`'s day.
    pub fn with_clock(self, clock: Clock) -> AppState {
        AppState { clock, ..self }
    }

    /// The date every rule on this request is measured on.
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }
}

/// Every route with its handler. `router` refuses to build if one is missing from
/// `policy::ROUTES`; the integration suite checks the converse.
fn routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post, put};
    let mut v: Vec<(&'static str, &'static str, MethodRouter<AppState>)> = vec![
        ("GET", "/health", get(html::pages::health)),
        ("GET", "/assets/{*path}", get(assets::serve)),
        ("GET", "/sign-in", get(html::session::sign_in_page)),
        ("POST", "/sign-in", post(html::session::sign_in)),
        ("POST", "/sign-out", post(html::session::sign_out)),
        ("GET", "/accessibility", get(html::pages::accessibility)),
        ("GET", "/privacy", get(html::pages::privacy)),
        ("GET", "/", get(html::pages::home)),
        ("GET", "/development", get(html::pages::development)),
        ("GET", "/organisations", get(html::orgs::list)),
        ("GET", "/organisations/{id}", get(html::orgs::show)),
        (
            "GET",
            "/social-work-lead",
            get(html::social_work_lead::form),
        ),
        (
            "POST",
            "/social-work-lead",
            post(html::social_work_lead::save),
        ),
        (
            "PUT",
            "/api/v1/social-work-lead",
            put(api_social_work_lead::set_social_work_lead),
        ),
        ("GET", "/partnerships", get(html::partnerships::list)),
        ("POST", "/partnerships", post(html::partnerships::create)),
        (
            "GET",
            "/partnerships/new",
            get(html::partnerships::new_page),
        ),
        ("GET", "/partnerships/{id}", get(html::partnerships::show)),
        (
            "POST",
            "/partnerships/{id}/accept",
            post(html::partnerships::accept),
        ),
        (
            "POST",
            "/partnerships/{id}/decline",
            post(html::partnerships::decline),
        ),
        (
            "POST",
            "/partnerships/{id}/end",
            post(html::partnerships::end),
        ),
        ("GET", "/api/v1/partnerships", get(api_partnerships::list)),
        (
            "POST",
            "/api/v1/partnerships",
            post(api_partnerships::propose),
        ),
        (
            "GET",
            "/api/v1/partnerships/{id}",
            get(api_partnerships::get),
        ),
        (
            "POST",
            "/api/v1/partnerships/{id}/accept",
            post(api_partnerships::accept),
        ),
        (
            "POST",
            "/api/v1/partnerships/{id}/decline",
            post(api_partnerships::decline),
        ),
        (
            "POST",
            "/api/v1/partnerships/{id}/end",
            post(api_partnerships::end),
        ),
        (
            "GET",
            "/organisations/{id}/edit",
            get(html::orgs::edit_page),
        ),
        ("POST", "/organisations/{id}/edit", post(html::orgs::edit)),
        ("GET", "/teams", get(html::teams::list)),
        ("GET", "/teams/new", get(html::teams::new_page)),
        ("POST", "/teams/new", post(html::teams::create)),
        ("GET", "/teams/{id}", get(html::teams::show)),
        ("GET", "/teams/{id}/edit", get(html::teams::edit_page)),
        ("POST", "/teams/{id}/edit", post(html::teams::edit)),
        ("GET", "/practitioners", get(html::practitioners::list)),
        (
            "GET",
            "/practitioners/new",
            get(html::practitioners::new_page),
        ),
        (
            "POST",
            "/practitioners/new",
            post(html::practitioners::create),
        ),
        (
            "GET",
            "/practitioners/import",
            get(html::staff_import::page),
        ),
        (
            "POST",
            "/practitioners/import",
            post(html::staff_import::upload),
        ),
        (
            "GET",
            "/practitioners/import/{id}",
            get(html::staff_import::preview),
        ),
        (
            "POST",
            "/practitioners/import/{id}/apply",
            post(html::staff_import::apply),
        ),
        (
            "POST",
            "/api/v1/practitioners/imports",
            post(api_staff_import::preview),
        ),
        (
            "POST",
            "/api/v1/practitioners/imports/{id}/apply",
            post(api_staff_import::apply),
        ),
        ("GET", "/practitioners/{id}", get(html::practitioners::show)),
        (
            "GET",
            "/practitioners/{id}/edit",
            get(html::practitioners::edit_page),
        ),
        (
            "POST",
            "/practitioners/{id}/edit",
            post(html::practitioners::edit),
        ),
        ("GET", "/users", get(html::users::list)),
        ("GET", "/users/new", get(html::users::new_page)),
        ("POST", "/users/new", post(html::users::create)),
        ("GET", "/users/{id}/edit", get(html::users::edit_page)),
        ("POST", "/users/{id}/edit", post(html::users::edit)),
        ("GET", "/audit", get(html::audit::list)),
        ("GET", "/audit.csv", get(html::audit::csv)),
        ("GET", "/workforce", get(html::pages::workforce)),
        ("GET", "/api/openapi.json", get(api::openapi_json)),
    ];
    v.extend([
        ("GET", "/api/v1/me", get(api::me)),
        ("GET", "/api/v1/organisations", get(api::list_organisations)),
        (
            "GET",
            "/api/v1/organisations/{id}",
            get(api::get_organisation),
        ),
        (
            "PUT",
            "/api/v1/organisations/{id}",
            put(api::update_organisation),
        ),
        ("GET", "/api/v1/teams", get(api::list_teams)),
        ("POST", "/api/v1/teams", post(api::create_team)),
        ("GET", "/api/v1/teams/{id}", get(api::get_team)),
        ("PUT", "/api/v1/teams/{id}", put(api::update_team)),
        ("GET", "/api/v1/practitioners", get(api::list_practitioners)),
        (
            "POST",
            "/api/v1/practitioners",
            post(api::create_practitioner),
        ),
        (
            "GET",
            "/api/v1/practitioners/{id}",
            get(api::get_practitioner),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}",
            put(api::update_practitioner),
        ),
        ("GET", "/api/v1/users", get(api::list_users)),
        ("POST", "/api/v1/users", post(api::create_user)),
        ("PUT", "/api/v1/users/{id}", put(api::update_user)),
        ("GET", "/api/v1/audit", get(api::list_audit)),
        ("GET", "/api/v1/workforce", get(api::workforce)),
    ]);
    v.extend(calendar_routes());
    v.extend(supervision_routes());
    v.extend(supervision_api_routes());
    v.extend(registration_routes());
    v.extend(pulse_routes());
    v.extend(governance_routes());
    v.extend(cpd_routes());
    v.extend(feedback_routes());
    v.extend(conversation_routes());
    v.extend(asye_routes());
    v.extend(post_qualifying_routes());
    v.extend(self_assessment_routes());
    v.extend(strategic_statement_routes());
    v.extend(benchmark_routes());
    v
}

/// The organisational self-assessment: pages and API.
fn self_assessment_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_self_assessment as a;
    use axum::routing::{get, post, put};
    use html::self_assessment as h;
    vec![
        ("GET", "/self-assessment", get(h::overview)),
        ("GET", "/self-assessment/cycles/new", get(h::open_form)),
        ("POST", "/self-assessment/cycles/new", post(h::open)),
        ("GET", "/self-assessment/cycles/{id}", get(h::cycle)),
        (
            "POST",
            "/self-assessment/cycles/{id}/sign-off",
            post(h::sign_off),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/domains/{domain}",
            get(h::domain),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/criteria/{code}",
            get(h::criterion_form),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/criteria/{code}",
            post(h::rate),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/leads",
            get(h::leads_form),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/leads",
            post(h::assign_leads),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/participants",
            get(h::participants),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/participants",
            post(h::add_participant),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/participants/remove",
            post(h::remove_participant),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/compare",
            get(h::compare),
        ),
        (
            "GET",
            "/self-assessment/cycles/{id}/export.xlsx",
            get(h::export_xlsx),
        ),
        ("GET", "/self-assessment/cycles/{id}/print", get(h::print)),
        (
            "GET",
            "/self-assessment/cycles/{id}/actions/new",
            get(h::new_action_form),
        ),
        (
            "POST",
            "/self-assessment/cycles/{id}/actions/new",
            post(h::add_action),
        ),
        ("GET", "/self-assessment/actions", get(h::action_plan)),
        ("GET", "/self-assessment/actions/{id}", get(h::action)),
        (
            "POST",
            "/self-assessment/actions/{id}",
            post(h::update_action),
        ),
        ("GET", "/api/v1/self-assessment", get(a::overview)),
        (
            "GET",
            "/api/v1/self-assessment/frameworks",
            get(a::frameworks),
        ),
        ("POST", "/api/v1/self-assessment/cycles", post(a::open)),
        ("GET", "/api/v1/self-assessment/cycles/{id}", get(a::cycle)),
        (
            "PUT",
            "/api/v1/self-assessment/cycles/{id}/criteria/{code}",
            put(a::rate),
        ),
        (
            "PUT",
            "/api/v1/self-assessment/cycles/{id}/leads",
            put(a::leads),
        ),
        (
            "POST",
            "/api/v1/self-assessment/cycles/{id}/participants",
            post(a::add_participant),
        ),
        (
            "POST",
            "/api/v1/self-assessment/cycles/{id}/sign-off",
            post(a::sign_off),
        ),
        (
            "POST",
            "/api/v1/self-assessment/cycles/{id}/actions",
            post(a::add_action),
        ),
        (
            "GET",
            "/api/v1/self-assessment/actions",
            get(a::action_plan),
        ),
        (
            "GET",
            "/api/v1/self-assessment/actions/{id}",
            get(a::action),
        ),
        (
            "PUT",
            "/api/v1/self-assessment/actions/{id}",
            put(a::update_action),
        ),
    ]
}

/// The self-assessment benchmark: an organisation against its peers, consent, the national view.
fn benchmark_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_benchmark as a;
    use axum::routing::{get, post, put};
    use html::benchmark as h;
    vec![
        ("GET", "/self-assessment/benchmark", get(h::show)),
        (
            "POST",
            "/self-assessment/benchmark/consent",
            post(h::consent),
        ),
        ("GET", "/national/self-assessment", get(h::national)),
        ("GET", "/api/v1/self-assessment/benchmark", get(a::mine)),
        (
            "PUT",
            "/api/v1/self-assessment/benchmark/consent",
            put(a::consent),
        ),
        ("GET", "/api/v1/national/self-assessment", get(a::national)),
    ]
}

fn asye_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
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
fn post_qualifying_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
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

fn registration_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
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
fn calendar_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
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

fn supervision_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post};
    use html::supervision as s;
    vec![
        ("GET", "/supervision", get(s::dashboard)),
        ("GET", "/my-supervision", get(s::mine)),
        ("GET", "/practitioners/{id}/supervision", get(s::record)),
        (
            "GET",
            "/practitioners/{id}/supervision/agreement",
            get(s::agreement_form),
        ),
        (
            "POST",
            "/practitioners/{id}/supervision/agreement",
            post(s::save_agreement),
        ),
        (
            "POST",
            "/practitioners/{id}/supervision/agreement/acknowledge",
            post(s::acknowledge),
        ),
        (
            "GET",
            "/practitioners/{id}/supervision/sessions/new",
            get(s::session_form),
        ),
        (
            "POST",
            "/practitioners/{id}/supervision/sessions/new",
            post(s::add_session),
        ),
        ("GET", "/supervision/sessions/{id}", get(s::session)),
        (
            "POST",
            "/supervision/sessions/{id}/held",
            post(s::record_held),
        ),
        ("POST", "/supervision/sessions/{id}/cancel", post(s::cancel)),
        (
            "POST",
            "/supervision/sessions/{id}/confirm",
            post(s::confirm),
        ),
    ]
}

fn supervision_api_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_supervision as s;
    use axum::routing::{get, post, put};
    vec![
        (
            "GET",
            "/api/v1/practitioners/{id}/supervision",
            get(s::record),
        ),
        (
            "PUT",
            "/api/v1/practitioners/{id}/supervision/agreement",
            put(s::save_agreement),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/supervision/agreement/acknowledge",
            post(s::acknowledge),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/supervision/sessions",
            post(s::add_session),
        ),
        ("GET", "/api/v1/supervision/sessions/{id}", get(s::session)),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/held",
            post(s::record_held),
        ),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/cancel",
            post(s::cancel),
        ),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/confirm",
            post(s::confirm),
        ),
        ("GET", "/api/v1/supervision/dashboard", get(s::dashboard)),
    ]
}

fn pulse_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{get, post};
    use html::pulse as h;
    vec![
        ("GET", "/supervision/pulse", get(h::summary)),
        ("GET", "/supervision/sessions/{id}/pulse", get(h::form)),
        ("POST", "/supervision/sessions/{id}/pulse", post(h::answer)),
        ("GET", "/api/v1/supervision/pulse", get(api_pulse::summary)),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/pulse",
            post(api_pulse::answer),
        ),
    ]
}

/// (method, path) of every registered route, for the policy coverage test.
pub fn registered_routes() -> Vec<(&'static str, &'static str)> {
    routes().into_iter().map(|(m, p, _)| (m, p)).collect()
}

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new();
    for (method, path, handler) in routes() {
        assert!(
            crate::policy::rule_for(method, path).is_some(),
            "route {method} {path} has no rule in policy::ROUTES"
        );
        app = app.route(path, handler);
    }
    let max_body = state.settings.server.max_body_bytes;
    // Route layers wrap outwards: the guard authenticates before idempotency claims a key.
    app.route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        idempotency::layer,
    ))
    .route_layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::guard,
    ))
    .fallback(html::pages::not_found)
    // A bug that panics answers an opaque 500 like any internal error (logged by
    // `finish_errors`), instead of dropping the connection.
    .layer(tower_http::catch_panic::CatchPanicLayer::custom(panicked))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::finish_errors,
    ))
    .layer(axum::extract::DefaultBodyLimit::max(max_body))
    .layer(axum::middleware::from_fn_with_state(
        state.clone(),
        middleware::frame,
    ))
    .with_state(state)
}

/// The answer to a handler that panicked: an internal error carrying the panic's message
/// for the log.
fn panicked(panic: Box<dyn std::any::Any + Send + 'static>) -> axum::response::Response {
    use axum::response::IntoResponse;
    let message = panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_else(|| "a handler panicked".to_string());
    crate::error::AppError::Internal(anyhow::anyhow!("panic: {message}")).into_response()
}

/// The strategic statement for social work: page, edit form, print page and API.
fn strategic_statement_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_strategic_statement as a;
    use axum::routing::{get, post, put};
    use html::strategic_statement as h;
    vec![
        ("GET", "/strategic-statement", get(h::page)),
        ("POST", "/strategic-statement/generate", post(h::generate)),
        ("GET", "/strategic-statement/edit", get(h::edit_form)),
        ("POST", "/strategic-statement/edit", post(h::edit)),
        ("GET", "/strategic-statement/print", get(h::print)),
        ("GET", "/api/v1/strategic-statement", get(a::get)),
        ("PUT", "/api/v1/strategic-statement", put(a::update)),
        (
            "POST",
            "/api/v1/strategic-statement/generate",
            post(a::generate),
        ),
    ]
}

/// The governance report: page, files and API.
fn governance_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::get;
    use html::governance as g;
    vec![
        ("GET", "/governance", get(g::page)),
        ("GET", "/governance.csv", get(g::csv)),
        ("GET", "/governance.xlsx", get(g::xlsx)),
        ("GET", "/api/v1/governance", get(api_governance::report)),
    ]
}

/// Feedback from people who use services and carers: the public form, the practitioner's
/// page, cards, sharing, team views and questionnaires; pages and API.
fn feedback_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{delete, get, post, put};
    use html::feedback as f;
    use html::feedback_public as public;
    vec![
        ("GET", "/f", get(public::enter_code)),
        ("GET", "/f/thank-you", get(public::thanks)),
        ("GET", "/f/privacy", get(public::privacy)),
        ("GET", "/f/{code}", get(public::form)),
        ("POST", "/f/{code}", post(public::send)),
        ("GET", "/feedback", get(f::mine)),
        ("POST", "/feedback/cards", post(f::make_own)),
        ("POST", "/feedback/cards/{id}/withdraw", post(f::withdraw)),
        ("POST", "/feedback/share", post(f::share)),
        ("POST", "/feedback/cpd", post(f::draft_cpd)),
        ("GET", "/feedback/overview", get(f::overview)),
        (
            "GET",
            "/feedback/questionnaires",
            get(f::questionnaires_page),
        ),
        (
            "GET",
            "/feedback/questionnaires/{audience}/adapt",
            get(f::adapt_form),
        ),
        (
            "POST",
            "/feedback/questionnaires/{audience}/adapt",
            post(f::adapt),
        ),
        ("GET", "/practitioners/{id}/feedback", get(f::shared)),
        (
            "GET",
            "/practitioners/{id}/feedback/cards",
            get(f::admin_form),
        ),
        (
            "POST",
            "/practitioners/{id}/feedback/cards",
            post(f::make_for),
        ),
        ("GET", "/api/v1/me/feedback", get(api_feedback::mine)),
        (
            "POST",
            "/api/v1/me/feedback/cards",
            post(api_feedback::make_own),
        ),
        (
            "DELETE",
            "/api/v1/feedback/cards/{id}",
            delete(api_feedback::withdraw),
        ),
        (
            "PUT",
            "/api/v1/me/feedback/shared",
            put(api_feedback::share),
        ),
        (
            "POST",
            "/api/v1/me/feedback/cpd",
            post(api_feedback::draft_cpd),
        ),
        (
            "GET",
            "/api/v1/practitioners/{id}/feedback",
            get(api_feedback::shared),
        ),
        (
            "POST",
            "/api/v1/practitioners/{id}/feedback/cards",
            post(api_feedback::make_for),
        ),
        (
            "GET",
            "/api/v1/feedback/overview",
            get(api_feedback::overview),
        ),
        (
            "GET",
            "/api/v1/feedback/questionnaires",
            get(api_feedback::questionnaires),
        ),
        (
            "POST",
            "/api/v1/feedback/questionnaires/{audience}",
            post(api_feedback::adapt),
        ),
    ]
}

/// The CPD e-portfolio and the employer's readiness views: pages, files and API.
fn cpd_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use axum::routing::{delete, get, post, put};
    use html::cpd as c;
    vec![
        ("GET", "/cpd", get(c::portfolio)),
        ("POST", "/cpd/declaration", post(c::declare)),
        ("PUT", "/api/v1/me/cpd/declaration", put(api_cpd::declare)),
        ("GET", "/cpd/new", get(c::new_form)),
        ("POST", "/cpd/new", post(c::create)),
        ("GET", "/cpd/records/{id}", get(c::show)),
        ("GET", "/cpd/records/{id}/edit", get(c::edit_form)),
        ("POST", "/cpd/records/{id}/edit", post(c::update)),
        ("POST", "/cpd/records/{id}/delete", post(c::delete)),
        ("POST", "/cpd/records/{id}/share", post(c::share)),
        ("GET", "/cpd/export", get(c::export_page)),
        ("GET", "/cpd/export.txt", get(c::export_text)),
        ("GET", "/cpd/export.xlsx", get(c::export_xlsx)),
        (
            "POST",
            "/supervision/sessions/{id}/cpd",
            post(c::draft_from_session),
        ),
        ("GET", "/cpd/readiness", get(c::readiness)),
        ("GET", "/practitioners/{id}/cpd", get(c::person)),
        ("GET", "/api/v1/me/cpd", get(api_cpd::portfolio)),
        ("POST", "/api/v1/me/cpd", post(api_cpd::create)),
        ("GET", "/api/v1/cpd/records/{id}", get(api_cpd::record)),
        ("PUT", "/api/v1/cpd/records/{id}", put(api_cpd::update)),
        (
            "DELETE",
            "/api/v1/cpd/records/{id}",
            delete(api_cpd::delete),
        ),
        (
            "PUT",
            "/api/v1/cpd/records/{id}/shared",
            put(api_cpd::share),
        ),
        (
            "POST",
            "/api/v1/supervision/sessions/{id}/cpd",
            post(api_cpd::draft_from_session),
        ),
        ("GET", "/api/v1/cpd/readiness", get(api_cpd::readiness)),
        (
            "GET",
            "/api/v1/practitioners/{id}/cpd",
            get(api_cpd::person),
        ),
    ]
}

/// Collaborative conversation notes: pages and API.
fn conversation_routes() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    use api_conversations as a;
    use axum::routing::{delete, get, post, put};
    use html::conversations as h;
    vec![
        ("GET", "/conversations", get(h::list)),
        ("GET", "/conversations/new", get(h::new_form)),
        ("POST", "/conversations/new", post(h::create)),
        ("GET", "/conversations/{id}", get(h::show)),
        ("GET", "/conversations/{id}/edit", get(h::edit_form)),
        ("POST", "/conversations/{id}/edit", post(h::update)),
        ("POST", "/conversations/{id}/share", post(h::share)),
        ("POST", "/conversations/{id}/cpd", post(h::draft_cpd)),
        ("POST", "/conversations/{id}/delete", post(h::delete)),
        ("GET", "/api/v1/me/conversations", get(a::list)),
        ("POST", "/api/v1/me/conversations", post(a::create)),
        ("GET", "/api/v1/conversations/{id}", get(a::get)),
        ("PUT", "/api/v1/conversations/{id}", put(a::update)),
        ("PUT", "/api/v1/conversations/{id}/shared", put(a::share)),
        ("POST", "/api/v1/conversations/{id}/cpd", post(a::draft_cpd)),
        ("DELETE", "/api/v1/conversations/{id}", delete(a::delete)),
    ]
}
