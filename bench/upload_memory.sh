#!/usr/bin/env bash
# API memory during concurrent tus uploads (DESIGN.md "Tests and measurements": 50 concurrent
# 100 MB uploads, RSS <= 200 MB).
#
# `crosstalk serve --no-worker` on SQLite + local store. CONCURRENCY uploads are created first
# (spread round-robin over the demo course's learners; CROSSTALK_UPLOADS_OPEN_PER_MEMBER is raised
# so the per-member quota of 5 open uploads never refuses one), then CONCURRENCY curl processes
# each PATCH SIZE_MB of random bytes at once; a client whose PATCH fails resumes from HEAD up to
# RETRIES times, 1 s apart (as tus clients do), so every upload is driven to completion and the
# table says how many first tries failed and how many 5xx the server answered. The server's VmRSS is sampled every ~50 ms from
# /proc; VmHWM (the kernel's own peak) is read at the end. The whole thing is done ROUNDS times
# on the same server, so a leak shows as RSS growing from round to round. Between rounds the
# stored parts are deleted from disk (the database rows stay).
#
# Usage: bench/upload_memory.sh      env: CONCURRENCY=50 SIZE_MB=100 ROUNDS=2 RETRIES=3 LIMIT_RATE= BACKTRACE=0 KEEP=0
#   LIMIT_RATE (curl --limit-rate, e.g. 2M) makes the clients slow like phones, so all bodies
#   are in flight at the same time for longer.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CONCURRENCY=${CONCURRENCY:-50}
SIZE_MB=${SIZE_MB:-100}
ROUNDS=${ROUNDS:-2}
LIMIT_RATE=${LIMIT_RATE:-}
RETRIES=${RETRIES:-3}
TARGET_KB=$((200 * 1024))
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET_DIR/release/crosstalk

if [ ! -x "$BIN" ]; then
  echo "building crosstalk (release)..." >&2
  cargo build --release -p crosstalk-api >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-bench-mem.XXXXXX")
DATA=$WORK/data
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now() { date +%s.%N; }
kb() { awk -v f="$1:" '$1 == f {print $2}' "/proc/$SRV/status"; }
mb() { awk -v k="$1" 'BEGIN{printf "%.1f", k / 1024}'; }

BYTES=$((SIZE_MB * 1000 * 1000))
echo "generating $SIZE_MB MB of random bytes..." >&2
head -c "$BYTES" /dev/urandom > "$WORK/data.bin"

PORT=$(free_port)
"$BIN" demo --data-dir "$DATA" > "$WORK/demo.txt" 2> "$WORK/demo.err"
mapfile -t TOKENS < <(awk '/\(learner\): /{print $3}' "$WORK/demo.txt")
[ "${#TOKENS[@]}" -gt 0 ] || { echo "no member tokens in demo output" >&2; exit 1; }
# Production-like: no RUST_BACKTRACE / RUST_LIB_BACKTRACE in the server's environment, unless
# BACKTRACE=1. With them set, every error response captures and symbolizes a backtrace against
# the binary's debug info, which alone adds ~250 MB of RSS the first time an error is logged.
ENV_BT=(env -u RUST_BACKTRACE -u RUST_LIB_BACKTRACE)
BT_NOTE="RUST_BACKTRACE unset for the server"
if [ "${BACKTRACE:-0}" = 1 ]; then ENV_BT=(env); BT_NOTE="RUST_BACKTRACE=${RUST_BACKTRACE-unset} RUST_LIB_BACKTRACE=${RUST_LIB_BACKTRACE-unset}"; fi
"${ENV_BT[@]}" CROSSTALK_UPLOADS_OPEN_PER_MEMBER=$((CONCURRENCY * ROUNDS + 10)) \
  "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" --no-worker > "$WORK/server.log" 2>&1 &
SRV=$!
PIDS+=("$SRV")
BASE=http://127.0.0.1:$PORT
for _ in $(seq 200); do curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break; sleep 0.05; done
curl -fsS -o /dev/null "$BASE/healthz"
sleep 1
RSS_IDLE=$(kb VmRSS)

# One client: PATCH the whole file; on failure wait 1 s, HEAD for the offset and PATCH the rest,
# up to RETRIES times (tus-js-client and tuspy retry like this). Writes the HTTP codes of its
# PATCHes to code$i.txt and creates ok$i when the upload is complete.
client() { # index token url
  local i=$1 tok=$2 url=$3 off=0 code got src attempt
  local tus=(-H "Tus-Resumable: 1.0.0" -H "Authorization: Bearer $tok")
  : > "$R/code$i.txt"
  for attempt in $(seq 0 "$RETRIES"); do
    src=$WORK/data.bin
    if [ "$off" != 0 ]; then
      tail -c +$((off + 1)) "$WORK/data.bin" > "$R/rest$i.bin"
      src=$R/rest$i.bin
    fi
    code=$(curl -sS -o /dev/null -D "$R/h$i.txt" -w '%{http_code}' -X PATCH -H "Expect:" \
      ${LIMIT_RATE:+--limit-rate "$LIMIT_RATE"} "${tus[@]}" \
      -H "Content-Type: application/offset+octet-stream" -H "Upload-Offset: $off" \
      -T "$src" "$url" 2>> "$R/err$i.txt") || true
    printf '%s ' "$code" >> "$R/code$i.txt"
    got=$(tr -d '\r' < "$R/h$i.txt" | awk 'tolower($1)=="upload-offset:"{print $2}') || got=""
    if [ "$code" = 204 ] && [ "$got" = "$BYTES" ]; then touch "$R/ok$i"; return 0; fi
    [ "$attempt" = "$RETRIES" ] && break
    sleep 1
    off=$(curl -sS -o /dev/null -D - -I "${tus[@]}" "$url" | tr -d '\r' | awk 'tolower($1)=="upload-offset:"{print $2}') || off=""
    off=${off:-0}
    if [ "$off" = "$BYTES" ]; then touch "$R/ok$i"; return 0; fi
  done
  rm -f "$R/rest$i.bin"
  return 1
}

