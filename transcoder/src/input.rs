//! Opening an upload safely: sniff the bytes ourselves, allow only a few demuxers and
//! only the `file` protocol, reject oversize frames before FFmpeg decodes anything.

use std::ffi::{CStr, CString};
use std::io::Read;
use std::path::Path;
use std::ptr;

use anyhow::{anyhow, Context as _};
use ffmpeg::ffi;
use ffmpeg::format::context::Input;
use ffmpeg_next as ffmpeg;

use crate::error::{RejectReason, TranscodeError};
use crate::limits::Limits;
use crate::plan::{container_allowed, validate_frame_size, CONTAINER_ALLOWLIST};
use crate::watchdog::Watchdog;

/// Bytes read for sniffing (what libavformat itself probes at most).
const SNIFF_BYTES: u64 = 1 << 20;
/// AVPROBE_SCORE_MAX / 4: below this a guess is not trusted.
const MIN_PROBE_SCORE: i32 = 25;

/// What the sniffer decided about the first bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sniffed {
    pub(crate) demuxer: String,
    pub(crate) file_bytes: u64,
}

/// Classify the file from its first bytes, without letting FFmpeg open it. The file name
/// is not used (an `.mp4` name must not make a playlist look like an MP4).
pub(crate) fn sniff(path: &Path, limits: &Limits) -> Result<Sniffed, TranscodeError> {
    let meta = std::fs::metadata(path).with_context(|| format!("reading metadata of {}", path.display()))?;
    if !meta.is_file() {
        return Err(anyhow!("{} is not a regular file", path.display()).into());
    }
    let file_bytes = meta.len();
    if file_bytes == 0 {
        return Err(TranscodeError::reject(RejectReason::NotAVideo, "empty file"));
    }
    if file_bytes > limits.max_bytes {
        return Err(TranscodeError::reject(
            RejectReason::TooLarge,
            format!("{file_bytes} bytes > {} bytes", limits.max_bytes),
        ));
    }
    let mut buf = Vec::with_capacity(SNIFF_BYTES.min(file_bytes) as usize + 64);
    std::fs::File::open(path)
        .with_context(|| format!("opening {}", path.display()))?
        .take(SNIFF_BYTES)
        .read_to_end(&mut buf)
        .with_context(|| format!("reading {}", path.display()))?;

    // Playlists and concat lists would make FFmpeg open other files or URLs; they are
    // refused on sight, whatever FFmpeg's own probe thinks of them.
    let head = trim_text_start(&buf);
    if head.starts_with(b"#EXTM3U") || head.starts_with(b"ffconcat") || head.starts_with(b"#EXT-X") {
        return Err(TranscodeError::reject(RejectReason::UnsupportedContainer, "a playlist, not a media file"));
    }

    let (demuxer, score) = probe_bytes(&mut buf);
    let Some(demuxer) = demuxer.filter(|_| score >= MIN_PROBE_SCORE) else {
        return Err(TranscodeError::reject(RejectReason::NotAVideo, "unrecognised bytes"));
    };
    if container_allowed(&demuxer) {
        return Ok(Sniffed { demuxer, file_bytes });
    }
    let reason = classify_foreign_demuxer(&demuxer);
    Err(TranscodeError::reject(reason, format!("detected {demuxer}")))
}

fn trim_text_start(buf: &[u8]) -> &[u8] {
    let buf = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(buf);
    let start = buf.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(buf.len());
    &buf[start..]
}

/// Reason for a recognised but refused demuxer.
pub(crate) fn classify_foreign_demuxer(demuxer: &str) -> RejectReason {
    const IMAGES: &[&str] = &["image2", "gif", "apng", "tty", "ico", "bmp"];
    const AUDIO: &[&str] = &["mp3", "wav", "aac", "flac", "w64", "aiff", "amr", "ac3", "eac3", "caf", "wv", "ape"];
    if demuxer.ends_with("_pipe") || IMAGES.contains(&demuxer) {
        RejectReason::NotAVideo
    } else if AUDIO.contains(&demuxer) {
        RejectReason::NoVideoStream
    } else {
        RejectReason::UnsupportedContainer
    }
}

/// libavformat's probe over a buffer we read ourselves: no I/O, no file name.
fn probe_bytes(buf: &mut Vec<u8>) -> (Option<String>, i32) {
    let len = buf.len();
    buf.resize(len + ffi::AVPROBE_PADDING_SIZE as usize, 0);
    let mut score: std::os::raw::c_int = 0;
    // SAFETY: `buf` outlives the call and carries the zeroed padding the probe requires;
    // the returned format is a static libavformat table entry.
    let name = unsafe {
        let pd = ffi::AVProbeData {
            filename: c"".as_ptr(),
            buf: buf.as_mut_ptr(),
            buf_size: len as std::os::raw::c_int,
            mime_type: ptr::null(),
        };
        let format = ffi::av_probe_input_format3(&pd, 1, &mut score);
        if format.is_null() || (*format).name.is_null() {
            None
        } else {
            Some(CStr::from_ptr((*format).name).to_string_lossy().into_owned())
        }
    };
    buf.truncate(len);
    (name, score)
}

