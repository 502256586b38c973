//! Assignment and Grade Services: a prompt says how many peers a learner must reply to (besides
//! answering) before a score goes to the platform's gradebook (`required_replies`, default 1).
//! Scores travel as deliveries of the outbox (channel `lti_score`); they need no table of their own.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Prompts::Table)
                    .add_column(ColumnDef::new(Prompts::RequiredReplies).integer().not_null().default(1))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Prompts::Table).drop_column(Prompts::RequiredReplies).to_owned()).await
    }
}

#[derive(DeriveIden)]
enum Prompts {
    Table,
    RequiredReplies,
}
