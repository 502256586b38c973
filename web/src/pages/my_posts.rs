//! My posts: every answer and reply I made, with its state, the reason a video was refused in
//! plain words, and a facilitator's statement of reasons; then my data: download my videos,
//! choose the name others see (when the course allows), delete my account in this course.

use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use askama::Template;
use crosstalk_core::entities::post::PostState;
use crosstalk_core::moderation;
use crosstalk_core::pagination::PageParams;
use crosstalk_core::visibility::Sight;

use crate::page::{render, Chrome, Fail};
use crate::session::Ctx;
use crate::view::{card, PostCard};

#[derive(Template)]
#[template(path = "my_posts.html")]
pub struct MyPostsPage {
    pub c: Chrome,
    pub posts: Vec<PostCard>,
    pub next_page: Option<String>,
    pub reasons: Vec<(&'static str, String)>,
    pub back: String,
    /// The course lets learners choose the name others see (a link to that page).
    pub may_choose_name: bool,
}

#[derive(serde::Deserialize)]
pub struct Query {
    pub course: Option<String>,
    pub cursor: Option<String>,
}

async fn build(ctx: &Ctx, q: Query) -> Result<HttpResponse, Fail> {
    let s = ctx.signed_in()?;
    let m = s.member();
    if q.course.as_deref().is_some_and(|c| c != m.course_id) {
        return Err(Fail::NotFound);
    }
    let tr = ctx.tr();
    let page = PageParams { cursor: q.cursor, limit: Some(super::prompt::PAGE_SIZE) };
    let (rows, next) = moderation::own_posts(&ctx.state.db, m, &page).await?;
    let mut posts = Vec::with_capacity(rows.len());
    for p in rows {
        let sight = if p.state == PostState::Deleted { Sight::Tombstone } else { Sight::Full };
        let l = crosstalk_core::posts::load(&ctx.state.db, p).await?;
        posts.push(card(&ctx.state, tr, &m.id, l, sight, false, 0).await?);
    }
    let back = format!("/me/posts?course={}", m.course_id);
    let may_choose_name = m.role == "learner"
        && crosstalk_core::pseudonyms::setting(&ctx.state.db, &m.course_id).await?.learner_pseudonyms;
    let t = MyPostsPage {
        c: Chrome::new(ctx, tr.t("my-posts-title"), "/me/posts"),
        next_page: next.map(|cur| format!("{back}&cursor={cur}")),
        posts,
        reasons: Vec::new(),
        back,
        may_choose_name,
    };
    Ok(render(ctx, StatusCode::OK, &t))
}

/// `GET /me/posts?course=`.
pub async fn page(ctx: Ctx, q: Option<web::Query<Query>>) -> HttpResponse {
    let q = q.map_or(Query { course: None, cursor: None }, web::Query::into_inner);
    let r = build(&ctx, q).await;
    ctx.page_or_fail(r)
}
