//! The `flags` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "flags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub post_id: String,
    pub course_id: String,
    /// The post's cohort (`None` for course-wide posts), for the queue's reason filter.
    pub cohort_id: Option<String>,
    pub reporter_id: String,
    pub reason: String,
    pub note: Option<String>,
    /// `open` or `resolved`.
    pub status: String,
    pub open_key: Option<String>,
    pub created_at: DateTimeUtc,
    pub resolved_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