/// Open with the allowlists set, check the header's frame sizes, then read stream info
/// with decoders that refuse frames over `max_pixels`.
pub(crate) fn open(path: &Path, limits: &Limits, watchdog: &Watchdog) -> Result<Input, TranscodeError> {
    let absolute = std::fs::canonicalize(path).with_context(|| format!("resolving {}", path.display()))?;
    let absolute = absolute.to_str().ok_or_else(|| anyhow!("input path is not UTF-8: {}", absolute.display()))?;
    // An explicit `file:` so a colon in a name is never read as a protocol.
    let url = CString::new(format!("file:{absolute}")).context("input path contains NUL")?;

    let mut options = ffmpeg::Dictionary::new();
    options.set("protocol_whitelist", "file");
    options.set("format_whitelist", &CONTAINER_ALLOWLIST.join(","));
    // MOV external data references would open other files.
    options.set("enable_drefs", "0");

    // SAFETY: standard avformat_open_input protocol; on failure libavformat frees the
    // context and nulls the pointer; on success ownership moves into `Input`, which also
    // keeps the interrupt closure alive for as long as the context.
    let mut input = unsafe {
        let mut ctx = ffi::avformat_alloc_context();
        if ctx.is_null() {
            return Err(anyhow!("allocating a format context").into());
        }
        let interrupt = ffmpeg::util::interrupt::new(Box::new(watchdog.interrupt()));
        (*ctx).interrupt_callback = interrupt.interrupt;
        let mut raw = options.disown();
        let status = ffi::avformat_open_input(&mut ctx, url.as_ptr(), ptr::null(), &mut raw);
        drop(ffmpeg::Dictionary::own(raw));
        if status < 0 {
            return Err(open_error(status, watchdog));
        }
        Input::wrap_with_interrupt(ctx, interrupt.guard)
    };

    // Sizes as the header declares them, before a single frame is decoded.
    for stream in input.streams() {
        let params = stream.parameters();
        if params.medium() == ffmpeg::media::Type::Video {
            // SAFETY: reading plain fields of the stream's codec parameters.
            let (w, h) = unsafe { ((*params.as_ptr()).width, (*params.as_ptr()).height) };
            if w > 0 && h > 0 {
                validate_frame_size(w as u32, h as u32, &Limits { min_side: 0, ..limits.clone() })?;
            }
        }
    }

    let max_pixels = limits.max_pixels.to_string();
    // SAFETY: one options dictionary per stream, as avformat_find_stream_info expects;
    // each is freed after the call.
    let status = unsafe {
        let ctx = input.as_mut_ptr();
        let count = (*ctx).nb_streams as usize;
        let mut per_stream: Vec<*mut ffi::AVDictionary> = Vec::with_capacity(count);
        for _ in 0..count {
            let mut options = ffmpeg::Dictionary::new();
            options.set("max_pixels", &max_pixels);
            options.set("threads", "1");
            per_stream.push(options.disown());
        }
        let status = ffi::avformat_find_stream_info(ctx, per_stream.as_mut_ptr());
        for dict in per_stream {
            drop(ffmpeg::Dictionary::own(dict));
        }
        status
    };
    if status < 0 {
        return Err(open_error(status, watchdog));
    }
    Ok(input)
}

/// Reads the next packet under the watchdog: `Ok(true)` when `packet` holds one, `Ok(false)` at
/// the end (or when demuxing stops early). Unreadable packets are counted in `errors` and skipped.
pub(crate) fn next_packet(
    input: &mut Input,
    packet: &mut ffmpeg::Packet,
    watchdog: &Watchdog,
    errors: &mut u64,
) -> Result<bool, TranscodeError> {
    loop {
        watchdog.check()?;
        // `av_read_frame` does not release what the packet held: without this every packet
        // read leaked its buffer (about 0.2 MB per second of 720p video, the worker's RSS
        // growth in the soak).
        *packet = ffmpeg::Packet::empty();
        match packet.read(input) {
            Ok(()) => return Ok(true),
            Err(ffmpeg::Error::Eof) => return Ok(false),
            Err(ffmpeg::Error::InvalidData) => *errors += 1,
            Err(_) if watchdog.expired() => return Err(watchdog.timeout()),
            Err(error) => {
                tracing::debug!(%error, "demuxing stopped early");
                return Ok(false);
            }
        }
    }
}

fn open_error(status: i32, watchdog: &Watchdog) -> TranscodeError {
    if watchdog.expired() || status == ffi::AVERROR_EXIT {
        return watchdog.timeout();
    }
    let error = ffmpeg::Error::from(status);
    match error {
        // Only a demuxer outside the allowlist is refused this way.
        ffmpeg::Error::Other { errno } if errno == ffmpeg::error::EINVAL => {
            TranscodeError::reject(RejectReason::UnsupportedContainer, "container not on the allowlist")
        }
        _ => TranscodeError::reject(RejectReason::Corrupt, format!("cannot read the container: {error}")),
    }
}
