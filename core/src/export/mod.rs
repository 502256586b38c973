//! Exports: a member's own posts (`GET /v1/me/export`, streamed) and a whole course (a job whose
//! zip goes to the store). Both are a list of [`Entry`]s, every video (MP4), poster and caption
//! (VTT) byte for byte from the store, plus `index.json` and `index.html` naming them with the
//! prompts, texts, replies received (repliers' display names only) and moderation statements.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait as _, DatabaseConnection, EntityTrait as _, QueryFilter as _, QueryOrder as _};
use serde::Serialize;

use crate::entities::post::PostState;
use crate::entities::{audit_entry, caption, course, member, post, prompt, video};
use crate::error::Result;

mod html;
pub mod jobs;
pub mod zip;

pub use zip::{Entry, Source};

/// What the index says of one post.
#[derive(Debug, Clone, Serialize)]
pub struct PostEntry {
    pub id: String,
    pub prompt_id: String,
    pub prompt_title: String,
    pub prompt_body: String,
    pub parent_id: Option<String>,
    /// Display name of the author (course exports; a member's own export names them once at the top).
    pub author: Option<String>,
    pub text: String,
    pub state: String,
    pub created_at: DateTime<Utc>,
    /// Paths inside the zip: `video`, `poster`, `captions/{lang}`.
    pub files: BTreeMap<String, String>,
    pub replies_received: Vec<ReplyEntry>,
    pub moderation: Vec<Statement>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReplyEntry {
    pub post_id: String,
    /// The replier's display name, nothing else about them.
    pub from: String,
    pub text: String,
    pub created_at: DateTime<Utc>,
}

/// A moderation decision on the post, with its statement of reasons.
#[derive(Debug, Clone, Serialize)]
pub struct Statement {
    pub action: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

/// `index.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Index {
    pub course_id: String,
    pub course_title: String,
    /// The member whose export this is (absent for a course export).
    pub member: Option<String>,
    pub exported_at: DateTime<Utc>,
    pub posts: Vec<PostEntry>,
}

/// An export ready to write: the index and every file of the zip, in order.
#[derive(Debug, Clone)]
pub struct Manifest {
    pub index: Index,
    pub entries: Vec<Entry>,
}

/// The export of everything `m` posted in their course.
pub async fn member_manifest(db: &DatabaseConnection, m: &member::Model) -> Result<Manifest> {
    let c = course::Entity::find_by_id(&m.course_id).one(db).await?.ok_or(crate::Error::NotFound("course"))?;
    let posts = post::Entity::find()
        .filter(post::Column::AuthorId.eq(&m.id))
        .filter(post::Column::State.ne(PostState::Deleted))
        .order_by_asc(post::Column::CreatedAt)
        .order_by_asc(post::Column::Id)
        .all(db)
        .await?;
    build(db, &c, Some(m), posts).await
}

/// The export of a whole course (every post not deleted by its author).
pub async fn course_manifest(db: &DatabaseConnection, c: &course::Model) -> Result<Manifest> {
    let posts = post::Entity::find()
        .filter(post::Column::CourseId.eq(&c.id))
        .filter(post::Column::State.ne(PostState::Deleted))
        .order_by_asc(post::Column::CreatedAt)
        .order_by_asc(post::Column::Id)
        .all(db)
        .await?;
    build(db, c, None, posts).await
}

async fn build(
    db: &DatabaseConnection,
    c: &course::Model,
    owner: Option<&member::Model>,
    posts: Vec<post::Model>,
) -> Result<Manifest> {
    let ids: Vec<String> = posts.iter().map(|p| p.id.clone()).collect();
    let mut videos: HashMap<String, video::Model> = HashMap::new();
    let mut prompts: HashMap<String, prompt::Model> = HashMap::new();
    let mut captions: HashMap<String, Vec<caption::Model>> = HashMap::new();
    let mut replies: HashMap<String, Vec<post::Model>> = HashMap::new();
    let mut statements: HashMap<String, Vec<audit_entry::Model>> = HashMap::new();
    let mut names: HashMap<String, String> = HashMap::new();
    // In chunks: a course has thousands of posts and `IN (...)` lists have limits.
    for chunk in ids.chunks(500) {
        let vids: Vec<&str> = posts.iter().filter(|p| chunk.contains(&p.id)).map(|p| p.video_id.as_str()).collect();
        for v in video::Entity::find().filter(video::Column::Id.is_in(vids)).all(db).await? {
            videos.insert(v.post_id.clone(), v);
        }
        for cap in caption::Entity::find()
            .filter(caption::Column::PostId.is_in(chunk.to_vec()))
            .order_by_asc(caption::Column::Lang)
            .all(db)
            .await?
        {
            captions.entry(cap.post_id.clone()).or_default().push(cap);
        }
        for r in post::Entity::find()
            .filter(post::Column::ParentId.is_in(chunk.to_vec()))
            .filter(post::Column::State.eq(PostState::Visible))
            .order_by_asc(post::Column::CreatedAt)
            .all(db)
            .await?
        {
            if let Some(parent) = r.parent_id.clone() {
                replies.entry(parent).or_default().push(r);
            }
        }
        for a in audit_entry::Entity::find()
            .filter(audit_entry::Column::PostId.is_in(chunk.to_vec()))
            .filter(audit_entry::Column::Action.is_in(["approve", "hide", "remove", "restore"]))
            .order_by_asc(audit_entry::Column::CreatedAt)
            .all(db)
            .await?
        {
            if let Some(pid) = a.post_id.clone() {
                statements.entry(pid).or_default().push(a);
            }
        }
    }
    let prompt_ids: Vec<&str> = posts.iter().map(|p| p.prompt_id.as_str()).collect();
    for chunk in prompt_ids.chunks(500) {
        for pr in prompt::Entity::find().filter(prompt::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            prompts.insert(pr.id.clone(), pr);
        }
    }
    let mut people: Vec<&str> = replies.values().flatten().map(|r| r.author_id.as_str()).collect();
    people.extend(posts.iter().map(|p| p.author_id.as_str()));
    people.sort_unstable();
    people.dedup();
    for chunk in people.chunks(500) {
        for m in member::Entity::find().filter(member::Column::Id.is_in(chunk.to_vec())).all(db).await? {
            names.insert(m.id, m.display_name);
        }
    }
    // A learner's own export names other learners as the learner sees them on the pages.
    if let Some(o) = owner.filter(|o| o.role == "learner") {
        let viewer = crate::visibility::Viewer::Learner { member: o.clone(), cohort: None };
        let alias = crate::pseudonyms::for_viewer(db, &viewer, people.iter().copied()).await?;
        for (id, name) in &mut names {
            if let Some(a) = alias.get(id) {
                a.clone_into(name);
            }
        }
    }

    let mut entries = Vec::new();
    let mut index_posts = Vec::with_capacity(posts.len());
    for p in posts {
        let mut files = BTreeMap::new();
        let dir = format!("posts/{}", p.id);
        if let Some(v) = videos.get(&p.id).filter(|v| v.status == "ready") {
            for (label, file) in [("video", "video.mp4"), ("poster", "poster.jpg")] {
                let name = format!("{dir}/{file}");
                entries
                    .push(Entry { name: name.clone(), source: Source::Object(crate::posts::output_key(&v.id, file)) });
                files.insert(label.to_owned(), name);
            }
        }
        for cap in captions.remove(&p.id).unwrap_or_default() {
            let name = format!("{dir}/captions/{}.vtt", cap.lang);
            entries.push(Entry { name: name.clone(), source: Source::Object(cap.key) });
            files.insert(format!("captions/{}", cap.lang), name);
        }
        let pr = prompts.get(&p.prompt_id);
        let received = replies
            .remove(&p.id)
            .unwrap_or_default()
            .into_iter()
            .filter(|r| owner.is_none_or(|o| r.author_id != o.id))
            .map(|r| ReplyEntry {
                from: names.get(&r.author_id).cloned().unwrap_or_default(),
                post_id: r.id,
                text: r.text,
                created_at: r.created_at,
            })
            .collect();
        let moderation = statements
            .remove(&p.id)
            .unwrap_or_default()
            .into_iter()
            .map(|a| Statement { action: a.action, reason: a.reason, at: a.created_at })
            .collect();
        index_posts.push(PostEntry {
            prompt_title: pr.map(|x| x.title.clone()).unwrap_or_default(),
            prompt_body: pr.map(|x| x.body.clone()).unwrap_or_default(),
            author: owner.is_none().then(|| names.get(&p.author_id).cloned().unwrap_or_default()),
            id: p.id,
            prompt_id: p.prompt_id,
            parent_id: p.parent_id,
            text: p.text,
            state: p.state.as_str().to_owned(),
            created_at: p.created_at,
            files,
            replies_received: received,
            moderation,
        });
    }
    let index = Index {
        course_id: c.id.clone(),
        course_title: c.title.clone(),
        member: owner.map(|m| m.display_name.clone()),
        exported_at: Utc::now(),
        posts: index_posts,
    };
    let json = serde_json::to_vec_pretty(&index).map_err(anyhow::Error::from)?;
    entries.insert(0, Entry { name: "index.html".into(), source: Source::Bytes(html::render(&index).into_bytes()) });
    entries.insert(0, Entry { name: "index.json".into(), source: Source::Bytes(json) });
    Ok(Manifest { index, entries })
}
