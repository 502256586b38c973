//! The fast path: compliant H.264 is copied and remuxed with the index first. Audio is
//! copied when already right, else re-encoded with a linear gain. Every packet was checked
//! structurally by the scan ([`crate::nal`]); keyframes (only) are decoded here, to catch
//! damage inside them and to take the poster from the keyframe nearest the poster time
//! without decoding the whole video. Any damaged keyframe hands the clip to the transcode.

use anyhow::{anyhow, Context as _};
use ffmpeg::{codec, frame, Packet, Rational};
use ffmpeg_next as ffmpeg;

use crate::audio::AudioEncoder;
use crate::error::{RejectReason, TranscodeError};
use crate::job::Job;
use crate::plan::{too_many_decode_errors, AudioPlan};
use crate::{input, normalize, output};

/// What the fast path made of a clip.
pub(crate) enum Remuxed {
    /// `video.mp4.part` written; the poster frame.
    Done(frame::Video),
    /// A keyframe did not decode cleanly: the copy must not be published.
    Damaged(String),
}

pub(crate) fn run(job: &Job<'_>) -> Result<Remuxed, TranscodeError> {
    let mut input = input::open(job.input, job.limits, &job.watchdog)?;
    let video_stream =
        input.stream(job.video_index).ok_or_else(|| anyhow!("video stream {} vanished", job.video_index))?;
    let video_in_tb = video_stream.time_base();
    let start = video_stream.start_time();
    let start_seconds = if start == ffmpeg::ffi::AV_NOPTS_VALUE { 0.0 } else { start as f64 * f64::from(video_in_tb) };
    // One thread: it only sees a keyframe every second or two.
    let mut keyframes = normalize::open_decoder(&video_stream, job.limits.max_pixels, 1)
        .map_err(|error| TranscodeError::reject(RejectReason::Corrupt, format!("{error:#}")))?;

    let mut out = output::create(&job.files.video_part)?;
    let video_out = copy_stream(&mut out, &video_stream)?;

    enum Audio {
        None,
        Copy { index: usize, out: usize, in_tb: Rational },
        Encode { index: usize, encoder: Box<AudioEncoder> },
    }
    let mut audio = match (job.plan.audio, job.audio_index) {
        (AudioPlan::Copy, Some(index)) => {
            let stream = input.stream(index).ok_or_else(|| anyhow!("audio stream {index} vanished"))?;
            Audio::Copy { index, out: copy_stream(&mut out, &stream)?, in_tb: stream.time_base() }
        }
        (AudioPlan::Encode { gain_db, limit }, Some(index)) => {
            let stream = input.stream(index).ok_or_else(|| anyhow!("audio stream {index} vanished"))?;
            // The copied video keeps its timestamps, so the audio keeps its own too.
            Audio::Encode { index, encoder: Box::new(AudioEncoder::new(&stream, &mut out, gain_db, limit, 0.0)?) }
        }
        _ => Audio::None,
    };
    output::write_header(&mut out)?;
    let video_out_tb = out.stream(video_out).map_or(video_in_tb, |s| s.time_base());
    let audio_out_tb = match &mut audio {
        Audio::Copy { out: index, .. } => out.stream(*index).map(|s| s.time_base()),
        Audio::Encode { encoder, .. } => {
            encoder.header_written(&out);
            None
        }
        Audio::None => None,
    };

    let mut poster = Poster {
        target: job.poster_time_ms as f64 / 1000.0 + start_seconds,
        best: None,
        distance: f64::INFINITY,
        damaged: 0,
    };
    let (mut errors, mut good, mut sent) = (0u64, 0u64, 0u64);
    let mut packet = Packet::empty();
    while crate::input::next_packet(&mut input, &mut packet, &job.watchdog, &mut errors)? {
        let index = packet.stream();
        if index == job.video_index {
            if let Some(pts) = packet.pts() {
                let done =
                    (pts as f64 * f64::from(video_in_tb) - start_seconds) * 1000.0 / job.duration_ms.max(1) as f64;
                (job.progress)(0.3 + 0.65 * done.clamp(0.0, 1.0) as f32);
            }
            if packet.is_key() {
                if keyframes.send_packet(&packet).is_ok() {
                    sent += 1;
                } else {
                    errors += 1;
                }
                poster.drain(&mut keyframes, video_in_tb, &mut errors, &mut good);
            }
            packet.set_stream(video_out);
            packet.rescale_ts(video_in_tb, video_out_tb);
            packet.set_position(-1);
            packet.write_interleaved(&mut out).context("writing video")?;
        } else {
            match &mut audio {
                Audio::Copy { index: wanted, out: out_index, in_tb } if *wanted == index => {
                    packet.set_stream(*out_index);
                    packet.rescale_ts(*in_tb, audio_out_tb.unwrap_or(*in_tb));
                    packet.set_position(-1);
                    packet.write_interleaved(&mut out).context("writing audio")?;
                }
                Audio::Encode { index: wanted, encoder } if *wanted == index => {
                    encoder.push(&packet, &mut out)?;
                }
                _ => {}
            }
        }
    }
    let _ = keyframes.send_eof();
    poster.drain(&mut keyframes, video_in_tb, &mut errors, &mut good);
    // Keyframes the decoder swallowed without a picture (garbage payloads) are errors too.
    let errors = errors + sent.saturating_sub(good + poster.damaged);
    if too_many_decode_errors(errors, good) {
        return Err(TranscodeError::reject(
            RejectReason::Corrupt,
            format!("{errors} damaged keyframes, {good} decoded"),
        ));
    }
    if errors > 0 {
        return Ok(Remuxed::Damaged(format!("{errors} damaged keyframes")));
    }
    if let Audio::Encode { encoder, .. } = &mut audio {
        encoder.finish(&mut out)?;
    }
    out.write_trailer().context("finishing the MP4 (faststart)")?;
    let frame =
        poster.best.ok_or_else(|| TranscodeError::reject(RejectReason::Corrupt, "no keyframe could be decoded"))?;
    Ok(Remuxed::Done(frame))
}

