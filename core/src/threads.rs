//! Threads: a prompt's top-level posts with their replies, newest activity first, as each
//! viewer may see them, with a per-viewer "new since last seen" mark.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Expr, OnConflict, Query};
use sea_orm::{
    ColumnTrait as _, Condition, ConnectionTrait, DatabaseConnection, DbBackend, EntityTrait, QueryFilter as _,
    QueryOrder as _, QuerySelect as _, Set,
};

use crate::auth::Principal;
use crate::entities::{course, post, prompt, seen_mark};
use crate::error::Result;
use crate::listing::{all_with_media, raw_with_media, select_with_media, MediaRow};
use crate::pagination::{encode_cursor, PageParams};
use crate::posts::{loaded, Loaded};
use crate::visibility::{PgPage, Sight, Viewer};

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

/// What a listing reads besides the posts: the prompt, its course, and when the member last
/// listed the prompt (`None` for teams and first visits).
pub struct Listing {
    pub prompt: prompt::Model,
    pub course: course::Model,
    pub seen_at: Option<DateTime<Utc>>,
    /// Whether the course shows learners each other's pseudonyms
    /// ([`crate::pseudonyms::for_viewer_in`]).
    pub pseudonyms: bool,
}

/// The prompt the principal may read (else 404, see [`crate::access::listed_prompt`]), its
/// course and the member's seen mark, in one query.
pub async fn open(db: &DatabaseConnection, p: &Principal, prompt_id: &str) -> Result<Listing> {
    let (prompt, course, seen_at, pseudonyms) = crate::access::listed_prompt(db, p, prompt_id).await?;
    Ok(Listing { prompt, course, seen_at, pseudonyms })
}

