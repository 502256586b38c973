//! `ix_posts_author_thread` ends with the post id, so a member's own top-level posts of a prompt
//! come out of the index in the listing's exact order (`last_activity_at DESC, id DESC`): the
//! listing pool plans each statement once for every member (generic plans), and without the id
//! that plan sorts all of an author's posts of the prompt before taking a page.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const NAME: &str = "ix_posts_author_thread";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).table(Posts::Table).to_owned()).await?;
        m.create_index(
            Index::create()
                .name(NAME)
                .table(Posts::Table)
                .col(Posts::AuthorId)
                .col(Posts::PromptId)
                .col(Posts::Depth)
                .col(Posts::LastActivityAt)
                .col(Posts::Id)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name(NAME).table(Posts::Table).to_owned()).await?;
        m.create_index(
            Index::create()
                .name(NAME)
                .table(Posts::Table)
                .col(Posts::AuthorId)
                .col(Posts::PromptId)
                .col(Posts::Depth)
                .col(Posts::LastActivityAt)
                .to_owned(),
        )
        .await
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    AuthorId,
    PromptId,
    Depth,
    LastActivityAt,
}
