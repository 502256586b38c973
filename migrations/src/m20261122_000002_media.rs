//! Uploads (tus) and their parts, posts, videos, and the job queue.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn s(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).not_null().to_owned()
}
fn s_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).null().to_owned()
}
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}
fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().to_owned()
}
fn big(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).big_integer().not_null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Uploads::Table)
                .col(s(Uploads::Id).primary_key())
                .col(s(Uploads::MemberId))
                .col(s(Uploads::CourseId))
                .col(big(Uploads::Length))
                .col(big(Uploads::Offset))
                .col(ColumnDef::new(Uploads::Filename).string_len(255).null())
                .col(ColumnDef::new(Uploads::Filetype).string_len(255).null())
                .col(ColumnDef::new(Uploads::Metadata).text().null())
                .col(ColumnDef::new(Uploads::State).string_len(16).not_null())
                .col(ColumnDef::new(Uploads::Parts).integer().not_null())
                .col(s_null(Uploads::LockToken))
                .col(ts_null(Uploads::LockedUntil))
                .col(ts(Uploads::ExpiresAt))
                .col(ts(Uploads::CreatedAt))
                .col(ts(Uploads::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_uploads_member_state")
                .table(Uploads::Table)
                .col(Uploads::MemberId)
                .col(Uploads::State)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_uploads_state_expires")
                .table(Uploads::Table)
                .col(Uploads::State)
                .col(Uploads::ExpiresAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(UploadParts::Table)
                .col(s(UploadParts::UploadId))
                .col(big(UploadParts::Offset))
                .col(big(UploadParts::Size))
                .col(ColumnDef::new(UploadParts::Key).string_len(255).not_null())
                .col(ts(UploadParts::CreatedAt))
                .primary_key(Index::create().col(UploadParts::UploadId).col(UploadParts::Offset))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Posts::Table)
                .col(s(Posts::Id).primary_key())
                .col(s(Posts::CourseId))
                .col(s(Posts::PromptId))
                .col(s(Posts::AuthorId))
                .col(s_null(Posts::ParentId))
                .col(s_null(Posts::RootId))
                .col(ColumnDef::new(Posts::Depth).integer().not_null())
                .col(ColumnDef::new(Posts::Text).text().not_null())
                .col(ColumnDef::new(Posts::State).string_len(16).not_null())
                .col(s(Posts::VideoId))
                .col(ts(Posts::CreatedAt))
                .col(ts(Posts::UpdatedAt))
                .col(ts(Posts::LastActivityAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_posts_prompt_activity")
                .table(Posts::Table)
                .col(Posts::PromptId)
                .col(Posts::LastActivityAt)
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_posts_author").table(Posts::Table).col(Posts::AuthorId).to_owned())
            .await?;
        m.create_index(Index::create().name("ix_posts_parent").table(Posts::Table).col(Posts::ParentId).to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table(Videos::Table)
                .col(s(Videos::Id).primary_key())
                .col(s(Videos::PostId))
                .col(s(Videos::UploadId).unique_key())
                .col(s(Videos::CourseId))
                .col(ColumnDef::new(Videos::Status).string_len(16).not_null())
                .col(ColumnDef::new(Videos::Progress).integer().not_null())
                .col(ColumnDef::new(Videos::Reason).string_len(32).null())
                .col(ColumnDef::new(Videos::DurationMs).big_integer().null())
                .col(ColumnDef::new(Videos::Width).integer().null())
                .col(ColumnDef::new(Videos::Height).integer().null())
                .col(ColumnDef::new(Videos::HasAudio).boolean().null())
                .col(ColumnDef::new(Videos::Meta).text().null())
                .col(ColumnDef::new(Videos::SourceBytes).big_integer().not_null())
                .col(ColumnDef::new(Videos::OutputBytes).big_integer().null())
                .col(ts(Videos::CreatedAt))
                .col(ts(Videos::UpdatedAt))
                .col(ts_null(Videos::ReadyAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Jobs::Table)
                .col(s(Jobs::Id).primary_key())
                .col(ColumnDef::new(Jobs::Kind).string_len(32).not_null())
                .col(ColumnDef::new(Jobs::Payload).text().not_null())
                .col(s_null(Jobs::TeamId))
                .col(ColumnDef::new(Jobs::State).string_len(16).not_null())
                .col(ColumnDef::new(Jobs::Attempts).integer().not_null())
                .col(ColumnDef::new(Jobs::MaxAttempts).integer().not_null())
                .col(ts(Jobs::RunAt))
                .col(ColumnDef::new(Jobs::LeaseOwner).string_len(64).null())
                .col(ts_null(Jobs::LeaseUntil))
                .col(ColumnDef::new(Jobs::LastError).text().null())
                .col(ts(Jobs::CreatedAt))
                .col(ts(Jobs::UpdatedAt))
                .col(ts_null(Jobs::FinishedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_jobs_state_run_at")
                .table(Jobs::Table)
                .col(Jobs::State)
                .col(Jobs::RunAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_jobs_state_lease")
                .table(Jobs::Table)
                .col(Jobs::State)
                .col(Jobs::LeaseUntil)
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            Jobs::Table.into_iden(),
            Videos::Table.into_iden(),
            Posts::Table.into_iden(),
            UploadParts::Table.into_iden(),
            Uploads::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Uploads {
    Table,
    Id,
    MemberId,
    CourseId,
    Length,
    Offset,
    Filename,
    Filetype,
    Metadata,
    State,
    Parts,
    LockToken,
    LockedUntil,
    ExpiresAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum UploadParts {
    Table,
    UploadId,
    Offset,
    Size,
    Key,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    Id,
    CourseId,
    PromptId,
    AuthorId,
    ParentId,
    RootId,
    Depth,
    Text,
    State,
    VideoId,
    CreatedAt,
    UpdatedAt,
    LastActivityAt,
}

#[derive(DeriveIden)]
enum Videos {
    Table,
    Id,
    PostId,
    UploadId,
    CourseId,
    Status,
    Progress,
    Reason,
    DurationMs,
    Width,
    Height,
    HasAudio,
    Meta,
    SourceBytes,
    OutputBytes,
    CreatedAt,
    UpdatedAt,
    ReadyAt,
}

#[derive(DeriveIden)]
enum Jobs {
    Table,
    Id,
    Kind,
    Payload,
    TeamId,
    State,
    Attempts,
    MaxAttempts,
    RunAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    CreatedAt,
    UpdatedAt,
    FinishedAt,
}
