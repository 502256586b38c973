//! Every good fixture through the library, outputs read back with ffmpeg-next.

mod common;

use common::*;
use crosstalk_transcoder::{loudness, Outcome, ProcessingPath};

/// FFmpeg's FF_PROFILE_H264_HIGH and FF_PROFILE_AAC_LOW.
const H264_HIGH: i32 = 100;
const AAC_LOW: i32 = 1;

/// What every output must satisfy, whatever came in. Returns the inspection.
fn assert_media_profile(outcome: &Outcome, source: &str) -> Inspection {
    let m = &outcome.metadata;
    let out = inspect(&outcome.video);
    let video = out.video.as_ref().expect("a video stream");
    assert_eq!(video.codec, "h264");
    assert_eq!(video.pix_fmt, "yuv420p");
    assert!(video.level > 0 && video.level <= 40, "level {}", video.level);
    assert!(!video.has_display_matrix, "rotation must be baked into the pixels");
    assert_eq!((video.width, video.height), (m.width, m.height), "metadata matches the stream");
    assert!(video.width.is_multiple_of(2) && video.height.is_multiple_of(2), "even sizes");
    assert!(video.width.max(video.height) <= 1280 && video.width.min(video.height) <= 720);
    assert!(video.avg_fps <= 30.01, "fps {}", video.avg_fps);
    assert!((video.avg_fps - m.fps).abs() < 0.05, "stream fps {} vs metadata {}", video.avg_fps, m.fps);

    let boxes = top_level_boxes(&outcome.video);
    let moov = boxes.iter().position(|b| b == "moov").expect("moov");
    let mdat = boxes.iter().position(|b| b == "mdat").expect("mdat");
    assert!(moov < mdat, "faststart: moov before mdat, got {boxes:?}");
    assert!(!boxes.iter().any(|b| b == "moof"), "not fragmented: {boxes:?}");

    for (key, value) in out.format_tags.iter().chain(out.stream_tags.iter()) {
        assert!(
            matches!(
                key.as_str(),
                "major_brand" | "minor_version" | "compatible_brands" | "handler_name" | "vendor_id" | "language"
            ),
            "metadata left in the output: {key}={value}"
        );
    }
    let bytes = std::fs::read(&outcome.video).expect("read output");
    for secret in [&b"ISO6709"[..], b"private title", b"+48.8584"] {
        assert!(!bytes.windows(secret.len()).any(|w| w == secret), "metadata bytes left in the output");
    }
    assert_eq!(m.output_bytes, bytes.len() as u64);

    assert_eq!(m.has_audio, out.audio.is_some(), "has_audio matches the output");
    assert_eq!(out.streams, if m.has_audio { 2 } else { 1 }, "only video and one audio track");
    if let Some(audio) = &out.audio {
        assert_eq!(audio.codec, "aac");
        assert_eq!(audio.profile, AAC_LOW);
        assert_eq!(audio.sample_rate, 48_000);
        assert_eq!(audio.channels, 2);
        // In sync: the audio starts where it did relative to the video in the source
        // (the fast path keeps a source's own offset), and both end together.
        let src = inspect(&fixture(source));
        let offset = out.audio_start.expect("audio start") - out.video_start;
        let source_offset = src.audio_start.map_or(0.0, |a| a - src.video_start);
        assert!((offset - source_offset).abs() < 0.05, "audio-video offset {offset} s, source {source_offset} s");
        let tail = |i: &Inspection| {
            let video = i.video.as_ref().expect("video");
            i.audio.as_ref().map_or(0.0, |a| a.last_time) - video.frame_times[video.frame_times.len() - 1]
        };
        let (ends, source_ends) = (tail(&out), tail(&src));
        assert!((ends - source_ends).abs() < 0.15, "audio ends {ends} s after the video, source {source_ends} s");
        let measured = loudness::measure_file(&outcome.video).expect("measure").expect("audio");
        assert!(
            (measured.integrated_lufs + 16.0).abs() <= 1.0,
            "loudness {} LUFS, want -16 +-1",
            measured.integrated_lufs
        );
        assert!(measured.true_peak_dbtp <= -1.5, "true peak {} dBTP", measured.true_peak_dbtp);
    }

    let poster = image::open(&outcome.poster_jpeg).expect("poster.jpg").to_rgb8();
    assert_eq!((poster.width(), poster.height()), (m.width, m.height), "poster size = video size");
    let webp = image::open(&outcome.poster_webp).expect("poster.webp");
    assert_eq!((webp.width(), webp.height()), (m.width, m.height));
    let thumb = image::open(&outcome.thumbnail).expect("thumb.jpg");
    assert_eq!(thumb.width(), 320);
    let expected = (f64::from(m.height) * 320.0 / f64::from(m.width)).round() as u32;
    assert!(thumb.height().abs_diff(expected) <= 1, "thumbnail keeps the aspect ratio");
    out
}

