//! Helpers for tests that need a fresh database: a temp SQLite file, or a new PostgreSQL
//! database when `CROSSTALK_TEST_DATABASE_URL` is set.

use anyhow::Context as _;
use sea_orm::{ConnectionTrait as _, Database};

/// The env var naming a PostgreSQL server URL for tests (e.g. `postgres://postgres:postgres@localhost/postgres`).
pub const TEST_DATABASE_URL: &str = "CROSSTALK_TEST_DATABASE_URL";

/// A URL of a new, empty database: a new PostgreSQL database on the test server when
/// [`TEST_DATABASE_URL`] is set, otherwise an SQLite file in `dir`.
pub async fn fresh_database_url(dir: &std::path::Path) -> anyhow::Result<String> {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(base) if !base.is_empty() => {
            let name = format!("ct_test_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&base).await.context("connecting to CROSSTALK_TEST_DATABASE_URL")?;
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.context("creating test database")?;
            admin.close().await.ok();
            let (prefix, _) = base.rsplit_once('/').context("CROSSTALK_TEST_DATABASE_URL has no database name")?;
            Ok(format!("{prefix}/{name}"))
        }
        _ => Ok(format!("sqlite://{}", dir.join("test.db").display())),
    }
}
