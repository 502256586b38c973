#!/usr/bin/env bash
# Soak: DURATION seconds of mixed traffic from 50 simulated members of one course against ONE
# `crosstalk serve --no-worker` and ONE `crosstalk worker`, on PostgreSQL, with an S3 store.
#
# - PostgreSQL: its own cluster `15 soak` on port 5433 (created with pg_createcluster when missing,
#   started when down), a fresh database per run. The shared cluster on 5432 is never touched:
#   the script refuses PG_PORT=5432.
# - S3: `crosstalk-testkit`'s s3s-fs server as a separate process (testkit/examples/s3_server.rs)
#   over WORK/s3, so it can be stopped and started again; credentials through AWS_* env vars.
# - Members: the demo course (20 learners, 2 facilitators, 2 cohorts) plus 28 learners added
#   through the roster API, split over the two cohorts; tokens minted through the API. Prompt 1
#   (hybrid moderation) gets min_seconds = 1 so the short compliant fixtures qualify.
# - Traffic (bench/soak.py, one thread and keep-alive connection per member, think time
#   0.5..THINK_MAX s): learners list threads, read posts, list their own posts, read the prompt,
#   upload a real clip by tus (POST + PATCH, resumed after HEAD when a PATCH fails) and post it
#   or reply with it (Idempotency-Key, retried on 5xx), flag others' posts; facilitators list
#   the moderation queue and decide (approve/hide/remove) and list threads.
# - OUTAGES=1: one `pg_ctlcluster 15 soak restart` at 35 % of the run and one 20 s S3 outage
#   (the server killed, then started again over the same directory and port) at 60 %.
# Printed: per-endpoint counts, statuses and p50/p95/p99 (client round trip on loopback), the
# error rate (5xx, connection errors and 4xx that no race explains; inside/outside the outage
# windows with OUTAGES=1), RSS of serve and worker every 5 s with the growth after warm-up, CPU
# seconds of each, jobs/deliveries/videos/posts by state after the queue drained, the
# nothing-lost checks, load average at start and end, WARN/ERROR lines of the logs.
#
# Usage: bench/soak.sh   env: DURATION=600 OUTAGES=0 MEMBERS=50 THINK_MAX=4 WARMUP_S=60
#                             UPLOAD_PCT=1.2 DRAIN_S=300 PROFILE=release|debug PG_CLUSTER="15 soak" PG_PORT=5433 KEEP=0
#                             CROSSTALK_BIN= S3_SERVER_BIN= (binaries built elsewhere; PROFILE then only labels them)
#                             S3_SERVER=s3s|moto (moto: PyPI's in-memory S3 server behind bench/soak_relay.py,
#                             whose stop is the outage; for when the s3_server example is not built)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
export DURATION=${DURATION:-600} OUTAGES=${OUTAGES:-0} MEMBERS=${MEMBERS:-50}
PG_CLUSTER=${PG_CLUSTER:-15 soak}
PG_PORT=${PG_PORT:-5433}
S3_SERVER=${S3_SERVER:-s3s}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
if [ "$PG_PORT" = 5432 ]; then echo "refusing PG_PORT=5432: that cluster is shared" >&2; exit 2; fi

# --- binaries: release unless missing (then debug, said loudly) --------------------------------
PROFILE=${PROFILE:-}
if [ -z "$PROFILE" ]; then
  if [ -x "$TARGET_DIR/release/crosstalk" ] && [ -x "$TARGET_DIR/release/examples/s3_server" ]; then PROFILE=release
  else PROFILE=debug; fi
fi
BIN=${CROSSTALK_BIN:-$TARGET_DIR/$PROFILE/crosstalk}
S3BIN=${S3_SERVER_BIN:-$TARGET_DIR/$PROFILE/examples/s3_server}
[ "$S3_SERVER" = moto ] && S3BIN=moto
if [ ! -x "$BIN" ] || { [ "$S3_SERVER" != moto ] && [ ! -x "$S3BIN" ]; }; then
  echo "building crosstalk and the S3 server ($PROFILE)..." >&2
  flag=(); [ "$PROFILE" = release ] && flag=(--release)
  cargo build "${flag[@]}" -p crosstalk-api --bin crosstalk -p crosstalk-testkit --example s3_server >&2
