//! `cargo run -p crosstalk-transcoder --example transcode -- INPUT --out DIR [--json]`:
//! the same as `crosstalk transcode`, for the benchmark and for trying files by hand.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let mut input = None;
    let mut out = None;
    let mut json = false;
    let mut args = std::env::args_os().skip(1);
    while let Some(arg) = args.next() {
        match arg.to_str() {
            Some("--json") => json = true,
            Some("--out") => out = args.next().map(PathBuf::from),
            _ if input.is_none() => input = Some(PathBuf::from(arg)),
            _ => {
                eprintln!("usage: transcode INPUT --out DIR [--json]");
                return ExitCode::from(64);
            }
        }
    }
    let (Some(input), Some(out)) = (input, out) else {
        eprintln!("usage: transcode INPUT --out DIR [--json]");
        return ExitCode::from(64);
    };
    let code = crosstalk_transcoder::cli_main(&input, &out, json);
    ExitCode::from(u8::try_from(code).unwrap_or(1))
}
