//! Building libavfilter graphs from a chain description, for audio and video.

use anyhow::{anyhow, Context as _};
use ffmpeg::{filter, frame, Rational};
use ffmpeg_next as ffmpeg;

/// `abuffer -> chain -> abuffersink`, with the source described from the first frame
/// (some decoders only tell their layout once they produced audio).
pub(crate) fn audio(
    first: &frame::Audio,
    time_base: Rational,
    chain: &str,
    frame_size: Option<u32>,
) -> anyhow::Result<filter::Graph> {
    let mut args = format!(
        "time_base={}/{}:sample_rate={}:sample_fmt={}:channels={}",
        time_base.numerator(),
        time_base.denominator().max(1),
        first.rate(),
        first.format().name(),
        first.channels(),
    );
    let mut layout = first.channel_layout().bits();
    if layout == 0 {
        // Unlabelled channels: FFmpeg's default layout for the count, so downmixing works.
        layout = ffmpeg::ChannelLayout::default(i32::from(first.channels())).bits();
    }
    if layout != 0 {
        args.push_str(&format!(":channel_layout=0x{layout:x}"));
    }
    let mut graph = filter::Graph::new();
    graph.add(&find("abuffer")?, "in", &args).with_context(|| format!("creating abuffer with {args}"))?;
    graph.add(&find("abuffersink")?, "out", "").context("creating abuffersink")?;
    graph
        .output("in", 0)
        .and_then(|parser| parser.input("out", 0))
        .and_then(|parser| parser.parse(chain))
        .with_context(|| format!("parsing audio filters {chain}"))?;
    graph.validate().with_context(|| format!("configuring audio filters {chain}"))?;
    if let Some(size) = frame_size {
        let mut sink = graph.get("out").ok_or_else(|| anyhow!("filter graph lost its sink"))?;
        sink.sink().set_frame_size(size);
    }
    Ok(graph)
}

/// `buffer -> chain -> buffersink` for frames of the given shape.
pub(crate) fn video(
    width: u32,
    height: u32,
    pix_fmt: ffmpeg::format::Pixel,
    time_base: Rational,
    sample_aspect: Rational,
    chain: &str,
    threads: usize,
) -> anyhow::Result<filter::Graph> {
    let sar = if sample_aspect.numerator() > 0 && sample_aspect.denominator() > 0 {
        sample_aspect
    } else {
        Rational::new(1, 1)
    };
    let args = format!(
        "video_size={width}x{height}:pix_fmt={}:time_base={}/{}:pixel_aspect={}/{}",
        ffmpeg::ffi::AVPixelFormat::from(pix_fmt) as i32,
        time_base.numerator(),
        time_base.denominator().max(1),
        sar.numerator(),
        sar.denominator(),
    );
    let mut graph = filter::Graph::new();
    // SAFETY: setting the thread count of a graph before any filter is configured.
    unsafe { (*graph.as_mut_ptr()).nb_threads = threads as i32 };
    graph.add(&find("buffer")?, "in", &args).with_context(|| format!("creating buffer with {args}"))?;
    graph.add(&find("buffersink")?, "out", "").context("creating buffersink")?;
    graph
        .output("in", 0)
        .and_then(|parser| parser.input("out", 0))
        .and_then(|parser| parser.parse(chain))
        .with_context(|| format!("parsing video filters {chain}"))?;
    graph.validate().with_context(|| format!("configuring video filters {chain}"))?;
    Ok(graph)
}

/// Feed one frame into the graph's source.
pub(crate) fn push(graph: &mut filter::Graph, frame: &ffmpeg::Frame) -> anyhow::Result<()> {
    let mut source = graph.get("in").ok_or_else(|| anyhow!("filter graph lost its source"))?;
    source.source().add(frame).context("feeding the filter graph")
}

/// Signal end of stream to the graph's source.
pub(crate) fn flush(graph: &mut filter::Graph) -> anyhow::Result<()> {
    let mut source = graph.get("in").ok_or_else(|| anyhow!("filter graph lost its source"))?;
    source.source().flush().context("flushing the filter graph")
}

/// Take one filtered frame; false when none is ready (or the graph ended).
pub(crate) fn pull(graph: &mut filter::Graph, frame: &mut ffmpeg::Frame) -> bool {
    match graph.get("out") {
        Some(mut sink) => sink.sink().frame(frame).is_ok(),
        None => false,
    }
}

pub(crate) fn sink_time_base(graph: &mut filter::Graph) -> Rational {
    graph.get("out").map_or(Rational::new(1, 1), |mut sink| sink.sink().time_base())
}

fn find(name: &str) -> anyhow::Result<ffmpeg::Filter> {
    filter::find(name).ok_or_else(|| anyhow!("libavfilter has no {name} filter"))
}
