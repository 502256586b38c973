#!/usr/bin/env bash
# Thread listing, moderation queue and facilitator console at scale (issues 5 and 12 "Measure"):
# with 1,000,000 posts, 100,000 flags and 50,000 members seeded in PostgreSQL,
#   GET /v1/prompts/{prompt_id}/posts?limit=20            as a learner, a facilitator, the team
#   GET /v1/courses/{course_id}/moderation/queue?limit=20  as a facilitator, the team, and filtered
#                                                          by cohort_id, prompt_id and reason
#   GET /console/courses/{course_id}           (overview)  as a facilitator of 50 cohorts (page)
#   GET /console/courses/{course_id}/queue     (queue)     the same facilitators (page)
# Targets: server p95 < 10 ms for the listings and the queue's reason filter, < 20 ms for the
# console pages, with the query plans using indexes, and CPU per thread or queue listing (API +
# PostgreSQL) < 2.5 ms. Prints the seeding time.
#
# Baseline (the house rule: ours beside a named baseline in one run): BASELINE_BIN=path of a
# release `crosstalk` built from the code before the change (e.g. main). Both servers run on the
# same database at once and every series runs on both, back to back (alternating which goes
# first); the table shows ours beside the baseline. The baseline binary is started while the
# migrations it does not know (their versions are not in its binary) are hidden from
# seaql_migrations, so it does not refuse to start; they are put back before ours starts.
#
# Steps: database $DB on the local PostgreSQL (fresh, or REUSE=1 to keep an already seeded one
# from an earlier KEEP=1 run); `crosstalk migrate`; `crosstalk demo` (a team and its API key);
# bench/exchange_seed.sql bulk-seeds a second course of that team (timed); `crosstalk serve
# --no-worker` (release); member tokens minted through the API for learner-0 (cohort 0, the
# busiest cohort), fac-0 (cohorts 0..49, the busiest ones) and fac-900 (cohorts 4500..4549, quiet
# ones); console sessions from sign-in links minted through the API and followed (the
# `ct_session` cookie); one request per series with `log_min_duration_statement = 0` on $DB to
# capture the statements each build runs, each distinct SELECT of ours then run under EXPLAIN
# (ANALYZE, BUFFERS) with the logged parameters (bench/out/exchange_plans.txt); servers
# restarted without statement logging; per series and build WARMUP then N sequential keep-alive
# requests (bench/exchange_load.py).
#
# What is measured, per request:
#   server = the `Server-Timing: app;dur=<ms>` response header, set by the API's outermost
#            middleware: from the request reaching the application (headers parsed by actix) to
#            the response being ready (authentication, every SQL round trip, JSON serialized).
#            It leaves out the socket read/write and the client. p50/p95/p99 of these values.
#   client = round trip seen by a Python http.client on loopback (request written -> body read):
#            server time + HTTP parsing + loopback + Python; an upper bound of the server time.
#   CPU    = utime+stime of the server process and of the PostgreSQL backends of $DB
#            (/proc/<pid>/stat) before and after the N requests, divided by N: what a request
#            costs whatever the load (the p95 of a shared, busy machine is mostly its load).
# The load average is printed at the start, before the timed runs, per series and at the end.
#
# Usage: [BASELINE_BIN=/path/to/crosstalk] bench/exchange_listing.sh
#   env: PGURL=postgres://postgres:postgres@127.0.0.1/postgres DB=ct_bench N=500 WARMUP=50
#        MEMBERS=50000 FACS=1000 POSTS=1000000 FLAGS=100000 PROMPTS=5 KEEP=0 (KEEP=1 keeps the db)
#        REUSE=0 (1: reuse a kept, seeded $DB) ONLY= (a regex: run only the matching series)
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
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
BIN=${BIN:-$TARGET_DIR/release/crosstalk}
BASELINE_BIN=${BASELINE_BIN:-}
OUT=$ROOT/bench/out
mkdir -p "$OUT"

