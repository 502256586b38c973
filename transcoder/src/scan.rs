//! Pass one: read every packet without decoding video. Gives the duration from the
//! timestamps themselves (MediaRecorder WebM has none in its header), the real frame
//! rate and bit rate, picks the first audio track that decodes and measures its loudness.

use ffmpeg::format::context::Input;
use ffmpeg::Packet;
use ffmpeg_next as ffmpeg;

use crate::error::{RejectReason, TranscodeError};
use crate::loudness::Meter;
use crate::nal::{self, Checker, Verdict};
use crate::plan::{AudioInfo, Integrity, Loudness};
use crate::probe::Streams;
use crate::watchdog::Watchdog;

/// Demuxer errors tolerated before the container counts as corrupt.
const MAX_DEMUX_ERRORS: u64 = 100;

#[derive(Debug, Clone)]
pub(crate) struct Scan {
    /// Video span from the first to the end of the last frame, ms; `None` without frames.
    pub(crate) duration_ms: Option<u64>,
    pub(crate) video_packets: u64,
    pub(crate) measured_fps: f64,
    pub(crate) peak_fps: f64,
    /// Share of frame intervals shorter than a burst interval (see [`burst_share`]).
    pub(crate) burst_share: f64,
    pub(crate) bit_rate: u64,
    /// The chosen audio stream: (index, description, loudness).
    pub(crate) audio: Option<(usize, AudioInfo, Loudness)>,
    pub(crate) integrity: Integrity,
}

pub(crate) fn scan(
    input: &mut Input,
    streams: &Streams,
    watchdog: &Watchdog,
    expected_ms: Option<u64>,
    max_seconds: f64,
    progress: &dyn Fn(f32),
) -> Result<Scan, TranscodeError> {
    let video_index = streams.video_index;
    let video_time_base =
        video_index.and_then(|i| input.stream(i)).map(|s| s.time_base()).unwrap_or(ffmpeg::Rational::new(1, 1));
    let mut meters: Vec<(usize, AudioInfo, Meter)> = Vec::new();
    for (index, info) in &streams.audio_candidates {
        if let Some(stream) = input.stream(*index) {
            if let Ok(meter) = Meter::new(&stream) {
                meters.push((*index, info.clone(), meter));
            }
        }
    }

    let mut integrity = Integrity::default();
    let checker = h264_checker(input, streams, &mut integrity);

    let mut frames: Vec<(i64, i64)> = Vec::new(); // (pts, duration) in the video time base
    let mut video_bytes: u64 = 0;
    let mut demux_errors = 0u64;
    let to_seconds = |ts: i64| ts as f64 * f64::from(video_time_base);
    loop {
        watchdog.check()?;
        // A fresh packet each time: `av_read_frame` does not release the previous one's buffer.
        let mut packet = Packet::empty();
        match packet.read(input) {
            Ok(()) => {}
            Err(ffmpeg::Error::Eof) => break,
            Err(ffmpeg::Error::Exit) => return Err(watchdog.timeout()),
            Err(ffmpeg::Error::InvalidData) => {
                demux_errors += 1;
                if demux_errors > MAX_DEMUX_ERRORS {
                    return Err(TranscodeError::reject(RejectReason::Corrupt, "too many unreadable packets"));
                }
                continue;
            }
            Err(error) if watchdog.expired() => {
                tracing::debug!(%error, "read interrupted");
                return Err(watchdog.timeout());
            }
            // A truncated file ends with an I/O error; what was read is what we have.
            Err(error) => {
                tracing::debug!(%error, "demuxing stopped early");
                break;
            }
        }
        let index = packet.stream();
        if Some(index) == video_index {
            let timestamp = packet.pts().or(packet.dts());
            if let Some(pts) = timestamp {
                // A header without duration (live WebM) must not make us read hours of
                // video before saying it is too long.
                if let Some((first, _)) = frames.first() {
                    let span = to_seconds(pts - first);
                    if span > max_seconds + 1.0 {
                        return Err(TranscodeError::reject(
                            RejectReason::TooLong,
                            format!("more than {span:.2} s > {max_seconds:.2} s"),
                        ));
                    }
                }
                frames.push((pts, packet.duration()));
                if let (Some(checker), Some(data)) = (&checker, packet.data()) {
                    integrity.h264_packets += 1;
                    match checker.check(data) {
                        Verdict::Sound => {}
                        Verdict::Damaged(why) => {
                            if integrity.h264_damaged == 0 {
                                tracing::debug!(why, pts, "first damaged H.264 packet");
                            }
                            integrity.h264_damaged += 1;
                        }
                        Verdict::NotCopyable(why) => integrity.h264_not_copyable = Some(why),
                    }
                }
                video_bytes += packet.size() as u64;
                if let Some(expected) = expected_ms.filter(|ms| *ms > 0) {
                    let done = to_seconds(pts) * 1000.0 / expected as f64;
                    progress(done.clamp(0.0, 1.0) as f32);
                }
            }
        } else if let Some((_, _, meter)) = meters.iter_mut().find(|(i, _, _)| *i == index) {
            meter.push(&packet).map_err(TranscodeError::Internal)?;
        }
    }

    let audio = pick_audio(meters)?.map(|(index, info, loudness, errors)| {
        integrity.audio_errors = errors;
        (index, info, loudness)
    });
    let mut scan = Scan {
        duration_ms: None,
        video_packets: frames.len() as u64,
        measured_fps: 0.0,
        peak_fps: 0.0,
        burst_share: 0.0,
        bit_rate: 0,
        audio,
        integrity,
    };
    if frames.is_empty() {
        return Ok(scan);
    }
    frames.sort_unstable_by_key(|(pts, _)| *pts);
    let first = frames[0].0;
    let intervals: Vec<i64> = frames.windows(2).map(|w| w[1].0 - w[0].0).filter(|d| *d > 0).collect();
    let typical = median(&intervals).unwrap_or(0);
    let (last_pts, last_duration) = frames[frames.len() - 1];
    let last_duration = if last_duration > 0 { last_duration } else { typical };
    let span = to_seconds(last_pts + last_duration - first);
    if span > 0.0 {
        scan.duration_ms = Some((span * 1000.0).round() as u64);
        scan.measured_fps = frames.len() as f64 / span;
        scan.bit_rate = (video_bytes as f64 * 8.0 / span) as u64;
    }
    let pts: Vec<i64> = frames.iter().map(|(p, _)| *p).collect();
    scan.peak_fps = sustained_peak_fps(&pts, to_seconds);
    // Frames sharing a timestamp count as bursts too (a muxer that rounded 60 fps away).
    let all_intervals: Vec<i64> = pts.windows(2).map(|w| w[1] - w[0]).collect();
    scan.burst_share = burst_share(&all_intervals, to_seconds);
    Ok(scan)
}

