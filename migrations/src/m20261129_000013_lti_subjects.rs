//! The platform's own user id (`sub`) of a member whose `sub` could not be its `external_id`
//! (over 200 characters, or with a space or `/`): the member's `external_id` is then a digest,
//! and scores must still name the user as the platform knows them.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LtiSubjects::Table)
                .col(ColumnDef::new(LtiSubjects::MemberId).string_len(40).not_null().primary_key())
                .col(ColumnDef::new(LtiSubjects::CourseId).string_len(40).not_null())
                .col(ColumnDef::new(LtiSubjects::Sub).string_len(255).not_null())
                .to_owned(),
        )
        .await
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LtiSubjects::Table).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum LtiSubjects {
    Table,
    MemberId,
    CourseId,
    Sub,
}