if [ ! -x "$BIN" ]; then
  echo "building crosstalk (release)..." >&2
  cargo build --release -p crosstalk-api >&2
fi
if [ -n "$BASELINE_BIN" ] && [ ! -x "$BASELINE_BIN" ]; then
  echo "BASELINE_BIN=$BASELINE_BIN is not an executable" >&2; exit 2
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-bench-xl.XXXXXX")
SRV=
BSRV=
stop_servers() {
  for p in $SRV $BSRV; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  SRV=; BSRV=
}
cleanup() {
  stop_servers
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

export CROSSTALK_DATABASE_URL=$DBURL
COURSE=crs_$(printf '%032x' 0xbe1)
KEYFILE=$OUT/$DB.team_key
seeded() { [ "$(psql -X -At "$DBURL" -c "SELECT count(*) FROM courses WHERE id = '$COURSE'" 2>/dev/null)" = 1 ]; }
if [ "${REUSE:-0}" = 1 ] && [ -s "$KEYFILE" ] && seeded; then
  echo "reusing the seeded database $DB" >&2
  "$BIN" migrate --data-dir "$WORK/data" >&2
  TEAM_KEY=$(cat "$KEYFILE")
  SEED_S="(reused)"
else
  psql -X -q "$PGURL" -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" >/dev/null
  "$BIN" migrate --data-dir "$WORK/data" >&2
  "$BIN" demo --data-dir "$WORK/data" > "$WORK/demo.txt" 2> "$WORK/demo.err"
  TEAM_KEY=$(tail -n 1 "$WORK/demo.txt")
  echo "$TEAM_KEY" > "$KEYFILE"
  TEAM_ID=$(psql -X -At "$DBURL" -c "SELECT team_id FROM courses LIMIT 1")
  echo "seeding $MEMBERS members, $POSTS posts, $FLAGS flags into $COURSE..." >&2
  T0=$(date +%s.%N)
  psql -X -q "$DBURL" -v team="$TEAM_ID" -v course="$COURSE" -v members="$MEMBERS" -v facs="$FACS" \
    -v posts="$POSTS" -v flags="$FLAGS" -v prompts="$PROMPTS" -f bench/exchange_seed.sql > "$OUT/exchange_seed.log" 2>&1 || { tail -n 20 "$OUT/exchange_seed.log" >&2; exit 1; }
  T1=$(date +%s.%N)
  SEED_S=$(awk -v a="$T0" -v b="$T1" 'BEGIN{printf "%.1f s", b - a}')
  echo "seeded in $SEED_S (steps: bench/out/exchange_seed.log)" >&2
fi
psql -X -At "$DBURL" -F' ' -c "SELECT 'posts', count(*) FROM posts" -c "SELECT 'flags', count(*), count(*) FILTER (WHERE status='open') FROM flags" \
  -c "SELECT 'members', count(*), count(*) FILTER (WHERE role='facilitator') FROM members WHERE course_id='$COURSE'" \
  -c "SELECT 'queued (pending/visible/hidden)', count(*) FROM posts WHERE queued_at IS NOT NULL AND state IN ('pending','visible','hidden')" \
  -c "SELECT 'db size', pg_size_pretty(pg_database_size('$DB'))" | tee "$OUT/exchange_counts.txt" >&2

# The migrations the baseline binary does not know (their version string is not in it).
HIDDEN=
if [ -n "$BASELINE_BIN" ]; then
  for v in $(psql -X -At "$DBURL" -c "SELECT version FROM seaql_migrations"); do
    grep -qaF "$v" "$BASELINE_BIN" || HIDDEN="$HIDDEN $v"
  done
  [ -z "$HIDDEN" ] || echo "migrations unknown to the baseline (hidden while it starts):$HIDDEN" >&2
fi

PORT=
BPORT=
wait_up() {
  for _ in $(seq 1 150); do
    curl -fsS "http://127.0.0.1:$1/healthz" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  echo "server did not start:" >&2; cat "$2" >&2; exit 1
}
start_servers() {
  if [ -n "$BASELINE_BIN" ]; then
    BPORT=$(free_port)
    local list=""
    for v in $HIDDEN; do list="$list${list:+,}'$v'"; done
    if [ -n "$list" ]; then
      psql -X -q "$DBURL" -c "CREATE TABLE IF NOT EXISTS bench_hidden_migrations AS SELECT * FROM seaql_migrations WITH NO DATA" \
        -c "INSERT INTO bench_hidden_migrations SELECT * FROM seaql_migrations WHERE version IN ($list)" \
        -c "DELETE FROM seaql_migrations WHERE version IN ($list)"
    fi
    "$BASELINE_BIN" serve --no-worker --listen "127.0.0.1:$BPORT" --data-dir "$WORK/base-data" > "$WORK/base-serve.log" 2>&1 &
    BSRV=$!
    wait_up "$BPORT" "$WORK/base-serve.log"
    if [ -n "$list" ]; then
      psql -X -q "$DBURL" -c "INSERT INTO seaql_migrations SELECT * FROM bench_hidden_migrations" \
        -c "DROP TABLE bench_hidden_migrations"
    fi
  fi
  PORT=$(free_port)
  "$BIN" serve --no-worker --listen "127.0.0.1:$PORT" --data-dir "$WORK/data" > "$WORK/serve.log" 2>&1 &
  SRV=$!
  wait_up "$PORT" "$WORK/serve.log"
}
BASE() { echo "http://127.0.0.1:$PORT"; }

start_servers
mint() {
  curl -fsS -X POST -H "Authorization: Bearer $TEAM_KEY" -H 'Content-Type: application/json' -d '{}' \
    "$(BASE)/v1/courses/$COURSE/members/$1/tokens" | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])'
}
# A console session: a sign-in link minted through the API, followed like a browser would.
session() {
  local link jar=$WORK/cookies-$1
  link=$(curl -fsS -X POST -H "Authorization: Bearer $TEAM_KEY" -H 'Content-Type: application/json' -d '{}' \
    "$(BASE)/v1/courses/$COURSE/members/$1/sign-in-links" | python3 -c 'import json,sys; print(json.load(sys.stdin)["url"])')
  curl -fsS -o /dev/null -c "$jar" "http://127.0.0.1:$PORT/${link#*://*/}"
  awk '$6 == "ct_session" {print $6 "=" $7}' "$jar"
}
LEARNER_TOKEN=$(mint learner-0)
FAC_TOKEN=$(mint fac-0)
# fac-900: cohorts 4500..4549, among the quietest (the planner's worst case when a query walks
# the prompt's or the course's whole activity order and filters on cohorts)
QUIET_FAC=${QUIET_FAC:-fac-$((FACS * 9 / 10))}
QUIET_TOKEN=$(mint "$QUIET_FAC")
FAC_COOKIE=$(session fac-0)
QUIET_COOKIE=$(session "$QUIET_FAC")
[ -n "$FAC_COOKIE" ] && [ -n "$QUIET_COOKIE" ] || { echo "a sign-in link set no ct_session cookie" >&2; exit 1; }
PROMPT=prm_$(printf '%032x' 0)
LIST="/v1/prompts/$PROMPT/posts?limit=20"
QUEUE="/v1/courses/$COURSE/moderation/queue?limit=20"
CONSOLE="/console/courses/$COURSE"
SERIES=(
  "threads/learner:$LEARNER_TOKEN:$LIST"
  "threads/facilitator:$FAC_TOKEN:$LIST"
  "threads/quiet-facilitator:$QUIET_TOKEN:$LIST"
  "threads/team:$TEAM_KEY:$LIST"
  "queue/facilitator:$FAC_TOKEN:$QUEUE"
  "queue/quiet-facilitator:$QUIET_TOKEN:$QUEUE"
  "queue/team:$TEAM_KEY:$QUEUE"
  "queue-reason/team:$TEAM_KEY:$QUEUE&reason=spam"
  "queue-reason/facilitator:$FAC_TOKEN:$QUEUE&reason=spam"
  "console-overview/facilitator:$FAC_COOKIE:$CONSOLE"
  "console-overview/quiet-facilitator:$QUIET_COOKIE:$CONSOLE"
  "console-queue/facilitator:$FAC_COOKIE:$CONSOLE/queue"
  "console-queue/quiet-facilitator:$QUIET_COOKIE:$CONSOLE/queue"
  "console-queue-reason/facilitator:$FAC_COOKIE:$CONSOLE/queue?reason=spam"
  # the queue's other filters (not targets; measured so a slow one shows)
  "queue-cohort/facilitator:$FAC_TOKEN:$QUEUE&cohort_id=coh_$(printf '%032x' 0)"
  "queue-prompt/team:$TEAM_KEY:$QUEUE&prompt_id=$PROMPT"
)
if [ -n "${ONLY:-}" ]; then
  KEEP_SERIES=()
  for s in "${SERIES[@]}"; do [[ ${s%%:*} =~ $ONLY ]] && KEEP_SERIES+=("$s"); done
  SERIES=("${KEEP_SERIES[@]}")
