//! Opening a sign-in link (a session cookie, then the course page) and signing out.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use crosstalk_core::sessions::{self, LinkRefusal};

use crate::page::{render, see_other, Chrome, Fail, MessagePage};
use crate::session::{self as sess, Ctx};

/// A path on this site, safe to redirect to (`/prompts/x`, never `//host` or `/\\host`).
pub fn local_path(p: &str) -> Option<&str> {
    let ok = p.starts_with('/')
        && !p.starts_with("//")
        && p.len() <= 512
        && !p.bytes().any(|b| b == b'\\' || b.is_ascii_control());
    ok.then_some(p)
}

#[derive(serde::Deserialize, Default)]
pub struct OpenQuery {
    /// Where to land instead of the course page (a path on this site; an LTI launch's prompt).
    pub next: Option<String>,
}

/// `GET /signin/{token}[?next=/path]`: a valid link starts a session and lands on the course (or
/// `next`); a used, expired or unknown one gets a page that says so (410, 410, 404).
pub async fn open(ctx: Ctx, path: web::Path<String>, query: web::Query<OpenQuery>) -> HttpResponse {
    let opened = match sessions::open_link(&ctx.state.db, &path).await {
        Ok(o) => o,
        Err(e) => return Fail::from(e).page(ctx.lang, &ctx.state),
    };
    match opened {
        Ok(s) => {
            let course = format!("/courses/{}", s.member.course_id);
            let landing = query.next.as_deref().and_then(local_path).unwrap_or(&course);
            let mut res = see_other(&ctx.state, landing);
            if let Err(e) = res.add_cookie(&sess::cookie(&ctx.state, &s.secret)) {
                return Fail::Unexpected(e.into()).page(ctx.lang, &ctx.state);
            }
            res
        }
        Err(refusal) => {
            let (status, key) = match refusal {
                LinkRefusal::Used => (StatusCode::GONE, "signin-used"),
                LinkRefusal::Expired => (StatusCode::GONE, "signin-expired"),
                LinkRefusal::Unknown => (StatusCode::NOT_FOUND, "signin-unknown"),
            };
            let tr = ctx.tr();
            let heading = tr.t(&format!("{key}-title"));
            let t = MessagePage {
                c: Chrome::bare(ctx.lang, heading.clone()),
                heading,
                text: tr.t(&format!("{key}-text")),
                course_link: None,
            };
            render(&ctx, status, &t)
        }
    }
}

#[derive(serde::Deserialize, Default)]
pub struct CsrfForm {
    pub csrf: Option<String>,
}

/// `POST /signout` (CSRF): ends the session and says so.
pub async fn sign_out(ctx: Ctx, body: web::Bytes) -> HttpResponse {
    let form: CsrfForm = super::form(&body);
    if ctx.session.is_some() {
        let s = match ctx.check_csrf(form.csrf.as_deref()) {
            Ok(s) => s,
            Err(f) => return f.page(ctx.lang, &ctx.state),
        };
        if let Err(e) = sessions::end(&ctx.state.db, &s.secret).await {
            return Fail::from(e).page(ctx.lang, &ctx.state);
        }
    }
    let tr = ctx.tr();
    let heading = tr.t("signed-out-title");
    let t: MessagePage = MessagePage {
        c: Chrome::bare(ctx.lang, heading.clone()),
        heading,
        text: tr.t("signed-out-text"),
        course_link: None,
    };
    let mut res = render(&ctx, StatusCode::OK, &t);
    let _ = res.add_cookie(&sess::removal(&ctx.state));
    res
}

/// `GET /`: the member's course when signed in, else how to get in.
pub async fn root(ctx: Ctx) -> HttpResponse {
    if let Some(s) = &ctx.session {
        return see_other(&ctx.state, &format!("/courses/{}", s.member().course_id));
    }
    let tr = ctx.tr();
    let heading = tr.t("app-name");
    let t =
        MessagePage { c: Chrome::bare(ctx.lang, heading.clone()), heading, text: tr.t("home-text"), course_link: None };
    render(&ctx, StatusCode::OK, &t)
}
