//! The `course_retention` table: a course's retention settings (absent: the defaults).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "course_retention")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: String,
    /// Days after a video is ready when its original upload is deleted.
    pub originals_days: i32,
    /// Days after the course ends when all its media and personal data are purged (none: never).
    pub purge_after_days: Option<i32>,
    /// When the purge was started.
    pub purged_at: Option<DateTimeUtc>,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
