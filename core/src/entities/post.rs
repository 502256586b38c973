//! The `posts` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "posts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub course_id: String,
    pub prompt_id: String,
    pub author_id: String,
    pub parent_id: Option<String>,
    pub root_id: Option<String>,
    pub depth: i32,
    pub text: String,
    /// `processing`, `pending`, `visible`, `hidden`, `removed`, `deleted`, `rejected`.
    pub state: String,
    pub video_id: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_activity_at: DateTimeUtc,
    /// The author's cohort when posted (replies: the thread's); `None` = the whole course.
    pub cohort_id: Option<String>,
    /// Distinct members with an open flag on this post.
    pub open_flags: i32,
    /// The last moderation decision's statement of reasons, shown to the author.
    pub moderation_reason: Option<String>,
    pub moderated_at: Option<DateTimeUtc>,
    /// Since when the post waits in the moderation queue (pending or flagged); `None` = not queued.
    pub queued_at: Option<DateTimeUtc>,
    /// Replies in the thread visible to its cohort (top-level posts only).
    pub reply_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
