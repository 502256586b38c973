//! The page of a refused LTI login or launch: what happened in the visitor's language, the
//! stable reason code (for the course team's support), and when the browser blocked the
//! state cookie inside the platform's frame, a link that restarts the login in a new tab.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;

use crate::page::{render, Chrome};
use crate::session::Ctx;

#[derive(Template)]
#[template(path = "lti_refused.html")]
pub struct RefusedPage {
    pub c: Chrome,
    pub heading: String,
    pub text: String,
    pub code: String,
    pub new_tab: Option<String>,
}

/// `key` names `{key}-title` and `{key}-text` in the catalog.
pub fn page(ctx: &Ctx, status: StatusCode, key: &str, code: &str, new_tab: Option<String>) -> HttpResponse {
    let tr = ctx.tr();
    let heading = tr.t(&format!("{key}-title"));
    let t = RefusedPage {
        c: Chrome::bare(ctx.lang, heading.clone()),
        heading,
        text: tr.t(&format!("{key}-text")),
        code: code.to_owned(),
        new_tab,
    };
    render(ctx, status, &t)
}
