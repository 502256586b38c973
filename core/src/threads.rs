//! Threads: a prompt's top-level posts with their replies, newest activity first, as each
//! viewer may see them, with a per-viewer "new since last seen" mark.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait as _, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, Set, Statement,
};

use crate::entities::{member, post, prompt, seen_mark, video};
use crate::error::Result;
use crate::pagination::{encode_cursor, PageParams};
use crate::posts::Loaded;
use crate::visibility::{Sight, Viewer};

/// How many replies each thread carries in a listing.
pub const FIRST_REPLIES: usize = 3;

/// A post became visible: its thread's reply count and activity move.
pub async fn on_published(conn: &impl ConnectionTrait, p: &post::Model, now: DateTime<Utc>) -> Result<()> {
    if let Some(root) = &p.root_id {
        post::Entity::update_many()
            .col_expr(post::Column::ReplyCount, Expr::col(post::Column::ReplyCount).add(1))
            .col_expr(post::Column::LastActivityAt, now.into())
            .filter(post::Column::Id.eq(root))
            .exec(conn)
            .await?;
    } else {
        post::Entity::update_many()
            .col_expr(post::Column::LastActivityAt, now.into())
            .filter(post::Column::Id.eq(&p.id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

/// A visible reply was hidden, removed or deleted.
pub async fn on_unpublished(conn: &impl ConnectionTrait, p: &post::Model) -> Result<()> {
    if let Some(root) = &p.root_id {
        post::Entity::update_many()
            .col_expr(post::Column::ReplyCount, Expr::col(post::Column::ReplyCount).sub(1))
            .filter(post::Column::Id.eq(root))
            .filter(post::Column::ReplyCount.gt(0))
            .exec(conn)
            .await?;
    }
    Ok(())
}

pub struct Item {
    pub post: Loaded,
    pub sight: Sight,
    pub new: bool,
}

pub struct Thread {
    pub root: Item,
    pub reply_count: i32,
    pub replies: Vec<Item>,
}

pub struct Threads {
    pub items: Vec<Thread>,
    pub next_cursor: Option<String>,
}

/// The threads of a prompt the viewer may see. Marks the prompt seen for members.
pub async fn list(db: &DatabaseConnection, viewer: &Viewer, pr: &prompt::Model, page: &PageParams) -> Result<Threads> {
    let limit = page.limit()?;
    let seen_at = match viewer.member() {
        Some(m) => seen_mark::Entity::find_by_id((m.id.clone(), pr.id.clone())).one(db).await?.map(|s| s.seen_at),
        None => None,
    };
    let after = page.after::<(DateTime<Utc>, String)>()?;
    let mut roots = match viewer {
        Viewer::Facilitator { member, cohorts } if db.get_database_backend() == DbBackend::Postgres => {
            facilitator_roots(db, &pr.id, &member.id, cohorts, after, limit + 1).await?
        }
        _ => {
            let mut q = post::Entity::find()
                .filter(post::Column::PromptId.eq(&pr.id))
                .filter(post::Column::Depth.eq(0))
                .filter(viewer.condition());
            if let Some((at, id)) = after {
                q = q.filter(
                    Condition::any()
                        .add(post::Column::LastActivityAt.lt(at))
                        .add(Condition::all().add(post::Column::LastActivityAt.eq(at)).add(post::Column::Id.lt(id))),
                );
            }
            q.order_by_desc(post::Column::LastActivityAt)
                .order_by_desc(post::Column::Id)
                .limit(limit + 1)
                .all(db)
                .await?
        }
    };
    let more = roots.len() as u64 > limit;
    roots.truncate(limit as usize);
    let next_cursor =
        if more { roots.last().map(|r| encode_cursor(&(r.last_activity_at, r.id.clone()))) } else { None };

    let root_ids: Vec<String> = roots.iter().map(|r| r.id.clone()).collect();
    let replies = if root_ids.is_empty() {
        Vec::new()
    } else {
        post::Entity::find()
            .filter(post::Column::RootId.is_in(root_ids))
            .filter(viewer.condition())
            .order_by_asc(post::Column::CreatedAt)
            .all(db)
            .await?
    };
    let mut all: Vec<post::Model> = roots.clone();
    all.extend(replies.iter().cloned());
    let (videos, authors) = load_many(db, &all).await?;
    let course = crate::entities::course::Entity::find_by_id(&pr.course_id).one(db).await?;
    let sight = |p: &post::Model| course.as_ref().map_or(Sight::None, |c| viewer.sight(c, p));
    let loaded = |p: post::Model| -> Option<Loaded> {
        let video = videos.iter().find(|v| v.id == p.video_id)?.clone();
        let author = authors.iter().find(|a| a.id == p.author_id)?.clone();
        Some(Loaded { post: p, video, author })
    };
    let is_new = |p: &post::Model, at: DateTime<Utc>| {
        seen_at.is_none_or(|s| at > s) && viewer.member().is_none_or(|m| m.id != p.author_id)
    };
    let mut items = Vec::with_capacity(roots.len());
    for r in roots {
        let mut thread_replies = Vec::new();
        for rp in replies.iter().filter(|x| x.root_id.as_deref() == Some(&r.id)).take(FIRST_REPLIES) {
            let s = sight(rp);
            if s == Sight::None {
                continue;
            }
            let new = is_new(rp, rp.created_at);
            if let Some(l) = loaded(rp.clone()) {
                thread_replies.push(Item { post: l, sight: s, new });
            }
        }
        let s = sight(&r);
        let new = is_new(&r, r.last_activity_at);
        let count = r.reply_count;
        if let Some(l) = loaded(r) {
            items.push(Thread { root: Item { post: l, sight: s, new }, reply_count: count, replies: thread_replies });
        }
    }
    // The mark moves at most every 30 s: a listing is a read, and most reads come in bursts.
    if let Some(m) = viewer.member().filter(|_| seen_at.is_none_or(|s| Utc::now() - s > chrono::Duration::seconds(30)))
    {
        mark_seen(db, &m.id, &pr.id).await?;
    }
    Ok(Threads { items, next_cursor })
}

/// A facilitator's top-level posts on PostgreSQL: the newest `n` of each of their cohorts (each an
/// index range on `ix_posts_thread_list`), of the course-wide posts and of their own, merged.
/// One ordered scan over the whole prompt would read and discard every other cohort's posts.
async fn facilitator_roots(
    db: &DatabaseConnection,
    prompt_id: &str,
    member_id: &str,
    cohorts: &[String],
    after: Option<(DateTime<Utc>, String)>,
    n: u64,
) -> Result<Vec<post::Model>> {
    // Cohort ids come from our own rows; they are checked for shape before being inlined.
    let list: Vec<String> =
        cohorts.iter().filter(|c| crate::ids::is_valid("coh", c)).map(|c| format!("'{c}'")).collect();
    let far = DateTime::<Utc>::from_timestamp(253_402_214_400, 0).unwrap_or_default();
    let (at, id) = after.unwrap_or_else(|| (far, String::new()));
    let branch = |filter: &str| {
        format!(
            "(SELECT id, last_activity_at FROM posts WHERE prompt_id = $1 AND depth = 0 AND {filter} \
             AND (last_activity_at, id) < ($2, $3) ORDER BY last_activity_at DESC, id DESC LIMIT {n})"
        )
    };
    let mut parts = vec![branch("cohort_id IS NULL"), branch("author_id = $4")];
    if !list.is_empty() {
        parts.push(format!(
            "(SELECT p.id, p.last_activity_at FROM unnest(ARRAY[{}]::text[]) AS c(cid) CROSS JOIN LATERAL \
             (SELECT id, last_activity_at FROM posts WHERE prompt_id = $1 AND cohort_id = c.cid AND depth = 0 \
             AND (last_activity_at, id) < ($2, $3) ORDER BY last_activity_at DESC, id DESC LIMIT {n}) p)",
            list.join(",")
        ));
    }
    let sql = format!(
        "SELECT DISTINCT id, last_activity_at FROM ({}) t ORDER BY last_activity_at DESC, id DESC LIMIT {n}",
        parts.join(" UNION ALL ")
    );
    let rows = db
        .query_all(Statement::from_sql_and_values(
            DbBackend::Postgres,
            sql,
            [prompt_id.into(), at.into(), id.into(), member_id.into()],
        ))
        .await?;
    let ids: Vec<String> = rows.iter().filter_map(|r| r.try_get::<String>("", "id").ok()).collect();
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut posts = post::Entity::find().filter(post::Column::Id.is_in(ids)).all(db).await?;
    posts.sort_by(|a, b| (b.last_activity_at, &b.id).cmp(&(a.last_activity_at, &a.id)));
    Ok(posts)
}

/// Videos and authors of many posts in two queries.
pub async fn load_many(
    db: &DatabaseConnection,
    posts: &[post::Model],
) -> Result<(Vec<video::Model>, Vec<member::Model>)> {
    if posts.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let vids: Vec<String> = posts.iter().map(|p| p.video_id.clone()).collect();
    let mut aids: Vec<String> = posts.iter().map(|p| p.author_id.clone()).collect();
    aids.sort();
    aids.dedup();
    let videos = video::Entity::find().filter(video::Column::Id.is_in(vids)).all(db).await?;
    let authors = member::Entity::find().filter(member::Column::Id.is_in(aids)).all(db).await?;
    Ok((videos, authors))
}

async fn mark_seen(db: &DatabaseConnection, member_id: &str, prompt_id: &str) -> Result<()> {
    seen_mark::Entity::insert(seen_mark::ActiveModel {
        member_id: Set(member_id.to_owned()),
        prompt_id: Set(prompt_id.to_owned()),
        seen_at: Set(Utc::now()),
    })
    .on_conflict(
        OnConflict::columns([seen_mark::Column::MemberId, seen_mark::Column::PromptId])
            .update_column(seen_mark::Column::SeenAt)
            .to_owned(),
    )
    .exec(db)
    .await?;
    Ok(())
}
