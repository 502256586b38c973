//! Media in-process with ffmpeg-next and image: probe -> validate -> normalize -> poster.
//!
//! Whatever a learner's phone or browser recorded comes out as one MP4 that plays
//! everywhere (DESIGN.md, "Media profile"), with a poster; anything else is refused with a
//! stable reason code. Nothing here shells out to the ffmpeg CLI.
//!
//! # Use
//!
//! ```no_run
//! use std::path::Path;
//! use crosstalk_transcoder::{process, Limits, TranscodeError};
//!
//! let limits = Limits::for_prompt(1.0, 180.0);
//! match process(Path::new("upload.mov"), Path::new("out/"), &limits, &|fraction| {
//!     println!("{:.0} %", fraction * 100.0);
//! }) {
//!     Ok(outcome) => println!("{}", serde_json::to_string(&outcome.metadata).unwrap()),
//!     Err(TranscodeError::Rejected(rejection)) => println!("refused: {}", rejection.reason),
//!     Err(TranscodeError::Internal(error)) => eprintln!("retry later: {error:#}"),
//! }
//! ```
//!
//! [`process`] is synchronous and CPU-heavy: call it from `spawn_blocking`. It is safe to
//! call from several threads at once (every call owns its FFmpeg contexts; the only global
//! state, FFmpeg's log level, is set once). It writes `video.mp4`, `poster.jpg`,
//! `poster.webp` and `thumb.jpg` into the output directory (created if missing); `video.mp4`
//! appears only when complete, and a failed or refused run leaves none of the four behind.
//!
//! # Steps
//!
//! 1. **Probe** ([`probe`]): the first MiB is sniffed by us (libavformat's probe over a
//!    buffer, ignoring the file name). Playlists, concat lists and demuxers outside
//!    [`plan::CONTAINER_ALLOWLIST`] are refused before FFmpeg opens anything; the file is
//!    then opened as `file:<absolute path>` with `protocol_whitelist=file`,
//!    `format_whitelist` = the allowlist and MOV external references off, so no other file
//!    or URL is ever opened. Header frame sizes are checked before any decoding, and every
//!    decoder refuses frames above [`Limits::max_pixels`]. One pass over the packets
//!    (video not decoded) gives the duration from the packet timestamps (so a WebM from
//!    MediaRecorder, which has none in its header, gets one; the header is only a
//!    fallback), the real frame rate (average and bursts) and bit rate, the first audio
//!    track that decodes (an iPhone `apac` track without decoder is skipped), and its EBU
//!    R128 integrated loudness and true peak (libavfilter's `ebur128`, after conversion
//!    to 48 kHz stereo as in the output).
//! 2. **Validate** ([`plan::validate_streams`], [`plan::validate_duration`]).
//! 3. **Normalize**: [`plan::plan`] chooses the fast path or the transcode path.
//!    - Transcode: `fps` (constant output rate = the input's when <= 30, else 30; this
//!      also smooths variable frame rate) -> `scale` (fit 1280x720 either way round,
//!      never upscale, even sides; SDR converted to the BT.709 matrix, limited range) ->
//!      rotation from the display matrix (`transpose`/flips, 90/180/270) -> HDR (HLG or
//!      PQ) tone mapping after scaling: `setparams` + zscale + `tonemap=hable`, or the
//!      `colorspace` filter when libavfilter lacks zscale (Debian 12's has it, so zscale
//!      is what runs; see [`video::filter_chain`]) -> yuv420p; libx264 veryfast CRF 23,
//!      maxrate 2.5 Mb/s, bufsize 5 Mb/s, High, level 4.0, keyframe every 2 s exactly (no
//!      scene-cut keyframes), BT.709 tags. The output starts at zero; audio is shifted by
//!      the same amount so sync is kept.
//!    - Fast path (H.264 High/Main/Baseline <= level 4.0, 8-bit 4:2:0 SDR, upright, square
//!      pixels, within 1280x720, <= 30 fps, <= 4 Mb/s, MP4/MOV): video packets copied into a
//!      new MP4 with the index first. Nothing is decoded but the keyframes (poster and a
//!      sanity check). The scan checks every packet's NAL structure ([`nal`]): a damaged
//!      packet sends the clip to the transcode, whose decoder conceals the damage (more
//!      than 10 % damaged: `corrupt`); so does a keyframe that decodes with errors. Audio
//!      that had decode errors is re-encoded, not copied. A published video decodes cleanly.
//!    - Audio, both paths: the first decodable track, 48 kHz stereo, a linear gain to
//!      -16 LUFS from the measurement of step 1 (capped at +30 dB; silence gets none),
//!      followed by a lookahead peak limiter (sample peaks held at -2.5 dBFS, which keeps
//!      the encoded true peak under -1.5 dBTP) only when the gain would bring the true
//!      peak within 0.5 dB of -1.5 dBTP; AAC-LC 128 kb/s. Limiting lowers loudness a
//!      little: fine for speech (-16 LUFS reached on `speechlike_quiet.mp4`), but audio
//!      whose loudness is made of sparse loud clicks ends below target (-19.4 LUFS on a
//!      click track at -18.7 LUFS in; loudnorm's dynamic mode gave -18.9). On the fast
//!      path, AAC-LC 48 kHz stereo already within 1 LU is copied untouched. We measure and apply a linear gain rather than
//!      `loudnorm`: it is one extra audio-only decode, leaves the dynamics alone, and
//!      loudnorm's dynamic mode resamples to 192 kHz and costs twice as much (DESIGN.md:
//!      0.6 s vs 0.29 s). No audio in, no audio track out.
//!    - Metadata: nothing is copied (GPS, titles, creation times stay behind); the muxer
//!      runs bitexact, so not even an encoder tag is written.
//! 4. **Poster**: the output frame at min(2 s, duration / 3) (upright, tone-mapped; on the
//!    fast path the keyframe nearest that time) as JPEG q80, WebP and a 320 px wide JPEG
//!    thumbnail. The `image` crate encodes WebP losslessly only, so `poster.webp` is
//!    lossless (about 10x the JPEG's size at 720p).
//!
//! Threads: decoder, filter graph and encoder each get [`Limits::threads`] threads
//! (default: one per core; with several worker slots on one machine, set it to
//! cores / slots), set explicitly because FFmpeg's library default is 1.
//!
//! A watchdog ([`Limits::timeout`]) is checked in every loop and interrupts blocking reads.
//! Decode errors (refused packets, concealed frames, packets that yield no picture) are
//! tolerated up to 10 % ([`plan::too_many_decode_errors`]); beyond that the input is
//! `corrupt`.
//!
//! [`loudness::measure_file`] measures any file's first audio track (used by the tests).

