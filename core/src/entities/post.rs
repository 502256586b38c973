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
    /// `processing`, `visible`, `rejected`, `deleted` (moderation states come with moderation).
    pub state: String,
    pub video_id: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_activity_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
