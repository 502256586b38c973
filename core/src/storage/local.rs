//! The local-directory store: objects are files under a root directory.

use std::path::{Path, PathBuf};

use anyhow::Context as _;
use tokio::io::AsyncWriteExt as _;

use super::{check_key, ObjectMeta};

#[derive(Clone, Debug)]
pub struct LocalStore {
    root: PathBuf,
}

impl LocalStore {
    pub fn new(root: impl Into<PathBuf>) -> anyhow::Result<Self> {
        let root = root.into();
        std::fs::create_dir_all(&root).with_context(|| format!("creating media dir {}", root.display()))?;
        Ok(LocalStore { root })
    }

    pub fn path_of(&self, key: &str) -> anyhow::Result<PathBuf> {
        check_key(key)?;
        Ok(self.root.join(key))
    }

    pub async fn put_file(&self, key: &str, path: &Path) -> anyhow::Result<u64> {
        let dest = self.path_of(key)?;
        if let Some(parent) = dest.parent() {
            tokio::fs::create_dir_all(parent).await.context("creating object directory")?;
        }
        let size = tokio::fs::metadata(path).await.context("reading upload size")?.len();
        // Same filesystem: an atomic rename. Otherwise copy to a temp name, then rename, so a
        // reader never sees half an object.
        if tokio::fs::rename(path, &dest).await.is_err() {
            let tmp = dest.with_extension(format!("tmp-{}", uuid::Uuid::new_v4().simple()));
            tokio::fs::copy(path, &tmp).await.context("copying into the store")?;
            tokio::fs::rename(&tmp, &dest).await.context("moving into place")?;
            let _ = tokio::fs::remove_file(path).await;
        }
        Ok(size)
    }

    pub async fn append_to(&self, key: &str, out: &mut tokio::fs::File) -> anyhow::Result<u64> {
        let mut f = tokio::fs::File::open(self.path_of(key)?).await.with_context(|| format!("opening {key}"))?;
        let n = tokio::io::copy(&mut f, out).await.with_context(|| format!("reading {key}"))?;
        out.flush().await?;
        Ok(n)
    }

    pub async fn head(&self, key: &str) -> anyhow::Result<Option<ObjectMeta>> {
        match tokio::fs::metadata(self.path_of(key)?).await {
            Ok(m) if m.is_file() => Ok(Some(ObjectMeta { size: m.len(), content_type: None })),
            Ok(_) => Ok(None),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).context("stat object"),
        }
    }

    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match tokio::fs::remove_file(self.path_of(key)?).await {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(e).context("deleting object"),
        }
    }

    pub async fn list(&self, prefix: &str) -> anyhow::Result<Vec<String>> {
        let root = self.root.clone();
        let prefix = prefix.to_owned();
        tokio::task::spawn_blocking(move || {
            let mut out = Vec::new();
            let mut stack = vec![root.clone()];
            while let Some(dir) = stack.pop() {
                let Ok(entries) = std::fs::read_dir(&dir) else { continue };
                for e in entries.flatten() {
                    let p = e.path();
                    if p.is_dir() {
                        stack.push(p);
                    } else if let Ok(rel) = p.strip_prefix(&root) {
                        let key = rel.to_string_lossy().replace('\\', "/");
                        if key.starts_with(&prefix) && !key.contains(".tmp-") {
                            out.push(key);
                        }
                    }
                }
            }
            out.sort();
            out
        })
        .await
        .context("listing objects")
    }

    pub async fn delete_prefix(&self, prefix: &str) -> anyhow::Result<u64> {
        let keys = self.list(prefix).await?;
        for k in &keys {
            self.delete(k).await?;
        }
        Ok(keys.len() as u64)
    }

    pub async fn check(&self) -> anyhow::Result<()> {
        let m = tokio::fs::metadata(&self.root).await.context("media dir unreachable")?;
        anyhow::ensure!(m.is_dir(), "media dir is not a directory");
        Ok(())
    }

    /// Appends a stream of chunks to a new temp file next to the store (same filesystem, so
    /// [`put_file`](Self::put_file) is a rename). Used for tus PATCH bodies.
    pub fn temp_dir(&self) -> PathBuf {
        self.root.join(".incoming")
    }
}
