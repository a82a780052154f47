//! The one application error type and its one mapping to responses.
//!
//! Which error goes where: domain parsers return `String` messages, or `FieldErrors`
//! (`domain::field_errors`, re-exported here) when they read several fields; the service
//! layer and store return `AppResult<T>`; `anyhow` is used only in `main`, the CLI and start-up.
//! `IntoResponse` marks the response with an `ErrorReport`; the web layer's `finish_errors`
//! middleware turns that into RFC 9457 problem details under `/api` and an NHS-styled page
//! elsewhere. Internal errors are logged once there, with the request id, and shown as an
//! opaque message.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

pub use crate::domain::field_errors::{FieldError, FieldErrors};

impl FieldErrors {
    /// `Ok(())` when nothing was recorded.
    pub fn into_result(self) -> AppResult<()> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(AppError::Invalid(self))
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// Missing, or belonging to an organisation the user may not see (never 403 there).
    #[error("not found")]
    NotFound,
    #[error("sign-in required")]
    Unauthenticated,
    /// The user is signed in but their role does not allow this.
    #[error("forbidden")]
    Forbidden,
    #[error("invalid input")]
    Invalid(FieldErrors),
    #[error("too many failed sign-in attempts")]
    TooManyAttempts { retry_after_seconds: i64 },
    #[error("request could not be verified")]
    CsrfRejected,
    /// A request body over the limit (`[server] max_body_bytes`, or
    /// `max_public_body_bytes` for forms anyone can send).
    #[error("request too large")]
    PayloadTooLarge { max_bytes: usize },
    /// A request the framework refused before a handler could read it (a body that is
    /// not JSON, one too large): its status and what was wrong.
    #[error("request refused")]
    Rejected { status: StatusCode, detail: String },
    /// The request clashes with the state of things (an idempotency key still in use).
    #[error("conflict")]
    Conflict(String),
    /// The path exists but does not serve this method; `allow` lists those it does.
    #[error("method not allowed")]
    MethodNotAllowed { allow: String },
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

pub type AppResult<T> = Result<T, AppError>;

impl From<sqlx::Error> for AppError {
    fn from(e: sqlx::Error) -> Self {
        AppError::Internal(anyhow::Error::new(e))
    }
}

/// Maps a unique-constraint violation on `column` to a field error; anything else stays
/// an internal error. Both engines name the column in their message (SQLite:
/// `UNIQUE constraint failed: t.column`; PostgreSQL: `... constraint "t_column_key"`).
pub trait OnUnique<T> {
    fn on_unique(self, column: &str, field: &str, message: &str) -> AppResult<T>;
}

impl<T> OnUnique<T> for Result<T, sqlx::Error> {
    fn on_unique(self, column: &str, field: &str, message: &str) -> AppResult<T> {
        self.map_err(|e| match &e {
            sqlx::Error::Database(db)
                if db.is_unique_violation() && db.message().contains(column) =>
            {
                AppError::Invalid(FieldErrors::single(field, message))
            }
            _ => AppError::from(e),
        })
    }
}

impl<T> OnUnique<T> for AppResult<T> {
    fn on_unique(self, column: &str, field: &str, message: &str) -> AppResult<T> {
        self.map_err(|e| match e {
            AppError::Internal(inner) => match inner.downcast::<sqlx::Error>() {
                Ok(sqlx_err) => Err::<T, sqlx::Error>(sqlx_err)
                    .on_unique(column, field, message)
                    .err()
                    .unwrap(),
                Err(other) => AppError::Internal(other),
            },
            other => other,
        })
    }
}

/// What `finish_errors` needs to render an error response.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub title: &'static str,
    pub detail: String,
    pub fields: Vec<FieldError>,
    /// Logged by the middleware, never shown.
    pub internal: Option<String>,
    /// The `Retry-After` header of a 429, in seconds.
    pub retry_after_seconds: Option<i64>,
    /// The `Allow` header of a 405.
    pub allow: Option<String>,
}

