//! Rendering pages: the layout's data, the security headers every page carries (a strict CSP
//! with configurable `frame-ancestors`), and the pages and problem+json bodies of failures.

use actix_web::http::{header, StatusCode};
use actix_web::{web, HttpResponse, HttpResponseBuilder, ResponseError};
use askama::Template;
use crosstalk_core::fault::Fault;
use crosstalk_core::Error;

use crate::assets;
use crate::i18n::{Lang, Tr};
use crate::session::Ctx;
use crate::WebState;

/// What every page's layout shows: language, title, assets, the signed-in member's navigation.
pub struct Chrome {
    pub tr: Tr,
    pub lang: &'static str,
    pub dir: &'static str,
    pub title: String,
    pub css: String,
    /// Scripts of pages with a recorder: tus-js-client, then the module.
    pub tus_js: Option<String>,
    pub recorder_js: Option<String>,
    /// The console's keyboard module (console pages only).
    pub console_js: Option<String>,
    /// The facilitator's console of this course, for the navigation.
    pub console_href: Option<String>,
    /// The member's course, for the navigation (`None` when signed out).
    pub course_id: Option<String>,
    pub csrf: Option<String>,
    /// The current path, for the language links.
    pub path: String,
    /// What the last form action did ("flagged", "deleted"), in words.
    pub notice: Option<String>,
}

impl Chrome {
    pub fn new(ctx: &Ctx, title: String, path: &str) -> Chrome {
        let member = ctx.session.as_ref().map(|s| s.member());
        Chrome {
            console_href: member
                .filter(|m| m.role == "facilitator")
                .map(|m| format!("/console/courses/{}", m.course_id)),
            course_id: member.map(|m| m.course_id.clone()),
            csrf: ctx.session.as_ref().map(|s| s.csrf.clone()),
            path: path.to_owned(),
            notice: ctx.notice.map(|n| ctx.lang.tr().t(&format!("notice-{n}"))),
            ..Chrome::bare(ctx.lang, title)
        }
    }

    /// A page without a session (sign-in results, errors).
    pub fn bare(lang: Lang, title: String) -> Chrome {
        Chrome {
            tr: lang.tr(),
            lang: lang.code(),
            dir: lang.dir(),
            title,
            css: assets::url("app.css"),
            tus_js: None,
            recorder_js: None,
            console_js: None,
            console_href: None,
            course_id: None,
            csrf: None,
            path: String::new(),
            notice: None,
        }
    }

    /// Loads the recorder's scripts on this page.
    pub fn with_recorder(mut self) -> Chrome {
        self.tus_js = assets::exists("vendor/tus.min.js").then(|| assets::url("vendor/tus.min.js"));
        self.recorder_js = assets::exists("recorder.js").then(|| assets::url("recorder.js"));
        self
    }

    /// Loads the console's keyboard module on this page.
    pub fn with_console(mut self) -> Chrome {
        self.console_js = assets::exists("console.js").then(|| assets::url("console.js"));
        self
    }

    /// `(code, autonym, href, current)` of each language, for the language links.
    pub fn languages(&self) -> Vec<(&'static str, String, String, bool)> {
        crate::i18n::LANGS
            .iter()
            .map(|code| {
                let href = format!("{}?lang={code}", self.path);
                (*code, self.tr.t(&format!("lang-{code}")), href, *code == self.lang)
            })
            .collect()
    }
}

/// The Content-Security-Policy of every page.
pub fn csp(state: &WebState) -> String {
    let media = state.media_origins.join(" ");
    format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob: {media}; \
         media-src 'self' blob: {media}; connect-src 'self'; frame-ancestors {}; form-action 'self'; \
         base-uri 'none'; object-src 'none'",
        state.frame_ancestors
    )
}

