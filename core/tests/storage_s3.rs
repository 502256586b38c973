//! The storage interface against both backends: the local directory and S3 (an in-process
//! s3s server with signatures checked, from crosstalk-testkit).

use std::path::{Path, PathBuf};
use std::time::Duration;

use crosstalk_core::storage::Storage;
use crosstalk_testkit::S3Server;
use sha2::{Digest, Sha256};
use tempfile::TempDir;
use tokio::io::AsyncWriteExt;

/// One backend under test, with what keeps it alive.
struct Backend {
    name: &'static str,
    storage: Storage,
    _s3: Option<S3Server>,
    _dir: Option<TempDir>,
}

async fn local() -> Backend {
    let dir = TempDir::new().unwrap();
    let storage = Storage::from_url(&format!("file://{}", dir.path().join("media").display())).await.unwrap();
    Backend { name: "local", storage, _s3: None, _dir: Some(dir) }
}

async fn s3() -> (Backend, String) {
    let server = crosstalk_testkit::start_s3().await.unwrap();
    let url = server.storage_url();
    let storage = Storage::from_url(&url).await.unwrap();
    assert!(matches!(storage, Storage::S3(_)));
    (Backend { name: "s3", storage, _s3: Some(server), _dir: None }, url)
}

async fn backends() -> Vec<Backend> {
    vec![local().await, s3().await.0]
}

/// Writes `size` pseudo-random bytes to a new file; returns its path and SHA-256.
async fn make_file(dir: &Path, name: &str, size: usize) -> (PathBuf, Vec<u8>) {
    let path = dir.join(name);
    let mut f = tokio::fs::File::create(&path).await.unwrap();
    let mut hasher = Sha256::new();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15 ^ size as u64;
    let mut left = size;
    let mut buf = vec![0u8; 1 << 20];
    while left > 0 {
        let n = left.min(buf.len());
        for chunk in buf[..n].chunks_mut(8) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let bytes = state.to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        hasher.update(&buf[..n]);
        f.write_all(&buf[..n]).await.unwrap();
        left -= n;
    }
    f.flush().await.unwrap();
    (path, hasher.finalize().to_vec())
}

async fn sha256_of(path: &Path) -> Vec<u8> {
    let path = path.to_owned();
    tokio::task::spawn_blocking(move || {
        let mut f = std::fs::File::open(path).unwrap();
        let mut h = Sha256::new();
        std::io::copy(&mut f, &mut h).unwrap();
        h.finalize().to_vec()
    })
    .await
    .unwrap()
}

async fn round_trip(b: &Backend, size: usize) {
    let work = TempDir::new().unwrap();
    let key = format!("videos/v-{size}/source.mp4");
    let (src, hash) = make_file(work.path(), "src.bin", size).await;

    let stored = b.storage.put_file(&key, &src, "video/mp4").await.unwrap();
    assert_eq!(stored, size as u64, "{}", b.name);
    assert!(!src.exists(), "{}: the source file was not consumed", b.name);

    let meta = b.storage.head(&key).await.unwrap().unwrap();
    assert_eq!(meta.size, size as u64, "{}", b.name);
    if b.name == "s3" {
        assert_eq!(meta.content_type.as_deref(), Some("video/mp4"));
    }

    // append_to appends: write a header first, then the object.
    let out_path = work.path().join("out.bin");
    let mut out = tokio::fs::File::create(&out_path).await.unwrap();
    out.write_all(b"HDR").await.unwrap();
    let n = b.storage.append_to(&key, &mut out).await.unwrap();
    drop(out);
    assert_eq!(n, size as u64, "{}", b.name);
    let all = tokio::fs::read(&out_path).await.unwrap();
    assert_eq!(&all[..3], b"HDR");
    assert_eq!(Sha256::digest(&all[3..]).to_vec(), hash, "{}: bytes differ", b.name);
}

#[tokio::test]
async fn small_file_round_trip() {
    for b in backends().await {
        round_trip(&b, 100_000).await;
        round_trip(&b, 0).await;
    }
}

