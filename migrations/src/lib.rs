//! Database migrations for Crosstalk, one file per change, run at start and by `crosstalk migrate`.
#![allow(elided_lifetimes_in_paths, reason = "sea-orm-migration's async_trait signatures")]

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_foundation;
mod m20261122_000002_media;
mod m20261122_000003_exchange;
mod m20261122_000004_listing_indexes;
mod m20261122_000005_notifications;
mod m20261122_000006_listing_index_only;
mod m20261129_000001_web;
mod m20261129_000004_captions;
mod m20261129_000005_exports_erasures;
mod m20261129_000006_retention;
mod m20261129_000007_sealed_webhook_secrets;
mod m20261129_000008_lti;
mod m20261129_000009_rate_limits;
mod m20261129_000010_pseudonyms;
mod m20261129_000011_lti_grades;
mod m20261129_000012_listing_indexes;
mod m20261129_000013_lti_subjects;
mod m20261129_000014_flag_cohorts;
mod m20261129_000015_author_page;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_foundation::Migration),
            Box::new(m20261122_000002_media::Migration),
            Box::new(m20261122_000003_exchange::Migration),
            Box::new(m20261122_000004_listing_indexes::Migration),
            Box::new(m20261122_000005_notifications::Migration),
            Box::new(m20261122_000006_listing_index_only::Migration),
            Box::new(m20261129_000001_web::Migration),
            Box::new(m20261129_000004_captions::Migration),
            Box::new(m20261129_000005_exports_erasures::Migration),
            Box::new(m20261129_000006_retention::Migration),
            Box::new(m20261129_000007_sealed_webhook_secrets::Migration),
            Box::new(m20261129_000008_lti::Migration),
            Box::new(m20261129_000009_rate_limits::Migration),
            Box::new(m20261129_000010_pseudonyms::Migration),
            Box::new(m20261129_000011_lti_grades::Migration),
            Box::new(m20261129_000012_listing_indexes::Migration),
            Box::new(m20261129_000013_lti_subjects::Migration),
            Box::new(m20261129_000014_flag_cohorts::Migration),
            Box::new(m20261129_000015_author_page::Migration),
        ]
    }
}
