//! Indexes for listing at scale (measured by bench/exchange_listing.sh on 1M posts): a
//! facilitator's queue by cohort, and a learner's own posts in a prompt's threads.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .name("ix_posts_queue_cohort")
                .table(Posts::Table)
                .col(Posts::CohortId)
                .col(Posts::QueuedAt)
                .col(Posts::Id)
                .to_owned(),
        )
        .await?;
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
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for ix in ["ix_posts_queue_cohort", "ix_posts_author_thread"] {
            m.drop_index(Index::drop().name(ix).table(Posts::Table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    CohortId,
    QueuedAt,
    AuthorId,
    PromptId,
    Depth,
    LastActivityAt,
}
