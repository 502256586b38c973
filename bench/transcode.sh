#!/usr/bin/env bash
# Media normalizer benchmark (DESIGN.md "Tests and measurements"):
#   1. full normalize of 1080p phone-like clips (H.264 and HEVC, 10 s) by crosstalk-transcoder
#      vs the ffmpeg CLI with the same settings            target: wall time <= 1.05x
#   2. fast path vs full normalize of the same compliant 720p clip   target: <= 10 %
#      (and the share of the fast path spent checking the H.264 it copies)
#   3. peak RSS of crosstalk-transcoder on a 1080p input              target: <= 300 MB
# Clips are generated into bench/out/ (git-ignored). Each figure is the best of RUNS runs.
# "ffmpeg s" is what the CLI needs for the same result: an ebur128 pass for the gain, the
# encode with the same filters and x264/AAC settings, and a poster frame. "no-R128" skips
# the measurement pass (stricter than same-settings: it cannot know the gain).
# The machine must be otherwise idle: the load average is printed for that reason.
# Usage: bench/transcode.sh            (env: RUNS=3 THREADS=<cores> CARGO_TARGET_DIR=...)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/bench/out
RUNS=${RUNS:-3}
THREADS=${THREADS:-$(nproc)}
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target/transcoder-agent}
mkdir -p "$OUT"

FF=(ffmpeg -hide_banner -loglevel error -y)

# --- inputs -------------------------------------------------------------------
# Moving test pattern with light grain (so the encoder has real work) and pink noise.
SRC_V="testsrc2=size=1920x1080:rate=30:duration=10,noise=alls=6:allf=t"
SRC_A="anoisesrc=color=pink:amplitude=0.08:sample_rate=48000:duration=10,aformat=channel_layouts=stereo"
if [ ! -s "$OUT/phone_1080p_h264.mp4" ]; then
  echo "generating bench clips..." >&2
  "${FF[@]}" -f lavfi -i "$SRC_V" -f lavfi -i "$SRC_A" -c:v libx264 -preset fast -b:v 12M \
    -pix_fmt yuv420p -c:a aac -b:a 128k "$OUT/phone_1080p_h264.mp4"
  "${FF[@]}" -f lavfi -i "$SRC_V" -f lavfi -i "$SRC_A" -c:v libx265 -preset ultrafast -b:v 8M \
    -x265-params log-level=error -tag:v hvc1 -pix_fmt yuv420p -c:a aac -b:a 128k "$OUT/phone_1080p_hevc.mov"
  "${FF[@]}" -f lavfi -i "testsrc2=size=1280x720:rate=30:duration=10,noise=alls=6:allf=t" -f lavfi -i "$SRC_A" \
    -af loudnorm=I=-16:TP=-1.5:LRA=11,aresample=48000 -c:v libx264 -preset fast -profile:v high -level 4.0 \
    -b:v 3M -maxrate 3.5M -bufsize 7M -pix_fmt yuv420p -c:a aac -b:a 128k -ar 48000 -ac 2 \
    "$OUT/compliant_720p.mp4"
fi

echo "building crosstalk-transcoder (release)..." >&2
cargo build --release -p crosstalk-transcoder --example transcode --example nal_check >&2
BIN=$CARGO_TARGET_DIR/release/examples/transcode

# best wall seconds, peak RSS (kB) and best CPU seconds (user + sys) of a command over
# RUNS runs -> "SECONDS KB CPU". CPU time is the steadier figure on a shared machine.
measure() {
  local best="" rss=0 cpu="" line t m c
  for _ in $(seq "$RUNS"); do
    line=$( /usr/bin/time -f "TIME %e %M %U %S" "$@" 2>&1 >/dev/null | grep '^TIME' | tail -1 ) || true
    t=$(echo "$line" | awk '{print $2}'); m=$(echo "$line" | awk '{print $3}')
    c=$(echo "$line" | awk '{print $4 + $5}')
    if [ -z "$best" ] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    if [ -z "$cpu" ] || awk "BEGIN{exit !($c < $cpu)}"; then cpu=$c; fi
    if [ "$m" -gt "$rss" ]; then rss=$m; fi
  done
  echo "$best $rss $cpu"
}

ratio() { awk "BEGIN{printf \"%.3f\", $1 / $2}"; }

# The ffmpeg CLI doing what crosstalk-transcoder does on the transcode path: a loudness
# measurement pass, then one encode with the same filters and encoder settings, then
# the poster frame. ($1 input, $2 output dir, $3 video filters)
cli_normalize() {
  local in=$1 dir=$2 vf=$3 gain=${4:-}
  mkdir -p "$dir"
  if [ -z "$gain" ]; then
    gain=$(ffmpeg -hide_banner -nostats -threads "$THREADS" -i "$in" -map 0:a:0 \
      -af "aresample=48000,aformat=sample_rates=48000:channel_layouts=stereo,ebur128=peak=true" -f null - 2>&1 \
      | awk '/Integrated loudness:/{f=1} f && /I:/{print -16 - $2; exit}')
  fi
  ffmpeg -hide_banner -loglevel error -y -threads "$THREADS" -i "$in" -filter_threads "$THREADS" \
    -map 0:v:0 -map 0:a:0 -map_metadata -1 -map_chapters -1 \
    -vf "$vf" -c:v libx264 -preset veryfast -crf 23 -profile:v high -level 4.0 \
    -maxrate 2500k -bufsize 5000k -g 60 -keyint_min 60 -sc_threshold 0 -threads "$THREADS" \
    -color_primaries bt709 -color_trc bt709 -colorspace bt709 \
    -af "aresample=48000,aformat=sample_rates=48000:channel_layouts=stereo,volume=${gain}dB,aformat=sample_fmts=fltp" \
    -c:a aac -b:a 128k -movflags +faststart -fflags +bitexact "$dir/video.mp4"
  ffmpeg -hide_banner -loglevel error -y -ss 2 -i "$dir/video.mp4" -frames:v 1 -q:v 3 "$dir/poster.jpg"
}
export -f cli_normalize
export THREADS

