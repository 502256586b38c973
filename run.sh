#!/usr/bin/env bash
# Crosstalk developer entry point.
#   ./run.sh demo   install missing system packages, then serve on embedded defaults with demo data
#   ./run.sh test   install missing system packages, then run every test
#                   (SQLite; PostgreSQL too when CROSSTALK_TEST_DATABASE_URL is set)
#   ./run.sh deps   only install missing system packages
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(pkg-config clang libclang-dev libavcodec-dev libavformat-dev libavfilter-dev libavutil-dev
          libswscale-dev libswresample-dev ffmpeg python3 python3-pip python3-venv jq)

deps() {
  local missing=()
  for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing system packages: ${missing[*]}" >&2
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # tuspy: the real tus client the upload tests drive.
  if ! python3 -c "import tusclient" 2>/dev/null; then
    echo "installing the tuspy tus client (pip)" >&2
    python3 -m pip install --quiet --user tuspy 2>/dev/null \
      || python3 -m pip install --quiet --user --break-system-packages tuspy 2>/dev/null \
      || python3 -m pip install --quiet tuspy
  fi
}

case "${1:-}" in
  deps) deps ;;
  demo)
    deps
    cargo build --release -p crosstalk-api
    exec ./target/release/crosstalk serve --demo "${@:2}"
    ;;
  test)
    deps
    cargo test --workspace "${@:2}"
    ;;
  *)
    echo "usage: ./run.sh demo|test|deps" >&2
    exit 64
    ;;
esac
