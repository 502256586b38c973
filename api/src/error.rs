//! HTTP errors: every failure becomes `application/problem+json` (RFC 9457) with a stable `code`.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use crosstalk_core::fault::Fault;
use crosstalk_core::Error;
use serde::Serialize;

/// The problem+json body.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// `about:blank`: the `code` member identifies the problem.
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable machine-readable code, e.g. `not_found`, `validation_failed`, `invalid_token`.
    pub code: String,
}

/// The API layer's error: a domain error, or a protocol-level problem found before the domain ran.
#[derive(thiserror::Error)]
pub enum ApiError {
    #[error(transparent)]
    Domain(#[from] Error),
    #[error("{detail}")]
    Http { status: StatusCode, code: &'static str, detail: String },
    /// An abuse limit (rate, daily volume, storage quota): `Retry-After` says when to try again.
    #[error("{detail}")]
    Limited { status: StatusCode, code: &'static str, detail: String, retry_after: Option<u64> },
}

/// The cause chain in one line, never a backtrace: resolving one (with RUST_BACKTRACE set) costs
/// hundreds of MB of RSS for the debug info, and the request logger prints errors with Debug.
impl std::fmt::Debug for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ApiError::Domain(Error::Unexpected(e)) => write!(f, "{e:#}"),
            other => write!(f, "{other}"),
        }
    }
}

impl ApiError {
    pub fn http(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError::Http { status, code, detail: detail.into() }
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(e: anyhow::Error) -> Self {
        ApiError::Domain(Error::Unexpected(e))
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        ApiError::Domain(e.into())
    }
}

pub fn problem(status: StatusCode, code: &str, detail: &str) -> HttpResponse {
    HttpResponse::build(status).content_type("application/problem+json").json(Problem {
        kind: "about:blank",
        title: status.canonical_reason().unwrap_or("Error").to_owned(),
        status: status.as_u16(),
        detail: detail.to_owned(),
        code: code.to_owned(),
    })
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Http { status, .. } | ApiError::Limited { status, .. } => *status,
            ApiError::Domain(e) => match e {
                Error::NotFound(_) => StatusCode::NOT_FOUND,
                Error::Forbidden { .. } => StatusCode::FORBIDDEN,
                Error::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
                Error::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
                Error::Conflict { .. } => StatusCode::CONFLICT,
                Error::Gone { .. } => StatusCode::GONE,
                Error::Locked { .. } => StatusCode::LOCKED,
                Error::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
                Error::Unexpected(e) => match Fault::of(e) {
                    Some(Fault::Database | Fault::Store) => StatusCode::SERVICE_UNAVAILABLE,
                    Some(Fault::DiskFull) => StatusCode::INSUFFICIENT_STORAGE,
                    None => StatusCode::INTERNAL_SERVER_ERROR,
                },
            },
        }
    }

    fn error_response(&self) -> HttpResponse {
        let status = self.status_code();
        match self {
            ApiError::Http { code, detail, .. } => problem(status, code, detail),
            ApiError::Limited { code, detail, retry_after, .. } => {
                let mut res = problem(status, code, detail);
                if let Some(secs) = retry_after {
                    res.headers_mut().insert(actix_web::http::header::RETRY_AFTER, (*secs).into());
                }
                res
            }
            ApiError::Domain(Error::Unexpected(e)) if Fault::of(e).is_some() => {
                let fault = Fault::of(e).unwrap_or(Fault::Store);
                tracing::warn!(error = format!("{e:#}"), code = fault.code(), "a dependency failed");
                let mut res = problem(status, fault.code(), fault.detail());
                res.headers_mut().insert(
                    actix_web::http::header::RETRY_AFTER,
                    actix_web::http::header::HeaderValue::from(fault.retry_after().as_secs()),
                );
                res
            }
            ApiError::Domain(Error::Unexpected(e)) => {
                // The cause chain goes to the log only; the client gets a stable, bland body.
                tracing::error!(error = format!("{e:#}"), "request failed");
                problem(status, "internal_error", "an unexpected error occurred; it has been logged")
            }
            ApiError::Domain(e) => {
                let mut res = problem(status, e.code(), &e.to_string());
                if status == StatusCode::UNAUTHORIZED {
                    res.headers_mut().insert(
                        actix_web::http::header::WWW_AUTHENTICATE,
                        actix_web::http::header::HeaderValue::from_static("Bearer"),
                    );
                }
                res
            }
        }
    }
}

pub type ApiResult<T> = Result<T, ApiError>;
