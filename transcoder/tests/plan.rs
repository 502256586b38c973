//! Table tests of the pure decisions over recorded stream descriptions (no files).

use crosstalk_transcoder::plan::*;
use crosstalk_transcoder::video::{filter_chain, gop_size};
use crosstalk_transcoder::{Limits, RejectReason};

fn phone_h264() -> VideoInfo {
    VideoInfo {
        codec: "h264".into(),
        profile: "High".into(),
        level: 31,
        width: 1280,
        height: 720,
        sample_aspect: 1.0,
        pix_fmt: "yuv420p".into(),
        color_transfer: "bt709".into(),
        color_primaries: "bt709".into(),
        color_space: "bt709".into(),
        rotation: 0,
        frame_rate: (30, 1),
        measured_fps: 30.0,
        peak_fps: 30.0,
        burst_share: 0.0,
        bit_rate: 2_000_000,
    }
}

fn media(video: VideoInfo) -> MediaInfo {
    MediaInfo {
        container: "mov,mp4,m4a,3gp,3g2,mj2".into(),
        file_bytes: 5_000_000,
        duration_ms: Some(20_000),
        video: Some(video),
        audio: Some(AudioInfo { codec: "aac".into(), profile: "LC".into(), sample_rate: 48_000, channels: 2 }),
        integrity: Integrity { h264_packets: 600, ..Integrity::default() },
    }
}

#[test]
fn fast_path_only_for_compliant_h264() {
    type Edit = fn(&mut MediaInfo);
    let table: &[(&str, Edit, Option<&str>)] = &[
        ("compliant", |_| {}, None),
        ("Main profile", |m| set(m, |v| v.profile = "Main".into()), None),
        ("odd portrait 480x720 is fine", |m| set(m, |v| (v.width, v.height) = (480, 720)), None),
        ("iPhone HEVC", |m| set(m, |v| v.codec = "hevc".into()), Some("codec is not H.264")),
        ("WebM", |m| m.container = "matroska,webm".into(), Some("container is not MP4/MOV")),
        ("rotated", |m| set(m, |v| v.rotation = 90), Some("rotated")),
        ("1080p", |m| set(m, |v| (v.width, v.height) = (1920, 1080)), Some("frame size over 1280x720 or odd")),
        ("odd width", |m| set(m, |v| v.width = 853), Some("frame size over 1280x720 or odd")),
        (
            "60 fps",
            |m| {
                set(m, |v| {
                    v.frame_rate = (60, 1);
                    v.measured_fps = 60.0;
                    v.peak_fps = 60.0
                })
            },
            Some("frame rate above 30"),
        ),
        ("VFR bursts to 60", |m| set(m, |v| v.peak_fps = 60.0), Some("frame rate above 30")),
        (
            // Measured on a Chromium MediaRecorder clip (12 s at a nominal 30 fps, loaded machine).
            "live capture at 30 fps with jitter",
            |m| {
                set(m, |v| {
                    v.frame_rate = (2_722_500, 90_647);
                    v.measured_fps = 30.0017;
                    v.peak_fps = 30.57;
                    v.burst_share = 0.036
                })
            },
            None,
        ),
        ("32 fps on average", |m| set(m, |v| v.measured_fps = 32.0), Some("frame rate above 30")),
        ("34 fps held for a second", |m| set(m, |v| v.peak_fps = 34.0), Some("frame rate above 30")),
        ("60 fps bursts, 30 on average", |m| set(m, |v| v.burst_share = 0.5), Some("frame rate above 30")),
        ("6 Mb/s", |m| set(m, |v| v.bit_rate = 6_000_000), Some("bit rate above 4 Mb/s")),
        ("10-bit", |m| set(m, |v| v.pix_fmt = "yuv420p10le".into()), Some("pixel format is not 8-bit 4:2:0")),
        (
            "4:4:4",
            |m| {
                set(m, |v| {
                    v.pix_fmt = "yuv444p".into();
                    v.profile = "High 4:4:4 Predictive".into()
                })
            },
            Some("H.264 profile not playable everywhere"),
        ),
        ("HLG", |m| set(m, |v| v.color_transfer = "arib-std-b67".into()), Some("HDR")),
        ("level 5.1", |m| set(m, |v| v.level = 51), Some("H.264 level above 4.0")),
        ("anamorphic", |m| set(m, |v| v.sample_aspect = 4.0 / 3.0), Some("non-square pixels")),
        ("one damaged packet", |m| m.integrity.h264_damaged = 1, Some("damaged H.264 packets")),
        ("not checked (Annex B)", |m| m.integrity.h264_packets = 0, Some("H.264 bitstream not checked")),
        (
            "SPS changes in-band",
            |m| m.integrity.h264_not_copyable = Some("sequence parameter set changes in-band"),
            Some("sequence parameter set changes in-band"),
        ),
    ];
    for (name, edit, expected) in table {
        let mut info = media(phone_h264());
        edit(&mut info);
        assert_eq!(fast_path_blocker(&info), *expected, "{name}");
    }
}

