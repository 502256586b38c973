//! Webhook secrets are stored sealed (`sealed1:` + nonce, ciphertext and tag in base64, about
//! 110 characters), longer than the 100 the plain `whsec_...` needed. SQLite does not enforce
//! a string's length, so only PostgreSQL's column changes.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Postgres {
            return Ok(());
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Webhooks::Table)
                    .modify_column(ColumnDef::new(Webhooks::Secret).string_len(255).not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // The wider column is kept: sealed secrets do not fit the old one, and cannot go back to plain.
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Secret,
}
