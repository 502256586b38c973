//! Posts: a member answers a prompt with a completed upload; everyone allowed reads it back with
//! its video's status and, once ready, signed playback URLs.

use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use crosstalk_core::entities::post::PostState;
use crosstalk_core::pagination::PageParams;
use crosstalk_core::posts::{self, Loaded, NewPost};
use crosstalk_core::visibility::{Sight, Viewer};
use crosstalk_core::{access, pseudonyms};
use serde::Serialize;

use crate::error::{ApiResult, Problem};
use crate::extract::Caller;
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Author {
    pub id: String,
    /// The roster name; for a learner looking at other learners in a course that uses
    /// pseudonyms, the pseudonym they chose (when they chose one).
    pub display_name: String,
    pub country: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct VideoView {
    pub id: String,
    /// `queued`, `processing`, `ready`, `rejected` (bad input) or `failed` (our side; being looked at).
    pub status: String,
    /// 0..=100 while processing.
    pub progress: i32,
    /// Why the video was refused: `not_a_video`, `unsupported_container`, `no_video_stream`,
    /// `too_short`, `too_long`, `too_large`, `too_small`, `corrupt`, `timeout` (or `internal_error` when failed).
    pub reason: Option<String>,
    /// The reason in plain words for the learner, in their roster locale (English for teams).
    pub reason_text: Option<String>,
    /// Short-lived signed URLs, present when ready.
    pub playback_url: Option<String>,
    pub poster_url: Option<String>,
    pub poster_webp_url: Option<String>,
    pub thumbnail_url: Option<String>,
    pub duration_ms: Option<i64>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub has_audio: Option<bool>,
    /// WebVTT captions by language, each with a short-lived signed URL (`text/vtt`).
    pub captions: Vec<TrackView>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrackView {
    /// Lowercase language tag, for `<track srclang>`.
    pub lang: String,
    pub url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PostView {
    pub id: String,
    pub course_id: String,
    pub prompt_id: String,
    pub parent_id: Option<String>,
    pub author: Author,
    pub text: String,
    pub depth: i32,
    /// `processing`, `pending`, `visible`, `hidden`, `removed`, `deleted`, `rejected`.
    pub state: String,
    /// Deleted by its author: text and video are gone, replies stay.
    pub deleted: bool,
    /// The last moderation decision's statement of reasons (author, facilitators and team only).
    pub moderation_reason: Option<String>,
    /// Open flags (facilitators and team only).
    pub open_flags: Option<i32>,
    pub created_at: DateTime<Utc>,
    /// Absent on tombstones.
    pub video: Option<VideoView>,
}

/// Plain words for a rejection code, from the pages' message catalog in the viewer's roster
/// locale (teams: English).
pub fn reason_text(viewer: &Viewer, code: &str) -> String {
    let lang = crosstalk_web::i18n::Lang::negotiate(None, viewer.member().map(|m| m.locale.as_str()), None);
    crosstalk_web::view::reason_text(lang.tr(), code)
}

/// Who is looking, for the parts of a post that depend on it.
#[derive(Clone, Copy)]
pub struct Lens<'a> {
    pub viewer: &'a Viewer,
    pub sight: Sight,
}

pub async fn view(state: &AppState, l: Loaded, lens: Lens<'_>) -> ApiResult<PostView> {
    let moderator = matches!(lens.viewer, Viewer::Team { .. } | Viewer::Facilitator { .. });
    let author = lens.viewer.member().is_some_and(|m| m.id == l.post.author_id);
    let tomb = lens.sight == Sight::Tombstone;
    let v = l.video;
    let ready = v.status == "ready";
    let url = |file: &str| {
        let key = posts::output_key(&v.id, file);
        async move { crate::media::url(state, &key).await }
    };
    let (playback_url, poster_url, poster_webp_url, thumbnail_url) = if ready && !tomb {
        (
            Some(url("video.mp4").await?),
            Some(url("poster.jpg").await?),
            Some(url("poster.webp").await?),
            Some(url("thumb.jpg").await?),
        )
    } else {
        (None, None, None, None)
    };
    let mut captions = Vec::new();
    if !tomb {
        for lang in crosstalk_core::captions::langs(&v) {
            let url = crate::media::url(state, &crosstalk_core::captions::key(&v.id, lang)).await?;
            captions.push(TrackView { lang: lang.to_owned(), url });
        }
    }
    Ok(PostView {
        id: l.post.id,
        course_id: l.post.course_id,
        prompt_id: l.post.prompt_id,
        parent_id: l.post.parent_id,
        author: Author { id: l.author.id, display_name: l.author.display_name, country: l.author.country },
        text: if tomb { String::new() } else { l.post.text },
        depth: l.post.depth,
        deleted: l.post.state == PostState::Deleted,
        state: l.post.state.as_str().to_owned(),
        moderation_reason: if moderator || author { l.post.moderation_reason } else { None },
        open_flags: moderator.then_some(l.post.open_flags),
        created_at: l.post.created_at,
        video: (!tomb).then_some(VideoView {
            reason_text: v.reason.as_deref().map(|r| reason_text(lens.viewer, r)),
            id: v.id,
            status: v.status,
            progress: v.progress,
            reason: v.reason,
            playback_url,
            poster_url,
            poster_webp_url,
            thumbnail_url,
            duration_ms: v.duration_ms,
            width: v.width,
            height: v.height,
            has_audio: v.has_audio,
            captions,
        }),
    })
}

/// Answers a prompt with a completed upload: the video is queued for processing.
#[utoipa::path(post, operation_id = "createPost", path = "/v1/prompts/{prompt_id}/posts", tag = "posts", request_body = NewPost,
    params(("prompt_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = PostView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn create(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<NewPost>,
) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    crate::limits::rate(&state, crate::limits::Action::Post, &p).await?;
    let loaded = posts::create_response(&state.db, m, &path, body.into_inner()).await?;
    let viewer = Viewer::of(&p);
    Ok(HttpResponse::Created().json(view(&state, loaded, Lens { viewer: &viewer, sight: Sight::Full }).await?))
}

/// A video reply to a post (within the prompt's reply depth and window).
#[utoipa::path(post, operation_id = "replyToPost", path = "/v1/posts/{post_id}/replies", tag = "posts", request_body = NewPost,
    params(("post_id" = String, Path), ("Idempotency-Key" = Option<String>, Header, description = "Replays the first response for a retried request")),
    security(("bearer" = [])),
    responses((status = 201, body = PostView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn reply(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    body: web::Json<NewPost>,
) -> ApiResult<HttpResponse> {
    crosstalk_core::access::member_only(&p)?;
    crate::limits::rate(&state, crate::limits::Action::Reply, &p).await?;
    let loaded = posts::create_reply(&state.db, &p, &path, body.into_inner()).await?;
    let viewer = Viewer::of(&p);
    Ok(HttpResponse::Created().json(view(&state, loaded, Lens { viewer: &viewer, sight: Sight::Full }).await?))
}

/// The author deletes their post; a tombstone keeps the thread readable.
#[utoipa::path(delete, operation_id = "deletePost", path = "/v1/posts/{post_id}", tag = "posts", params(("post_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 204, description = "Deleted"), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn delete(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    crosstalk_core::moderation::delete_own(&state.db, &p, &path).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ThreadView {
    #[serde(flatten)]
    pub post: PostView,
    /// Published replies in the whole thread.
    pub reply_count: i32,
    /// The first replies the caller may see, oldest first.
    pub replies: Vec<PostView>,
    /// Activity since the caller last listed this prompt.
    pub new: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ThreadPage {
    pub items: Vec<ThreadView>,
    pub next_cursor: Option<String>,
}

/// The threads of a prompt the caller may see, newest activity first.
#[utoipa::path(get, operation_id = "listPosts", path = "/v1/prompts/{prompt_id}/posts", tag = "posts", params(("prompt_id" = String, Path), PageParams),
    security(("bearer" = [])),
    responses((status = 200, body = ThreadPage), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn list(
    state: web::Data<AppState>,
    Caller(p): Caller,
    path: web::Path<String>,
    q: web::Query<PageParams>,
) -> ApiResult<HttpResponse> {
    let listing = crosstalk_core::threads::open(&state.listing_db, &p, &path).await?;
    let viewer = Viewer::of(&p);
    let threads = crosstalk_core::threads::list(&state.listing_db, &viewer, &listing, &q).await?;
    let authors = threads.items.iter().flat_map(|t| {
        std::iter::once(t.root.post.author.id.as_str()).chain(t.replies.iter().map(|r| r.post.author.id.as_str()))
    });
    let names = pseudonyms::for_viewer_in(&state.db, &viewer, listing.pseudonyms, authors).await?;
    let mut items = Vec::with_capacity(threads.items.len());
    for mut t in threads.items {
        let any_new_reply = t.replies.iter().any(|r| r.new);
        let mut replies = Vec::with_capacity(t.replies.len());
        for mut r in t.replies {
            names.apply(&mut r.post.author);
            replies.push(view(&state, r.post, Lens { viewer: &viewer, sight: r.sight }).await?);
        }
        names.apply(&mut t.root.post.author);
        let post = view(&state, t.root.post, Lens { viewer: &viewer, sight: t.root.sight }).await?;
        items.push(ThreadView { post, reply_count: t.reply_count, replies, new: t.root.new || any_new_reply });
    }
    Ok(HttpResponse::Ok().json(ThreadPage { items, next_cursor: threads.next_cursor }))
}

/// A post and its video as the caller may see it.
#[utoipa::path(get, operation_id = "getPost", path = "/v1/posts/{post_id}", tag = "posts", params(("post_id" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PostView), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn get(state: web::Data<AppState>, Caller(p): Caller, path: web::Path<String>) -> ApiResult<HttpResponse> {
    let (mut loaded, sight) = posts::get_visible(&state.db, &p, &path).await?;
    let viewer = Viewer::of(&p);
    pseudonyms::for_viewer(&state.db, &viewer, [loaded.author.id.as_str()]).await?.apply(&mut loaded.author);
    Ok(HttpResponse::Ok().json(view(&state, loaded, Lens { viewer: &viewer, sight }).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OwnPostPage {
    pub items: Vec<PostView>,
    pub next_cursor: Option<String>,
}

/// The caller's own posts, newest first, with their states and any statements of reasons.
#[utoipa::path(get, operation_id = "listMyPosts", path = "/v1/me/posts", tag = "posts", params(PageParams), security(("bearer" = [])),
    responses((status = 200, body = OwnPostPage), (status = "4XX", body = Problem, content_type = "application/problem+json", description = "problem+json")))]
pub async fn mine(state: web::Data<AppState>, Caller(p): Caller, q: web::Query<PageParams>) -> ApiResult<HttpResponse> {
    let m = access::member_only(&p)?;
    let viewer = Viewer::of(&p);
    let (rows, next_cursor) = crosstalk_core::moderation::own_posts(&state.db, m, &q).await?;
    let mut items = Vec::with_capacity(rows.len());
    for r in rows {
        let sight = if r.state == PostState::Deleted { Sight::Tombstone } else { Sight::Full };
        let loaded = posts::load(&state.db, r).await?;
        items.push(view(&state, loaded, Lens { viewer: &viewer, sight }).await?);
    }
    Ok(HttpResponse::Ok().json(OwnPostPage { items, next_cursor }))
}
