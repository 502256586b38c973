#!/usr/bin/env bash
# Headless-Chromium checks: issue 3's `crosstalk transcode` turns every good fixture in
# fixtures/media into an MP4 that loads, plays and is upright in Chromium, with posters; then
# issue 11's learner pages (learner.sh), on SQLite, and the main path on PostgreSQL when
# CROSSTALK_TEST_DATABASE_URL is set; the facilitator console; LTI launches in a platform's iframe.
#
# Usage: tests/browser/run.sh
#   CROSSTALK_BIN=path   use this binary instead of building target/debug/crosstalk
#   CHROMIUM=path        browser to drive (default /usr/bin/chromium, Debian's package)
#   KEEP_OUT=1           keep the transcoded clips (path printed at the end)
# Needs: cargo, node 20 + npm (npm ci of playwright-core; no browser download). Installs
# Debian's chromium with apt-get when it is missing and we are root.
# Exits non-zero on any failure.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
start=$(date +%s)

fixtures="$root/fixtures/media"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

# 1. The binary.
if [ -z "${CROSSTALK_BIN:-}" ]; then
  echo "== cargo build -p crosstalk-api"
  cargo build -q -p crosstalk-api
  CROSSTALK_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/crosstalk"
fi
[ -x "$CROSSTALK_BIN" ] || { echo "FAIL: no crosstalk binary at $CROSSTALK_BIN" >&2; exit 1; }

# 2. The browser and the driver.
if [ ! -x "$CHROMIUM" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "== apt-get install chromium"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq chromium >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null && apt-get install -y -qq chromium >/dev/null; }
  fi
  [ -x "$CHROMIUM" ] || { echo "FAIL: no Chromium at $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
fi
if [ ! -f "$here/node_modules/playwright-core/package.json" ] \
  || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  echo "== npm ci (playwright-core only; no browser download)"
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

# 3. Transcode every good fixture.
out="$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-browser.XXXXXX")"
if [ "${KEEP_OUT:-0}" = 1 ]; then
  trap 'echo "kept: $out"' EXIT
else
  trap 'rm -rf "$out"' EXIT
fi
echo "== crosstalk transcode (good fixtures) -> $out"
failed=0
for f in "$fixtures"/*; do
  name="$(basename "$f")"
  case "$name" in bad_* | README.md | make.sh | mp4edit.py | .*) continue ;; esac
  mkdir -p "$out/$name"
  t0=$(date +%s%N)
  rc=0
  "$CROSSTALK_BIN" transcode "$f" --out "$out/$name" --json >"$out/$name/result.json" 2>"$out/$name/stderr.txt" || rc=$?
  t1=$(date +%s%N)
  status="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).status)' \
    "$out/$name/result.json" 2>/dev/null || echo '?')"
  printf '  %-34s exit %d, %s, %d ms\n' "$name" "$rc" "$status" $(( (t1 - t0) / 1000000 ))
  if [ "$rc" != 0 ] || [ "$status" != ready ]; then
    echo "FAIL: $name: crosstalk transcode exit $rc, status $status" >&2
    sed 's/^/    /' "$out/$name/stderr.txt" "$out/$name/result.json" >&2 || true
    failed=1
  fi
done

# 4. Play every result in headless Chromium (even if a transcode failed: report everything).
echo "== headless Chromium playback"
rc=0
node "$here/playback.mjs" "$out" "$fixtures" || rc=$?
if [ "$failed" != 0 ] || [ "$rc" != 0 ]; then
  echo "FAIL: browser playback check failed" >&2
  exit 1
fi

# 5. The learner pages (issue 11): every scenario on SQLite, the main path also on PostgreSQL.
echo "== learner pages (SQLite)"
CROSSTALK_BIN="$CROSSTALK_BIN" "$here/learner.sh"
if [ -n "${CROSSTALK_TEST_DATABASE_URL:-}" ]; then
  echo "== learner pages, main path (PostgreSQL)"
  CROSSTALK_BIN="$CROSSTALK_BIN" "$here/learner.sh" --pg "$here/learner/exchange.test.mjs"
fi
# 6. The facilitator console (issue 12): sign in, play the pending answer, approve by keyboard;
#    hide a reported reply, whose author reads the statement on "my posts". Both databases.
echo "== facilitator console (SQLite)"
CROSSTALK_BIN="$CROSSTALK_BIN" "$here/learner.sh" "$here/console.mjs"
if [ -n "${CROSSTALK_TEST_DATABASE_URL:-}" ]; then
  echo "== facilitator console (PostgreSQL)"
  CROSSTALK_BIN="$CROSSTALK_BIN" "$here/learner.sh" --pg "$here/console.mjs"
fi
# 7. LTI 1.3 in a platform's iframe whose cookies the browser drops (issue 13): a platform built
#    on PyPI's lti1p3platform; platform storage, deep linking and the new-tab session. Both databases.
echo "== LTI launches in a platform's iframe (SQLite)"
CROSSTALK_BIN="$CROSSTALK_BIN" "$here/lti.sh"
if [ -n "${CROSSTALK_TEST_DATABASE_URL:-}" ]; then
  echo "== LTI launches in a platform's iframe (PostgreSQL)"
  CROSSTALK_BIN="$CROSSTALK_BIN" "$here/lti.sh" --pg
fi
echo "== tests/browser/run.sh took $(( $(date +%s) - start )) s"
