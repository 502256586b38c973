//! Pass two of the transcode path: decode, filter, encode with libx264, mux MP4 with the
//! index first; the poster frame is taken from the filtered (upright, tone-mapped) frames.

use anyhow::{anyhow, Context as _};
use ffmpeg::{codec, frame, picture, Packet, Rational};
use ffmpeg_next as ffmpeg;

use crate::audio::AudioEncoder;
use crate::error::{RejectReason, TranscodeError};
use crate::job::Job;
use crate::plan::{too_many_decode_errors, AudioPlan};
use crate::{graph, input, output, video};

pub(crate) fn run(job: &Job<'_>) -> Result<frame::Video, TranscodeError> {
    let mut input = input::open(job.input, job.limits, &job.watchdog)?;
    let video_stream =
        input.stream(job.video_index).ok_or_else(|| anyhow!("video stream {} vanished", job.video_index))?;
    let in_time_base = video_stream.time_base();
    let start = video_stream.start_time();
    let start_seconds = if start == ffmpeg::ffi::AV_NOPTS_VALUE { 0.0 } else { start as f64 * f64::from(in_time_base) };
    // Valid headers with a decoder that still refuses them: the stream is damaged.
    let mut decoder = open_decoder(&video_stream, job.limits.max_pixels, job.threads)
        .map_err(|error| TranscodeError::reject(RejectReason::Corrupt, format!("{error:#}")))?;

    let mut out = output::create(&job.files.video_part)?;
    let fps = job.plan.fps;
    let out_time_base = Rational::new(fps.1, fps.0);
    let mut encoder = video::open_encoder(&mut out, job.plan.width, job.plan.height, fps, out_time_base, job.threads)?;
    let mut audio = match (job.plan.audio, job.audio_index) {
        (AudioPlan::Encode { gain_db, limit }, Some(index)) => {
            let stream = input.stream(index).ok_or_else(|| anyhow!("audio stream {index} vanished"))?;
            Some((index, AudioEncoder::new(&stream, &mut out, gain_db, limit, start_seconds)?))
        }
        _ => None,
    };
    output::write_header(&mut out)?;
    let video_out_time_base = out.stream(encoder.index).map_or(out_time_base, |s| s.time_base());
    if let Some((_, audio)) = audio.as_mut() {
        audio.header_written(&out);
    }

    let chain = video::filter_chain(job.video, job.plan, video::has_zscale());
    tracing::debug!(%chain, "video filters");
    let mut state = VideoState {
        graph: None,
        chain,
        in_time_base,
        // SAFETY: a plain read of the stream's codec parameters.
        sample_aspect: Rational::from(unsafe { (*video_stream.parameters().as_ptr()).sample_aspect_ratio }),
        start_frames: (start_seconds * f64::from(fps.0) / f64::from(fps.1)).round() as i64,
        last_pts: None,
        poster_at: job.poster_time_ms as f64 / 1000.0,
        poster: None,
        latest: None,
        errors: 0,
        sent: 0,
        damaged: 0,
        frames: 0,
    };

    let mut packet = Packet::empty();
    while crate::input::next_packet(&mut input, &mut packet, &job.watchdog, &mut state.errors)? {
        let index = packet.stream();
        if index == job.video_index {
            if let Some(pts) = packet.pts() {
                let done =
                    (pts as f64 * f64::from(in_time_base) - start_seconds) * 1000.0 / job.duration_ms.max(1) as f64;
                (job.progress)(0.1 + 0.85 * done.clamp(0.0, 1.0) as f32);
            }
            match decoder.send_packet(&packet) {
                Ok(()) => state.sent += 1,
                // The decoder is full: take its frames, then it accepts the packet.
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::error::EAGAIN => {
                    state.drain_decoder(&mut decoder, job, &mut encoder, &mut out, video_out_time_base)?;
                    match decoder.send_packet(&packet) {
                        Ok(()) => state.sent += 1,
                        Err(_) => state.errors += 1,
                    }
                }
                Err(_) => state.errors += 1,
            }
            state.drain_decoder(&mut decoder, job, &mut encoder, &mut out, video_out_time_base)?;
        } else if let Some((audio_index, audio)) = audio.as_mut() {
            if index == *audio_index {
                audio.push(&packet, &mut out)?;
            }
        }
    }
    let _ = decoder.send_eof();
    state.drain_decoder(&mut decoder, job, &mut encoder, &mut out, video_out_time_base)?;
    if let Some(graph) = state.graph.as_mut() {
        graph::flush(graph)?;
        state.drain_graph(&mut encoder, &mut out, video_out_time_base)?;
    }
    // Packets the decoder swallowed without a picture (garbage payloads) count as errors.
    let received = state.frames + state.damaged;
    let errors = state.errors + state.damaged + state.sent.saturating_sub(received);
    if too_many_decode_errors(errors, state.frames) {
        return Err(TranscodeError::reject(
            RejectReason::Corrupt,
            format!("{errors} decode errors for {} good frames", state.frames),
        ));
    }
    encoder.encoder.send_eof().context("flushing libx264")?;
    write_video_packets(&mut encoder, &mut out, video_out_time_base)?;
    if let Some((_, audio)) = audio.as_mut() {
        audio.finish(&mut out)?;
    }
    out.write_trailer().context("finishing the MP4 (faststart)")?;
    state
        .poster
        .or(state.latest)
        .ok_or_else(|| TranscodeError::reject(RejectReason::Corrupt, "no picture could be decoded"))
}

