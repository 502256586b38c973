//! The two pages of LTI platform storage (1EdTech "Client Side postMessages"): at login the
//! state goes into the platform's storage before the browser moves on to the platform; at a
//! launch that arrives without the state cookie, the state is read back from there and the
//! launch posted again with it. `lti-storage.js` does the messaging; without JavaScript the
//! login page's link goes on (the cookie may still work) and the launch form posts without it.

use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use askama::Template;
use crosstalk_core::lti::login::storage_key;

use crate::assets;
use crate::page::{render, Chrome};
use crate::session::Ctx;

#[derive(Template)]
#[template(path = "lti_storage.html")]
struct StoragePage {
    c: Chrome,
    mode: &'static str,
    target: String,
    origin: String,
    key: String,
    value: String,
    next: Option<String>,
    launch: Option<(String, String)>,
    script: String,
}

/// The login page: keeps `state` in the platform's storage, then goes to `next` (the platform).
pub fn put(ctx: &Ctx, target: &str, origin: &str, state: &str, next: &str) -> HttpResponse {
    let t = StoragePage {
        c: Chrome::bare(ctx.lang, ctx.tr().t("lti-storage-title")),
        mode: "put",
        target: target.to_owned(),
        origin: origin.to_owned(),
        key: storage_key(state),
        value: state.to_owned(),
        next: Some(next.to_owned()),
        launch: None,
        script: assets::url("lti-storage.js"),
    };
    render(ctx, StatusCode::OK, &t)
}

/// The launch page: reads the state of `state`'s login from the platform's storage and posts the
/// launch again with it (`lti_storage_state`).
pub fn get(ctx: &Ctx, target: &str, origin: &str, state: &str, id_token: &str) -> HttpResponse {
    let t = StoragePage {
        c: Chrome::bare(ctx.lang, ctx.tr().t("lti-storage-title")),
        mode: "get",
        target: target.to_owned(),
        origin: origin.to_owned(),
        key: storage_key(state),
        value: String::new(),
        next: None,
        launch: Some((id_token.to_owned(), state.to_owned())),
        script: assets::url("lti-storage.js"),
    };
    render(ctx, StatusCode::OK, &t)
}
