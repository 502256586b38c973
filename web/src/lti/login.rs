//! `GET|POST /lti/login`: OIDC third-party initiated login. A known platform and a target on
//! this tool get a state cookie and a redirect to the platform's authorization endpoint; when the
//! platform names a storage frame (`lti_storage_target`), a page that also keeps the state in the
//! platform's storage (for browsers blocking the cookie in the frame) and then goes on.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpRequest, HttpResponse};
use crosstalk_core::lti::login::{self, LoginParams};

use crate::page::{secured, Fail};
use crate::session::Ctx;

pub async fn login(ctx: Ctx, req: HttpRequest, body: actix_web::web::Bytes) -> HttpResponse {
    let params: LoginParams = if req.method() == actix_web::http::Method::POST {
        serde_urlencoded::from_bytes(&body).unwrap_or_default()
    } else {
        serde_urlencoded::from_str(req.query_string()).unwrap_or_default()
    };
    let started = match login::begin(&ctx.state.db, &ctx.state.public_url, &params).await {
        Ok(s) => s,
        Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
    };
    match started {
        Ok(s) => {
            let mut res = match &s.storage {
                Some((target, origin)) => super::storage::put(&ctx, target, origin, &s.state, &s.redirect),
                None => secured(StatusCode::FOUND, &ctx.state).insert_header((header::LOCATION, s.redirect)).finish(),
            };
            if let Err(e) = res.add_cookie(&super::state_cookie(&ctx.state, &s.state)) {
                return Fail::Unexpected(e.into()).page(ctx.lang, &ctx.state);
            }
            res
        }
        Err(r) => {
            tracing::warn!(reason = r.code(), iss = params.iss.as_deref().unwrap_or(""), "LTI login refused");
            super::refusal::page(&ctx, StatusCode::BAD_REQUEST, "lti-login-refused", r.code(), None)
        }
    }
}
