//! The `prompts` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "prompts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub module_id: String,
    pub course_id: String,
    pub title: String,
    pub body: String,
    pub opens_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub min_seconds: i32,
    pub max_seconds: i32,
    pub moderation: String,
    pub max_reply_depth: i32,
    /// Days after opening when learners who have not answered get a nudge; 0: never.
    pub nudge_after_days: i32,
    /// The nudge's text (`{name}` and `{prompt}` are filled in); empty: the default text.
    pub nudge_message: String,
    /// Peers a learner replies to, besides answering, before a grade is sent (LTI AGS).
    pub required_replies: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
