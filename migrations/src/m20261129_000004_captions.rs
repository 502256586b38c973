//! Captions: one WebVTT file per post and language, stored in the object store under the video's
//! prefix; `videos.caption_langs` lists a video's languages so listings need no extra query.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Captions::Table)
                .col(ColumnDef::new(Captions::PostId).string_len(40).not_null())
                .col(ColumnDef::new(Captions::Lang).string_len(35).not_null())
                .col(ColumnDef::new(Captions::Key).string_len(200).not_null())
                .col(ColumnDef::new(Captions::Bytes).big_integer().not_null())
                .col(ColumnDef::new(Captions::UpdatedBy).string_len(40).not_null())
                .col(ColumnDef::new(Captions::UpdatedAt).timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(Captions::PostId).col(Captions::Lang))
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Videos::Table)
                // Comma-separated, sorted language tags of the video's captions.
                .add_column(ColumnDef::new(Videos::CaptionLangs).string_len(400).not_null().default(""))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Videos::Table).drop_column(Videos::CaptionLangs).to_owned()).await?;
        m.drop_table(Table::drop().table(Captions::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Captions {
    Table,
    PostId,
    Lang,
    Key,
    Bytes,
    UpdatedBy,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Videos {
    Table,
    CaptionLangs,
}