fn set(m: &mut MediaInfo, f: impl FnOnce(&mut VideoInfo)) {
    if let Some(v) = m.video.as_mut() {
        f(v);
    }
}

#[test]
fn damage_goes_to_the_transcode_until_too_much_to_conceal() {
    let with_damage = |damaged| {
        let mut info = media(phone_h264());
        info.integrity.h264_damaged = damaged;
        info
    };
    let some = with_damage(30);
    assert_eq!(validate_integrity(&some), Ok(()));
    let damaged = plan(&some, Some(&Loudness { integrated_lufs: -16.0, true_peak_dbtp: -3.0 }), true).expect("plan");
    assert!(!damaged.fast_path);
    assert!(matches!(damaged.audio, AudioPlan::Encode { .. }), "no copy on the transcode path");
    let rejected = validate_integrity(&with_damage(61)).expect_err("over 10 %");
    assert_eq!(rejected.reason, RejectReason::Corrupt);
    assert_eq!(rejected.detail, "61 of 600 video packets damaged");

    let mut audio_errors = media(phone_h264());
    audio_errors.integrity.audio_errors = 2;
    let plan =
        plan(&audio_errors, Some(&Loudness { integrated_lufs: -16.0, true_peak_dbtp: -3.0 }), true).expect("plan");
    assert!(plan.fast_path);
    assert!(matches!(plan.audio, AudioPlan::Encode { .. }), "damaged AAC is re-encoded, not copied");
}

#[test]
fn target_sizes() {
    let table = [
        // (coded w, h, sar, rotation) -> upright output
        ((1920, 1080, 1.0, 0), (1280, 720)),
        ((1080, 1920, 1.0, 0), (720, 1280)),
        ((1920, 1080, 1.0, 90), (720, 1280)),
        ((3840, 2160, 1.0, 270), (720, 1280)),
        ((640, 360, 1.0, 90), (360, 640)),
        ((640, 360, 1.0, 180), (640, 360)),
        ((479, 853, 1.0, 0), (478, 852)),
        ((1280, 720, 1.0, 0), (1280, 720)),
        ((2560, 1080, 1.0, 0), (1280, 540)),
        ((1440, 1080, 4.0 / 3.0, 0), (1280, 720)),
        ((1000, 1000, 1.0, 0), (720, 720)),
        ((65, 65, 1.0, 0), (64, 64)),
        ((320, 240, 1.0, 0), (320, 240)),
    ];
    for ((w, h, sar, rot), expected) in table {
        assert_eq!(target_size(w, h, sar, rot), expected, "{w}x{h} sar {sar} rot {rot}");
    }
}

#[test]
fn output_frame_rates() {
    let table = [
        // (header rate, measured, peak) -> output
        (((30000, 1001), 29.97, 30.0), (30000, 1001)),
        (((25, 1), 25.0, 25.0), (25, 1)),
        (((60, 1), 60.0, 60.0), (30, 1)),
        (((30, 1), 30.0, 60.0), (30, 1)),
        (((0, 0), 24.3, 25.0), (25, 1)),
        (((0, 0), 0.0, 0.0), (30, 1)),
        (((240, 1), 240.0, 240.0), (30, 1)),
        // A live capture a little over 30 on average is written at 30, not at 2722500/90647.
        (((2_722_500, 90_647), 30.0017, 30.57), (30, 1)),
    ];
    for ((frame_rate, measured_fps, peak_fps), expected) in table {
        let video = VideoInfo { frame_rate, measured_fps, peak_fps, ..phone_h264() };
        assert_eq!(target_fps(&video), expected, "{frame_rate:?} {measured_fps} {peak_fps}");
    }
    assert_eq!(gop_size((30, 1)), 60);
    assert_eq!(gop_size((30000, 1001)), 60);
    assert_eq!(gop_size((25, 1)), 50);
}

