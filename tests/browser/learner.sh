#!/usr/bin/env bash
# Learner pages in headless Chromium at a phone viewport (issue 11): starts the real
# `crosstalk serve` on a free port with a temp data dir and the demo course, a fake camera and
# microphone made here with ffmpeg, and runs the Playwright tests under tests/browser/learner/.
#
# Usage: tests/browser/learner.sh [--pg] [TEST_FILE...]
#   --pg                 run on a fresh PostgreSQL database made from CROSSTALK_TEST_DATABASE_URL
#                        (default: SQLite in the temp data dir)
#   TEST_FILE            only these files (default: every learner/*.test.mjs)
#   CROSSTALK_BIN=path   use this binary instead of building target/debug/crosstalk
#   CHROMIUM=path        browser (default /usr/bin/chromium)
#   KEEP_OUT=1           keep the data dir and the server log
# Bounded: the whole run is stopped after LEARNER_TIMEOUT seconds (default 900).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
start=$(date +%s)

pg=0
files=()
for a in "$@"; do
  case "$a" in
    --pg) pg=1 ;;
    *) files+=("$a") ;;
  esac
done
[ ${#files[@]} -gt 0 ] || files=("$here"/learner/*.test.mjs)

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -z "${CROSSTALK_BIN:-}" ]; then
  echo "== cargo build -p crosstalk-api"
  cargo build -q -p crosstalk-api
  CROSSTALK_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/crosstalk"
fi
[ -x "$CROSSTALK_BIN" ] || { echo "FAIL: no crosstalk binary at $CROSSTALK_BIN" >&2; exit 1; }
[ -x "$CHROMIUM" ] || { echo "FAIL: no Chromium at $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
if [ ! -f "$here/node_modules/@axe-core/playwright/package.json" ] \
  || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  echo "== npm ci (playwright-core, @axe-core/playwright; no browser download)"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-learner.XXXXXX")"
# shellcheck source=lib/server.sh
. "$here/lib/server.sh"
cleanup() {
  stop_crosstalk
  if [ "${KEEP_OUT:-0}" = 1 ]; then echo "kept: $out"; else rm -rf "$out"; fi
}
trap cleanup EXIT

# The binary may be rebuilt by others while we run: use a copy.
cp "$CROSSTALK_BIN" "$out/crosstalk"
bin="$out/crosstalk"

# A fake camera (testsrc2 with its moving clock, looped by Chromium) and microphone (a tone).
echo "== fake camera and microphone (ffmpeg)"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i testsrc2=size=640x360:rate=30 -t 4 -pix_fmt yuv420p "$out/camera.y4m"
ffmpeg -hide_banner -loglevel error -y -f lavfi -i "sine=frequency=330:sample_rate=48000,volume=0.3" -t 4 "$out/mic.wav"

start_crosstalk "$bin" "$out" "$pg" 1
export CT_FAKE_CAMERA="$out/camera.y4m" CT_FAKE_MIC="$out/mic.wav" CT_RECORDINGS_DIR="$out/recordings"
echo "== node --test ${files[*]##*/}"
rc=0
timeout "${LEARNER_TIMEOUT:-900}" node --test --test-concurrency=1 --test-reporter=spec "${files[@]}" || rc=$?

# Which of the browser's recordings take the server's fast path: each one the tests made is put
# through `crosstalk transcode` (the worker's code) with default limits.
fast=0
total=0
for f in "$out"/recordings/*; do
  [ -f "$f" ] || continue
  total=$((total + 1))
  "$bin" transcode "$f" --out "$out/transcoded" --json >"$out/plan.json" 2>/dev/null || true
  path=$(jq -r '.path // .metadata.path // "?"' "$out/plan.json")
  [ "$path" = fast_path ] && fast=$((fast + 1))
  echo "  $(basename "$f"): $(jq -r '.status' "$out/plan.json"), $path"
  rm -rf "$out/transcoded"
done
echo "== recordings on the fast path: $fast of $total"
echo "== transcoder plans in the server log (every upload): fast path $(grep -c 'fast_path=true' "$CT_SERVER_LOG" || true), transcode $(grep -c 'fast_path=false' "$CT_SERVER_LOG" || true)"
grep -o 'fast_path=false because="[^"]*"' "$CT_SERVER_LOG" | sort | uniq -c | sed 's/^/  /' || true
echo "== tests/browser/learner.sh took $(( $(date +%s) - start )) s"
if [ "$rc" != 0 ]; then
  echo "FAIL: learner pages (server log: last lines)" >&2
  grep -E 'ERROR|WARN' "$CT_SERVER_LOG" | tail -20 >&2 || true
  exit "$rc"
fi
