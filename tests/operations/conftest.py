"""Helpers for the operations tests: a private copy of the built home, `lw` as a background process, its group."""

from __future__ import annotations

import os
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
            [LW, *args],
            env=lw_env(home, **env),
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
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


def group_pids(pgid: int) -> set[int]:
    """Every live (non-zombie) process whose process group is ``pgid``, from /proc."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state, _ppid, group = (entry / "stat").read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, ValueError):
            continue
        if int(group) == pgid and state != "Z":
            found.add(int(entry.name))
    return found


def stop_and_time(proc: subprocess.Popen[bytes], sig: int, timeout_s: float, whole_group: bool) -> float:
    """Seconds from ``sig`` until no process of ``proc``'s group is left; kills the group and fails past ``timeout_s``.

    Ctrl-C signals the whole foreground group; ``kill PID`` (or systemd with ``KillMode=mixed``) only ``lw``,
    which must then end everything it started by itself.
    """
    pgid = proc.pid
    sent = time.monotonic()
    if whole_group:
        os.killpg(pgid, sig)
    else:
        proc.send_signal(sig)
    while group_pids(pgid) and time.monotonic() - sent < timeout_s:
        time.sleep(0.1)
    elapsed = time.monotonic() - sent
    left = group_pids(pgid)
    if left:
        names = {p: Path(f"/proc/{p}/cmdline").read_bytes().replace(b"\0", b" ")[:120] for p in left}
        os.killpg(pgid, signal.SIGKILL)
        name = signal.Signals(sig).name
        raise AssertionError(f"{len(left)} processes still running {timeout_s}s after {name}: {names}")
    proc.wait(timeout=5)
    return elapsed
