"""Fixtures every test area shares: real recorded payloads, a throw-away LW_HOME, loopback servers."""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from ingest.settings import REPO_ROOT, Settings

RECORDED = REPO_ROOT / "recorded"


def pytest_configure(config: pytest.Config) -> None:
    """Dagster's definitions read dbt's manifest at import: build it once, as `lw` does (fresh clones have none)."""
    from dagster_project.dbt_project import prepare_manifest

    prepare_manifest()


# Folders whose tests share a session fixture that starts a server (Superset, the EVM node): under xdist
# (run.sh test runs two workers), each folder's tests run on one worker, so the server starts once.
SHARED_SERVER_FOLDERS = ("tests/bi", "tests/sources/onchain_reads")


@pytest.hookimpl(optionalhook=True)  # without xdist (-p no:xdist) the hook is simply not called
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """xdist's module-by-module scheduling (module fixtures set up once), a SHARED_SERVER_FOLDERS folder as one unit.

    (xdist's ``xdist_group`` mark does not reach its scheduler under pytest 9.2, which no longer keeps
    a node id the mark can be appended to; a scheduler's ``_split_scope`` is xdist's way to group.)
    """
    from xdist.scheduler import LoadScopeScheduling

    class ModuleOrServerFolder(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module = nodeid.split("::", 1)[0]
            folder = module.rpartition("/")[0]
            return folder if folder in SHARED_SERVER_FOLDERS else module

    return ModuleOrServerFolder(config, log)


YIELDS = RECORDED / "mof_jgb_yields"
YIELDS_FILE = "jgbcme_all_to_2026-06-30.csv"
OLD_ROW, NEW_ROW = b"2026/6/30,1.165,", b"2026/6/30,1.166,"  # MoF's 1-year yield on 2026-06-30, moved 0.1 bp
# dbt models built on MoF's yields, and some that are not: what a change to that one source must and must not rebuild
YIELDS_DOWNSTREAM = {"stg_mof_jgb_yields", "jgb_yields", "jgb_curve_daily", "jgb_spreads", "jgb_tenor_records"}
NOT_YIELDS = {"stg_cpi", "cpi_monthly", "stg_mof_debt", "government_debt", "stablecoin_supply_daily"}


def change_one_yield(recorded: Path) -> None:
    """In a copy of ``recorded/``: MoF's yields history says 1.166 instead of 1.165 once (its sha256 fixed too)."""
    path = recorded / "mof_jgb_yields" / YIELDS_FILE
    data = path.read_bytes()
    assert data.count(OLD_ROW) == 1
    data = data.replace(OLD_ROW, NEW_ROW)
    path.write_bytes(data)
    manifest_path = recorded / "mof_jgb_yields" / "manifest.yaml"
    entries = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))
    (entry,) = [e for e in entries if e["file"] == YIELDS_FILE]
    entry["sha256"] = hashlib.sha256(data).hexdigest()
    manifest_path.write_text(yaml.safe_dump(entries, sort_keys=False, allow_unicode=True), encoding="utf-8")


@pytest.fixture(scope="session")
def httpserver_listen_address() -> tuple[str, int]:
    """pytest-httpserver binds loopback only, on a free port."""
    return ("127.0.0.1", 0)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """A fresh LW_HOME under the test's tmp dir, offline, DuckDB file target."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LW_")}
    env.update({"LW_HOME": str(tmp_path / "lw"), "LW_MODE": "offline"})
    return Settings.from_env(env)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def copy_repo(dest: Path) -> Path:
    """The tracked files of the repository copied to ``dest``, with dbt's manifest (a throwaway checkout)."""
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=REPO_ROOT, capture_output=True, check=True).stdout
    for rel in filter(None, tracked.decode().split("\0")):
        src = REPO_ROOT / rel
        if src.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, dest / rel)
    from dagster_project.dbt_project import dbt_project

    target = dest / "dbt" / "target"
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(dbt_project.manifest_path, target / "manifest.json")
    return dest


