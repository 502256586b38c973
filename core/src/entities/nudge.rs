//! The `nudges` table: a nudge sent to a learner for a prompt, at most one each.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "nudges")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub prompt_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: String,
    pub event_id: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
