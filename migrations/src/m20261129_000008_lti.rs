//! LTI 1.3: platforms registered by teams, the tool's own RS256 keys (private halves sealed),
//! single-use login states, the contexts and resource links launches arrive from.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

fn s(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(40).not_null().to_owned()
}
fn url(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).string_len(2048).not_null().to_owned()
}
fn text(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).text().not_null().to_owned()
}
fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().not_null().to_owned()
}
fn ts_null(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().null().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.create_table(
            Table::create()
                .table(LtiRegistrations::Table)
                .col(s(LtiRegistrations::Id).primary_key())
                .col(s(LtiRegistrations::TeamId))
                .col(url(LtiRegistrations::Issuer))
                .col(ColumnDef::new(LtiRegistrations::ClientId).string_len(255).not_null())
                .col(text(LtiRegistrations::DeploymentIds))
                .col(url(LtiRegistrations::AuthLoginUrl))
                .col(url(LtiRegistrations::AuthTokenUrl))
                .col(url(LtiRegistrations::JwksUrl))
                .col(ColumnDef::new(LtiRegistrations::PlatformJwks).text().null())
                .col(ts_null(LtiRegistrations::JwksFetchedAt))
                .col(ts(LtiRegistrations::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_lti_registrations_issuer_client")
                .table(LtiRegistrations::Table)
                .col(LtiRegistrations::Issuer)
                .col(LtiRegistrations::ClientId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LtiKeys::Table)
                .col(s(LtiKeys::Kid).primary_key())
                .col(text(LtiKeys::PublicJwk))
                .col(text(LtiKeys::PrivateSealed))
                .col(ts(LtiKeys::CreatedAt))
                .col(ts_null(LtiKeys::RetiredAt))
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LtiStates::Table)
                .col(ColumnDef::new(LtiStates::StateHash).string_len(64).not_null().primary_key())
                .col(ColumnDef::new(LtiStates::NonceHash).string_len(64).not_null())
                .col(s(LtiStates::RegistrationId))
                .col(text(LtiStates::LoginParams))
                .col(ts(LtiStates::ExpiresAt))
                .col(ts_null(LtiStates::UsedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create().name("ix_lti_states_expires").table(LtiStates::Table).col(LtiStates::ExpiresAt).to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LtiContexts::Table)
                .col(s(LtiContexts::Id).primary_key())
                .col(s(LtiContexts::RegistrationId))
                .col(ColumnDef::new(LtiContexts::ContextId).string_len(255).not_null())
                .col(s(LtiContexts::CourseId))
                .col(ColumnDef::new(LtiContexts::NrpsUrl).string_len(2048).null())
                .col(ts(LtiContexts::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_lti_contexts_registration_context")
                .table(LtiContexts::Table)
                .col(LtiContexts::RegistrationId)
                .col(LtiContexts::ContextId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LtiResourceLinks::Table)
                .col(s(LtiResourceLinks::Id).primary_key())
                .col(s(LtiResourceLinks::RegistrationId))
                .col(ColumnDef::new(LtiResourceLinks::ResourceLinkId).string_len(255).not_null())
                .col(s(LtiResourceLinks::CourseId))
                .col(ColumnDef::new(LtiResourceLinks::PromptId).string_len(40).null())
                .col(ColumnDef::new(LtiResourceLinks::LineitemUrl).string_len(2048).null())
                .col(ts(LtiResourceLinks::CreatedAt))
                .to_owned(),
        )
        .await?;
        m.create_index(
            Index::create()
                .name("ux_lti_resource_links_registration_link")
                .table(LtiResourceLinks::Table)
                .col(LtiResourceLinks::RegistrationId)
                .col(LtiResourceLinks::ResourceLinkId)
                .unique()
                .to_owned(),
        )
        .await?;
        m.create_table(
            Table::create()
                .table(LtiInactiveMembers::Table)
                .col(s(LtiInactiveMembers::MemberId).primary_key())
                .col(s(LtiInactiveMembers::CourseId))
                .col(ts(LtiInactiveMembers::Since))
                .to_owned(),
        )
        .await?;
        Ok(())
    }

    async fn down(&self, m: &SchemaManager) -> Result<(), DbErr> {
        m.drop_table(Table::drop().table(LtiInactiveMembers::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(LtiResourceLinks::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(LtiContexts::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(LtiStates::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(LtiKeys::Table).to_owned()).await?;
        m.drop_table(Table::drop().table(LtiRegistrations::Table).to_owned()).await?;
        Ok(())
    }
}

#[derive(DeriveIden)]
enum LtiRegistrations {
    Table,
    Id,
    TeamId,
    Issuer,
    ClientId,
    DeploymentIds,
    AuthLoginUrl,
    AuthTokenUrl,
    JwksUrl,
    PlatformJwks,
    JwksFetchedAt,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LtiKeys {
    Table,
    Kid,
    PublicJwk,
    PrivateSealed,
    CreatedAt,
    RetiredAt,
}

#[derive(DeriveIden)]
enum LtiStates {
    Table,
    StateHash,
    NonceHash,
    RegistrationId,
    LoginParams,
    ExpiresAt,
    UsedAt,
}

#[derive(DeriveIden)]
enum LtiContexts {
    Table,
    Id,
    RegistrationId,
    ContextId,
    CourseId,
    NrpsUrl,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LtiResourceLinks {
    Table,
    Id,
    RegistrationId,
    ResourceLinkId,
    CourseId,
    PromptId,
    LineitemUrl,
    CreatedAt,
}

#[derive(DeriveIden)]
enum LtiInactiveMembers {
    Table,
    MemberId,
    CourseId,
    Since,
}
