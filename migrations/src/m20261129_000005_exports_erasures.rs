//! Course exports (a job writes the zip to the store) and member erasures (a job deletes a
//! member's media and personal data and keeps a report of what it did).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn s(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).not_null().to_owned()
}
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}
fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Exports::Table)
                .col(s(Exports::Id).primary_key())
                .col(s(Exports::CourseId))
                .col(s(Exports::TeamId))
                // `queued`, `running`, `ready`, `failed`, `expired`.
                .col(ColumnDef::new(Exports::State).string_len(16).not_null())
                .col(ColumnDef::new(Exports::Progress).integer().not_null().default(0))
                .col(ColumnDef::new(Exports::Key).string_len(200).null())
                .col(ColumnDef::new(Exports::Bytes).big_integer().null())
                .col(ts(Exports::CreatedAt))
                .col(ts_null(Exports::FinishedAt))
                .col(ts_null(Exports::ExpiresAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_exports_course").table(Exports::Table).col(Exports::CourseId).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Erasures::Table)
                .col(s(Erasures::Id).primary_key())
                .col(s(Erasures::CourseId))
                .col(s(Erasures::TeamId))
                .col(s(Erasures::MemberId))
                .col(ColumnDef::new(Erasures::Pseudonym).string_len(100).not_null())
                // `queued`, `running`, `done`.
                .col(ColumnDef::new(Erasures::State).string_len(16).not_null())
                // JSON: what was deleted, step by step.
                .col(ColumnDef::new(Erasures::Report).text().not_null())
                .col(ts(Erasures::CreatedAt))
                .col(ts_null(Erasures::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_erasures_member").table(Erasures::Table).col(Erasures::MemberId).to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Erasures::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Exports::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Exports {
    Table,
    Id,
    CourseId,
    TeamId,
    State,
    Progress,
    Key,
    Bytes,
    CreatedAt,
    FinishedAt,
    ExpiresAt,
}

#[derive(DeriveIden)]
enum Erasures {
    Table,
    Id,
    CourseId,
    TeamId,
    MemberId,
    Pseudonym,
    State,
    Report,
    CreatedAt,
    FinishedAt,
}