#[test]
fn rejections_from_descriptions() {
    let limits = Limits::default();
    let check = |edit: fn(&mut MediaInfo)| {
        let mut info = media(phone_h264());
        edit(&mut info);
        validate_streams(&info, &limits)
            .and_then(|()| validate_duration(info.duration_ms.unwrap_or(0), &limits))
            .err()
            .map(|r| r.reason)
    };
    assert_eq!(check(|_| {}), None);
    assert_eq!(check(|m| m.video = None), Some(RejectReason::NoVideoStream));
    assert_eq!(check(|m| m.container = "avi".into()), Some(RejectReason::UnsupportedContainer));
    assert_eq!(check(|m| m.container = "hls".into()), Some(RejectReason::UnsupportedContainer));
    assert_eq!(check(|m| set(m, |v| (v.width, v.height) = (8192, 8192))), Some(RejectReason::TooLarge));
    assert_eq!(check(|m| set(m, |v| (v.width, v.height) = (4097, 64))), Some(RejectReason::TooLarge));
    assert_eq!(check(|m| set(m, |v| (v.width, v.height) = (4096, 2304))), Some(RejectReason::TooLarge));
    assert_eq!(check(|m| set(m, |v| (v.width, v.height) = (3840, 2160))), None);
    assert_eq!(check(|m| set(m, |v| (v.width, v.height) = (2160, 3840))), None);
    assert_eq!(check(|m| set(m, |v| (v.width, v.height) = (48, 640))), Some(RejectReason::TooSmall));
    assert_eq!(check(|m| m.duration_ms = Some(999)), Some(RejectReason::TooShort));
    assert_eq!(check(|m| m.duration_ms = Some(1000)), None);
    assert_eq!(check(|m| m.duration_ms = Some(600_000)), None);
    assert_eq!(check(|m| m.duration_ms = Some(600_001)), Some(RejectReason::TooLong));
    assert_eq!(check(|m| m.file_bytes = 5 << 30), Some(RejectReason::TooLarge));

    let prompt = Limits::for_prompt(3.0, 90.0);
    assert_eq!(validate_duration(2_500, &prompt).err().map(|r| r.reason), Some(RejectReason::TooShort));
    assert_eq!(validate_duration(91_000, &prompt).err().map(|r| r.reason), Some(RejectReason::TooLong));
}

#[test]
fn audio_decisions() {
    let aac = AudioInfo { codec: "aac".into(), profile: "LC".into(), sample_rate: 48_000, channels: 2 };
    let mono = AudioInfo { channels: 1, ..aac.clone() };
    let opus = AudioInfo { codec: "opus".into(), profile: String::new(), ..aac };
    let loud = |lufs: f64, peak: f64| Loudness { integrated_lufs: lufs, true_peak_dbtp: peak };
    assert_eq!(audio_plan(None, None, true), AudioPlan::None);
    assert_eq!(audio_plan(Some(&aac), Some(&loud(-16.5, -4.0)), true), AudioPlan::Copy);
    assert_eq!(audio_plan(Some(&aac), Some(&loud(-15.1, -4.0)), true), AudioPlan::Copy);
    assert_eq!(
        audio_plan(Some(&aac), Some(&loud(-16.5, -4.0)), false),
        AudioPlan::Encode { gain_db: 0.5, limit: false },
        "the transcode path always re-encodes"
    );
    assert_eq!(
        audio_plan(Some(&aac), Some(&loud(-18.0, -10.0)), true),
        AudioPlan::Encode { gain_db: 2.0, limit: false }
    );
    assert_eq!(
        audio_plan(Some(&mono), Some(&loud(-16.0, -5.0)), true),
        AudioPlan::Encode { gain_db: 0.0, limit: false }
    );
    assert_eq!(
        audio_plan(Some(&opus), Some(&loud(-16.0, -5.0)), true),
        AudioPlan::Encode { gain_db: 0.0, limit: false }
    );
    // Speech with peaks: +4 dB would put the true peak at +2 dBTP -> limiter.
    // Within 0.5 dB of the ceiling counts too (AAC adds a little).
    assert_eq!(loudness_gain(&loud(-18.0, -3.7)), (2.0, true));
    assert_eq!(loudness_gain(&loud(-18.0, -4.1)), (2.0, false));
    assert_eq!(audio_plan(Some(&aac), Some(&loud(-20.0, -2.0)), true), AudioPlan::Encode { gain_db: 4.0, limit: true });
    // Too loud: turned down, never limited.
    assert_eq!(audio_plan(Some(&aac), Some(&loud(-8.0, 0.5)), true), AudioPlan::Encode { gain_db: -8.0, limit: false });
    // Silence and near-silence.
    assert_eq!(loudness_gain(&loud(-70.0, -90.0)), (0.0, false));
    assert_eq!(loudness_gain(&loud(-60.0, -50.0)), (30.0, false));
}

