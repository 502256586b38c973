//! Describing an opened input as plain data (`MediaInfo`), the input of every decision.

use std::ffi::CStr;
use std::os::raw::c_char;

use ffmpeg::ffi;
use ffmpeg::format::context::Input;
use ffmpeg::media::Type;
use ffmpeg_next as ffmpeg;

use crate::plan::{AudioInfo, VideoInfo};

/// The streams of an opened input that we use.
#[derive(Debug, Clone)]
pub(crate) struct Streams {
    pub(crate) video_index: Option<usize>,
    pub(crate) video: Option<VideoInfo>,
    /// Audio streams with a decoder, in file order: (index, description).
    pub(crate) audio_candidates: Vec<(usize, AudioInfo)>,
    pub(crate) header_duration_ms: Option<u64>,
}

/// At most this many audio tracks are tried when looking for a decodable one.
const MAX_AUDIO_CANDIDATES: usize = 4;

pub(crate) fn describe(input: &Input) -> Streams {
    let mut video_index = None;
    let mut video = None;
    let mut audio_candidates = Vec::new();
    for stream in input.streams() {
        let params = stream.parameters();
        // SAFETY: plain reads of the stream's codec parameters and disposition.
        let (raw, disposition) = unsafe { (&*params.as_ptr(), (*stream.as_ptr()).disposition) };
        match params.medium() {
            Type::Video
                if video_index.is_none()
                    && disposition & ffi::AV_DISPOSITION_ATTACHED_PIC == 0
                    && ffmpeg::decoder::find(params.id()).is_some() =>
            {
                let rate = stream.avg_frame_rate();
                let sar = raw.sample_aspect_ratio;
                video_index = Some(stream.index());
                video = Some(VideoInfo {
                    codec: codec_name(raw.codec_id),
                    profile: profile_name(raw.codec_id, raw.profile),
                    level: raw.level,
                    width: raw.width.max(0) as u32,
                    height: raw.height.max(0) as u32,
                    sample_aspect: if sar.num > 0 && sar.den > 0 {
                        f64::from(sar.num) / f64::from(sar.den)
                    } else {
                        1.0
                    },
                    pix_fmt: pix_fmt_name(raw.format),
                    color_transfer: cstr(unsafe { ffi::av_color_transfer_name(raw.color_trc) }),
                    color_primaries: cstr(unsafe { ffi::av_color_primaries_name(raw.color_primaries) }),
                    color_space: cstr(unsafe { ffi::av_color_space_name(raw.color_space) }),
                    rotation: rotation(&stream),
                    frame_rate: (rate.numerator(), rate.denominator()),
                    measured_fps: 0.0,
                    peak_fps: 0.0,
                    burst_share: 0.0,
                    bit_rate: raw.bit_rate.max(0) as u64,
                });
            }
            Type::Audio
                if audio_candidates.len() < MAX_AUDIO_CANDIDATES && ffmpeg::decoder::find(params.id()).is_some() =>
            {
                audio_candidates.push((
                    stream.index(),
                    AudioInfo {
                        codec: codec_name(raw.codec_id),
                        profile: profile_name(raw.codec_id, raw.profile),
                        sample_rate: raw.sample_rate.max(0) as u32,
                        channels: raw.channels.max(0) as u32,
                    },
                ));
            }
            _ => {}
        }
    }
    let duration = input.duration();
    let header_duration_ms = (duration > 0).then_some((duration as u64) / 1000);
    Streams { video_index, video, audio_candidates, header_duration_ms }
}

/// Clockwise rotation (0/90/180/270) that shows the picture upright, read from the
/// display matrix the way FFmpeg's own autorotate does. Mirroring is not applied.
fn rotation(stream: &ffmpeg::format::stream::Stream<'_>) -> u32 {
    for side in stream.side_data() {
        if side.kind() != ffmpeg::codec::packet::side_data::Type::DisplayMatrix {
            continue;
        }
        let data = side.data();
        if data.len() < 36 {
            continue;
        }
        let m =
            |i: usize| f64::from(i32::from_ne_bytes([data[4 * i], data[4 * i + 1], data[4 * i + 2], data[4 * i + 3]]));
        let scale0 = m(0).hypot(m(3));
        let scale1 = m(1).hypot(m(4));
        if scale0 == 0.0 || scale1 == 0.0 {
            continue;
        }
        // av_display_rotation_get() returns the counter-clockwise angle, negated here.
        let clockwise = (m(1) / scale1).atan2(m(0) / scale0).to_degrees();
        return rotation_from_degrees(clockwise);
    }
    0
}

/// Snap an angle to the nearest quarter turn, as 0, 90, 180 or 270.
pub(crate) fn rotation_from_degrees(clockwise: f64) -> u32 {
    if !clockwise.is_finite() {
        return 0;
    }
    let quarter = (clockwise / 90.0).round() as i64;
    (quarter.rem_euclid(4) * 90) as u32
}

pub(crate) fn codec_name(id: ffi::AVCodecID) -> String {
    cstr(unsafe { ffi::avcodec_get_name(id) })
}

fn profile_name(id: ffi::AVCodecID, profile: i32) -> String {
    let name = unsafe { ffi::avcodec_profile_name(id, profile) };
    if name.is_null() {
        String::new()
    } else {
        cstr(name)
    }
}

fn pix_fmt_name(format: i32) -> String {
    // SAFETY: the codec parameters' `format` of a video stream is an AVPixelFormat value.
    let format: ffi::AVPixelFormat = unsafe { std::mem::transmute(format) };
    let name = unsafe { ffi::av_get_pix_fmt_name(format) };
    if name.is_null() {
        "unknown".to_owned()
    } else {
        cstr(name)
    }
}

/// FFmpeg's static C strings as owned Strings ("unknown" for NULL).
pub(crate) fn cstr(ptr: *const c_char) -> String {
    if ptr.is_null() {
        "unknown".to_owned()
    } else {
        // SAFETY: FFmpeg's name tables are static NUL-terminated strings.
        unsafe { CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
    }
}
