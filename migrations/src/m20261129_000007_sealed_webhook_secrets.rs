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

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm_migration::sea_orm::DbBackend::Postgres {
            return Ok(());
        }
        // Back to the old width. PostgreSQL refuses this ("value too long") while sealed secrets are
        // stored: they cannot go back to plain, so such a database cannot go below this migration
        // without deleting its webhooks first.
        manager
            .alter_table(
                Table::alter()
                    .table(Webhooks::Table)
                    .modify_column(ColumnDef::new(Webhooks::Secret).string_len(100).not_null())
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Secret,
}
