//! Writes an export as a zip to any async writer, one object at a time: each object is fetched
//! from the store into a temp file, then copied into its entry, so memory stays flat whatever
//! the number and size of the files. Entries are stored, not compressed (videos and images are
//! compressed already).

use std::path::Path;

use anyhow::Context as _;
use async_zip::base::write::ZipFileWriter;
use async_zip::{Compression, ZipEntryBuilder};
use futures_util::AsyncWriteExt as _;
use tokio::io::{AsyncSeekExt as _, AsyncWrite};
use tokio_util::compat::FuturesAsyncWriteCompatExt as _;

use crate::storage::Storage;

/// Where an entry's bytes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// An object of the store, copied byte for byte.
    Object(String),
    /// Bytes made for the export (the index).
    Bytes(Vec<u8>),
}

/// One file of the zip.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Path inside the zip (`posts/pst_.../video.mp4`).
    pub name: String,
    pub source: Source,
}

/// Writes `entries` as a zip to `out`, calling `progress(done, total)` after each entry.
/// Returns the number of bytes of the entries written. Objects missing from the store are skipped
/// (a video purged while the export ran); the index still names them.
pub async fn write<W>(
    storage: &Storage,
    tmp_dir: &Path,
    entries: &[Entry],
    out: W,
    mut progress: impl FnMut(usize, usize),
) -> anyhow::Result<u64>
where
    W: AsyncWrite + Unpin,
{
    tokio::fs::create_dir_all(tmp_dir).await.context("creating export temp dir")?;
    let mut zip = ZipFileWriter::with_tokio(out);
    let mut total = 0u64;
    for (i, e) in entries.iter().enumerate() {
        let builder = ZipEntryBuilder::new(e.name.clone().into(), Compression::Stored).unix_permissions(0o644);
        match &e.source {
            Source::Bytes(b) => {
                zip.write_entry_whole(builder, b).await.with_context(|| format!("writing {}", e.name))?;
                total += b.len() as u64;
            }
            Source::Object(key) => {
                if storage.head(key).await?.is_none() {
                    tracing::warn!(key, "object missing from the store; left out of the export");
                    continue;
                }
                let tmp = tmp_dir.join(format!("export-{}", uuid::Uuid::new_v4().simple()));
                let copied = copy_object(storage, key, &tmp, &mut zip, builder).await;
                let _ = tokio::fs::remove_file(&tmp).await;
                total += copied.with_context(|| format!("adding {key}"))?;
            }
        }
        progress(i + 1, entries.len());
    }
    zip.close().await.context("finishing the zip")?;
    Ok(total)
}

async fn copy_object<W: AsyncWrite + Unpin>(
    storage: &Storage,
    key: &str,
    tmp: &Path,
    zip: &mut ZipFileWriter<tokio_util::compat::Compat<W>>,
    builder: ZipEntryBuilder,
) -> anyhow::Result<u64> {
    let mut f = tokio::fs::OpenOptions::new().create_new(true).read(true).write(true).open(tmp).await?;
    storage.append_to(key, &mut f).await.context(super::jobs::StoreFailed)?;
    f.rewind().await?;
    let mut entry = zip.write_entry_stream(builder).await?;
    let n = {
        let mut w = (&mut entry).compat_write();
        tokio::io::copy(&mut f, &mut w).await?
    };
    entry.flush().await?;
    entry.close().await?;
    Ok(n)
}
