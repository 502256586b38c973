//! The `mutes` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mutes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub course_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: String,
    pub reason: String,
    pub muted_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
