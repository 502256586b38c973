//! A stand-alone S3 server (s3s + s3s-fs, signatures checked) for benches that need an S3
//! store they can stop and restart, e.g. `bench/soak.sh` with `OUTAGES=1`.
//!
//! ```text
//! cargo run --release -p crosstalk-testkit --example s3_server -- --dir /tmp/s3 --port 9300
//! ```
//!
//! The objects live in `DIR/BUCKET/KEY` and survive a restart over the same `--dir`. On start
//! it prints one line per setting (`endpoint=`, `bucket=`, `region=`, `access_key=`,
//! `secret_key=`, `storage_url=`) and then serves until killed.

use std::path::PathBuf;

use anyhow::{bail, Context as _};
use crosstalk_testkit::{ACCESS_KEY, BUCKET, REGION, SECRET_KEY};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto::Builder as ConnBuilder;
use s3s::auth::SimpleAuth;
use s3s::service::S3ServiceBuilder;

fn parse_args() -> anyhow::Result<(PathBuf, u16)> {
    let mut dir = None;
    let mut port = 9300u16;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--dir" => dir = Some(PathBuf::from(args.next().context("--dir needs a value")?)),
            "--port" => port = args.next().context("--port needs a value")?.parse().context("--port")?,
            other => bail!("unknown argument {other:?} (usage: s3_server --dir DIR [--port PORT])"),
        }
    }
    Ok((dir.context("--dir DIR is required")?, port))
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let (dir, port) = parse_args()?;
    std::fs::create_dir_all(dir.join(BUCKET)).context("creating the bucket directory")?;
    let fs = s3s_fs::FileSystem::new(&dir).map_err(|e| anyhow::anyhow!("s3s-fs: {e:?}"))?;
    let service = {
        let mut b = S3ServiceBuilder::new(fs);
        b.set_auth(SimpleAuth::from_single(ACCESS_KEY, SECRET_KEY));
        b.build()
    };
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await.context("binding the S3 server")?;
    let endpoint = format!("http://{}", listener.local_addr()?);
    println!("endpoint={endpoint}");
    println!("bucket={BUCKET}");
    println!("region={REGION}");
    println!("access_key={ACCESS_KEY}");
    println!("secret_key={SECRET_KEY}");
    println!("storage_url=s3://{BUCKET}?endpoint={endpoint}&region={REGION}&path_style=true");

    let http = ConnBuilder::new(TokioExecutor::new());
    loop {
        let socket = match listener.accept().await {
            Ok((socket, _)) => socket,
            Err(e) => {
                eprintln!("s3_server: accept failed: {e}");
                continue;
            }
        };
        let conn = http.serve_connection(TokioIo::new(socket), service.clone()).into_owned();
        tokio::spawn(async move {
            let _ = conn.await;
        });
    }
}
