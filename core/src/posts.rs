//! Posts: a member's video response to a prompt (replies and moderation build on this), and the
//! video behind each post with its processing status.

use chrono::Utc;
use sea_orm::{
    ActiveModelTrait as _, ColumnTrait as _, DatabaseConnection, EntityTrait, QueryFilter as _, QuerySelect as _, Set,
    SqlErr, TransactionTrait as _,
};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::auth::Principal;
use crate::entities::post::PostState;
use crate::entities::{course, member, post, prompt, upload, video};
use crate::error::{Error, Result};
use crate::ids::new_id;
use crate::visibility::{Sight, Viewer};
use crate::{jobs, outbox, validate};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewPost {
    /// A completed tus upload of the caller (`/v1/uploads/{upload_id}`).
    pub upload_id: String,
    /// Optional short text shown with the video (at most 2000 characters).
    #[serde(default)]
    pub text: String,
}

/// A post with its video and author.
pub struct Loaded {
    pub post: post::Model,
    pub video: video::Model,
    pub author: member::Model,
}

/// Creates the post and its queued video and enqueues the transcode, in one transaction.
pub async fn create_response(
    db: &DatabaseConnection,
    m: &member::Model,
    prompt_id: &str,
    input: NewPost,
) -> Result<Loaded> {
    let pr = crate::prompts::find(db, prompt_id).await?;
    if pr.course_id != m.course_id {
        return Err(Error::NotFound("prompt"));
    }
    let mine = crate::cohorts::of_member(db, &m.id).await?;
    // A learner posts into their cohort; a facilitator's response is for the whole course unless
    // they lead exactly one cohort.
    let cohort = if m.role == "facilitator" && mine.len() != 1 { None } else { mine.into_iter().next().map(|c| c.id) };
    create(db, m, &pr, None, cohort, input).await
}

/// A video reply to a post the member can see, within the prompt's depth limit.
pub async fn create_reply(db: &DatabaseConnection, by: &Principal, parent_id: &str, input: NewPost) -> Result<Loaded> {
    let m = crate::access::member_only(by)?;
    let viewer = Viewer::of(by);
    let parent = find(db, parent_id).await?;
    let course = course::Entity::find_by_id(&parent.course_id).one(db).await?.ok_or(Error::NotFound("post"))?;
    if viewer.sight(&course, &parent) != crate::visibility::Sight::Full {
        return Err(Error::NotFound("post"));
    }
    if parent.state != PostState::Visible {
        return Err(Error::invalid("parent_not_visible", "you can reply only to a published post"));
    }
    let pr = crate::prompts::find(db, &parent.prompt_id).await?;
    if parent.depth + 1 > pr.max_reply_depth {
        return Err(Error::invalid(
            "reply_too_deep",
            format!("replies may nest at most {} levels under this prompt", pr.max_reply_depth),
        ));
    }
    let cohort = parent.cohort_id.clone();
    create(db, m, &pr, Some(&parent), cohort, input).await
}

pub async fn find(db: &impl sea_orm::ConnectionTrait, id: &str) -> Result<post::Model> {
    if !crate::ids::is_valid("pst", id) {
        return Err(Error::NotFound("post"));
    }
    post::Entity::find_by_id(id).one(db).await?.ok_or(Error::NotFound("post"))
}

