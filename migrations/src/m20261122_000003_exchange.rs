//! Exchange: cohort of a post, moderation state, flags, mutes, audit log, seen marks.

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

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for col in [
            s_null(Posts::CohortId),
            ColumnDef::new(Posts::OpenFlags).integer().not_null().default(0).to_owned(),
            ColumnDef::new(Posts::ModerationReason).text().null().to_owned(),
            ColumnDef::new(Posts::ModeratedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Posts::QueuedAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Posts::ReplyCount).integer().not_null().default(0).to_owned(),
        ] {
            m.alter_table(Table::alter().table(Posts::Table).add_column(col).to_owned()).await?;
        }
        // Thread listing: a prompt's top-level posts of one cohort by activity.
        m.create_index(
            Index::create()
                .name("ix_posts_thread_list")
                .table(Posts::Table)
                .col(Posts::PromptId)
                .col(Posts::CohortId)
                .col(Posts::Depth)
                .col(Posts::LastActivityAt)
                .to_owned(),
        )
        .await?;
        // Moderation queue: what waits, oldest first, per course.
        m.create_index(
            Index::create()
                .name("ix_posts_queue")
                .table(Posts::Table)
                .col(Posts::CourseId)
                .col(Posts::QueuedAt)
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_posts_root")
                .table(Posts::Table)
                .col(Posts::RootId)
                .col(Posts::CreatedAt)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Flags::Table)
                .col(s(Flags::Id).primary_key())
                .col(s(Flags::PostId))
                .col(s(Flags::CourseId))
                .col(s(Flags::ReporterId))
                .col(ColumnDef::new(Flags::Reason).string_len(16).not_null())
                .col(ColumnDef::new(Flags::Note).text().null())
                .col(ColumnDef::new(Flags::Status).string_len(16).not_null())
                // "post:reporter" while open, NULL once resolved: one open flag per reporter and post.
                .col(ColumnDef::new(Flags::OpenKey).string_len(90).null().unique_key())
                .col(ts(Flags::CreatedAt))
                .col(ColumnDef::new(Flags::ResolvedAt).timestamp_with_time_zone().null())
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_flags_post").table(Flags::Table).col(Flags::PostId).col(Flags::Status).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Mutes::Table)
                .col(s(Mutes::CourseId))
                .col(s(Mutes::MemberId))
                .col(ColumnDef::new(Mutes::Reason).text().not_null())
                .col(s(Mutes::MutedBy))
                .col(ts(Mutes::CreatedAt))
                .primary_key(Index::create().col(Mutes::CourseId).col(Mutes::MemberId))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Audit::Table)
                .col(s(Audit::Id).primary_key())
                .col(s(Audit::CourseId))
                .col(s_null(Audit::CohortId))
                .col(ColumnDef::new(Audit::ActorKind).string_len(16).not_null())
                .col(s(Audit::ActorId))
                .col(ColumnDef::new(Audit::Action).string_len(16).not_null())
                .col(s_null(Audit::PostId))
                .col(s_null(Audit::SubjectMemberId))
                .col(ColumnDef::new(Audit::Reason).text().not_null())
                .col(ColumnDef::new(Audit::Note).text().null())
                .col(ts(Audit::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_audit_course").table(Audit::Table).col(Audit::CourseId).col(Audit::Id).to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(SeenMarks::Table)
                .col(s(SeenMarks::MemberId))
                .col(s(SeenMarks::PromptId))
                .col(ts(SeenMarks::SeenAt))
                .primary_key(Index::create().col(SeenMarks::MemberId).col(SeenMarks::PromptId))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in
            [SeenMarks::Table.into_iden(), Audit::Table.into_iden(), Mutes::Table.into_iden(), Flags::Table.into_iden()]
        {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        for ix in ["ix_posts_thread_list", "ix_posts_queue", "ix_posts_root"] {
            m.drop_index(Index::drop().name(ix).table(Posts::Table).to_owned()).await?;
        }
        for col in [
            Posts::CohortId,
            Posts::OpenFlags,
            Posts::ModerationReason,
            Posts::ModeratedAt,
            Posts::QueuedAt,
            Posts::ReplyCount,
        ] {
            m.alter_table(Table::alter().table(Posts::Table).drop_column(col).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Posts {
    Table,
    CohortId,
    OpenFlags,
    ModerationReason,
    ModeratedAt,
    QueuedAt,
    ReplyCount,
    PromptId,
    Depth,
    LastActivityAt,
    CourseId,
    RootId,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Flags {
    Table,
    Id,
    PostId,
    CourseId,
    ReporterId,
    Reason,
    Note,
    Status,
    OpenKey,
    CreatedAt,
    ResolvedAt,
}

#[derive(DeriveIden)]
enum Mutes {
    Table,
    CourseId,
    MemberId,
    Reason,
    MutedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Audit {
    #[sea_orm(iden = "audit_log")]
    Table,
    Id,
    CourseId,
    CohortId,
    ActorKind,
    ActorId,
    Action,
    PostId,
    SubjectMemberId,
    Reason,
    Note,
    CreatedAt,
}

#[derive(DeriveIden)]
enum SeenMarks {
    Table,
    MemberId,
    PromptId,
    SeenAt,
}
