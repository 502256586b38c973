#!/usr/bin/env bash
# tus upload throughput on loopback vs a plain HTTP PUT of the same bytes into the same store
# (DESIGN.md "Tests and measurements": target >= 0.8x throughput). Local store (file://) only.
#
# Contenders, alternated run by run on the same random file (page-cached, so the client's disk
# reads are not measured):
#   tus 1 PATCH      : POST /v1/uploads + one PATCH of the whole file (curl)
#   tus N PATCHes    : POST /v1/uploads + PATCHes of CHUNK_MB each (curl), as a resuming client does
#   PUT (baseline)   : nginx WebDAV PUT of the whole file into DATA/media/baseline/ (curl). nginx
#                      spools the body to a temp file on the same filesystem and renames it into
#                      place -- what crosstalk does with a PATCH, minus auth, database and locking.
#                      Without nginx, a python3 PUT server doing the same (weaker baseline).
#   cat (reference)  : the bytes copied with cat into the store directory, no HTTP at all.
# Each run ends with the bytes on disk (no fsync in any contender); the previous run's output is
# deleted and `sync` runs before each timed transfer so dirty pages do not carry over.
# Reported: median MB/s (MB = 10^6 bytes) and best MB/s over RUNS; ratio = tus / PUT on medians.
#
# Usage: bench/tus_upload.sh        env: SIZE_MB=500 CHUNK_MB=50 RUNS=5 KEEP=0
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SIZE_MB=${SIZE_MB:-500}
CHUNK_MB=${CHUNK_MB:-50}
RUNS=${RUNS:-5}
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET_DIR/release/crosstalk

if [ ! -x "$BIN" ]; then
  echo "building crosstalk (release)..." >&2
  cargo build --release -p crosstalk-api >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-bench-tus.XXXXXX")
DATA=$WORK/data
MEDIA=$DATA/media
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
wait_http() { # url
  for _ in $(seq 200); do curl -fsS -o /dev/null "$1" 2>/dev/null && return 0; sleep 0.05; done
  echo "server at $1 did not come up" >&2; return 1
}

# --- input --------------------------------------------------------------------
BYTES=$((SIZE_MB * 1000 * 1000))
CHUNK=$((CHUNK_MB * 1000 * 1000))
echo "generating $SIZE_MB MB of random bytes..." >&2
mkdir -p "$WORK/in"
head -c "$BYTES" /dev/urandom > "$WORK/in/data.bin"
(cd "$WORK/in" && split -b "$CHUNK" -d -a 3 data.bin chunk.)
cat "$WORK/in"/* > /dev/null # warm the page cache

# --- crosstalk ------------------------------------------------------------------
PORT=$(free_port)
"$BIN" demo --data-dir "$DATA" > "$WORK/demo.txt" 2> "$WORK/demo.err"
TOKEN=$(awk '/\(learner\): /{print $3; exit}' "$WORK/demo.txt")
[ -n "$TOKEN" ] || { echo "no member token in demo output" >&2; cat "$WORK/demo.txt" >&2; exit 1; }
CROSSTALK_UPLOAD_MAX_BYTES=$((BYTES * 2)) "$BIN" serve --data-dir "$DATA" --listen "127.0.0.1:$PORT" --no-worker \
  > "$WORK/server.log" 2>&1 &
SRV=$!
PIDS+=("$SRV")
BASE=http://127.0.0.1:$PORT
wait_http "$BASE/healthz"

TUS=(-H "Tus-Resumable: 1.0.0" -H "Authorization: Bearer $TOKEN")
LAST_UPLOAD=""
create_upload() {
  local loc
  loc=$(curl -fsS -o /dev/null -D - -X POST "${TUS[@]}" -H "Upload-Length: $BYTES" \
    -H "Upload-Metadata: filename $(printf bench.bin | base64)" "$BASE/v1/uploads" \
    | tr -d '\r' | awk 'tolower($1)=="location:"{print $2}')
  [ -n "$loc" ] || { echo "upload creation failed" >&2; return 1; }
  echo "$loc"
}
patch() { # url offset file -> new offset
  curl -fsS -o /dev/null -D - -X PATCH "${TUS[@]}" -H "Expect:" \
    -H "Content-Type: application/offset+octet-stream" -H "Upload-Offset: $2" -T "$3" "$1" \
    | tr -d '\r' | awk 'tolower($1)=="upload-offset:"{print $2}'
}
verify_upload() { # url
  local id=${1##*/} off
  off=$(curl -fsS -o /dev/null -D - -I "${TUS[@]}" "$1" | tr -d '\r' | awk 'tolower($1)=="upload-offset:"{print $2}')
  [ "$off" = "$BYTES" ] || { echo "HEAD says offset $off, want $BYTES" >&2; return 1; }
  cat "$MEDIA/uploads/$id"/* | cmp -s - "$WORK/in/data.bin" || { echo "stored parts differ from the input" >&2; return 1; }
}
drop_upload() { rm -rf "$MEDIA/uploads/${1##*/}"; }

