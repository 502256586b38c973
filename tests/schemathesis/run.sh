#!/usr/bin/env bash
# API conformance (issue 15): Schemathesis against the served /openapi.yaml of a real
# `crosstalk serve` with the demo course, once per kind of caller (the team's API key, a
# learner's and a facilitator's member tokens, minted through the API), all phases (examples,
# coverage, fuzzing, stateful), each bounded in time. Fails on any 5xx and on any response that
# does not conform to the spec (status code, content type, headers, body schema).
#
# Usage: tests/schemathesis/run.sh
#   CROSSTALK_BIN=path          use this binary instead of building target/debug/crosstalk
#   ST_MAX_TIME=60              seconds per caller
#   ST_SEED=N                   Hypothesis seed (default: random; printed by Schemathesis)
#   KEEP_OUT=1                  keep the data dir, server log and reports
#   CROSSTALK_TEST_DATABASE_URL run on a fresh PostgreSQL database instead of SQLite
# Needs: cargo, python3 (venv), curl, jq. Schemathesis is installed, pinned, into
# ~/.cache/crosstalk/schemathesis-$ST_VERSION the first time.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

ST_VERSION=4.32.5
max_time="${ST_MAX_TIME:-60}"
venv="${XDG_CACHE_HOME:-$HOME/.cache}/crosstalk/schemathesis-$ST_VERSION"
if [ "$("$venv/bin/schemathesis" --version 2>/dev/null)" != "schemathesis, version $ST_VERSION" ]; then
  echo "== pip install schemathesis==$ST_VERSION into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$ST_VERSION"
fi

if [ -z "${CROSSTALK_BIN:-}" ]; then
  echo "== cargo build -p crosstalk-api"
  cargo build -q -p crosstalk-api
  CROSSTALK_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/crosstalk"
fi
[ -x "$CROSSTALK_BIN" ] || { echo "FAIL: no crosstalk binary at $CROSSTALK_BIN" >&2; exit 1; }

out="$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-schemathesis.XXXXXX")"
# shellcheck source=../browser/lib/server.sh
. "$root/tests/browser/lib/server.sh"
cleanup() {
  stop_crosstalk
  if [ "${KEEP_OUT:-0}" = 1 ]; then echo "kept: $out"; else rm -rf "$out"; fi
}
trap cleanup EXIT
cp "$CROSSTALK_BIN" "$out/crosstalk"

# Limits that would otherwise answer 429 to the fuzzer long before it reached the code behind
# them (0 turns a rate limit or quota off); their own tests are api/tests/rate_limits.rs and quotas.rs.
export CROSSTALK_RATE_LIMIT_UPLOADS=0 CROSSTALK_RATE_LIMIT_POSTS=0 CROSSTALK_RATE_LIMIT_REPLIES=0 \
  CROSSTALK_RATE_LIMIT_FLAGS=0 CROSSTALK_RATE_LIMIT_SIGN_IN_LINKS=0 CROSSTALK_RATE_LIMIT_TEAM=0 \
  CROSSTALK_UPLOAD_DAILY_BYTES=0 CROSSTALK_COURSE_STORAGE_BYTES=0 CROSSTALK_UPLOADS_OPEN_PER_MEMBER=1000000
pg=0
[ -n "${CROSSTALK_TEST_DATABASE_URL:-}" ] && pg=1
start_crosstalk "$out/crosstalk" "$out" "$pg"

# Credentials, minted through the API as a team's app would.
api() { curl -fsS -H "Authorization: Bearer $CT_API_KEY" -H 'Content-Type: application/json' "$@"; }
members="$(api "$CT_BASE_URL/v1/courses/$CT_COURSE_ID/members?limit=200")"
learner="$(jq -r '[.items[] | select(.role == "learner")][0].external_id' <<<"$members")"
facilitator="$(jq -r '[.items[] | select(.role == "facilitator")][0].external_id' <<<"$members")"
mint() { api -X POST "$CT_BASE_URL/v1/courses/$CT_COURSE_ID/members/$1/tokens" -d '{"ttl_seconds": 7200}' | jq -r .token; }
learner_token="$(mint "$learner")"
facilitator_token="$(mint "$facilitator")"
[ -n "$learner_token" ] && [ "$learner_token" != null ] && [ -n "$facilitator_token" ] \
  || { echo "FAIL: could not mint member tokens" >&2; exit 1; }

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_headers_conformance,response_schema_conformance
seed=()
[ -n "${ST_SEED:-}" ] && seed=(--seed "$ST_SEED")
failed=()
run_as() {
  local who="$1" credential="$2" rc=0 phases="${3:-examples,coverage,fuzzing,stateful}"
  echo "== schemathesis as $who (${max_time} s, phases $phases)"
  # Excluded: the tus PATCH (appendToUpload). Its body is application/offset+octet-stream, for
  # which Schemathesis has no serializer, and a PATCH only means something at the upload's current
  # offset, which no generated request knows; the tus protocol is tested by real tus clients
  # (api/tests/uploads.rs with tuspy, the browser tests with tus-js-client).
  "$venv/bin/schemathesis" run "$CT_BASE_URL/openapi.yaml" --url "$CT_BASE_URL" \
    -H "Authorization: Bearer $credential" \
    --phases "$phases" --checks "$checks" \
    --exclude-operation-id appendToUpload \
    --max-time "$max_time" --workers 2 --request-timeout 20 "${seed[@]}" \
    --suppress-health-check all --no-color \
    --report junit --report-junit-path "$out/junit-$who.xml" >"$out/st-$who.log" 2>&1 || rc=$?
  sed -n '/SUMMARY/,$p' "$out/st-$who.log"
  # Schemathesis 4.32.5 with Hypothesis 6.170 on Debian's Python 3.11 sometimes crashes inside its
  # own coverage phase ("Runtime Error: AST constructor recursion depth mismatch", a traceback in
  # hypothesis/internal/lambda_sources.py, no request involved). That is not a finding about the
  # API: say so, and run the caller again without the coverage phase rather than lose the run.
  if [ "$rc" != 0 ] && [ "$phases" != examples,fuzzing,stateful ] \
    && grep -q 'Runtime Error' "$out/st-$who.log" && ! grep -q 'FAILURES' "$out/st-$who.log"; then
    echo "NOTE: schemathesis crashed inside its coverage phase as $who (not an API finding; see $out/st-$who.log);" \
      "running again without that phase"
    cp "$out/st-$who.log" "$out/st-$who-crashed.log"
    run_as "$who" "$credential" examples,fuzzing,stateful
    return
  fi
  [ "$rc" = 0 ] || { failed+=("$who"); grep -A30 -m5 'FAILURES' "$out/st-$who.log" || tail -60 "$out/st-$who.log"; }
}
run_as team "$CT_API_KEY"
run_as learner "$learner_token"
run_as facilitator "$facilitator_token"

if grep -q 'panicked\|internal_error' "$CT_SERVER_LOG"; then
  echo "FAIL: the server log has internal errors:" >&2
  grep -m10 'panicked\|internal_error' "$CT_SERVER_LOG" >&2
  failed+=(server-log)
fi
if [ ${#failed[@]} -gt 0 ]; then
  echo "FAIL: schemathesis: ${failed[*]}" >&2
  KEEP_OUT=1
  exit 1
fi
echo "OK: schemathesis found no server error and no non-conforming response"