/// Add an output stream copying `stream`'s parameters (no metadata, no side data).
fn copy_stream(
    out: &mut ffmpeg::format::context::Output,
    stream: &ffmpeg::format::stream::Stream<'_>,
) -> anyhow::Result<usize> {
    let mut ost = out.add_stream(codec::Id::None).context("adding a copied stream")?;
    ost.set_parameters(stream.parameters());
    // SAFETY: let the muxer pick the MP4 sample entry tag for the copied codec.
    unsafe { (*ost.parameters().as_mut_ptr()).codec_tag = 0 };
    ost.set_time_base(stream.time_base());
    Ok(ost.index())
}

struct Poster {
    /// In input seconds.
    target: f64,
    best: Option<frame::Video>,
    distance: f64,
    damaged: u64,
}

impl Poster {
    fn drain(&mut self, decoder: &mut ffmpeg::decoder::Video, time_base: Rational, errors: &mut u64, good: &mut u64) {
        let mut decoded = frame::Video::empty();
        while decoder.receive_frame(&mut decoded).is_ok() {
            // SAFETY: plain reads of the decoded frame's flags.
            let damaged = unsafe {
                let raw = decoded.as_ptr();
                (*raw).decode_error_flags != 0 || (*raw).flags & ffmpeg::ffi::AV_FRAME_FLAG_CORRUPT != 0
            };
            if damaged {
                *errors += 1;
                self.damaged += 1;
                continue;
            }
            *good += 1;
            let seconds = decoded.timestamp().unwrap_or(0) as f64 * f64::from(time_base);
            let distance = (seconds - self.target).abs();
            if distance < self.distance {
                self.distance = distance;
                self.best = Some(decoded.clone());
            }
        }
    }
}