# Sampler: one VmRSS value (kB) per line into $1 until $2 exists.
sampler() {
  local out=$1 stop=$2 v
  while [ ! -e "$stop" ]; do
    v=$(awk '/^VmRSS:/{print $2}' "/proc/$SRV/status" 2>/dev/null) || break
    echo "$v" >> "$out"
    sleep 0.05
  done
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
RESULTS=()
for round in $(seq "$ROUNDS"); do
  echo "round $round/$ROUNDS: creating $CONCURRENCY uploads..." >&2
  R=$WORK/round$round
  mkdir -p "$R"
  URLS=()
  for i in $(seq 0 $((CONCURRENCY - 1))); do
    tok=${TOKENS[$((i % ${#TOKENS[@]}))]}
    loc=$(curl -fsS -o /dev/null -D - -X POST -H "Tus-Resumable: 1.0.0" -H "Authorization: Bearer $tok" \
      -H "Upload-Length: $BYTES" "$BASE/v1/uploads" | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
    [ -n "$loc" ] || { echo "creating upload $i failed" >&2; exit 1; }
    URLS+=("$tok $loc")
  done
  echo "round $round/$ROUNDS: $CONCURRENCY concurrent PATCHes of $SIZE_MB MB..." >&2
  sampler "$R/rss.txt" "$R/stop" &
  SAMPLER=$!
  t0=$(now)
  CURLS=()
  for i in $(seq 0 $((CONCURRENCY - 1))); do
    read -r tok url <<< "${URLS[$i]}"
    client "$i" "$tok" "$url" &
    CURLS+=("$!")
  done
  for p in "${CURLS[@]}"; do wait "$p" || true; done
  t1=$(now)
  sleep 1
  touch "$R/stop"
  wait "$SAMPLER" || true
  ok=$(find "$R" -name 'ok*' | wc -l)
  first_ok=$(for f in "$R"/code*.txt; do awk '{print $1}' "$f"; done | grep -c '^204$' || true)
  n500=$(cat "$R"/code*.txt | tr ' ' '\n' | grep -c '^500$' || true)
  peak=$(sort -n "$R/rss.txt" | tail -1)
  after=$(kb VmRSS)
  secs=$(awk -v a="$t0" -v z="$t1" 'BEGIN{printf "%.1f", z - a}')
  agg=$(awk -v n="$CONCURRENCY" -v b="$BYTES" -v a="$t0" -v z="$t1" 'BEGIN{printf "%.0f", n * b / 1e6 / (z - a)}')
  RESULTS+=("$round $first_ok $ok $n500 $peak $after $secs $agg $(wc -l < "$R/rss.txt")")
  if [ "$first_ok" != "$CONCURRENCY" ]; then
    echo "round $round: $first_ok of $CONCURRENCY PATCHes succeeded first time, $ok completed; first failures:" >&2
    for i in $(seq 0 $((CONCURRENCY - 1))); do
      [ "$(awk '{print $1}' "$R/code$i.txt")" = 204 ] || echo "  #$i: HTTP codes $(cat "$R/code$i.txt") $(head -c 200 "$R/err$i.txt")" >&2
    done | sed -n 1,5p
  fi
  rm -rf "$DATA/media/uploads"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
HWM=$(kb VmHWM)

echo
echo "API memory, $CONCURRENCY concurrent tus PATCHes of $SIZE_MB MB each${LIMIT_RATE:+ (clients limited to $LIMIT_RATE/s)}, crosstalk serve --no-worker, SQLite + local store"
echo "load average at start: $LOAD_START, at end: $LOAD_END ($(nproc) cores); $BT_NOTE"
printf '%-6s %9s %10s %6s %12s %13s %8s %11s %8s\n' round "1st try" completed "5xx" "peak RSS MB" "RSS after MB" "wall s" "total MB/s" samples
for r in "${RESULTS[@]}"; do
  read -r round first_ok ok n500 peak after secs agg n <<< "$r"
  printf '%-6s %9s %10s %6s %12s %13s %8s %11s %8s\n' "$round" "$first_ok/$CONCURRENCY" "$ok/$CONCURRENCY" "$n500" \
    "$(mb "$peak")" "$(mb "$after")" "$secs" "$agg" "$n"
done
echo "(1st try: PATCHes answered 204 with the full offset at once; completed: after up to RETRIES=$RETRIES"
echo " resumes from HEAD, 1 s apart, as a tus client does; 5xx: server errors over all attempts)"
echo "idle RSS before: $(mb "$RSS_IDLE") MB; VmHWM (peak over the whole process life): $(mb "$HWM") MB"
echo "target: peak RSS <= 200 MB -> $(mb "$HWM") MB $([ "$HWM" -le "$TARGET_KB" ] && echo PASS || echo FAIL)"
# The log is coloured even into a file: strip ANSI before looking for WARN/ERROR lines.
ISSUES=$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/server.log" | grep -E '^[0-9TZ:.-]+ +(ERROR|WARN) ' || true)
if [ -n "$ISSUES" ]; then
  echo "server log: $(echo "$ISSUES" | wc -l) WARN/ERROR lines; by message:"
  echo "$ISSUES" | sed -E 's/^[0-9TZ:.-]+ +//; s/^(ERROR|WARN) .*\}: ([A-Za-z_:]+: )/\1 \2/' | cut -c1-160 | sort | uniq -c | sort -rn | sed -n 1,5p
fi
