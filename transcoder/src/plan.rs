//! The pure decisions: is this input acceptable, which path does it take, what size and
//! rate come out, what happens to its audio. No FFmpeg here, so every rule is table-tested
//! over recorded stream descriptions (`tests/plan.rs`).

use crate::error::{RejectReason, Rejection};
use crate::limits::Limits;

/// Demuxers we open (FFmpeg names). Anything else is `unsupported_container`.
pub const CONTAINER_ALLOWLIST: &[&str] = &["mov", "mp4", "m4a", "3gp", "3g2", "mj2", "matroska", "webm"];

/// Output bounds of the media profile.
pub const MAX_LONG_SIDE: u32 = 1280;
pub const MAX_SHORT_SIDE: u32 = 720;
pub const MAX_FPS: f64 = 30.0;
/// A live capture's average rate runs a little over its nominal rate: Chromium's MediaRecorder
/// at 30 fps writes 363 frames in 12.066 s (`avg_frame_rate` 30.03). Up to 2 % over
/// [`MAX_FPS`] is still "30 fps" for the fast path.
pub const AVERAGE_FPS_SLACK: f64 = 1.02;
/// Capture jitter makes the rate held over one second wobble around the nominal rate (30.57
/// seen on a loaded machine); a real burst (VFR slow motion at 60) is far above 10 % over.
pub const SUSTAINED_FPS_SLACK: f64 = 1.1;
/// Above this share of burst intervals ([`VideoInfo::burst_share`]) a clip is variable frame
/// rate, whatever its averages say: jerky to copy, smoothed by the transcode's `fps` filter.
pub const MAX_BURST_SHARE: f64 = 0.1;
/// Fast-path ceiling on the copied video's bit rate.
pub const FAST_PATH_MAX_BIT_RATE: u64 = 4_000_000;
/// H.264 level 4.0 as coded in the SPS.
pub const MAX_H264_LEVEL: i32 = 40;

/// Loudness target (EBU R128 as used by streaming platforms).
pub const TARGET_LUFS: f64 = -16.0;
pub const TARGET_TRUE_PEAK_DBTP: f64 = -1.5;
/// Copy AAC untouched when within this many LU of the target.
pub const COPY_TOLERANCE_LU: f64 = 1.0;
/// The AAC encoder can add a few tenths of a dB to peaks: limit from this far below the
/// true-peak ceiling.
pub const LIMITER_MARGIN_DB: f64 = 0.5;
/// Never boost more than this: beyond it we would only amplify noise.
pub const MAX_GAIN_DB: f64 = 30.0;
/// Below this the gated measurement found no programme (silence): no gain.
pub const SILENCE_LUFS: f64 = -69.0;

/// A recorded description of the input's video stream (what `probe` reads).
#[derive(Debug, Clone, PartialEq)]
pub struct VideoInfo {
    pub codec: String,
    /// FFmpeg's profile name, e.g. `High`, `Main 10`, `Constrained Baseline`.
    pub profile: String,
    /// `level_idc` (40 = 4.0); 0 or negative when unknown.
    pub level: i32,
    /// Coded size, before rotation.
    pub width: u32,
    pub height: u32,
    /// Sample aspect ratio as a number (1.0 for square pixels or unknown).
    pub sample_aspect: f64,
    /// e.g. `yuv420p`, `yuv420p10le`.
    pub pix_fmt: String,
    /// e.g. `bt709`, `arib-std-b67` (HLG), `smpte2084` (PQ), `unknown`.
    pub color_transfer: String,
    /// e.g. `bt709`, `bt2020`, `unknown`.
    pub color_primaries: String,
    /// YCbCr matrix, e.g. `bt709`, `smpte170m`, `bt470bg`, `bt2020nc`, `unknown`.
    pub color_space: String,
    /// Clockwise rotation needed to show the picture upright: 0, 90, 180 or 270.
    pub rotation: u32,
    /// Average frame rate from the header, as a fraction; `(0, 0)` when absent.
    pub frame_rate: (i32, i32),
    /// Frame rate measured from packet timestamps (frames / duration); 0 when unknown.
    pub measured_fps: f64,
    /// Highest frame rate held over about a second (frames within each one-second window).
    pub peak_fps: f64,
    /// Share of frame intervals faster than 37.5 fps: bursts that the averages hide.
    pub burst_share: f64,
    /// Bits per second of the video packets; 0 when unknown.
    pub bit_rate: u64,
}

/// A recorded description of the chosen audio stream.
#[derive(Debug, Clone, PartialEq)]
pub struct AudioInfo {
    pub codec: String,
    /// e.g. `LC`, `HE-AAC`; empty when the codec has no profiles.
    pub profile: String,
    pub sample_rate: u32,
    pub channels: u32,
}

