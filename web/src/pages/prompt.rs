//! The prompt page: the prompt, my answer and its state, my cohort's threads (newest activity
//! first, with posters, reply counts and "new" marks, paged), and the recorder when I may answer.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::pagination::PageParams;
use crosstalk_core::visibility::{Sight, Viewer};
use crosstalk_core::{pseudonyms, threads};

use super::recorder::{mount, RecorderMount};
use crate::page::{render, Chrome, Fail};
use crate::session::Ctx;
use crate::view::{card, PostCard};

/// Threads per page on a phone.
pub const PAGE_SIZE: u64 = 20;

#[derive(Template)]
#[template(path = "prompt.html")]
pub struct PromptPage {
    pub c: Chrome,
    pub prompt_title: String,
    pub body: String,
    pub window: &'static str,
    pub window_text: String,
    pub upcoming: bool,
    pub seconds_text: String,
    pub mine: Vec<PostCard>,
    pub threads: Vec<PostCard>,
    pub next_page: Option<String>,
    pub first_page: Option<String>,
    pub recorder: Option<RecorderMount>,
    /// Flag reasons (none: my own posts are not flagged) and where the delete form comes back to.
    pub reasons: Vec<(&'static str, String)>,
    pub back: String,
}

#[derive(serde::Deserialize)]
pub struct PageQuery {
    pub cursor: Option<String>,
}

async fn build(ctx: &Ctx, prompt_id: &str, cursor: Option<String>) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let m = s.member();
    let db = &ctx.state.db;
    let st = &ctx.state;
    let tr = ctx.tr();
    let listing = threads::open(&st.listing_db, &s.principal, prompt_id).await?;
    let viewer = Viewer::of(&s.principal);
    let mut mine = Vec::new();
    for l in crosstalk_core::learner::my_answers(db, m, prompt_id).await? {
        mine.push(card(st, tr, &m.id, l, Sight::Full, false, 0).await?);
    }
    let paged = cursor.is_some();
    let page = PageParams { cursor, limit: Some(PAGE_SIZE) };
    let listed = threads::list(&st.listing_db, &viewer, &listing, &page).await?;
    let names = pseudonyms::for_viewer_in(
        db,
        &viewer,
        listing.pseudonyms,
        listed.items.iter().map(|t| t.root.post.author.id.as_str()),
    )
    .await?;
    let mut cards = Vec::with_capacity(listed.items.len());
    for mut t in listed.items {
        names.apply(&mut t.root.post.author);
        let new = t.root.new || t.replies.iter().any(|r| r.new);
        cards.push(card(st, tr, &m.id, t.root.post, t.root.sight, new, t.reply_count).await?);
    }
    let pr = listing.prompt;
    let (window, window_text) = super::course::window(tr, &pr);
    // One live answer per learner: the recorder shows until one is on its way or published.
    let answered = mine.iter().any(|c| !matches!(c.state.as_str(), "rejected" | "deleted"));
    let recorder = (window == "open" && !answered)
        .then(|| mount(ctx, &format!("/prompts/{}/posts", pr.id), pr.min_seconds, pr.max_seconds));
    let path = format!("/prompts/{}", pr.id);
    let mut c = Chrome::new(ctx, pr.title.clone(), &path);
    if recorder.is_some() {
        c = c.with_recorder();
    }
    let t = PromptPage {
        seconds_text: tr.t2("prompt-seconds", ("min", pr.min_seconds), ("max", pr.max_seconds)),
        c,
        prompt_title: pr.title,
        body: pr.body,
        upcoming: window == "upcoming",
        window,
        window_text,
        mine,
        threads: cards,
        next_page: listed.next_cursor.map(|cur| format!("{path}?cursor={cur}")),
        first_page: paged.then(|| path.clone()),
        recorder,
        reasons: Vec::new(),
        back: path,
    };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /prompts/{prompt_id}?cursor=`.
pub async fn page(ctx: Ctx, path: web::Path<String>, q: Option<web::Query<PageQuery>>) -> HttpResponse {
    let cursor = q.and_then(|q| q.into_inner().cursor);
    let r = build(&ctx, &path, cursor).await;
    ctx.page_or_fail(r)
}