/// The structural checker of an MP4 H.264 stream (`None` for anything else, or when its
/// `avcC` record is unusable, which `integrity` then records as not copyable).
fn h264_checker(input: &Input, streams: &Streams, integrity: &mut Integrity) -> Option<Checker> {
    let video = streams.video.as_ref().filter(|video| video.codec == "h264")?;
    let stream = input.stream(streams.video_index?)?;
    // SAFETY: reading the stream's extradata bytes, owned by the open input for this call.
    let extradata = unsafe {
        let raw = stream.parameters().as_ptr();
        let size = usize::try_from((*raw).extradata_size).unwrap_or(0);
        if (*raw).extradata.is_null() || size == 0 {
            &[][..]
        } else {
            std::slice::from_raw_parts((*raw).extradata, size)
        }
    };
    match nal::parse_avcc(extradata) {
        Ok(config) => Some(Checker::new(config, video.width, video.height)),
        Err(why) => {
            integrity.h264_not_copyable = Some(why);
            None
        }
    }
}

/// The first audio track (in file order) that decoded to at least one frame, with the
/// number of its packets that did not decode.
type Picked = (usize, AudioInfo, Loudness, u64);
fn pick_audio(meters: Vec<(usize, AudioInfo, Meter)>) -> Result<Option<Picked>, TranscodeError> {
    for (index, info, mut meter) in meters {
        match meter.finish() {
            Ok(Some(loudness)) if meter.frames > meter.errors => {
                return Ok(Some((index, info, loudness, meter.errors)))
            }
            Ok(_) => {}
            Err(error) => tracing::debug!(%error, index, "audio track unusable"),
        }
    }
    Ok(None)
}

/// The highest frame rate held over about a second: for each frame, the mean rate of the frames
/// within the next second. A live recording's frames arrive with capture jitter (Chromium's at
/// 30 fps: median gap 33.3 ms, 5th percentile 30.5 ms), which no single interval should turn
/// into "above 30 fps"; a burst of 60 fps that lasts (VFR slow motion) still shows as 60.
/// `pts` are sorted; clips shorter than a second are judged over their whole length.
fn sustained_peak_fps(pts: &[i64], to_seconds: impl Fn(i64) -> f64) -> f64 {
    let mut peak = 0.0_f64;
    let mut end = 0;
    for (start, &t) in pts.iter().enumerate() {
        end = end.max(start);
        while end + 1 < pts.len() && to_seconds(pts[end + 1] - t) < 1.0 {
            end += 1;
        }
        let span = to_seconds(pts[end] - t);
        if end > start && span > 0.0 {
            peak = peak.max((end - start) as f64 / span);
        }
        if end + 1 == pts.len() {
            break;
        }
    }
    peak
}

/// The share of frame intervals shorter than 1/37.5 s (25 % faster than 30 fps). A live
/// recording at 30 fps has a few (0.3-3.6 % in Chromium's, from capture jitter); a clip that
/// alternates 60 fps bursts with pauses averages 30 fps but has about half. `intervals` are
/// the gaps between consecutive timestamps in presentation order, zero for shared ones.
fn burst_share(intervals: &[i64], to_seconds: impl Fn(i64) -> f64) -> f64 {
    if intervals.is_empty() {
        return 0.0;
    }
    let burst = 1.0 / (crate::plan::MAX_FPS * 1.25);
    intervals.iter().filter(|d| to_seconds(**d) < burst).count() as f64 / intervals.len() as f64
}

fn median(values: &[i64]) -> Option<i64> {
    percentile(values, 0.5)
}

fn percentile(values: &[i64], q: f64) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let at = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted.get(at).copied()
}

#[cfg(test)]
mod tests {
    use super::sustained_peak_fps;

    fn ms(t: i64) -> f64 {
        t as f64 / 1000.0
    }

    #[test]
    fn capture_jitter_is_not_a_higher_frame_rate() {
        // 30 fps with +-3 ms of jitter, in milliseconds: some gaps are 30.3 ms (33 fps alone).
        let pts: Vec<i64> = (0..300).map(|i| i * 1000 / 30 + [0, 3, -3, 2][i as usize % 4]).collect();
        let peak = sustained_peak_fps(&pts, ms);
        assert!((29.5..30.5).contains(&peak), "{peak}");
    }

    #[test]
    fn a_second_at_60_fps_shows() {
        let mut pts: Vec<i64> = (0..60).map(|i| i * 1000 / 30).collect();
        let t0 = pts[59];
        pts.extend((1..=90).map(|i| t0 + i * 1000 / 60));
        let peak = sustained_peak_fps(&pts, ms);
        assert!(peak > 55.0, "{peak}");
    }
}
