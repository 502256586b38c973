//! The `audit_log` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_log")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub course_id: String,
    pub cohort_id: Option<String>,
    /// `team` or `member`.
    pub actor_kind: String,
    pub actor_id: String,
    pub action: String,
    pub post_id: Option<String>,
    pub subject_member_id: Option<String>,
    pub reason: String,
    pub note: Option<String>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
