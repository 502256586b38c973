//! The `cohort_members` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cohort_members")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub cohort_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub member_id: String,
    pub course_id: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
