//! The recorder: its mount on prompt and thread pages (with its words from the catalog), and the
//! JSON endpoints its module calls with the session cookie and `X-CSRF-Token`: create a post or
//! reply from a completed upload (the same domain calls as the API's), and a post's status.

use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use crosstalk_core::posts::{self, Loaded, NewPost};
use crosstalk_core::Error;
use serde::Serialize;

use crate::page::{render, secured, Chrome, Fail, MessagePage};
use crate::session::{Ctx, CSRF_HEADER};
use crate::view::video_card;

/// What the recorder partial renders.
pub struct RecorderMount {
    pub upload_url: &'static str,
    pub create_url: String,
    pub csrf: String,
    pub min_seconds: i32,
    pub max_seconds: i32,
    /// The module's words as JSON, from the catalog (`rec-*` keys).
    pub l10n: String,
    pub seconds_text: String,
}

/// The names the module looks its words up by; the catalog key is `rec-` + the name with dashes.
pub const WORDS: [&str; 40] = [
    "record",
    "stop",
    "retake",
    "send",
    "cancel",
    "preview",
    "switch_camera",
    "camera_front",
    "camera_back",
    "hide_self_view",
    "show_self_view",
    "self_view_hidden",
    "recording",
    "time_elapsed",
    "time_limit",
    "starting_camera",
    "uploading",
    "upload_paused",
    "resuming",
    "processing",
    "ready",
    "view_post",
    "rejected",
    "failed",
    "retry",
    "record_again",
    "pick_file",
    "or_pick_file",
    "no_camera",
    "permission_denied",
    "not_supported",
    "offline",
    "online",
    "too_short",
    "too_long",
    "max_reached",
    "error",
    "text_label",
    "sent",
    "progress",
];

pub fn mount(ctx: &Ctx, create_url: &str, min_seconds: i32, max_seconds: i32) -> RecorderMount {
    let tr = ctx.tr();
    let words: serde_json::Map<String, serde_json::Value> = WORDS
        .iter()
        .map(|w| {
            let key = format!("rec-{}", w.replace('_', "-"));
            let text = tr.t2(&key, ("min", min_seconds), ("max", max_seconds));
            ((*w).to_owned(), serde_json::Value::String(text))
        })
        .collect();
    RecorderMount {
        upload_url: "/v1/uploads",
        create_url: create_url.to_owned(),
        csrf: ctx.session.as_ref().map(|s| s.csrf.clone()).unwrap_or_default(),
        min_seconds,
        max_seconds,
        l10n: serde_json::Value::Object(words).to_string(),
        seconds_text: tr.t2("prompt-seconds", ("min", min_seconds), ("max", max_seconds)),
    }
}

#[derive(Serialize)]
struct Created {
    id: String,
    status_url: String,
    thread_url: String,
}

fn thread_url(l: &Loaded) -> String {
    match &l.post.root_id {
        Some(root) => format!("/threads/{root}#post-{}", l.post.id),
        None => format!("/threads/{}", l.post.id),
    }
}

fn body(bytes: &[u8]) -> Result<NewPost, Fail> {
    serde_json::from_slice(bytes).map_err(|e| {
        let code = if e.is_data() { "invalid_body" } else { "malformed_json" };
        Fail::Domain(Error::invalid(code, e.to_string()))
    })
}

fn csrf_header(req: &HttpRequest) -> Option<&str> {
    req.headers().get(CSRF_HEADER).and_then(|v| v.to_str().ok())
}

async fn create(ctx: &Ctx, req: &HttpRequest, parent: Parent<'_>, bytes: &[u8]) -> Result<HttpResponse, Fail> {
    let s = ctx.check_csrf(csrf_header(req))?;
    let input = body(bytes)?;
    ctx.rate(if matches!(parent, Parent::Prompt(_)) { "post" } else { "reply" }, s).await?;
    let m = s.member();
    let l = match parent {
        Parent::Prompt(id) => posts::create_response(&ctx.state.db, m, id, input).await?,
        Parent::Post(id) => posts::create_reply(&ctx.state.db, &s.principal, id, input).await?,
    };
    let out = Created { status_url: format!("/posts/{}/status", l.post.id), thread_url: thread_url(&l), id: l.post.id };
    Ok(secured(StatusCode::CREATED, &ctx.state).json(out))
}

enum Parent<'a> {
    Prompt(&'a str),
    Post(&'a str),
}

/// The recorder's fallback form sent without JavaScript: a page that says what is needed.
fn needs_js(ctx: &Ctx, req: &HttpRequest) -> Option<HttpResponse> {
    let ct = req.headers().get(actix_web::http::header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    if ct.starts_with("application/json") {
        return None;
    }
    let tr = ctx.tr();
    let heading = tr.t("error-refused-title");
    let t = MessagePage {
        c: Chrome::bare(ctx.lang, heading.clone()),
        heading,
        text: tr.t("rec-needs-js"),
        course_link: None,
    };
    Some(render(ctx, StatusCode::UNSUPPORTED_MEDIA_TYPE, &t))
}

/// `POST /prompts/{prompt_id}/posts` with `{upload_id, text?}` -> 201 `{id, status_url, thread_url}`.
pub async fn create_post(ctx: Ctx, req: HttpRequest, path: web::Path<String>, bytes: web::Bytes) -> HttpResponse {
    if let Some(page) = needs_js(&ctx, &req) {
        return page;
    }
    let r = create(&ctx, &req, Parent::Prompt(&path), &bytes).await;
    ctx.json_or_fail(r)
}

/// `POST /posts/{post_id}/replies` with `{upload_id, text?}` -> 201 `{id, status_url, thread_url}`.
pub async fn create_reply(ctx: Ctx, req: HttpRequest, path: web::Path<String>, bytes: web::Bytes) -> HttpResponse {
    if let Some(page) = needs_js(&ctx, &req) {
        return page;
    }
    let r = create(&ctx, &req, Parent::Post(&path), &bytes).await;
    ctx.json_or_fail(r)
}

#[derive(Serialize)]
struct Status {
    /// `queued`, `processing`, `ready`, `rejected` or `failed`.
    status: String,
    progress: i32,
    reason: Option<String>,
    /// The reason in plain words, in the page's language.
    reason_text: Option<String>,
    playback_url: Option<String>,
    poster_url: Option<String>,
    /// The post's state once processed (`visible`, or `pending` when a facilitator approves first).
    post_state: String,
    /// The post's state in words, when not published.
    state_text: Option<String>,
    thread_url: String,
}

async fn status_of(ctx: &Ctx, post_id: &str) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let (l, _) = posts::get_visible(&ctx.state.db, &s.principal, post_id).await?;
    let tr = ctx.tr();
    let v = video_card(&ctx.state, tr, &l).await?;
    let out = Status {
        reason: l.video.reason.clone().filter(|_| !v.ready),
        reason_text: v.reason_text,
        status: v.status,
        progress: v.progress,
        playback_url: v.playback_url,
        poster_url: v.poster_url,
        state_text: crate::view::state_text(tr, l.post.state),
        thread_url: thread_url(&l),
        post_state: l.post.state.as_str().to_owned(),
    };
    Ok(secured(StatusCode::OK, &ctx.state).json(out))
}

/// `GET /posts/{post_id}/status`: the video's processing status for the recorder to poll.
pub async fn status(ctx: Ctx, path: web::Path<String>) -> HttpResponse {
    let r = status_of(&ctx, &path).await;
    ctx.json_or_fail(r)
}
