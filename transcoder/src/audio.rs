//! Audio out: decode the chosen track, convert to 48 kHz stereo, apply the loudness gain
//! (and a peak limiter when the gain would push the true peak over -1.5 dBTP), encode
//! AAC-LC 128 kb/s.

use anyhow::{anyhow, Context as _};
use ffmpeg::format::context::Output;
use ffmpeg::{codec, decoder, encoder, filter, frame, ChannelLayout, Packet, Rational};
use ffmpeg_next as ffmpeg;

use crate::graph;
use crate::plan::TARGET_TRUE_PEAK_DBTP;

pub(crate) const SAMPLE_RATE: i32 = 48_000;
pub(crate) const BIT_RATE: usize = 128_000;

/// The filter chain for a gain decision. Gain is applied at 48 kHz stereo, the limiter
/// (lookahead, no auto-level) only when needed.
pub(crate) fn chain(gain_db: f64, limit: bool) -> String {
    let mut chain = format!(
        "aresample={SAMPLE_RATE},aformat=sample_rates={SAMPLE_RATE}:channel_layouts=stereo,volume={gain_db:.2}dB:precision=float"
    );
    if limit {
        // alimiter limits sample peaks; inter-sample peaks and the AAC encoder add up to
        // about 0.75 dB on speech (measured on fixtures/media/speechlike_quiet.mp4), so it
        // aims 1 dB under the true-peak ceiling: -2.5 dBFS.
        let ceiling = 10f64.powf((TARGET_TRUE_PEAK_DBTP - 1.0) / 20.0);
        chain.push_str(&format!(",alimiter=limit={ceiling:.4}:level=0:attack=5:release=50:latency=1"));
    }
    chain.push_str(&format!(",aformat=sample_fmts=fltp:sample_rates={SAMPLE_RATE}:channel_layouts=stereo"));
    chain
}

pub(crate) struct AudioEncoder {
    decoder: decoder::Audio,
    encoder: encoder::Audio,
    graph: Option<filter::Graph>,
    chain: String,
    in_time_base: Rational,
    out_index: usize,
    out_time_base: Rational,
    /// Seconds subtracted from input timestamps (the video's start), so both tracks
    /// start together at zero.
    start_offset: f64,
    next_pts: Option<i64>,
}

impl AudioEncoder {
    /// Adds the AAC stream to `output` (before its header is written).
    pub(crate) fn new(
        stream: &ffmpeg::format::stream::Stream<'_>,
        output: &mut Output,
        gain_db: f64,
        limit: bool,
        start_offset: f64,
    ) -> anyhow::Result<Self> {
        let mut context =
            codec::context::Context::from_parameters(stream.parameters()).context("audio decoder parameters")?;
        // Audio decoding is light; one thread, set explicitly like every codec here.
        context.set_threading(ffmpeg::threading::Config {
            kind: ffmpeg::threading::Type::Frame,
            count: 1,
            ..Default::default()
        });
        let decoder = context.decoder().audio().context("opening the audio decoder")?;
        let aac = encoder::find_by_name("aac").ok_or_else(|| anyhow!("FFmpeg has no aac encoder"))?;
        let global_header = output.format().flags().contains(ffmpeg::format::Flags::GLOBAL_HEADER);
        let mut ost = output.add_stream(aac).context("adding the audio stream")?;
        let out_index = ost.index();
        let mut context = codec::context::Context::new_with_codec(aac).encoder().audio()?;
        context.set_rate(SAMPLE_RATE);
        context.set_channel_layout(ChannelLayout::STEREO);
        context.set_channels(2);
        context.set_format(ffmpeg::format::Sample::F32(ffmpeg::format::sample::Type::Planar));
        context.set_bit_rate(BIT_RATE);
        context.set_time_base(Rational::new(1, SAMPLE_RATE));
        context.set_threading(ffmpeg::threading::Config {
            kind: ffmpeg::threading::Type::Frame,
            count: 1,
            ..Default::default()
        });
        if global_header {
            context.set_flags(codec::Flags::GLOBAL_HEADER);
        }
        let encoder = context.open_as(aac).context("opening the AAC encoder")?;
        ost.set_parameters(&encoder);
        ost.set_time_base(Rational::new(1, SAMPLE_RATE));
        Ok(Self {
            decoder,
            encoder,
            graph: None,
            chain: chain(gain_db, limit),
            in_time_base: stream.time_base(),
            out_index,
            out_time_base: Rational::new(1, SAMPLE_RATE),
            start_offset,
            next_pts: None,
        })
    }

