//! The request context of a page: the web state, the page's language and the visitor's session
//! (from the `ct_session` cookie), plus the CSRF check of cookie-authenticated writes.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{time::Duration as CookieDuration, Cookie, SameSite};
use actix_web::{web, FromRequest, HttpRequest};
use crosstalk_core::auth::Principal;
use crosstalk_core::entities::member;
use crosstalk_core::sessions;

use crate::i18n::{Lang, Tr};
use crate::page::Fail;
use crate::WebState;

pub const COOKIE: &str = "ct_session";
pub const LANG_COOKIE: &str = "ct_lang";
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// A signed-in visitor.
#[derive(Clone)]
pub struct Session {
    /// The random id from the cookie (only its hash is stored).
    pub secret: String,
    pub principal: Principal,
    pub csrf: String,
}

impl Session {
    pub fn member(&self) -> &member::Model {
        match &self.principal {
            Principal::Member { member, .. } => member,
            // Sessions only ever hold members.
            Principal::Team { .. } => unreachable!("a session principal is a member"),
        }
    }
}

pub struct Ctx {
    pub state: web::Data<WebState>,
    pub lang: Lang,
    pub session: Option<Session>,
    /// A `?lang=` choice to remember in a cookie.
    pub chosen_lang: Option<Lang>,
    /// `?notice=` after a form action: `flagged` or `deleted`.
    pub notice: Option<&'static str>,
}

impl Ctx {
    /// Counts one `action` (`post`, `reply`, `flag`) of the signed-in member against the rate
    /// limits the API applies too; 429 with `Retry-After` when one is reached.
    pub async fn rate(&self, action: &str, s: &Session) -> Result<(), Fail> {
        match self.state.limits.take(action, &s.principal).await {
            Ok(None) => Ok(()),
            Ok(Some(retry_after)) => Err(Fail::Limited(retry_after)),
            Err(e) => Err(Fail::Unexpected(e)),
        }
    }

    pub fn tr(&self) -> Tr {
        self.lang.tr()
    }

    /// The signed-in visitor, or the "sign in again" page.
    pub fn signed_in(&self) -> Result<&Session, Fail> {
        self.session.as_ref().ok_or(Fail::SignedOut)
    }

    /// Checks a form's or header's CSRF token against the session.
    pub fn check_csrf(&self, token: Option<&str>) -> Result<&Session, Fail> {
        let s = self.signed_in()?;
        match token {
            Some(t) if sessions::csrf_ok(&self.state.key, &s.secret, t) => Ok(s),
            _ => Err(Fail::Csrf),
        }
    }
}

/// The session cookie for a new session.
pub fn cookie(state: &WebState, secret: &str) -> Cookie<'static> {
    Cookie::build(COOKIE, secret.to_owned())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(state.secure_cookies())
        .max_age(CookieDuration::seconds(sessions::SESSION_IDLE_SECS))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn removal(state: &WebState) -> Cookie<'static> {
    let mut c = cookie(state, "");
    c.make_removal();
    c
}

/// The principal of a session cookie on an API request (the tus endpoints), when the request
/// also carries the session's CSRF token in `X-CSRF-Token`. `Ok(None)`: no session cookie.
pub async fn principal_for_api(req: &HttpRequest) -> Result<Option<Principal>, Fail> {
    let Some(secret) = req.cookie(COOKIE).map(|c| c.value().to_owned()) else { return Ok(None) };
    let Some(state) = req.app_data::<web::Data<WebState>>() else { return Ok(None) };
    let Some(principal) = sessions::resolve(&state.db, &secret).await? else { return Err(Fail::SignedOut) };
    let token = req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok());
    if !token.is_some_and(|t| sessions::csrf_ok(&state.key, &secret, t)) {
        return Err(Fail::Csrf);
    }
    Ok(Some(principal))
}

async fn build(req: HttpRequest) -> Result<Ctx, Fail> {
    let state = req
        .app_data::<web::Data<WebState>>()
        .cloned()
        .ok_or_else(|| Fail::Unexpected(anyhow::anyhow!("web state missing")))?;
    let secret = req.cookie(COOKIE).map(|c| c.value().to_owned()).filter(|s| !s.is_empty());
    let session = match secret {
        Some(secret) => sessions::resolve(&state.db, &secret).await?.map(|principal| Session {
            csrf: sessions::csrf_token(&state.key, &secret),
            secret,
            principal,
        }),
        None => None,
    };
    let q = web::Query::<PageQuery>::from_query(req.query_string()).ok();
    let chosen_lang = q.as_ref().and_then(|q| q.lang.as_deref().and_then(Lang::parse));
    let notice = match q.as_ref().and_then(|q| q.notice.as_deref()) {
        Some("flagged") => Some("flagged"),
        Some("deleted") => Some("deleted"),
        Some("decided") => Some("decided"),
        Some("nudged") => Some("nudged"),
        Some("muted") => Some("muted"),
        Some("unmuted") => Some("unmuted"),
        Some("name-saved") => Some("name-saved"),
        _ => None,
    };
    let remembered = req.cookie(LANG_COOKIE).map(|c| c.value().to_owned());
    let accept = req.headers().get(actix_web::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    let choice = chosen_lang.map(|l| l.code().to_owned()).or(remembered);
    let locale = session.as_ref().map(|s| s.member().locale.clone());
    let lang = Lang::negotiate(choice.as_deref(), locale.as_deref(), accept);
    Ok(Ctx { state, lang, session, chosen_lang, notice })
}

#[derive(serde::Deserialize)]
struct PageQuery {
    lang: Option<String>,
    notice: Option<String>,
}

/// The language of a request without a session (used for error pages built outside `Ctx`).
pub fn request_lang(req: &HttpRequest) -> Lang {
    let remembered = req.cookie(LANG_COOKIE).map(|c| c.value().to_owned());
    let accept = req.headers().get(actix_web::http::header::ACCEPT_LANGUAGE).and_then(|v| v.to_str().ok());
    Lang::negotiate(remembered.as_deref(), None, accept)
}

impl FromRequest for Ctx {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut actix_web::dev::Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            build(req.clone()).await.map_err(|f| {
                let state = req.app_data::<web::Data<WebState>>().cloned();
                let lang = request_lang(&req);
                crate::page::FailResponse { fail: f, lang, state, json: false }.into()
            })
        })
    }
}
