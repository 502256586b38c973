//! A clip damaged in transit is never published as it is: the fast path checks what it
//! would copy and hands damage to the transcode (whose decoder conceals it), or refuses
//! the clip as `corrupt` when too much is gone. Every published video is decoded here in
//! full, and must decode without a single decoder error.

mod common;

use std::cell::Cell;
use std::ffi::{c_char, c_int, c_void};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use common::*;
use crosstalk_transcoder::{process, Outcome, ProcessingPath, RejectReason, TranscodeError};
use ffmpeg_next as ffmpeg;

/// `name` with `len` bytes from `at` (the middle when `None`) overwritten by seeded noise.
fn damaged(name: &str, at: Option<usize>, len: usize, seed: u64) -> (tempfile::TempDir, PathBuf) {
    let mut bytes = std::fs::read(fixture(name)).expect("fixture");
    let at = at.unwrap_or((bytes.len() - len) / 2);
    // xorshift64*: the same noise on every machine, no dependency.
    let mut state = seed;
    for byte in &mut bytes[at..at + len] {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        *byte = (state.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(format!("damaged_{name}"));
    std::fs::write(&path, bytes).expect("write damaged copy");
    (dir, path)
}

fn transcode(input: &Path, out: &Path) -> Result<Outcome, TranscodeError> {
    process(input, out, &limits(), &|_| {})
}

thread_local! {
    /// Messages at error level or worse logged on this thread by the decoders
    /// `decode_fully` opened here. `cargo test` runs tests as threads of one process,
    /// so the transcode under test may be decoding damaged input (and logging) at the
    /// same time on another thread: its messages must not count.
    static LOGGED_ERRORS: Cell<u64> = const { Cell::new(0) };
}
/// The watched decoders' contexts (and private contexts), removed again before they are
/// freed: a freed address may be reused by another thread's decoder.
static WATCHED: Mutex<Vec<usize>> = Mutex::new(Vec::new());

unsafe extern "C" fn count_errors(context: *mut c_void, level: c_int, _: *const c_char, _: *mut c_void) {
    if level > ffmpeg::ffi::AV_LOG_ERROR {
        return;
    }
    let watched = WATCHED.lock().map(|w| w.contains(&(context as usize))).unwrap_or(false);
    if watched {
        LOGGED_ERRORS.with(|count| count.set(count.get() + 1));
    }
}

#[derive(Debug, Default, PartialEq)]
struct Decoded {
    video_frames: u64,
    audio_frames: u64,
    /// Refused packets, failed receives, frames flagged corrupt or concealed, and error
    /// messages: what a browser's decoder would meet.
    errors: u64,
}

/// Decode every video and audio packet of `path` single-threaded, as strictly as FFmpeg
/// can (`AV_EF_EXPLODE`: a damaged macroblock fails the packet instead of being hidden).
fn decode_fully(path: &Path) -> Decoded {
    ffmpeg::init().expect("ffmpeg init");
    // SAFETY: the callback ignores its format arguments, so its va_list type is moot.
    #[expect(clippy::missing_transmute_annotations, reason = "the va_list type differs by architecture")]
    unsafe {
        ffmpeg::ffi::av_log_set_callback(Some(std::mem::transmute::<
            unsafe extern "C" fn(*mut c_void, c_int, *const c_char, *mut c_void),
            _,
        >(count_errors)));
    }
    let mut input = ffmpeg::format::input(path).expect("open output");
    let mut decoders = Vec::new();
    let mut mine = Vec::new();
    for stream in input.streams() {
        let mut context = ffmpeg::codec::context::Context::from_parameters(stream.parameters()).expect("parameters");
        context.set_threading(ffmpeg::threading::Config { count: 1, ..Default::default() });
        unsafe { (*context.as_mut_ptr()).err_recognition |= ffmpeg::ffi::AV_EF_EXPLODE as c_int };
        let decoder = context.decoder();
        if !matches!(stream.parameters().medium(), ffmpeg::media::Type::Video | ffmpeg::media::Type::Audio) {
            continue;
        }
        let codec = ffmpeg::decoder::find(stream.parameters().id()).expect("a decoder");
        let opened = decoder.open_as(codec).expect("opening the decoder");
        let raw = unsafe { opened.as_ptr() };
        let addresses = [raw as usize, unsafe { (*raw).priv_data } as usize];
        WATCHED.lock().expect("watched").extend(addresses);
        mine.extend(addresses);
        decoders.push((stream.index(), stream.parameters().medium(), opened));
    }
    let before = LOGGED_ERRORS.with(Cell::get);
    let mut decoded = Decoded::default();
    let receive = |decoder: &mut ffmpeg::decoder::Opened, medium, decoded: &mut Decoded| {
        // Any AVFrame holds audio as well as video.
        let mut frame = ffmpeg::frame::Video::empty();
        loop {
            match decoder.receive_frame(&mut frame) {
                Ok(()) => {
                    let raw = unsafe { &*frame.as_ptr() };
                    if raw.decode_error_flags != 0 || raw.flags & ffmpeg::ffi::AV_FRAME_FLAG_CORRUPT != 0 {
                        decoded.errors += 1;
                    }
                    match medium {
                        ffmpeg::media::Type::Video => decoded.video_frames += 1,
                        _ => decoded.audio_frames += 1,
                    }
                }
                Err(ffmpeg::Error::Eof) => return,
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::error::EAGAIN => return,
                Err(_) => {
                    decoded.errors += 1;
                    return;
                }
            }
        }
    };
    for (stream, packet) in input.packets() {
        if let Some((_, medium, decoder)) = decoders.iter_mut().find(|(index, _, _)| *index == stream.index()) {
            if decoder.send_packet(&packet).is_err() {
                decoded.errors += 1;
            }
            receive(decoder, *medium, &mut decoded);
        }
    }
    for (_, medium, decoder) in &mut decoders {
        let _ = decoder.send_eof();
        receive(decoder, *medium, &mut decoded);
    }
    decoded.errors += LOGGED_ERRORS.with(Cell::get) - before;
    WATCHED.lock().expect("watched").retain(|address| !mine.contains(address));
    drop(decoders);
    decoded
}

fn ready(input: &Path, out: &Path) -> Outcome {
    match transcode(input, out) {
        Ok(outcome) => outcome,
        Err(error) => panic!("{} should be published, got {error:?}", input.display()),
    }
}

#[test]
fn the_decode_check_sees_damage() {
    // The check itself must fail on a damaged stream, or the tests below prove nothing.
    let (_dir, input) = damaged("compliant_720p_10s.mp4", None, 64 * 1024, 15);
    let clean = decode_fully(&fixture("compliant_720p_10s.mp4"));
    assert_eq!((clean.video_frames, clean.errors), (300, 0), "{clean:?}");
    let broken = decode_fully(&input);
    assert!(broken.errors >= 5, "{broken:?}");
}

#[test]
fn a_damaged_middle_is_transcoded_and_decodes_cleanly() {
    let (dir, input) = damaged("compliant_720p_10s.mp4", None, 64 * 1024, 15);
    let outcome = ready(&input, &dir.path().join("out"));
    let decoded = decode_fully(&outcome.video);
    assert_eq!(decoded.errors, 0, "{decoded:?}");
    assert_eq!(outcome.metadata.path, ProcessingPath::Transcode);
    assert!(decoded.video_frames >= 290, "{decoded:?}");
    assert!(decoded.audio_frames > 400, "{decoded:?}");
}

#[test]
fn damage_inside_a_keyframe_is_transcoded_too() {
    // Noise inside the entropy-coded data of the keyframe at 4 s, every NAL header and
    // length intact: only decoding can see it.
    let (at, size) = keyframe_at(&fixture("compliant_720p_10s.mp4"), 4.0);
    let (dir, input) = damaged("compliant_720p_10s.mp4", Some(at + size / 2), 256, 7);
    let outcome = ready(&input, &dir.path().join("out"));
    let decoded = decode_fully(&outcome.video);
    assert_eq!(decoded.errors, 0, "{decoded:?}");
    assert_eq!(outcome.metadata.path, ProcessingPath::Transcode);
}

#[test]
fn too_much_damage_is_corrupt() {
    // The same 64 KiB are a third of a 2 s clip: too much to conceal.
    let (dir, input) = damaged("compliant_720p.mp4", None, 64 * 1024, 15);
    match transcode(&input, &dir.path().join("out")) {
        Err(TranscodeError::Rejected(rejection)) => assert_eq!(rejection.reason, RejectReason::Corrupt),
        other => panic!("expected corrupt, got {other:?}"),
    }
}

#[test]
fn an_intact_clip_stays_on_the_fast_path() {
    let dir = tempfile::tempdir().expect("tempdir");
    let outcome = ready(&fixture("compliant_720p_10s.mp4"), &dir.path().join("out"));
    assert_eq!(outcome.metadata.path, ProcessingPath::FastPath);
    let decoded = decode_fully(&outcome.video);
    assert_eq!((decoded.video_frames, decoded.errors), (300, 0), "{decoded:?}");
}

/// File offset and size of the video keyframe nearest `seconds`.
fn keyframe_at(path: &Path, seconds: f64) -> (usize, usize) {
    ffmpeg::init().expect("ffmpeg init");
    let mut input = ffmpeg::format::input(path).expect("open fixture");
    let video = input.streams().best(ffmpeg::media::Type::Video).expect("video");
    let (index, time_base) = (video.index(), video.time_base());
    input
        .packets()
        .filter(|(stream, packet)| stream.index() == index && packet.is_key())
        .map(|(_, packet)| {
            let t = packet.pts().unwrap_or(0) as f64 * f64::from(time_base);
            ((t - seconds).abs(), packet.position() as usize, packet.size())
        })
        .min_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, at, size)| (at, size))
        .expect("a keyframe")
}
