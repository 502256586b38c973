//! Poster and thumbnail: one output frame (already upright and tone-mapped) to RGB,
//! then JPEG q80, WebP and a 320 px wide JPEG thumbnail through the `image` crate.
//! The `image` crate's WebP encoder is lossless only, so poster.webp is lossless.

use std::fs::File;
use std::io::BufWriter;
use std::path::Path;

use anyhow::{anyhow, Context as _};
use ffmpeg::software::scaling;
use ffmpeg::{ffi, frame};
use ffmpeg_next as ffmpeg;
use image::codecs::jpeg::JpegEncoder;
use image::codecs::webp::WebPEncoder;
use image::imageops::FilterType;
use image::RgbImage;

use crate::job::Files;

pub const JPEG_QUALITY: u8 = 80;
pub const THUMBNAIL_WIDTH: u32 = 320;

pub(crate) fn write_all(frame: &frame::Video, files: &Files) -> anyhow::Result<()> {
    let image = to_rgb(frame)?;
    write_jpeg(&image, &files.poster_jpeg)?;
    let file = File::create(&files.poster_webp).with_context(|| format!("creating {}", files.poster_webp.display()))?;
    image.write_with_encoder(WebPEncoder::new_lossless(BufWriter::new(file))).context("encoding the WebP poster")?;
    let height = ((u64::from(image.height()) * u64::from(THUMBNAIL_WIDTH) + u64::from(image.width()) / 2)
        / u64::from(image.width().max(1)))
    .max(1) as u32;
    let thumbnail = image::imageops::resize(&image, THUMBNAIL_WIDTH, height, FilterType::Triangle);
    write_jpeg(&thumbnail, &files.thumbnail)
}

fn write_jpeg(image: &RgbImage, path: &Path) -> anyhow::Result<()> {
    let file = File::create(path).with_context(|| format!("creating {}", path.display()))?;
    image
        .write_with_encoder(JpegEncoder::new_with_quality(BufWriter::new(file), JPEG_QUALITY))
        .with_context(|| format!("encoding {}", path.display()))
}

/// BT.709 limited-range YUV (what every output frame is) to full-range RGB.
fn to_rgb(frame: &frame::Video) -> anyhow::Result<RgbImage> {
    let (width, height) = (frame.width(), frame.height());
    let mut scaler = scaling::Context::get(
        frame.format(),
        width,
        height,
        ffmpeg::format::Pixel::RGB24,
        width,
        height,
        scaling::Flags::BILINEAR | scaling::Flags::ACCURATE_RND | scaling::Flags::FULL_CHR_H_INT,
    )
    .context("creating the poster scaler")?;
    // SAFETY: configuring a live swscale context with static coefficient tables.
    unsafe {
        let table = ffi::sws_getCoefficients(ffi::SWS_CS_ITU709);
        ffi::sws_setColorspaceDetails(scaler.as_mut_ptr(), table, 0, table, 1, 0, 1 << 16, 1 << 16);
    }
    let mut rgb = frame::Video::empty();
    scaler.run(frame, &mut rgb).context("converting the poster to RGB")?;
    let stride = rgb.stride(0);
    let data = rgb.data(0);
    let row = width as usize * 3;
    let mut pixels = Vec::with_capacity(row * height as usize);
    for y in 0..height as usize {
        let start = y * stride;
        pixels.extend_from_slice(data.get(start..start + row).ok_or_else(|| anyhow!("short RGB plane"))?);
    }
    RgbImage::from_raw(width, height, pixels).ok_or_else(|| anyhow!("RGB buffer size mismatch"))
}
