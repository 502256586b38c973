//! The `exports` table: course exports written by a job.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "exports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub course_id: String,
    pub team_id: String,
    /// `queued`, `running`, `ready`, `failed`, `expired`.
    pub state: String,
    /// 0..=100.
    pub progress: i32,
    /// The zip's object key, once written.
    pub key: Option<String>,
    pub bytes: Option<i64>,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
    /// When the zip is deleted from the store.
    pub expires_at: Option<DateTimeUtc>,
    /// Why a failed export failed: a stable code (`missing_object`, `internal_error`).
    pub failure_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