#[test]
fn decode_error_threshold_and_poster_time() {
    assert!(too_many_decode_errors(0, 0), "nothing decoded");
    assert!(!too_many_decode_errors(0, 300));
    assert!(!too_many_decode_errors(1, 10), "one glitch is tolerated");
    assert!(!too_many_decode_errors(30, 300), "up to 10 %");
    assert!(too_many_decode_errors(40, 300));
    assert!(too_many_decode_errors(5, 1));
    assert_eq!(poster_time_ms(1_500), 500);
    assert_eq!(poster_time_ms(3_000), 1_000);
    assert_eq!(poster_time_ms(60_000), 2_000);
}

#[test]
fn filter_chains() {
    let hdr_portrait = VideoInfo {
        codec: "hevc".into(),
        width: 1920,
        height: 1080,
        pix_fmt: "yuv420p10le".into(),
        color_transfer: "arib-std-b67".into(),
        color_primaries: "bt2020".into(),
        rotation: 90,
        ..phone_h264()
    };
    let plan = plan(&media(hdr_portrait.clone()), None, true).expect("plan");
    assert!(!plan.fast_path);
    assert_eq!((plan.width, plan.height), (720, 1280));
    let chain = filter_chain(&hdr_portrait, &plan, true);
    let order: Vec<usize> =
        ["fps=30/1", "scale=1280:720", "transpose=clock", "tonemap=tonemap=hable", "format=yuv420p"]
            .iter()
            .map(|f| chain.find(f).unwrap_or_else(|| panic!("{f} missing in {chain}")))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "fps, scale, rotate, tone-map, format: {chain}");
    assert!(chain.contains("color_trc=arib-std-b67"));
    let fallback = filter_chain(&hdr_portrait, &plan, false);
    assert!(fallback.contains("colorspace=") && !fallback.contains("zscale"), "{fallback}");

    let sdr = phone_h264();
    let sdr_plan = plan_for(&sdr);
    let chain = filter_chain(&sdr, &sdr_plan, true);
    assert!(chain.contains("scale=1280:720") && !chain.contains("transpose") && !chain.contains("zscale"), "{chain}");
    assert!(chain.contains("in_color_matrix=bt709:out_color_matrix=bt709"), "{chain}");
    let sd = VideoInfo { width: 640, height: 480, color_space: "unknown".into(), ..phone_h264() };
    let chain = filter_chain(&sd, &plan_for(&sd), true);
    assert!(chain.contains("in_color_matrix=bt601:out_color_matrix=bt709"), "untagged SD is BT.601: {chain}");
    let wide = VideoInfo { color_primaries: "bt2020".into(), color_space: "bt2020nc".into(), ..phone_h264() };
    let chain = filter_chain(&wide, &plan_for(&wide), true);
    assert!(chain.contains("colorspace=all=bt709:iall=bt2020"), "{chain}");
}

fn plan_for(video: &VideoInfo) -> Plan {
    let mut info = media(video.clone());
    info.container = "matroska,webm".into();
    plan(&info, None, true).expect("plan")
}

#[test]
fn the_fast_path_can_be_switched_off() {
    let info = media(phone_h264());
    let loudness = Loudness { integrated_lufs: -16.2, true_peak_dbtp: -3.0 };
    let fast = plan(&info, Some(&loudness), true).expect("plan");
    assert!(fast.fast_path);
    assert_eq!(fast.audio, AudioPlan::Copy);
    let forced = plan(&info, Some(&loudness), false).expect("plan");
    assert!(!forced.fast_path);
    assert_eq!(forced.transcode_because, Some("fast path disabled"));
    assert!(matches!(forced.audio, AudioPlan::Encode { .. }));
    assert_eq!((forced.width, forced.height, forced.fps), (1280, 720, (30, 1)));
}

#[test]
fn allowlist() {
    for allowed in ["mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm"] {
        assert!(container_allowed(allowed), "{allowed}");
    }
    for refused in ["hls", "concat", "avi", "mpegts", "image2", "png_pipe", "", "mov,hls"] {
        assert!(!container_allowed(refused), "{refused}");
    }
}
