//! `GET /lti/continue?to=&t=`: where a launch inside the platform's frame lands. The launch set
//! the session cookie, but a browser blocking third-party cookies (Safari's default) drops it
//! there, and a frame cannot tell. So the launch also minted a short sign-in link `t`:
//! - the session cookie arrived (cookies work in the frame): the link is used up, on to `to`;
//! - no session and still in a frame: a page offering `to` in a new tab through the link (a
//!   top-level tab keeps its cookies);
//! - no session at the top level: straight through the link.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use crosstalk_core::sessions;

use crate::page::{see_other, Fail};
use crate::pages::signin::local_path;
use crate::session::Ctx;

#[derive(serde::Deserialize, Default)]
pub struct ContinueQuery {
    to: Option<String>,
    t: Option<String>,
}

pub async fn resume(ctx: Ctx, req: HttpRequest, q: web::Query<ContinueQuery>) -> HttpResponse {
    let (Some(to), Some(token)) = (q.to.as_deref().and_then(local_path), q.t.as_deref()) else {
        return Fail::NotFound.page(ctx.lang, &ctx.state);
    };
    let owner = match sessions::link_member(&ctx.state.db, token).await {
        Ok(o) => o,
        Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
    };
    let signed_in = ctx.session.as_ref().map(|s| s.member().id.clone());
    match (owner, signed_in) {
        // Used, expired or unknown: the session (if any) decides where this goes.
        (None, Some(_)) => see_other(&ctx.state, to),
        (None, None) => see_other(&ctx.state, &format!("/signin/{token}")),
        (Some(owner), Some(me)) if owner == me => {
            if let Err(e) = sessions::discard_link(&ctx.state.db, token).await {
                return Fail::from(e).page(ctx.lang, &ctx.state);
            }
            see_other(&ctx.state, to)
        }
        (Some(_), _) => {
            let query = serde_urlencoded::to_string([("next", to)]).unwrap_or_default();
            let href = format!("/signin/{token}?{query}");
            if super::launch::framed(&req) {
                tracing::info!("LTI launch in a frame without its session cookie: offering a new tab");
                super::refusal::page(&ctx, StatusCode::OK, "lti-session-blocked", "session_cookie_blocked", Some(href))
            } else {
                see_other(&ctx.state, &href)
            }
        }
    }
}
