"""The warehouse target is one setting: the same build on DuckLake with a real PostgreSQL catalog."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from tests.conftest import free_port, lw_env

pytestmark = pytest.mark.slow


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


def test_build_on_ducklake_with_a_postgres_catalog(postgres: str, tmp_path: Path) -> None:
    home = tmp_path / "lw"
    lake = tmp_path / "lake"
    select = ",".join(
        [
            "raw/mof_jgb_yields",
            "staging/stg_mof_jgb_yields",
            "main/jgb_yields",
            "main/jgb_curve_daily",
            "main/jgb_spreads",
            "main/jgb_tenor_records",
            "serving/serving_duckdb",
        ]
    )
    env = lw_env(home, LW_TARGET="ducklake", LW_DUCKLAKE_CATALOG=postgres, LW_DUCKLAKE_DATA_PATH=str(lake))
    proc = subprocess.run(
        [str(Path(sys.executable).parent / "lw"), "build", "--select", select],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert "target=ducklake" in proc.stdout
    assert not (home / "warehouse.duckdb").exists()  # nothing went to the file target
    assert list(lake.rglob("*.parquet")), "DuckLake wrote no Parquet data"
    with duckdb.connect(str(home / "serving.duckdb"), read_only=True) as con:
        assert (
            con.execute("select date, yield_10y from jgb_curve_daily order by date desc limit 1").fetchone()[1] == 2.52
        )
        assert con.execute("select count(*) from raw.mof_jgb_yields").fetchone()[0] > 160_000
