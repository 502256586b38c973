//! The `Idempotency-Key` middleware: a creating POST retried with the same key and body gets the
//! first response again instead of creating twice.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage as _, HttpResponse, ResponseError as _};
use crosstalk_core::idempotency::{self, Begin};
use sha2::{Digest as _, Sha256};

use crate::error::ApiError;
use crate::extract::resolve;
use crate::retry::Retry;
use crate::state::AppState;

pub const HEADER: &str = "Idempotency-Key";

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req.headers().get(HEADER).map(|v| v.to_str().map(str::to_owned));
    // tus creation bodies are video bytes, not JSON to replay; tus has its own resume protocol.
    let Some(key) = key.filter(|_| req.method() == Method::POST && !req.path().starts_with("/v1/uploads")) else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let fail = |req: ServiceRequest, e: ApiError| Ok(req.into_response(e.error_response()));
    let Ok(key) = key else {
        let e = crosstalk_core::Error::invalid("invalid_idempotency_key", "Idempotency-Key must be visible ASCII");
        return fail(req, e.into());
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next.call(req).await.map(ServiceResponse::map_into_boxed_body);
    };
    let principal = if req.path().starts_with("/v1/") {
        match resolve(req.request()).await {
            Ok(p) => p,
            Err(e) => return fail(req, e),
        }
    } else {
        // The pages' JSON endpoints: a session cookie with its CSRF token; anything else is left
        // to the handler, which answers in the page's language.
        match crosstalk_web::session::principal_for_api(req.request()).await {
            Ok(Some(p)) => p,
            _ => return next.call(req).await.map(ServiceResponse::map_into_boxed_body),
        }
    };
    req.extensions_mut().insert(principal.clone());
    let body = match req.extract::<web::Bytes>().await {
        Ok(b) => b,
        Err(_) => {
            let e = ApiError::http(StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large", "the body is too large");
            return fail(req, e);
        }
    };
    let mut h = Sha256::new();
    h.update(req.method().as_str());
    h.update(b" ");
    h.update(req.path());
    h.update(b"\n");
    h.update(&body);
    let hash = hex_digest(h);
    req.set_payload(body.into());
    let scope = principal.scope();
    match idempotency::begin(&state.db, &state.key, &scope, &key, &hash).await {
        Err(e) => fail(req, e.into()),
        Ok(Begin::Replay { status, content_type, body }) => {
            let mut res = HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK));
            if let Some(ct) = content_type {
                res.insert_header((header::CONTENT_TYPE, ct));
            }
            res.insert_header(("Idempotent-Replayed", "true"));
            Ok(req.into_response(res.body(body)))
        }
        Ok(Begin::Fresh) => {
            let res = match next.call(req).await {
                Ok(r) => r,
                Err(e) => {
                    abandon(&state, &scope, &key).await;
                    return Err(e);
                }
            };
            if res.status().is_server_error() {
                abandon(&state, &scope, &key).await;
                return Ok(res.map_into_boxed_body());
            }
            let (req, res) = res.into_parts();
            let status = res.status();
            let content_type = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
            let (res, body) = res.into_parts();
            let bytes = actix_web::body::to_bytes(body).await.unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes).into_owned();
            if let Err(e) =
                idempotency::complete(&state.db, &state.key, &scope, &key, status.as_u16(), content_type, text).await
            {
                // The client has its answer; a retry with this key is refused as in progress until
                // the claim goes stale (`CLAIM_MINUTES`), then runs again.
                tracing::error!(error = %e, principal = %scope, idempotency_key = %key, "storing the idempotent response failed");
            }
            Ok(ServiceResponse::new(req, res.set_body(BoxBody::new(bytes))))
        }
    }
}

/// Releases the key after a server error so the client's retry runs again. If the release
/// fails, the claim goes stale after `CLAIM_MINUTES` and a retry runs then; until then it is
/// refused as in progress.
async fn abandon(state: &AppState, scope: &str, key: &str) {
    let what = format!("releasing Idempotency-Key {key} of {scope}");
    if let Err(e) = Retry::QUICK.run(&what, || idempotency::abandon(&state.db, scope, key)).await {
        tracing::error!(
            error = %e, principal = %scope, idempotency_key = %key, stale_after_minutes = idempotency::CLAIM_MINUTES,
            "releasing an Idempotency-Key after a server error failed; retries are refused until the claim goes stale"
        );
    }
}

fn hex_digest(h: Sha256) -> String {
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}
