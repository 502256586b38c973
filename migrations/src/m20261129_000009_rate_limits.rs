//! Fixed-window counters shared by every instance: rate limits on creations and the daily upload
//! volume. One row per scope and window; the worker's clean-up deletes rows past `expires_at`.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(RateCounters::Table)
                .col(ColumnDef::new(RateCounters::Scope).string_len(120).not_null())
                .col(ColumnDef::new(RateCounters::WindowStart).big_integer().not_null())
                .col(ColumnDef::new(RateCounters::Count).big_integer().not_null())
                .col(ColumnDef::new(RateCounters::ExpiresAt).timestamp_with_time_zone().not_null())
                .primary_key(Index::create().col(RateCounters::Scope).col(RateCounters::WindowStart))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_rate_counters_expires_at")
                .table(RateCounters::Table)
                .col(RateCounters::ExpiresAt)
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(RateCounters::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum RateCounters {
    Table,
    Scope,
    WindowStart,
    Count,
    ExpiresAt,
}
