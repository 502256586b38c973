//! Video out: the filter chain (frame rate, scale, rotation, tone mapping, pixel format)
//! and the libx264 encoder with the media profile's settings.

use std::collections::BTreeMap;

use anyhow::{anyhow, Context as _};
use ffmpeg::format::context::Output;
use ffmpeg::{codec, encoder, ffi, Rational};
use ffmpeg_next as ffmpeg;

use crate::plan::{Hdr, Plan, VideoInfo};

/// libx264 settings of the media profile (also what bench/transcode.sh gives the CLI).
pub const CRF: &str = "23";
pub const PRESET: &str = "veryfast";
pub const MAX_RATE: usize = 2_500_000;
pub const BUF_SIZE: i32 = 5_000_000;
pub const KEYFRAME_SECONDS: f64 = 2.0;

/// The filter chain for a plan, in the order that keeps work smallest: drop frames first,
/// scale next (on the coded, unrotated size; SDR sources are also converted to the
/// BT.709 matrix and limited range there), rotate the small picture, tone-map the
/// scaled picture (DESIGN.md: "after scaling"), and end in 8-bit 4:2:0. Wide-gamut SDR
/// (BT.2020 without HLG/PQ) goes through the `colorspace` filter to BT.709.
///
/// HDR uses zscale (libzimg) + tonemap (Hable), which this system's libavfilter has;
/// the `colorspace` filter is the fallback when zscale is missing (it converts BT.2020 to
/// BT.709 primaries and matrix but does not tone-map, so highlights clip).
pub fn filter_chain(video: &VideoInfo, plan: &Plan, has_zscale: bool) -> String {
    let mut chain = vec![format!("fps={}/{}", plan.fps.0, plan.fps.1)];
    let (scaled_w, scaled_h) =
        if plan.rotation % 180 == 90 { (plan.height, plan.width) } else { (plan.width, plan.height) };
    // Always present: it also absorbs a mid-stream size change (a phone switching
    // cameras), so everything after it sees one frame size.
    let wide_gamut = plan.hdr.is_none() && video.color_primaries == "bt2020";
    if plan.hdr.is_some() || wide_gamut {
        chain.push(format!("scale={scaled_w}:{scaled_h}:flags=bicubic"));
    } else {
        chain.push(format!(
            "scale={scaled_w}:{scaled_h}:flags=bicubic:in_color_matrix={}:out_color_matrix=bt709:out_range=tv",
            source_matrix(video)
        ));
    }
    match plan.rotation {
        90 => chain.push("transpose=clock".to_owned()),
        180 => chain.push("hflip,vflip".to_owned()),
        270 => chain.push("transpose=cclock".to_owned()),
        _ => {}
    }
    match plan.hdr {
        Some(hdr) if has_zscale => {
            let transfer = match hdr {
                Hdr::Hlg => "arib-std-b67",
                Hdr::Pq => "smpte2084",
            };
            // Frames are tagged from the stream header first: zscale reads every stage's
            // input from the frame, and a frame without tags has "no path" to BT.709.
            chain.push(format!(
                "setparams=range=tv:color_primaries=bt2020:color_trc={transfer}:colorspace=bt2020nc,\
                 zscale=t=linear:npl=100,format=gbrpf32le,zscale=p=bt709,\
                 tonemap=tonemap=hable:desat=0,zscale=t=bt709:m=bt709:r=tv"
            ));
        }
        Some(_) => chain.push("colorspace=all=bt709:iall=bt2020:itrc=bt2020-10:format=yuv420p:fast=1".to_owned()),
        None if wide_gamut => chain.push("colorspace=all=bt709:iall=bt2020:fast=1".to_owned()),
        None => {}
    }
    chain.push("format=yuv420p".to_owned());
    chain.push("setsar=1".to_owned());
    chain.join(",")
}

/// The YCbCr matrix the source was encoded with, as swscale names it. Untagged video is
/// BT.709 when HD and BT.601 when SD (what players assume).
fn source_matrix(video: &VideoInfo) -> &'static str {
    match video.color_space.as_str() {
        "bt709" => "bt709",
        "smpte170m" | "bt470bg" => "bt601",
        "smpte240m" => "smpte240m",
        "fcc" => "fcc",
        _ if video.width.min(video.height) >= 720 => "bt709",
        _ => "bt601",
    }
}

/// Whether libavfilter was built with zscale (Debian's is).
pub fn has_zscale() -> bool {
    ffmpeg::filter::find("zscale").is_some()
}

/// Opened libx264 encoder and its output stream index.
pub(crate) struct VideoEncoder {
    pub(crate) encoder: encoder::Video,
    pub(crate) index: usize,
    pub(crate) time_base: Rational,
}

