"""One real `lw build` (offline, recorded payloads) into a temporary LW_HOME for every analyst test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import lw_env

LW = str(Path(sys.executable).parent / "lw")


def run_build(home: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([LW, "build"], env=lw_env(home), capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """LW_HOME after a good build: warehouse.duckdb, serving.duckdb and report/index.html."""
    home = tmp_path_factory.mktemp("analyst") / "lw"
    proc = run_build(home)
    assert proc.returncode == 0 and "succeeded" in proc.stdout, proc.stdout[-4000:] + proc.stderr[-4000:]
    return home


@pytest.fixture(scope="session")
def serving(built_home: Path) -> Path:
    return built_home / "serving.duckdb"
