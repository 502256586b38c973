//! Shared helpers: fixture paths, running the pipeline, and reading outputs back with
//! ffmpeg-next (independently of the code under test).

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use crosstalk_transcoder::{process, Limits, Outcome, TranscodeError};
use ffmpeg_next as ffmpeg;

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../fixtures/media").join(name)
}

pub struct Run {
    pub dir: tempfile::TempDir,
    pub result: Result<Outcome, TranscodeError>,
    pub progress: Vec<f32>,
}

/// Two threads per job: the test harness runs several jobs at once on a small machine.
pub fn limits() -> Limits {
    Limits { threads: 2, ..Limits::default() }
}

pub fn run_with(name: &str, limits: &Limits) -> Run {
    let dir = tempfile::tempdir().expect("tempdir");
    let seen = std::sync::Mutex::new(Vec::new());
    let result =
        process(&fixture(name), &dir.path().join("out"), limits, &|f| seen.lock().expect("progress lock").push(f));
    let progress = seen.into_inner().expect("progress lock");
    Run { dir, result, progress }
}

pub fn run(name: &str) -> Run {
    run_with(name, &limits())
}

pub fn ready(name: &str) -> (Run, Outcome) {
    let run = run(name);
    let outcome = match &run.result {
        Ok(outcome) => outcome.clone(),
        Err(error) => panic!("{name} should be ready, got {error:?}"),
    };
    (run, outcome)
}

#[derive(Debug, Default)]
pub struct VideoOut {
    pub codec: String,
    pub profile: i32,
    pub level: i32,
    pub pix_fmt: String,
    pub width: u32,
    pub height: u32,
    pub has_display_matrix: bool,
    pub color_primaries: String,
    pub color_transfer: String,
    pub color_space: String,
    pub avg_fps: f64,
    /// Presentation times of every frame, seconds, sorted.
    pub frame_times: Vec<f64>,
    /// Presentation times of the keyframes, seconds, sorted.
    pub key_times: Vec<f64>,
}

#[derive(Debug, Default)]
pub struct AudioOut {
    pub codec: String,
    pub profile: i32,
    pub sample_rate: u32,
    pub channels: u32,
    pub packets: usize,
    /// First and last packet times, seconds.
    pub first_time: f64,
    pub last_time: f64,
}

#[derive(Debug, Default)]
pub struct Inspection {
    pub video: Option<VideoOut>,
    pub audio: Option<AudioOut>,
    pub streams: usize,
    pub format_tags: Vec<(String, String)>,
    pub stream_tags: Vec<(String, String)>,
    pub duration_s: f64,
    /// Stream start times (edit lists applied), seconds.
    pub video_start: f64,
    pub audio_start: Option<f64>,
}

fn name(ptr: *const std::os::raw::c_char) -> String {
    if ptr.is_null() {
        return "unknown".into();
    }
    unsafe { std::ffi::CStr::from_ptr(ptr) }.to_string_lossy().into_owned()
}

