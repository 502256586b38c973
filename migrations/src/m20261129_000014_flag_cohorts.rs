//! A flag carries its post's cohort (posts never change cohort), with a partial index of the open
//! flags by cohort and reason: a facilitator's queue filtered by reason reads the open flags of
//! their cohorts for that reason, instead of walking every waiting post of every cohort and probing
//! its flags (8 ms of PostgreSQL CPU per request for 50 busy cohorts on the bench).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(
            Table::alter()
                .table(Flags::Table)
                .add_column(ColumnDef::new(Flags::CohortId).string_len(40).null())
                .to_owned(),
        )
        .await?;
        m.get_connection()
            .execute_unprepared(
                "UPDATE flags SET cohort_id = (SELECT posts.cohort_id FROM posts WHERE posts.id = flags.post_id)",
            )
            .await?;
        m.create_index(
            Index::create()
                .if_not_exists()
                .name("ix_flags_open_cohort_reason")
                .table(Flags::Table)
                .col(Flags::CohortId)
                .col(Flags::Reason)
                .col(Flags::PostId)
                .and_where(Expr::col(Flags::Status).eq("open"))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_index(Index::drop().name("ix_flags_open_cohort_reason").table(Flags::Table).to_owned()).await?;
        m.alter_table(Table::alter().table(Flags::Table).drop_column(Flags::CohortId).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Flags {
    Table,
    PostId,
    CohortId,
    Reason,
    Status,
}
