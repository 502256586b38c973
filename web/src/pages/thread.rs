//! The thread page: an answer and its replies, videos inline (poster first, `playsinline`, a
//! subtitle track per caption language and the list of those languages), flag and delete forms,
//! and the recorder for a video reply. Learners see each other's pseudonyms when the course uses them.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::entities::post::PostState;
use crosstalk_core::visibility::{Sight, Viewer};
use crosstalk_core::{learner, posts, prompts, pseudonyms};

use super::recorder::{mount, RecorderMount};
use crate::page::{render, see_other, Chrome, Fail};
use crate::session::Ctx;
use crate::view::{card, flag_reasons, PostCard};

#[derive(Template)]
#[template(path = "thread.html")]
pub struct ThreadPage {
    pub c: Chrome,
    pub prompt_id: String,
    pub prompt_title: String,
    pub root: PostCard,
    pub replies: Vec<PostCard>,
    pub recorder: Option<RecorderMount>,
    pub reasons: Vec<(&'static str, String)>,
    /// Where flag and delete forms come back to.
    pub back: String,
}

async fn build(ctx: &Ctx, post_id: &str) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let m = s.member();
    let db = &ctx.state.db;
    let (mut root, sight) = posts::get_visible(db, &s.principal, post_id).await?;
    if let Some(root_id) = &root.post.root_id {
        return Ok(see_other(&ctx.state, &format!("/threads/{root_id}#post-{}", root.post.id)));
    }
    let tr = ctx.tr();
    let viewer = Viewer::of(&s.principal);
    let pr = prompts::find(db, &root.post.prompt_id).await?;
    let mut replies = learner::thread_replies(db, &viewer, &root.post.id).await?;
    let authors = std::iter::once(root.author.id.as_str()).chain(replies.iter().map(|r| r.author.id.as_str()));
    let names = pseudonyms::for_viewer(db, &viewer, authors).await?;
    names.apply(&mut root.author);
    replies.iter_mut().for_each(|r| names.apply(&mut r.author));
    let may_reply = sight == Sight::Full
        && root.post.state == PostState::Visible
        && pr.max_reply_depth >= 1
        && super::course::window(tr, &pr).0 == "open";
    let reply_count = root.post.reply_count;
    let root_id = root.post.id.clone();
    let root = card(&ctx.state, tr, &m.id, root, sight, false, reply_count).await?;
    let mut cards = Vec::with_capacity(replies.len());
    for r in replies {
        let sight = if r.post.state == PostState::Deleted { Sight::Tombstone } else { Sight::Full };
        cards.push(card(&ctx.state, tr, &m.id, r, sight, false, 0).await?);
    }
    let recorder = may_reply.then(|| mount(ctx, &format!("/posts/{root_id}/replies"), pr.min_seconds, pr.max_seconds));
    let back = format!("/threads/{root_id}");
    let title = if root.tombstone { tr.t("post-deleted") } else { tr.t1("thread-title", "name", root.author.clone()) };
    let mut c = Chrome::new(ctx, title, &back);
    if recorder.is_some() {
        c = c.with_recorder();
    }
    let t = ThreadPage {
        c,
        prompt_id: pr.id,
        prompt_title: pr.title,
        root,
        replies: cards,
        recorder,
        reasons: flag_reasons(tr),
        back,
    };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /threads/{post_id}`; a reply's id leads to its thread.
pub async fn page(ctx: Ctx, path: web::Path<String>) -> HttpResponse {
    let r = build(&ctx, &path).await;
    ctx.page_or_fail(r)
}
