//! Failing dependencies, told apart from bugs: the database or the object store unreachable, or
//! the disk full. One place decides, from an error's cause chain, which (if any) it is; the API
//! answers 503 or 507 instead of 500 and the worker retries without spending an attempt.

use std::time::Duration;

/// A dependency that is down or full: the same request can succeed later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The database cannot be reached (connection refused or dropped, pool wait timed out).
    Database,
    /// The object store cannot be reached or answers 5xx.
    Store,
    /// A write found no space left on the device (ENOSPC, EDQUOT).
    DiskFull,
}

impl Fault {
    /// The dependency fault behind `e`, if any cause in its chain is one.
    pub fn of(e: &anyhow::Error) -> Option<Fault> {
        e.chain().find_map(|cause| {
            if cause.is::<StoreUnavailable>() {
                Some(Fault::Store)
            } else if let Some(io) = cause.downcast_ref::<std::io::Error>() {
                is_disk_full(io).then_some(Fault::DiskFull)
            } else if let Some(db) = cause.downcast_ref::<sea_orm::DbErr>() {
                db_unreachable(db).then_some(Fault::Database)
            } else {
                None
            }
        })
    }

    /// The stable code clients see.
    pub fn code(self) -> &'static str {
        match self {
            Fault::Database => "database_unavailable",
            Fault::Store => "store_unavailable",
            Fault::DiskFull => "insufficient_storage",
        }
    }

    pub fn detail(self) -> &'static str {
        match self {
            Fault::Database => "the database is unavailable; retry later, nothing already stored was lost",
            Fault::Store => "the object store is unavailable; retry later, nothing already stored was lost",
            Fault::DiskFull => "the server has no space left for this; retry later, bytes already stored are kept",
        }
    }

    /// How long a client should wait before trying again (`Retry-After`).
    pub fn retry_after(self) -> Duration {
        match self {
            Fault::Database | Fault::Store => Duration::from_secs(5),
            Fault::DiskFull => Duration::from_secs(60),
        }
    }
}

impl crate::Error {
    /// The dependency fault behind an unexpected error; `None` for every other error.
    pub fn fault(&self) -> Option<Fault> {
        match self {
            crate::Error::Unexpected(e) => Fault::of(e),
            _ => None,
        }
    }
}

/// The root cause the S3 store gives when the store did not answer (connection refused, reset,
/// timed out) or answered with a 5xx.
#[derive(Debug, thiserror::Error)]
#[error("object store unavailable: {0}")]
pub struct StoreUnavailable(pub String);

const ENOSPC: i32 = 28;
const EDQUOT: i32 = 122;

fn is_disk_full(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::StorageFull || matches!(e.raw_os_error(), Some(ENOSPC | EDQUOT))
}

fn db_unreachable(e: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr};
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(RuntimeErr::SqlxError(s))
        | DbErr::Exec(RuntimeErr::SqlxError(s))
        | DbErr::Query(RuntimeErr::SqlxError(s)) => sqlx_unreachable(s),
        DbErr::Conn(_) => true,
        _ => false,
    }
}

fn sqlx_unreachable(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error as E;
    match e {
        E::Io(_) | E::Tls(_) | E::PoolTimedOut | E::PoolClosed | E::WorkerCrashed | E::Protocol(_) => true,
        // PostgreSQL shutting down (57P01-57P03) or a connection exception (class 08).
        E::Database(d) => d.code().is_some_and(|c| c.starts_with("57P") || c.starts_with("08")),
        _ => false,
    }
}

/// Test hook (feature `test-hooks`, on only in this workspace's tests): a free-space budget per
/// directory, so a test fills "the disk" of one app's data directory with a real ENOSPC from
/// the write path, without a size-limited filesystem (which needs root to mount).
pub mod disk {
    use std::path::Path;

    #[cfg(feature = "test-hooks")]
    static BUDGETS: std::sync::Mutex<Vec<(std::path::PathBuf, u64)>> = std::sync::Mutex::new(Vec::new());

    /// Accounts for `len` bytes about to be written at `path`: ENOSPC when a test has left less
    /// free space than that under a directory containing `path`. Always Ok in a normal build.
    #[cfg_attr(not(feature = "test-hooks"), expect(unused_variables, reason = "no budgets outside tests"))]
    #[inline]
    pub fn reserve(path: &Path, len: u64) -> std::io::Result<()> {
        #[cfg(feature = "test-hooks")]
        if let Ok(mut b) = BUDGETS.lock() {
            if let Some((_, free)) = b.iter_mut().find(|(root, _)| path.starts_with(root)) {
                if *free < len {
                    return Err(std::io::Error::from_raw_os_error(super::ENOSPC));
                }
                *free -= len;
            }
        }
        Ok(())
    }

    /// Sets the free space left under `root` (replacing an earlier budget); `None` lifts it.
    #[cfg(feature = "test-hooks")]
    pub fn set_free(root: &Path, free: Option<u64>) {
        if let Ok(mut b) = BUDGETS.lock() {
            b.retain(|(r, _)| r != root);
            if let Some(f) = free {
                b.push((root.to_path_buf(), f));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr};

    #[test]
    fn dependency_faults_are_told_apart_from_bugs() {
        let pool = anyhow::Error::new(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout)).context("listing posts");
        assert_eq!(Fault::of(&pool), Some(Fault::Database));
        let refused = DbErr::Conn(RuntimeErr::SqlxError(sea_orm::sqlx::Error::Io(std::io::Error::from(
            std::io::ErrorKind::ConnectionRefused,
        ))));
        assert_eq!(Fault::of(&anyhow::Error::new(refused)), Some(Fault::Database));
        let full = anyhow::Error::new(std::io::Error::from_raw_os_error(ENOSPC)).context("spooling");
        assert_eq!(Fault::of(&full), Some(Fault::DiskFull));
        let store = anyhow::Error::new(StoreUnavailable("connection refused".into())).context("uploading");
        assert_eq!(Fault::of(&store), Some(Fault::Store));
        let bug = anyhow::Error::new(DbErr::RecordNotUpdated).context("updating");
        assert_eq!(Fault::of(&bug), None);
        let missing = anyhow::Error::new(std::io::Error::from(std::io::ErrorKind::NotFound));
        assert_eq!(Fault::of(&missing), None);
    }
}
