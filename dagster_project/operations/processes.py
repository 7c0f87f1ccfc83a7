"""Processes by pid, from /proc (Linux): is one alive, which are its descendants, end a tree for sure.

``lw`` must stop everything it started (dbt, the webserver, the daemon and their code servers) and
must tell a live run from a dead one by its recorded pid; both need no more than this.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path


def alive(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a killed child not yet reaped is dead for us)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state != "Z"


def ends_with_us(pid: int) -> bool:
    """Python's multiprocessing resource tracker: it ignores SIGINT and SIGTERM by design and exits by itself
    once the process that started it is gone, so ending it would only cost a stop the grace period."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False
    return b"multiprocessing.resource_tracker" in cmdline


def _parents() -> dict[int, int]:
    out: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                out[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
    return out


def descendants(pid: int) -> list[int]:
    """Every process below ``pid`` (children first), at this instant."""
    parents = _parents()
    found: list[int] = []
    frontier = [pid]
    while frontier:
        current = frontier.pop()
        kids = [p for p, pp in parents.items() if pp == current]
        found += kids
        frontier += kids
    return found


def end_tree(pids: list[int], grace_s: float, sig: int = signal.SIGTERM) -> list[int]:
    """Send ``sig`` to ``pids`` and their descendants, wait up to ``grace_s``, SIGKILL what is left.

    Descendants are collected before and while waiting, so a grandchild orphaned when its parent exits
    first is still ended. Returns the pids that had to be killed.
    """
    tree = set(pids)
    for pid in pids:
        tree.update(descendants(pid))
    for pid in tree:
        _signal(pid, sig)
    deadline = time.monotonic() + grace_s
    while time.monotonic() < deadline:
        for pid in list(tree):
            if alive(pid):
                tree.update(descendants(pid))
        if not any(alive(p) for p in tree):
            return []
        time.sleep(0.2)
    killed = [p for p in tree if alive(p)]
    for pid in killed:
        _signal(pid, signal.SIGKILL)
    return killed


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)