VF_1080="fps=30/1,scale=1280:720:flags=bicubic:in_color_matrix=bt709:out_color_matrix=bt709:out_range=tv,format=yuv420p,setsar=1"
echo "threads: $THREADS, best of $RUNS runs, load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '\n%-28s %7s %9s %7s %9s %7s | %8s %8s %7s %8s %7s\n' "full normalize (1080p, 10s)" \
  "ours s" "ffmpeg s" "ratio" "noR128 s" "ratio" "ours cpu" "ffm cpu" "ratio" "noR128" "ratio"
best() { if [ -z "$1" ] || awk "BEGIN{exit !($2 < $1)}"; then echo "$2"; else echo "$1"; fi; }
max() { if [ "${1:-0}" -gt "$2" ]; then echo "$1"; else echo "$2"; fi; }
for clip in phone_1080p_h264.mp4 phone_1080p_hevc.mov; do
  # Runs alternate between the contenders so a change in machine load hits both.
  ours="" cli="" one="" ours_rss=0 cli_rss=0 ours_cpu="" cli_cpu="" one_cpu=""
  for _ in $(seq "$RUNS"); do
    read -r t m c < <(RUNS=1 measure "$BIN" "$OUT/$clip" --out "$OUT/ours_$clip" --threads "$THREADS" --json)
    ours=$(best "$ours" "$t"); ours_rss=$(max "$ours_rss" "$m"); ours_cpu=$(best "$ours_cpu" "$c")
    read -r t m c < <(RUNS=1 measure bash -c "cli_normalize '$OUT/$clip' '$OUT/cli_$clip' '$VF_1080'")
    cli=$(best "$cli" "$t"); cli_rss=$(max "$cli_rss" "$m"); cli_cpu=$(best "$cli_cpu" "$c")
    # Without the loudness measurement pass (gain given): a stricter baseline.
    read -r t _ c < <(RUNS=1 measure bash -c "cli_normalize '$OUT/$clip' '$OUT/cli1_$clip' '$VF_1080' 0")
    one=$(best "$one" "$t"); one_cpu=$(best "$one_cpu" "$c")
  done
  printf '%-28s %7s %9s %7s %9s %7s | %8s %8s %7s %8s %7s  (target <= 1.05)\n' "$clip" \
    "$ours" "$cli" "$(ratio "$ours" "$cli")" "$one" "$(ratio "$ours" "$one")" \
    "$ours_cpu" "$cli_cpu" "$(ratio "$ours_cpu" "$cli_cpu")" "$one_cpu" "$(ratio "$ours_cpu" "$one_cpu")"
  echo "$clip $ours_rss $cli_rss" >> "$OUT/rss.txt.tmp"
done

echo
printf '%-28s %7s %9s %7s | %8s %8s %7s\n' "fast path (720p H.264, 10s)" "fast s" "full s" "share" "fast cpu" "full cpu" "share"
fast="" full="" fast_cpu="" full_cpu=""
for _ in $(seq "$RUNS"); do
  read -r t _ c < <(RUNS=1 measure "$BIN" "$OUT/compliant_720p.mp4" --out "$OUT/fast" --threads "$THREADS" --json)
  fast=$(best "$fast" "$t"); fast_cpu=$(best "$fast_cpu" "$c")
  read -r t _ c < <(RUNS=1 measure "$BIN" "$OUT/compliant_720p.mp4" --out "$OUT/full" --threads "$THREADS" --json --no-fast-path)
  full=$(best "$full" "$t"); full_cpu=$(best "$full_cpu" "$c")
done
printf '%-28s %7s %9s %7s | %8s %8s %7s  (target <= 0.10)\n' "compliant_720p.mp4" "$fast" "$full" "$(ratio "$fast" "$full")" \
  "$fast_cpu" "$full_cpu" "$(ratio "$fast_cpu" "$full_cpu")"
"$BIN" "$OUT/compliant_720p.mp4" --out "$OUT/fast" --json | sed 's/^/  fast path result: /'
# What the structural H.264 check of every copied packet costs inside that fast path.
"$CARGO_TARGET_DIR/release/examples/nal_check" "$OUT/compliant_720p.mp4" "$RUNS" | sed 's/^/  bitstream check: /'

echo
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "peak RSS, full normalize (target <= 300 MB):"
while read -r clip kb cli_kb; do
  printf '  %-30s ours %7.1f MB   ffmpeg CLI %7.1f MB\n' "$clip" "$(awk "BEGIN{print $kb / 1024}")" "$(awk "BEGIN{print $cli_kb / 1024}")"
done < "$OUT/rss.txt.tmp"
rm -f "$OUT/rss.txt.tmp"
