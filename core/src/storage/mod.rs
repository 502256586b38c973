//! Object storage behind one interface: a local directory (`file://DIR`, the default) or any
//! S3-compatible store (`s3://BUCKET?endpoint=URL&region=R&path_style=true`). Reads and writes
//! stream through files, so memory stays bounded whatever the object size.

use std::path::{Path, PathBuf};
use std::time::Duration;

pub mod local;
pub mod s3;

pub use local::LocalStore;
pub use s3::S3Store;

/// Size and type of a stored object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectMeta {
    pub size: u64,
    pub content_type: Option<String>,
}

#[derive(Clone, Debug)]
pub enum Storage {
    Local(LocalStore),
    S3(S3Store),
}

impl Storage {
    /// Opens the store named by a storage URL (see the module docs).
    pub async fn from_url(url: &str) -> anyhow::Result<Self> {
        if let Some(dir) = url.strip_prefix("file://") {
            Ok(Storage::Local(LocalStore::new(dir)?))
        } else if url.starts_with("s3://") {
            Ok(Storage::S3(S3Store::from_url(url).await?))
        } else {
            anyhow::bail!("storage_url must start with file:// or s3://")
        }
    }

    /// Stores the content of the file at `path` under `key`, replacing any object there.
    /// The file is consumed: moved into place when possible, deleted after upload otherwise.
    pub async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> anyhow::Result<u64> {
        match self {
            Storage::Local(s) => s.put_file(key, path).await,
            Storage::S3(s) => s.put_file(key, path, content_type).await,
        }
    }

    /// Appends the object's bytes to `out` (streamed); returns how many were written.
    pub async fn append_to(&self, key: &str, out: &mut tokio::fs::File) -> anyhow::Result<u64> {
        match self {
            Storage::Local(s) => s.append_to(key, out).await,
            Storage::S3(s) => s.append_to(key, out).await,
        }
    }

    pub async fn head(&self, key: &str) -> anyhow::Result<Option<ObjectMeta>> {
        match self {
            Storage::Local(s) => s.head(key).await,
            Storage::S3(s) => s.head(key).await,
        }
    }

    /// Deletes one object; deleting a missing object is not an error.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self {
            Storage::Local(s) => s.delete(key).await,
            Storage::S3(s) => s.delete(key).await,
        }
    }

    /// Deletes every object whose key starts with `prefix`; returns how many.
    pub async fn delete_prefix(&self, prefix: &str) -> anyhow::Result<u64> {
        match self {
            Storage::Local(s) => s.delete_prefix(prefix).await,
            Storage::S3(s) => s.delete_prefix(prefix).await,
        }
    }

    /// Keys under `prefix`, sorted.
    pub async fn list(&self, prefix: &str) -> anyhow::Result<Vec<String>> {
        match self {
            Storage::Local(s) => s.list(prefix).await,
            Storage::S3(s) => s.list(prefix).await,
        }
    }

    /// Readiness: the store answers (and the bucket exists).
    pub async fn check(&self) -> anyhow::Result<()> {
        match self {
            Storage::Local(s) => s.check().await,
            Storage::S3(s) => s.check().await,
        }
    }

    /// A presigned GET URL valid for `ttl`, for stores that serve clients directly (S3).
    /// `None` for the local store: the API serves those under HMAC-signed `/media/...` URLs.
    pub async fn presign_get(&self, key: &str, ttl: Duration) -> anyhow::Result<Option<String>> {
        match self {
            Storage::Local(_) => Ok(None),
            Storage::S3(s) => s.presign_get(key, ttl).await.map(Some),
        }
    }

    /// Where a local object lives on disk (for serving with Range support).
    pub fn local_path(&self, key: &str) -> Option<PathBuf> {
        match self {
            Storage::Local(s) => s.path_of(key).ok(),
            Storage::S3(_) => None,
        }
    }
}

/// Keys are relative paths of `[A-Za-z0-9._-]` segments; anything else is refused, so a key
/// can never escape the local root or address another bucket.
pub fn check_key(key: &str) -> anyhow::Result<()> {
    let ok = !key.is_empty()
        && key.len() <= 512
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && seg != "."
                && seg != ".."
                && seg.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'_' || b == b'-')
        });
    anyhow::ensure!(ok, "invalid object key {key:?}");
    Ok(())
}
