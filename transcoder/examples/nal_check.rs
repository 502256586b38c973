//! `cargo run -p crosstalk-transcoder --release --example nal_check -- INPUT [RUNS]`: what
//! the fast path's structural H.264 check ([`crosstalk_transcoder::nal`]) costs on a clip,
//! against the whole fast path on the same clip (bench/transcode.sh prints both).

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crosstalk_transcoder::nal::{parse_avcc, Checker, Verdict};
use crosstalk_transcoder::{process, Limits};
use ffmpeg_next as ffmpeg;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let input = PathBuf::from(args.next().ok_or_else(|| anyhow::anyhow!("usage: nal_check INPUT [RUNS]"))?);
    let runs: u32 = args.next().and_then(|n| n.parse().ok()).unwrap_or(5);
    ffmpeg::init()?;
    let mut opened = ffmpeg::format::input(&input)?;
    let stream = opened.streams().best(ffmpeg::media::Type::Video).ok_or_else(|| anyhow::anyhow!("no video"))?;
    let index = stream.index();
    // SAFETY: reading the stream's extradata while the input is open.
    let (extradata, width, height) = unsafe {
        let raw = &*stream.parameters().as_ptr();
        let size = usize::try_from(raw.extradata_size).unwrap_or(0);
        let bytes =
            if raw.extradata.is_null() { Vec::new() } else { std::slice::from_raw_parts(raw.extradata, size).to_vec() };
        (bytes, raw.width as u32, raw.height as u32)
    };
    let checker = Checker::new(parse_avcc(&extradata).map_err(anyhow::Error::msg)?, width, height);
    let packets: Vec<Vec<u8>> = opened
        .packets()
        .filter(|(s, _)| s.index() == index)
        .filter_map(|(_, p)| p.data().map(<[u8]>::to_vec))
        .collect();
    let bytes: usize = packets.iter().map(Vec::len).sum();

    let mut check = Duration::MAX;
    let mut damaged = 0;
    for _ in 0..runs {
        let started = Instant::now();
        damaged = packets.iter().filter(|p| !matches!(checker.check(p), Verdict::Sound)).count();
        check = check.min(started.elapsed());
    }
    let out = tempfile::tempdir()?;
    let mut whole = Duration::MAX;
    for _ in 0..runs {
        let started = Instant::now();
        process(&input, out.path(), &Limits::default(), &|_| {})?;
        whole = whole.min(started.elapsed());
    }
    println!(
        "{} video packets, {:.2} MB, {damaged} not sound: check {:.2} ms, whole fast path {:.1} ms ({:.2} %)",
        packets.len(),
        bytes as f64 / 1e6,
        check.as_secs_f64() * 1e3,
        whole.as_secs_f64() * 1e3,
        100.0 * check.as_secs_f64() / whole.as_secs_f64()
    );
    Ok(())
}
