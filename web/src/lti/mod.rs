//! The LTI 1.3 tool endpoints: OIDC login, launch (resource links and deep linking), the
//! tool's JWKS, and the pages a refused launch shows.

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::web;

use crate::WebState;

pub mod deep_link;
pub mod jwks;
pub mod launch;
pub mod login;
pub mod refusal;
pub mod resume;
pub mod storage;

/// The cookie binding a login's `state` to the browser that started it.
pub const STATE_COOKIE: &str = "ct_lti_state";

/// Cookies a platform's iframe must carry: `SameSite=None; Secure` behind https; on plain http
/// (loopback development and tests) `SameSite=Lax` without `Secure`, which browsers accept.
pub fn cross_site(state: &WebState, c: &mut Cookie<'static>) {
    if state.secure_cookies() {
        c.set_same_site(SameSite::None);
        c.set_secure(true);
    } else {
        c.set_same_site(SameSite::Lax);
        c.set_secure(false);
    }
}

pub fn state_cookie(state: &WebState, value: &str) -> Cookie<'static> {
    let mut c = Cookie::build(STATE_COOKIE, value.to_owned())
        .path("/lti/")
        .http_only(true)
        .max_age(CookieDuration::seconds(crosstalk_core::lti::login::STATE_TTL_SECS))
        .finish();
    cross_site(state, &mut c);
    c
}

/// Mounts the tool endpoints.
pub fn configure(cfg: &mut web::ServiceConfig) {
    use web::{get, post, resource};
    cfg.service(resource("/lti/login").route(get().to(login::login)).route(post().to(login::login)))
        .service(resource("/lti/launch").route(post().to(launch::launch)))
        .service(resource("/lti/continue").route(get().to(resume::resume)))
        .service(resource("/lti/deep-link").route(post().to(deep_link::pick)))
        .service(resource("/lti/jwks").route(get().to(jwks::jwks)));
}
