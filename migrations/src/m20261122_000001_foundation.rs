//! Teams, API keys, courses, modules, prompts, members, cohorts, idempotency keys, settings.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn id(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).not_null().primary_key().to_owned()
}

fn fk_str(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).not_null().to_owned()
}

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}

fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().to_owned()
}

fn fk(
    name: &str,
    from: (impl IntoIden + 'static, impl IntoIden + 'static),
    to: (impl IntoIden + 'static, impl IntoIden + 'static),
) -> ForeignKeyCreateStatement {
    ForeignKey::create().name(name).from(from.0, from.1).to(to.0, to.1).on_delete(ForeignKeyAction::Cascade).to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(Settings::Table)
                .col(ColumnDef::new(Settings::Name).string_len(64).not_null().primary_key())
                .col(ColumnDef::new(Settings::Value).text().not_null())
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Teams::Table)
                .col(id(Teams::Id))
                .col(ColumnDef::new(Teams::Name).string_len(200).not_null())
                .col(ts(Teams::CreatedAt))
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(ApiKeys::Table)
                .col(id(ApiKeys::Id))
                .col(fk_str(ApiKeys::TeamId))
                .col(ColumnDef::new(ApiKeys::Label).string_len(200).not_null())
                .col(ColumnDef::new(ApiKeys::Prefix).string_len(16).not_null())
                .col(ColumnDef::new(ApiKeys::KeyHash).string_len(64).not_null().unique_key())
                .col(ts(ApiKeys::CreatedAt))
                .col(ts_null(ApiKeys::RevokedAt))
                .foreign_key(&mut fk("fk_api_keys_team", (ApiKeys::Table, ApiKeys::TeamId), (Teams::Table, Teams::Id)))
                .to_owned(),
        )
        .await?;
        m.create_index(Index::create().name("ix_api_keys_team").table(ApiKeys::Table).col(ApiKeys::TeamId).to_owned())
            .await?;

        m.create_table(
            Table::create()
                .table(Courses::Table)
                .col(id(Courses::Id))
                .col(fk_str(Courses::TeamId))
                .col(ColumnDef::new(Courses::ExternalRef).string_len(200).null())
                .col(ColumnDef::new(Courses::Title).string_len(300).not_null())
                .col(ColumnDef::new(Courses::Description).text().not_null())
                .col(ColumnDef::new(Courses::Language).string_len(16).not_null())
                .col(ts_null(Courses::StartsAt))
                .col(ts_null(Courses::EndsAt))
                .col(ts(Courses::CreatedAt))
                .col(ts(Courses::UpdatedAt))
                .foreign_key(&mut fk("fk_courses_team", (Courses::Table, Courses::TeamId), (Teams::Table, Teams::Id)))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_courses_team_external_ref")
                .table(Courses::Table)
                .col(Courses::TeamId)
                .col(Courses::ExternalRef)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Modules::Table)
                .col(id(Modules::Id))
                .col(fk_str(Modules::CourseId))
                .col(ColumnDef::new(Modules::Position).integer().not_null())
                .col(ColumnDef::new(Modules::Title).string_len(300).not_null())
                .col(ColumnDef::new(Modules::Description).text().not_null())
                .col(ts(Modules::CreatedAt))
                .col(ts(Modules::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_modules_course",
                    (Modules::Table, Modules::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_modules_course_position")
                .table(Modules::Table)
                .col(Modules::CourseId)
                .col(Modules::Position)
                .col(Modules::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Prompts::Table)
                .col(id(Prompts::Id))
                .col(fk_str(Prompts::ModuleId))
                .col(fk_str(Prompts::CourseId))
                .col(ColumnDef::new(Prompts::Title).string_len(300).not_null())
                .col(ColumnDef::new(Prompts::Body).text().not_null())
                .col(ts(Prompts::OpensAt))
                .col(ts(Prompts::ClosesAt))
                .col(ColumnDef::new(Prompts::MinSeconds).integer().not_null())
                .col(ColumnDef::new(Prompts::MaxSeconds).integer().not_null())
                .col(ColumnDef::new(Prompts::Moderation).string_len(16).not_null())
                .col(ColumnDef::new(Prompts::MaxReplyDepth).integer().not_null())
                .col(ts(Prompts::CreatedAt))
                .col(ts(Prompts::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_prompts_module",
                    (Prompts::Table, Prompts::ModuleId),
                    (Modules::Table, Modules::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_prompts_course",
                    (Prompts::Table, Prompts::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_prompts_module")
                .table(Prompts::Table)
                .col(Prompts::ModuleId)
                .col(Prompts::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Members::Table)
                .col(id(Members::Id))
                .col(fk_str(Members::CourseId))
                .col(ColumnDef::new(Members::ExternalId).string_len(200).not_null())
                .col(ColumnDef::new(Members::Role).string_len(16).not_null())
                .col(ColumnDef::new(Members::DisplayName).string_len(200).not_null())
                .col(ColumnDef::new(Members::Email).string_len(320).null())
                .col(ColumnDef::new(Members::Country).string_len(2).null())
                .col(ColumnDef::new(Members::Languages).string_len(200).not_null())
                .col(ColumnDef::new(Members::Locale).string_len(16).not_null())
                .col(ts(Members::CreatedAt))
                .col(ts(Members::UpdatedAt))
                .foreign_key(&mut fk(
                    "fk_members_course",
                    (Members::Table, Members::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_members_course_external_id")
                .table(Members::Table)
                .col(Members::CourseId)
                .col(Members::ExternalId)
                .unique()
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(Cohorts::Table)
                .col(id(Cohorts::Id))
                .col(fk_str(Cohorts::CourseId))
                .col(ColumnDef::new(Cohorts::Name).string_len(200).not_null())
                .col(ts(Cohorts::CreatedAt))
                .foreign_key(&mut fk(
                    "fk_cohorts_course",
                    (Cohorts::Table, Cohorts::CourseId),
                    (Courses::Table, Courses::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_cohorts_course")
                .table(Cohorts::Table)
                .col(Cohorts::CourseId)
                .col(Cohorts::Id)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(CohortMembers::Table)
                .col(fk_str(CohortMembers::CohortId))
                .col(fk_str(CohortMembers::MemberId))
                .col(fk_str(CohortMembers::CourseId))
                .primary_key(Index::create().col(CohortMembers::CohortId).col(CohortMembers::MemberId))
                .foreign_key(&mut fk(
                    "fk_cohort_members_cohort",
                    (CohortMembers::Table, CohortMembers::CohortId),
                    (Cohorts::Table, Cohorts::Id),
                ))
                .foreign_key(&mut fk(
                    "fk_cohort_members_member",
                    (CohortMembers::Table, CohortMembers::MemberId),
                    (Members::Table, Members::Id),
                ))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ix_cohort_members_member")
                .table(CohortMembers::Table)
                .col(CohortMembers::MemberId)
                .to_owned(),
        )
        .await?;

        m.create_table(
            Table::create()
                .table(IdempotencyKeys::Table)
                .col(ColumnDef::new(IdempotencyKeys::Principal).string_len(64).not_null())
                .col(ColumnDef::new(IdempotencyKeys::Key).string_len(255).not_null())
                .col(ColumnDef::new(IdempotencyKeys::RequestHash).string_len(64).not_null())
                .col(ColumnDef::new(IdempotencyKeys::Status).integer().null())
                .col(ColumnDef::new(IdempotencyKeys::ContentType).string_len(100).null())
                .col(ColumnDef::new(IdempotencyKeys::Body).text().null())
                .col(ts(IdempotencyKeys::CreatedAt))
                .primary_key(Index::create().col(IdempotencyKeys::Principal).col(IdempotencyKeys::Key))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        for t in [
            IdempotencyKeys::Table.into_iden(),
            CohortMembers::Table.into_iden(),
            Cohorts::Table.into_iden(),
            Members::Table.into_iden(),
            Prompts::Table.into_iden(),
            Modules::Table.into_iden(),
            Courses::Table.into_iden(),
            ApiKeys::Table.into_iden(),
            Teams::Table.into_iden(),
            Settings::Table.into_iden(),
        ] {
            m.drop_table(Table::drop().table(t).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden)]
enum Settings {
    Table,
    Name,
    Value,
}

#[derive(DeriveIden)]
pub(crate) enum Teams {
    Table,
    Id,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    Id,
    TeamId,
    Label,
    Prefix,
    KeyHash,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Courses {
    Table,
    Id,
    TeamId,
    ExternalRef,
    Title,
    Description,
    Language,
    StartsAt,
    EndsAt,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Modules {
    Table,
    Id,
    CourseId,
    Position,
    Title,
    Description,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Prompts {
    Table,
    Id,
    ModuleId,
    CourseId,
    Title,
    Body,
    OpensAt,
    ClosesAt,
    MinSeconds,
    MaxSeconds,
    Moderation,
    MaxReplyDepth,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Members {
    Table,
    Id,
    CourseId,
    ExternalId,
    Role,
    DisplayName,
    Email,
    Country,
    Languages,
    Locale,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
pub(crate) enum Cohorts {
    Table,
    Id,
    CourseId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum CohortMembers {
    Table,
    CohortId,
    MemberId,
    CourseId,
}

#[derive(DeriveIden)]
enum IdempotencyKeys {
    Table,
    Principal,
    Key,
    RequestHash,
    Status,
    ContentType,
    Body,
    CreatedAt,
}