tus_single() {
  local url off
  url=$(create_upload)
  off=$(patch "$url" 0 "$WORK/in/data.bin")
  [ "$off" = "$BYTES" ] || { echo "PATCH ended at $off" >&2; return 1; }
  LAST_UPLOAD=$url
}
tus_chunked() {
  local url off=0 f
  url=$(create_upload)
  for f in "$WORK/in"/chunk.*; do
    off=$(patch "$url" "$off" "$f")
  done
  [ "$off" = "$BYTES" ] || { echo "PATCHes ended at $off" >&2; return 1; }
  LAST_UPLOAD=$url
}

# --- baseline: plain PUT into the same store directory ---------------------------------
PUT_PORT=$(free_port)
mkdir -p "$MEDIA/baseline" "$MEDIA/.put-incoming"
if command -v nginx > /dev/null; then
  BASELINE_NAME="nginx PUT"
  mkdir -p "$WORK/nginx"
  cat > "$WORK/nginx/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 64; }
http {
  access_log off;
  client_body_temp_path $MEDIA/.put-incoming;
  client_max_body_size 0;
  client_body_buffer_size 1m;
  sendfile on;
  server {
    listen 127.0.0.1:$PUT_PORT;
    root $MEDIA;
    location /baseline/ { dav_methods PUT; create_full_put_path on; }
    location = /healthz { return 200; }
  }
}
EOF
  nginx -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" 2> "$WORK/nginx/stderr.log" &
  PIDS+=("$!")
else
  BASELINE_NAME="python PUT"
  cat > "$WORK/put_server.py" <<'EOF'