/// Adds the H.264 stream to `output` and opens libx264 for frames of `width`x`height`
/// yuv420p in `time_base`.
pub(crate) fn open_encoder(
    output: &mut Output,
    width: u32,
    height: u32,
    fps: (i32, i32),
    time_base: Rational,
    threads: usize,
) -> anyhow::Result<VideoEncoder> {
    let x264 = encoder::find_by_name("libx264").ok_or_else(|| anyhow!("FFmpeg was built without libx264"))?;
    let global_header = output.format().flags().contains(ffmpeg::format::Flags::GLOBAL_HEADER);
    let mut ost = output.add_stream(x264).context("adding the video stream")?;
    let index = ost.index();
    let mut context = codec::context::Context::new_with_codec(x264).encoder().video()?;
    context.set_width(width);
    context.set_height(height);
    context.set_format(ffmpeg::format::Pixel::YUV420P);
    context.set_time_base(time_base);
    context.set_frame_rate(Some(Rational::new(fps.0, fps.1)));
    context.set_aspect_ratio(Rational::new(1, 1));
    context.set_max_bit_rate(MAX_RATE);
    context.set_colorspace(ffmpeg::color::Space::BT709);
    context.set_color_range(ffmpeg::color::Range::MPEG);
    context.set_color_primaries(ffmpeg::color::Primaries::BT709);
    context.set_color_transfer_characteristic(ffmpeg::color::TransferCharacteristic::BT709);
    let gop = gop_size(fps);
    context.set_gop(gop);
    if global_header {
        context.set_flags(codec::Flags::GLOBAL_HEADER);
    }
    // SAFETY: plain fields of an encoder context that is not open yet.
    unsafe {
        let raw = context.as_mut_ptr();
        (*raw).rc_buffer_size = BUF_SIZE;
        (*raw).level = 40;
        (*raw).keyint_min = gop as i32;
        (*raw).thread_count = threads as i32;
        (*raw).thread_type = ffi::FF_THREAD_FRAME | ffi::FF_THREAD_SLICE;
    }
    let options = x264_options();
    let mut dictionary = ffmpeg::Dictionary::new();
    for (key, value) in &options {
        dictionary.set(key, value);
    }
    let encoder = context.open_as_with(x264, dictionary).context("opening libx264")?;
    ost.set_parameters(&encoder);
    // SAFETY: let the muxer choose the MP4 sample entry tag.
    unsafe { (*ost.parameters().as_mut_ptr()).codec_tag = 0 };
    ost.set_time_base(time_base);
    Ok(VideoEncoder { encoder, index, time_base })
}

/// Keyframe every 2 s (exactly: no scene-cut keyframes in between).
pub fn gop_size(fps: (i32, i32)) -> u32 {
    let rate = f64::from(fps.0) / f64::from(fps.1.max(1));
    ((rate * KEYFRAME_SECONDS).round() as u32).max(1)
}

/// libx264 private options.
pub fn x264_options() -> BTreeMap<&'static str, &'static str> {
    BTreeMap::from([("preset", PRESET), ("crf", CRF), ("profile", "high"), ("sc_threshold", "0")])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::{plan, MediaInfo};
    use ffmpeg::format::Pixel;

    fn source(pix_fmt: &str, transfer: &str, primaries: &str, rotation: u32) -> VideoInfo {
        VideoInfo {
            codec: "hevc".into(),
            profile: "Main 10".into(),
            level: 120,
            width: 1920,
            height: 1080,
            sample_aspect: 1.0,
            pix_fmt: pix_fmt.into(),
            color_transfer: transfer.into(),
            color_primaries: primaries.into(),
            color_space: "unknown".into(),
            rotation,
            frame_rate: (60, 1),
            measured_fps: 60.0,
            peak_fps: 60.0,
            burst_share: 0.0,
            bit_rate: 10_000_000,
        }
    }

    /// Every chain we can generate must configure in this system's libavfilter
    /// (catches typos in option names that only fail at run time).
    #[test]
    fn every_chain_configures() {
        crate::init();
        let cases = [
            (source("yuv420p10le", "arib-std-b67", "bt2020", 90), Pixel::YUV420P10LE, true),
            (source("yuv420p10le", "smpte2084", "bt2020", 0), Pixel::YUV420P10LE, true),
            (source("yuv420p10le", "arib-std-b67", "bt2020", 270), Pixel::YUV420P10LE, false),
            (source("yuv420p10le", "bt2020-10", "bt2020", 180), Pixel::YUV420P10LE, true),
            (source("yuv420p", "bt709", "bt709", 0), Pixel::YUV420P, true),
            (source("yuvj420p", "unknown", "unknown", 0), Pixel::YUVJ420P, true),
        ];
        for (video, pixel, zscale) in cases {
            let info = MediaInfo {
                container: "mov,mp4,m4a,3gp,3g2,mj2".into(),
                file_bytes: 1,
                duration_ms: Some(1000),
                video: Some(video.clone()),
                audio: None,
                integrity: Default::default(),
            };
            let plan = plan(&info, None, true).expect("plan");
            let chain = filter_chain(&video, &plan, zscale && has_zscale());
            let graph = crate::graph::video(
                video.width,
                video.height,
                pixel,
                Rational::new(1, 60),
                Rational::new(1, 1),
                &chain,
                1,
            );
            let mut graph = match graph {
                Ok(graph) => graph,
                Err(error) => panic!("{chain}: {error:#}"),
            };
            // And frames go through it.
            for pts in 0..4 {
                let mut frame = ffmpeg::frame::Video::new(pixel, video.width, video.height);
                frame.set_pts(Some(pts));
                crate::graph::push(&mut graph, &frame).expect("push");
            }
            crate::graph::flush(&mut graph).expect("flush");
            let mut out = ffmpeg::frame::Video::empty();
            let pulled = graph.get("out").map(|mut sink| sink.sink().frame(&mut out));
            assert!(matches!(pulled, Some(Ok(()))), "{chain}: no frame out: {pulled:?}");
            assert_eq!(out.format(), Pixel::YUV420P, "{chain}");
            assert_eq!((out.width(), out.height()), (plan.width, plan.height), "{chain}");
        }
    }
}
