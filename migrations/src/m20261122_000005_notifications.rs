//! Notifications: the transactional outbox of events, their deliveries (email and webhooks),
//! team webhooks, members' notification preferences, nudges sent and digests sent.

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
fn flag(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).boolean().not_null().default(true).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Events::Table)
                .col(s(Events::Id).primary_key())
                .col(s(Events::TeamId))
                .col(s_null(Events::CourseId))
                .col(ColumnDef::new(Events::Kind).string_len(32).not_null())
                .col(s_null(Events::SubjectId))
                .col(ColumnDef::new(Events::Payload).text().not_null())
                .col(ts(Events::CreatedAt))
                // NULL until the worker has written the event's deliveries.
                .col(ts_null(Events::FannedOutAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_events_fan_out")
                .table(Events::Table)
                .col(Events::FannedOutAt)
                .col(Events::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Webhooks::Table)
                .col(s(Webhooks::Id).primary_key())
                .col(s(Webhooks::TeamId))
                .col(s_null(Webhooks::CourseId))
                .col(ColumnDef::new(Webhooks::Url).string_len(2048).not_null())
                // Comma-separated event types.
                .col(ColumnDef::new(Webhooks::Events).string_len(200).not_null())
                .col(ColumnDef::new(Webhooks::Secret).string_len(100).not_null())
                .col(ColumnDef::new(Webhooks::Active).boolean().not_null().default(true))
                .col(ts(Webhooks::CreatedAt))
                .col(ts(Webhooks::UpdatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_webhooks_team").table(Webhooks::Table).col(Webhooks::TeamId).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Deliveries::Table)
                .col(s(Deliveries::Id).primary_key())
                .col(s(Deliveries::EventId))
                .col(s(Deliveries::TeamId))
                .col(ColumnDef::new(Deliveries::Channel).string_len(16).not_null())
                .col(s_null(Deliveries::MemberId))
                .col(s_null(Deliveries::WebhookId))
                // One delivery per event (or per natural subject) and recipient.
                .col(ColumnDef::new(Deliveries::DedupeKey).string_len(200).not_null().unique_key())
                .col(ColumnDef::new(Deliveries::State).string_len(16).not_null())
                .col(ColumnDef::new(Deliveries::Attempts).integer().not_null().default(0))
                .col(ts(Deliveries::NextAttemptAt))
                .col(ColumnDef::new(Deliveries::LeaseOwner).string_len(120).null())
                .col(ts_null(Deliveries::LeaseUntil))
                .col(ColumnDef::new(Deliveries::LastError).text().null())
                .col(ColumnDef::new(Deliveries::ResponseStatus).integer().null())
                .col(ts(Deliveries::CreatedAt))
                .col(ts(Deliveries::UpdatedAt))
                .col(ts_null(Deliveries::SentAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_deliveries_due")
                .table(Deliveries::Table)
                .col(Deliveries::State)
                .col(Deliveries::NextAttemptAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_deliveries_webhook")
                .table(Deliveries::Table)
                .col(Deliveries::WebhookId)
                .col(Deliveries::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(NotificationPrefs::Table)
                .col(s(NotificationPrefs::MemberId).primary_key())
                .col(flag(NotificationPrefs::Replies))
                .col(flag(NotificationPrefs::VideoStatus))
                .col(flag(NotificationPrefs::Moderation))
                .col(flag(NotificationPrefs::Digest))
                .col(flag(NotificationPrefs::Nudges))
                .col(ts(NotificationPrefs::UpdatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Nudges::Table)
                .col(s(Nudges::PromptId))
                .col(s(Nudges::MemberId))
                .col(s(Nudges::EventId))
                .col(ts(Nudges::CreatedAt))
                .primary_key(Index::create().col(Nudges::PromptId).col(Nudges::MemberId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Digests::Table)
                .col(s(Digests::MemberId).primary_key())
                .col(ts(Digests::LastSentAt))
                .to_owned(),
        )
        .await?;

        for col in [
            ColumnDef::new(Prompts::NudgeAfterDays).integer().not_null().default(3).to_owned(),
            ColumnDef::new(Prompts::NudgeMessage).text().not_null().default("").to_owned(),
        ] {
            m.alter_table(Table::alter().table(Prompts::Table).add_column(col).to_owned()).await?;
        }
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [Prompts::NudgeAfterDays, Prompts::NudgeMessage] {
            m.alter_table(Table::alter().table(Prompts::Table).drop_column(col).to_owned()).await?;
        }
        m.drop_table(Table::drop().table(Digests::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Nudges::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(NotificationPrefs::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Deliveries::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Webhooks::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(Events::Table).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Events {
    Table,
    Id,
    TeamId,
    CourseId,
    Kind,
    SubjectId,
    Payload,
    CreatedAt,
    FannedOutAt,
}

#[derive(DeriveIden)]
enum Webhooks {
    Table,
    Id,
    TeamId,
    CourseId,
    Url,
    Events,
    Secret,
    Active,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Deliveries {
    Table,
    Id,
    EventId,
    TeamId,
    Channel,
    MemberId,
    WebhookId,
    DedupeKey,
    State,
    Attempts,
    NextAttemptAt,
    LeaseOwner,
    LeaseUntil,
    LastError,
    ResponseStatus,
    CreatedAt,
    UpdatedAt,
    SentAt,
}

#[derive(DeriveIden)]
enum NotificationPrefs {
    Table,
    MemberId,
    Replies,
    VideoStatus,
    Moderation,
    Digest,
    Nudges,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Nudges {
    Table,
    PromptId,
    MemberId,
    EventId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Digests {
    Table,
    MemberId,
    LastSentAt,
}

#[derive(DeriveIden)]
enum Prompts {
    Table,
    NudgeAfterDays,
    NudgeMessage,
}
