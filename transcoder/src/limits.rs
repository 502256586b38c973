//! Per-job limits: what the worker allows for one upload.

use std::time::Duration;

/// Limits applied to one input. `Limits::default()` follows DESIGN.md: 1 s to 10 min,
/// sides 64..=4096 px, at most 3840x2160 pixels, 4 GiB, 20 min of processing.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Shorter inputs are rejected with `too_short`.
    pub min_seconds: f64,
    /// Longer inputs are rejected with `too_long` (the prompt's `max_seconds`).
    pub max_seconds: f64,
    /// Larger files are rejected with `too_large` before anything is parsed.
    pub max_bytes: u64,
    /// Frames with more pixels are rejected with `too_large` before any decoding.
    pub max_pixels: u64,
    /// Frames with a longer side are rejected with `too_large`.
    pub max_side: u32,
    /// Frames with a shorter side are rejected with `too_small`.
    pub min_side: u32,
    /// Wall-clock budget of the whole job (watchdog); past it the job ends with `timeout`
    /// and every blocking read is interrupted.
    pub timeout: Duration,
    /// Threads for the decoder, the filters and the encoder of one job. 0 means one per
    /// available core. FFmpeg's library default is 1, so this is always set explicitly.
    pub threads: usize,
    /// Copy compliant H.264 instead of transcoding it (DESIGN.md's fast path). Off only to
    /// measure or to force a uniform encode.
    pub allow_fast_path: bool,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            min_seconds: 1.0,
            max_seconds: 600.0,
            max_bytes: 4 << 30,
            max_pixels: 3840 * 2160,
            max_side: 4096,
            min_side: 64,
            timeout: Duration::from_secs(20 * 60),
            threads: 0,
            allow_fast_path: true,
        }
    }
}

impl Limits {
    /// Limits with the prompt's own duration bounds.
    pub fn for_prompt(min_seconds: f64, max_seconds: f64) -> Self {
        Self { min_seconds, max_seconds, ..Self::default() }
    }

    pub(crate) fn thread_count(&self) -> usize {
        if self.threads > 0 {
            self.threads
        } else {
            std::thread::available_parallelism().map_or(1, |n| n.get())
        }
    }
}
