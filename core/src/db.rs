//! Connecting to SQLite or PostgreSQL and running the migrations.

use std::time::Duration;

use anyhow::Context as _;
use crosstalk_migrations::{Migrator, MigratorTrait as _};
use sea_orm::{ConnectOptions, ConnectionTrait as _, Database, DatabaseConnection, DbBackend};

/// Opens a pool on `url` (`sqlite://path` or `postgres://...`). SQLite files are created
/// when missing and put in WAL mode so readers never wait for the writer; `secure_delete` is on
/// for every connection.
pub async fn connect(url: &str, pool_size: u32) -> anyhow::Result<DatabaseConnection> {
    connect_with(url, pool_size, Duration::from_secs(10)).await
}

/// [`connect`] with a bound on how long a request waits for a connection: past it the request
/// fails with a database fault (503) instead of queueing while the database is unreachable.
pub async fn connect_with(url: &str, pool_size: u32, acquire_timeout: Duration) -> anyhow::Result<DatabaseConnection> {
    let url = if url.starts_with("sqlite:") && !url.contains('?') && !url.contains(":memory:") {
        format!("{url}?mode=rwc")
    } else {
        url.to_owned()
    };
    let mut opts = ConnectOptions::new(url.clone());
    opts.connect_timeout(acquire_timeout).acquire_timeout(acquire_timeout).sqlx_logging(false);
    opts.max_connections(pool_size.max(1));
    // sqlx pings a connection when it goes back to the pool, and by default again when it is
    // taken: one extra round trip per statement. The ping on release already drops a broken
    // connection, so the one on acquire only costs (0.3 ms of CPU per thread listing).
    opts.test_before_acquire(false);
    // Every connection zeroes what it deletes, so an erased member's data does not linger in
    // free pages (see `erasure`).
    opts.map_sqlx_sqlite_opts(|o| o.pragma("secure_delete", "ON"));
    let db = Database::connect(opts).await.with_context(|| format!("connecting to {}", redact(&url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            .await
            .context("setting SQLite pragmas")?;
    }
    Ok(db)
}

/// Applies every pending migration.
pub async fn migrate(db: &DatabaseConnection) -> anyhow::Result<()> {
    Migrator::up(db, None).await.context("running migrations")
}

/// `postgres://user:secret@host/db` -> `postgres://user:***@host/db`, for logs and errors.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(super::redact("postgres://u:pw@h/db"), "postgres://u:***@h/db");
        assert_eq!(super::redact("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
