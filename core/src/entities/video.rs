//! The `videos` table.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "videos")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: String,
    pub post_id: String,
    pub upload_id: String,
    pub course_id: String,
    /// `queued`, `processing`, `ready`, `rejected`, `failed`.
    pub status: String,
    /// 0..=100.
    pub progress: i32,
    pub reason: Option<String>,
    pub duration_ms: Option<i64>,
    pub width: Option<i32>,
    pub height: Option<i32>,
    pub has_audio: Option<bool>,
    /// The transcoder metadata as JSON.
    pub meta: Option<String>,
    pub source_bytes: i64,
    pub output_bytes: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub ready_at: Option<DateTimeUtc>,
    /// Comma-separated, sorted language tags of the video's captions (see `captions`).
    pub caption_langs: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
