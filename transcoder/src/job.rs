//! One run of the pipeline: everything the passes share.

use std::path::{Path, PathBuf};

use crate::limits::Limits;
use crate::plan::{Plan, VideoInfo};
use crate::watchdog::Watchdog;

/// The files written into the output directory.
#[derive(Debug, Clone)]
pub(crate) struct Files {
    pub(crate) video: PathBuf,
    /// Written here, renamed to `video` when complete.
    pub(crate) video_part: PathBuf,
    pub(crate) poster_jpeg: PathBuf,
    pub(crate) poster_webp: PathBuf,
    pub(crate) thumbnail: PathBuf,
}

impl Files {
    pub(crate) fn in_dir(dir: &Path) -> Self {
        Self {
            video: dir.join("video.mp4"),
            video_part: dir.join("video.mp4.part"),
            poster_jpeg: dir.join("poster.jpg"),
            poster_webp: dir.join("poster.webp"),
            thumbnail: dir.join("thumb.jpg"),
        }
    }

    /// Remove whatever a failed run left behind.
    pub(crate) fn remove_all(&self) {
        for path in [&self.video, &self.video_part, &self.poster_jpeg, &self.poster_webp, &self.thumbnail] {
            let _ = std::fs::remove_file(path);
        }
    }
}

pub(crate) struct Job<'a> {
    pub(crate) input: &'a Path,
    pub(crate) files: &'a Files,
    pub(crate) limits: &'a Limits,
    pub(crate) watchdog: Watchdog,
    pub(crate) video: &'a VideoInfo,
    pub(crate) plan: &'a Plan,
    pub(crate) video_index: usize,
    pub(crate) audio_index: Option<usize>,
    pub(crate) duration_ms: u64,
    pub(crate) poster_time_ms: u64,
    pub(crate) threads: usize,
    pub(crate) progress: &'a dyn Fn(f32),
}