pub fn inspect(path: &Path) -> Inspection {
    ffmpeg::init().expect("ffmpeg init");
    let mut input = ffmpeg::format::input(path).expect("open output");
    let mut inspection = Inspection {
        streams: input.nb_streams() as usize,
        format_tags: input.metadata().iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect(),
        duration_s: input.duration() as f64 / 1_000_000.0,
        ..Default::default()
    };
    let mut video_index = None;
    let mut audio_index = None;
    for stream in input.streams() {
        inspection.stream_tags.extend(stream.metadata().iter().map(|(k, v)| (k.to_owned(), v.to_owned())));
        let params = stream.parameters();
        let raw = unsafe { &*params.as_ptr() };
        match params.medium() {
            ffmpeg::media::Type::Video => {
                video_index = Some((stream.index(), stream.time_base()));
                inspection.video_start = stream.start_time() as f64 * f64::from(stream.time_base());
                let rate = stream.avg_frame_rate();
                inspection.video = Some(VideoOut {
                    codec: name(unsafe { ffmpeg::ffi::avcodec_get_name(raw.codec_id) }),
                    profile: raw.profile,
                    level: raw.level,
                    pix_fmt: name(unsafe {
                        ffmpeg::ffi::av_get_pix_fmt_name(std::mem::transmute::<i32, ffmpeg::ffi::AVPixelFormat>(
                            raw.format,
                        ))
                    }),
                    width: raw.width as u32,
                    height: raw.height as u32,
                    has_display_matrix: stream
                        .side_data()
                        .any(|s| s.kind() == ffmpeg::codec::packet::side_data::Type::DisplayMatrix),
                    color_primaries: name(unsafe { ffmpeg::ffi::av_color_primaries_name(raw.color_primaries) }),
                    color_transfer: name(unsafe { ffmpeg::ffi::av_color_transfer_name(raw.color_trc) }),
                    color_space: name(unsafe { ffmpeg::ffi::av_color_space_name(raw.color_space) }),
                    avg_fps: f64::from(rate),
                    ..Default::default()
                });
            }
            ffmpeg::media::Type::Audio => {
                audio_index = Some((stream.index(), stream.time_base()));
                inspection.audio_start = Some(stream.start_time() as f64 * f64::from(stream.time_base()));
                inspection.audio = Some(AudioOut {
                    codec: name(unsafe { ffmpeg::ffi::avcodec_get_name(raw.codec_id) }),
                    profile: raw.profile,
                    sample_rate: raw.sample_rate as u32,
                    #[allow(deprecated)]
                    channels: raw.channels as u32,
                    packets: 0,
                    first_time: f64::INFINITY,
                    last_time: f64::NEG_INFINITY,
                });
            }
            _ => {}
        }
    }
    for (stream, packet) in input.packets() {
        if let Some((index, tb)) = video_index {
            if stream.index() == index {
                let t = packet.pts().unwrap_or(0) as f64 * f64::from(tb);
                let video = inspection.video.as_mut().expect("video");
                video.frame_times.push(t);
                if packet.is_key() {
                    video.key_times.push(t);
                }
            }
        }
        if let Some((index, tb)) = audio_index {
            if stream.index() == index {
                let t = packet.pts().unwrap_or(0) as f64 * f64::from(tb);
                let audio = inspection.audio.as_mut().expect("audio");
                audio.packets += 1;
                audio.first_time = audio.first_time.min(t);
                audio.last_time = audio.last_time.max(t);
            }
        }
    }
    if let Some(video) = inspection.video.as_mut() {
        video.frame_times.sort_by(f64::total_cmp);
        video.key_times.sort_by(f64::total_cmp);
    }
    inspection
}

/// Top-level MP4 boxes in file order.
pub fn top_level_boxes(path: &Path) -> Vec<String> {
    let data = std::fs::read(path).expect("read mp4");
    let mut boxes = Vec::new();
    let mut at = 0usize;
    while at + 8 <= data.len() {
        let mut size = u32::from_be_bytes(data[at..at + 4].try_into().expect("4 bytes")) as usize;
        let kind = String::from_utf8_lossy(&data[at + 4..at + 8]).into_owned();
        if size == 1 {
            size = u64::from_be_bytes(data[at + 8..at + 16].try_into().expect("8 bytes")) as usize;
        } else if size == 0 {
            size = data.len() - at;
        }
        boxes.push(kind);
        if size < 8 {
            break;
        }
        at += size;
    }
    boxes
}

/// Mean RGB of a rectangle given in fractions of the image.
pub fn mean_rgb(image: &image::RgbImage, x0: f32, y0: f32, x1: f32, y1: f32) -> [f32; 3] {
    let (w, h) = (image.width() as f32, image.height() as f32);
    let mut sum = [0f64; 3];
    let mut n = 0f64;
    for y in (y0 * h) as u32..((y1 * h) as u32).min(image.height()) {
        for x in (x0 * w) as u32..((x1 * w) as u32).min(image.width()) {
            let p = image.get_pixel(x, y);
            for c in 0..3 {
                sum[c] += f64::from(p[c]);
            }
            n += 1.0;
        }
    }
    [(sum[0] / n) as f32, (sum[1] / n) as f32, (sum[2] / n) as f32]
}

pub fn is_red(rgb: [f32; 3]) -> bool {
    rgb[0] > 150.0 && rgb[1] < 90.0 && rgb[2] < 90.0
}