fi

# statement capture: new pool connections pick up the database setting
capture() { # label base
  local off
  python3 bench/exchange_load.py once "$2" "${SERIES[@]}"
  off=$(stat -c %s "$PGLOG")
  for s in "${SERIES[@]}"; do
    psql -X -q "$DBURL" -c "SELECT 'bench-marker ${s%%:*}'" >/dev/null
    python3 bench/exchange_load.py once "$2" "$s"
  done
  sleep 0.5
  echo "$off"
}
stop_servers
psql -X -q "$PGURL" -c "ALTER DATABASE $DB SET log_min_duration_statement = 0"
start_servers
LOG_OFF=$(capture ours "$(BASE)")
LOG_END=$(stat -c %s "$PGLOG") # ours' statements end here: the baseline's warm-up comes next
if [ -n "$BASELINE_BIN" ]; then
  LOG_BOFF=$(capture baseline "http://127.0.0.1:$BPORT")
fi
stop_servers
psql -X -q "$PGURL" -c "ALTER DATABASE $DB RESET log_min_duration_statement"
if [ -n "$BASELINE_BIN" ]; then
  echo "baseline: statements per request (bench/out/exchange_plans_baseline.txt):"
  head -c "$LOG_END" "$PGLOG" > "$WORK/pglog-ours"
  EXPLAIN=0 python3 bench/exchange_load.py plans "$PGLOG" "$LOG_BOFF" "$DBURL" /dev/null | tee "$OUT/exchange_plans_baseline.txt"
  echo "ours: EXPLAIN (ANALYZE, BUFFERS) of the SELECTs the API ran (full plans: bench/out/exchange_plans.txt):"
  python3 bench/exchange_load.py plans "$WORK/pglog-ours" "$LOG_OFF" "$DBURL" "$OUT/exchange_plans.txt" | tee "$OUT/exchange_plans_summary.txt"
