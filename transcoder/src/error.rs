//! Error kinds of the media pipeline: a rejected input versus an internal failure.

use serde::Serialize;

/// Why an input was refused. Stable, snake_case codes the worker stores and the API
/// hands to clients; add new codes, never rename one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// Empty, text, an image, or bytes no demuxer recognises.
    NotAVideo,
    /// A recognised container outside the allowlist (including playlists and concat lists).
    UnsupportedContainer,
    /// An allowed container without a video stream (audio only).
    NoVideoStream,
    /// Shorter than [`crate::Limits::min_seconds`].
    TooShort,
    /// Longer than [`crate::Limits::max_seconds`].
    TooLong,
    /// Frame size or file size over the limits.
    TooLarge,
    /// A side below [`crate::Limits::min_side`].
    TooSmall,
    /// The container or the streams cannot be read (missing index, too many decode errors).
    Corrupt,
    /// Processing took longer than [`crate::Limits::timeout`].
    Timeout,
}

impl RejectReason {
    /// The code as stored and serialised, e.g. `"too_long"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotAVideo => "not_a_video",
            Self::UnsupportedContainer => "unsupported_container",
            Self::NoVideoStream => "no_video_stream",
            Self::TooShort => "too_short",
            Self::TooLong => "too_long",
            Self::TooLarge => "too_large",
            Self::TooSmall => "too_small",
            Self::Corrupt => "corrupt",
            Self::Timeout => "timeout",
        }
    }
}

impl std::fmt::Display for RejectReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A refused input: the stable code plus a human-readable detail for logs.
/// The detail names what was measured ("12.0 s > 10.0 s"), never paths or library text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    pub reason: RejectReason,
    pub detail: String,
}

impl Rejection {
    pub fn new(reason: RejectReason, detail: impl Into<String>) -> Self {
        Self { reason, detail: detail.into() }
    }
}

impl std::fmt::Display for Rejection {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.reason, self.detail)
    }
}

/// The error of [`crate::process`]: bad input (do not retry, tell the learner) or an
/// internal failure (retry the job, alert an operator).
#[derive(Debug, thiserror::Error)]
pub enum TranscodeError {
    #[error("input rejected ({0})")]
    Rejected(Rejection),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl TranscodeError {
    pub(crate) fn reject(reason: RejectReason, detail: impl Into<String>) -> Self {
        Self::Rejected(Rejection::new(reason, detail))
    }

    /// The rejection, when the input was refused.
    pub fn rejection(&self) -> Option<&Rejection> {
        match self {
            Self::Rejected(rejection) => Some(rejection),
            Self::Internal(_) => None,
        }
    }
}

impl From<Rejection> for TranscodeError {
    fn from(rejection: Rejection) -> Self {
        Self::Rejected(rejection)
    }
}