mod audio;
mod cli;
mod error;
mod graph;
mod input;
mod job;
mod limits;
pub mod loudness;
mod metadata;
pub mod nal;
mod normalize;
mod output;
pub mod plan;
mod poster;
mod probe;
mod remux;
mod scan;
pub mod video;
mod watchdog;

use std::path::Path;
use std::sync::Once;

use anyhow::Context as _;
use ffmpeg_next as ffmpeg;

pub use cli::{cli_main, cli_main_with, EXIT_FAILED, EXIT_READY, EXIT_REJECTED};
pub use error::{RejectReason, Rejection, TranscodeError};
pub use limits::Limits;
pub use metadata::{InputCodecs, LoudnessReport, Metadata, Outcome, ProcessingPath};
pub use plan::{AudioInfo, Integrity, Loudness, MediaInfo, VideoInfo};

use crate::job::{Files, Job};
use crate::plan::AudioPlan;
use crate::remux::Remuxed;
use crate::watchdog::Watchdog;

/// What [`probe`] learned about an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Probed {
    pub info: MediaInfo,
    /// Loudness of the chosen audio track (`None` without decodable audio).
    pub loudness: Option<Loudness>,
    video_index: usize,
    audio_index: Option<usize>,
}

/// Run the whole pipeline on one upload. See the crate docs.
#[tracing::instrument(skip_all, fields(input = %input.display()))]
pub fn process(
    input: &Path,
    out_dir: &Path,
    limits: &Limits,
    progress: &dyn Fn(f32),
) -> Result<Outcome, TranscodeError> {
    init();
    let watchdog = Watchdog::start(limits.timeout);
    std::fs::create_dir_all(out_dir).with_context(|| format!("creating {}", out_dir.display()))?;
    let files = Files::in_dir(out_dir);
    // Packets arrive in decode order, so raw positions can step back; report a maximum.
    let reached = std::cell::Cell::new(0f32);
    let monotonic = |fraction: f32| {
        let fraction = fraction.clamp(0.0, 1.0);
        if fraction > reached.get() || fraction == 0.0 && reached.get() == 0.0 {
            reached.set(fraction);
            progress(fraction);
        }
    };
    let result = run(input, &files, limits, watchdog, &monotonic);
    match &result {
        Ok(outcome) => {
            tracing::info!(path = ?outcome.metadata.path, bytes = outcome.metadata.output_bytes, "ready")
        }
        // A refused upload is an expected outcome, not an error of ours.
        Err(TranscodeError::Rejected(rejection)) => {
            tracing::info!(reason = %rejection.reason, detail = %rejection.detail, "rejected")
        }
        Err(TranscodeError::Internal(error)) => {
            tracing::error!(error = format!("{error:#}"), "failed")
        }
    }
    if result.is_err() {
        files.remove_all();
    }
    result
}