else
  echo "EXPLAIN (ANALYZE, BUFFERS) of the SELECTs the API ran (full plans: bench/out/exchange_plans.txt):"
  python3 bench/exchange_load.py plans "$PGLOG" "$LOG_OFF" "$DBURL" "$OUT/exchange_plans.txt" | tee "$OUT/exchange_plans_summary.txt"
fi

start_servers
LOAD_RUN=$(load)
echo "timed runs: WARMUP=$WARMUP then N=$N sequential requests per series and build (load average $LOAD_RUN)" >&2
SERVERS="ours=$(BASE)@$SRV"
[ -z "$BASELINE_BIN" ] || SERVERS="$SERVERS baseline=http://127.0.0.1:$BPORT@$BSRV"
SERVERS=$SERVERS DBURL=$DBURL python3 bench/exchange_load.py series "$OUT/exchange_listing.json" "${SERIES[@]}"
LOAD_END=$(load)
stop_servers

python3 - "$OUT/exchange_listing.json" "$SEED_S" "$LOAD_START" "$LOAD_RUN" "$LOAD_END" "$N" "$BASELINE_BIN" <<'EOF' | tee "$OUT/exchange_listing.txt"
import json, sys
rows = json.load(open(sys.argv[1]))
# (server p95 target ms, CPU/request target ms) per endpoint; None: not a target
TARGETS = {"threads": (10, 2.5), "queue": (10, 2.5), "queue-reason": (10, None),
           "console-overview": (20, None), "console-queue": (20, None), "console-queue-reason": (20, None)}
