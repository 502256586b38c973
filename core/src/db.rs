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
        plain_on_loopback(url)
    };
    let db = Database::connect(options(&url, pool_size, acquire_timeout))
        .await
        .with_context(|| format!("connecting to {}", redact(&url)))?;
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_unprepared("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            .await
            .context("setting SQLite pragmas")?;
    }
    Ok(db)
}

/// The pool for listing statements (thread pages, the moderation queue): on PostgreSQL its
/// connections use generic plans (`plan_cache_mode = force_generic_plan`), so a statement is
/// planned once per connection instead of on every execution -- re-planning was a third of the
/// database's CPU per listing (0.4-0.8 ms). Only statements whose generic plan was checked on the
/// bench run here (bench/exchange_listing.sh): the listings, whose row limits are literals
/// ([`crate::listing::all_with_media`]) and whose branches are index ranges, and the lookups by a
/// unique key around them (authentication, the listed prompt, the queue's course). On SQLite (no
/// plan cache to speak of) it is `main` itself.
pub async fn connect_listings(
    main: &DatabaseConnection,
    url: &str,
    pool_size: u32,
    acquire_timeout: Duration,
) -> anyhow::Result<DatabaseConnection> {
    if main.get_database_backend() != DbBackend::Postgres {
        return Ok(main.clone());
    }
    let url = plain_on_loopback(url);
    let mut opts = options(&url, pool_size, acquire_timeout);
    opts.connect_lazy(true).map_sqlx_postgres_opts(|o| o.options([("plan_cache_mode", "force_generic_plan")]));
    Database::connect(opts).await.with_context(|| format!("connecting the listing pool to {}", redact(&url)))
}

/// A PostgreSQL URL on the loopback interface without `sslmode` gets `sslmode=disable`: the
/// client's default (`prefer`) would encrypt traffic that never leaves the machine, which cost
/// 15 % of the API's and 6 % of PostgreSQL's CPU per listing on the bench. Any explicit `sslmode`
/// is kept, and remote hosts keep the default.
pub fn plain_on_loopback(url: &str) -> String {
    if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) || url.contains("sslmode=") {
        return url.to_owned();
    }
    let rest = &url[url.find("://").map_or(0, |i| i + 3)..];
    let authority = &rest[..rest.find(['/', '?']).unwrap_or(rest.len())];
    let hostport = &authority[authority.rfind('@').map_or(0, |i| i + 1)..];
    let host = if hostport.starts_with('[') {
        &hostport[..hostport.find(']').map_or(hostport.len(), |i| i + 1)]
    } else {
        &hostport[..hostport.find(':').unwrap_or(hostport.len())]
    };
    let loopback = host == "localhost"
        || host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    if !loopback {
        return url.to_owned();
    }
    let sep = if url.contains('?') { '&' } else { '?' };
    format!("{url}{sep}sslmode=disable")
}

fn options(url: &str, pool_size: u32, acquire_timeout: Duration) -> ConnectOptions {
    let mut opts = ConnectOptions::new(url.to_owned());
    opts.connect_timeout(acquire_timeout).acquire_timeout(acquire_timeout).sqlx_logging(false);
    opts.max_connections(pool_size.max(1));
    // sqlx pings a connection when it goes back to the pool, and by default again when it is
    // taken: one extra round trip per statement. The ping on release already drops a broken
    // connection, so the one on acquire only costs (0.3 ms of CPU per thread listing).
    opts.test_before_acquire(false);
    // Every connection zeroes what it deletes, so an erased member's data does not linger in
    // free pages (see `erasure`).
    opts.map_sqlx_sqlite_opts(|o| o.pragma("secure_delete", "ON"));
    opts
}

/// The aggregate that joins `expr`'s values with commas: `string_agg` on PostgreSQL,
/// `group_concat` on SQLite (NULL when there are none).
pub fn comma_list(backend: DbBackend, expr: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("string_agg({expr}, ',')"),
        _ => format!("group_concat({expr}, ',')"),
    }
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

    #[test]
    fn loopback_postgres_goes_without_tls_unless_asked() {
        use super::plain_on_loopback as p;
        assert_eq!(p("postgres://u:pw@127.0.0.1/db"), "postgres://u:pw@127.0.0.1/db?sslmode=disable");
        assert_eq!(p("postgres://u:pw@localhost:5432/db?x=1"), "postgres://u:pw@localhost:5432/db?x=1&sslmode=disable");
        assert_eq!(p("postgresql://[::1]:5433/db"), "postgresql://[::1]:5433/db?sslmode=disable");
        assert_eq!(p("postgres://u:pw@127.0.0.1/db?sslmode=require"), "postgres://u:pw@127.0.0.1/db?sslmode=require");
        assert_eq!(p("postgres://u:pw@db.example.org/db"), "postgres://u:pw@db.example.org/db");
        assert_eq!(p("postgres://u:p@ss@10.0.0.5/db"), "postgres://u:p@ss@10.0.0.5/db");
        assert_eq!(p("sqlite://data/x.db"), "sqlite://data/x.db");
    }
}