/// Steps 1 and 2 only: describe and validate an input without writing anything.
pub fn probe(input: &Path, limits: &Limits) -> Result<Probed, TranscodeError> {
    init();
    probe_with(input, limits, &Watchdog::start(limits.timeout), &|_| {})
}

fn probe_with(
    input: &Path,
    limits: &Limits,
    watchdog: &Watchdog,
    progress: &dyn Fn(f32),
) -> Result<Probed, TranscodeError> {
    let sniffed = input::sniff(input, limits)?;
    let mut opened = input::open(input, limits, watchdog)?;
    let streams = probe::describe(&opened);
    let mut info = MediaInfo {
        container: sniffed.demuxer,
        file_bytes: sniffed.file_bytes,
        duration_ms: streams.header_duration_ms,
        video: streams.video.clone(),
        audio: None,
        integrity: Integrity::default(),
    };
    plan::validate_streams(&info, limits)?;
    // A header that already admits too much saves the scan.
    if let Some(ms) = streams.header_duration_ms {
        if ms as f64 / 1000.0 > limits.max_seconds {
            plan::validate_duration(ms, limits)?;
        }
    }
    let video_index =
        streams.video_index.ok_or_else(|| TranscodeError::reject(RejectReason::NoVideoStream, "no video stream"))?;
    let scan = scan::scan(&mut opened, &streams, watchdog, streams.header_duration_ms, limits.max_seconds, progress)?;
    if scan.video_packets == 0 {
        return Err(TranscodeError::reject(RejectReason::Corrupt, "no video packets"));
    }
    info.duration_ms = scan.duration_ms.or(streams.header_duration_ms);
    info.integrity = scan.integrity;
    plan::validate_integrity(&info)?;
    if let Some(video) = info.video.as_mut() {
        video.measured_fps = scan.measured_fps;
        video.peak_fps = scan.peak_fps;
        video.burst_share = scan.burst_share;
        if scan.bit_rate > 0 {
            video.bit_rate = scan.bit_rate;
        }
    }
    let (audio_index, loudness) = match scan.audio {
        Some((index, audio, loudness)) => {
            info.audio = Some(audio);
            (Some(index), Some(loudness))
        }
        None => (None, None),
    };
    let duration_ms = info.duration_ms.ok_or_else(|| TranscodeError::reject(RejectReason::Corrupt, "no timestamps"))?;
    plan::validate_duration(duration_ms, limits)?;
    Ok(Probed { info, loudness, video_index, audio_index })
}

