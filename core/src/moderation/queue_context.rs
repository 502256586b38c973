//! What the console's queue page shows beside each waiting post: its thread's opening post,
//! the open flags' notes and the author's history. Read for a whole page at once (five
//! statements, whatever the page size), not per item.

use std::collections::HashMap;

use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait as _, DatabaseConnection, EntityTrait as _, JoinType, QueryFilter as _, QueryOrder as _,
    QuerySelect as _,
};

use super::QueueItem;
use crate::entities::post::PostState;
use crate::entities::{audit_entry, flag, member, mute, post};
use crate::error::Result;

/// The opening post of a reply's thread, with its author's display name.
pub struct ThreadContext {
    pub root_id: String,
    pub author: String,
    pub text: String,
}

/// The facts of one queue item.
#[derive(Default)]
pub struct ItemContext {
    /// `None` for a top-level post.
    pub thread: Option<ThreadContext>,
    /// Open flags with a note, oldest first: `(reason, note)`.
    pub notes: Vec<(String, String)>,
    /// The author's removed posts.
    pub removals: u64,
    /// Times the author was muted in the course.
    pub mutes: u64,
    /// Whether the author is muted now.
    pub muted: bool,
}

/// The context of every item of a queue page of `course_id`, by post id.
pub async fn queue_context(
    db: &DatabaseConnection,
    course_id: &str,
    items: &[QueueItem],
) -> Result<HashMap<String, ItemContext>> {
    let mut out: HashMap<String, ItemContext> = HashMap::new();
    if items.is_empty() {
        return Ok(out);
    }
    let ids: Vec<&str> = items.iter().map(|i| i.post.post.id.as_str()).collect();
    let mut authors: Vec<&str> = items.iter().map(|i| i.post.post.author_id.as_str()).collect();
    authors.sort_unstable();
    authors.dedup();
    let mut roots: Vec<&str> =
        items.iter().filter(|i| i.post.post.depth > 0).filter_map(|i| i.post.post.root_id.as_deref()).collect();
    roots.sort_unstable();
    roots.dedup();

    let threads: HashMap<String, ThreadContext> = if roots.is_empty() {
        HashMap::new()
    } else {
        post::Entity::find()
            .filter(post::Column::Id.is_in(roots))
            .join(
                JoinType::LeftJoin,
                post::Entity::belongs_to(member::Entity).from(post::Column::AuthorId).to(member::Column::Id).into(),
            )
            .select_also(member::Entity)
            .all(db)
            .await?
            .into_iter()
            .map(|(r, a)| {
                let c = ThreadContext {
                    root_id: r.id.clone(),
                    author: a.map(|a| a.display_name).unwrap_or_default(),
                    text: r.text,
                };
                (r.id, c)
            })
            .collect()
    };
    let notes = flag::Entity::find()
        .filter(flag::Column::PostId.is_in(ids.iter().copied()))
        .filter(flag::Column::Status.eq("open"))
        .filter(flag::Column::Note.is_not_null())
        .order_by_asc(flag::Column::CreatedAt)
        .order_by_asc(flag::Column::Id)
        .all(db)
        .await?;
    let removals: Vec<(String, i64)> = post::Entity::find()
        .select_only()
        .column(post::Column::AuthorId)
        .column_as(Expr::col(post::Column::Id).count(), "n")
        .filter(post::Column::AuthorId.is_in(authors.iter().copied()))
        .filter(post::Column::State.eq(PostState::Removed))
        .group_by(post::Column::AuthorId)
        .into_tuple()
        .all(db)
        .await?;
    let mutes: Vec<(Option<String>, i64)> = audit_entry::Entity::find()
        .select_only()
        .column(audit_entry::Column::SubjectMemberId)
        .column_as(Expr::col(audit_entry::Column::Id).count(), "n")
        .filter(audit_entry::Column::CourseId.eq(course_id))
        .filter(audit_entry::Column::SubjectMemberId.is_in(authors.iter().copied()))
        .filter(audit_entry::Column::Action.eq("mute"))
        .group_by(audit_entry::Column::SubjectMemberId)
        .into_tuple()
        .all(db)
        .await?;
    let muted: Vec<String> = mute::Entity::find()
        .select_only()
        .column(mute::Column::MemberId)
        .filter(mute::Column::CourseId.eq(course_id))
        .filter(mute::Column::MemberId.is_in(authors.iter().copied()))
        .into_tuple()
        .all(db)
        .await?;

    let count = |v: &[(String, i64)], who: &str| {
        v.iter().find(|(a, _)| a == who).map_or(0, |(_, n)| u64::try_from(*n).unwrap_or_default())
    };
    let mutes: Vec<(String, i64)> = mutes.into_iter().filter_map(|(a, n)| a.map(|a| (a, n))).collect();
    for it in items {
        let p = &it.post.post;
        let thread = p.root_id.as_deref().filter(|_| p.depth > 0).and_then(|r| threads.get(r)).map(|t| ThreadContext {
            root_id: t.root_id.clone(),
            author: t.author.clone(),
            text: t.text.clone(),
        });
        let notes = notes
            .iter()
            .filter(|f| f.post_id == p.id)
            .filter_map(|f| f.note.clone().map(|n| (f.reason.clone(), n)))
            .collect();
        let c = ItemContext {
            thread,
            notes,
            removals: count(&removals, &p.author_id),
            mutes: count(&mutes, &p.author_id),
            muted: muted.contains(&p.author_id),
        };
        out.insert(p.id.clone(), c);
    }
    Ok(out)
}
