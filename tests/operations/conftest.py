"""Helpers for the operations tests: a private copy of the built home, and `lw` as a background process."""

from __future__ import annotations

import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import LW, lw_env


@pytest.fixture
def home_copy(built_home: Path, tmp_path: Path) -> Path:
    """A copy of the session's built LW_HOME (warehouse, serving copy, Dagster instance) to kill builds in."""
    home = tmp_path / "lw"
    shutil.copytree(built_home, home, symlinks=True)
    return home


def start_lw(home: Path, out: Path, *args: str, **env: str) -> subprocess.Popen[bytes]:
    """`lw …` in its own process group, SIGINT at its default (a background job starts with it ignored)."""
    with out.open("wb") as sink:
        return subprocess.Popen(
            [LW, *args], env=lw_env(home, **env), stdout=sink, stderr=subprocess.STDOUT, start_new_session=True,
            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
        )


def wait_for(predicate: Callable[[], bool], timeout_s: float, what: str, log: Path | None = None) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.2)
    tail = f":\n{log.read_text()[-3000:]}" if log else ""
    raise AssertionError(f"timed out after {timeout_s}s waiting for {what}{tail}")
