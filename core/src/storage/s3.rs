//! The S3 store (aws-sdk-s3), for AWS S3 and S3-compatible stores (MinIO, Garage, Ceph, R2).
//!
//! Storage URL: `s3://BUCKET[/PREFIX]?endpoint=URL&region=R&path_style=true`
//!
//! - `endpoint`: the store's base URL; absent means AWS's own endpoints.
//! - `region`: default `us-east-1`.
//! - `path_style`: `true` for `ENDPOINT/BUCKET/KEY` addressing (MinIO, Garage, tests);
//!   default `false` (virtual-hosted style, `BUCKET.ENDPOINT/KEY`).
//! - `/PREFIX`: optional; every key is stored under `PREFIX/`.
//! - `access_key` and `secret_key`: for tests and development only. When absent (the normal
//!   case) credentials come from the standard AWS chain: `AWS_ACCESS_KEY_ID` /
//!   `AWS_SECRET_ACCESS_KEY`, `AWS_PROFILE` and `~/.aws`, web identity, ECS or EC2 roles.
//!
//! Bodies stream between files and the store: small files go up in one PUT read from disk as
//! it is sent, larger ones as a multipart upload of [`PART_SIZE`] parts sent one at a time,
//! and downloads are written to the output file chunk by chunk.

use std::path::Path;
use std::time::Duration;

use anyhow::Context as _;
use aws_sdk_s3::config::{Credentials, Region, RequestChecksumCalculation, ResponseChecksumValidation};
use aws_sdk_s3::error::{DisplayErrorContext, SdkError};
use aws_sdk_s3::presigning::PresigningConfig;
use aws_sdk_s3::primitives::{ByteStream, Length};
use aws_sdk_s3::types::{CompletedMultipartUpload, CompletedPart, Delete, ObjectIdentifier};
use aws_sdk_s3::Client;
use tokio::io::AsyncWriteExt as _;

use super::{check_key, ObjectMeta};

/// Files larger than this go up as a multipart upload.
pub const MULTIPART_THRESHOLD: u64 = 16 * 1024 * 1024;
/// Size of each part of a multipart upload (S3 needs at least 5 MiB for all parts but the
/// last, and at most 10,000 parts: 8 MiB parts cover objects up to 78 GiB).
pub const PART_SIZE: u64 = 8 * 1024 * 1024;
/// DeleteObjects takes at most this many keys per call.
const DELETE_BATCH: usize = 1000;

#[derive(Clone)]
pub struct S3Store {
    client: Client,
    bucket: String,
    /// Empty, or ends with `/`.
    prefix: String,
}

impl std::fmt::Debug for S3Store {
    // Never shows the client's configuration (credentials).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Store").field("bucket", &self.bucket).field("prefix", &self.prefix).finish()
    }
}

/// What a storage URL says, before any client is built.
#[derive(Debug, PartialEq, Eq)]
struct S3Url {
    bucket: String,
    prefix: String,
    endpoint: Option<String>,
    region: String,
    path_style: bool,
    /// Test/dev credentials from the URL; never logged.
    credentials: Option<(String, String)>,
}