async fn create(
    db: &DatabaseConnection,
    m: &member::Model,
    pr: &prompt::Model,
    parent: Option<&post::Model>,
    cohort_id: Option<String>,
    input: NewPost,
) -> Result<Loaded> {
    let now = Utc::now();
    if now < pr.opens_at {
        return Err(Error::invalid("prompt_not_open", "this prompt does not accept answers yet"));
    }
    if now >= pr.closes_at {
        return Err(Error::invalid("prompt_closed", "this prompt no longer accepts answers"));
    }
    if crate::moderation::is_muted(db, &m.course_id, &m.id).await? {
        return Err(Error::forbidden("muted", "a facilitator has muted you in this course"));
    }
    let text = validate::text("text", &input.text, 2000, false)?;
    let up = usable_upload(db, m, &input.upload_id).await?;
    let team_id = course::Entity::find_by_id(&m.course_id).one(db).await?.map(|c| c.team_id);

    let txn = db.begin().await?;
    let post_id = new_id("pst");
    let video_id = new_id("vid");
    let v = video::ActiveModel {
        id: Set(video_id.clone()),
        post_id: Set(post_id.clone()),
        upload_id: Set(up.id.clone()),
        course_id: Set(m.course_id.clone()),
        status: Set("queued".into()),
        progress: Set(0),
        reason: Set(None),
        duration_ms: Set(None),
        width: Set(None),
        height: Set(None),
        has_audio: Set(None),
        meta: Set(None),
        source_bytes: Set(up.length),
        output_bytes: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ready_at: Set(None),
        caption_langs: Set(String::new()),
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => {
            Error::conflict("upload_already_posted", "this upload is already posted")
        }
        _ => e.into(),
    })?;
    let p = post::ActiveModel {
        id: Set(post_id),
        course_id: Set(m.course_id.clone()),
        prompt_id: Set(pr.id.clone()),
        author_id: Set(m.id.clone()),
        parent_id: Set(parent.map(|p| p.id.clone())),
        root_id: Set(parent.map(|p| p.root_id.clone().unwrap_or_else(|| p.id.clone()))),
        depth: Set(parent.map_or(0, |p| p.depth + 1)),
        text: Set(text),
        state: Set(PostState::Processing),
        video_id: Set(video_id.clone()),
        created_at: Set(now),
        updated_at: Set(now),
        last_activity_at: Set(now),
        cohort_id: Set(cohort_id),
        open_flags: Set(0),
        moderation_reason: Set(None),
        moderated_at: Set(None),
        queued_at: Set(None),
        reply_count: Set(0),
    }
    .insert(&txn)
    .await?;
    jobs::enqueue(&txn, jobs::KIND_TRANSCODE, &serde_json::json!({ "video_id": video_id }), team_id.as_deref()).await?;
    if let Some(team_id) = &team_id {
        outbox::emit(
            &txn,
            outbox::NewEvent {
                team_id,
                course_id: Some(&p.course_id),
                kind: outbox::POST_CREATED,
                subject_id: Some(&p.id),
                data: serde_json::json!({
                    "post_id": p.id,
                    "course_id": p.course_id,
                    "prompt_id": p.prompt_id,
                    "parent_id": p.parent_id,
                    "root_id": p.root_id,
                    "cohort_id": p.cohort_id,
                    "author": { "id": m.id, "external_id": m.external_id, "role": m.role },
                    "text": p.text,
                    "video_id": p.video_id,
                    "created_at": p.created_at,
                }),
            },
        )
        .await?;
    }
    txn.commit().await?;
    jobs::wake();
    Ok(Loaded { post: p, video: v, author: m.clone() })
}

async fn usable_upload(db: &DatabaseConnection, m: &member::Model, upload_id: &str) -> Result<upload::Model> {
    let up = crate::uploads::get_own(db, &m.id, upload_id).await.map_err(|e| match e {
        Error::NotFound(_) => Error::invalid("unknown_upload", "upload_id is not an upload of yours"),
        e => e,
    })?;
    if up.state != "complete" {
        return Err(Error::invalid(
            "upload_incomplete",
            format!("the upload has {} of {} bytes; finish it first", up.offset, up.length),
        ));
    }
    if up.length == 0 {
        return Err(Error::invalid("upload_empty", "the upload is empty"));
    }
    Ok(up)
}

/// Loads a post if the caller may see it (see [`crate::visibility`]); otherwise "not found".
pub async fn get_visible(db: &DatabaseConnection, p: &Principal, post_id: &str) -> Result<(Loaded, Sight)> {
    let post = find(db, post_id).await?;
    let course = course::Entity::find_by_id(&post.course_id).one(db).await?.ok_or(Error::NotFound("post"))?;
    let sight = Viewer::of(p).sight(&course, &post);
    if sight == Sight::None {
        return Err(Error::NotFound("post"));
    }
    Ok((load(db, post).await?, sight))
}