import http.server, os, sys, uuid
root, port = sys.argv[1], int(sys.argv[2])
class H(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    def log_message(self, *a): pass
    def do_GET(self):
        self.send_response(200); self.send_header("Content-Length", "0"); self.end_headers()
    def do_PUT(self):
        n = int(self.headers["Content-Length"])
        dest = os.path.join(root, self.path.lstrip("/"))
        tmp = os.path.join(root, ".put-incoming", uuid.uuid4().hex)
        with open(tmp, "wb") as f:
            while n > 0:
                b = self.rfile.read(min(n, 1 << 20))
                if not b: break
                f.write(b); n -= len(b)
        os.makedirs(os.path.dirname(dest), exist_ok=True)
        os.rename(tmp, dest)
        self.send_response(201); self.send_header("Content-Length", "0"); self.end_headers()
http.server.ThreadingHTTPServer(("127.0.0.1", port), H).serve_forever()
EOF
  python3 "$WORK/put_server.py" "$MEDIA" "$PUT_PORT" &
  PIDS+=("$!")
fi
PUT_BASE=http://127.0.0.1:$PUT_PORT
wait_http "$PUT_BASE/healthz"

put_plain() {
  curl -fsS -o /dev/null -H "Expect:" -T "$WORK/in/data.bin" "$PUT_BASE/baseline/data.bin"
  cmp -s "$MEDIA/baseline/data.bin" "$WORK/in/data.bin" || { echo "PUT stored different bytes" >&2; return 1; }
}
cat_copy() { cat "$WORK/in/data.bin" > "$MEDIA/baseline/cat.bin"; }

# --- runs -------------------------------------------------------------------------
declare -A SAMPLES
timed() { # name command...
  local name=$1 t0 t1
  shift
  sync
  t0=$(now)
  "$@"
  t1=$(now)
  SAMPLES[$name]+="$(awk -v b="$BYTES" -v a="$t0" -v z="$t1" 'BEGIN{printf "%.1f ", b / 1e6 / (z - a)}')"
}

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
for run in $(seq "$RUNS"); do
  echo "run $run/$RUNS..." >&2
  timed put put_plain
  rm -f "$MEDIA/baseline/data.bin"
  timed tus1 tus_single
  verify_upload "$LAST_UPLOAD"
  drop_upload "$LAST_UPLOAD"
  timed tusN tus_chunked
  verify_upload "$LAST_UPLOAD"
  drop_upload "$LAST_UPLOAD"
  timed cat cat_copy
  rm -f "$MEDIA/baseline/cat.bin"
done
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{ if (NR%2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2 }'; }
best() { tr ' ' '\n' | grep -v '^$' | sort -g | tail -1; }
M_PUT=$(echo "${SAMPLES[put]}" | median)

echo
echo "tus upload throughput, loopback, local store, $SIZE_MB MB random file, $RUNS runs"
echo "load average at start: $LOAD_START, at end: $LOAD_END ($(nproc) cores)"
printf '%-30s %10s %10s %8s   %s\n' "contender" "median MB/s" "best MB/s" "vs PUT" "runs (MB/s)"
row() { # label key
  local m b
  m=$(echo "${SAMPLES[$2]}" | median)
  b=$(echo "${SAMPLES[$2]}" | best)
  printf '%-30s %10s %10s %7sx   %s\n' "$1" "$m" "$b" "$(awk -v a="$m" -v z="$M_PUT" 'BEGIN{printf "%.2f", a / z}')" "${SAMPLES[$2]}"
}
row "$BASELINE_NAME (baseline)" put
row "tus, 1 PATCH" tus1
row "tus, $CHUNK_MB MB PATCHes" tusN
row "cat into store dir (no HTTP)" cat
R1=$(awk -v a="$(echo "${SAMPLES[tus1]}" | median)" -v z="$M_PUT" 'BEGIN{printf "%.2f", a / z}')
RN=$(awk -v a="$(echo "${SAMPLES[tusN]}" | median)" -v z="$M_PUT" 'BEGIN{printf "%.2f", a / z}')
echo "target: tus >= 0.80x of the plain PUT -> 1 PATCH ${R1}x $(awk -v r="$R1" 'BEGIN{print (r >= 0.8) ? "PASS" : "FAIL"}'), $CHUNK_MB MB PATCHes ${RN}x $(awk -v r="$RN" 'BEGIN{print (r >= 0.8) ? "PASS" : "FAIL"}')"
# The log is coloured even into a file: strip ANSI before looking for WARN/ERROR lines.
ISSUES=$(sed 's/\x1b\[[0-9;]*m//g' "$WORK/server.log" | grep -E '^[0-9TZ:.-]+ +(ERROR|WARN) ' || true)
if [ -n "$ISSUES" ]; then
  echo "server log: $(echo "$ISSUES" | wc -l) WARN/ERROR lines; by message:"
  echo "$ISSUES" | sed -E 's/^[0-9TZ:.-]+ +//; s/^(ERROR|WARN) .*\}: ([A-Za-z_:]+: )/\1 \2/' | cut -c1-160 | sort | uniq -c | sort -rn | sed -n 1,5p
fi