fn parse_url(raw: &str) -> anyhow::Result<S3Url> {
    // Error messages never repeat the URL: it may hold a secret key.
    let url = url::Url::parse(raw).map_err(|e| anyhow::anyhow!("invalid s3:// storage URL: {e}"))?;
    anyhow::ensure!(url.scheme() == "s3", "storage URL scheme must be s3://");
    anyhow::ensure!(
        url.username().is_empty() && url.password().is_none() && url.port().is_none(),
        "s3:// storage URL takes no user, password or port (use ?endpoint=URL and ?access_key=/&secret_key=)"
    );
    anyhow::ensure!(url.fragment().is_none(), "s3:// storage URL takes no #fragment");
    let bucket = url.host_str().unwrap_or_default().to_owned();
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
        && bucket.as_bytes().first().is_some_and(u8::is_ascii_alphanumeric)
        && bucket.as_bytes().last().is_some_and(u8::is_ascii_alphanumeric);
    anyhow::ensure!(
        bucket_ok,
        "s3:// storage URL needs a bucket name of 3-63 characters a-z, 0-9, '.' and '-': s3://BUCKET?endpoint=URL&region=R"
    );

    let path = url.path().trim_matches('/');
    let prefix = if path.is_empty() {
        String::new()
    } else {
        check_key(path).context("invalid key prefix in s3:// storage URL")?;
        format!("{path}/")
    };

    let mut endpoint = None;
    let mut region = None;
    let mut path_style = None;
    let mut access_key = None;
    let mut secret_key = None;
    for (k, v) in url.query_pairs() {
        let slot = match &*k {
            "endpoint" => &mut endpoint,
            "region" => &mut region,
            "path_style" => &mut path_style,
            "access_key" => &mut access_key,
            "secret_key" => &mut secret_key,
            other => anyhow::bail!(
                "unknown parameter {other:?} in s3:// storage URL (known: endpoint, region, path_style, access_key, secret_key)"
            ),
        };
        anyhow::ensure!(slot.is_none(), "parameter {k:?} given twice in s3:// storage URL");
        *slot = Some(v.into_owned());
    }
    if let Some(e) = &endpoint {
        let parsed =
            url::Url::parse(e).map_err(|err| anyhow::anyhow!("invalid endpoint in s3:// storage URL: {err}"))?;
        anyhow::ensure!(
            matches!(parsed.scheme(), "http" | "https")
                && parsed.host_str().is_some()
                && parsed.username().is_empty()
                && parsed.password().is_none(),
            "endpoint in s3:// storage URL must be an http:// or https:// URL without credentials"
        );
    }
    let region = region.unwrap_or_else(|| "us-east-1".to_owned());
    anyhow::ensure!(
        !region.is_empty() && region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'),
        "invalid region in s3:// storage URL"
    );
    let path_style = match path_style.as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => anyhow::bail!("path_style in s3:// storage URL must be true or false"),
    };
    let credentials = match (access_key, secret_key) {
        (Some(a), Some(s)) if !a.is_empty() && !s.is_empty() => Some((a, s)),
        (None, None) => None,
        _ => anyhow::bail!("access_key and secret_key in s3:// storage URL go together (both non-empty)"),
    };
    Ok(S3Url { bucket, prefix, endpoint, region, path_style, credentials })
}

/// An SDK error with its whole chain of causes, as one message.
fn sdk_err<E>(err: SdkError<E, aws_sdk_s3::config::http::HttpResponse>) -> anyhow::Error
where
    E: std::error::Error + Send + Sync + 'static,
{
    let msg = DisplayErrorContext(&err).to_string();
    let unreachable = match &err {
        SdkError::TimeoutError(_) | SdkError::DispatchFailure(_) | SdkError::ResponseError(_) => true,
        SdkError::ServiceError(e) => e.raw().status().is_server_error(),
        _ => false,
    };
    if unreachable {
        // The API answers 503 and the worker retries later (see `crate::fault`).
        anyhow::Error::new(crate::fault::StoreUnavailable(msg))
    } else {
        anyhow::anyhow!("{msg}")
    }
}

fn is_not_found<E>(err: &SdkError<E, aws_sdk_s3::config::http::HttpResponse>) -> bool {
    err.raw_response().is_some_and(|r| r.status().as_u16() == 404)
}

