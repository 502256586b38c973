//! The `seen_marks` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "seen_marks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub prompt_id: String,
    pub seen_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
