#!/usr/bin/env bash
# LTI 1.3 in headless Chromium (issue 13): a real platform (PyPI lti1p3platform, lib/lti_platform.py)
# on http://localhost:PORT frames the tool (the real `crosstalk serve`, demo data, SQLite or --pg)
# on http://127.0.0.1, a different site, so the tool's cookies in the frame are third-party and
# dropped; tests/browser/lti.mjs launches instructors and learners through it.
#
# Usage: tests/browser/lti.sh [--pg]
#   CROSSTALK_BIN=path   use this binary instead of building target/debug/crosstalk
#   LTI_VENV=dir         where the platform's Python venv lives (default target/lti-venv)
# Needs python3-venv and PyPI (lti1p3platform and its dependencies are installed into the venv).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
pg=0
[ "${1:-}" = --pg ] && pg=1

export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"
if [ -z "${CROSSTALK_BIN:-}" ]; then
  echo "== cargo build -p crosstalk-api"
  cargo build -q -p crosstalk-api
  CROSSTALK_BIN="${CARGO_TARGET_DIR:-$root/target}/debug/crosstalk"
fi
[ -x "$CROSSTALK_BIN" ] || { echo "FAIL: no crosstalk binary at $CROSSTALK_BIN" >&2; exit 1; }
if [ ! -f "$here/node_modules/@axe-core/playwright/package.json" ] \
  || [ "$here/package-lock.json" -nt "$here/node_modules/.package-lock.json" ]; then
  (cd "$here" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error)
fi

venv="${LTI_VENV:-${CARGO_TARGET_DIR:-$root/target}/lti-venv}"
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import lti1p3platform' 2>/dev/null; then
  echo "== python venv with lti1p3platform ($venv)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'lti1p3platform==0.1.8' cryptography
fi

out="$(mktemp -d "${TMPDIR:-/tmp}/crosstalk-lti.XXXXXX")"
# shellcheck source=lib/server.sh
. "$here/lib/server.sh"
platform_pid=""
cleanup() {
  [ -z "$platform_pid" ] || { kill "$platform_pid" 2>/dev/null || true; wait "$platform_pid" 2>/dev/null || true; }
  stop_crosstalk
  if [ "${KEEP_OUT:-0}" = 1 ]; then echo "kept: $out"; else rm -rf "$out"; fi
}
trap cleanup EXIT
cp "$CROSSTALK_BIN" "$out/crosstalk"

pport=$(free_port)
# The tool may be framed by the platform, and may call a platform on this machine over http.
export CROSSTALK_FRAME_ANCESTORS="'self' http://localhost:$pport"
export CROSSTALK_WEBHOOK_ALLOW_PRIVATE=true
start_crosstalk "$out/crosstalk" "$out" "$pg" 0

echo "== LTI platform (lti1p3platform) on http://localhost:$pport"
"$venv/bin/python" "$here/lib/lti_platform.py" "$pport" "$CT_BASE_URL" >"$out/platform.out" 2>"$out/platform.log" &
platform_pid=$!
for _ in $(seq 1 100); do
  grep -q '"ready"' "$out/platform.out" 2>/dev/null && break
  kill -0 "$platform_pid" 2>/dev/null || { cat "$out/platform.log" >&2; exit 1; }
  sleep 0.1
done
read_field() { python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])" <"$out/platform.out"; }
export CT_LTI_PLATFORM="http://localhost:$pport" CT_LTI_PLATFORM_API="http://127.0.0.1:$pport"
export CT_LTI_CLIENT_ID="$(read_field client_id)" CT_LTI_DEPLOYMENT="$(read_field deployment_id)"
# lib/app.mjs wants the fake-media variables; these tests record nothing.
export CT_FAKE_CAMERA=/dev/null CT_FAKE_MIC=/dev/null

rc=0
timeout "${LTI_TIMEOUT:-300}" node --test --test-concurrency=1 --test-reporter=spec "$here/lti.mjs" || rc=$?
if [ "$rc" != 0 ]; then
  echo "--- platform log (tail)" >&2; tail -30 "$out/platform.log" >&2
  echo "--- server log (LTI lines)" >&2; grep -i "lti" "$CT_SERVER_LOG" | tail -30 >&2 || true
  exit "$rc"
fi
