//! EBU R128 measurement with libavfilter's `ebur128` (integrated loudness, true peak),
//! on audio converted to 48 kHz stereo exactly as the output will be.

use std::path::Path;

use anyhow::Context as _;
use ffmpeg::{codec, decoder, filter, frame, Packet, Rational};
use ffmpeg_next as ffmpeg;

use crate::graph;
use crate::plan::Loudness;

/// Converts to what we output, then measures. `metadata=1` puts the running figures on
/// every frame; the last frame holds the final integrated value and the peaks.
const MEASURE_CHAIN: &str =
    "aresample=48000,aformat=sample_rates=48000:channel_layouts=stereo,ebur128=peak=true:metadata=1";

/// Decodes one audio stream and measures it.
pub(crate) struct Meter {
    decoder: decoder::Audio,
    time_base: Rational,
    graph: Option<filter::Graph>,
    integrated: Option<f64>,
    true_peak: Option<f64>,
    pub(crate) frames: u64,
    pub(crate) errors: u64,
}

impl Meter {
    pub(crate) fn new(stream: &ffmpeg::format::stream::Stream<'_>) -> anyhow::Result<Self> {
        let mut context =
            codec::context::Context::from_parameters(stream.parameters()).context("audio decoder parameters")?;
        context.set_threading(ffmpeg::threading::Config {
            kind: ffmpeg::threading::Type::Frame,
            count: 1,
            ..Default::default()
        });
        let decoder = context.decoder().audio().context("opening the audio decoder")?;
        Ok(Self {
            decoder,
            time_base: stream.time_base(),
            graph: None,
            integrated: None,
            true_peak: None,
            frames: 0,
            errors: 0,
        })
    }

    pub(crate) fn push(&mut self, packet: &Packet) -> anyhow::Result<()> {
        if self.decoder.send_packet(packet).is_err() {
            self.errors += 1;
            return Ok(());
        }
        self.drain()
    }

    pub(crate) fn finish(&mut self) -> anyhow::Result<Option<Loudness>> {
        // The decoder may already be flushed or broken; what it gave us is what we measure.
        let _ = self.decoder.send_eof();
        self.drain()?;
        if let Some(graph) = self.graph.as_mut() {
            graph::flush(graph)?;
            Self::drain_graph(graph, &mut self.integrated, &mut self.true_peak)?;
        }
        Ok(match (self.integrated, self.frames) {
            (Some(integrated_lufs), frames) if frames > 0 => {
                Some(Loudness { integrated_lufs, true_peak_dbtp: self.true_peak.unwrap_or(f64::NEG_INFINITY) })
            }
            _ => None,
        })
    }

    fn drain(&mut self) -> anyhow::Result<()> {
        let mut decoded = frame::Audio::empty();
        loop {
            match self.decoder.receive_frame(&mut decoded) {
                Ok(()) => {}
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::error::EAGAIN => return Ok(()),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(_) => {
                    self.errors += 1;
                    return Ok(());
                }
            }
            self.frames += 1;
            let timestamp = decoded.timestamp();
            decoded.set_pts(timestamp);
            if self.graph.is_none() {
                self.graph = Some(graph::audio(&decoded, self.time_base, MEASURE_CHAIN, None)?);
            }
            if let Some(graph) = self.graph.as_mut() {
                // A mid-stream format change is refused by abuffer; skip such frames.
                if graph::push(graph, &decoded).is_err() {
                    self.errors += 1;
                    continue;
                }
                Self::drain_graph(graph, &mut self.integrated, &mut self.true_peak)?;
            }
        }
    }

    fn drain_graph(
        graph: &mut filter::Graph,
        integrated: &mut Option<f64>,
        true_peak: &mut Option<f64>,
    ) -> anyhow::Result<()> {
        let mut measured = frame::Audio::empty();
        while graph::pull(graph, &mut measured) {
            let metadata = measured.metadata();
            if let Some(value) = metadata.get("lavfi.r128.I").and_then(|v| v.parse::<f64>().ok()) {
                *integrated = Some(value);
            }
            // FFmpeg 5.1 reports the running per-channel true peaks as linear amplitudes.
            let mut peak: Option<f64> = None;
            for channel in 0..8 {
                let key = format!("lavfi.r128.true_peaks_ch{channel}");
                match metadata.get(&key).and_then(|v| v.parse::<f64>().ok()) {
                    Some(value) => peak = Some(peak.map_or(value, |p: f64| p.max(value))),
                    None => break,
                }
            }
            if let Some(linear) = peak {
                *true_peak = Some(20.0 * linear.max(1e-10).log10());
            }
        }
        Ok(())
    }
}

/// Measure the first decodable audio stream of a file (any container FFmpeg reads).
/// `Ok(None)` when it has no decodable audio. Used by the tests to check outputs, and
/// usable by operators to audit stored videos.
pub fn measure_file(path: &Path) -> anyhow::Result<Option<Loudness>> {
    crate::init();
    let mut input = ffmpeg::format::input(path).with_context(|| format!("opening {}", path.display()))?;
    let mut meter = None;
    let mut index = None;
    for stream in input.streams() {
        if stream.parameters().medium() == ffmpeg::media::Type::Audio {
            if let Ok(m) = Meter::new(&stream) {
                meter = Some(m);
                index = Some(stream.index());
                break;
            }
        }
    }
    let (Some(mut meter), Some(index)) = (meter, index) else {
        return Ok(None);
    };
    for (stream, packet) in input.packets() {
        if stream.index() == index {
            meter.push(&packet)?;
        }
    }
    meter.finish()
}
