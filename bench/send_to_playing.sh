#!/usr/bin/env bash
# Time from pressing Send to the answer playing, for a 12 s recording made in headless Chromium
# (fake 640x360 30 fps camera) and sent to `crosstalk serve` on loopback: the tus upload, the
# post, the worker's processing and the status polling (1 s, backing off), as a learner sees it.
# Runs the main browser test (tests/browser/learner/exchange.test.mjs: English and Arabic, so two
# 12 s answers) RUNS times and prints each figure, and which recordings took the fast path.
#
# Usage: bench/send_to_playing.sh [RUNS]     (CROSSTALK_BIN=path to skip the build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${1:-1}"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
for i in $(seq 1 "$runs"); do
  "$root/tests/browser/learner.sh" "$root/tests/browser/learner/exchange.test.mjs" >"$log" 2>&1 \
    || { tail -40 "$log" >&2; echo "FAIL: run $i" >&2; exit 1; }
  grep -o 'send_to_playing_ms=[0-9]* ([^)]*)' "$log" | sed "s/^/run $i: /"
  grep -E '^  recording-|^  [0-9]+-video|fast path' "$log" | sed "s/^/run $i: /"
done