fn assert_transcoded(outcome: &Outcome, out: &Inspection) {
    assert_eq!(outcome.metadata.path, ProcessingPath::Transcode);
    let video = out.video.as_ref().expect("video");
    assert_eq!(video.profile, H264_HIGH, "H.264 High");
    assert_eq!(
        (video.color_primaries.as_str(), video.color_transfer.as_str(), video.color_space.as_str()),
        ("bt709", "bt709", "bt709")
    );
    // Keyframe every 2 s exactly.
    for pair in video.key_times.windows(2) {
        assert!((pair[1] - pair[0] - 2.0).abs() < 0.02, "keyframes at {:?}", video.key_times);
    }
    // Constant frame rate: every frame interval is one frame.
    let step = 1.0 / outcome.metadata.fps;
    for pair in video.frame_times.windows(2) {
        assert!((pair[1] - pair[0] - step).abs() < 0.002, "uneven frame times {:?}", &video.frame_times);
    }
}

fn poster(outcome: &Outcome) -> image::RgbImage {
    image::open(&outcome.poster_jpeg).expect("poster").to_rgb8()
}

#[test]
fn iphone_hevc_rotated_comes_out_upright_portrait_with_the_decodable_audio_track() {
    let (run, outcome) = ready("iphone_hevc_rot90.mov");
    let out = assert_media_profile(&outcome, "iphone_hevc_rot90.mov");
    assert_transcoded(&outcome, &out);
    let m = &outcome.metadata;
    assert_eq!((m.width, m.height), (360, 640), "portrait");
    assert_eq!(m.input.video, "hevc");
    // The first audio track ('apac') has no decoder; the second (AAC) is used.
    assert!(m.has_audio);
    assert_eq!(m.input.audio.as_deref(), Some("aac"));
    // The red band at the top of the stored picture is on the right once turned upright.
    let poster = poster(&outcome);
    assert!(is_red(mean_rgb(&poster, 0.9, 0.3, 1.0, 0.7)), "band on the right");
    // (testsrc2's own red bar ends up on top, so compare the sides.)
    let left = mean_rgb(&poster, 0.0, 0.3, 0.1, 0.7);
    assert!(!is_red(left), "no band on the left: {left:?}");
    assert!(run.progress.last().is_some_and(|p| (*p - 1.0).abs() < f32::EPSILON));
    assert!(run.progress.windows(2).all(|w| w[1] >= w[0] - 1e-6), "progress never goes back");
}

#[test]
fn h264_upside_down_is_turned_right_side_up() {
    let (_run, outcome) = ready("h264_rot180.mp4");
    let out = assert_media_profile(&outcome, "h264_rot180.mp4");
    assert_transcoded(&outcome, &out);
    assert_eq!((outcome.metadata.width, outcome.metadata.height), (640, 360));
    let poster = poster(&outcome);
    assert!(is_red(mean_rgb(&poster, 0.2, 0.92, 0.8, 1.0)), "band at the bottom");
    assert!(!is_red(mean_rgb(&poster, 0.2, 0.0, 0.8, 0.08)), "no band on top");
}

#[test]
fn hlg_hdr_is_tone_mapped_to_sdr_bt709() {
    let (_run, outcome) = ready("hdr_hlg_hevc10.mov");
    let out = assert_media_profile(&outcome, "hdr_hlg_hevc10.mov");
    assert_transcoded(&outcome, &out);
    let poster = poster(&outcome);
    assert!(is_red(mean_rgb(&poster, 0.2, 0.0, 0.8, 0.1)), "red stays red after tone mapping");
    let mean = mean_rgb(&poster, 0.0, 0.15, 1.0, 1.0);
    let luma = 0.2126 * mean[0] + 0.7152 * mean[1] + 0.0722 * mean[2];
    assert!((30.0..230.0).contains(&luma), "picture neither black nor blown out: {luma}");
}