impl S3Store {
    pub async fn from_url(url: &str) -> anyhow::Result<Self> {
        let u = parse_url(url)?;
        // rustls with ring (no aws-lc build); native roots.
        let http_client = aws_smithy_http_client::Builder::new()
            .tls_provider(aws_smithy_http_client::tls::Provider::Rustls(
                aws_smithy_http_client::tls::rustls_provider::CryptoMode::Ring,
            ))
            .build_https();
        let mut loader = aws_config::defaults(aws_config::BehaviorVersion::latest())
            .region(Region::new(u.region.clone()))
            .http_client(http_client);
        if let Some((access_key, secret_key)) = &u.credentials {
            loader = loader.credentials_provider(Credentials::new(access_key, secret_key, None, None, "storage-url"));
        }
        let sdk_config = loader.load().await;
        let mut conf = aws_sdk_s3::config::Builder::from(&sdk_config)
            .force_path_style(u.path_style)
            // Checksums only where S3 requires them: S3-compatible stores vary in their support
            // for the newer streaming checksum trailers.
            .request_checksum_calculation(RequestChecksumCalculation::WhenRequired)
            .response_checksum_validation(ResponseChecksumValidation::WhenRequired);
        if let Some(endpoint) = &u.endpoint {
            conf = conf.endpoint_url(endpoint);
        }
        let client = Client::from_conf(conf.build());
        tracing::debug!(bucket = %u.bucket, prefix = %u.prefix, endpoint = ?u.endpoint, region = %u.region,
            path_style = u.path_style, url_credentials = u.credentials.is_some(), "S3 store configured");
        Ok(S3Store { client, bucket: u.bucket, prefix: u.prefix })
    }

    fn full_key(&self, key: &str) -> anyhow::Result<String> {
        check_key(key)?;
        Ok(format!("{}{key}", self.prefix))
    }

    pub async fn put_file(&self, key: &str, path: &Path, content_type: &str) -> anyhow::Result<u64> {
        let full = self.full_key(key)?;
        let size = tokio::fs::metadata(path).await.context("reading upload size")?.len();
        if size > MULTIPART_THRESHOLD {
            self.put_multipart(&full, path, size, content_type).await?;
        } else {
            let body = ByteStream::from_path(path).await.context("opening the file to upload")?;
            self.client
                .put_object()
                .bucket(&self.bucket)
                .key(&full)
                .content_type(content_type)
                .content_length(i64::try_from(size)?)
                .body(body)
                .send()
                .await
                .map_err(sdk_err)
                .with_context(|| format!("uploading {key}"))?;
        }
        tokio::fs::remove_file(path).await.context("removing the uploaded file")?;
        Ok(size)
    }

    async fn put_multipart(&self, full: &str, path: &Path, size: u64, content_type: &str) -> anyhow::Result<()> {
        let created = self
            .client
            .create_multipart_upload()
            .bucket(&self.bucket)
            .key(full)
            .content_type(content_type)
            .send()
            .await
            .map_err(sdk_err)
            .with_context(|| format!("starting multipart upload of {full}"))?;
        let upload_id = created.upload_id().context("multipart upload without an upload id")?.to_owned();
        match self.upload_parts(full, &upload_id, path, size).await {
            Ok(()) => Ok(()),
            Err(e) => {
                let abort = self
                    .client
                    .abort_multipart_upload()
                    .bucket(&self.bucket)
                    .key(full)
                    .upload_id(&upload_id)
                    .send()
                    .await;
                if let Err(abort_err) = abort {
                    tracing::warn!(key = full, error = %DisplayErrorContext(&abort_err), "aborting multipart upload failed");
                }
                Err(e)
            }
        }
    }

    async fn upload_parts(&self, full: &str, upload_id: &str, path: &Path, size: u64) -> anyhow::Result<()> {
        let mut parts = Vec::new();
        let mut offset = 0u64;
        let mut number = 1i32;
        while offset < size {
            let len = PART_SIZE.min(size - offset);
            // Streams this part's byte range from the file: one part in flight, never in memory whole.
            let body = ByteStream::read_from()
                .path(path)
                .offset(offset)
                .length(Length::Exact(len))
                .build()
                .await
                .context("reading a part of the file to upload")?;
            let out = self
                .client
                .upload_part()
                .bucket(&self.bucket)
                .key(full)
                .upload_id(upload_id)
                .part_number(number)
                .content_length(i64::try_from(len)?)
                .body(body)
                .send()
                .await
                .map_err(sdk_err)
                .with_context(|| format!("uploading part {number} of {full}"))?;
            parts.push(CompletedPart::builder().part_number(number).set_e_tag(out.e_tag().map(str::to_owned)).build());
            offset += len;
            number += 1;
        }
        self.client
            .complete_multipart_upload()
            .bucket(&self.bucket)
            .key(full)
            .upload_id(upload_id)
            .multipart_upload(CompletedMultipartUpload::builder().set_parts(Some(parts)).build())
            .send()
            .await
            .map_err(sdk_err)
            .with_context(|| format!("completing multipart upload of {full}"))?;
        Ok(())
    }