pub async fn load(db: &DatabaseConnection, post: post::Model) -> Result<Loaded> {
    let video = video::Entity::find_by_id(&post.video_id).one(db).await?.ok_or(Error::NotFound("post"))?;
    let author = member::Entity::find_by_id(&post.author_id).one(db).await?.ok_or(Error::NotFound("post"))?;
    Ok(Loaded { post, video, author })
}

/// A row of [`crate::listing::all_with_media`] as a [`Loaded`] post, when its video and author exist.
pub fn loaded((post, video, author): (post::Model, Option<video::Model>, Option<member::Model>)) -> Option<Loaded> {
    Some(Loaded { post, video: video?, author: author? })
}

/// The prompt of a post, for the worker's limits.
pub async fn prompt_of(db: &DatabaseConnection, post: &post::Model) -> Result<prompt::Model> {
    crate::prompts::find(db, &post.prompt_id).await
}

/// Object keys of a video's outputs: deterministic, so a retried job overwrites rather than duplicates.
pub fn output_key(video_id: &str, file: &str) -> String {
    format!("videos/{video_id}/{file}")
}

pub const OUTPUT_FILES: [(&str, &str); 4] = [
    ("video.mp4", "video/mp4"),
    ("poster.jpg", "image/jpeg"),
    ("poster.webp", "image/webp"),
    ("thumb.jpg", "image/jpeg"),
];

/// Updates the progress of a processing video (0..=100).
pub async fn set_progress(db: &DatabaseConnection, video_id: &str, progress: i32) -> Result<()> {
    video::Entity::update_many()
        .col_expr(video::Column::Progress, progress.clamp(0, 100).into())
        .col_expr(video::Column::UpdatedAt, Utc::now().into())
        .filter(video::Column::Id.eq(video_id))
        .filter(video::Column::Status.eq("processing"))
        .exec(db)
        .await?;
    Ok(())
}

pub async fn set_processing(db: &DatabaseConnection, video_id: &str) -> Result<()> {
    video::Entity::update_many()
        .col_expr(video::Column::Status, "processing".into())
        .col_expr(video::Column::UpdatedAt, Utc::now().into())
        .filter(video::Column::Id.eq(video_id))
        .filter(video::Column::Status.is_in(["queued", "processing"]))
        .exec(db)
        .await?;
    Ok(())
}

/// Video outputs as the worker reports them.
pub struct Ready {
    pub duration_ms: i64,
    pub width: i32,
    pub height: i32,
    pub has_audio: bool,
    pub output_bytes: i64,
    pub meta: String,
}

/// Publishes a ready video and finishes its job in one transaction; `false` (and nothing
/// published) if this worker no longer owns the job.
pub async fn publish_ready(
    db: &DatabaseConnection,
    video_id: &str,
    job_id: &str,
    owner: &str,
    r: Ready,
) -> Result<bool> {
    let txn = db.begin().await?;
    if !jobs::complete(&txn, job_id, owner).await? {
        return Ok(false);
    }
    let now = Utc::now();
    let v = video::Entity::find_by_id(video_id).one(&txn).await?.ok_or(Error::NotFound("video"))?;
    let post_id = v.post_id.clone();
    let mut am: video::ActiveModel = v.into();
    am.status = Set("ready".into());
    am.progress = Set(100);
    am.reason = Set(None);
    am.duration_ms = Set(Some(r.duration_ms));
    am.width = Set(Some(r.width));
    am.height = Set(Some(r.height));
    am.has_audio = Set(Some(r.has_audio));
    am.output_bytes = Set(Some(r.output_bytes));
    am.meta = Set(Some(r.meta));
    am.updated_at = Set(now);
    am.ready_at = Set(Some(now));
    let v = am.update(&txn).await?;
    if let Some(p) = post::Entity::find_by_id(post_id).one(&txn).await?.filter(|p| p.state == PostState::Processing) {
        let pending = crate::moderation::needs_approval(&txn, &p).await?;
        let mut am: post::ActiveModel = p.clone().into();
        am.state = Set(if pending { PostState::Pending } else { PostState::Visible });
        am.queued_at = Set(pending.then_some(now));
        am.updated_at = Set(now);
        let p = am.update(&txn).await?;
        if !pending {
            crate::threads::on_published(&txn, &p, now).await?;
            emit_reply_published(&txn, &p).await?;
        }
        emit_video_event(&txn, &p, &v, outbox::VIDEO_READY, None).await?;
    }
    txn.commit().await?;
    jobs::wake();
    Ok(true)
}

