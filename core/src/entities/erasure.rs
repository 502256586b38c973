//! The `erasures` table: one row per erasure of a member, with the report of what was deleted.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "erasures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub course_id: String,
    pub team_id: String,
    /// The erased member's id (an opaque id, kept so the audit log still lines up).
    pub member_id: String,
    /// The name the member now carries, e.g. `Erased member 1a2b`.
    pub pseudonym: String,
    /// `queued`, `running`, `done`.
    pub state: String,
    /// JSON report: what was deleted, step by step.
    pub report: String,
    pub created_at: DateTimeUtc,
    pub finished_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