    pub async fn append_to(&self, key: &str, out: &mut tokio::fs::File) -> anyhow::Result<u64> {
        let full = self.full_key(key)?;
        let resp = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&full)
            .send()
            .await
            .map_err(sdk_err)
            .with_context(|| format!("reading {key}"))?;
        let mut body = resp.body;
        let mut n = 0u64;
        while let Some(chunk) = body
            .try_next()
            .await
            .map_err(|e| anyhow::Error::new(crate::fault::StoreUnavailable(e.to_string())))
            .with_context(|| format!("reading {key}"))?
        {
            out.write_all(&chunk).await.context("writing the downloaded object")?;
            n += chunk.len() as u64;
        }
        out.flush().await?;
        Ok(n)
    }

    pub async fn head(&self, key: &str) -> anyhow::Result<Option<ObjectMeta>> {
        let full = self.full_key(key)?;
        match self.client.head_object().bucket(&self.bucket).key(&full).send().await {
            Ok(o) => Ok(Some(ObjectMeta {
                size: u64::try_from(o.content_length().unwrap_or(0)).unwrap_or(0),
                content_type: o.content_type().map(str::to_owned),
            })),
            Err(e) if is_not_found(&e) => Ok(None),
            Err(e) => Err(sdk_err(e)).with_context(|| format!("stat {key}")),
        }
    }

    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        let full = self.full_key(key)?;
        match self.client.delete_object().bucket(&self.bucket).key(&full).send().await {
            Ok(_) => Ok(()),
            Err(e) if is_not_found(&e) => Ok(()),
            Err(e) => Err(sdk_err(e)).with_context(|| format!("deleting {key}")),
        }
    }

    /// Full keys (with the store's prefix) under `prefix`, in the store's order.
    async fn list_full(&self, prefix: &str) -> anyhow::Result<Vec<String>> {
        let full_prefix = format!("{}{prefix}", self.prefix);
        let mut keys = Vec::new();
        let mut pages = self.client.list_objects_v2().bucket(&self.bucket).prefix(&full_prefix).into_paginator().send();
        while let Some(page) = pages.next().await {
            let page = page.map_err(sdk_err).context("listing objects")?;
            keys.extend(page.contents().iter().filter_map(|o| o.key().map(str::to_owned)));
        }
        Ok(keys)
    }

    pub async fn list(&self, prefix: &str) -> anyhow::Result<Vec<String>> {
        let mut keys: Vec<String> = self
            .list_full(prefix)
            .await?
            .into_iter()
            .filter_map(|k| k.strip_prefix(&self.prefix).map(str::to_owned))
            .collect();
        keys.sort();
        Ok(keys)
    }

    pub async fn delete_prefix(&self, prefix: &str) -> anyhow::Result<u64> {
        let keys = self.list_full(prefix).await?;
        let mut deleted = 0u64;
        for batch in keys.chunks(DELETE_BATCH) {
            let objects = batch
                .iter()
                .map(|k| ObjectIdentifier::builder().key(k).build())
                .collect::<Result<Vec<_>, _>>()
                .context("building the delete request")?;
            let delete = Delete::builder()
                .set_objects(Some(objects))
                .quiet(true)
                .build()
                .context("building the delete request")?;
            let out = self
                .client
                .delete_objects()
                .bucket(&self.bucket)
                .delete(delete)
                .send()
                .await
                .map_err(sdk_err)
                .context("deleting objects")?;
            if let Some(first) = out.errors().first() {
                anyhow::bail!(
                    "deleting objects: {} of {} failed, first {:?}: {} {}",
                    out.errors().len(),
                    batch.len(),
                    first.key().unwrap_or_default(),
                    first.code().unwrap_or_default(),
                    first.message().unwrap_or_default()
                );
            }
            deleted += batch.len() as u64;
        }
        Ok(deleted)
    }

    pub async fn check(&self) -> anyhow::Result<()> {
        self.client
            .head_bucket()
            .bucket(&self.bucket)
            .send()
            .await
            .map_err(sdk_err)
            .with_context(|| format!("S3 bucket {} unreachable", self.bucket))?;
        Ok(())
    }

    pub async fn presign_get(&self, key: &str, ttl: Duration) -> anyhow::Result<String> {
        let full = self.full_key(key)?;
        let conf = PresigningConfig::expires_in(ttl).context("presigned URL lifetime")?;
        let req = self
            .client
            .get_object()
            .bucket(&self.bucket)
            .key(&full)
            .presigned(conf)
            .await
            .map_err(sdk_err)
            .context("presigning")?;
        Ok(req.uri().to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_url() {
        let u = parse_url(
            "s3://media-bucket/crosstalk/prod?endpoint=http://127.0.0.1:9000&region=eu-west-3&path_style=true&access_key=a&secret_key=b",
        )
        .unwrap();
        assert_eq!(
            u,
            S3Url {
                bucket: "media-bucket".into(),
                prefix: "crosstalk/prod/".into(),
                endpoint: Some("http://127.0.0.1:9000".into()),
                region: "eu-west-3".into(),
                path_style: true,
                credentials: Some(("a".into(), "b".into())),
            }
        );
    }

    #[test]
    fn defaults() {
        let u = parse_url("s3://media").unwrap();
        assert_eq!((u.prefix.as_str(), u.endpoint, u.region.as_str(), u.path_style), ("", None, "us-east-1", false));
        assert!(u.credentials.is_none());
    }

    #[test]
    fn rejects_garbage_without_echoing_secrets() {
        for bad in [
            "s3://",
            "s3://Bad_Bucket",
            "s3://ab",
            "s3://bucket?colour=blue",
            "s3://bucket?endpoint=ftp://x",
            "s3://bucket?endpoint=not a url",
            "s3://bucket?endpoint=http://user:pw@host",
            "s3://bucket?path_style=maybe",
            "s3://bucket?access_key=a",
            "s3://bucket?region=a&region=b",
            "s3://user:pw@bucket",
            "s3://bucket/a//b",
            "s3://bucket/sp ace",
        ] {
            assert!(parse_url(bad).is_err(), "{bad} accepted");
        }
        let msg = format!("{:#}", parse_url("s3://bucket?secret_key=topsecret").unwrap_err());
        assert!(!msg.contains("topsecret"), "{msg}");
    }

    fn upload_leftovers(root: &Path) -> Vec<String> {
        std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("upload"))
            .collect()
    }

    #[tokio::test]
    async fn failed_multipart_upload_is_aborted() {
        let server = crosstalk_testkit::start_s3().await.unwrap();
        let store = S3Store::from_url(&server.storage_url()).await.unwrap();
        let dir = tempfile::TempDir::new().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, vec![7u8; (PART_SIZE + 100) as usize]).unwrap();
        // Claims more bytes than the file has: part 1 goes up, part 2 cannot be read.
        let err = store.put_multipart("x/y", &path, 3 * PART_SIZE, "video/mp4").await.unwrap_err();
        assert!(format!("{err:#}").contains("part"), "{err:#}");
        assert_eq!(store.head("x/y").await.unwrap(), None);
        assert_eq!(upload_leftovers(server.root()), Vec::<String>::new(), "multipart upload not aborted");

        // The same through put_file succeeds, and leaves nothing behind either.
        std::fs::write(&path, vec![7u8; (2 * MULTIPART_THRESHOLD) as usize]).unwrap();
        assert_eq!(store.put_file("x/y", &path, "video/mp4").await.unwrap(), 2 * MULTIPART_THRESHOLD);
        assert_eq!(store.head("x/y").await.unwrap().map(|m| m.size), Some(2 * MULTIPART_THRESHOLD));
        assert_eq!(upload_leftovers(server.root()), Vec::<String>::new());
    }
}
