//! The `uploads` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "uploads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub member_id: String,
    pub course_id: String,
    pub length: i64,
    pub offset: i64,
    pub filename: Option<String>,
    pub filetype: Option<String>,
    /// The raw `Upload-Metadata` header, echoed on HEAD.
    pub metadata: Option<String>,
    /// `open`, `complete`, `terminated`.
    pub state: String,
    pub parts: i32,
    pub lock_token: Option<String>,
    pub locked_until: Option<DateTimeUtc>,
    pub expires_at: DateTimeUtc,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