PATHS = {"threads": "GET /v1/prompts/{id}/posts", "queue": "GET /v1/courses/{id}/moderation/queue",
         "console-overview": "GET /console/courses/{id}", "console-queue": "GET /console/courses/{id}/queue"}
def path(ep):
    base, _, filt = ep.partition("-")
    if ep.startswith("console-"):
        base, _, filt = ep[len("console-"):].partition("-")
        p = PATHS["console-" + base]
    else:
        p = PATHS[base]
    if filt:
        p += "?" + filt + ("_id" if filt in ("cohort", "prompt") else "") + "=…"
    return p
def cpu(r):
    return r.get("cpu_api_ms", float("nan")) + r.get("cpu_pg_ms", float("nan"))
print(f"seeding (1 course: members, cohorts, prompts, posts+videos, flags, indexes, VACUUM ANALYZE): {sys.argv[2]}")
print(f"load average: start {sys.argv[3]} | timed runs start {sys.argv[4]} | end {sys.argv[5]}  (2 cores, shared)")
print(f"{sys.argv[6]} sequential keep-alive requests per row, limit=20; times in ms; server = Server-Timing "
      "app;dur (request in the app -> response ready); CPU = per request, API process + PostgreSQL backends")
if sys.argv[7]:
    print(f"baseline: {sys.argv[7]}")
print()
ours = [r for r in rows if r.get("build", "ours") == "ours"]
base = {r["name"]: r for r in rows if r.get("build") == "baseline"}
hb = " | baseline p50 | baseline p95 | baseline CPU api+pg" if base else ""
print(f"| endpoint | caller | items | load | server p50 | server p95 | server p99 | client p95 | CPU/req api+pg{hb} | target | result |")
print("|---|---|---|---|---|---|---|---|---|" + ("---|---|---|" if base else "") + "---|---|")
for r in ours:
    ep, caller = r["name"].split("/")
    t = TARGETS.get(ep)
    if t:
        ok = r["srv_p95"] < t[0] and (t[1] is None or cpu(r) < t[1])
        target = f"p95 < {t[0]} ms" + (f", CPU < {t[1]} ms" if t[1] else "")
        result = "PASS" if ok else "FAIL"
    else:
        target, result = "(not a target)", ("under 10 ms" if r["srv_p95"] < 10 else "over 10 ms")
    b = base.get(r["name"])
    bcols = ""
    if base:
        bcols = (f" | {b['srv_p50']:.3f} | {b['srv_p95']:.3f} | {b.get('cpu_api_ms', float('nan')):.2f}+"
                 f"{b.get('cpu_pg_ms', float('nan')):.2f}") if b else " | - | - | -"
    print(f"| {path(ep)} | {caller} | {r['items']} | {r['load']:.2f} | {r['srv_p50']:.3f} | {r['srv_p95']:.3f} | "
          f"{r['srv_p99']:.3f} | {r['p95']:.2f} | {r.get('cpu_api_ms', float('nan')):.2f}+"
          f"{r.get('cpu_pg_ms', float('nan')):.2f}{bcols} | {target} | {result} |")
EOF
