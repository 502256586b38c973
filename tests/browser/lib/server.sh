# Sourced by tests/browser/learner.sh and bench/pages.sh: start and stop a real `crosstalk serve`
# with the demo course, on a free port, in a temp data dir (SQLite), or on a fresh PostgreSQL
# database made from CROSSTALK_TEST_DATABASE_URL.
#
#   start_crosstalk BIN OUT_DIR [PG(0|1)] [PROXY(0|1)]
#       exports CT_BASE_URL, CT_API_KEY, CT_COURSE_ID, CT_SERVER_LOG; with PROXY=1 the browser
#       reaches the server through lib/proxy.mjs (a slow uplink on demand, CT_PROXY_CONTROL),
#       which is then the server's public URL and CT_BASE_URL.
#   stop_crosstalk                          stops them and drops the PostgreSQL database

ct_server_pid=""
ct_proxy_pid=""
ct_pg_db=""
ct_lib_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_crosstalk() {
  local bin="$1" out="$2" pg="${3:-0}" proxy="${4:-0}" port public
  export CROSSTALK_DATA_DIR="$out/data"
  if [ "$pg" = 1 ]; then
    [ -n "${CROSSTALK_TEST_DATABASE_URL:-}" ] || { echo "FAIL: PostgreSQL needs CROSSTALK_TEST_DATABASE_URL" >&2; return 1; }
    ct_pg_db="ct_browser_$$_$(date +%s)"
    psql -q "$CROSSTALK_TEST_DATABASE_URL" -c "CREATE DATABASE $ct_pg_db" >/dev/null
    export CROSSTALK_DATABASE_URL="${CROSSTALK_TEST_DATABASE_URL%/*}/$ct_pg_db"
    echo "== PostgreSQL database $ct_pg_db"
  fi
  port=$(free_port)
  public="http://127.0.0.1:$port"
  if [ "$proxy" = 1 ]; then
    local proxy_port control_port
    proxy_port=$(free_port)
    control_port=$(free_port)
    node "$ct_lib_dir/proxy.mjs" "$proxy_port" "$port" "$control_port" >"$out/proxy.log" 2>&1 &
    ct_proxy_pid=$!
    public="http://127.0.0.1:$proxy_port"
    export CT_PROXY_CONTROL="http://127.0.0.1:$control_port"
  fi
  export CROSSTALK_LISTEN="127.0.0.1:$port"
  export CROSSTALK_PUBLIC_URL="$public"

  echo "== crosstalk demo (seed)"
  "$bin" demo >"$out/demo.txt" 2>"$out/demo.err" || { cat "$out/demo.err" >&2; return 1; }
  CT_COURSE_ID=$(sed -n 's/^Demo course seeded: \([^ ]*\).*/\1/p' "$out/demo.txt")
  CT_API_KEY=$(tail -1 "$out/demo.txt")
  if [ -z "$CT_COURSE_ID" ] || [ -z "$CT_API_KEY" ]; then
    echo "FAIL: no course or key in the demo printout" >&2
    cat "$out/demo.txt" >&2
    return 1
  fi

  echo "== crosstalk serve on $CROSSTALK_LISTEN"
  CT_SERVER_LOG="$out/server.log"
  RUST_LOG="${RUST_LOG:-info}" "$bin" serve >"$CT_SERVER_LOG" 2>&1 &
  ct_server_pid=$!
  for _ in $(seq 1 150); do
    curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
    if ! kill -0 "$ct_server_pid" 2>/dev/null; then
      echo "FAIL: the server exited" >&2
      tail -30 "$CT_SERVER_LOG" >&2
      return 1
    fi
    sleep 0.2
  done
  if [ -n "$ct_proxy_pid" ] && ! curl -fs "$public/healthz" >/dev/null 2>&1; then
    echo "FAIL: the proxy does not answer" >&2
    return 1
  fi
  export CT_BASE_URL="$public" CT_API_KEY CT_COURSE_ID CT_SERVER_LOG
}

stop_crosstalk() {
  if [ -n "$ct_proxy_pid" ]; then
    kill "$ct_proxy_pid" 2>/dev/null || true
    wait "$ct_proxy_pid" 2>/dev/null || true
    ct_proxy_pid=""
  fi
  if [ -n "$ct_server_pid" ]; then
    kill "$ct_server_pid" 2>/dev/null || true
    wait "$ct_server_pid" 2>/dev/null || true
    ct_server_pid=""
  fi
  if [ -n "$ct_pg_db" ]; then
    psql -q "$CROSSTALK_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS $ct_pg_db WITH (FORCE)" >/dev/null 2>&1 || true
    ct_pg_db=""
  fi
}
