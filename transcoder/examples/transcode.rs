//! `cargo run -p crosstalk-transcoder --release --example transcode -- INPUT --out DIR [--json]
//! [--no-fast-path] [--threads N]`: the same as `crosstalk transcode`, for the benchmark
//! (bench/transcode.sh) and for trying files by hand.

use std::path::PathBuf;
use std::process::ExitCode;

use crosstalk_transcoder::{cli_main_with, Limits};

const USAGE: &str = "usage: transcode INPUT --out DIR [--json] [--no-fast-path] [--threads N]";

fn main() -> ExitCode {
    // `RUST_LOG=crosstalk_transcoder=debug` shows the plan and per-phase timings.
    if std::env::var_os("RUST_LOG").is_some() {
        tracing_subscriber::fmt()
            .with_env_filter(tracing_subscriber::EnvFilter::from_default_env())
            .with_writer(std::io::stderr)
            .init();
    }
    let mut input = None;
    let mut out = None;
    let mut json = false;
    let mut limits = Limits::default();
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--no-fast-path") => limits.allow_fast_path = false,
            Some("--out") => out = args.next().map(PathBuf::from),
            Some("--threads") => match args.next().and_then(|n| n.to_str()?.parse().ok()) {
                Some(n) => limits.threads = n,
                None => {
                    eprintln!("{USAGE}");
                    return ExitCode::from(64);
                }
            },
            _ if input.is_none() => input = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(64);
            }
        }
    }
    let (Some(input), Some(out)) = (input, out) else {
        eprintln!("{USAGE}");
        return ExitCode::from(64);
    };
    let code = cli_main_with(&input, &out, json, &limits);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
