//! `ix_posts_author_page` replaces `ix_posts_author_thread` with the post id as its last column, so
//! a member's own top-level posts of a prompt come out of the index in the listing's exact order
//! (`last_activity_at DESC, id DESC`): the listing pool plans each statement once for every member
//! (generic plans), and without the id that plan sorts all of an author's posts of the prompt
//! before taking a page.
//!
//! A new name rather than a drop and re-create of the old one: on SQLite the migrator runs on a
//! pool, and another connection of it may still see the dropped index when the create comes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        let db = m.get_connection();
        db.execute_unprepared(
            "CREATE INDEX IF NOT EXISTS ix_posts_author_page ON posts (author_id, prompt_id, depth, last_activity_at, id)",
        )
        .await?;
        db.execute_unprepared("DROP INDEX IF EXISTS ix_posts_author_thread").await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        // Built as m20261122_000004 built it, so the schema is the same text again.
        m.create_index(
            Index::create()
                .name("ix_posts_author_thread")
                .table(Posts::Table)
                .col(Posts::AuthorId)
                .col(Posts::PromptId)
                .col(Posts::Depth)
                .col(Posts::LastActivityAt)
                .to_owned(),
        )
        .await?;
        m.get_connection().execute_unprepared("DROP INDEX IF EXISTS ix_posts_author_page").await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    AuthorId,
    PromptId,
    Depth,
    LastActivityAt,
}
