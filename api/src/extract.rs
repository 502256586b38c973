//! Request extractors: the authenticated caller, and JSON/query configs that answer bad input
//! with problem+json instead of actix's plain-text errors.

use std::future::Future;
use std::pin::Pin;

use actix_web::error::{JsonPayloadError, QueryPayloadError};
use actix_web::http::StatusCode;
use actix_web::{web, FromRequest, HttpMessage as _, HttpRequest};
use crosstalk_core::auth::{authenticate, Principal};
use crosstalk_core::Error;

use crate::body_errors;
use crate::error::ApiError;
use crate::state::AppState;

/// The authenticated caller of a request (team key or member token).
pub struct Caller(pub Principal);

/// Resolves the request's bearer credential; the result is cached in the request extensions.
pub async fn resolve(req: &HttpRequest) -> Result<Principal, ApiError> {
    if let Some(p) = req.extensions().get::<Principal>() {
        return Ok(p.clone());
    }
    let state = req
        .app_data::<web::Data<AppState>>()
        .ok_or_else(|| ApiError::from(anyhow::anyhow!("application state missing")))?
        .clone();
    let header = req.headers().get(actix_web::http::header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    if header.is_none() && req.path().starts_with("/v1/uploads") {
        // The recorder on the pages uploads with the session cookie and its CSRF token.
        if let Some(p) = session_principal(req).await? {
            req.extensions_mut().insert(p.clone());
            return Ok(p);
        }
    }
    let bearer = header
        .and_then(|h| h.strip_prefix("Bearer ").or_else(|| h.strip_prefix("bearer ")))
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .ok_or_else(|| {
            ApiError::from(Error::unauthorized(
                "missing_credentials",
                "send an API key or member token as `Authorization: Bearer ...`",
            ))
        })?;
    if bearer.len() > 4096 {
        return Err(Error::unauthorized("invalid_token", "the token is invalid or expired").into());
    }
    let p = authenticate(&state.listing_db, &state.key, bearer).await?;
    req.extensions_mut().insert(p.clone());
    Ok(p)
}

/// A page session (cookie `ct_session` + `X-CSRF-Token`) as a member principal; `None` without the cookie.
async fn session_principal(req: &HttpRequest) -> Result<Option<Principal>, ApiError> {
    use crosstalk_web::page::Fail;
    crosstalk_web::session::principal_for_api(req).await.map_err(|f| match f {
        Fail::Csrf => ApiError::http(
            StatusCode::FORBIDDEN,
            "csrf_failed",
            "a session cookie needs its CSRF token in X-CSRF-Token (reload the page)",
        ),
        Fail::SignedOut => Error::unauthorized("session_expired", "the session has ended; sign in again").into(),
        Fail::Domain(e) => e.into(),
        Fail::NotFound => Error::NotFound("session").into(),
        Fail::Unexpected(e) => e.into(),
        Fail::Limited(secs) => ApiError::Limited {
            status: StatusCode::TOO_MANY_REQUESTS,
            code: "rate_limited",
            detail: format!("try again in {secs} s"),
            retry_after: Some(secs),
        },
    })
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move { resolve(&req).await.map(Caller) })
    }
}

pub fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let e = match &err {
        JsonPayloadError::OverflowKnownLength { limit, .. } | JsonPayloadError::Overflow { limit } => ApiError::http(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the body is larger than {limit} bytes"),
        ),
        JsonPayloadError::ContentType => ApiError::http(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "send the body as application/json",
        ),
        JsonPayloadError::Deserialize(de) if de.is_data() => {
            ApiError::http(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", body_errors::describe(de))
        }
        JsonPayloadError::Deserialize(de) => ApiError::http(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body is not valid JSON: {}", body_errors::describe(de)),
        ),
        _ => ApiError::http(StatusCode::BAD_REQUEST, "bad_request", "the body could not be read"),
    };
    e.into()
}

pub fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::http(StatusCode::BAD_REQUEST, "invalid_query", err.to_string()).into()
}

pub fn path_error(err: actix_web::error::PathError, _req: &HttpRequest) -> actix_web::Error {
    ApiError::http(StatusCode::NOT_FOUND, "not_found", format!("bad path: {err}")).into()
}

/// Parses an optional JSON body: empty means `T::default()`; bad JSON is answered like `web::Json`'s.
pub fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> Result<T, ApiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|de| {
        if de.is_data() {
            ApiError::http(StatusCode::UNPROCESSABLE_ENTITY, "invalid_body", body_errors::describe(&de))
        } else {
            ApiError::http(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("the body is not valid JSON: {}", body_errors::describe(&de)),
            )
        }
    })
}
