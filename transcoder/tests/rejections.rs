//! Every bad input is refused with the right reason, leaves nothing behind, and never
//! makes FFmpeg open anything but the file itself.

mod common;

use std::io::Write;
use std::net::TcpListener;
use std::time::Duration;

use common::*;
use crosstalk_transcoder::{cli_main, process, Limits, RejectReason, TranscodeError};

fn reason_of(run: &Run) -> RejectReason {
    match &run.result {
        Err(TranscodeError::Rejected(rejection)) => rejection.reason,
        other => panic!("expected a rejection, got {other:?}"),
    }
}

#[test]
fn bad_fixtures_are_rejected_with_their_reason() {
    let table = [
        ("bad_empty.mp4", RejectReason::NotAVideo),
        ("bad_random.mp4", RejectReason::NotAVideo),
        ("bad_text.mp4", RejectReason::NotAVideo),
        ("bad_image.png", RejectReason::NotAVideo),
        ("bad_truncated.mp4", RejectReason::Corrupt),
        ("bad_garbled.mp4", RejectReason::Corrupt),
        ("bad_audio_only.m4a", RejectReason::NoVideoStream),
        ("bad_too_short.mp4", RejectReason::TooShort),
        ("bad_too_small.mp4", RejectReason::TooSmall),
        ("bad_dimension_bomb.mp4", RejectReason::TooLarge),
        ("bad_hls_playlist.mp4", RejectReason::UnsupportedContainer),
    ];
    for (name, expected) in table {
        let run = run(name);
        assert_eq!(reason_of(&run), expected, "{name}");
        let out = run.dir.path().join("out");
        let left: Vec<_> =
            std::fs::read_dir(&out).map(|d| d.flatten().map(|e| e.file_name()).collect()).unwrap_or_default();
        assert!(left.is_empty(), "{name} left files behind: {left:?}");
    }
}

#[test]
fn too_long_for_the_prompt() {
    let limits = Limits { max_seconds: 10.0, ..limits() };
    let run = run_with("long_12s.mp4", &limits);
    assert_eq!(reason_of(&run), RejectReason::TooLong);
}

#[test]
fn a_webm_without_duration_is_measured_and_can_be_too_long() {
    let limits = Limits { max_seconds: 1.5, ..limits() };
    let run = run_with("mediarecorder_vp8_opus.webm", &limits);
    assert_eq!(reason_of(&run), RejectReason::TooLong);
}

#[test]
fn too_large_by_bytes() {
    let limits = Limits { max_bytes: 10_000, ..limits() };
    assert_eq!(reason_of(&run_with("compliant_720p.mp4", &limits)), RejectReason::TooLarge);
}

#[test]
fn the_watchdog_ends_a_job_with_timeout() {
    let limits = Limits { timeout: Duration::ZERO, ..limits() };
    assert_eq!(reason_of(&run_with("fps60_1080p.mp4", &limits)), RejectReason::Timeout);
    // Mid-job: the 1080p60 clip takes far longer than 100 ms to transcode.
    let mid_job = Limits { timeout: Duration::from_millis(100), ..common::limits() };
    let run = run_with("fps60_1080p.mp4", &mid_job);
    assert_eq!(reason_of(&run), RejectReason::Timeout);
    assert!(!run.dir.path().join("out/video.mp4").exists());
    assert!(!run.dir.path().join("out/video.mp4.part").exists());
}

/// A listener that records whether anything connected to it.
fn honeypot() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.set_nonblocking(true).expect("nonblocking");
    let port = listener.local_addr().expect("addr").port();
    (listener, port)
}

fn process_text(body: &str, file_name: &str) -> RejectReason {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join(file_name);
    std::fs::File::create(&path).and_then(|mut f| f.write_all(body.as_bytes())).expect("write");
    match process(&path, &dir.path().join("out"), &limits(), &|_| {}) {
        Err(TranscodeError::Rejected(rejection)) => rejection.reason,
        other => panic!("{file_name}: expected a rejection, got {other:?}"),
    }
}

#[test]
fn playlists_and_concat_lists_never_open_anything_else() {
    let (listener, port) = honeypot();
    let local = fixture("compliant_720p.mp4");
    let local = local.display();
    let cases = [
        format!("#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nhttp://127.0.0.1:{port}/a.ts\n#EXT-X-ENDLIST\n"),
        format!("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nhttp://127.0.0.1:{port}/v.m3u8\n"),
        format!("\n  #EXTM3U\n#EXTINF:10,\n{local}\n"),
        format!("ffconcat version 1.0\nfile '{local}'\nfile 'http://127.0.0.1:{port}/b.mp4'\n"),
    ];
    for (i, body) in cases.iter().enumerate() {
        for name in ["clip.mp4", "clip.m3u8", "clip.mov"] {
            assert_eq!(process_text(body, name), RejectReason::UnsupportedContainer, "case {i} as {name}");
        }
    }
    assert!(listener.accept().is_err(), "something connected to the honeypot");
}

#[test]
fn cli_exit_codes() {
    let dir = tempfile::tempdir().expect("tempdir");
    assert_eq!(cli_main(&fixture("bad_text.mp4"), &dir.path().join("a"), true), 2);
    assert_eq!(cli_main(&dir.path().join("missing.mp4"), &dir.path().join("b"), true), 1);
    assert_eq!(cli_main(&fixture("compliant_720p.mp4"), &dir.path().join("c"), true), 0);
    for file in ["video.mp4", "poster.jpg", "poster.webp", "thumb.jpg"] {
        assert!(dir.path().join("c").join(file).is_file(), "{file} written");
    }
}

#[test]
fn reason_codes_serialise_as_snake_case() {
    let json =
        serde_json::to_string(&[RejectReason::NotAVideo, RejectReason::TooLong, RejectReason::UnsupportedContainer])
            .expect("json");
    assert_eq!(json, r#"["not_a_video","too_long","unsupported_container"]"#);
    assert_eq!(RejectReason::NoVideoStream.to_string(), "no_video_stream");
}