/// A response builder with the page security headers.
pub fn secured(status: StatusCode, state: &WebState) -> HttpResponseBuilder {
    let mut b = HttpResponse::build(status);
    b.insert_header((header::CONTENT_SECURITY_POLICY, csp(state)))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::REFERRER_POLICY, "same-origin"))
        .insert_header((header::CACHE_CONTROL, "private, no-store"));
    b
}

/// Renders a template as a page.
pub fn render(ctx: &Ctx, status: StatusCode, t: &impl Template) -> HttpResponse {
    let mut b = secured(status, &ctx.state);
    if let Some(l) = ctx.chosen_lang {
        b.cookie(
            actix_web::cookie::Cookie::build(crate::session::LANG_COOKIE, l.code())
                .path("/")
                .same_site(actix_web::cookie::SameSite::Lax)
                .max_age(actix_web::cookie::time::Duration::days(365))
                .finish(),
        );
    }
    match t.render() {
        Ok(html) => b.content_type("text/html; charset=utf-8").body(html),
        Err(e) => Fail::Unexpected(anyhow::Error::new(e).context("rendering a page")).page(ctx.lang, &ctx.state),
    }
}

/// 303 See Other to a local path.
pub fn see_other(state: &WebState, to: &str) -> HttpResponse {
    secured(StatusCode::SEE_OTHER, state).insert_header((header::LOCATION, to.to_owned())).finish()
}

/// Why a page or endpoint did not do what was asked.
#[derive(Debug)]
pub enum Fail {
    NotFound,
    /// No session, or it expired.
    SignedOut,
    /// A cookie-authenticated write without its session's CSRF token.
    Csrf,
    Domain(Error),
    /// A rate limit: try again in this many seconds.
    Limited(u64),
    Unexpected(anyhow::Error),
}

impl From<Error> for Fail {
    fn from(e: Error) -> Self {
        match e {
            Error::NotFound(_) => Fail::NotFound,
            Error::Unexpected(e) => Fail::Unexpected(e),
            e => Fail::Domain(e),
        }
    }
}

#[derive(Template)]
#[template(path = "message.html")]
pub struct MessagePage {
    pub c: Chrome,
    pub heading: String,
    pub text: String,
    pub course_link: Option<String>,
}

impl Fail {
    fn status(&self) -> StatusCode {
        match self {
            Fail::NotFound => StatusCode::NOT_FOUND,
            Fail::SignedOut => StatusCode::UNAUTHORIZED,
            Fail::Csrf => StatusCode::FORBIDDEN,
            Fail::Domain(e) => match e {
                Error::Forbidden { .. } => StatusCode::FORBIDDEN,
                Error::Unauthorized { .. } => StatusCode::UNAUTHORIZED,
                Error::Conflict { .. } => StatusCode::CONFLICT,
                Error::Gone { .. } => StatusCode::GONE,
                Error::Locked { .. } => StatusCode::LOCKED,
                Error::TooMany { .. } => StatusCode::TOO_MANY_REQUESTS,
                _ => StatusCode::UNPROCESSABLE_ENTITY,
            },
            Fail::Limited(_) => StatusCode::TOO_MANY_REQUESTS,
            Fail::Unexpected(_) => match self.fault() {
                Some(Fault::Database | Fault::Store) => StatusCode::SERVICE_UNAVAILABLE,
                Some(Fault::DiskFull) => StatusCode::INSUFFICIENT_STORAGE,
                None => StatusCode::INTERNAL_SERVER_ERROR,
            },
        }
    }

    /// A dependency that is down or full (the request can succeed later), as the API tells it.
    fn fault(&self) -> Option<Fault> {
        match self {
            Fail::Unexpected(e) => Fault::of(e),
            _ => None,
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Fail::NotFound => "not_found",
            Fail::SignedOut => "signed_out",
            Fail::Csrf => "csrf_failed",
            Fail::Domain(e) => e.code(),
            Fail::Limited(_) => "rate_limited",
            Fail::Unexpected(_) => self.fault().map_or("internal_error", Fault::code),
        }
    }

