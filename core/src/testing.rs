//! Helpers for tests that need a fresh database: a temp SQLite file, or a new PostgreSQL
//! database when `CROSSTALK_TEST_DATABASE_URL` is set.

use anyhow::Context as _;
use sea_orm::{ConnectionTrait as _, Database};

/// The env var naming a PostgreSQL server URL for tests (e.g. `postgres://postgres:postgres@localhost/postgres`).
pub const TEST_DATABASE_URL: &str = "CROSSTALK_TEST_DATABASE_URL";

/// Test databases are named `ct_test_<unix seconds>_<uuid>`; those older than this are dropped when a new
/// one is made, so test runs do not fill the server's disk (a run makes one per test, ~130).
const STALE_AFTER_SECS: i64 = 2 * 60 * 60;

/// Drops test databases made more than [`STALE_AFTER_SECS`] ago, and those of the old unnamed-age form.
/// Best effort: another run may drop the same one first, or a database may still be in use.
async fn drop_stale_databases(admin: &sea_orm::DatabaseConnection, now: i64) {
    let Ok(rows) = admin
        .query_all(sea_orm::Statement::from_string(
            admin.get_database_backend(),
            "SELECT datname FROM pg_database WHERE datname LIKE 'ct\\_test\\_%'",
        ))
        .await
    else {
        return;
    };
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else { continue };
        let made = name.split('_').nth(2).and_then(|t| t.parse::<i64>().ok());
        let stale = match made {
            Some(t) => now - t > STALE_AFTER_SECS,
            None => true, // `ct_test_<uuid>`: from before databases carried their age
        };
        if stale && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            admin.execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")).await.ok();
        }
    }
}

/// A URL of a new, empty database: a new PostgreSQL database on the test server when
/// [`TEST_DATABASE_URL`] is set, otherwise an SQLite file in `dir`.
pub async fn fresh_database_url(dir: &std::path::Path) -> anyhow::Result<String> {
    match std::env::var(TEST_DATABASE_URL) {
        Ok(base) if !base.is_empty() => {
            let now = chrono::Utc::now().timestamp();
            let name = format!("ct_test_{now}_{}", uuid::Uuid::new_v4().simple());
            let admin = Database::connect(&base).await.context("connecting to CROSSTALK_TEST_DATABASE_URL")?;
            // Once per test process: every test makes a database, the sweep needs doing once.
            static SWEPT: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);
            if !SWEPT.swap(true, std::sync::atomic::Ordering::Relaxed) {
                drop_stale_databases(&admin, now).await;
            }
            admin.execute_unprepared(&format!("CREATE DATABASE {name}")).await.context("creating test database")?;
            admin.close().await.ok();
            let (prefix, _) = base.rsplit_once('/').context("CROSSTALK_TEST_DATABASE_URL has no database name")?;
            Ok(format!("{prefix}/{name}"))
        }
        _ => Ok(format!("sqlite://{}", dir.join("test.db").display())),
    }
}
