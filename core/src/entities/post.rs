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
    pub state: PostState,
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

/// Where a post is in its life. Stored as its snake_case name.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, serde::Serialize, serde::Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::None)")]
#[serde(rename_all = "snake_case")]
pub enum PostState {
    /// The video is being transcoded.
    #[sea_orm(string_value = "processing")]
    Processing,
    /// Ready, waiting for a facilitator's approval (pre-moderation).
    #[sea_orm(string_value = "pending")]
    Pending,
    /// Published to the cohort.
    #[sea_orm(string_value = "visible")]
    Visible,
    /// Hidden by a facilitator or by flags, until reviewed.
    #[sea_orm(string_value = "hidden")]
    Hidden,
    /// Removed by a facilitator.
    #[sea_orm(string_value = "removed")]
    Removed,
    /// Deleted by its author: a tombstone.
    #[sea_orm(string_value = "deleted")]
    Deleted,
    /// Refused by the transcoder.
    #[sea_orm(string_value = "rejected")]
    Rejected,
}

impl PostState {
    /// States a post can wait in the moderation queue in.
    pub const QUEUEABLE: [PostState; 3] = [PostState::Pending, PostState::Visible, PostState::Hidden];

    pub fn as_str(self) -> &'static str {
        match self {
            PostState::Processing => "processing",
            PostState::Pending => "pending",
            PostState::Visible => "visible",
            PostState::Hidden => "hidden",
            PostState::Removed => "removed",
            PostState::Deleted => "deleted",
            PostState::Rejected => "rejected",
        }
    }

    /// `'a', 'b'`: a list for raw SQL built from the enum (never from input).
    pub fn sql_list(states: &[PostState]) -> String {
        states.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ")
    }
}

impl std::fmt::Display for PostState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
