//! `crosstalk transcode INPUT --out DIR [--json]`: the pipeline from a terminal.

use std::io::IsTerminal;
use std::path::Path;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::json;

use crate::{process, Limits, TranscodeError};

/// Exit codes of the subcommand.
pub const EXIT_READY: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_REJECTED: i32 = 2;

/// Run one file with default [`Limits`]. Shows a progress bar on stderr when it is a
/// terminal; with `json`, prints exactly one JSON object on stdout:
/// `{"status": "ready"|"rejected"|"failed", "reason": null|"<code>", "detail": ..., "metadata": {...}|null}`.
/// Returns 0 when ready, 2 when the input is rejected, 1 on an internal failure.
pub fn cli_main(input: &Path, out: &Path, json: bool) -> i32 {
    cli_main_with(input, out, json, &Limits::default())
}

/// [`cli_main`] with explicit limits (the benchmark turns the fast path off with them).
pub fn cli_main_with(input: &Path, out: &Path, json: bool, limits: &Limits) -> i32 {
    let bar = if std::io::stderr().is_terminal() {
        let bar = ProgressBar::with_draw_target(Some(1000), ProgressDrawTarget::stderr());
        if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} [{bar:40}] {percent:>3}% {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message(input.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default());
        bar
    } else {
        ProgressBar::hidden()
    };
    let result = process(input, out, limits, &|fraction| {
        bar.set_position((fraction.clamp(0.0, 1.0) * 1000.0) as u64);
    });
    bar.finish_and_clear();

    let (code, report) = match &result {
        Ok(outcome) => {
            (EXIT_READY, json!({"status": "ready", "reason": null, "detail": null, "metadata": outcome.metadata}))
        }
        Err(TranscodeError::Rejected(rejection)) => (
            EXIT_REJECTED,
            json!({"status": "rejected", "reason": rejection.reason, "detail": rejection.detail, "metadata": null}),
        ),
        Err(TranscodeError::Internal(error)) => {
            (EXIT_FAILED, json!({"status": "failed", "reason": null, "detail": format!("{error:#}"), "metadata": null}))
        }
    };
    if json {
        println!("{report}");
    } else {
        match &result {
            Ok(outcome) => {
                let m = &outcome.metadata;
                println!(
                    "ready: {}x{} {:.2} fps, {:.1} s, {}, {} bytes -> {}",
                    m.width,
                    m.height,
                    m.fps,
                    m.duration_ms as f64 / 1000.0,
                    if m.has_audio { "with audio" } else { "no audio" },
                    m.output_bytes,
                    outcome.video.display()
                );
            }
            Err(TranscodeError::Rejected(rejection)) => {
                println!("rejected: {} ({})", rejection.reason, rejection.detail)
            }
            Err(TranscodeError::Internal(error)) => eprintln!("failed: {error:#}"),
        }
    }
    code
}