#[test]
fn pq_hdr_without_audio_is_tone_mapped_and_silent() {
    let (_run, outcome) = ready("hdr_pq_hevc10.mp4");
    let out = assert_media_profile(&outcome, "hdr_pq_hevc10.mp4");
    assert_transcoded(&outcome, &out);
    assert!(!outcome.metadata.has_audio);
    assert!(out.audio.is_none());
    assert!(outcome.metadata.loudness.is_none());
}

#[test]
fn compliant_720p_takes_the_fast_path_and_copies_its_audio() {
    let (_run, outcome) = ready("compliant_720p.mp4");
    let out = assert_media_profile(&outcome, "compliant_720p.mp4");
    let m = &outcome.metadata;
    assert_eq!(m.path, ProcessingPath::FastPath);
    assert_eq!((m.width, m.height), (1280, 720));
    let loudness = m.loudness.expect("loudness measured");
    assert!(loudness.copied, "AAC within 1 LU is copied");
    // Copied means the same packets: the source has as many audio packets.
    let source = inspect(&fixture("compliant_720p.mp4"));
    assert_eq!(out.audio.as_ref().map(|a| a.packets), source.audio.as_ref().map(|a| a.packets));
    assert_eq!(out.video.as_ref().map(|v| v.frame_times.len()), source.video.as_ref().map(|v| v.frame_times.len()));
}

#[test]
fn compliant_video_with_quiet_audio_copies_video_and_raises_the_audio() {
    let (_run, outcome) = ready("compliant_720p_quiet_audio.mp4");
    assert_media_profile(&outcome, "compliant_720p_quiet_audio.mp4");
    let m = &outcome.metadata;
    assert_eq!(m.path, ProcessingPath::FastPath);
    let loudness = m.loudness.expect("loudness");
    assert!(!loudness.copied);
    assert!(loudness.input_lufs < -28.0 && loudness.gain_db > 12.0, "{loudness:?}");
}

#[test]
fn late_audio_stays_late_on_the_fast_path() {
    let (_run, outcome) = ready("compliant_720p_late_audio.mp4");
    // The profile check compares the audio-video offset with the source's (about 0.28 s).
    let out = assert_media_profile(&outcome, "compliant_720p_late_audio.mp4");
    assert_eq!(outcome.metadata.path, ProcessingPath::FastPath);
    assert!(!outcome.metadata.loudness.expect("loudness").copied);
    let offset = out.audio_start.expect("audio") - out.video_start;
    assert!(offset > 0.2, "audio starts {offset} s after the picture");
}

#[test]
fn quiet_speech_with_peaks_is_raised_and_limited() {
    let (_run, outcome) = ready("speechlike_quiet.mp4");
    assert_media_profile(&outcome, "speechlike_quiet.mp4");
    let loudness = outcome.metadata.loudness.expect("loudness");
    assert!(loudness.limited, "+16 dB on peaks 15 dB above the loudness needs the limiter: {loudness:?}");
    let measured = loudness::measure_file(&outcome.video).expect("measure").expect("audio");
    assert!(measured.true_peak_dbtp <= -1.5, "true peak {} dBTP over -1.5", measured.true_peak_dbtp);
}

#[test]
fn mediarecorder_webm_without_duration_gets_it_from_timestamps() {
    let (_run, outcome) = ready("mediarecorder_vp8_opus.webm");
    let out = assert_media_profile(&outcome, "mediarecorder_vp8_opus.webm");
    assert_transcoded(&outcome, &out);
    let m = &outcome.metadata;
    assert!(m.duration_ms.abs_diff(3000) <= 100, "duration {} ms", m.duration_ms);
    assert_eq!(m.input.video, "vp8");
    assert_eq!(m.input.audio.as_deref(), Some("opus"));
    assert!((out.duration_s - 3.0).abs() < 0.15, "output lasts {} s", out.duration_s);
}

