#!/usr/bin/env bash
# Liquidity Watch: the two commands of the README.
#   bash run.sh up     install everything, materialize every asset (offline by default), serve the UI
#   bash run.sh serve  install everything, serve the UI and run the schedules (dagster-webserver + dagster-daemon)
#   bash run.sh bi     install Apache Superset (.venv-bi) and serve the Liquidity Watch dashboard on :8088
#   bash run.sh test   install everything (with test tools), run the linters, then the whole test suite
#   bash run.sh lint   ruff (format + lint), sqlfluff, mypy and the drift check of what is generated from the source declarations
#   bash run.sh bench  every benchmark in one run (~16 min on 2 cores; dlt in .venv-bench), README table re-rendered
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
  # --compile-bytecode: when uv installs anything, site-packages is compiled then rather than on first import
  # (the first `lw build` would pay for it); when nothing changed, uv does nothing.
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --compile-bytecode -r requirements.lock
  "$VENV/bin/uv" pip install -q --python "$VENV/bin/python" --compile-bytecode --no-deps -e .
}

install_test_tools() {
  # ganache (local EVM node) and solc-js (offline Solidity compiler) for the chain tests
  if [ -f tests/sources/onchain_reads/package.json ]; then
    (cd tests/sources/onchain_reads && npm ci --no-audit --no-fund --loglevel=error)
  fi
  # Apache Superset in its own venv (.venv-bi, from bi/requirements-bi.lock) for the dashboard tests: installed
  # here, with everything else, so that no test installs anything
  "$VENV/bin/python" -c "from dagster_project.cli.bi import install, venv_dir; install(venv_dir())"
  # Debian packages: headless Chromium for the report and dashboard tests, with CJK fonts so that the
  # Japanese labels render (not as empty boxes) in their screenshots; PostgreSQL for the DuckLake catalog and
  # `lw serve` tests
  local missing=()
  if ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
  if ! ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1; then missing+=(fonts-noto-cjk); fi
  if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then missing+=(postgresql); fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      echo "run.sh: missing Debian packages (not root, not installing): ${missing[*]}" >&2
    fi
  fi
}

lint() {
  # every finding fails the run: the configurations are in pyproject.toml and .sqlfluff
  "$VENV/bin/ruff" format --check --quiet .
  "$VENV/bin/ruff" check --quiet .
  "$VENV/bin/sqlfluff" lint --disable-progress-bar --nocolor dbt/models dbt/tests dbt/macros
  "$VENV/bin/mypy"
  # no production module over 400 lines: a longer one holds more than one job (tests and benchmarks excepted)
  local long
  long=$(find ingest dagster_project report bi -name '*.py' -exec wc -l {} + | awk '$2 != "total" && $1 > 400')
  if [ -n "$long" ]; then echo "run.sh: modules over 400 lines (split them by meaning):" >&2; echo "$long" >&2; return 1; fi
  "$VENV/bin/python" -m ingest.generate --check
  echo "run.sh: lint clean (ruff, sqlfluff, mypy, module sizes, generated files)"
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
  lint)
    install_python
    lint
    ;;
  test)
    install_python
    install_test_tools
    lint
    # two workers (CI has two cores); a module's tests, or a server-sharing folder's, stay on one (tests/conftest.py)
    exec "$VENV/bin/python" -m pytest -n "${LW_TEST_WORKERS:-2}" "$@"
    ;;
  bench)
    install_python
    # dlt is the yardstick, not a dependency: its own venv, from bench/requirements-bench.txt
    [ -x "$ROOT/.venv-bench/bin/python" ] || "$VENV/bin/uv" venv -q --python "$VENV/bin/python" "$ROOT/.venv-bench"
    "$VENV/bin/uv" pip install -q --python "$ROOT/.venv-bench/bin/python" --compile-bytecode -r bench/requirements-bench.txt
    exec "$VENV/bin/python" bench/run.py --dlt-python "$ROOT/.venv-bench/bin/python" "$@"
    ;;
  *)
    echo "usage: bash run.sh [up|build|serve|bi|lint|test|bench] [args…]" >&2; exit 2 ;;
esac