impl AppError {
    pub fn report(&self) -> ErrorReport {
        let (status, title, detail) = match self {
            AppError::NotFound => (StatusCode::NOT_FOUND, "Page not found", "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address.".to_string()),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "Sign in required", "Sign in to use this service.".to_string()),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "You do not have access to this page", "Your role does not include this. Ask your organisation admin if you think it should.".to_string()),
            AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "There is a problem", "Some of the information given is not valid.".to_string()),
            AppError::TooManyAttempts { retry_after_seconds } => (StatusCode::TOO_MANY_REQUESTS, "Too many failed sign-in attempts", format!("Sign-in is paused. Try again in {}.", wait_in_words(*retry_after_seconds))),
            AppError::CsrfRejected => (StatusCode::FORBIDDEN, "Your request could not be verified", "Go back, reload the page and try again.".to_string()),
            AppError::PayloadTooLarge { max_bytes } => (StatusCode::PAYLOAD_TOO_LARGE, "Request too large", format!("The request must be smaller than {}.", size_in_words(*max_bytes))),
            AppError::Rejected { status, detail } => {
                let r = rejection_report(*status, detail);
                (r.status, r.title, r.detail)
            }
            AppError::Conflict(detail) => (StatusCode::CONFLICT, "Conflict", detail.clone()),
            AppError::MethodNotAllowed { allow } => (StatusCode::METHOD_NOT_ALLOWED, "Method not allowed", format!("This address does not accept that kind of request. It accepts: {allow}.")),
            AppError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "Sorry, there is a problem with the service", "Try again later.".to_string()),
        };
        ErrorReport {
            status,
            title,
            detail,
            fields: match self {
                AppError::Invalid(f) => f.0.clone(),
                _ => Vec::new(),
            },
            internal: match self {
                AppError::Internal(e) => Some(format!("{e:#}")),
                _ => None,
            },
            retry_after_seconds: match self {
                AppError::TooManyAttempts {
                    retry_after_seconds,
                } => Some(*retry_after_seconds),
                _ => None,
            },
            allow: match self {
                AppError::MethodNotAllowed { allow } => Some(allow.clone()),
                _ => None,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let report = self.report();
        let mut response = report.status.into_response();
        response.extensions_mut().insert(report);
        response
    }
}

/// A wait as people say it: "30 seconds", "1 minute", "15 minutes" (rounded up).
pub fn wait_in_words(seconds: i64) -> String {
    match seconds.max(1) {
        1 => "1 second".to_string(),
        s if s < 60 => format!("{s} seconds"),
        s => match (s + 59) / 60 {
            1 => "1 minute".to_string(),
            m => format!("{m} minutes"),
        },
    }
}

/// A size limit as people say it: "1 MB", "16 KB", "1.5 MB".
pub fn size_in_words(bytes: usize) -> String {
    const MB: usize = 1024 * 1024;
    if bytes >= MB {
        let mb = bytes as f64 / MB as f64;
        if bytes.is_multiple_of(MB) {
            format!("{} MB", bytes / MB)
        } else {
            format!("{mb:.1} MB")
        }
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}

/// The report for a framework rejection: its status, a title for it, and its own text as
/// the detail (it names what was wrong, and holds nothing internal); a server error's text
/// is logged, never shown.
pub fn rejection_report(status: StatusCode, text: &str) -> ErrorReport {
    let title = match status {
        StatusCode::NOT_FOUND => "Page not found",
        StatusCode::METHOD_NOT_ALLOWED => "Method not allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "Request too large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "Unsupported media type",
        StatusCode::UNPROCESSABLE_ENTITY => "There is a problem",
        s if s.is_server_error() => "Sorry, there is a problem with the service",
        _ => "Bad request",
    };
    let server = status.is_server_error();
    let detail = match text.trim() {
        _ if server => "Try again later.".to_string(),
        "" if status == StatusCode::PAYLOAD_TOO_LARGE => {
            "The request body is larger than this service accepts.".to_string()
        }
        "" => "The request could not be understood.".to_string(),
        t => t.to_string(),
    };
    ErrorReport {
        status,
        title,
        detail,
        fields: vec![],
        internal: server.then(|| text.to_string()),
        retry_after_seconds: None,
        allow: None,
    }
}