def lw_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment for a `lw` subprocess: the test's LW_HOME, offline, nothing inherited from LW_*."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LW_", "DAGSTER_"))}
    env.update({"LW_HOME": str(home), "LW_MODE": "offline", **extra})
    return env


def stop_process_group(proc: subprocess.Popen, grace_s: float = 15) -> None:  # type: ignore[type-arg]
    """End a server started with start_new_session=True, children included (dagster dev, ganache)."""
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=grace_s)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


LW = str(Path(sys.executable).parent / "lw")


def run_build(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """`lw build` as a user runs it, into ``home``, offline."""
    return subprocess.run([LW, "build", *args], env=lw_env(home, **env), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LW_HOME after one good offline build (warehouse, serving copy, report), shared by the slow tests.

    Tests that build again into it rely on builds being idempotent, which test_end_to_end checks.
    """
    home = tmp_path_factory.mktemp("built") / "lw"
    proc = run_build(home)
    assert proc.returncode == 0 and "succeeded" in proc.stdout, proc.stdout[-4000:] + proc.stderr[-4000:]
    return home


@pytest.fixture(scope="session")
def serving(built_home: Path) -> Path:
    """The serving copy BI tools read, from the shared built home."""
    return built_home / "serving.duckdb"


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}")) or [shutil.which(name) or ""]
    if not found[-1]:
        pytest.fail(f"PostgreSQL's {name} is not installed (run.sh test installs the Debian package 'postgresql')")
    return found[-1]


def as_postgres(cmd: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root; CI runs as root."""
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture
def postgres(tmp_path: Path) -> Iterator[str]:
    base = Path(f"/tmp/lw-pg-{os.getpid()}-{time.monotonic_ns()}")
    data, sock = base / "data", base / "sock"
    sock.mkdir(parents=True)
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
    port = free_port()
    subprocess.run(
        as_postgres([pg_bin("initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"]),
        check=True,
        capture_output=True,
    )
    subprocess.run(
        as_postgres(
            [
                pg_bin("pg_ctl"),
                "-D",
                str(data),
                "-w",
                "-l",
                str(base / "log"),
                "-o",
                f"-h 127.0.0.1 -p {port} -k {sock}",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        subprocess.run(
            as_postgres([pg_bin("createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "lw"]),
            check=True,
            capture_output=True,
        )
        yield f"postgres:dbname=lw host=127.0.0.1 port={port} user=postgres"
    finally:
        subprocess.run(as_postgres([pg_bin("pg_ctl"), "-D", str(data), "-m", "fast", "stop"]), capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres: str) -> str:
    """The same server as a SQLAlchemy URL (what LW_DAGSTER_POSTGRES_URL takes).

    ``+psycopg2``: dagster-postgres installs psycopg2, while SQLAlchemy 2.1 maps a bare ``postgresql://`` to psycopg 3.
    """
    fields = dict(part.split("=", 1) for part in postgres.removeprefix("postgres:").split())
    return f"postgresql+psycopg2://{fields['user']}@{fields['host']}:{fields['port']}/{fields['dbname']}"


def dbt_build(home: Path, *select: str) -> subprocess.CompletedProcess[str]:
    """`dbt build` of the selected models on ``home``'s warehouse, as a dbt user runs it (cautious selection)."""
    from dagster_project.dbt_project import DBT_DIR, DBT_EXECUTABLE

    target = home / "dbt-target"
    return subprocess.run(
        [
            DBT_EXECUTABLE,
            "build",
            "--project-dir",
            ".",
            "--profiles-dir",
            ".",
            "--target-path",
            str(target),
            "--log-path",
            str(target / "logs"),
            "--indirect-selection",
            "cautious",
            "--select",
            *select,
        ],
        cwd=DBT_DIR,
        env=lw_env(home),
        capture_output=True,
        text=True,
        timeout=300,
    )


# Debian's Chromium (run.sh installs it) for the browser tests: Playwright downloads no browser here.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
