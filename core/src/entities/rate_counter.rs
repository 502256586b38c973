//! The `rate_counters` table: one fixed-window counter per scope (see `crate::limits`).

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rate_counters")]
pub struct Model {
    /// What is counted and for whom, e.g. `post:member:mem_...` or `upload_bytes:member:mem_...`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub scope: String,
    /// Unix seconds at which the window began.
    #[sea_orm(primary_key, auto_increment = false)]
    pub window_start: i64,
    pub count: i64,
    /// When the window ends; the clean-up deletes the row after that.
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