#[tokio::test]
async fn large_file_round_trip_multipart() {
    for b in backends().await {
        let size = 40 * 1024 * 1024 + 12_345;
        round_trip(&b, size).await;
        // Replacing an object replaces it whole.
        let work = TempDir::new().unwrap();
        let (src, hash) = make_file(work.path(), "again.bin", 1000).await;
        let key = format!("videos/v-{size}/source.mp4");
        b.storage.put_file(&key, &src, "video/mp4").await.unwrap();
        let out_path = work.path().join("out.bin");
        let mut out = tokio::fs::File::create(&out_path).await.unwrap();
        b.storage.append_to(&key, &mut out).await.unwrap();
        drop(out);
        assert_eq!(sha256_of(&out_path).await, hash, "{}", b.name);
    }
}

#[tokio::test]
async fn head_missing_and_append_missing() {
    for b in backends().await {
        assert_eq!(b.storage.head("nothing/here").await.unwrap(), None, "{}", b.name);
        let work = TempDir::new().unwrap();
        let mut out = tokio::fs::File::create(work.path().join("o")).await.unwrap();
        assert!(b.storage.append_to("nothing/here", &mut out).await.is_err(), "{}", b.name);
    }
}

async fn put_bytes(storage: &Storage, key: &str, bytes: &[u8]) {
    let work = TempDir::new().unwrap();
    let p = work.path().join("f");
    tokio::fs::write(&p, bytes).await.unwrap();
    storage.put_file(key, &p, "application/octet-stream").await.unwrap();
}

#[tokio::test]
async fn list_delete_and_delete_prefix() {
    for b in backends().await {
        let s = &b.storage;
        for k in ["p/b", "p/a", "p/c/d", "pz/x", "q/x"] {
            put_bytes(s, k, k.as_bytes()).await;
        }
        assert_eq!(s.list("p/").await.unwrap(), ["p/a", "p/b", "p/c/d"], "{}", b.name);
        assert_eq!(s.list("p").await.unwrap(), ["p/a", "p/b", "p/c/d", "pz/x"], "{}", b.name);
        assert_eq!(s.list("").await.unwrap(), ["p/a", "p/b", "p/c/d", "pz/x", "q/x"], "{}", b.name);
        assert!(s.list("nope/").await.unwrap().is_empty());

        s.delete("p/b").await.unwrap();
        s.delete("p/b").await.unwrap(); // idempotent
        s.delete("never/existed").await.unwrap();
        assert_eq!(s.head("p/b").await.unwrap(), None);
        assert_eq!(s.list("p/").await.unwrap(), ["p/a", "p/c/d"], "{}", b.name);

        assert_eq!(s.delete_prefix("p/").await.unwrap(), 2, "{}", b.name);
        assert_eq!(s.delete_prefix("p/").await.unwrap(), 0, "{}", b.name);
        assert_eq!(s.list("").await.unwrap(), ["pz/x", "q/x"], "{}", b.name);

        assert!(s.delete("../escape").await.is_err(), "{}", b.name);
        assert!(s.head("a//b").await.is_err(), "{}", b.name);
    }
}

#[tokio::test]
async fn delete_prefix_more_than_one_batch() {
    let (b, _) = s3().await;
    for i in 0..1005 {
        put_bytes(&b.storage, &format!("many/{i:04}"), b"x").await;
    }
    assert_eq!(b.storage.list("many/").await.unwrap().len(), 1005);
    assert_eq!(b.storage.delete_prefix("many/").await.unwrap(), 1005);
    assert!(b.storage.list("many/").await.unwrap().is_empty());
}

#[tokio::test]
async fn check_both_and_missing_bucket() {
    for b in backends().await {
        b.storage.check().await.unwrap();
    }
    let server = crosstalk_testkit::start_s3().await.unwrap();
    let url = server.storage_url().replacen(&server.bucket, "no-such-bucket", 1);
    let missing = Storage::from_url(&url).await.unwrap();
    assert!(missing.check().await.is_err());
}

