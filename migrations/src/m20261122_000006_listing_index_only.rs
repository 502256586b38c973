//! Listing indexes, measured by bench/exchange_listing.sh on 1M posts:
//! - `ix_posts_thread_list` gains `id` (the ordering's tie-break), so a facilitator's per-cohort
//!   thread ranges are index-only scans with no sort;
//! - `ix_posts_queue_cohort` holds only waiting posts (`queued_at IS NOT NULL`, a few percent of
//!   all posts), so a per-cohort queue range no longer steps over the cohort's other posts, and
//!   carries `course_id` and `state` after the ordering, so the queue's other conditions are
//!   checked in the index: a facilitator's per-cohort ranges are index-only scans (for 50 busy
//!   cohorts, 50 x 21 index entries instead of as many heap rows).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn thread_list(with_id: bool) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name("ix_posts_thread_list")
        .table(Posts::Table)
        .col(Posts::PromptId)
        .col(Posts::CohortId)
        .col(Posts::Depth)
        .col(Posts::LastActivityAt);
    if with_id {
        ix.col(Posts::Id);
    }
    ix.to_owned()
}

fn queue_cohort(waiting_only: bool) -> IndexCreateStatement {
    let mut ix = Index::create();
    ix.name("ix_posts_queue_cohort").table(Posts::Table).col(Posts::CohortId).col(Posts::QueuedAt).col(Posts::Id);
    if waiting_only {
        ix.col(Posts::CourseId).col(Posts::State).and_where(Expr::col(Posts::QueuedAt).is_not_null());
    }
    ix.to_owned()
}

/// Drops and recreates an index in one batch on one connection. On SQLite the migrator runs
/// on the pool without a transaction, and a `CREATE INDEX` sent on another connection than the
/// `DROP INDEX` failed with "index ... already exists" (that connection's schema was stale).
async fn replace(m: &SchemaManager<'_>, name: &str, ix: IndexCreateStatement) -> Result<(), DbErr> {
    let backend = m.get_database_backend();
    let drop = backend.build(&Index::drop().name(name).table(Posts::Table).to_owned());
    let create = backend.build(&ix);
    m.get_connection().execute_unprepared(&format!("{}; {}", drop.sql, create.sql)).await.map(|_| ())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        replace(m, "ix_posts_thread_list", thread_list(true)).await?;
        replace(m, "ix_posts_queue_cohort", queue_cohort(true)).await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        replace(m, "ix_posts_thread_list", thread_list(false)).await?;
        replace(m, "ix_posts_queue_cohort", queue_cohort(false)).await
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    CourseId,
    PromptId,
    CohortId,
    Depth,
    LastActivityAt,
    QueuedAt,
    State,
}
