//! What a successful run reports: the metadata the worker stores next to the outputs.

use std::path::PathBuf;

use serde::Serialize;

/// Which way the video went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProcessingPath {
    /// Decoded, filtered and re-encoded with libx264.
    Transcode,
    /// Already compliant H.264: video copied, remuxed with the index first.
    FastPath,
}

/// The codecs found in the input.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputCodecs {
    /// Demuxer name, e.g. `mov,mp4,m4a,3gp,3g2,mj2` or `matroska,webm`.
    pub container: String,
    /// e.g. `h264`, `hevc`, `vp8`.
    pub video: String,
    /// The audio track used (the first decodable one), e.g. `aac`, `opus`.
    pub audio: Option<String>,
}

/// EBU R128 measurement of the input audio and what was done about it.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct LoudnessReport {
    /// Integrated loudness of the input, LUFS (after down/up-mixing to stereo 48 kHz).
    pub input_lufs: f64,
    /// True peak of the input, dBTP.
    pub input_true_peak_dbtp: f64,
    /// Linear gain applied, dB (0 when the audio was copied).
    pub gain_db: f64,
    /// Whether a peak limiter was needed to keep the true peak under -1.5 dBTP.
    pub limited: bool,
    /// Whether the AAC stream was copied untouched (fast path, already within 1 LU).
    pub copied: bool,
}

/// What came out. Serialised as stored by the worker and printed by `--json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metadata {
    /// From decoded timestamps when the container has no duration.
    pub duration_ms: u64,
    /// Output frame size (upright, after rotation and scaling).
    pub width: u32,
    pub height: u32,
    /// Output frame rate.
    pub fps: f64,
    pub has_audio: bool,
    pub input: InputCodecs,
    pub path: ProcessingPath,
    /// `None` when the input has no decodable audio.
    pub loudness: Option<LoudnessReport>,
    /// Size of `video.mp4`.
    pub output_bytes: u64,
}

/// A ready video: its metadata and the files written into the output directory.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcome {
    pub metadata: Metadata,
    /// `OUT/video.mp4`
    pub video: PathBuf,
    /// `OUT/poster.jpg`
    pub poster_jpeg: PathBuf,
    /// `OUT/poster.webp`
    pub poster_webp: PathBuf,
    /// `OUT/thumb.jpg` (320 px wide)
    pub thumbnail: PathBuf,
}