/// Marks the video refused (bad input: no retry) and finishes the job, in one transaction.
/// Why the worker refused a video, and the prompt's limits it checked the video against (the
/// learner's mail names the one that was crossed).
#[derive(Debug, Clone, Copy)]
pub struct Rejected<'a> {
    pub reason: &'a str,
    pub min_seconds: i32,
    pub max_seconds: i32,
}

pub async fn publish_rejected(
    db: &DatabaseConnection,
    video_id: &str,
    job_id: &str,
    owner: &str,
    rejected: Rejected<'_>,
) -> Result<bool> {
    let reason = rejected.reason;
    let txn = db.begin().await?;
    if !jobs::complete(&txn, job_id, owner).await? {
        return Ok(false);
    }
    let now = Utc::now();
    let v = video::Entity::find_by_id(video_id).one(&txn).await?.ok_or(Error::NotFound("video"))?;
    let post_id = v.post_id.clone();
    let mut am: video::ActiveModel = v.into();
    am.status = Set("rejected".into());
    am.reason = Set(Some(reason.to_owned()));
    am.updated_at = Set(now);
    let v = am.update(&txn).await?;
    post::Entity::update_many()
        .col_expr(post::Column::State, PostState::Rejected.as_str().into())
        .col_expr(post::Column::UpdatedAt, now.into())
        .filter(post::Column::Id.eq(&post_id))
        .exec(&txn)
        .await?;
    if let Some(p) = post::Entity::find_by_id(post_id).one(&txn).await? {
        emit_video_event(&txn, &p, &v, outbox::VIDEO_REJECTED, Some(rejected)).await?;
    }
    txn.commit().await?;
    jobs::wake();
    Ok(true)
}

/// `video.ready` / `video.rejected` for the post's author and the team.
async fn emit_video_event(
    conn: &impl sea_orm::ConnectionTrait,
    p: &post::Model,
    v: &video::Model,
    kind: &'static str,
    rejected: Option<Rejected<'_>>,
) -> Result<()> {
    let Some(c) = course::Entity::find_by_id(&p.course_id).one(conn).await? else { return Ok(()) };
    let author = member::Entity::find_by_id(&p.author_id).one(conn).await?;
    outbox::emit(
        conn,
        outbox::NewEvent {
            team_id: &c.team_id,
            course_id: Some(&c.id),
            kind,
            subject_id: Some(&p.id),
            data: serde_json::json!({
                "post_id": p.id,
                "video_id": v.id,
                "course_id": p.course_id,
                "prompt_id": p.prompt_id,
                "parent_id": p.parent_id,
                "cohort_id": p.cohort_id,
                "author": author.map(|a| serde_json::json!({ "id": a.id, "external_id": a.external_id })),
                "post_state": p.state,
                "status": v.status,
                "reason": rejected.map(|r| r.reason),
                "min_seconds": rejected.map(|r| r.min_seconds),
                "max_seconds": rejected.map(|r| r.max_seconds),
                "duration_ms": v.duration_ms,
                "width": v.width,
                "height": v.height,
            }),
        },
    )
    .await?;
    Ok(())
}

/// A reply became visible: its parent's author hears of it (once per reply, however often it
/// is hidden and restored: the delivery is keyed by the reply).
pub async fn emit_reply_published(conn: &impl sea_orm::ConnectionTrait, p: &post::Model) -> Result<()> {
    let Some(parent_id) = &p.parent_id else { return Ok(()) };
    let Some(parent) = post::Entity::find_by_id(parent_id).one(conn).await? else { return Ok(()) };
    if parent.author_id == p.author_id {
        return Ok(());
    }
    let Some(c) = course::Entity::find_by_id(&p.course_id).one(conn).await? else { return Ok(()) };
    outbox::emit(
        conn,
        outbox::NewEvent {
            team_id: &c.team_id,
            course_id: Some(&c.id),
            kind: outbox::REPLY_PUBLISHED,
            subject_id: Some(&p.id),
            data: serde_json::json!({
                "post_id": p.id,
                "parent_id": parent.id,
                "parent_author_id": parent.author_id,
                "author_id": p.author_id,
                "prompt_id": p.prompt_id,
            }),
        },
    )
    .await?;
    Ok(())
}

