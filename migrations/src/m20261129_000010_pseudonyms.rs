//! Learners' own data on the pages (issue 14): a course may let learners appear to each other
//! under a pseudonym they choose (`course_pseudonyms`: the setting, no row = off; `pseudonyms`:
//! one chosen name per member, unique in its course), and a failed course export keeps why
//! (`exports.failure_reason`, a stable code).

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(CoursePseudonyms::Table)
                .col(ColumnDef::new(CoursePseudonyms::CourseId).string_len(40).not_null().primary_key())
                .col(ColumnDef::new(CoursePseudonyms::Enabled).boolean().not_null())
                .col(ColumnDef::new(CoursePseudonyms::UpdatedAt).timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Pseudonyms::Table)
                .col(ColumnDef::new(Pseudonyms::MemberId).string_len(40).not_null().primary_key())
                .col(ColumnDef::new(Pseudonyms::CourseId).string_len(40).not_null())
                .col(ColumnDef::new(Pseudonyms::Name).string_len(60).not_null())
                .col(ColumnDef::new(Pseudonyms::NameKey).string_len(60).not_null())
                .col(ColumnDef::new(Pseudonyms::UpdatedAt).timestamp_with_time_zone().not_null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_pseudonyms_course_name")
                .table(Pseudonyms::Table)
                .col(Pseudonyms::CourseId)
                .col(Pseudonyms::NameKey)
                .unique()
                .to_owned(),
        )
        .await?;
        m.alter_table(
            Table::alter()
                .table(Exports::Table)
                .add_column(ColumnDef::new(Exports::FailureReason).string_len(60).null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.alter_table(Table::alter().table(Exports::Table).drop_column(Exports::FailureReason).to_owned()).await?;
        m.drop_table(Table::drop().table(Pseudonyms::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(CoursePseudonyms::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum CoursePseudonyms {
    Table,
    CourseId,
    Enabled,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Pseudonyms {
    Table,
    MemberId,
    CourseId,
    Name,
    NameKey,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Exports {
    Table,
    FailureReason,
}
