//! Web sign-in: single-use sign-in links and browser sessions. Only SHA-256 hashes of the random
//! secrets are stored; the link and the cookie carry the secrets themselves.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn s(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).not_null().to_owned()
}
fn hash(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(64).not_null().to_owned()
}
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(SignInLinks::Table)
                .col(s(SignInLinks::Id).primary_key())
                .col(s(SignInLinks::MemberId))
                .col(s(SignInLinks::CourseId))
                .col(hash(SignInLinks::TokenHash).unique_key())
                .col(ts(SignInLinks::ExpiresAt))
                .col(ColumnDef::new(SignInLinks::UsedAt).timestamp_with_time_zone().null())
                .col(ts(SignInLinks::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_sign_in_links_member")
                .table(SignInLinks::Table)
                .col(SignInLinks::MemberId)
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(Sessions::Table)
                .col(hash(Sessions::IdHash).primary_key())
                .col(s(Sessions::MemberId))
                .col(ts(Sessions::CreatedAt))
                .col(ts(Sessions::ExpiresAt))
                .col(ts(Sessions::LastSeenAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_sessions_member").table(Sessions::Table).col(Sessions::MemberId).to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_sessions_expires").table(Sessions::Table).col(Sessions::ExpiresAt).to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(Sessions::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(SignInLinks::Table).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum SignInLinks {
    Table,
    Id,
    MemberId,
    CourseId,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    MemberId,
    CreatedAt,
    ExpiresAt,
    LastSeenAt,
}