fn run(
    input: &Path,
    files: &Files,
    limits: &Limits,
    watchdog: Watchdog,
    progress: &dyn Fn(f32),
) -> Result<Outcome, TranscodeError> {
    progress(0.0);
    let started = std::time::Instant::now();
    let scan_share = 0.1;
    let probed = probe_with(input, limits, &watchdog, &|f| progress(f * scan_share))?;
    let probed_ms = started.elapsed().as_millis();
    let info = &probed.info;
    let (Some(video), Some(duration_ms)) = (info.video.as_ref(), info.duration_ms) else {
        return Err(TranscodeError::reject(RejectReason::NoVideoStream, "no video stream"));
    };
    let first_plan = plan::plan(info, probed.loudness.as_ref(), limits.allow_fast_path)
        .ok_or_else(|| TranscodeError::reject(RejectReason::NoVideoStream, "no video stream"))?;
    tracing::info!(
        fast_path = first_plan.fast_path,
        because = first_plan.transcode_because.unwrap_or("compliant"),
        width = first_plan.width,
        height = first_plan.height,
        "plan"
    );
    let job = Job {
        input,
        files,
        limits,
        watchdog,
        video,
        plan: &first_plan,
        video_index: probed.video_index,
        audio_index: probed.audio_index,
        duration_ms,
        poster_time_ms: plan::poster_time_ms(duration_ms),
        threads: limits.thread_count(),
        progress,
    };
    let (plan, poster_frame) = if !first_plan.fast_path {
        (first_plan.clone(), normalize::run(&job)?)
    } else {
        match remux::run(&job)? {
            Remuxed::Done(frame) => (first_plan.clone(), frame),
            // Damage inside a keyframe, which the scan's structural check cannot see:
            // transcode (the decoder conceals it) rather than publish it.
            Remuxed::Damaged(detail) => {
                tracing::info!(%detail, "fast path found damage, transcoding instead");
                let mut plan = plan::plan(info, probed.loudness.as_ref(), false)
                    .ok_or_else(|| TranscodeError::reject(RejectReason::NoVideoStream, "no video stream"))?;
                plan.transcode_because = Some("damaged keyframe");
                let frame = normalize::run(&Job { plan: &plan, ..job })?;
                (plan, frame)
            }
        }
    };
    std::fs::rename(&files.video_part, &files.video)
        .with_context(|| format!("renaming {}", files.video_part.display()))?;
    let normalized_ms = started.elapsed().as_millis();
    poster::write_all(&poster_frame, files)?;
    tracing::debug!(probed_ms, normalized_ms, posters_ms = started.elapsed().as_millis(), "timings (cumulative)");
    let output_bytes =
        std::fs::metadata(&files.video).with_context(|| format!("reading {}", files.video.display()))?.len();
    progress(1.0);

    let (width, height) = if plan.fast_path { (video.width, video.height) } else { (plan.width, plan.height) };
    let loudness = probed.loudness.and_then(|measured| {
        let (gain_db, limited, copied) = match plan.audio {
            AudioPlan::None => return None,
            AudioPlan::Copy => (0.0, false, true),
            AudioPlan::Encode { gain_db, limit } => (gain_db, limit, false),
        };
        let hundredths = |v: f64| (v * 100.0).round() / 100.0;
        Some(LoudnessReport {
            input_lufs: hundredths(measured.integrated_lufs),
            input_true_peak_dbtp: hundredths(measured.true_peak_dbtp),
            gain_db: hundredths(gain_db),
            limited,
            copied,
        })
    });
    let metadata = Metadata {
        duration_ms,
        width,
        height,
        fps: f64::from(plan.fps.0) / f64::from(plan.fps.1.max(1)),
        has_audio: !matches!(plan.audio, AudioPlan::None),
        input: InputCodecs {
            container: info.container.clone(),
            video: video.codec.clone(),
            audio: info.audio.as_ref().map(|a| a.codec.clone()),
        },
        path: if plan.fast_path { ProcessingPath::FastPath } else { ProcessingPath::Transcode },
        loudness,
        output_bytes,
    };
    Ok(Outcome {
        metadata,
        video: files.video.clone(),
        poster_jpeg: files.poster_jpeg.clone(),
        poster_webp: files.poster_webp.clone(),
        thumbnail: files.thumbnail.clone(),
    })
}

/// Initialise FFmpeg once per process and keep its own logging to fatal errors: every
/// failure reaches the caller as a `TranscodeError` and through `tracing`.
pub(crate) fn init() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        if let Err(error) = ffmpeg::init() {
            tracing::error!(%error, "FFmpeg initialisation failed");
        }
        ffmpeg::log::set_level(ffmpeg::log::Level::Fatal);
    });
}

/// Returns the C heap's free memory to the system; a long-running worker calls it after each job.
/// A job allocates tens of MB of frame buffers on whichever thread ran it, and glibc keeps what is
/// freed in that thread's arena: over a 10-minute soak (121 jobs, up to 16 arenas) the worker's
/// RSS crept up ~20 MB after the packet leak was fixed. A no-op outside glibc.
pub fn give_back_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks and trims the allocator's own arenas.
    unsafe {
        libc::malloc_trim(0);
    }
}