pub(crate) fn open_decoder(
    stream: &ffmpeg::format::stream::Stream<'_>,
    max_pixels: u64,
    threads: usize,
) -> anyhow::Result<ffmpeg::decoder::Video> {
    let mut context =
        codec::context::Context::from_parameters(stream.parameters()).context("video decoder parameters")?;
    // SAFETY: plain fields of a decoder context that is not open yet.
    unsafe {
        let raw = context.as_mut_ptr();
        (*raw).max_pixels = max_pixels.min(i64::MAX as u64) as i64;
        (*raw).thread_count = threads as i32;
        (*raw).thread_type = ffmpeg::ffi::FF_THREAD_FRAME | ffmpeg::ffi::FF_THREAD_SLICE;
    }
    context.decoder().video().context("opening the video decoder")
}

struct VideoState {
    graph: Option<ffmpeg::filter::Graph>,
    chain: String,
    in_time_base: Rational,
    sample_aspect: Rational,
    /// The video's start in output frames, subtracted so the output starts at zero.
    start_frames: i64,
    last_pts: Option<i64>,
    poster_at: f64,
    poster: Option<frame::Video>,
    /// Latest frame before the poster time: the poster of clips that end earlier.
    latest: Option<frame::Video>,
    /// Packets the decoder refused, or demuxer errors.
    errors: u64,
    /// Packets the decoder accepted.
    sent: u64,
    /// Frames flagged as concealed or corrupt.
    damaged: u64,
    /// Clean frames.
    frames: u64,
}

impl VideoState {
    fn drain_decoder(
        &mut self,
        decoder: &mut ffmpeg::decoder::Video,
        job: &Job<'_>,
        encoder: &mut video::VideoEncoder,
        out: &mut ffmpeg::format::context::Output,
        out_time_base: Rational,
    ) -> Result<(), TranscodeError> {
        let mut decoded = frame::Video::empty();
        loop {
            match decoder.receive_frame(&mut decoded) {
                Ok(()) => {}
                Err(ffmpeg::Error::Other { errno }) if errno == ffmpeg::error::EAGAIN => return Ok(()),
                Err(ffmpeg::Error::Eof) => return Ok(()),
                Err(_) => {
                    self.errors += 1;
                    return Ok(());
                }
            }
            // SAFETY: plain reads of the decoded frame's flags.
            let damaged = unsafe {
                let raw = decoded.as_ptr();
                (*raw).decode_error_flags != 0 || (*raw).flags & ffmpeg::ffi::AV_FRAME_FLAG_CORRUPT != 0
            };
            if damaged {
                self.damaged += 1;
            } else {
                self.frames += 1;
            }
            let timestamp = decoded.timestamp();
            decoded.set_pts(timestamp);
            if self.graph.is_none() {
                self.graph = Some(graph::video(
                    decoded.width(),
                    decoded.height(),
                    decoded.format(),
                    self.in_time_base,
                    self.sample_aspect,
                    &self.chain,
                    job.threads,
                )?);
            }
            if let Some(graph) = self.graph.as_mut() {
                graph::push(graph, &decoded)?;
            }
            self.drain_graph(encoder, out, out_time_base)?;
        }
    }

    fn drain_graph(
        &mut self,
        encoder: &mut video::VideoEncoder,
        out: &mut ffmpeg::format::context::Output,
        out_time_base: Rational,
    ) -> anyhow::Result<()> {
        let Some(graph) = self.graph.as_mut() else {
            return Ok(());
        };
        let mut filtered = frame::Video::empty();
        loop {
            if !graph::pull(graph, &mut filtered) {
                return Ok(());
            }
            let pts = filtered.pts().unwrap_or(0) - self.start_frames;
            let pts = match self.last_pts {
                Some(last) if pts <= last => last + 1,
                _ => pts.max(0),
            };
            self.last_pts = Some(pts);
            filtered.set_pts(Some(pts));
            filtered.set_kind(picture::Type::None);
            let seconds = pts as f64 * f64::from(encoder.time_base);
            if self.poster.is_none() {
                // A new reference to the frame, not a copy of its pixels.
                if seconds + 1e-6 >= self.poster_at {
                    self.poster = Some(filtered.clone());
                } else {
                    self.latest = Some(filtered.clone());
                }
            }
            encoder.encoder.send_frame(&filtered).context("encoding video")?;
            write_video_packets(encoder, out, out_time_base)?;
        }
    }
}

fn write_video_packets(
    encoder: &mut video::VideoEncoder,
    out: &mut ffmpeg::format::context::Output,
    out_time_base: Rational,
) -> anyhow::Result<()> {
    let mut packet = Packet::empty();
    while encoder.encoder.receive_packet(&mut packet).is_ok() {
        packet.set_stream(encoder.index);
        // The encoder's time base is one frame; libx264 leaves durations unset, and the
        // muxer needs the last one for an exact stream duration and average rate.
        if packet.duration() <= 0 {
            packet.set_duration(1);
        }
        packet.rescale_ts(encoder.time_base, out_time_base);
        packet.write_interleaved(out).context("writing video")?;
    }
    Ok(())
}