/// Marks a video failed after its job died (our fault, not the learner's).
pub async fn mark_failed(db: &DatabaseConnection, video_id: &str) -> Result<()> {
    video::Entity::update_many()
        .col_expr(video::Column::Status, "failed".into())
        .col_expr(video::Column::Reason, Some("internal_error".to_owned()).into())
        .col_expr(video::Column::UpdatedAt, Utc::now().into())
        .filter(video::Column::Id.eq(video_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Marks failed the videos still queued or processing whose transcode job is dead: the worker
/// of its last attempt could not record the failure, or every worker running it died. Only jobs
/// that died in the last week are looked at (the worker's clean-up runs every few minutes).
pub async fn fail_videos_of_dead_jobs(db: &DatabaseConnection, limit: u64) -> Result<u64> {
    use sea_orm::QueryOrder as _;
    let dead = crate::entities::job::Entity::find()
        .filter(crate::entities::job::Column::State.eq("dead"))
        .filter(crate::entities::job::Column::Kind.eq(jobs::KIND_TRANSCODE))
        .filter(crate::entities::job::Column::UpdatedAt.gt(Utc::now() - chrono::Duration::days(7)))
        .order_by_desc(crate::entities::job::Column::UpdatedAt)
        .limit(limit)
        .all(db)
        .await?;
    let ids: Vec<String> = dead
        .iter()
        .filter_map(|j| serde_json::from_str::<serde_json::Value>(&j.payload).ok())
        .filter_map(|p| p.get("video_id").and_then(|v| v.as_str()).map(str::to_owned))
        .collect();
    if ids.is_empty() {
        return Ok(0);
    }
    let r = video::Entity::update_many()
        .col_expr(video::Column::Status, "failed".into())
        .col_expr(video::Column::Reason, Some("internal_error".to_owned()).into())
        .col_expr(video::Column::UpdatedAt, Utc::now().into())
        .filter(video::Column::Id.is_in(ids))
        .filter(video::Column::Status.is_in(["queued", "processing"]))
        .exec(db)
        .await?;
    Ok(r.rows_affected)
}

/// Puts a failed video back to queued (its job is being retried by the team).
pub async fn requeue(db: &DatabaseConnection, video_id: &str) -> Result<()> {
    video::Entity::update_many()
        .col_expr(video::Column::Status, "queued".into())
        .col_expr(video::Column::Reason, Option::<String>::None.into())
        .col_expr(video::Column::Progress, 0.into())
        .filter(video::Column::Id.eq(video_id))
        .filter(video::Column::Status.eq("failed"))
        .exec(db)
        .await?;
    Ok(())
}

/// Videos of posts their authors deleted whose objects are still stored.
pub async fn deleted_videos(db: &DatabaseConnection, limit: u64) -> Result<Vec<video::Model>> {
    use sea_orm::QuerySelect as _;
    let ids: Vec<String> = post::Entity::find()
        .select_only()
        .column(post::Column::VideoId)
        .filter(post::Column::State.eq(PostState::Deleted))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(video::Entity::find()
        .filter(video::Column::Id.is_in(ids))
        .filter(video::Column::Status.ne("purged"))
        .limit(limit)
        .all(db)
        .await?)
}

/// Records that a deleted post's video objects are gone.
pub async fn mark_purged(db: &DatabaseConnection, video_id: &str) -> Result<()> {
    video::Entity::update_many()
        .col_expr(video::Column::Status, "purged".into())
        .col_expr(video::Column::UpdatedAt, Utc::now().into())
        .filter(video::Column::Id.eq(video_id))
        .exec(db)
        .await?;
    Ok(())
}
