//! `POST /lti/launch`: the redirect URI receiving `id_token` and `state`. A valid resource link
//! launch starts the same session a sign-in link does and lands on the prompt or the course;
//! a deep linking request shows the prompt picker; every refusal is a 4xx page and a log line.
//! Inside a frame the landing goes through `/lti/continue`, which offers a new tab when the
//! browser dropped the session cookie (see `resume.rs`).

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use crosstalk_core::lti::claims::MessageType;
use crosstalk_core::lti::deep_linking;
use crosstalk_core::lti::launch::{self, Binding, Refusal};
use crosstalk_core::lti::provision;
use crosstalk_core::members::Role;
use crosstalk_core::sessions;

use crate::page::{see_other, Fail};
use crate::session::{self as sess, Ctx};
use crate::WebState;

#[derive(serde::Deserialize, Default)]
struct LaunchForm {
    id_token: Option<String>,
    state: Option<String>,
    /// The state read from the platform's storage by the launch page (see `storage.rs`).
    lti_storage_state: Option<String>,
}

/// How long the link of a framed launch's "open in a new tab" stays valid.
const CONTINUE_TTL_SECS: i64 = 300;

/// Whether the browser shows this request inside a frame (the platform's iframe).
pub fn framed(req: &HttpRequest) -> bool {
    req.headers().get("sec-fetch-dest").and_then(|v| v.to_str().ok()).is_some_and(|d| d == "iframe" || d == "frame")
}

/// The session cookie of a launched member: usable inside the platform's iframe.
fn session_cookie(state: &WebState, secret: &str) -> actix_web::cookie::Cookie<'static> {
    let mut c = sess::cookie(state, secret);
    super::cross_site(state, &mut c);
    c
}

fn refused(ctx: &Ctx, r: &Refusal) -> HttpResponse {
    tracing::warn!(reason = r.code(), "LTI launch refused");
    let status = StatusCode::from_u16(r.status()).unwrap_or(StatusCode::BAD_REQUEST);
    match r {
        Refusal::CookiesBlocked(p) => {
            let query = serde_urlencoded::to_string(p.as_ref()).unwrap_or_default();
            let href = format!("/lti/login?{query}");
            super::refusal::page(ctx, status, "lti-cookies-blocked", r.code(), Some(href))
        }
        _ => super::refusal::page(ctx, status, "lti-launch-refused", r.code(), None),
    }
}

pub async fn launch(ctx: Ctx, req: HttpRequest, body: web::Bytes) -> HttpResponse {
    let form: LaunchForm = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let (Some(id_token), Some(state)) = (form.id_token, form.state) else {
        tracing::warn!(reason = "missing_parameter", "LTI launch refused");
        return super::refusal::page(&ctx, StatusCode::BAD_REQUEST, "lti-launch-refused", "missing_parameter", None);
    };
    let cookie = req.cookie(super::STATE_COOKIE).map(|c| c.value().to_owned());
    let binding = Binding { cookie: cookie.as_deref(), storage: form.lti_storage_state.as_deref() };
    let validated = match launch::validate(&ctx.state.db, ctx.state.lti_egress, &state, binding, &id_token).await {
        Ok(v) => v,
        Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
    };
    let l = match validated {
        Ok(l) => l,
        Err(Refusal::ReadStorage { target, origin }) => {
            tracing::info!("LTI launch without the state cookie: reading the state from the platform's storage");
            return super::storage::get(&ctx, &target, &origin, &state, &id_token);
        }
        Err(r) => return refused(&ctx, &r),
    };
    if l.claims.message_type == MessageType::DeepLinking && l.claims.role() != Role::Facilitator {
        tracing::warn!(reason = "not_staff", "LTI deep linking refused");
        return super::refusal::page(&ctx, StatusCode::FORBIDDEN, "lti-deep-link-staff-only", "not_staff", None);
    }
    let arrival = match provision::arrive(&ctx.state.db, &l).await {
        Ok(a) => a,
        Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
    };
    tracing::info!(registration = %l.registration.id, member_id = %arrival.member.id, "LTI launch");
    if arrival.member.role == "facilitator" && l.claims.nrps_url.is_some() {
        // An instructor's launch refreshes the roster in the background; the launch does not wait.
        let (db, key, course_id) = (ctx.state.db.clone(), ctx.state.key.clone(), arrival.member.course_id.clone());
        let egress = ctx.state.lti_egress;
        actix_web::rt::spawn(async move {
            if let Err(e) = crosstalk_core::lti::nrps::sync(&db, &key, egress, &course_id).await {
                tracing::warn!(error = %e, course_id, "roster sync after an instructor launch failed");
            }
        });
    }
    let s = match sessions::start(&ctx.state.db, arrival.member.clone()).await {
        Ok(s) => s,
        Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
    };
    let mut res = match (l.claims.message_type, deep_linking::Request::of(&l, &arrival.member.id)) {
        (MessageType::DeepLinking, Some(dl)) => {
            match super::deep_link::picker(&ctx, &dl, &arrival.member.course_id, &s.secret).await {
                Ok(r) => r,
                Err(f) => return f.page(ctx.lang, &ctx.state),
            }
        }
        _ if framed(&req) => {
            // The session cookie may not survive the frame: land through a link that can open a tab.
            let ask = sessions::LinkRequest { ttl_seconds: Some(CONTINUE_TTL_SECS) };
            let link = match sessions::mint_link(&ctx.state.db, &ctx.state.public_url, &arrival.member, &ask).await {
                Ok(l) => l,
                Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
            };
            let token = link.url.rsplit('/').next().unwrap_or_default();
            let query =
                serde_urlencoded::to_string([("to", arrival.landing().as_str()), ("t", token)]).unwrap_or_default();
            see_other(&ctx.state, &format!("/lti/continue?{query}"))
        }
        _ => see_other(&ctx.state, &arrival.landing()),
    };
    let mut gone = super::state_cookie(&ctx.state, "");
    gone.make_removal();
    for c in [session_cookie(&ctx.state, &s.secret), gone] {
        if let Err(e) = res.add_cookie(&c) {
            return Fail::Unexpected(e.into()).page(ctx.lang, &ctx.state);
        }
    }
    res
}
