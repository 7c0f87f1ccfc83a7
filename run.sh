#!/usr/bin/env bash
# Liquidity Watch: the two commands of the README.
#   bash run.sh up     install everything, materialize every asset (offline by default), serve the UI
#   bash run.sh serve  install everything, serve the UI and run the schedules (dagster-webserver + dagster-daemon)
#   bash run.sh bi     install Apache Superset (.venv-bi) and serve the Liquidity Watch dashboard on :8088
#   bash run.sh test   install everything (with test tools) and run the whole test suite
# Needs only Python 3.11+ and the package registries (PyPI, npm, Debian's packages for the browser test).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
VENV="${LW_VENV:-$ROOT/.venv}"
PY="${PYTHON:-python3}"

install_python() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  if [ ! -x "$VENV/bin/uv" ]; then
    "$VENV/bin/python" -m pip install -q "uv==0.13.9"
  fi
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" -r requirements.lock
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --no-deps -e .
}

install_test_tools() {
  # ganache (local EVM node) and solc-js (offline Solidity compiler) for the chain tests
  if [ -f tests/sources/onchain_reads/package.json ]; then
    (cd tests/sources/onchain_reads && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # Debian packages: headless Chromium for the report test, PostgreSQL for the DuckLake catalog test
  local missing=()
  if [ -f tests/report/needs_chromium ] && ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "run.sh: missing Debian packages (not root, not installing): ${missing[*]}" >&2
    fi
  fi
}

cmd="${1:-up}"; shift || true
case "$cmd" in
  up)
    install_python
    exec "$VENV/bin/lw" up "$@"
    ;;
  build)
    install_python
    exec "$VENV/bin/lw" build "$@"
    ;;
  serve)
    install_python
    exec "$VENV/bin/lw" serve "$@"
    ;;
  bi)
    # Apache Superset in its own venv (.venv-bi), the Liquidity Watch dashboard, served on 127.0.0.1:8088
    install_python
    exec "$VENV/bin/lw" bi "$@"
    ;;
  test)
    install_python
    install_test_tools
    exec "$VENV/bin/python" -m pytest "$@"
    ;;
  *)
    echo "usage: bash run.sh [up|build|serve|bi|test] [args…]" >&2; exit 2 ;;
esac
