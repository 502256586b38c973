//! The domain error: a stable code per failure; the cause chain of unexpected errors stays in the log.

use std::borrow::Cow;

/// Every failure the domain reports. The HTTP layer maps each variant to a status and
/// problem+json body carrying [`Error::code`].
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The resource does not exist *for this caller* (other tenants' data is also "not found").
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The caller is known but may not do this.
    #[error("{detail}")]
    Forbidden { code: &'static str, detail: Cow<'static, str> },
    /// No valid credentials.
    #[error("{detail}")]
    Unauthorized { code: &'static str, detail: Cow<'static, str> },
    /// The request is well-formed but its content breaks a rule.
    #[error("{detail}")]
    Invalid { code: &'static str, detail: Cow<'static, str> },
    /// The request conflicts with the current state (duplicate, in progress).
    #[error("{detail}")]
    Conflict { code: &'static str, detail: Cow<'static, str> },
    /// The resource existed but is gone for good (an expired or terminated upload).
    #[error("{detail}")]
    Gone { code: &'static str, detail: Cow<'static, str> },
    /// Someone else is working on the resource right now; retry later.
    #[error("{detail}")]
    Locked { code: &'static str, detail: Cow<'static, str> },
    /// A per-caller limit is reached.
    #[error("{detail}")]
    TooMany { code: &'static str, detail: Cow<'static, str> },
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Error {
    pub fn invalid(code: &'static str, detail: impl Into<Cow<'static, str>>) -> Self {
        Error::Invalid { code, detail: detail.into() }
    }
    pub fn conflict(code: &'static str, detail: impl Into<Cow<'static, str>>) -> Self {
        Error::Conflict { code, detail: detail.into() }
    }
    pub fn forbidden(code: &'static str, detail: impl Into<Cow<'static, str>>) -> Self {
        Error::Forbidden { code, detail: detail.into() }
    }
    pub fn unauthorized(code: &'static str, detail: impl Into<Cow<'static, str>>) -> Self {
        Error::Unauthorized { code, detail: detail.into() }
    }

    /// The stable, documented code clients may match on.
    pub fn code(&self) -> &'static str {
        match self {
            Error::NotFound(_) => "not_found",
            Error::Forbidden { code, .. }
            | Error::Unauthorized { code, .. }
            | Error::Invalid { code, .. }
            | Error::Conflict { code, .. }
            | Error::Gone { code, .. }
            | Error::Locked { code, .. }
            | Error::TooMany { code, .. } => code,
            Error::Unexpected(_) => "internal_error",
        }
    }
}

impl From<sea_orm::DbErr> for Error {
    fn from(e: sea_orm::DbErr) -> Self {
        Error::Unexpected(anyhow::Error::new(e).context("database"))
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
