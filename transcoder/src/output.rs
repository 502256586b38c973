//! The MP4 we write: no metadata copied (GPS and titles stay behind), no encoder tag,
//! `moov` before `mdat` (faststart).

use std::path::Path;

use anyhow::{anyhow, Context as _};
use ffmpeg::format::context::Output;
use ffmpeg_next as ffmpeg;

pub(crate) fn create(path: &Path) -> anyhow::Result<Output> {
    let path = path.to_str().ok_or_else(|| anyhow!("output path is not UTF-8: {}", path.display()))?;
    let mut output =
        ffmpeg::format::output_as(&format!("file:{path}"), "mp4").with_context(|| format!("creating {path}"))?;
    // SAFETY: setting a flag on a muxer context before its header is written.
    unsafe { (*output.as_mut_ptr()).flags |= ffmpeg::ffi::AVFMT_FLAG_BITEXACT };
    Ok(output)
}

pub(crate) fn write_header(output: &mut Output) -> anyhow::Result<()> {
    let mut options = ffmpeg::Dictionary::new();
    options.set("movflags", "+faststart");
    output.write_header_with(options).context("writing the MP4 header")?;
    Ok(())
}