/// A recorded description of a whole input.
#[derive(Debug, Clone, PartialEq)]
pub struct MediaInfo {
    /// Demuxer name, e.g. `mov,mp4,m4a,3gp,3g2,mj2`.
    pub container: String,
    pub file_bytes: u64,
    /// From the header, or from decoded timestamps when the header has none.
    pub duration_ms: Option<u64>,
    pub video: Option<VideoInfo>,
    /// The first decodable audio stream.
    pub audio: Option<AudioInfo>,
    /// What reading every packet found damaged (see [`crate::nal`]).
    pub integrity: Integrity,
}

/// Damage found by the scan, which reads every packet once: H.264 packets checked
/// structurally ([`crate::nal`]), audio decoded for its loudness.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Integrity {
    /// MP4 H.264 packets checked; 0 when the video is not H.264 with an `avcC` record.
    pub h264_packets: u64,
    /// Of those, packets found broken (bad NAL lengths, types, escapes, slice headers).
    pub h264_damaged: u64,
    /// Why a sound H.264 stream should still not be copied (parameter sets missing from
    /// `avcC` or changing in-band, NAL types outside Main/High); `None` when it can be.
    pub h264_not_copyable: Option<&'static str>,
    /// Audio packets of the chosen track the decoder refused or could not decode.
    pub audio_errors: u64,
}

/// EBU R128 measurement (integrated loudness and true peak).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Loudness {
    pub integrated_lufs: f64,
    pub true_peak_dbtp: f64,
}

/// What to do with the audio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AudioPlan {
    /// No decodable audio: the output has no audio track.
    None,
    /// Copy the AAC packets untouched.
    Copy,
    /// Decode, resample to 48 kHz stereo, apply `gain_db`, limit the peaks when `limit`,
    /// encode AAC-LC 128 kb/s.
    Encode { gain_db: f64, limit: bool },
}

/// The whole decision for one input.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// True: copy the video and remux. False: transcode.
    pub fast_path: bool,
    /// Why the fast path was not taken (for logs); `None` when it was.
    pub transcode_because: Option<&'static str>,
    /// Output size, upright.
    pub width: u32,
    pub height: u32,
    /// Output frame rate as a fraction.
    pub fps: (i32, i32),
    pub rotation: u32,
    pub hdr: Option<Hdr>,
    pub audio: AudioPlan,
}

/// Which HDR transfer the input uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hdr {
    Hlg,
    Pq,
}

/// Is the demuxer (FFmpeg's comma-separated name) on the allowlist?
pub fn container_allowed(demuxer: &str) -> bool {
    !demuxer.is_empty() && demuxer.split(',').all(|name| CONTAINER_ALLOWLIST.contains(&name))
}

/// Rejections knowable from the header alone: stream presence and frame size. Checked
/// before any frame is decoded, so a dimension bomb never allocates a frame.
pub fn validate_streams(info: &MediaInfo, limits: &Limits) -> Result<(), Rejection> {
    if !container_allowed(&info.container) {
        return Err(Rejection::new(
            RejectReason::UnsupportedContainer,
            format!("container {} is not allowed", info.container),
        ));
    }
    if info.file_bytes > limits.max_bytes {
        return Err(Rejection::new(
            RejectReason::TooLarge,
            format!("{} bytes > {} bytes", info.file_bytes, limits.max_bytes),
        ));
    }
    let Some(video) = &info.video else {
        return Err(Rejection::new(RejectReason::NoVideoStream, "no video stream"));
    };
    validate_frame_size(video.width, video.height, limits)
}

/// `too_large` / `too_small` for a coded frame size.
pub fn validate_frame_size(width: u32, height: u32, limits: &Limits) -> Result<(), Rejection> {
    let long = width.max(height);
    let short = width.min(height);
    if long > limits.max_side || u64::from(width) * u64::from(height) > limits.max_pixels {
        return Err(Rejection::new(RejectReason::TooLarge, format!("frame {width}x{height} over the limit")));
    }
    if short < limits.min_side {
        return Err(Rejection::new(
            RejectReason::TooSmall,
            format!("frame {width}x{height} under {} px", limits.min_side),
        ));
    }
    Ok(())
}

/// `too_short` / `too_long`.
pub fn validate_duration(duration_ms: u64, limits: &Limits) -> Result<(), Rejection> {
    let seconds = duration_ms as f64 / 1000.0;
    if seconds < limits.min_seconds {
        return Err(Rejection::new(RejectReason::TooShort, format!("{seconds:.2} s < {:.2} s", limits.min_seconds)));
    }
    if seconds > limits.max_seconds {
        return Err(Rejection::new(RejectReason::TooLong, format!("{seconds:.2} s > {:.2} s", limits.max_seconds)));
    }
    Ok(())
}