    /// Call after the header: the muxer may have changed the stream's time base.
    pub(crate) fn header_written(&mut self, output: &Output) {
        if let Some(stream) = output.stream(self.out_index) {
            self.out_time_base = stream.time_base();
        }
    }

    pub(crate) fn push(&mut self, packet: &Packet, output: &mut Output) -> anyhow::Result<()> {
        // Audio glitches are dropped, not fatal: a damaged second of sound should not
        // cost the learner their video.
        if self.decoder.send_packet(packet).is_ok() {
            self.drain_decoder(output)?;
        }
        Ok(())
    }

    pub(crate) fn finish(&mut self, output: &mut Output) -> anyhow::Result<()> {
        let _ = self.decoder.send_eof();
        self.drain_decoder(output)?;
        if let Some(graph) = self.graph.as_mut() {
            graph::flush(graph)?;
        }
        self.drain_graph(output)?;
        self.encoder.send_eof().context("flushing the AAC encoder")?;
        write_packets(&mut self.encoder, self.out_index, self.out_time_base, output)
    }

    fn drain_decoder(&mut self, output: &mut Output) -> anyhow::Result<()> {
        let mut decoded = frame::Audio::empty();
        while self.decoder.receive_frame(&mut decoded).is_ok() {
            let timestamp = decoded.timestamp();
            decoded.set_pts(timestamp);
            if self.graph.is_none() {
                let frame_size = self.encoder.frame_size().max(1024);
                self.graph = Some(graph::audio(&decoded, self.in_time_base, &self.chain, Some(frame_size))?);
            }
            if let Some(graph) = self.graph.as_mut() {
                if graph::push(graph, &decoded).is_err() {
                    continue;
                }
            }
            self.drain_graph(output)?;
        }
        Ok(())
    }

    fn drain_graph(&mut self, output: &mut Output) -> anyhow::Result<()> {
        let Some(graph) = self.graph.as_mut() else {
            return Ok(());
        };
        let mut filtered = frame::Audio::empty();
        loop {
            if !graph::pull(graph, &mut filtered) {
                break;
            }
            // Continuous sample-count timestamps from where the first sample belongs:
            // no gaps or overlaps, whatever the input's timestamps did.
            let pts = match self.next_pts {
                Some(pts) => pts,
                None => {
                    let sink_time_base = graph::sink_time_base(graph);
                    let seconds = filtered.pts().map_or(0.0, |p| p as f64 * f64::from(sink_time_base));
                    ((seconds - self.start_offset) * f64::from(SAMPLE_RATE)).round().max(0.0) as i64
                }
            };
            filtered.set_pts(Some(pts));
            self.next_pts = Some(pts + filtered.samples() as i64);
            self.encoder.send_frame(&filtered).context("encoding audio")?;
            write_packets(&mut self.encoder, self.out_index, self.out_time_base, output)?;
        }
        Ok(())
    }
}

fn write_packets(
    encoder: &mut encoder::Audio,
    index: usize,
    time_base: Rational,
    output: &mut Output,
) -> anyhow::Result<()> {
    let mut packet = Packet::empty();
    while encoder.receive_packet(&mut packet).is_ok() {
        packet.set_stream(index);
        packet.rescale_ts(Rational::new(1, SAMPLE_RATE), time_base);
        packet.write_interleaved(output).context("writing audio")?;
    }
    Ok(())
}