/// The threads of a prompt the viewer may see. Marks the prompt seen for members. `db` is best the
/// listing pool ([`crate::db::connect_listings`]).
///
/// Queries: on PostgreSQL one ([`pg_page`]), elsewhere the top-level posts of the page with their
/// videos and authors, then the replies of those threads with theirs; plus the seen mark's
/// upsert, at most every 30 s per member.
pub async fn list(db: &DatabaseConnection, viewer: &Viewer, listing: &Listing, page: &PageParams) -> Result<Threads> {
    let Listing { prompt: pr, course, seen_at, .. } = listing;
    let seen_at = *seen_at;
    let limit = page.limit()?;
    let after = page.after::<(DateTime<Utc>, String)>()?;
    let (mut roots, replies) = if db.get_database_backend() == DbBackend::Postgres {
        pg_page(db, viewer, &pr.id, after, limit).await?
    } else {
        page_in_two(db, viewer, &pr.id, after, limit).await?
    };
    let more = roots.len() as u64 > limit;
    roots.truncate(limit as usize);
    let next_cursor =
        if more { roots.last().map(|(r, _, _)| encode_cursor(&(r.last_activity_at, r.id.clone()))) } else { None };
    let sight = |p: &post::Model| viewer.sight(course, p);
    let is_new = |p: &post::Model, at: DateTime<Utc>| {
        seen_at.is_none_or(|s| at > s) && viewer.member().is_none_or(|m| m.id != p.author_id)
    };
    let mut items = Vec::with_capacity(roots.len());
    for row in roots {
        let mut thread_replies = Vec::new();
        for rp in replies.iter().filter(|(x, _, _)| x.root_id.as_deref() == Some(&row.0.id)).take(FIRST_REPLIES) {
            let s = sight(&rp.0);
            if s == Sight::None {
                continue;
            }
            let new = is_new(&rp.0, rp.0.created_at);
            if let Some(l) = loaded(rp.clone()) {
                thread_replies.push(Item { post: l, sight: s, new });
            }
        }
        let s = sight(&row.0);
        let new = is_new(&row.0, row.0.last_activity_at);
        let count = row.0.reply_count;
        if let Some(l) = loaded(row) {
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

/// The page's top-level posts (one more than `limit`, newest activity first) and the first
/// [`FIRST_REPLIES`] replies the viewer may see of each of the first `limit` (oldest first), in
/// one statement: the page, then per thread an index range on `ix_posts_root` that stops at the
/// third reply, then the posts with their videos and authors by primary key. Two statements
/// were two round trips and two executions per listing on each side.
async fn pg_page(
    db: &DatabaseConnection,
    viewer: &Viewer,
    prompt_id: &str,
    after: Option<(DateTime<Utc>, String)>,
    limit: u64,
) -> Result<(Vec<MediaRow>, Vec<MediaRow>)> {
    let PgPage { page, values, replies } = viewer.pg_thread_page(prompt_id, after, limit + 1);
    let sql = format!(
        "WITH page AS MATERIALIZED ({page}), \
         first AS (SELECT r.id FROM (SELECT id FROM page ORDER BY last_activity_at DESC, id DESC LIMIT {limit}) g \
         CROSS JOIN LATERAL (SELECT id FROM posts WHERE root_id = g.id AND {replies} \
         ORDER BY created_at, id LIMIT {FIRST_REPLIES}) r) \
         {} WHERE \"posts\".\"id\" IN (SELECT id FROM page UNION ALL SELECT id FROM first)",
        select_with_media()
    );
    let (mut roots, mut replies): (Vec<MediaRow>, Vec<MediaRow>) =
        raw_with_media(db, sql, values).await?.into_iter().partition(|(p, _, _)| p.root_id.is_none());
    roots.sort_by(|(a, _, _), (b, _, _)| (b.last_activity_at, &b.id).cmp(&(a.last_activity_at, &a.id)));
    replies.sort_by(|(a, _, _), (b, _, _)| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
    Ok((roots, replies))
}

/// [`pg_page`] in two statements with the same rule as conditions (SQLite).
async fn page_in_two(
    db: &DatabaseConnection,
    viewer: &Viewer,
    prompt_id: &str,
    after: Option<(DateTime<Utc>, String)>,
    limit: u64,
) -> Result<(Vec<MediaRow>, Vec<MediaRow>)> {
    let mut q = post::Entity::find()
        .filter(post::Column::PromptId.eq(prompt_id))
        .filter(post::Column::Depth.eq(0))
        .filter(viewer.condition());
    if let Some((at, id)) = after {
        q = q.filter(
            Condition::any()
                .add(post::Column::LastActivityAt.lt(at))
                .add(Condition::all().add(post::Column::LastActivityAt.eq(at)).add(post::Column::Id.lt(id))),
        );
    }
    let q = q.limit(limit + 1).order_by_desc(post::Column::LastActivityAt).order_by_desc(post::Column::Id);
    let roots = all_with_media(db, q).await?;
    let root_ids: Vec<String> = roots.iter().take(limit as usize).map(|(r, _, _)| r.id.clone()).collect();
    if root_ids.is_empty() {
        return Ok((roots, Vec::new()));
    }
    // Only the first FIRST_REPLIES replies of each thread the viewer may see, ranked in SQL:
    // a thread with hundreds of replies costs an index range, not hundreds of loaded rows.
    let ranked = Query::select()
        .column(post::Column::Id)
        .expr_as(
            Expr::cust("ROW_NUMBER() OVER (PARTITION BY root_id ORDER BY created_at, id)"),
            Alias::new("reply_rank"),
        )
        .from(post::Entity)
        .and_where(post::Column::RootId.is_in(root_ids))
        .cond_where(viewer.condition())
        .to_owned();
    let first = Query::select()
        .column(Alias::new("id"))
        .from_subquery(ranked, Alias::new("ranked"))
        .and_where(Expr::col(Alias::new("reply_rank")).lte(FIRST_REPLIES as i64))
        .to_owned();
    let replies = all_with_media(
        db,
        post::Entity::find()
            .filter(post::Column::Id.in_subquery(first))
            .order_by_asc(post::Column::CreatedAt)
            .order_by_asc(post::Column::Id),
    )
    .await?;
    Ok((roots, replies))
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