/// Upright output size: rotate, correct non-square pixels, fit inside 1280x720 (either
/// orientation) without upscaling, round down to even sides.
pub fn target_size(width: u32, height: u32, sample_aspect: f64, rotation: u32) -> (u32, u32) {
    let sar = if sample_aspect.is_finite() && sample_aspect > 0.0 { sample_aspect } else { 1.0 };
    // Display size before rotation: widen (or narrow) by the sample aspect ratio.
    let display_width = (f64::from(width) * sar).round().max(1.0) as u64;
    let display_height = u64::from(height.max(1));
    let (w, h) = if rotation % 180 == 90 { (display_height, display_width) } else { (display_width, display_height) };
    let (long, short) = (w.max(h), w.min(h));
    let (max_long, max_short) = (u64::from(MAX_LONG_SIDE), u64::from(MAX_SHORT_SIDE));
    // Integer arithmetic so 1920x1080 lands on exactly 1280x720.
    let (new_long, new_short) = if long * max_short > short * max_long {
        if long > max_long {
            (max_long, (short * max_long + long / 2) / long)
        } else {
            (long, short)
        }
    } else if short > max_short {
        ((long * max_short + short / 2) / short, max_short)
    } else {
        (long, short)
    };
    let even = |v: u64| ((v & !1).max(2)) as u32;
    if w >= h {
        (even(new_long), even(new_short))
    } else {
        (even(new_short), even(new_long))
    }
}

/// Frames faster than [`MAX_FPS`] for long enough to matter, whatever the averages say: a second
/// held above it beyond capture jitter, or too many burst intervals.
fn bursts_above_max_fps(video: &VideoInfo) -> bool {
    video.peak_fps > MAX_FPS * SUSTAINED_FPS_SLACK || video.burst_share > MAX_BURST_SHARE
}

/// Output frame rate: the input's own rate when it is known and at most 30, else 30.
/// The output is always constant frame rate (the `fps` filter), which smooths
/// variable-frame-rate phone recordings.
pub fn target_fps(video: &VideoInfo) -> (i32, i32) {
    let (num, den) = video.frame_rate;
    let header = if num > 0 && den > 0 { Some(f64::from(num) / f64::from(den)) } else { None };
    let variable = bursts_above_max_fps(video);
    match header {
        Some(fps) if (1.0..=MAX_FPS + 0.01).contains(&fps) && !variable => (num, den),
        _ if video.measured_fps >= 1.0 && video.measured_fps <= MAX_FPS && !variable => {
            (video.measured_fps.ceil() as i32, 1)
        }
        _ if video.measured_fps > 0.0 && video.measured_fps < 1.0 => (1, 1),
        _ => (MAX_FPS as i32, 1),
    }
}

/// HDR transfer of the input, if any.
pub fn hdr(video: &VideoInfo) -> Option<Hdr> {
    match video.color_transfer.as_str() {
        "arib-std-b67" => Some(Hdr::Hlg),
        "smpte2084" => Some(Hdr::Pq),
        _ => None,
    }
}

/// Why the video cannot simply be copied; `None` when it can.
pub fn fast_path_blocker(info: &MediaInfo) -> Option<&'static str> {
    let Some(video) = &info.video else {
        return Some("no video");
    };
    if !info.container.starts_with("mov,mp4") {
        return Some("container is not MP4/MOV");
    }
    if video.codec != "h264" {
        return Some("codec is not H.264");
    }
    if !matches!(video.profile.as_str(), "High" | "Main" | "Baseline" | "Constrained Baseline") {
        return Some("H.264 profile not playable everywhere");
    }
    if video.level <= 0 || video.level > MAX_H264_LEVEL {
        return Some("H.264 level above 4.0");
    }
    if video.pix_fmt != "yuv420p" {
        return Some("pixel format is not 8-bit 4:2:0");
    }
    if hdr(video).is_some() || video.color_primaries == "bt2020" {
        return Some("HDR");
    }
    if video.rotation != 0 {
        return Some("rotated");
    }
    if (video.sample_aspect - 1.0).abs() > 0.01 {
        return Some("non-square pixels");
    }
    if target_size(video.width, video.height, 1.0, 0) != (video.width, video.height) {
        return Some("frame size over 1280x720 or odd");
    }
    let (num, den) = video.frame_rate;
    let header_fps = if num > 0 && den > 0 { f64::from(num) / f64::from(den) } else { video.measured_fps };
    let average_limit = MAX_FPS * AVERAGE_FPS_SLACK;
    if header_fps > average_limit || video.measured_fps > average_limit || bursts_above_max_fps(video) {
        return Some("frame rate above 30");
    }
    if video.bit_rate == 0 || video.bit_rate > FAST_PATH_MAX_BIT_RATE {
        return Some("bit rate above 4 Mb/s");
    }
    let integrity = &info.integrity;
    if integrity.h264_damaged > 0 {
        // Copied, the damage would reach every viewer's decoder; the transcode conceals it.
        return Some("damaged H.264 packets");
    }
    if integrity.h264_packets == 0 {
        return Some("H.264 bitstream not checked");
    }
    integrity.h264_not_copyable
}

