//! Test helpers shared across the Crosstalk workspace.
//!
//! [`start_s3`] runs an in-process S3 server (s3s + s3s-fs) over a temporary directory, with
//! SigV4 signatures checked, so that tests exercise the real S3 client against a real HTTP
//! S3 API:
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! let s3 = crosstalk_testkit::start_s3().await?;
//! let url = s3.storage_url(); // s3://BUCKET?endpoint=...&region=...&path_style=true&access_key=...&secret_key=...
//! // crosstalk_core::storage::Storage::from_url(&url).await?
//! # Ok(()) }
//! ```
//!
//! The server runs on its own thread and Tokio runtime, so it outlives the runtime of the
//! test that started it (one server can be shared by several `#[tokio::test]`s through a
//! `static`); it stops, and its directory is removed, when the [`S3Server`] is dropped.

pub mod smtp;

pub use smtp::{start_smtp, ReceivedMail, SmtpServer};

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::thread::JoinHandle;

use anyhow::Context as _;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;
use tempfile::TempDir;

/// Access key accepted by every test server.
pub const ACCESS_KEY: &str = "crosstalk-test-access-key";
/// Secret key accepted by every test server.
pub const SECRET_KEY: &str = "crosstalk-test-secret-key";
/// Region the test servers claim.
pub const REGION: &str = "us-east-1";
/// Bucket created in every test server.
pub const BUCKET: &str = "crosstalk-test";

/// A running in-process S3 server. Dropping it stops the server and removes its data.
pub struct S3Server {
    /// `http://127.0.0.1:PORT`
    pub endpoint: String,
    pub addr: SocketAddr,
    pub bucket: String,
    pub access_key: String,
    pub secret_key: String,
    pub region: String,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
    // Declared last: removed after the server thread has stopped.
    dir: TempDir,
}

impl std::fmt::Debug for S3Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("S3Server").field("endpoint", &self.endpoint).field("bucket", &self.bucket).finish()
    }
}

impl S3Server {
    /// `s3://BUCKET?endpoint=...&region=...&path_style=true&access_key=...&secret_key=...`,
    /// ready for `Storage::from_url` (credentials in the URL: no process-wide env needed).
    pub fn storage_url(&self) -> String {
        self.storage_url_with(&self.access_key, &self.secret_key)
    }

    /// [`storage_url`](Self::storage_url) with other credentials (e.g. a wrong secret, to
    /// check that the server refuses it).
    pub fn storage_url_with(&self, access_key: &str, secret_key: &str) -> String {
        format!(
            "s3://{}?endpoint={}&region={}&path_style=true&access_key={}&secret_key={}",
            self.bucket, self.endpoint, self.region, access_key, secret_key
        )
    }

    /// [`storage_url`](Self::storage_url) without credentials, for code that takes them from
    /// the standard AWS chain (set `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY` to
    /// [`ACCESS_KEY`]/[`SECRET_KEY`] in a child process's environment).
    pub fn storage_url_without_credentials(&self) -> String {
        format!("s3://{}?endpoint={}&region={}&path_style=true", self.bucket, self.endpoint, self.region)
    }

    /// The directory the server stores into (`ROOT/BUCKET/KEY` are the objects' files).
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Where the object `key` of the test bucket lives on disk.
    pub fn object_path(&self, key: &str) -> PathBuf {
        self.dir.path().join(&self.bucket).join(key)
    }

    /// Creates another bucket.
    pub fn create_bucket(&self, name: &str) -> anyhow::Result<()> {
        std::fs::create_dir_all(self.dir.path().join(name)).context("creating bucket")
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// Starts an S3 server on 127.0.0.1 (a free port) over a new temporary directory, with the
/// bucket [`BUCKET`] created and signatures checked against [`ACCESS_KEY`]/[`SECRET_KEY`].
pub async fn start_s3() -> anyhow::Result<S3Server> {
    let dir = tempfile::Builder::new().prefix("crosstalk-s3-").tempdir().context("creating S3 temp dir")?;
    std::fs::create_dir_all(dir.path().join(BUCKET)).context("creating bucket")?;
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).context("binding the S3 test server")?;
    let addr = listener.local_addr()?;
    let (shutdown, thread) = serve(dir.path(), listener).await?;
    Ok(S3Server {
        endpoint: format!("http://{addr}"),
        addr,
        bucket: BUCKET.to_owned(),
        access_key: ACCESS_KEY.to_owned(),
        secret_key: SECRET_KEY.to_owned(),
        region: REGION.to_owned(),
        shutdown: Some(shutdown),
        thread: Some(thread),
        dir,
    })
}

impl S3Server {
    /// Stops serving, as a store that went down: open connections are cut and new ones refused.
    /// The objects stay on disk for [`restart`](Self::restart).
    pub fn stop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    /// Serves the same objects again on the same port, as the store coming back.
    pub async fn restart(&mut self) -> anyhow::Result<()> {
        self.stop();
        let listener = std::net::TcpListener::bind(self.addr).context("binding the S3 test server again")?;
        let (shutdown, thread) = serve(self.dir.path(), listener).await?;
        self.shutdown = Some(shutdown);
        self.thread = Some(thread);
        Ok(())
    }
}

/// Serves the objects under `root` on `listener` from a thread of its own until told to stop.
async fn serve(
    root: &Path,
    listener: std::net::TcpListener,
) -> anyhow::Result<(tokio::sync::oneshot::Sender<()>, JoinHandle<()>)> {
    let fs = s3s_fs::FileSystem::new(root).map_err(|e| anyhow::anyhow!("s3s-fs: {e:?}"))?;
    let service = {
        let mut b = S3ServiceBuilder::new(fs);
        b.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        b.build()
    };
    listener.set_nonblocking(true)?;
    let addr = listener.local_addr()?;
    let (shutdown_tx, mut shutdown_rx) = tokio::sync::oneshot::channel::<()>();
    let (ready_tx, ready_rx) = tokio::sync::oneshot::channel::<anyhow::Result<()>>();

    let thread = std::thread::Builder::new()
        .name(format!("s3-test-{}", addr.port()))
        .spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build() {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = ready_tx.send(Err(e.into()));
                    return;
                }
            };
            rt.block_on(async move {
                let listener = match tokio::net::TcpListener::from_std(listener) {
                    Ok(l) => l,
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.into()));
                        return;
                    }
                };
                let _ = ready_tx.send(Ok(()));
                let http = ConnBuilder::new(TokioExecutor::new());
                loop {
                    let socket = tokio::select! {
                        res = listener.accept() => match res {
                            Ok((socket, _)) => socket,
                            Err(e) => {
                                tracing::warn!("S3 test server: accept failed: {e}");
                                continue;
                            }
                        },
                        _ = &mut shutdown_rx => break,
                    };
                    let conn = http.serve_connection(TokioIo::new(socket), service.clone()).into_owned();
                    tokio::spawn(async move {
                        let _ = conn.await;
                    });
                }
            });
            // Dropping the runtime cancels the open connections.
            rt.shutdown_timeout(std::time::Duration::from_secs(5));
        })
        .context("spawning the S3 test server thread")?;

    ready_rx.await.context("S3 test server thread died")??;
    Ok((shutdown_tx, thread))
}