#[tokio::test]
async fn presigned_get_serves_the_bytes() {
    let (b, _) = s3().await;
    put_bytes(&b.storage, "media/v1/poster.jpg", b"not really a jpeg").await;
    let url = b.storage.presign_get("media/v1/poster.jpg", Duration::from_secs(300)).await.unwrap().unwrap();
    assert!(url.contains("X-Amz-Signature="), "{url}");
    // The in-process server is on loopback: no proxy from the environment.
    let http = reqwest::Client::builder().no_proxy().build().unwrap();
    let resp = http.get(&url).send().await.unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(&resp.bytes().await.unwrap()[..], b"not really a jpeg");

    // Tampered: another key with the same signature.
    let tampered = url.replacen("poster.jpg", "poster.jpe", 1);
    put_bytes(&b.storage, "media/v1/poster.jpe", b"other").await;
    let resp = http.get(&tampered).send().await.unwrap();
    assert_eq!(resp.status(), 403, "tampered presigned URL accepted");

    // No signature at all.
    let bare = url.split('?').next().unwrap();
    assert_eq!(http.get(bare).send().await.unwrap().status(), 403, "anonymous GET accepted");

    // The local store has no presigned URLs.
    assert_eq!(local().await.storage.presign_get("a", Duration::from_secs(1)).await.unwrap(), None);
}

#[tokio::test]
async fn wrong_secret_is_refused() {
    let (good, _) = s3().await;
    let server = good._s3.as_ref().unwrap();
    let bad = Storage::from_url(&server.storage_url_with(&server.access_key, "wrong-secret")).await.unwrap();
    assert!(bad.check().await.is_err());
    let err = format!("{:#}", bad.list("").await.unwrap_err());
    assert!(err.contains("SignatureDoesNotMatch"), "{err}");
    assert!(!err.contains("wrong-secret"), "secret echoed: {err}");
    let work = TempDir::new().unwrap();
    let p = work.path().join("f");
    tokio::fs::write(&p, b"x").await.unwrap();
    assert!(bad.put_file("k", &p, "text/plain").await.is_err());
    assert!(p.exists(), "a failed upload must not consume the file");
    assert_eq!(good.storage.head("k").await.unwrap(), None);

    let unknown = Storage::from_url(&server.storage_url_with("someone-else", &server.secret_key)).await.unwrap();
    assert!(unknown.check().await.is_err());
}

#[tokio::test]
async fn key_prefix_in_url() {
    let (b, url) = s3().await;
    let server = b._s3.as_ref().unwrap();
    let prefixed_url =
        url.replacen(&format!("s3://{}?", server.bucket), &format!("s3://{}/tenant-1?", server.bucket), 1);
    let prefixed = Storage::from_url(&prefixed_url).await.unwrap();
    put_bytes(&prefixed, "a/b", b"hello").await;
    assert_eq!(prefixed.list("").await.unwrap(), ["a/b"]);
    assert_eq!(b.storage.list("").await.unwrap(), ["tenant-1/a/b"]);
    assert_eq!(prefixed.delete_prefix("a/").await.unwrap(), 1);
    assert!(b.storage.list("").await.unwrap().is_empty());
}

#[tokio::test]
async fn from_url_rejects_garbage() {
    for (bad, needle) in [
        ("", "file:// or s3://"),
        ("http://example.com/x", "file:// or s3://"),
        ("s3://", "bucket"),
        ("s3://B!", "bucket name"),
        ("s3://bucket?colour=blue", "unknown parameter"),
        ("s3://bucket?endpoint=ftp://host", "endpoint"),
        ("s3://bucket?path_style=perhaps", "path_style"),
        ("s3://bucket?access_key=only-one", "together"),
        ("s3://bucket?access_key=a&secret_key=hunter2&oops=1", "unknown parameter"),
    ] {
        let err = match Storage::from_url(bad).await {
            Ok(s) => panic!("{bad:?} accepted: {s:?}"),
            Err(e) => format!("{e:#}"),
        };
        assert!(err.contains(needle), "{bad:?}: {err}");
        assert!(!err.contains("hunter2"), "secret echoed: {err}");
    }
}
