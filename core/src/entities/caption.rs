//! The `captions` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "captions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub post_id: String,
    /// Lowercase BCP 47 tag (`en`, `pt-br`).
    #[sea_orm(primary_key, auto_increment = false)]
    pub lang: String,
    /// Object key: `videos/{video_id}/captions/{lang}.vtt`.
    pub key: String,
    pub bytes: i64,
    /// The member or team who last wrote it.
    pub updated_by: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