    /// Heading and text in the page's language; domain refusals by their code when the catalog
    /// has words for it.
    fn words(&self, tr: Tr) -> (String, String) {
        let key = format!("error-{}", self.code());
        let text = if tr.has(&key) { tr.t(&key) } else { tr.t("error-generic") };
        let heading = match self {
            Fail::NotFound => tr.t("error-not-found-title"),
            Fail::SignedOut => tr.t("error-signed-out-title"),
            Fail::Csrf => tr.t("error-csrf-title"),
            Fail::Domain(_) | Fail::Limited(_) => tr.t("error-refused-title"),
            Fail::Unexpected(_) if self.fault().is_some() => tr.t("error-unavailable-title"),
            Fail::Unexpected(_) => tr.t("error-internal-title"),
        };
        (heading, text)
    }

    fn log(&self) {
        if let Fail::Unexpected(e) = self {
            match Fault::of(e) {
                Some(f) => tracing::warn!(error = format!("{e:#}"), code = f.code(), "a dependency failed"),
                None => tracing::error!(error = format!("{e:#}"), "page failed"),
            }
        }
    }

    /// `Retry-After` for a dependency that is down or full, or a rate limit.
    fn retry_after(&self, res: &mut HttpResponse) {
        let secs = match self {
            Fail::Limited(s) => Some(*s),
            _ => self.fault().map(|f| f.retry_after().as_secs()),
        };
        if let Some(secs) = secs {
            res.headers_mut()
                .insert(actix_web::http::header::RETRY_AFTER, actix_web::http::header::HeaderValue::from(secs));
        }
    }

    pub fn page(&self, lang: Lang, state: &WebState) -> HttpResponse {
        self.log();
        let (heading, text) = self.words(lang.tr());
        let t = MessagePage { c: Chrome::bare(lang, heading.clone()), heading, text, course_link: None };
        let html = t.render().unwrap_or_else(|_| "error".to_owned());
        let mut res = secured(self.status(), state).content_type("text/html; charset=utf-8").body(html);
        self.retry_after(&mut res);
        res
    }

    /// problem+json with the detail in the page's language.
    pub fn problem(&self, lang: Lang, state: &WebState) -> HttpResponse {
        self.log();
        let status = self.status();
        let (title, detail) = self.words(lang.tr());
        let mut res = secured(status, state).content_type("application/problem+json").json(serde_json::json!({
            "type": "about:blank",
            "title": title,
            "status": status.as_u16(),
            "detail": detail,
            "code": self.code(),
        }));
        self.retry_after(&mut res);
        res
    }
}

/// A failure carried through actix's error path (extractors), rendered as a page or problem.
pub struct FailResponse {
    pub fail: Fail,
    pub lang: Lang,
    pub state: Option<web::Data<WebState>>,
    pub json: bool,
}

impl std::fmt::Debug for FailResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.fail)
    }
}

impl std::fmt::Display for FailResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.fail.code())
    }
}

impl ResponseError for FailResponse {
    fn status_code(&self) -> StatusCode {
        self.fail.status()
    }

    fn error_response(&self) -> HttpResponse {
        // The failure itself, cause chain included: a dependency that is down stays a 503.
        let fail = &self.fail;
        match &self.state {
            Some(s) if self.json => fail.problem(self.lang, s),
            Some(s) => fail.page(self.lang, s),
            None => HttpResponse::InternalServerError().finish(),
        }
    }
}

impl Ctx {
    /// A handler's result as a page: failures become the message page.
    pub fn page_or_fail(&self, r: Result<HttpResponse, Fail>) -> HttpResponse {
        r.unwrap_or_else(|f| f.page(self.lang, &self.state))
    }

    /// A handler's result as JSON: failures become problem+json.
    pub fn json_or_fail(&self, r: Result<HttpResponse, Fail>) -> HttpResponse {
        r.unwrap_or_else(|f| f.problem(self.lang, &self.state))
    }
}
