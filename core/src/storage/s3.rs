//! The S3 store (aws-sdk-s3). Implemented in a following change.

use std::path::Path;
use std::time::Duration;

use super::ObjectMeta;

#[derive(Clone, Debug)]
pub struct S3Store {}

impl S3Store {
    pub async fn from_url(_url: &str) -> anyhow::Result<Self> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn put_file(&self, _key: &str, _path: &Path, _content_type: &str) -> anyhow::Result<u64> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn append_to(&self, _key: &str, _out: &mut tokio::fs::File) -> anyhow::Result<u64> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn head(&self, _key: &str) -> anyhow::Result<Option<ObjectMeta>> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn delete(&self, _key: &str) -> anyhow::Result<()> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn delete_prefix(&self, _prefix: &str) -> anyhow::Result<u64> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn list(&self, _prefix: &str) -> anyhow::Result<Vec<String>> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn check(&self) -> anyhow::Result<()> {
        anyhow::bail!("S3 storage is not available yet")
    }
    pub async fn presign_get(&self, _key: &str, _ttl: Duration) -> anyhow::Result<String> {
        anyhow::bail!("S3 storage is not available yet")
    }
}
