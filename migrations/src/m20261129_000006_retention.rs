//! Retention per course: original uploads are deleted N days after their video is ready, and the
//! whole course's media and personal data N days after the course ends (no row: the defaults).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CourseRetention::Table)
                .col(ColumnDef::new(CourseRetention::CourseId).string_len(40).not_null().primary_key())
                .col(ColumnDef::new(CourseRetention::OriginalsDays).integer().not_null())
                .col(ColumnDef::new(CourseRetention::PurgeAfterDays).integer().null())
                .col(ColumnDef::new(CourseRetention::PurgedAt).timestamp_with_time_zone().null())
                .col(ColumnDef::new(CourseRetention::UpdatedAt).timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(CourseRetention::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum CourseRetention {
    Table,
    CourseId,
    OriginalsDays,
    PurgeAfterDays,
    PurgedAt,
    UpdatedAt,
}