fi
BUILD_NOTE="build: $PROFILE ($BIN, modified $(date -u -r "$BIN" +%FT%TZ); S3 server $S3BIN)"
[ "$PROFILE" = debug ] && BUILD_NOTE="$BUILD_NOTE -- DEBUG BUILD: latencies and CPU are not release figures"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-soak.XXXXXX")
DB=soak_$(date +%s)_$$
export DBURL="postgres://postgres@127.0.0.1:$PG_PORT/$DB"
PIDS=()
cleanup() {
  local p
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [ -s "$WORK/s3.pid" ] && kill "$(cat "$WORK/s3.pid")" 2>/dev/null || true
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ "${KEEP:-0}" = 1 ]; then echo "kept $WORK and database $DB" >&2
  else
    rm -rf "$WORK"
    psql -X -q "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -c "DROP DATABASE IF EXISTS $DB" 2>/dev/null || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- PostgreSQL: the soak's own cluster -----------------------------------------------------
# shellcheck disable=SC2086
if ! pg_lsclusters -h | awk -v v="${PG_CLUSTER% *}" -v n="${PG_CLUSTER#* }" '$1==v && $2==n {f=1} END{exit !f}'; then
  echo "creating PostgreSQL cluster $PG_CLUSTER on port $PG_PORT..." >&2
  pg_createcluster $PG_CLUSTER --port "$PG_PORT" -- --auth-local=trust --auth-host=trust >&2
fi
port=$(pg_lsclusters -h | awk -v v="${PG_CLUSTER% *}" -v n="${PG_CLUSTER#* }" '$1==v && $2==n {print $3}')
[ "$port" = "$PG_PORT" ] || { echo "cluster $PG_CLUSTER listens on $port, not $PG_PORT" >&2; exit 2; }
# shellcheck disable=SC2086
pg_lsclusters -h | awk -v v="${PG_CLUSTER% *}" -v n="${PG_CLUSTER#* }" '$1==v && $2==n && $4=="online" {f=1} END{exit !f}' \
  || pg_ctlcluster $PG_CLUSTER start
psql -X -q "postgres://postgres@127.0.0.1:$PG_PORT/postgres" -c "CREATE DATABASE $DB"
export PG_CLUSTER

# --- S3 server (a separate process, restartable) ---------------------------------------------
S3PORT=$(free_port)
mkdir -p "$WORK/s3"
if [ "$S3_SERVER" = moto ]; then
  # moto keeps objects in memory: it stays up, and the outage stops a TCP relay in front of it.
  MOTO_PORT=$(free_port)
  python3 -m moto.server -H 127.0.0.1 -p "$MOTO_PORT" > "$WORK/moto.log" 2>&1 &
  PIDS+=("$!")
  for _ in $(seq 100); do curl -fsS -o /dev/null "http://127.0.0.1:$MOTO_PORT/" 2>/dev/null && break; sleep 0.1; done
  curl -fsS -o /dev/null -X PUT "http://127.0.0.1:$MOTO_PORT/crosstalk-test"
  S3_PROC="python3 '$ROOT/bench/soak_relay.py' $S3PORT $MOTO_PORT"
  printf 'endpoint=http://127.0.0.1:%s\naccess_key=soak\nsecret_key=soak\nstorage_url=s3://crosstalk-test?endpoint=http://127.0.0.1:%s&region=us-east-1&path_style=true\n' \
    "$S3PORT" "$S3PORT" > "$WORK/s3.log"
else
  S3_PROC="'$S3BIN' --dir '$WORK/s3' --port $S3PORT"
