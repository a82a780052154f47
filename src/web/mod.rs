//! The HTTP front doors: HTML pages (`html`), the JSON API (`api`), static assets, and the
//! middleware every request passes through. Handlers here only translate: they parse
//! input, call `crate::service`, and render. No SQL and no role checks live here; the
//! route table in `crate::policy` says what each route needs and `guard` enforces it.

pub mod api;
pub mod api_account;
pub mod api_appraisal;
pub mod api_asye;
pub mod api_benchmark;
pub mod api_board_report;
pub mod api_calendar;
pub mod api_concerns;
pub mod api_conversations;
pub mod api_cpd;
pub mod api_data_protection;
pub mod api_errors;
pub mod api_feedback;
pub mod api_fhir;
pub mod api_governance;
pub mod api_partnerships;
pub mod api_post_qualifying;
pub mod api_pulse;
pub mod api_registration;
pub mod api_self_assessment;
pub mod api_social_work_lead;
pub mod api_sso;
pub mod api_staff_import;
pub mod api_stocktake;
pub mod api_strategic_statement;
pub mod api_supervision;
pub mod api_survey;
pub mod api_workforce;
pub mod assets;
pub mod board_report_files;
mod board_report_pdf;
pub mod body;
pub mod charts;
pub mod forms;
pub mod html;
pub mod idempotency;
pub mod metrics;
pub mod middleware;
pub mod qr;
pub mod rate_limit;
pub mod report_files;
pub mod routes;
pub mod stocktake_xlsx;
mod template_sources;
pub mod templates;
pub mod workforce_xlsx;

use crate::clock::Clock;
use crate::config::Settings;
use crate::store::Db;
use axum::Router;
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
    /// What is counted for monitoring (`/metrics`).
    pub metrics: Arc<crate::metrics::Metrics>,
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
            metrics: Arc::new(crate::metrics::Metrics::starting_now()),
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

/// Builds the whole application.
pub fn router(state: AppState) -> Router {
    let mut app = Router::new();
    // Each route comes with its rule (`routes::Route`): none is served without one.
    for r in routes::routes() {
        app = app.route(r.path, r.handler);
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
    // Pages and reports gzipped for clients that ask (a first view was about six times
    // larger unzipped). Secrets in pages are masked per response against BREACH
    // (`middleware::csrf::mask_token`).
    // The fastest level: pages are made afresh for each answer, and at zlib's default level
    // compressing took about a seventh of a kept page's CPU. Measured on the dashboard
    // (2,000 people, 64 connections): level 6 gave 4,974 bytes at about 1,700 answers a
    // second, level 3 5,268 at 2,130, level 1 6,721 at 2,350; all about a fifth of the HTML.
    .layer(
        tower_http::compression::CompressionLayer::new()
            .quality(tower_http::compression::CompressionLevel::Fastest),
    )
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