/// `corrupt` when the scan found too much of the video broken to conceal (the same
/// share as [`too_many_decode_errors`]). Less than that goes to the transcode.
pub fn validate_integrity(info: &MediaInfo) -> Result<(), Rejection> {
    let Integrity { h264_packets: packets, h264_damaged: damaged, .. } = info.integrity;
    if damaged > 0 && too_many_decode_errors(damaged, packets.saturating_sub(damaged)) {
        return Err(Rejection::new(RejectReason::Corrupt, format!("{damaged} of {packets} video packets damaged")));
    }
    Ok(())
}

/// Gain (dB) bringing `loudness` to -16 LUFS, and whether a limiter must then hold the
/// true peak at -1.5 dBTP. Silence gets no gain; boosts are capped at 30 dB.
pub fn loudness_gain(loudness: &Loudness) -> (f64, bool) {
    if !loudness.integrated_lufs.is_finite() || loudness.integrated_lufs <= SILENCE_LUFS {
        return (0.0, false);
    }
    let gain = (TARGET_LUFS - loudness.integrated_lufs).min(MAX_GAIN_DB);
    let peak_after = loudness.true_peak_dbtp + gain;
    (gain, peak_after > TARGET_TRUE_PEAK_DBTP - LIMITER_MARGIN_DB)
}

/// The audio decision. The copy is only taken on the fast path, for AAC-LC 48 kHz stereo
/// already within 1 LU of the target (stricter than "any AAC": the profile promises
/// 48 kHz stereo).
pub fn audio_plan(audio: Option<&AudioInfo>, loudness: Option<&Loudness>, fast_path: bool) -> AudioPlan {
    let (Some(audio), Some(loudness)) = (audio, loudness) else {
        return AudioPlan::None;
    };
    let within = (loudness.integrated_lufs - TARGET_LUFS).abs() <= COPY_TOLERANCE_LU;
    if fast_path
        && within
        && audio.codec == "aac"
        && audio.profile == "LC"
        && audio.sample_rate == 48_000
        && audio.channels == 2
    {
        return AudioPlan::Copy;
    }
    let (gain_db, limit) = loudness_gain(loudness);
    AudioPlan::Encode { gain_db, limit }
}

/// Decide everything for a validated input. `allow_fast_path: false` forces the
/// transcode path (see [`crate::Limits::allow_fast_path`]).
pub fn plan(info: &MediaInfo, loudness: Option<&Loudness>, allow_fast_path: bool) -> Option<Plan> {
    let video = info.video.as_ref()?;
    let blocker = if allow_fast_path { fast_path_blocker(info) } else { Some("fast path disabled") };
    let fast_path = blocker.is_none();
    let (width, height) = target_size(video.width, video.height, video.sample_aspect, video.rotation);
    let fps = if fast_path {
        let (num, den) = video.frame_rate;
        if num > 0 && den > 0 {
            (num, den)
        } else {
            target_fps(video)
        }
    } else {
        target_fps(video)
    };
    Some(Plan {
        fast_path,
        transcode_because: blocker,
        width,
        height,
        fps,
        rotation: video.rotation,
        hdr: hdr(video),
        // Audio with decode errors is never copied: the re-encode conceals them.
        audio: audio_plan(info.audio.as_ref(), loudness, fast_path && info.integrity.audio_errors == 0),
    })
}

/// Where the poster frame is taken: min(2 s, duration / 3).
pub fn poster_time_ms(duration_ms: u64) -> u64 {
    (duration_ms / 3).min(2000)
}

/// Past this share of undecodable packets/frames (and at least 2 of them), or with
/// no frame at all, the input is `corrupt`.
pub fn too_many_decode_errors(errors: u64, good_frames: u64) -> bool {
    good_frames == 0 || (errors >= 2 && errors * 10 > (errors + good_frames))
}
