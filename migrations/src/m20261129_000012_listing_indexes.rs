//! Indexes of the facilitator console, measured by bench/exchange_listing.sh on 1M posts:
//! - `ix_posts_participation`: a learner's counted posts per prompt, cohort and depth with the
//!   newest one's time, read index-only (the overview aggregates ~47,000 posts of 50 busy cohorts
//!   without loading a row);
//! - `ix_posts_lonely`: published top-level posts without replies (partial), by cohort and prompt,
//!   oldest first, so the overview counts and lists them from the index alone;

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ix_posts_participation")
                .table(Posts::Table)
                .col(Posts::AuthorId)
                .col(Posts::PromptId)
                .col(Posts::CohortId)
                .col(Posts::Depth)
                .col(Posts::State)
                .col(Posts::CreatedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ix_posts_lonely")
                .table(Posts::Table)
                .col(Posts::CohortId)
                .col(Posts::PromptId)
                .col(Posts::CreatedAt)
                .col(Posts::Id)
                .and_where(Expr::col(Posts::Depth).eq(0))
                .and_where(Expr::col(Posts::State).eq("visible"))
                .and_where(Expr::col(Posts::ReplyCount).eq(0))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for ix in ["ix_posts_participation", "ix_posts_lonely"] {
            m.drop_index(Index::drop().name(ix).table(Posts::Table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    AuthorId,
    PromptId,
    CohortId,
    Depth,
    State,
    CreatedAt,
    ReplyCount,
}
