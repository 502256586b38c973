#!/usr/bin/env bash
# Thread listing and moderation queue at scale (issue 5 "Measure"): with 1,000,000 posts,
# 100,000 flags and 50,000 members seeded in PostgreSQL, p95 of
#   GET /v1/prompts/{prompt_id}/posts?limit=20            as a learner, a facilitator, the team
#   GET /v1/courses/{course_id}/moderation/queue?limit=20  as a facilitator, the team
# and, beside the target, the queue filtered by cohort_id, prompt_id and reason.
# must be under 10 ms server-side, with the query plans using indexes. Prints the seeding time.
#
# Steps: fresh database $DB on the local PostgreSQL; `crosstalk migrate`; `crosstalk demo` (a
# team and its API key); bench/exchange_seed.sql bulk-seeds a second course of that team (timed);
# `crosstalk serve --no-worker` (release); member tokens minted through the API for learner-0
# (cohort 0, the busiest cohort), fac-0 (cohorts 0..49, the busiest ones) and fac-900 (cohorts
# 4500..4549, quiet ones); one request per
# series with `log_min_duration_statement = 0` on $DB to capture the statements the API runs,
# each distinct SELECT then run under EXPLAIN (ANALYZE, BUFFERS) with the logged parameters
# (bench/out/exchange_plans.txt); server restarted without statement logging; per series WARMUP
# then N sequential keep-alive requests (bench/exchange_load.py).
#
# What is measured, per request:
#   server = the `Server-Timing: app;dur=<ms>` response header, set by the API's outermost
#            middleware: from the request reaching the application (headers parsed by actix) to
#            the response being ready (authentication, every SQL round trip, JSON serialized).
#            It leaves out the socket read/write and the client. p50/p95/p99 of these values.
#   client = round trip seen by a Python http.client on loopback (request written -> body read):
#            server time + HTTP parsing + loopback + Python; an upper bound of the server time.
# Also per series: CPU per request of the API process and of the PostgreSQL backends
# (/proc utime+stime), and the crosstalk_http_request_duration_seconds histogram bucket holding
# p95 (a coarse cross-check of the header). PASS = server-side p95 < 10 ms (the target).
#
# Usage: bench/exchange_listing.sh
#   env: PGURL=postgres://postgres:postgres@127.0.0.1/postgres DB=ct_bench N=500 WARMUP=50
#        MEMBERS=50000 FACS=1000 POSTS=1000000 FLAGS=100000 PROMPTS=5 KEEP=0 (KEEP=1 keeps the db)
#        PGLOG=/var/log/postgresql/postgresql-15-main.log
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PGURL=${PGURL:-postgres://postgres:postgres@127.0.0.1/postgres}
DB=${DB:-ct_bench}
DBURL=${PGURL%/*}/$DB
PGLOG=${PGLOG:-/var/log/postgresql/postgresql-15-main.log}
MEMBERS=${MEMBERS:-50000}
FACS=${FACS:-1000}
POSTS=${POSTS:-1000000}
FLAGS=${FLAGS:-100000}
PROMPTS=${PROMPTS:-5}
export N=${N:-500} WARMUP=${WARMUP:-50}
TARGET_MS=10
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=$TARGET_DIR/release/crosstalk
OUT=$ROOT/bench/out
mkdir -p "$OUT"

if [ ! -x "$BIN" ]; then
  echo "building crosstalk (release)..." >&2
  cargo build --release -p crosstalk-api >&2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-bench-xl.XXXXXX")
DATA=$WORK/data
SRV=
stop_server() {
  if [ -n "$SRV" ]; then kill "$SRV" 2>/dev/null || true; wait "$SRV" 2>/dev/null || true; SRV=; fi
}
cleanup() {
  stop_server
  psql -X -q "$PGURL" -c "ALTER DATABASE $DB RESET log_min_duration_statement" >/dev/null 2>&1 || true
  if [ "${KEEP:-0}" = 1 ]; then
    echo "kept database $DB and $WORK" >&2
  else
    psql -X -q "$PGURL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
LOAD_START=$(load)
echo "load average at start: $LOAD_START" >&2

psql -X -q "$PGURL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
export CROSSTALK_DATABASE_URL=$DBURL
"$BIN" migrate --data-dir "$DATA" >&2
"$BIN" demo --data-dir "$DATA" > "$WORK/demo.txt" 2> "$WORK/demo.err"
TEAM_KEY=$(tail -n 1 "$WORK/demo.txt")
TEAM_ID=$(psql -X -At "$DBURL" -c "SELECT team_id FROM courses LIMIT 1")
COURSE=crs_$(printf '%032x' 0xbe1)

echo "seeding $MEMBERS members, $POSTS posts, $FLAGS flags into $COURSE..." >&2
T0=$(date +%s.%N)
psql -X -q "$DBURL" -v team="$TEAM_ID" -v course="$COURSE" -v members="$MEMBERS" -v facs="$FACS" \
  -v posts="$POSTS" -v flags="$FLAGS" -v prompts="$PROMPTS" -f bench/exchange_seed.sql > "$OUT/exchange_seed.log" 2>&1 || { tail -n 20 "$OUT/exchange_seed.log" >&2; exit 1; }
T1=$(date +%s.%N)
SEED_S=$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f", b - a}')
echo "seeded in $SEED_S s (steps: bench/out/exchange_seed.log)" >&2
psql -X -At "$DBURL" -F' ' -c "SELECT 'posts', count(*) FROM posts" -c "SELECT 'flags', count(*), count(*) FILTER (WHERE status='open') FROM flags" \
  -c "SELECT 'members', count(*), count(*) FILTER (WHERE role='facilitator') FROM members WHERE course_id='$COURSE'" \
  -c "SELECT 'queued (pending/visible/hidden)', count(*) FROM posts WHERE queued_at IS NOT NULL AND state IN ('pending','visible','hidden')" \
  -c "SELECT 'db size', pg_size_pretty(pg_database_size('$DB'))" | tee "$OUT/exchange_counts.txt" >&2

PORT=
start_server() {
  PORT=$(free_port)
  "$BIN" serve --no-worker --listen "127.0.0.1:$PORT" --data-dir "$DATA" > "$WORK/serve.log" 2>&1 &
  SRV=$!
  for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start:" >&2; cat "$WORK/serve.log" >&2; exit 1
}
BASE() { echo "http://127.0.0.1:$PORT"; }

start_server
mint() {
  curl -fsS -X POST -H "Authorization: Bearer $TEAM_KEY" -H 'Content-Type: application/json' -d '{}' \
    "$(BASE)/v1/courses/$COURSE/members/$1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
LEARNER_TOKEN=$(mint learner-0)
FAC_TOKEN=$(mint fac-0)
# fac-900: cohorts 4500..4549, among the quietest (the planner's worst case when a query walks
# the prompt's or the course's whole activity order and filters on cohorts)
QUIET_FAC=${QUIET_FAC:-fac-$((FACS * 9 / 10))}
QUIET_TOKEN=$(mint "$QUIET_FAC")
PROMPT=prm_$(printf '%032x' 0)
LIST="/v1/prompts/$PROMPT/posts?limit=20"
QUEUE="/v1/courses/$COURSE/moderation/queue?limit=20"
SERIES=(
  "threads/learner:$LEARNER_TOKEN:$LIST"
  "threads/facilitator:$FAC_TOKEN:$LIST"
  "threads/quiet-facilitator:$QUIET_TOKEN:$LIST"
  "threads/team:$TEAM_KEY:$LIST"
  "queue/facilitator:$FAC_TOKEN:$QUEUE"
  "queue/quiet-facilitator:$QUIET_TOKEN:$QUEUE"
  "queue/team:$TEAM_KEY:$QUEUE"
  # the queue's filters (not part of the issue's target; measured so a slow one shows)
  "queue-cohort/facilitator:$FAC_TOKEN:$QUEUE&cohort_id=coh_$(printf '%032x' 0)"
  "queue-prompt/team:$TEAM_KEY:$QUEUE&prompt_id=$PROMPT"
  "queue-reason/team:$TEAM_KEY:$QUEUE&reason=spam"
  "queue-reason/facilitator:$FAC_TOKEN:$QUEUE&reason=spam"
)

# statement capture: new pool connections pick up the database setting
stop_server
psql -X -q "$PGURL" -c "ALTER DATABASE $DB SET log_min_duration_statement = 0"
start_server
python3 bench/exchange_load.py once "$(BASE)" "${SERIES[@]}"
LOG_OFF=$(stat -c %s "$PGLOG")
for s in "${SERIES[@]}"; do
  psql -X -q "$DBURL" -c "SELECT 'bench-marker ${s%%:*}'" >/dev/null
  python3 bench/exchange_load.py once "$(BASE)" "$s"
done
sleep 0.5
stop_server
psql -X -q "$PGURL" -c "ALTER DATABASE $DB RESET log_min_duration_statement"
echo "EXPLAIN (ANALYZE, BUFFERS) of the SELECTs the API ran (full plans: bench/out/exchange_plans.txt):"
python3 bench/exchange_load.py plans "$PGLOG" "$LOG_OFF" "$DBURL" "$OUT/exchange_plans.txt" | tee "$OUT/exchange_plans_summary.txt"

start_server
LOAD_RUN=$(load)
echo "timed runs: WARMUP=$WARMUP then N=$N sequential requests per series (load average $LOAD_RUN)" >&2
SRV_PID=$SRV DBURL=$DBURL python3 bench/exchange_load.py series "$(BASE)" "$OUT/exchange_listing.json" "${SERIES[@]}"
LOAD_END=$(load)
stop_server

python3 - "$OUT/exchange_listing.json" "$TARGET_MS" "$SEED_S" "$LOAD_START" "$LOAD_RUN" "$LOAD_END" "$N" <<'EOF' | tee "$OUT/exchange_listing.txt"
import json, sys
rows = json.load(open(sys.argv[1])); target = float(sys.argv[2])
def le(v):
    return "-" if v is None else ("+Inf" if v == float("inf") else f"<={v*1000:g}")
print(f"seeding (1 course: members, cohorts, prompts, posts+videos, flags, indexes, VACUUM ANALYZE): {sys.argv[3]} s")
print(f"load average: start {sys.argv[4]} | timed runs start {sys.argv[5]} | end {sys.argv[6]}  (2 cores, shared)")
print(f"{sys.argv[7]} sequential keep-alive requests per row, limit=20; times in ms; server = Server-Timing "
      "app;dur (request in the app -> response ready); client = loopback round trip from Python")
print()
print("| endpoint | caller | items | server p50 | server p95 | server p99 | client p50 | client p95 | client p99 "
      "| histogram p95 | CPU/req api+pg | target (server p95) | result |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in rows:
    ep, caller = r["name"].split("/")
    path = "GET /v1/prompts/{id}/posts" if ep == "threads" else "GET /v1/courses/{id}/moderation/queue"
    if "-" in ep:
        path += "?" + ep.split("-", 1)[1] + ("_id" if ep.split("-", 1)[1] in ("cohort", "prompt") else "") + "=…"
    ok = "PASS" if r["srv_p95"] < target else "FAIL"
    if "-" in ep:  # a filtered queue: measured beside the target, not part of it
        ok = "(not a target) " + ("under" if r["srv_p95"] < target else "over")
    print(f"| {path} | {caller} | {r['items']} | {r['srv_p50']:.3f} | {r['srv_p95']:.3f} | {r['srv_p99']:.3f} | "
          f"{r['p50']:.2f} | {r['p95']:.2f} | {r['p99']:.2f} | {le(r['srv_p95_le'])} | "
          f"{r.get('cpu_api_ms', float('nan')):.2f}+{r.get('cpu_pg_ms', float('nan')):.2f} | < {target:g} ms | {ok} |")
EOF