fi
export S3_START="nohup $S3_PROC >> '$WORK/s3.log' 2>&1 & echo \$! > '$WORK/s3.pid'; \
for i in \$(seq 100); do (echo > /dev/tcp/127.0.0.1/$S3PORT) 2>/dev/null && exit 0; sleep 0.1; done; exit 1"
export S3_STOP="kill \$(cat '$WORK/s3.pid'); while kill -0 \$(cat '$WORK/s3.pid') 2>/dev/null; do sleep 0.05; done"
bash -c "$S3_START"
grep -q '^endpoint=' "$WORK/s3.log"
S3_URL=$(sed -n 's/^storage_url=//p' "$WORK/s3.log" | head -1)
export AWS_ACCESS_KEY_ID=$(sed -n 's/^access_key=//p' "$WORK/s3.log" | head -1)
export AWS_SECRET_ACCESS_KEY=$(sed -n 's/^secret_key=//p' "$WORK/s3.log" | head -1)
export AWS_REGION=us-east-1

# --- crosstalk: migrate + demo, then serve --no-worker and worker ---------------------------------
PORT=$(free_port)
export CROSSTALK_DATA_DIR=$WORK/data CROSSTALK_DATABASE_URL=$DBURL CROSSTALK_STORAGE_URL=$S3_URL
export CROSSTALK_LISTEN=127.0.0.1:$PORT
unset RUST_BACKTRACE RUST_LIB_BACKTRACE
"$BIN" demo > "$WORK/demo.txt" 2> "$WORK/demo.err" || { cat "$WORK/demo.err" >&2; exit 1; }
export COURSE=$(sed -n 's/^Demo course seeded: \([^ ]*\) .*/\1/p' "$WORK/demo.txt")
export PROMPT=$(awk '/^Prompts:/{print $2; exit}' "$WORK/demo.txt")
export TEAM_KEY=$(tail -1 "$WORK/demo.txt")
[ -n "$COURSE" ] && [ -n "$PROMPT" ] || { echo "demo output not understood" >&2; cat "$WORK/demo.txt" >&2; exit 1; }
"$BIN" serve --no-worker > "$WORK/serve.log" 2>&1 &
export SERVE_PID=$!
PIDS+=("$SERVE_PID")
"$BIN" worker > "$WORK/worker.log" 2>&1 &
export WORKER_PID=$!
PIDS+=("$WORKER_PID")
export BASE=http://127.0.0.1:$PORT
for _ in $(seq 600); do curl -fsS -o /dev/null "$BASE/healthz" 2>/dev/null && break; sleep 0.1; done
curl -fsS -o /dev/null "$BASE/healthz"

export DEMO_JSON=$ROOT/fixtures/demo/course.json SETUP_JSON=$WORK/setup.json
export CLIPS="$ROOT/fixtures/media/compliant_720p.mp4 $ROOT/fixtures/media/compliant_720p_quiet_audio.mp4 \
$ROOT/fixtures/media/compliant_720p_late_audio.mp4 $ROOT/fixtures/media/compliant_720p_10s.mp4"
python3 "$ROOT/bench/soak.py" setup > "$SETUP_JSON"

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
echo "soak: DURATION=$DURATION s OUTAGES=$OUTAGES MEMBERS=$MEMBERS, PostgreSQL cluster $PG_CLUSTER (port $PG_PORT, db $DB), S3 ($S3_SERVER) $S3_URL"
echo "$BUILD_NOTE"
echo "started $(date -u +%FT%TZ); load average at start: $LOAD_START ($(nproc) cores)"
python3 "$ROOT/bench/soak.py" run
echo
echo "load average at start: $LOAD_START, at end: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores); ended $(date -u +%FT%TZ)"
echo "$BUILD_NOTE"
for f in serve worker s3; do
  ISSUES=$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/$f.log" | grep -E '^[0-9TZ:.-]+ +(ERROR|WARN) ' || true)
  [ -n "$ISSUES" ] || continue
  echo "$f log: $(echo "$ISSUES" | wc -l) WARN/ERROR lines; most frequent messages:"
  echo "$ISSUES" | sed -E 's/^[0-9TZ:.-]+ +//; s/ (http\.target|http\.user_agent|otel\.kind|request_id|http\.client_ip|http\.scheme|http\.host|http\.flavor)=("[^"]*"|[^ }]*)//g; s/ otel\.name="?[A-Z]+ [^ ]*//' \
    | cut -c1-220 | sort | uniq -c | sort -rn | sed -n 1,6p
done