#[test]
fn safari_fragmented_mp4_is_remuxed_into_a_plain_faststart_mp4() {
    let (_run, outcome) = ready("safari_fragmented.mp4");
    assert_media_profile(&outcome, "safari_fragmented.mp4");
    let m = &outcome.metadata;
    assert_eq!(m.path, ProcessingPath::FastPath);
    assert!(m.duration_ms.abs_diff(3000) <= 100, "duration {} ms", m.duration_ms);
    // Mono in, stereo out (asserted in the profile check); not copied.
    assert!(!m.loudness.expect("loudness").copied);
}

#[test]
fn variable_frame_rate_comes_out_constant_30() {
    let (_run, outcome) = ready("vfr.mp4");
    let out = assert_media_profile(&outcome, "vfr.mp4");
    assert_transcoded(&outcome, &out);
    assert!((outcome.metadata.fps - 30.0).abs() < 1e-9);
    let frames = out.video.as_ref().map_or(0, |v| v.frame_times.len());
    assert!((85..=92).contains(&frames), "about 3 s at 30 fps, got {frames} frames");
}

#[test]
fn no_audio_in_means_no_audio_track_out() {
    let (_run, outcome) = ready("no_audio.mkv");
    let out = assert_media_profile(&outcome, "no_audio.mkv");
    assert_transcoded(&outcome, &out);
    assert!(!outcome.metadata.has_audio);
    assert!(out.audio.is_none());
    assert_eq!((outcome.metadata.width, outcome.metadata.height), (854, 480), "never upscaled");
    assert!((outcome.metadata.fps - 25.0).abs() < 1e-9, "25 fps kept");
}

#[test]
fn odd_sized_portrait_with_quiet_mono_audio() {
    let (_run, outcome) = ready("odd_portrait_mono44k.mp4");
    let out = assert_media_profile(&outcome, "odd_portrait_mono44k.mp4");
    assert_transcoded(&outcome, &out);
    let m = &outcome.metadata;
    assert_eq!((m.width, m.height), (478, 852), "rounded down to even, not upscaled");
    let loudness = m.loudness.expect("loudness");
    assert!(loudness.input_lufs < -30.0, "{loudness:?}");
    let poster = poster(&outcome);
    assert!(is_red(mean_rgb(&poster, 0.2, 0.0, 0.8, 0.1)), "band stays on top");
}

#[test]
fn sixty_fps_1080p_is_halved_and_scaled_to_720p() {
    let (_run, outcome) = ready("fps60_1080p.mp4");
    let out = assert_media_profile(&outcome, "fps60_1080p.mp4");
    assert_transcoded(&outcome, &out);
    assert_eq!((outcome.metadata.width, outcome.metadata.height), (1280, 720));
    assert!((outcome.metadata.fps - 30.0).abs() < 1e-9);
    let frames = out.video.as_ref().map_or(0, |v| v.frame_times.len());
    assert!((58..=62).contains(&frames), "2 s at 30 fps, got {frames}");
}

#[test]
fn a_12_second_clip_is_fine_by_default() {
    let (_run, outcome) = ready("long_12s.mp4");
    assert_media_profile(&outcome, "long_12s.mp4");
    assert!(outcome.metadata.duration_ms.abs_diff(12_000) <= 100);
}

#[test]
fn metadata_serialises_with_stable_snake_case_names() {
    let (_run, outcome) = ready("compliant_720p.mp4");
    let json = serde_json::to_value(&outcome.metadata).expect("json");
    assert_eq!(json["path"], "fast_path");
    for key in ["duration_ms", "width", "height", "fps", "has_audio", "input", "loudness", "output_bytes"] {
        assert!(json.get(key).is_some(), "missing {key} in {json}");
    }
    assert_eq!(json["input"]["video"], "h264");
}

#[test]
fn several_jobs_can_run_at_once() {
    let names: [&'static str; 3] = ["h264_rot180.mp4", "mediarecorder_vp8_opus.webm", "compliant_720p.mp4"];
    let handles: Vec<_> =
        names.into_iter().map(|name| std::thread::spawn(move || run(name).result.map(|o| o.metadata.width))).collect();
    for (name, handle) in names.iter().zip(handles) {
        let width = handle.join().expect("thread").unwrap_or_else(|e| panic!("{name}: {e:?}"));
        assert!(width > 0);
    }
}
